import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { openBackend, replicaPath, type Backend, type BackendOptions } from '../backend';
import { seedDemoData } from '../demo/seed';
import { SCANNER_SETTINGS_FILE, ScannerSettingsFile } from '../scanner/settings';
import { TOKEN_KEY } from '../sync/state';
import { DEFAULT_SCANNER_SETTINGS } from '../../../shared/api/scanner';
import { highWaterFile, writeHighWater } from './high-water';
import { connectReplica, ENCRYPTING_SUFFIX, migrate, openReplica, REPLICA_FILE, ReplicaOpenError, startupErrorOf } from './replica';
import { hexKeyFileStore, isPlainDatabase, newReplicaKey, type ReplicaKey } from './replica-key';
import { setSetting } from './settings';

/**
 * Encryption at rest (docs/decisions/0016-encrypted-replica.md), on real files: what is on disk
 * holds no plain-text personal number or sync token, a wrong key is refused without touching
 * anything, a replica from before encryption is encrypted in place with its data, and the data
 * directory is the account's alone.
 */

const NOW = () => new Date('2026-11-22T10:00:00Z');
const quiet = { warn: () => undefined, error: () => undefined };
const SMALL_DEMO = { articles: 120, individuals: 60, recipients: 40 };
const TOKEN = 'sync-token-7c1e9f0a4b2d48e6a3f5c9d1e7b2a8f4';
/** A key file as the web host keeps one (electron/web-host/replica-key.ts). */
const WEB_HOST_KEY_FILE = 'replica-key.hex';

const dirs: string[] = [];
const backends: Backend[] = [];
const tempDir = () => {
  const dir = makeTempDir('buffert-encryption-');
  dirs.push(dir);
  return dir;
};
const open = (dataDir: string, extra: Partial<BackendOptions> = {}) => {
  const backend = openBackend({ dataDir, replicaKey: TEST_REPLICA_KEY, demo: SMALL_DEMO, now: NOW, log: quiet, scanner: { adapter: null }, ...extra });
  backends.push(backend);
  return backend;
};
const close = (backend: Backend) => {
  backends.splice(backends.indexOf(backend), 1);
  backend.close();
};
afterEach(() => {
  for (const b of backends.splice(0)) b.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function fingerprint(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dataDir).sort()) {
    const file = path.join(dataDir, name);
    out[name] = fs.statSync(file).isDirectory() ? 'dir' : crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** The demo recipients' personal numbers, as stored and in the usual written forms. */
function personalNumbers(db: Backend['context']['db']): string[] {
  const stored = db.prepare("SELECT personal_number FROM recipient WHERE personal_number IS NOT NULL ORDER BY id LIMIT 20").pluck().all() as string[];
  expect(stored.length).toBeGreaterThan(5);
  const digits = stored.map((p) => p.replace(/\D/g, ''));
  return [...new Set([...stored, ...digits, ...digits.map((d) => `${d.slice(2, 8)}-${d.slice(8)}`)])];
}

/** Which of `needles` occur in the bytes of `file` (UTF-8, as SQLite stores text here). */
function found(file: string, needles: string[]): string[] {
  const bytes = fs.readFileSync(file);
  return needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
}

/** A replica as a build before encryption left it: unencrypted, migrated, demo data; open in WAL mode. */
function plainReplica(file: string) {
  const db = connectReplica(file, null);
  db.pragma('journal_mode = WAL');
  migrate(db);
  seedDemoData(db, SMALL_DEMO);
  return db;
}

describe('what is on disk', () => {
  it('neither the main file nor the -wal holds a plain-text personal number or the sync token', () => {
    const dir = tempDir();
    const backend = open(dir);
    const { db } = backend.context;
    const numbers = personalNumbers(db);
    // The token and a patient's change only in the -wal: no checkpoint before the files are read.
    db.pragma('wal_autocheckpoint = 0');
    setSetting(db, TOKEN_KEY, TOKEN);
    const patient = db.prepare("SELECT id, personal_number FROM recipient WHERE personal_number IS NOT NULL LIMIT 1").get() as { id: string; personal_number: string };
    db.prepare('UPDATE recipient SET phone = ? WHERE id = ?').run(patient.personal_number, patient.id);
    const file = replicaPath(dir);
    const wal = `${file}-wal`;
    expect(fs.statSync(wal).size).toBeGreaterThan(0);
    const needles = [...numbers, TOKEN];
    expect(found(file, needles)).toEqual([]);
    expect(found(wal, needles)).toEqual([]);
    expect(isPlainDatabase(file)).toBe(false);
    // The same rows in an unencrypted copy do show them: the search above can fail.
    const plain = plainReplica(path.join(tempDir(), 'plain.sqlite'));
    plain.pragma('wal_autocheckpoint = 0');
    setSetting(plain, TOKEN_KEY, TOKEN);
    const plainNumbers = plain.prepare("SELECT personal_number FROM recipient WHERE personal_number IS NOT NULL LIMIT 3").pluck().all() as string[];
    // The seed is in the main file or the -wal (wherever SQLite's autocheckpoint left it); the token in the -wal.
    const inPlain = new Set([...found(plain.name, plainNumbers), ...found(`${plain.name}-wal`, plainNumbers)]);
    expect([...inPlain].sort()).toEqual([...plainNumbers].sort());
    expect(found(`${plain.name}-wal`, [TOKEN])).toEqual([TOKEN]);
    plain.close();
  });

  it('the sync token lives in replica_setting, inside the encrypted replica, and no other file of the data directory holds it', () => {
    const dir = tempDir();
    const backend = open(dir);
    setSetting(backend.context.db, TOKEN_KEY, TOKEN);
    expect(backend.context.db.prepare('SELECT value FROM replica_setting WHERE key = ?').pluck().get(TOKEN_KEY)).toBe(TOKEN);
    new ScannerSettingsFile(dir).write(structuredClone(DEFAULT_SCANNER_SETTINGS));
    close(backend);
    for (const name of fs.readdirSync(dir)) expect(found(path.join(dir, name), [TOKEN]), name).toEqual([]);
  });
});

describe('a wrong key', () => {
  it('is refused with a clear Swedish startup error, and nothing in the data directory changes', () => {
    const dir = tempDir();
    const backend = open(dir);
    setSetting(backend.context.db, TOKEN_KEY, TOKEN);
    close(backend);
    const before = fingerprint(dir);
    let caught: unknown;
    try {
      open(dir, { replicaKey: newReplicaKey() });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReplicaOpenError);
    const error = caught as ReplicaOpenError;
    expect(error.reason).toBe('wrong-key');
    const shown = startupErrorOf(error);
    expect(shown.code).toBe('startup-failed');
    expect(shown.message).toContain('kan inte öppnas med den här datorns nyckel');
    expect(shown.message).toContain('kopierats från en annan dator');
    expect(shown.message).toContain(replicaPath(dir));
    expect(fingerprint(dir)).toEqual(before);
    // The right key still opens it, data intact.
    const again = open(dir);
    expect(again.context.db.prepare('SELECT value FROM replica_setting WHERE key = ?').pluck().get(TOKEN_KEY)).toBe(TOKEN);
  });

  it('a replica copied to another machine (its own key store) is refused, never replaced, and no key is made for it', () => {
    const home = tempDir();
    const homeKey = hexKeyFileStore(path.join(home, WEB_HOST_KEY_FILE));
    close(open(home, { replicaKey: homeKey }));
    const other = tempDir();
    fs.copyFileSync(replicaPath(home), replicaPath(other));
    fs.copyFileSync(highWaterFile(replicaPath(home)), highWaterFile(replicaPath(other)));
    // The other machine has a key of its own.
    const otherKey = path.join(other, WEB_HOST_KEY_FILE);
    fs.writeFileSync(otherKey, `${newReplicaKey().toString('hex')}\n`);
    const before = fingerprint(other);
    expect(() => open(other, { replicaKey: hexKeyFileStore(otherKey) })).toThrow(expect.objectContaining({ reason: 'wrong-key' }));
    expect(fingerprint(other)).toEqual(before);
    // And none at all: the key is missing, nothing is created.
    fs.rmSync(otherKey);
    const withoutKey = fingerprint(other);
    let caught: unknown;
    try {
      open(other, { replicaKey: hexKeyFileStore(otherKey) });
    } catch (error) {
      caught = error;
    }
    expect((caught as ReplicaOpenError).reason).toBe('key-missing');
    expect(startupErrorOf(caught as ReplicaOpenError).message).toMatch(/nyckeln till den saknas/);
    expect(fingerprint(other)).toEqual(withoutKey);
  });
});

describe('a replica from before encryption', () => {
  it('is encrypted in place on the first open, with every row and the writes still in its -wal', () => {
    const dir = tempDir();
    const file = replicaPath(dir);
    const live = plainReplica(file);
    live.pragma('wal_autocheckpoint = 0');
    setSetting(live, TOKEN_KEY, TOKEN);
    live.prepare("UPDATE sync_state SET last_mutation_id = 7 WHERE id = 1").run();
    const counts = (db: typeof live) => ({
      recipients: db.prepare('SELECT count(*) FROM recipient').pluck().get(),
      individuals: db.prepare('SELECT count(*) FROM individual').pluck().get(),
      articles: db.prepare('SELECT count(*) FROM article').pluck().get(),
    });
    const expected = counts(live);
    const numbers = live.prepare("SELECT personal_number FROM recipient WHERE personal_number IS NOT NULL LIMIT 10").pluck().all() as string[];
    // The files as a kill leaves them: the token and the sequence only in the -wal.
    const crashed = tempDir();
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(`${file}${suffix}`, `${replicaPath(crashed)}${suffix}`);
    live.close();
    expect(found(`${replicaPath(crashed)}-wal`, [TOKEN])).toEqual([TOKEN]);
    writeHighWater(replicaPath(crashed), 7);
    // A side file left by an earlier attempt that crashed.
    fs.writeFileSync(`${replicaPath(crashed)}${ENCRYPTING_SUFFIX}`, 'half a copy');

    const warnings: string[] = [];
    const backend = open(crashed, { log: { warn: (m: string) => warnings.push(m), error: () => undefined } });
    const { db } = backend.context;
    expect(counts(db)).toEqual(expected);
    expect(db.prepare('SELECT value FROM replica_setting WHERE key = ?').pluck().get(TOKEN_KEY)).toBe(TOKEN);
    expect(db.prepare('SELECT last_mutation_id FROM sync_state WHERE id = 1').pluck().get()).toBe(7);
    expect(warnings).toEqual([`Buffert: the replica was stored unencrypted; it has been encrypted in place (${REPLICA_FILE}).`]);
    const out = replicaPath(crashed);
    expect(isPlainDatabase(out)).toBe(false);
    expect(fs.existsSync(`${out}${ENCRYPTING_SUFFIX}`)).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(found(out, [...numbers, TOKEN])).toEqual([]);
    close(backend);
    // And from now on it opens only with the key.
    expect(() => open(crashed, { replicaKey: newReplicaKey() })).toThrow(expect.objectContaining({ reason: 'wrong-key' }));
    close(open(crashed));
  });

  it('behind its high-water mark it is refused before anything is encrypted, every file as it was', () => {
    const dir = tempDir();
    const file = replicaPath(dir);
    plainReplica(file).close();
    writeHighWater(file, 5);
    const before = fingerprint(dir);
    expect(() => open(dir)).toThrow(expect.objectContaining({ reason: 'behind' }));
    expect(fingerprint(dir)).toEqual(before);
    expect(isPlainDatabase(file)).toBe(true);
  });

  it('a web-host key store with no key yet gets a new one for it, and the replica is encrypted with that', () => {
    const dir = tempDir();
    plainReplica(replicaPath(dir)).close();
    const keyFile = path.join(dir, WEB_HOST_KEY_FILE);
    close(open(dir, { replicaKey: hexKeyFileStore(keyFile) }));
    const key: ReplicaKey = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
    expect(isPlainDatabase(replicaPath(dir))).toBe(false);
    const db = openReplica(replicaPath(dir), { key });
    expect(db.prepare('SELECT count(*) FROM recipient').pluck().get()).toBeGreaterThan(0);
    db.close();
  });
});

describe('file modes (POSIX)', () => {
  it.skipIf(process.platform === 'win32')('the data directory is 0700 and every file in it 0600, also ones an older build left 0644', () => {
    const root = tempDir();
    const dir = path.join(root, 'data');
    // What an older build left: a world-readable folder and replica.
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const old = plainReplica(replicaPath(dir));
    old.close();
    fs.chmodSync(replicaPath(dir), 0o644);
    fs.writeFileSync(path.join(dir, SCANNER_SETTINGS_FILE), JSON.stringify(DEFAULT_SCANNER_SETTINGS), { mode: 0o644 });
    fs.chmodSync(path.join(dir, SCANNER_SETTINGS_FILE), 0o644);

    const backend = open(dir, { replicaKey: hexKeyFileStore(path.join(dir, WEB_HOST_KEY_FILE)) });
    setSetting(backend.context.db, TOKEN_KEY, TOKEN);
    new ScannerSettingsFile(dir).write(structuredClone(DEFAULT_SCANNER_SETTINGS));
    const modes = () =>
      Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, (fs.statSync(path.join(dir, name)).mode & 0o777).toString(8)]));
    expect(modes()).toEqual({
      [REPLICA_FILE]: '600',
      [`${REPLICA_FILE}-shm`]: '600',
      [`${REPLICA_FILE}-wal`]: '600',
      [`${REPLICA_FILE}.hwm`]: '600',
      [WEB_HOST_KEY_FILE]: '600',
      [SCANNER_SETTINGS_FILE]: '600',
    });
    expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700');
    close(backend);

    // A new data directory, under a permissive umask: still 0700 and 0600.
    const previous = process.umask(0o022);
    try {
      const fresh = path.join(root, 'fresh');
      close(open(fresh, { replicaKey: hexKeyFileStore(path.join(fresh, WEB_HOST_KEY_FILE)) }));
      expect((fs.statSync(fresh).mode & 0o777).toString(8)).toBe('700');
      for (const name of fs.readdirSync(fresh)) expect((fs.statSync(path.join(fresh, name)).mode & 0o777).toString(8), name).toBe('600');
    } finally {
      process.umask(previous);
    }
  });
});
