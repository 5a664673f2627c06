import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AppError } from '../../../shared/result';
import { migrations } from './migrations';

export type Db = Database.Database;

/** Raised when the replica file exists but cannot be opened or is not a Buffert database. */
export class ReplicaOpenError extends Error {
  constructor(
    readonly filePath: string,
    readonly reason: 'corrupt' | 'unreadable' | 'too-new',
    cause: unknown,
  ) {
    super(`Cannot open replica ${filePath}: ${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReplicaOpenError';
  }
}

export const REPLICA_FILE = 'buffert.sqlite';

/**
 * What the startup-error screen shows (both Electron and the web host): the file, what is wrong
 * and what the person can do. `details.path` lets the UI show the path on its own line.
 */
export function startupErrorOf(error: ReplicaOpenError): AppError {
  const what =
    error.reason === 'too-new'
      ? 'Databasen är skapad av en nyare version av Buffert.'
      : error.reason === 'unreadable'
        ? 'Databasfilen kan inte läsas (saknar behörighet eller är låst).'
        : 'Databasfilen är skadad eller är ingen Buffert-databas.';
  const todo =
    error.reason === 'too-new'
      ? 'Installera den senaste versionen av Buffert.'
      : 'Kontakta support innan du flyttar eller tar bort filen: den kan innehålla ändringar som ännu inte har synkats till centralen. Supporten kan rädda dem och sedan låta Buffert hämta en ny lokal kopia.';
  return {
    code: 'startup-failed',
    message: `${what} Fil: ${error.filePath}. ${todo}`,
    details: { path: error.filePath, reason: error.reason, todo },
  };
}

export interface OpenReplicaOptions {
  /** Log statements slower than this (ms) — Signal Desktop's habit. */
  slowQueryMs?: number;
  readonly?: boolean;
}

/**
 * Opens (and creates or migrates) the local replica. One connection per process is the one writer:
 * better-sqlite3 is synchronous and every write is one `db.transaction`, so writes are serialized.
 */
export function openReplica(filePath: string, options: OpenReplicaOptions = {}): Db {
  if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
  let db: Db;
  try {
    db = new Database(filePath, { readonly: options.readonly ?? false });
  } catch (error) {
    // A better-sqlite3 build for another runtime (Node vs Electron ABI) is an installation fault,
    // not a fault of the file: never tell the person to move their data for it.
    if (isNativeModuleError(error)) throw error;
    throw new ReplicaOpenError(filePath, 'unreadable', error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new Error(`quick_check: ${String(quick)}`);
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof ReplicaOpenError) throw error;
    throw new ReplicaOpenError(filePath, 'corrupt', error);
  }
  return db;
}

function isNativeModuleError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file/.test(e?.message ?? '');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new ReplicaOpenError(db.name, 'too-new', new Error(`schema ${current} > ${latest}`));
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
