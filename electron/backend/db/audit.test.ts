import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { auditHash } from '../../../shared/domain/audit/chain';
import { appendAudit, sha256Hex, verifyReplicaAudit } from './audit';
import { migrations } from './migrations';
import { connectReplica, migrate, openReplica, type Db } from './replica';

const dirs: string[] = [];
const tempFile = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return path.join(dir, 'buffert.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function withEntries(n: number): Db {
  const db = openReplica(tempFile(), { key: TEST_REPLICA_KEY });
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      appendAudit(db, { at: `2026-11-0${(i % 9) + 1}T10:00:00.000Z`, userId: 'U1', action: 'individual.addText', entity: 'individual', entityId: `I${i}`, details: { text: `text ${i}`, n: i } });
    }
  })();
  return db;
}

/** What a tamperer with the file does: drop the guard, change the rows. */
function tamper(db: Db, sql: string, ...params: unknown[]): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare(sql).run(...params);
}

describe('Audit chain verification detects tampering (test): the workstation chain', () => {
  it('entries carry consecutive sequence numbers, the previous hash and their own; an untouched chain verifies', () => {
    const db = withEntries(5);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(verifyReplicaAudit(db)).toEqual({ count: 5, lastSeq: 5, breaks: [] });
    db.close();
  });

  it('SQLite refuses UPDATE and DELETE on audit_log', () => {
    const db = withEntries(2);
    expect(() => db.exec("UPDATE audit_log SET details = '{}' WHERE seq = 1")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 2')).toThrow(/append-only/);
    db.close();
  });

  it('finds an edited entry (direct UPDATE after dropping the trigger)', () => {
    const db = withEntries(5);
    tamper(db, "UPDATE audit_log SET details = '{\"n\":3,\"text\":\"ändrad\"}' WHERE seq = 3");
    const v = verifyReplicaAudit(db);
    expect(v.breaks).toEqual([expect.objectContaining({ seq: 3, kind: 'content' })]);
    expect(v.breaks[0]!.message).toMatch(/Post 3: innehållet stämmer inte/);
    db.close();
  });

  it('finds an edited entry whose own hash was recomputed: the next entry no longer links', () => {
    const db = withEntries(5);
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as { prev_hash: string; at: string; entity_id: string };
    const details = { n: 3, text: 'ändrad' };
    const hash = auditHash(sha256Hex, { seq: 3, at: row.at, userId: 'U1', action: 'individual.addText', entity: 'individual', entityId: row.entity_id, details }, row.prev_hash);
    tamper(db, 'UPDATE audit_log SET details = ?, hash = ? WHERE seq = 3', JSON.stringify(details), hash);
    expect(verifyReplicaAudit(db).breaks.map((b) => [b.seq, b.kind])).toEqual([[4, 'link']]);
    db.close();
  });

  it('finds reordered entries (two entries swapped)', () => {
    const db = withEntries(5);
    tamper(db, 'UPDATE audit_log SET seq = -2 WHERE seq = 2');
    tamper(db, 'UPDATE audit_log SET seq = 2 WHERE seq = 4');
    tamper(db, 'UPDATE audit_log SET seq = 4 WHERE seq = -2');
    const v = verifyReplicaAudit(db);
    expect(v.breaks.map((b) => [b.seq, b.kind])).toEqual([
      [2, 'content'],
      [3, 'link'],
      [4, 'content'],
      [5, 'link'],
    ]);
    db.close();
  });

  it('finds a deleted entry (in the middle, and the last one is caught by central: see sync tests)', () => {
    const db = withEntries(5);
    tamper(db, 'DELETE FROM audit_log WHERE seq = 3');
    expect(verifyReplicaAudit(db).breaks.map((b) => [b.seq, b.kind])).toEqual([
      [4, 'gap'],
      [4, 'link'],
    ]);
    db.close();
  });

  it('finds a deleted entry whose followers were renumbered', () => {
    const db = withEntries(5);
    tamper(db, 'DELETE FROM audit_log WHERE seq = 3');
    tamper(db, 'UPDATE audit_log SET seq = seq - 1 WHERE seq > 3');
    expect(verifyReplicaAudit(db).breaks.map((b) => [b.seq, b.kind])).toEqual([
      [3, 'content'],
      [4, 'content'],
    ]);
    db.close();
  });

  it('finds an inserted entry (at the end with made-up hashes, and in the middle)', () => {
    const db = withEntries(4);
    db.prepare("INSERT INTO audit_log (seq, at, user_id, action, entity, entity_id, details, prev_hash, hash) VALUES (5, '2026-11-09T10:00:00.000Z', 'U1', 'x', 'y', 'z', NULL, ?, ?)").run(
      'a'.repeat(64),
      'b'.repeat(64),
    );
    expect(verifyReplicaAudit(db).breaks.map((b) => [b.seq, b.kind])).toEqual([[5, 'content']]);
    db.close();

    const db2 = withEntries(4);
    const second = db2.prepare('SELECT hash FROM audit_log WHERE seq = 2').pluck().get() as string;
    tamper(db2, 'UPDATE audit_log SET seq = seq + 10 WHERE seq > 2');
    tamper(db2, 'UPDATE audit_log SET seq = seq - 9 WHERE seq > 10');
    // A forged entry 3 chained properly after entry 2: the entries after it still fail.
    const forged = { seq: 3, at: '2026-11-09T10:00:00.000Z', userId: 'U9', action: 'recipient.view', entity: 'recipient', entityId: 'R1', details: null };
    db2.prepare('INSERT INTO audit_log (seq, at, user_id, action, entity, entity_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)').run(
      forged.seq,
      forged.at,
      forged.userId,
      forged.action,
      forged.entity,
      forged.entityId,
      second,
      auditHash(sha256Hex, forged, second),
    );
    expect(verifyReplicaAudit(db2).breaks.map((b) => [b.seq, b.kind])).toEqual([
      [4, 'content'],
      [5, 'content'],
    ]);
    db2.close();
  });

  it('migration 8 chains the entries written before it, in their order', () => {
    const file = tempFile();
    const raw = connectReplica(file, TEST_REPLICA_KEY);
    for (const m of migrations.filter((x) => x.version < 8)) {
      raw.exec(m.sql);
      m.after?.(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    raw.exec(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, details) VALUES
      ('2026-01-01T00:00:00Z', 'U1', 'login', 'user', 'U1', NULL),
      ('2026-01-02T00:00:00Z', 'U1', 'individual.addText', 'individual', 'I1', '{"text":"hej"}'),
      ('2026-01-03T00:00:00Z', NULL, 'replica.acceptLostChanges', 'replica', 'buffert.sqlite', '{"lost":2}')`);
    migrate(raw);
    const rows = raw.prepare('SELECT seq, action, details FROM audit_log ORDER BY seq').all();
    expect(rows).toEqual([
      { seq: 1, action: 'login', details: null },
      { seq: 2, action: 'individual.addText', details: '{"text":"hej"}' },
      { seq: 3, action: 'replica.acceptLostChanges', details: '{"lost":2}' },
    ]);
    expect(verifyReplicaAudit(raw)).toEqual({ count: 3, lastSeq: 3, breaks: [] });
    expect(() => raw.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    appendAudit(raw, { at: '2026-01-04T00:00:00Z', userId: 'U1', action: 'logout', entity: 'user', entityId: 'U1' });
    expect(verifyReplicaAudit(raw)).toMatchObject({ count: 4, breaks: [] });
    raw.close();
  });
});
