import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { restrictFile } from './data-dir';

/**
 * The replica's encryption key (docs/decisions/0016-encrypted-replica.md): 32 random bytes per
 * workstation, used as a raw SQLCipher key. The backend never decides where the key is kept: the
 * host hands it a `ReplicaKeyStore` (Electron: sealed with `safeStorage`; the web host: an
 * environment variable or a key file) or, in tests, the key itself.
 */

export const REPLICA_KEY_BYTES = 32;
export type ReplicaKey = Buffer;

/** Why there is no key to open the replica with; the replica itself is never touched for it. */
export type ReplicaKeyProblem = 'key-missing' | 'key-unreadable' | 'key-unavailable';

export class ReplicaKeyError extends Error {
  constructor(
    readonly reason: ReplicaKeyProblem,
    /** Where the key is (or would be) kept: a file path or the name of an environment variable. */
    readonly where: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'ReplicaKeyError';
  }
}

export interface ReplicaKeyStore {
  /** Where the key is kept, for the startup-error screen (a path, or an environment variable). */
  readonly where: string;
  /** The stored key, or null when none has been stored yet; throws ReplicaKeyError when it cannot be read. */
  read(): ReplicaKey | null;
  /** Stores a new key; only called when `read` found none. */
  create(key: ReplicaKey): void;
}

export function newReplicaKey(): ReplicaKey {
  return crypto.randomBytes(REPLICA_KEY_BYTES);
}

/** A key written as 64 hex digits (surrounding white space allowed). */
export function parseHexKey(text: string, where: string): ReplicaKey {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ReplicaKeyError('key-unreadable', where, `${where}: the key is not ${REPLICA_KEY_BYTES * 2} hex digits`);
  }
  return Buffer.from(hex, 'hex');
}

function checkKey(key: ReplicaKey, where: string): ReplicaKey {
  if (key.length !== REPLICA_KEY_BYTES) throw new ReplicaKeyError('key-unreadable', where, `${where}: the key is ${key.length} bytes, not ${REPLICA_KEY_BYTES}`);
  return key;
}

/**
 * Writes `bytes` to `file` only if it does not exist yet (O_EXCL: two starts never make two
 * keys), 0600, flushed, and the directory flushed, before the key is ever used.
 */
export function writeNewSecretFile(file: string, bytes: Buffer, where = file): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  restrictFile(temp);
  try {
    // link + unlink rather than rename: a key that appeared meanwhile is never replaced.
    fs.linkSync(temp, file);
  } catch (error) {
    throw new ReplicaKeyError('key-unreadable', where, `${where}: could not store the new key`, error);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  if (process.platform !== 'win32') {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}

function readSecretFile(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ReplicaKeyError('key-unreadable', file, `${file}: ${(error as Error).message}`, error);
  }
}

/** The key as 64 hex digits in a file of its own (the web host's `--key-file`), created 0600. */
export function hexKeyFileStore(file: string): ReplicaKeyStore {
  return {
    where: file,
    read() {
      const bytes = readSecretFile(file);
      if (bytes === null) return null;
      restrictFile(file);
      return parseHexKey(bytes.toString('utf8'), file);
    },
    create(key) {
      writeNewSecretFile(file, Buffer.from(`${key.toString('hex')}\n`));
    },
  };
}

/** The key from an environment variable (hex); it is never created there. */
export function envKeyStore(name: string, value: string): ReplicaKeyStore {
  return {
    where: name,
    read: () => parseHexKey(value, name),
    create() {
      throw new ReplicaKeyError('key-unavailable', name, `${name} is set but holds no key`);
    },
  };
}

/** What seals and unseals the key file (Electron: `safeStorage.encryptString`/`decryptString`). */
export interface KeySealer {
  seal(text: string): Buffer;
  unseal(sealed: Buffer): string;
}

/** The key sealed by the operating system's secret store, in a file in the data directory. */
export function sealedKeyFileStore(file: string, sealer: KeySealer): ReplicaKeyStore {
  return {
    where: file,
    read() {
      const sealed = readSecretFile(file);
      if (sealed === null) return null;
      restrictFile(file);
      let text: string;
      try {
        text = sealer.unseal(sealed);
      } catch (error) {
        throw new ReplicaKeyError('key-unreadable', file, `${file}: the operating system could not unseal the key`, error);
      }
      return parseHexKey(text, file);
    },
    create(key) {
      writeNewSecretFile(file, sealer.seal(key.toString('hex')));
    },
  };
}

/** A store that always refuses: no safe place for the key on this machine. */
export function unavailableKeyStore(where: string, why: string): ReplicaKeyStore {
  const refuse = (): never => {
    throw new ReplicaKeyError('key-unavailable', where, why);
  };
  return { where, read: refuse, create: refuse };
}

/** The first 16 bytes of every unencrypted SQLite file; an encrypted one starts with its random salt. */
export const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file exists and starts with SQLite's plain-text header (an unencrypted database). */
export function isPlainDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(PLAIN_SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(PLAIN_SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The key for the replica at `replicaFile`: the given one, or the store's, or — when the store
 * has none — a new one, but only for a new replica or an unencrypted one (from before
 * encryption). A lost key is refused, never replaced: the replica may hold unsynced work. With
 * no main file but `traces` beside it (its -wal, the mark), or a 0-byte main file, nothing is
 * stored: the replica is refused as missing or empty before a key is used, and a key stored now
 * would not open the file when support puts it back.
 */
export function resolveReplicaKey(source: ReplicaKey | ReplicaKeyStore, replicaFile: string, traces: boolean): ReplicaKey {
  if (Buffer.isBuffer(source)) return checkKey(source, 'BackendOptions.replicaKey');
  const stored = source.read();
  if (stored !== null) return checkKey(stored, source.where);
  let size: number | null = null;
  try {
    size = fs.statSync(replicaFile).size;
  } catch {
    // No main file.
  }
  if (size !== null && size > 0 && !isPlainDatabase(replicaFile)) {
    throw new ReplicaKeyError('key-missing', source.where, `${source.where}: no key, but ${replicaFile} is encrypted`);
  }
  const key = newReplicaKey();
  if (size === 0 || (size === null && traces)) return key;
  source.create(key);
  return key;
}

/**
 * THE way a connection to a replica file is made (docs/decisions/0016-encrypted-replica.md):
 * SQLite3 Multiple Ciphers with its SQLCipher scheme in SQLCipher 4 compatibility (`legacy=4`:
 * AES-256-CBC, HMAC-SHA512 per page, 4096-byte pages) and the workstation's 32-byte key as a raw
 * key (`x'…'`, so no passphrase derivation at each open). The key is set before anything is read
 * or written, so every page of the main file and of the -wal is encrypted. `key: null` opens an
 * unencrypted file (only the migration of a replica from before encryption does that).
 * Nothing is read here: a wrong key shows at the first statement (SQLITE_NOTADB).
 */
export function connectReplica(filePath: string, key: ReplicaKey | null, options: Database.Options = {}): Database.Database {
  const db = new Database(filePath, options);
  if (key !== null) {
    try {
      applyKey(db, key);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

export function applyKey(db: Database.Database, key: ReplicaKey, pragma: 'key' | 'rekey' = 'key'): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

