import type { LogLevel, Metafile } from 'esbuild';

export declare const MAIN_EXTERNALS: string[];

export declare function buildElectron(options?: { root?: string; outDir?: string; minify?: boolean; logLevel?: LogLevel }): Promise<{
  mainFile: string;
  preloadFile: string;
  metafiles: { main: Metafile; preload: Metafile };
}>;
