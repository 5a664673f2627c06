import { execFileSync } from 'node:child_process';
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
 * Modes of the data directory and its files (docs/decisions/0016-encrypted-replica.md): only the
 * workstation's own account may list the directory or read a file in it. POSIX: 0700 / 0600.
 * Windows: the directory's ACL is replaced (inheritance removed) by full control for the user,
 * SYSTEM and Administrators, inherited by every file and folder in it — so a data directory IT
 * points elsewhere (`BUFFERT_DATA_DIR`, e.g. on C:\) is no more open than the user's profile.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Runs a Windows command (icacls, whoami); replaced in tests, which cannot run Windows. */
export type CommandRunner = (file: string, args: readonly string[]) => string;
const run: CommandRunner = (file, args) => execFileSync(file, [...args], { encoding: 'utf8', windowsHide: true });

/** The current Windows user's SID, from `whoami /user /fo csv /nh` ("domain\\user","S-1-5-21-…"). */
export function windowsUserSid(runner: CommandRunner = run): string {
  const out = runner('whoami', ['/user', '/fo', 'csv', '/nh']);
  const sid = /"(S-1-[0-9-]+)"/.exec(out)?.[1];
  if (!sid) throw new Error('Kunde inte läsa Windows-användarens SID (whoami /user).');
  return sid;
}

/** The icacls arguments that give only the user, SYSTEM and Administrators access to `dir`. */
export function windowsAclArgs(dir: string, userSid: string): string[] {
  const full = '(OI)(CI)F';
  return [dir, '/inheritance:r', '/grant:r', `*${userSid}:${full}`, `*S-1-5-18:${full}`, `*S-1-5-32-544:${full}`, '/T', '/C', '/Q'];
}

/** Makes `file` readable and writable by its owner only (POSIX; on Windows the directory's ACL is inherited). */
export function restrictFile(file: string): void {
  if (process.platform === 'win32') return;
  fs.chmodSync(file, DATA_FILE_MODE);
}

/**
 * Creates the data directory 0700 (or tightens an existing one) and every file directly in it to
 * 0600: the replica, its -wal and -shm, the high-water mark, the key file and the settings, also
 * ones written by a build before this. Folders inside (a check left by a crash) get 0700. On
 * Windows, the ACL above.
 */
export function secureDataDir(dir: string, platform: NodeJS.Platform = process.platform, runner: CommandRunner = run): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (platform === 'win32') {
    runner('icacls', windowsAclArgs(dir, windowsUserSid(runner)));
    return;
  }
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
