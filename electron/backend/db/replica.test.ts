import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from './audit';
import { makeTempDir, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { migrations } from './migrations';
import { openReplica, ReplicaOpenError, schemaVersion, startupErrorOf } from './replica';

const dirs: string[] = [];
const tempFile = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return path.join(dir, 'buffert.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('local replica', () => {
  it('is created with WAL, foreign keys, a busy timeout and every migration', () => {
    const db = openReplica(tempFile(), { key: TEST_REPLICA_KEY });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('reopens without re-running migrations', () => {
    const file = tempFile();
    openReplica(file, { key: TEST_REPLICA_KEY }).close();
    const db = openReplica(file, { key: TEST_REPLICA_KEY });
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('refuses a foreign key that points nowhere', () => {
    const db = openReplica(tempFile(), { key: TEST_REPLICA_KEY });
    expect(() =>
      db.prepare("INSERT INTO individual (id, individual_no, individual_no_rev, article_id, status) VALUES ('x','1','1','no-such-article','inStore')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('keeps the stock ledger and audit log append-only', () => {
    const db = openReplica(tempFile(), { key: TEST_REPLICA_KEY });
    db.exec("INSERT INTO store (id, name, kind) VALUES ('1','S','buffer'); INSERT INTO iso_class (code, name) VALUES ('12','x');");
    db.exec("INSERT INTO article (id, article_no, name, article_type, article_status, iso_code) VALUES ('A1','10001','Rollator','mainAid','active','12')");
    db.exec("INSERT INTO stock_movement (id, store_id, article_id, quantity, reason, at) VALUES ('m1','1','A1',2,'adjustment','2026-01-01')");
    expect(() => db.exec('UPDATE stock_movement SET quantity = 3')).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM stock_movement')).toThrow(/append-only/);
    appendAudit(db, { at: '2026-01-01', userId: null, action: 'x', entity: 'y', entityId: 'z' });
    expect(() => db.exec("UPDATE audit_log SET action = 'w'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    db.close();
  });

  it('reports a corrupt file as a ReplicaOpenError with its path and a Swedish explanation', () => {
    const file = tempFile();
    fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
    let caught: unknown;
    try {
      openReplica(file, { key: TEST_REPLICA_KEY });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReplicaOpenError);
    const error = caught as ReplicaOpenError;
    expect(error.filePath).toBe(file);
    const shown = startupErrorOf(error);
    expect(shown.code).toBe('startup-failed');
    expect(shown.message).toContain(file);
    expect(shown.message).toMatch(/skadad/);
  });

  it('refuses a replica written by a newer schema', () => {
    const file = tempFile();
    const db = openReplica(file, { key: TEST_REPLICA_KEY });
    db.pragma('user_version = 999');
    db.close();
    expect(() => openReplica(file, { key: TEST_REPLICA_KEY })).toThrow(ReplicaOpenError);
    try {
      openReplica(file, { key: TEST_REPLICA_KEY });
    } catch (error) {
      expect((error as ReplicaOpenError).reason).toBe('too-new');
    }
  });
});
