import type { LogLevel } from 'esbuild';

export declare const CENTRAL_FILES: string[];

export declare class CentralBuildError extends Error {}

export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

export declare function pinProblems(manifest: { dependencies?: Record<string, string> }, rootLock: Lockfile): string[];

export declare function centralLockfile(rootLock: Lockfile, manifest: { name: string; version: string; dependencies: Record<string, string> }): Lockfile;

/** Copies resources/fonts to <outDir>/fonts when the bundle's inputs include electron/backend/documents; the files copied. */
export declare function copyDocumentFonts(root: string, outDir: string, inputs: string[]): string[];

export declare function buildCentral(options?: { root?: string; outDir?: string; logLevel?: LogLevel }): Promise<{
  outDir: string;
  externals: string[];
  inputs: string[];
}>;
