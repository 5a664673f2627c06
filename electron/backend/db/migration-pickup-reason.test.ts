import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { seedDemoData } from '../demo/seed';
import { migrations } from './migrations';
import { connectReplica, migrate, schemaVersion, type Db } from './replica';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A replica file as the build before an optional pick-up reason left it: migrated to 25, demo data, pick-ups, foreign keys on. */
function replicaAt25(): Db {
  const dir = makeTempDir();
  dirs.push(dir);
  const db = connectReplica(path.join(dir, 'buffert.sqlite'), TEST_REPLICA_KEY);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const m of migrations.filter((x) => x.version <= 25)) {
    db.transaction(() => {
      db.exec(m.sql);
      m.after?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  seedDemoData(db, { individuals: 200, articles: 60, recipients: 20 });
  const article = db.prepare('SELECT id FROM article ORDER BY article_no LIMIT 1').pluck().get() as string;
  const reasons = db.prepare('SELECT id FROM pickup_reason ORDER BY position LIMIT 2').pluck().all() as string[];
  const recipient = db.prepare("SELECT id FROM recipient ORDER BY id LIMIT 1").pluck().get() as string;
  db.transaction(() => {
    const order = db.prepare(
      `INSERT INTO pickup_order (id, order_no, provisional_no, store_id, recipient_id, reason_id, status, address, postal_code, city, phone, door_code, instructions, comment, contact_prescriber, user_id, created_at, printed_at, closed_at)
       VALUES (?, ?, ?, '50301', ?, ?, ?, ?, NULL, NULL, '0411-1', '1234', NULL, 'Brådskande', ?, 'U3', ?, ?, NULL)`,
    );
    order.run('P1', '26450101', 'P50301-A1-0001', recipient, reasons[0], 'printed', 'Storgatan 1', 1, '2026-11-01T10:00:00.000Z', '2026-11-01T11:00:00.000Z');
    order.run('P2', null, 'P50301-A1-0002', recipient, reasons[1], 'registered', null, 0, '2026-11-02T10:00:00.000Z', null);
    const line = db.prepare("INSERT INTO pickup_order_line (id, pickup_order_id, store_id, line_no, aid_id, article_id, individual_id, quantity) VALUES (?, ?, '50301', ?, ?, ?, NULL, 1)");
    line.run('L1', 'P1', 1, 'AID-1', article);
    line.run('L2', 'P1', 2, 'AID-2', article);
    line.run('L3', 'P2', 1, 'AID-3', article);
    db.prepare("INSERT INTO pickup_order_event (id, pickup_order_id, store_id, kind, document, user_id, at) VALUES ('E1', 'P1', '50301', 'printed', 'pickupOrder', 'U3', '2026-11-01T11:00:00.000Z')").run();
  })();
  return db;
}

const schemaOf = (db: Db) =>
  db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE tbl_name LIKE 'pickup_order%' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name").all();

describe('replica migration 26: pickup_order.reason_id nullable (the table rebuilt the SQLite way)', () => {
  it('keeps every row, the indexes and foreign keys; after it a pick-up without a reason is stored, an unknown reason still refused', () => {
    const db = replicaAt25();
    const rows = (table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    const before = { orders: rows('pickup_order'), lines: rows('pickup_order_line'), events: rows('pickup_order_event') };
    const schemaBefore = schemaOf(db);
    expect(before.orders).toHaveLength(2);
    expect(() => db.prepare("UPDATE pickup_order SET reason_id = NULL WHERE id = 'P2'").run()).toThrow(/NOT NULL/);

    migrate(db);

    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect({ orders: rows('pickup_order'), lines: rows('pickup_order_line'), events: rows('pickup_order_event') }).toEqual(before);
    // The same tables and indexes (the unique order_no's automatic index too); no leftover table.
    expect(schemaOf(db)).toEqual(schemaBefore);
    expect(db.prepare("SELECT name FROM pragma_index_list('pickup_order') ORDER BY name").pluck().all()).toEqual(
      expect.arrayContaining(['pickup_order_provisional', 'pickup_order_recipient', 'pickup_order_store']),
    );
    expect(db.prepare("SELECT count(*) FROM pragma_index_list('pickup_order') WHERE \"unique\" = 1 AND origin = 'u'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'pickup_order_new'").pluck().get()).toBe(0);
    const columns = db.prepare("SELECT name, \"notnull\" FROM pragma_table_info('pickup_order') ORDER BY cid").all() as { name: string; notnull: number }[];
    expect(columns.map((c) => c.name)).toEqual(['id', 'order_no', 'provisional_no', 'store_id', 'recipient_id', 'reason_id', 'status', 'address', 'postal_code', 'city', 'phone', 'door_code', 'instructions', 'comment', 'contact_prescriber', 'user_id', 'created_at', 'printed_at', 'closed_at']);
    expect(columns.find((c) => c.name === 'reason_id')!.notnull).toBe(0);
    expect(columns.find((c) => c.name === 'recipient_id')!.notnull).toBe(1);

    // Null is accepted now; the foreign keys still hold (reason, recipient, the lines' order); the CHECKs too.
    db.prepare("UPDATE pickup_order SET reason_id = NULL WHERE id = 'P2'").run();
    expect(db.prepare("SELECT reason_id FROM pickup_order WHERE id = 'P2'").pluck().get()).toBeNull();
    expect(() => db.prepare("UPDATE pickup_order SET reason_id = 'no-such-reason' WHERE id = 'P2'").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE pickup_order SET recipient_id = 'no-such-recipient' WHERE id = 'P2'").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO pickup_order_line (id, pickup_order_id, store_id, line_no, aid_id, article_id, individual_id, quantity) VALUES ('L9', 'no-such-pickup', '50301', 1, 'AID-9', (SELECT id FROM article LIMIT 1), NULL, 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM pickup_order WHERE id = 'P1'").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE pickup_order SET status = 'bogus' WHERE id = 'P2'").run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE pickup_order SET order_no = '26450101' WHERE id = 'P2'").run()).toThrow(/UNIQUE/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
