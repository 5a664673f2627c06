import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR_MODE, restrictFile } from './data-dir';
import { readHighWater } from './high-water';
import { migrations } from './migrations';
import type { Db } from './replica';
import { connectReplica, type ReplicaKey } from './replica-key';

/**
 * Backups of the replica (issue 13 item 7; docs/decisions/0037-logs-diagnostics-and-backups.md).
 *
 * A backup is `VACUUM INTO` of the open replica: SQLite's online snapshot (one read transaction;
 * in WAL mode the writer is not blocked by other readers), written by SQLite3 Multiple Ciphers with
 * the replica's own cipher and key — better-sqlite3's `db.backup()` refuses here, because it opens
 * the target without a key ("incompatible source and target databases"). The copy is made in a
 * `.tmp` file, switched to rollback journal (so reading it later leaves no -wal/-shm), checked
 * (`quick_check`, schema version, header not plain), fsynced and renamed into place: a backup
 * that is listed is complete. Files 0600, the folder 0700.
 *
 * Restore runs with the replica closed (the host closes the backend): the backup is checked
 * again, copied beside the replica, the current replica (and its -wal/-shm) moved into
 * `backups/replaced-<time>/` — never deleted: it may hold work that reached nobody — and the copy
 * renamed into place. The high-water mark is left alone: the restored replica is older than the
 * mark, so the start-up check (decision 0008) sees it as behind, and the host reopens it with the
 * acceptance of exactly that loss (`acceptLostChanges`), which the replica's audit log records.
 */

export const BACKUP_DIR = 'backups';
export const DEFAULT_BACKUP_KEEP_DAYS = 14;
const PREFIX = 'buffert-';
const SUFFIX = '.sqlite';
const REPLACED_PREFIX = 'replaced-';
const NAME = /^buffert-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.sqlite$/;
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface BackupInfo {
  /** The file name, e.g. `buffert-20261202T031500000Z.sqlite` (the time is UTC). */
  name: string;
  createdAt: string;
  bytes: number;
  schemaVersion: number;
  lastMutationId: number;
}

export class BackupError extends Error {
  constructor(
    readonly code: 'not-found' | 'unreadable' | 'corrupt' | 'too-new' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}

export function backupName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/[-:.]/g, '')}${SUFFIX}`;
}

function createdAtOf(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, DATA_DIR_MODE);
}

/** A rename, or copy and remove when the backup folder is on another disk (EXDEV). */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to);
    fs.rmSync(from);
  }
}

function fsyncPath(file: string): void {
  if (process.platform === 'win32' && fs.statSync(file).isDirectory()) return;
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a backup read-only with the key and says what it holds; throws BackupError. */
export function inspectBackup(file: string, key: ReplicaKey, options: { check?: boolean } = {}): Omit<BackupInfo, 'name' | 'createdAt'> {
  let bytes: number;
  try {
    bytes = fs.statSync(file).size;
  } catch (error) {
    throw new BackupError('not-found', `Säkerhetskopian ${path.basename(file)} finns inte.`, { cause: error });
  }
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.equals(PLAIN_HEADER)) throw new BackupError('corrupt', `Säkerhetskopian ${path.basename(file)} är inte krypterad och används inte.`);
  let db: Db | null = null;
  try {
    db = connectReplica(file, key, { readonly: true, fileMustExist: true });
    if (options.check !== false) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new BackupError('corrupt', `Säkerhetskopian ${path.basename(file)} är skadad (${String(check)}).`);
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > migrations.length) throw new BackupError('too-new', `Säkerhetskopian ${path.basename(file)} är från en nyare version av Buffert.`);
    if (schemaVersion < 1) throw new BackupError('corrupt', `Säkerhetskopian ${path.basename(file)} är ingen Buffert-databas.`);
    const hasSyncState = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sync_state'").get() !== undefined;
    const lastMutationId = hasSyncState ? ((db.prepare('SELECT last_mutation_id FROM sync_state').pluck().get() as number | undefined) ?? 0) : 0;
    return { bytes, schemaVersion, lastMutationId };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError('unreadable', `Säkerhetskopian ${path.basename(file)} kan inte läsas med den här datorns nyckel.`, { cause: error });
  } finally {
    db?.close();
  }
}

/** The backups of the folder, newest first (unreadable files are left out of the list, not deleted). */
export function listBackups(dir: string, key: ReplicaKey): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    const createdAt = createdAtOf(name);
    if (createdAt === null) continue;
    try {
      out.push({ name, createdAt: createdAt.toISOString(), ...inspectBackup(path.join(dir, name), key, { check: false }) });
    } catch {
      // A damaged or foreign file is not offered for restore; support sees it in the folder.
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The newest backup's time, from the names alone (cheap: for the daily schedule). */
export function newestBackupAt(dir: string): Date | null {
  if (!fs.existsSync(dir)) return null;
  let newest: Date | null = null;
  for (const name of fs.readdirSync(dir)) {
    const at = createdAtOf(name);
    if (at && (newest === null || at > newest)) newest = at;
  }
  return newest;
}

/** Writes a backup of the open replica into `dir`, checks it, and returns it. */
export function createBackup(db: Db, dir: string, key: ReplicaKey, now: Date): BackupInfo {
  ensureDir(dir);
  const name = backupName(now);
  const final = path.join(dir, name);
  const temp = `${final}.tmp`;
  fs.rmSync(temp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    restrictFile(temp);
    // Rollback journal: reading the backup later (the list, a restore's check) leaves no -wal/-shm.
    const side = connectReplica(temp, key, { fileMustExist: true });
    try {
      side.pragma('journal_mode = DELETE');
    } finally {
      side.close();
    }
    const facts = inspectBackup(temp, key);
    fsyncPath(temp);
    fs.renameSync(temp, final);
    fsyncPath(dir);
    return { name, createdAt: now.toISOString(), ...facts };
  } catch (error) {
    for (const f of [temp, `${temp}-journal`]) fs.rmSync(f, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError('failed', `Säkerhetskopian kunde inte skrivas i ${dir}.`, { cause: error });
  }
}

/**
 * Removes backups (and replaced replicas) older than `keepDays`; the newest backup is always kept,
 * whatever its age. Returns the removed names.
 */
export function pruneBackups(dir: string, keepDays: number, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const limit = now.getTime() - keepDays * 86_400_000;
  const newest = newestBackupAt(dir);
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const at = createdAtOf(name) ?? (name.startsWith(REPLACED_PREFIX) ? createdAtOf(`${PREFIX}${name.slice(REPLACED_PREFIX.length)}${SUFFIX}`) : null);
    if (at === null || at.getTime() >= limit) continue;
    if (newest !== null && at.getTime() === newest.getTime() && !name.startsWith(REPLACED_PREFIX)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export interface RestoreOutcome {
  restored: BackupInfo;
  /** Where the replaced replica went (inside the backup folder); null when there was none. */
  replacedDir: string | null;
  /** The high-water mark before the restore: what `acceptLostChanges` must be when the backup is behind it. */
  highWater: number | null;
  /** Confirmed local changes the backup does not hold (mark − backup); 0 when none. */
  lostChanges: number;
}

/**
 * What restoring `name` would cost, without changing anything: the backup checked in full, and
 * how many confirmed changes of this workstation it lacks (by the high-water mark).
 */
export function planRestore(replicaFile: string, dir: string, name: string, key: ReplicaKey): Omit<RestoreOutcome, 'replacedDir'> {
  const createdAt = createdAtOf(name);
  if (createdAt === null || path.basename(name) !== name) throw new BackupError('not-found', `Säkerhetskopian ${name} finns inte.`);
  const facts = inspectBackup(path.join(dir, name), key);
  const mark = readHighWater(replicaFile);
  const highWater = mark.kind === 'ok' ? mark.lastMutationId : null;
  const lostChanges = highWater !== null ? Math.max(0, highWater - facts.lastMutationId) : 0;
  return { restored: { name, createdAt: createdAt.toISOString(), ...facts }, highWater, lostChanges };
}

/**
 * Puts backup `name` in place of the replica. The replica must be closed. A crash before the
 * final rename leaves the current replica where it was (or, after it was moved, in
 * `replaced-*`, with the checked copy beside the main file's place: the start-up then reports the
 * replica missing, and support moves either back).
 */
export function restoreBackup(replicaFile: string, dir: string, name: string, key: ReplicaKey, now: Date): RestoreOutcome {
  const plan = planRestore(replicaFile, dir, name, key);
  const staging = `${replicaFile}.restoring`;
  fs.rmSync(staging, { force: true });
  fs.copyFileSync(path.join(dir, name), staging);
  restrictFile(staging);
  fsyncPath(staging);
  let replacedDir: string | null = null;
  const present = ['', '-wal', '-shm', '-journal'].map((s) => `${replicaFile}${s}`).filter((f) => fs.existsSync(f));
  if (present.length > 0) {
    replacedDir = path.join(dir, `${REPLACED_PREFIX}${backupName(now).slice(PREFIX.length, -SUFFIX.length)}`);
    ensureDir(replacedDir);
    for (const f of present) moveFile(f, path.join(replacedDir, path.basename(f)));
    fsyncPath(replacedDir);
  }
  fs.renameSync(staging, replicaFile);
  fsyncPath(path.dirname(replicaFile));
  return { ...plan, replacedDir };
}
