import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the replica lives when `BUFFERT_DATA_DIR` is not set: the same per-user directory that
 * Electron's `app.getPath('userData')` gives for the app name "Buffert", so the web host and the
 * desktop app open the same replica on one machine.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Buffert');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Buffert');
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), 'Buffert');
}

/**
 * POSIX modes of the data directory and its files (docs/decisions/0016-encrypted-replica.md):
 * only the workstation's own account may list the directory or read a file in it. On Windows
 * the per-user profile folder's inherited ACL (the user, SYSTEM, Administrators) does this, and
 * chmod could only toggle the read-only flag, so nothing is changed there.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Makes `file` readable and writable by its owner only (POSIX; a no-op on Windows). */
export function restrictFile(file: string): void {
  if (process.platform === 'win32') return;
  fs.chmodSync(file, DATA_FILE_MODE);
}

/**
 * Creates the data directory 0700 (or tightens an existing one) and every file directly in it to
 * 0600: the replica, its -wal and -shm, the high-water mark, the key file and the settings, also
 * ones written by a build before this. Folders inside (a check left by a crash) get 0700.
 */
export function secureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (process.platform === 'win32') return;
  fs.chmodSync(dir, DATA_DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) fs.chmodSync(full, DATA_FILE_MODE);
    else if (entry.isDirectory()) fs.chmodSync(full, DATA_DIR_MODE);
  }
}

/** The process's file-creation mask for the hosts: new files 0600, new folders 0700 (POSIX). */
export function restrictNewFiles(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}
