import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from './app';

/**
 * Entry of the Electron main process, bundled to `dist/electron/main/index.js` (ESM) by
 * `scripts/build-electron.mjs`. Paths are relative to the bundle, so the same code runs from the
 * repository (`electron .`) and from the packaged app.asar.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', '..');

runMain({
  rendererIndex: path.join(dist, 'renderer', 'index.html'),
  preloadPath: path.join(dist, 'electron', 'preload', 'index.cjs'),
});
