export declare function nativeKey(target: { runtime: 'node' | 'electron'; version: string; platform: string; arch: string }): string;
export declare function ensureNativeBuild(options: {
  binary: string;
  cacheDir: string;
  want: string;
  probe: () => Promise<string | null>;
  rebuild: () => Promise<void>;
}): Promise<'installed' | 'from-cache' | 'rebuilt'>;
