#!/usr/bin/env node
/**
 * Bundles the Electron main process and the preload script with esbuild into dist/electron/:
 *
 *   dist/electron/main/index.js      ESM (package.json has "type": "module"), Node platform.
 *                                    electron, better-sqlite3-multiple-ciphers and node-hid stay external: the
 *                                    first is the runtime itself, the others are native modules
 *                                    that electron-builder rebuilds and unpacks from the asar.
 *                                    Plain-JS packages (@peculiar/x509 with tsyringe and its
 *                                    reflect-metadata polyfill, for the SITHS certificate choice in
 *                                    electron/main/siths.ts) are bundled; siths.ts imports the
 *                                    polyfill before the library, so it is evaluated first.
 *   dist/electron/preload/index.cjs  CommonJS: a sandboxed preload is not loaded by Node's module
 *                                    system and cannot use ESM or require anything but
 *                                    `electron` (and a few polyfilled built-ins).
 *
 * Usage: node scripts/build-electron.mjs [--minify]
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Modules the main bundle imports at run time instead of containing them. */
// pdf-to-printer stays a package of its own: it finds SumatraPDF.exe beside its bundle.js (in
// app.asar.unpacked, electron-builder.yml), which esbuild could not carry along.
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3-multiple-ciphers', 'node-hid', '@pokusew/pcsclite', 'pdf-to-printer'];

/**
 * Bundled CommonJS code that calls `require` needs a real one in an ES module; esbuild's shim
 * otherwise throws "Dynamic require of … is not supported".
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __buffertCreateRequire } from 'node:module';\nconst require = __buffertCreateRequire(import.meta.url);";

/**
 * @param {{ root?: string, outDir?: string, minify?: boolean, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ mainFile: string, preloadFile: string, metafiles: { main: import('esbuild').Metafile, preload: import('esbuild').Metafile } }>}
 */
export async function buildElectron(options = {}) {
  const root = options.root ?? ROOT;
  const outDir = options.outDir ?? path.join(root, 'dist', 'electron');
  const mainFile = path.join(outDir, 'main', 'index.js');
  const preloadFile = path.join(outDir, 'preload', 'index.cjs');
  /** @type {import('esbuild').BuildOptions} */
  const common = {
    absWorkingDir: root,
    bundle: true,
    sourcemap: true,
    minify: options.minify ?? false,
    metafile: true,
    logLevel: options.logLevel ?? 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
    legalComments: 'none',
  };
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'electron', 'main', 'index.ts')],
      outfile: mainFile,
      platform: 'node',
      format: 'esm',
      // Electron 41 ships Node 24; node22 keeps the output valid for any supported Electron.
      target: 'node22',
      external: MAIN_EXTERNALS,
      banner: { js: ESM_REQUIRE_BANNER },
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron', 'preload', 'index.ts')],
      outfile: preloadFile,
      // Browser platform: a Node built-in sneaking into the preload fails the build.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome120',
      external: ['electron'],
    }),
  ]);
  return { mainFile, preloadFile, metafiles: { main: main.metafile, preload: preload.metafile } };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const started = Date.now();
  try {
    const { mainFile, preloadFile } = await buildElectron({ minify: process.argv.includes('--minify') });
    console.log(
      `Electron-paketen byggda på ${Date.now() - started} ms: ${path.relative(ROOT, mainFile)}, ${path.relative(ROOT, preloadFile)}`,
    );
  } catch (error) {
    // esbuild has already printed the errors with file and line.
    console.error(`Bygget av Electron-paketen misslyckades: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(1);
  }
}
