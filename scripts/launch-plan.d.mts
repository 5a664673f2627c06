export declare const MESSAGES: { electronMissing: string; noDisplay: string; forcedWeb: string; usage: string };

export interface StartArgs {
  forceWeb: boolean;
  build: boolean;
  rebuild: boolean;
  download: boolean;
  help: boolean;
  port: string | null;
  passThrough: string[];
}
export declare function parseStartArgs(argv: string[]): StartArgs;
export declare function hasDisplay(env: Record<string, string | undefined>, platform: string): boolean;
export type LaunchMode = { mode: 'electron'; binary: string } | { mode: 'web'; reason: string };
export declare function chooseLaunchMode(facts: { forceWeb: boolean; electronBinary: string | null; display: boolean }): LaunchMode;
export declare function electronArgs(options: { isRoot: boolean; passThrough?: string[] }): string[];
export declare function electronEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
export declare function chromiumArgs(options: { url: string; userDataDir: string; isRoot: boolean }): string[];
export declare function findChromium(env: Record<string, string | undefined>, exists: (file: string) => boolean): string | null;
export declare function findHostUrl(text: string): string | null;
export declare function webHostArgs(options: { port: string | null; passThrough: string[] }): string[];
export declare function shouldDownloadElectron(facts: {
  electronBinary: string | null;
  forceWeb: boolean;
  display: boolean;
  download: boolean;
  env: Record<string, string | undefined>;
}): boolean;
export declare function downloadProbeTarget(env: Record<string, string | undefined>): { host: string; port: number };
