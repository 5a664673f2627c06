/**
 * better-sqlite3-multiple-ciphers (the replica's SQLite) is a native module built against one runtime's ABI (NODE_MODULE_VERSION). Plain
 * Node (vitest, the web host, tsx scripts) and Electron need different builds of the same file,
 * node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node. Rebuilding it in place for
 * Electron would break `npm test` afterwards, so both builds are kept in a cache and swapped in:
 * rebuilt once per runtime version, copied after that.
 *
 *   node_modules/.cache/buffert-native/<module>/<key>/better_sqlite3.node   one build per runtime
 *   node_modules/.cache/buffert-native/<module>/state.json         which key is installed (+ hash)
 *
 * The hash guards against someone rebuilding behind our back (`npm rebuild`): when the installed
 * file no longer matches, `probe` says what it is.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {{ runtime: 'node' | 'electron', version: string, platform: string, arch: string }} target
 *   version: NODE_MODULE_VERSION for Node, the Electron version for Electron.
 */
export function nativeKey(target) {
  return `${target.runtime}-${target.version}-${target.platform}-${target.arch}`;
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Copy then rename, so the target is never half-written (and a loaded old file keeps its inode). */
function copyAtomic(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, temp);
  fs.renameSync(temp, to);
}

function readState(cacheDir) {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(cacheDir, 'state.json'), 'utf8'));
    return typeof state?.installed === 'string' && typeof state?.sha256 === 'string' ? state : null;
  } catch {
    return null;
  }
}

function writeState(cacheDir, installed, binary) {
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(path.join(cacheDir, 'state.json'), `${JSON.stringify({ installed, sha256: sha256(binary) }, null, 2)}\n`);
}

/**
 * Makes `binary` the build for `want`.
 * @param {{
 *   binary: string,
 *   cacheDir: string,
 *   want: string,
 *   probe: () => Promise<string | null>,
 *   rebuild: () => Promise<void>,
 * }} options
 *   probe: which key the installed file is, when the state file does not know (null: unknown).
 *   rebuild: builds `binary` in place for `want` (only called when no cached build exists).
 * @returns {Promise<'installed' | 'from-cache' | 'rebuilt'>}
 */
export async function ensureNativeBuild(options) {
  const { binary, cacheDir, want } = options;
  const state = readState(cacheDir);
  const present = fs.existsSync(binary);
  let installed = present && state !== null && state.sha256 === sha256(binary) ? state.installed : null;
  if (installed === null && present) installed = await options.probe();

  if (installed === want) {
    writeState(cacheDir, want, binary);
    return 'installed';
  }
  // Keep the build that is there now for the way back (e.g. Node's, for the tests).
  if (installed !== null && present) copyAtomic(binary, path.join(cacheDir, installed, path.basename(binary)));

  const cached = path.join(cacheDir, want, path.basename(binary));
  if (fs.existsSync(cached)) {
    copyAtomic(cached, binary);
    writeState(cacheDir, want, binary);
    return 'from-cache';
  }
  await options.rebuild();
  if (!fs.existsSync(binary)) throw new Error(`the rebuild left no ${binary}`);
  copyAtomic(binary, cached);
  writeState(cacheDir, want, binary);
  return 'rebuilt';
}
