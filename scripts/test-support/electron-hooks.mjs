/**
 * Module resolution hooks for running the bundled main process under plain Node in tests:
 * `electron` resolves to a small fake runtime, and the bundle's other externals resolve from the
 * repository (the bundle itself lives in a temp directory).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = pathToFileURL(path.resolve(here, '..', '..') + path.sep).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: pathToFileURL(path.join(here, 'fake-electron-runtime.mjs')).href, shortCircuit: true };
  if (specifier === 'better-sqlite3-multiple-ciphers' || specifier === 'node-hid' || specifier === 'pdf-to-printer') return next(specifier, { ...context, parentURL: repoRoot });
  return next(specifier, context);
}
