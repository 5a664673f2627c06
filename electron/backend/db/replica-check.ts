import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { DATA_DIR_MODE } from './data-dir';
import { HIGH_WATER_SUFFIX, HIGH_WATER_TEMP_SUFFIX } from './high-water';
import { connectReplica, isPlainDatabase, type ReplicaKey } from './replica-key';

/**
 * The start-up check of the replica, made without modifying any of its files
 * (docs/decisions/0008-replica-integrity.md). SQLite cannot be trusted to leave the files alone
 * even read-only: a read-only connection creates `-wal`/`-shm` when they are missing and rewrites
 * the `-shm` (WAL recovery, read marks) when they are there. So the check runs in a side folder
 * `<replica>.check/`: the main file is hard-linked there (same inode, opened read-only, so the
 * kernel refuses any write to it) or, where hard links are not possible, copied; the small
 * `-wal`/`-shm` are copied. SQLite may do what it likes with the copies.
 */

export interface ReplicaFacts {
  schemaVersion: number;
  /** sync_state.last_mutation_id as the replica has it, WAL included; 0 before that table. */
  lastMutationId: number;
  /** False for a replica from before encryption (SQLite's plain header): openReplica encrypts it. */
  encrypted: boolean;
}

export type ReplicaInspection =
  | { state: 'new' }
  | { state: 'missing'; traces: string[] }
  | { state: 'empty'; traces: string[] }
  | { state: 'unreadable'; cause: unknown }
  | { state: 'corrupt'; cause: unknown }
  | { state: 'wrong-key'; cause: unknown }
  | { state: 'too-new'; facts: ReplicaFacts }
  | { state: 'ok'; facts: ReplicaFacts };

/** SQLite's own files beside the main file. */
const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'] as const;
export const CHECK_DIR_SUFFIX = '.check';

/**
 * Files whose presence means a replica existed here: a missing main file with any of these beside
 * it was lost (moved, deleted, a failed restore), it is not a new workstation. `.seeding` is not
 * listed: it only ever holds a half-created new replica (backend.ts ensureReplica).
 */
export function replicaTraces(file: string): string[] {
  const suffixes = [...SQLITE_SIDECARS, HIGH_WATER_SUFFIX, HIGH_WATER_TEMP_SUFFIX, CHECK_DIR_SUFFIX];
  return suffixes.map((s) => `${file}${s}`).filter((f) => fs.existsSync(f));
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** better-sqlite3 built for another runtime is an installation fault, never the file's. */
export function isNativeModuleError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file/.test(e?.message ?? '');
}

/** SQLite's answers about access to the file (permissions, locks, the disk), not its content. */
function isAccessError(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return ['SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR'].some((c) => code === c || code.startsWith(`${c}_`));
}

/**
 * Reads what the start-up needs to know about the replica at `file` without changing a byte of
 * it, its `-wal` or its `-shm`. `latestSchema` is the newest migration this build knows. An
 * encrypted replica is read with `key`; one that starts with SQLite's plain header (from before
 * encryption) without it.
 */
export function inspectReplica(file: string, latestSchema: number, key: ReplicaKey): ReplicaInspection {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return { state: 'unreadable', cause: error };
    const traces = replicaTraces(file);
    return traces.length > 0 ? { state: 'missing', traces } : { state: 'new' };
  }
  if (size === 0) return { state: 'empty', traces: replicaTraces(file) };

  // SQLite follows a symlinked main file and keeps its -wal beside the target; so does the check
  // (a hard link to the symlink itself would lead SQLite back to the original -wal and -shm).
  let source: string;
  try {
    source = fs.realpathSync(file);
  } catch (error) {
    return { state: 'unreadable', cause: error };
  }
  const checkDir = `${source}${CHECK_DIR_SUFFIX}`;
  try {
    // A folder left by a check that crashed holds only a link or copy: the originals are intact.
    fs.rmSync(checkDir, { recursive: true, force: true });
    fs.mkdirSync(checkDir, { mode: DATA_DIR_MODE });
  } catch (error) {
    return { state: 'unreadable', cause: error };
  }
  try {
    const copy = path.join(checkDir, path.basename(source));
    // A hot rollback journal (never left by a WAL replica, but possible in an old file) must be
    // rolled back to read the file, which needs a writable copy rather than the shared inode.
    const needsWritable = fs.existsSync(`${source}-journal`);
    let linked = false;
    try {
      if (needsWritable) {
        fs.copyFileSync(source, copy, fs.constants.COPYFILE_FICLONE);
      } else {
        try {
          fs.linkSync(source, copy);
          linked = true;
        } catch {
          // FAT/exFAT, some network shares: no hard links. A copy (a reflink where the file system
          // has them) costs about a second per 500 MB but touches nothing of the original.
          fs.copyFileSync(source, copy, fs.constants.COPYFILE_FICLONE);
        }
      }
      for (const suffix of SQLITE_SIDECARS) {
        if (fs.existsSync(`${source}${suffix}`)) fs.copyFileSync(`${source}${suffix}`, `${copy}${suffix}`);
      }
    } catch (error) {
      return { state: 'unreadable', cause: error };
    }
    return checkCopy(copy, !linked, latestSchema, isPlainDatabase(copy) ? null : key);
  } finally {
    fs.rmSync(checkDir, { recursive: true, force: true });
  }
}

/** What a failed statement says about the file: access, a key that does not fit, or damage. */
function failure(error: unknown, key: ReplicaKey | null): ReplicaInspection {
  if (isNativeModuleError(error)) throw error;
  if (isAccessError(error)) return { state: 'unreadable', cause: error };
  // An encrypted file whose first page the key does not decrypt: SQLite sees "not a database".
  if (key !== null && errorCode(error) === 'SQLITE_NOTADB') return { state: 'wrong-key', cause: error };
  return { state: 'corrupt', cause: error };
}

function checkCopy(copy: string, writable: boolean, latestSchema: number, key: ReplicaKey | null): ReplicaInspection {
  let db: Database.Database;
  try {
    // Read-only on the hard link is what keeps the original main file untouched: the kernel
    // opens it O_RDONLY. Never open the link read-write.
    db = connectReplica(copy, key, { readonly: !writable, fileMustExist: true });
  } catch (error) {
    return failure(error, key);
  }
  try {
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') return { state: 'corrupt', cause: new Error(`quick_check: ${String(quick)}`) };
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    // Every replica Buffert creates has run its first migration before it gets its name, so a
    // database without a version is someone else's file, not one to migrate into.
    if (schemaVersion === 0) return { state: 'corrupt', cause: new Error('not a Buffert database (user_version 0)') };
    const hasSyncState = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_state'").get() !== undefined;
    const row = hasSyncState ? (db.prepare('SELECT last_mutation_id AS id FROM sync_state WHERE id = 1').get() as { id: number } | undefined) : undefined;
    const facts = { schemaVersion, lastMutationId: row?.id ?? 0, encrypted: key !== null };
    return schemaVersion > latestSchema ? { state: 'too-new', facts } : { state: 'ok', facts };
  } catch (error) {
    return failure(error, key);
  } finally {
    db.close();
  }
}
