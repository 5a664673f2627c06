import path from 'node:path';
import { fileURLToPath } from 'node:url';
// electron-log's Node entry, as in the web host: the same file; the Electron entry's extras (the
// renderer's IPC log, which the sandboxed page does not use) are not needed (docs/diagnostics-and-backups.md).
import electronLog from 'electron-log/node';
import { diagnosticsOptionsFromEnv } from '../backend/config';
import { configureFileLog } from '../backend/log/logger';
import { runMain } from './app';
import { startUpdates } from './updates';

/**
 * Entry of the Electron main process, bundled to `dist/electron/main/index.js` (ESM) by
 * `scripts/build-electron.mjs`. Paths are relative to the bundle, so the same code runs from the
 * repository (`electron .`) and from the packaged app.asar.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', '..');

const main = runMain({
  rendererIndex: path.join(dist, 'renderer', 'index.html'),
  preloadPath: path.join(dist, 'electron', 'preload', 'index.cjs'),
  // The rotating, redacted log in the data directory (docs/diagnostics-and-backups.md).
  makeLog: (dataDir, env) => {
    const { logDir, logLevel } = diagnosticsOptionsFromEnv(env, dataDir);
    return configureFileLog(electronLog, { dir: logDir, level: logLevel });
  },
});
// Updates from the region's server, installed on a quit with nothing open (decision 0033).
if (main !== null) startUpdates(main);
