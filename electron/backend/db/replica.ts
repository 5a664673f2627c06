import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AppError } from '../../../shared/result';
import { appendAudit } from './audit';
import { restrictFile } from './data-dir';
import type { HighWaterMark } from './high-water';
import { migrations } from './migrations';
import { inspectReplica, isNativeModuleError, type ReplicaInspection } from './replica-check';
import { applyKey, connectReplica, isPlainDatabase, type ReplicaKey, type ReplicaKeyProblem } from './replica-key';

export { connectReplica };

export type Db = Database.Database;

/**
 * Why the replica was not opened. Every one of them leaves the replica's files exactly as they
 * were (docs/decisions/0008-replica-integrity.md):
 * - `corrupt`: fails SQLite's quick_check or is not a Buffert database;
 * - `unreadable`: no permission, locked, or an I/O error;
 * - `too-new`: written by a newer schema than this build knows;
 * - `empty`: the main file has 0 bytes (a failed copy or restore), never made a new replica;
 * - `missing`: no main file but its traces (-wal, -shm, the high-water mark) are there;
 * - `behind`: the replica lacks mutations the high-water mark says were committed (lost or
 *   damaged -wal, an older copy of the file);
 * - `mark-unreadable`: the high-water mark cannot be read, so `behind` cannot be ruled out;
 * - `wrong-key`: encrypted, and this workstation's key does not open it (a copy from another
 *   machine, a replaced key, or a damaged first page): never taken for damage to start afresh;
 * - `encrypt-failed`: an unencrypted replica (from before encryption) could not be encrypted;
 * - `key-missing`, `key-unreadable`, `key-unavailable`: no key to open it with (replica-key.ts).
 */
export type ReplicaProblem =
  | 'corrupt'
  | 'unreadable'
  | 'too-new'
  | 'empty'
  | 'missing'
  | 'behind'
  | 'mark-unreadable'
  | 'wrong-key'
  | 'encrypt-failed'
  | ReplicaKeyProblem;

export interface ReplicaProblemFacts {
  /** Files of the replica found beside a missing or empty main file (names, not paths). */
  traces?: string[];
  /** `behind`: the last mutation id committed according to the high-water mark. */
  highWater?: number;
  /** `behind`, `mark-unreadable`: the last mutation id the replica itself holds. */
  lastMutationId?: number;
  /** The key problems: where the key is kept (a file, or an environment variable). */
  keyStore?: string;
}

/** Raised when the replica file cannot be opened safely; nothing of it has been changed. */
export class ReplicaOpenError extends Error {
  constructor(
    readonly filePath: string,
    readonly reason: ReplicaProblem,
    cause: unknown,
    readonly facts: ReplicaProblemFacts = {},
  ) {
    super(`Cannot open replica ${filePath}: ${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReplicaOpenError';
  }
}

export const REPLICA_FILE = 'buffert.sqlite';

/** The command-line flag and environment variable with which support accepts lost changes. */
export const ACCEPT_LOST_CHANGES_FLAG = '--accept-lost-changes';
export const ACCEPT_LOST_CHANGES_ENV = 'BUFFERT_ACCEPT_LOST_CHANGES';
/** The machine-wide setting with which IT allows a key file where no OS key store exists (0016). */
export const ALLOW_FILE_KEY_ENV = 'BUFFERT_ALLOW_FILE_KEY';
/** The side file in which an unencrypted replica is encrypted before it replaces the original. */
export const ENCRYPTING_SUFFIX = '.encrypting';

const KEEP_FILES =
  'Buffert har inte ändrat något i filerna. Flytta inte och ta inte bort filen eller filerna bredvid den (-wal, -shm, .hwm).';

function describeProblem(error: ReplicaOpenError): { what: string; todo: string } {
  const { facts } = error;
  const traces = facts.traces?.length ? facts.traces.join(', ') : '';
  switch (error.reason) {
    case 'too-new':
      return { what: 'Databasen är skapad av en nyare version av Buffert.', todo: 'Installera den senaste versionen av Buffert.' };
    case 'unreadable':
      return {
        what: 'Databasfilen kan inte läsas (saknar behörighet, är låst eller går inte att läsa från disken).',
        todo: `${KEEP_FILES} Kontrollera att inget annat program har filen öppen och att kontot har behörighet till mappen, och starta Buffert igen. Kontakta support om felet kvarstår.`,
      };
    case 'empty':
      return {
        what: `Databasfilen är tom (0 byte)${traces ? `; bredvid den finns ${traces}` : ''}. En avbruten kopiering eller återställning kan ha lämnat den så. Buffert skapar ingen ny databas i dess ställe, eftersom osynkade ändringar då skulle gå förlorade.`,
        todo: `${KEEP_FILES} Kontakta support. Supporten kan lägga tillbaka filen från en säkerhetskopia. Är datorn nyinstallerad och har inget gjorts i Buffert här, kan supporten ta bort den tomma filen så att Buffert skapar en ny och hämtar data från centralen.`,
      };
    case 'missing':
      return {
        what: `Databasfilen saknas, men filer som hör till den finns kvar: ${traces}. Den kan ha flyttats, döpts om eller tagits bort av misstag. Buffert skapar ingen ny databas i dess ställe, eftersom osynkade ändringar då skulle gå förlorade.`,
        todo: 'Lägg tillbaka filen med samma namn i samma mapp (till exempel från papperskorgen eller en säkerhetskopia) och starta Buffert igen. Ta inte bort filerna som finns kvar: -wal-filen kan innehålla de senaste ändringarna. Kontakta support om filen inte går att hitta.',
      };
    case 'behind': {
      const mark = facts.highWater ?? 0;
      const have = facts.lastMutationId ?? 0;
      const count = mark - have;
      const range = count === 1 ? `nr ${mark}` : `nr ${have + 1}–${mark}`;
      return {
        what: `Databasen saknar ändringar som har sparats på den här datorn: ${range} (${count} ${count === 1 ? 'bekräftad ändring' : 'bekräftade ändringar'}). Den senaste delen av databasen (filen -wal) har gått förlorad eller är skadad, eller så har en äldre kopia av databasfilen lagts tillbaka.`,
        todo: `${KEEP_FILES} Kontakta support innan något annat görs. Supporten kan försöka lägga tillbaka de senaste versionerna av filerna (${REPLICA_FILE} och ${REPLICA_FILE}-wal) från en säkerhetskopia. Ändringar som redan hade synkats finns kvar i centralen. Har en äldre kopia lagts tillbaka med avsikt och ska de saknade ändringarna ges upp, kan supporten starta Buffert en gång med ${ACCEPT_LOST_CHANGES_FLAG}=${mark} (eller miljövariabeln ${ACCEPT_LOST_CHANGES_ENV}=${mark}); det antecknas i loggen.`,
      };
    }
    case 'mark-unreadable':
      return {
        what: `Filen som håller reda på hur många ändringar som har sparats här (${REPLICA_FILE}.hwm) kan inte läsas, så Buffert kan inte kontrollera att inga sparade ändringar saknas i databasen.`,
        todo: `${KEEP_FILES} Kontakta support. Är databasen i övrigt hel kan supporten ta bort filen ${REPLICA_FILE}.hwm; då skriver Buffert en ny vid nästa start.`,
      };
    case 'wrong-key':
      return {
        what: 'Databasen är krypterad och kan inte öppnas med den här datorns nyckel. Den kan ha kopierats från en annan dator, nyckeln kan ha bytts ut, eller så är filens början skadad. Buffert skapar ingen ny databas i dess ställe.',
        todo: `${KEEP_FILES} Kontakta support. En databas från en annan dator går bara att öppna på den datorn; behövs en ny lokal kopia här kan supporten flytta undan filerna så att Buffert hämtar data från centralen. Osynkade ändringar finns bara i de flyttade filerna.`,
      };
    case 'encrypt-failed':
      return {
        what: 'Databasen är inte krypterad (den är från en äldre version av Buffert), och Buffert kunde inte kryptera den, till exempel för att disken är full.',
        todo: `${KEEP_FILES} Frigör utrymme på disken och starta Buffert igen. Kontakta support om felet kvarstår.`,
      };
    case 'key-missing':
      return {
        what: `Databasen är krypterad, men nyckeln till den saknas (${facts.keyStore ?? 'nyckelfilen'}). Buffert skapar ingen ny nyckel och ingen ny databas, eftersom osynkade ändringar då skulle gå förlorade.`,
        todo: `${KEEP_FILES} Lägg tillbaka nyckelfilen (till exempel från papperskorgen) och starta Buffert igen, eller kontakta support.`,
      };
    case 'key-unreadable':
      return {
        what: `Nyckeln till den krypterade databasen kan inte läsas (${facts.keyStore ?? 'nyckelfilen'}). Den kan vara skadad, eller så kan operativsystemets nyckelring inte låsa upp den för det här användarkontot.`,
        todo: `${KEEP_FILES} Logga in med samma användarkonto som tidigare på den här datorn och starta Buffert igen. Kontakta support om felet kvarstår.`,
      };
    case 'key-unavailable':
      return {
        what: 'Det finns ingen säker plats för databasens nyckel på den här datorn: operativsystemets nyckelring (på Linux till exempel GNOME Keyring eller KWallet) är inte tillgänglig. Buffert sparar inte nyckeln i klartext.',
        todo: `${KEEP_FILES} Logga in i en skrivbordsmiljö med nyckelring och starta Buffert igen. Kontakta IT om datorn saknar nyckelring: IT kan uttryckligen tillåta en nyckelfil med ${ALLOW_FILE_KEY_ENV}=1.`,
      };
    case 'corrupt':
      return {
        what: 'Databasfilen är skadad eller är ingen Buffert-databas.',
        todo: `${KEEP_FILES} Kontakta support: filerna kan innehålla ändringar som ännu inte har synkats till centralen. Supporten kan rädda dem och sedan låta Buffert hämta en ny lokal kopia.`,
      };
  }
}

/**
 * What the startup-error screen shows (both Electron and the web host): the file, what is wrong
 * and what the person can do. `details.path` lets the UI show the path on its own line;
 * `details.missing` and `details.traces` the lost mutation numbers and the files found.
 */
export function startupErrorOf(error: ReplicaOpenError): AppError {
  const { what, todo } = describeProblem(error);
  const details: Record<string, unknown> = { path: error.filePath, reason: error.reason, todo };
  const { highWater, lastMutationId, traces } = error.facts;
  if (error.reason === 'behind' && highWater !== undefined && lastMutationId !== undefined) {
    details.missing = { from: lastMutationId + 1, to: highWater, count: highWater - lastMutationId };
  }
  if (traces?.length) details.traces = traces;
  return { code: 'startup-failed', message: `${what} Fil: ${error.filePath}. ${todo}`, details };
}

export interface OpenReplicaOptions {
  /** Log statements slower than this (ms) — Signal Desktop's habit. */
  slowQueryMs?: number;
  /**
   * The high-water mark to hold the replica against (openBackend does). A replica behind it is
   * refused before it is opened for writing; one ahead of it (the mark lost) rewrites it.
   */
  highWater?: HighWaterMark;
  /**
   * Support's explicit acceptance of a replica behind its mark: the mark's number, as the
   * startup-error screen shows it. Any other number accepts nothing, so a flag left behind can
   * never accept a later loss.
   */
  acceptLostChanges?: number | null;
  log?: Pick<Console, 'warn'>;
  now?: () => Date;
}

interface AcceptedLoss {
  highWater: number;
  lastMutationId: number;
}

/** The refusal of a main file that is gone while its traces (full paths) are still there. */
export function missingReplicaError(filePath: string, traces: string[]): ReplicaOpenError {
  const names = traces.map((t) => path.basename(t));
  return new ReplicaOpenError(filePath, 'missing', new Error(`no main file; found ${names.join(', ')}`), { traces: names });
}

function refusal(filePath: string, inspection: Exclude<ReplicaInspection, { state: 'new' | 'ok' }>, latest: number): ReplicaOpenError {
  switch (inspection.state) {
    case 'missing':
      return missingReplicaError(filePath, inspection.traces);
    case 'empty':
      return new ReplicaOpenError(filePath, 'empty', new Error('the main file has 0 bytes'), { traces: inspection.traces.map((t) => path.basename(t)) });
    case 'too-new':
      return new ReplicaOpenError(filePath, 'too-new', new Error(`schema ${inspection.facts.schemaVersion} > ${latest}`));
    case 'unreadable':
    case 'corrupt':
    case 'wrong-key':
      return new ReplicaOpenError(filePath, inspection.state, inspection.cause);
  }
}

/** Compares the checked replica with its high-water mark; throws unless it may be opened. */
function holdAgainstMark(filePath: string, lastMutationId: number, options: OpenReplicaOptions): AcceptedLoss | null {
  const mark = options.highWater!.read();
  if (mark.kind === 'unreadable') {
    throw new ReplicaOpenError(filePath, 'mark-unreadable', new Error(`high-water mark: ${mark.reason}`), { lastMutationId });
  }
  if (mark.kind === 'missing' || lastMutationId >= mark.lastMutationId) return null;
  const loss = { highWater: mark.lastMutationId, lastMutationId };
  if (options.acceptLostChanges === mark.lastMutationId) return loss;
  throw new ReplicaOpenError(filePath, 'behind', new Error(`replica at mutation ${lastMutationId}, high-water mark ${mark.lastMutationId}`), loss);
}

function fsyncPath(file: string, flags: 'r' | 'r+' = 'r'): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeSide(side: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${side}${suffix}`, { force: true });
}

/**
 * Encrypts an unencrypted replica (one from before encryption) in place, safely: a crash at any
 * point leaves either the complete unencrypted original or the complete encrypted replica, never
 * half of one. Rekeying in place cannot be used (SQLite3 Multiple Ciphers 2.3 refuses it in WAL
 * mode, and it would rewrite the only copy), so:
 * 1. checkpoint the original's -wal into it (SQLite's own, crash-safe operation: nothing lost);
 * 2. `VACUUM INTO` a side file (a consistent snapshot; the original is only read);
 * 3. encrypt the side file with `rekey` (rollback-journal mode, its own transaction);
 * 4. reopen it with the key and check it: quick_check, the schema version, the mutation sequence;
 * 5. fsync it, remove the original's (now empty) -wal and its -shm, rename it over the original,
 *    fsync the directory.
 * A side file left by a crash is removed and the whole is redone at the next start.
 */
function encryptInPlace(filePath: string, key: ReplicaKey, expected: { schemaVersion: number; lastMutationId: number }): void {
  const side = `${filePath}${ENCRYPTING_SUFFIX}`;
  removeSide(side);
  const original = connectReplica(filePath, null, { fileMustExist: true });
  try {
    const [checkpoint] = original.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (checkpoint && checkpoint.busy !== 0) throw new Error('the replica is in use (checkpoint busy)');
    original.prepare('VACUUM INTO ?').run(side);
  } finally {
    original.close();
  }
  restrictFile(side);
  const plainCopy = connectReplica(side, null, { fileMustExist: true });
  try {
    plainCopy.pragma('journal_mode = DELETE');
    applyKey(plainCopy, key, 'rekey');
  } finally {
    plainCopy.close();
  }
  const encrypted = connectReplica(side, key, { fileMustExist: true });
  try {
    const quick = encrypted.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new Error(`the encrypted copy fails quick_check: ${String(quick)}`);
    const version = encrypted.pragma('user_version', { simple: true }) as number;
    const hasSyncState = encrypted.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_state'").get() !== undefined;
    const last = hasSyncState ? ((encrypted.prepare('SELECT last_mutation_id FROM sync_state WHERE id = 1').pluck().get() as number | undefined) ?? 0) : 0;
    if (version !== expected.schemaVersion || last !== expected.lastMutationId) {
      throw new Error(`the encrypted copy differs: schema ${version}/${expected.schemaVersion}, mutation ${last}/${expected.lastMutationId}`);
    }
  } finally {
    encrypted.close();
  }
  if (isPlainDatabase(side)) throw new Error('the copy is still unencrypted');
  fsyncPath(side, 'r+');
  const wal = `${filePath}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw new Error('the replica still has a non-empty -wal after its checkpoint');
  fs.rmSync(wal, { force: true });
  fs.rmSync(`${filePath}-shm`, { force: true });
  fs.renameSync(side, filePath);
  if (process.platform !== 'win32') fsyncPath(path.dirname(filePath));
}

/**
 * Opens (and creates or migrates) the local replica. It is first checked without being modified
 * (replica-check.ts) and, with `highWater`, compared with its mark; only a replica that passes is
 * opened read-write and migrated. A file replica is always encrypted with `key`; an unencrypted
 * one from before encryption is encrypted in place first (encryptInPlace). One connection per
 * process is the one writer: better-sqlite3 is synchronous and every write is one
 * `db.transaction`, so writes are serialized. `:memory:` (tests) needs no key.
 */
export function openReplica(filePath: ':memory:', options?: OpenReplicaOptions): Db;
export function openReplica(filePath: string, options: OpenReplicaOptions & { key: ReplicaKey }): Db;
export function openReplica(filePath: string, options: OpenReplicaOptions & { key?: ReplicaKey } = {}): Db {
  const latest = migrations.at(-1)?.version ?? 0;
  let accepted: AcceptedLoss | null = null;
  const key = filePath === ':memory:' ? null : (options.key ?? null);
  if (filePath !== ':memory:') {
    if (key === null) throw new Error('openReplica: a replica file is only ever opened with its key');
    const inspection = inspectReplica(filePath, latest, key);
    if (inspection.state !== 'new' && inspection.state !== 'ok') throw refusal(filePath, inspection, latest);
    if (inspection.state === 'ok' && options.highWater) accepted = holdAgainstMark(filePath, inspection.facts.lastMutationId, options);
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    if (inspection.state === 'ok' && !inspection.facts.encrypted) {
      try {
        encryptInPlace(filePath, key, inspection.facts);
      } catch (error) {
        if (isNativeModuleError(error)) throw error;
        // The original is untouched (or only checkpointed); the half-made copy goes.
        removeSide(`${filePath}${ENCRYPTING_SUFFIX}`);
        throw new ReplicaOpenError(filePath, 'encrypt-failed', error);
      }
      (options.log ?? console).warn(`Buffert: the replica was stored unencrypted; it has been encrypted in place (${REPLICA_FILE}).`);
    } else {
      // A side file can only be left by a crash during an encryption that is now done.
      removeSide(`${filePath}${ENCRYPTING_SUFFIX}`);
    }
  }
  let db: Db;
  try {
    db = connectReplica(filePath, key);
    if (filePath !== ':memory:') restrictFile(filePath);
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
    migrate(db);
    if (options.highWater) settleMark(db, options.highWater, accepted, options);
  } catch (error) {
    db.close();
    if (error instanceof ReplicaOpenError) throw error;
    throw new ReplicaOpenError(filePath, (error as { code?: string } | null)?.code === 'SQLITE_NOTADB' ? 'wrong-key' : 'corrupt', error);
  }
  return db;
}

/** After a passing open: record an accepted loss, and bring the mark up to the replica. */
function settleMark(db: Db, highWater: HighWaterMark, accepted: AcceptedLoss | null, options: OpenReplicaOptions): void {
  const current = (db.prepare('SELECT last_mutation_id AS id FROM sync_state WHERE id = 1').get() as { id: number } | undefined)?.id ?? 0;
  if (accepted) {
    const lost = accepted.highWater - accepted.lastMutationId;
    // Numbers only: the audit log and the console never get personal data from here.
    appendAudit(db, {
      at: (options.now?.() ?? new Date()).toISOString(),
      userId: null,
      action: 'replica.acceptLostChanges',
      entity: 'replica',
      entityId: REPLICA_FILE,
      details: { highWater: accepted.highWater, lastMutationId: accepted.lastMutationId, lost },
    });
    (options.log ?? console).warn(
      `Buffert: support accepted ${lost} lost local change(s) (mutations ${accepted.lastMutationId + 1}-${accepted.highWater}); the replica continues from mutation ${current}.`,
    );
  }
  const mark = highWater.read();
  if (mark.kind !== 'ok' || mark.lastMutationId !== current) highWater.record(current);
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
    // PRAGMA foreign_keys is a no-op inside a transaction: off before it, on again after it.
    const keysOff = migration.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        migration.after?.(db);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as { table: string }[];
          if (broken.length > 0) throw new Error(`migration ${migration.version}: ${broken.length} broken foreign key(s), first in ${broken[0]!.table}`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
  }
}
