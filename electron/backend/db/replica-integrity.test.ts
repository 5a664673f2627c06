import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';
import { openBackend, replicaPath, type Backend, type BackendOptions } from '../backend';
import { acceptLostChangesFrom } from '../config';
import { highWaterFile, readHighWater, writeHighWater } from './high-water';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { connectReplica, REPLICA_FILE, ReplicaOpenError, startupErrorOf, type ReplicaProblem } from './replica';

/**
 * The start-up check of the replica against real SQLite files: every damaged replica is refused
 * with its reason and left byte-for-byte as it was (main file, -wal, -shm and the high-water
 * mark, and no new file beside them); healthy and new ones open as before.
 */

const WRITES = 5;
const NOW = () => new Date('2026-11-22T10:00:00Z');
const quiet = { warn: () => undefined, error: () => undefined };

const dirs: string[] = [];
const tempDir = (prefix = 'buffert-integrity-') => {
  const dir = makeTempDir(prefix);
  dirs.push(dir);
  return dir;
};
const openBackends: Backend[] = [];
const open = (dataDir: string, extra: Partial<BackendOptions> = {}) => {
  const backend = openBackend({ dataDir, replicaKey: TEST_REPLICA_KEY, now: NOW, log: quiet, ...extra });
  openBackends.push(backend);
  return backend;
};
const close = (backend: Backend) => {
  openBackends.splice(openBackends.indexOf(backend), 1);
  backend.close();
};
afterEach(() => {
  for (const b of openBackends.splice(0)) b.close();
});
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Every entry of the data directory with the sha256 of its bytes: what "unchanged" means here. */
function fingerprint(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dataDir).sort()) {
    const file = path.join(dataDir, name);
    out[name] = fs.statSync(file).isDirectory() ? 'dir' : crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

function adjust(backend: Backend, n: number): number[] {
  const articleId = backend.context.db
    .prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1")
    .pluck()
    .get() as string;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const saved = dispatch(backend, 'stock.adjust', { articleId, quantity: 1 + i, reason: `integritet ${i}` });
    if (!saved.ok) throw new Error(saved.error.message);
    ids.push((saved.value as { mutationId: number }).mutationId);
  }
  return ids;
}

function lastMutationId(backend: Backend): number {
  return backend.context.db.prepare('SELECT last_mutation_id FROM sync_state WHERE id = 1').pluck().get() as number;
}

let cleanTemplate: string;
let crashTemplate: string;

beforeAll(() => {
  // A demo replica closed cleanly: no -wal, no -shm, mark 0.
  cleanTemplate = tempDir('buffert-integrity-clean-');
  close(open(cleanTemplate));

  // The files as a kill leaves them: WRITES confirmed adjustments only in the -wal (no
  // checkpoint), the -shm, and the mark. Copied while the connection is still open.
  const live = tempDir('buffert-integrity-live-');
  fs.cpSync(cleanTemplate, live, { recursive: true });
  const backend = open(live);
  backend.context.db.pragma('wal_autocheckpoint = 0');
  expect(dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
  expect(adjust(backend, WRITES)).toEqual([1, 2, 3, 4, 5]);
  crashTemplate = tempDir('buffert-integrity-crash-');
  for (const name of fs.readdirSync(live)) fs.copyFileSync(path.join(live, name), path.join(crashTemplate, name));
  close(backend);
  expect(Object.keys(fingerprint(crashTemplate))).toEqual([REPLICA_FILE, `${REPLICA_FILE}-shm`, `${REPLICA_FILE}-wal`, `${REPLICA_FILE}.hwm`]);
  expect(fs.statSync(path.join(crashTemplate, `${REPLICA_FILE}-wal`)).size).toBeGreaterThan(0);
  expect(readHighWater(replicaPath(crashTemplate))).toEqual({ kind: 'ok', lastMutationId: WRITES });
});

const fromTemplate = (template: string) => {
  const dir = tempDir();
  fs.cpSync(template, dir, { recursive: true });
  return dir;
};

/** Opens the backend on `dataDir`, expects the refusal and that not one byte changed. */
function expectRefused(dataDir: string, reason: ReplicaProblem, extra: Partial<BackendOptions> = {}): ReplicaOpenError {
  const before = fingerprint(dataDir);
  let caught: unknown;
  try {
    open(dataDir, extra);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ReplicaOpenError);
  const error = caught as ReplicaOpenError;
  expect(error.reason).toBe(reason);
  expect(error.filePath).toBe(replicaPath(dataDir));
  expect(fingerprint(dataDir)).toEqual(before);
  return error;
}

/** Overwrites `length` bytes at `offset` with a fixed pattern. */
function scribble(file: string, offset: number, length: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  fs.closeSync(fd);
}

describe('a damaged replica is refused and left byte-for-byte unchanged', () => {
  it('a corrupt main file with a WAL beside it: the WAL is not checkpointed into it nor deleted', () => {
    const dir = fromTemplate(crashTemplate);
    const file = replicaPath(dir);
    // Pages in the middle of the file: b-tree pages of the demo data, not in the -wal.
    scribble(file, 40 * 4096, 64 * 4096);
    const error = expectRefused(dir, 'corrupt');
    expect(String((error.cause as Error).message)).toMatch(/quick_check|malformed/);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
  });

  it('a corrupt WAL (a damaged frame): the confirmed writes after it would be dropped, so it is behind', () => {
    const dir = fromTemplate(crashTemplate);
    const wal = `${replicaPath(dir)}-wal`;
    // Inside the first frame's page: its checksum fails, and SQLite ignores it and every later frame.
    scribble(wal, 32 + 24 + 100, 16);
    const error = expectRefused(dir, 'behind');
    expect(error.facts).toEqual({ highWater: WRITES, lastMutationId: 0 });
  });

  it('a WAL with a broken header: the whole WAL would be ignored, so it is behind', () => {
    const dir = fromTemplate(crashTemplate);
    scribble(`${replicaPath(dir)}-wal`, 0, 8);
    expect(expectRefused(dir, 'behind').facts).toEqual({ highWater: WRITES, lastMutationId: 0 });
  });

  it('a truncated main file, with and without its WAL', () => {
    for (const template of [crashTemplate, cleanTemplate]) {
      const dir = fromTemplate(template);
      const file = replicaPath(dir);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      expectRefused(dir, 'corrupt');
    }
  });

  it('a 0-byte main file alone is not made a new replica', () => {
    const dir = tempDir();
    fs.writeFileSync(replicaPath(dir), '');
    const error = expectRefused(dir, 'empty');
    expect(error.facts.traces).toEqual([]);
    expect(startupErrorOf(error).message).toMatch(/tom \(0 byte\)/);
  });

  it('a 0-byte main file with its -wal, -shm and mark beside it', () => {
    const dir = fromTemplate(crashTemplate);
    fs.writeFileSync(replicaPath(dir), '');
    const error = expectRefused(dir, 'empty');
    expect(error.facts.traces).toEqual([`${REPLICA_FILE}-wal`, `${REPLICA_FILE}-shm`, `${REPLICA_FILE}.hwm`]);
  });

  it('a missing main file with -wal and -shm beside it is not made a new (demo) replica', () => {
    const dir = fromTemplate(crashTemplate);
    fs.rmSync(replicaPath(dir));
    fs.rmSync(highWaterFile(replicaPath(dir)));
    const error = expectRefused(dir, 'missing');
    expect(error.facts.traces).toEqual([`${REPLICA_FILE}-wal`, `${REPLICA_FILE}-shm`]);
    expect(fs.existsSync(replicaPath(dir))).toBe(false);
    // Also with a central server configured (where a new replica would start empty).
    expectRefused(dir, 'missing', { centralUrl: 'http://127.0.0.1:9', sync: { autoStart: false } });
  });

  it('a missing main file with only its high-water mark left', () => {
    const dir = fromTemplate(cleanTemplate);
    fs.rmSync(replicaPath(dir));
    expect(expectRefused(dir, 'missing').facts.traces).toEqual([`${REPLICA_FILE}.hwm`]);
  });

  it('a lost WAL: the main file behind the high-water mark', () => {
    const dir = fromTemplate(crashTemplate);
    fs.rmSync(`${replicaPath(dir)}-wal`);
    fs.rmSync(`${replicaPath(dir)}-shm`);
    const error = expectRefused(dir, 'behind');
    expect(error.facts).toEqual({ highWater: WRITES, lastMutationId: 0 });
    const shown = startupErrorOf(error);
    expect(shown.details).toMatchObject({ reason: 'behind', missing: { from: 1, to: WRITES, count: WRITES } });
    expect(shown.message).toContain(`nr 1–${WRITES} (${WRITES} bekräftade ändringar)`);
    expect(shown.message).toContain(`--accept-lost-changes=${WRITES}`);
  });

  it('an older copy of the main file put back (a restored backup)', () => {
    const dir = fromTemplate(cleanTemplate);
    const file = replicaPath(dir);
    let backend = open(dir);
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    adjust(backend, 2);
    close(backend);
    const backup = fs.readFileSync(file);
    backend = open(dir);
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    adjust(backend, 3);
    close(backend);
    fs.writeFileSync(file, backup);
    const error = expectRefused(dir, 'behind');
    expect(error.facts).toEqual({ highWater: 5, lastMutationId: 2 });
    expect(startupErrorOf(error).message).toContain('nr 3–5 (3 bekräftade ändringar)');
  });

  it('an unreadable high-water mark', () => {
    const dir = fromTemplate(crashTemplate);
    fs.writeFileSync(highWaterFile(replicaPath(dir)), 'inte en siffra\n');
    const error = expectRefused(dir, 'mark-unreadable');
    expect(error.facts.lastMutationId).toBe(WRITES);
  });

  it('a replica from a newer schema, with its WAL', () => {
    const dir = fromTemplate(crashTemplate);
    // A newer build's schema version, written through the (encrypted) connection; the WAL that
    // holds it is copied back beside the crash template's main file.
    const db = connectReplica(replicaPath(dir), TEST_REPLICA_KEY);
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('user_version = 999');
    const copy = tempDir();
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(`${replicaPath(dir)}${suffix}`, `${replicaPath(copy)}${suffix}`);
    fs.copyFileSync(highWaterFile(replicaPath(dir)), highWaterFile(replicaPath(copy)));
    db.close();
    expectRefused(copy, 'too-new');
  });

  it('a symlinked main file: its target and the -wal and -shm beside the target stay unchanged', () => {
    const real = fromTemplate(crashTemplate);
    scribble(replicaPath(real), 40 * 4096, 64 * 4096);
    fs.rmSync(highWaterFile(replicaPath(real)));
    const dir = tempDir();
    fs.symlinkSync(replicaPath(real), replicaPath(dir));
    const target = fingerprint(real);
    expectRefused(dir, 'corrupt');
    expect(fingerprint(real)).toEqual(target);
  });

  it('the check works on a full copy when it cannot use a hard link (a stray -journal) and still changes nothing', () => {
    const dir = fromTemplate(crashTemplate);
    fs.writeFileSync(`${replicaPath(dir)}-journal`, '');
    scribble(replicaPath(dir), 40 * 4096, 64 * 4096);
    expectRefused(dir, 'corrupt');
  });
});

describe('a healthy or new replica opens as before', () => {
  it('a replica left by a kill opens with its WAL, keeps every confirmed write and writes on', () => {
    const dir = fromTemplate(crashTemplate);
    const backend = open(dir);
    expect(lastMutationId(backend)).toBe(WRITES);
    expect(backend.context.db.prepare("SELECT count(*) FROM stock_movement WHERE note LIKE 'integritet %'").pluck().get()).toBe(WRITES);
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    expect(adjust(backend, 2)).toEqual([WRITES + 1, WRITES + 2]);
    // The mark follows every commit.
    expect(readHighWater(replicaPath(dir))).toEqual({ kind: 'ok', lastMutationId: WRITES + 2 });
    close(backend);
    expect(lastMutationId(open(dir))).toBe(WRITES + 2);
    expect(fs.existsSync(`${replicaPath(dir)}.check`)).toBe(false);
  });

  it('a new data directory gets a new demo replica and a mark of 0', () => {
    const dir = path.join(tempDir(), 'ny');
    const backend = open(dir);
    expect(backend.context.db.prepare('SELECT count(*) FROM article').pluck().get()).toBeGreaterThan(0);
    expect(readHighWater(replicaPath(dir))).toEqual({ kind: 'ok', lastMutationId: 0 });
    close(backend);
    expect(fs.readdirSync(dir).sort()).toEqual([REPLICA_FILE, `${REPLICA_FILE}.hwm`]);
  });

  it('a new data directory with a central server gets an empty migrated replica, never a 0-byte file', () => {
    const dir = tempDir();
    const backend = open(dir, { centralUrl: 'http://127.0.0.1:9', sync: { autoStart: false } });
    expect(backend.context.db.prepare('SELECT count(*) FROM article').pluck().get()).toBe(0);
    close(backend);
    expect(fs.statSync(replicaPath(dir)).size).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).some((n) => n.includes('.seeding'))).toBe(false);
  });

  it('a replica ahead of its mark (the mark lost) opens and rewrites the mark', () => {
    const dir = fromTemplate(crashTemplate);
    fs.rmSync(highWaterFile(replicaPath(dir)));
    open(dir);
    expect(readHighWater(replicaPath(dir))).toEqual({ kind: 'ok', lastMutationId: WRITES });
    const older = fromTemplate(crashTemplate);
    writeHighWater(replicaPath(older), 2);
    open(older);
    expect(readHighWater(replicaPath(older))).toEqual({ kind: 'ok', lastMutationId: WRITES });
  });

  it('a write stays saved when the mark cannot be written; the error is logged', () => {
    const dir = fromTemplate(cleanTemplate);
    const log = { warn: vi.fn(), error: vi.fn() };
    const backend = open(dir, { log });
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    // A directory where the temp file should go makes every mark write fail.
    fs.mkdirSync(`${replicaPath(dir)}.hwm.tmp`);
    expect(adjust(backend, 1)).toEqual([1]);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('high-water mark'), expect.anything());
    expect(readHighWater(replicaPath(dir))).toEqual({ kind: 'ok', lastMutationId: 0 });
    expect(lastMutationId(backend)).toBe(1);
  });
});

describe('support accepts lost changes on purpose', () => {
  it('with the mark’s number the replica opens, the acceptance is audited and logged, and the mark follows the replica', () => {
    const dir = fromTemplate(crashTemplate);
    fs.rmSync(`${replicaPath(dir)}-wal`);
    fs.rmSync(`${replicaPath(dir)}-shm`);
    const log = { warn: vi.fn(), error: vi.fn() };
    const backend = open(dir, { acceptLostChanges: WRITES, log });
    expect(lastMutationId(backend)).toBe(0);
    const audit = backend.context.db.prepare("SELECT user_id, entity, entity_id, details FROM audit_log WHERE action = 'replica.acceptLostChanges'").all();
    expect(audit).toEqual([{ user_id: null, entity: 'replica', entity_id: REPLICA_FILE, details: JSON.stringify({ highWater: WRITES, lastMutationId: 0, lost: WRITES }) }]);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toBe(`Buffert: support accepted ${WRITES} lost local change(s) (mutations 1-${WRITES}); the replica continues from mutation 0.`);
    expect(readHighWater(replicaPath(dir))).toEqual({ kind: 'ok', lastMutationId: 0 });
    close(backend);
    // From now on it is an ordinary replica: it opens without the flag.
    expect(lastMutationId(open(dir))).toBe(0);
  });

  it('any other number accepts nothing: the replica stays refused and unchanged', () => {
    const dir = fromTemplate(crashTemplate);
    fs.rmSync(`${replicaPath(dir)}-wal`);
    for (const accept of [WRITES - 1, WRITES + 1, 0]) expectRefused(dir, 'behind', { acceptLostChanges: accept });
  });

  it('the number comes from --accept-lost-changes or BUFFERT_ACCEPT_LOST_CHANGES', () => {
    expect(acceptLostChangesFrom({}, ['node', 'main.ts', '--accept-lost-changes=42'])).toBe(42);
    expect(acceptLostChangesFrom({}, ['Buffert.exe', '--accept-lost-changes', '7'])).toBe(7);
    expect(acceptLostChangesFrom({ BUFFERT_ACCEPT_LOST_CHANGES: ' 12 ' }, [])).toBe(12);
    expect(acceptLostChangesFrom({ BUFFERT_ACCEPT_LOST_CHANGES: '12' }, ['--accept-lost-changes=3'])).toBe(3);
    for (const bad of ['', 'ja', '-1', '1.5', '5 6']) expect(acceptLostChangesFrom({ BUFFERT_ACCEPT_LOST_CHANGES: bad }, [])).toBeNull();
    expect(acceptLostChangesFrom({}, ['--accept-lost-changes'])).toBeNull();
  });
});
