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

/** A replica file as the build before the rekond status left it: migrated to 23, demo data, foreign keys on. */
function replicaAt23(): Db {
  const dir = makeTempDir();
  dirs.push(dir);
  const db = connectReplica(path.join(dir, 'buffert.sqlite'), TEST_REPLICA_KEY);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const m of migrations.filter((x) => x.version <= 23)) {
    db.transaction(() => {
      db.exec(m.sql);
      m.after?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  // Today's demo seed also writes tables that later migrations add: give it those for the seeding
  // only, so the file is what a store at 23 had.
  db.exec(`CREATE TABLE region_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT) STRICT`);
  seedDemoData(db, { individuals: 400, articles: 120, recipients: 40 });
  db.exec('DROP TABLE region_setting');
  return db;
}

const byStatus = (db: Db) => db.prepare('SELECT status, count(*) AS n FROM individual GROUP BY status ORDER BY status').all() as { status: string; n: number }[];

describe('replica migration 24: individual status rekond (the table rebuilt the SQLite way)', () => {
  it('keeps every row, its FTS entry, indexes, triggers and foreign keys; a pending rekond becomes status rekond', () => {
    const db = replicaAt23();
    // A returned individual waiting for rekond as the old rule left it: inRepair plus a pending line.
    const held = db
      .prepare("SELECT a.id AS aid_id, a.recipient_id, a.article_id, a.individual_id, i.individual_no FROM aid a JOIN individual i ON i.id = a.individual_id WHERE i.status = 'atRecipient' LIMIT 1")
      .get() as { aid_id: string; recipient_id: string; article_id: string; individual_id: string; individual_no: string };
    const repairing = db.prepare("SELECT id FROM individual WHERE status = 'inStore' AND store_id = '50301' LIMIT 1").pluck().get() as string;
    db.transaction(() => {
      db.prepare("INSERT INTO return_receipt (id, store_id, recipient_id, user_id, at, comment, aid_ids) VALUES ('K1', '50301', ?, 'U1', '2026-11-01T10:00:00Z', NULL, ?)").run(
        held.recipient_id,
        JSON.stringify([held.aid_id]),
      );
      db.prepare("INSERT INTO aid_return (id, store_id, recipient_id, receipt_id, user_id, at, contact_prescriber) VALUES ('R1', '50301', ?, 'K1', 'U1', '2026-11-01T10:05:00Z', 1)").run(held.recipient_id);
      db.prepare(
        "INSERT INTO aid_return_line (id, return_id, store_id, aid_id, article_id, individual_id, quantity, outcome, rekond, contact_prescriber) VALUES ('L1', 'R1', '50301', ?, ?, ?, 1, 'stock', 'pending', 1)",
      ).run(held.aid_id, held.article_id, held.individual_id);
      db.prepare("UPDATE individual SET status = 'inRepair', store_id = '50301' WHERE id = ?").run(held.individual_id);
      // A buffer repair is inRepair without a return line: it stays so.
      db.prepare("UPDATE individual SET status = 'inRepair' WHERE id = ?").run(repairing);
    })();
    const rowsBefore = db.prepare('SELECT seq, id, individual_no, serial_no, article_id, store_id, location, status FROM individual ORDER BY seq').all() as { id: string; status: string }[];
    const statusesBefore = byStatus(db);
    const textsBefore = db.prepare('SELECT count(*) FROM individual_text').pluck().get();

    migrate(db);

    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT status FROM individual WHERE id = ?").pluck().get(held.individual_id)).toBe('rekond');
    expect(db.prepare("SELECT status FROM individual WHERE id = ?").pluck().get(repairing)).toBe('inRepair');
    const rowsAfter = db.prepare('SELECT seq, id, individual_no, serial_no, article_id, store_id, location, status FROM individual ORDER BY seq').all() as { id: string; status: string }[];
    expect(rowsAfter.map((r) => (r.id === held.individual_id ? { ...r, status: 'inRepair' } : r))).toEqual(rowsBefore);
    const moved = statusesBefore.map((s) => (s.status === 'inRepair' ? { ...s, n: s.n - 1 } : s)).filter((s) => s.n > 0);
    expect(byStatus(db)).toEqual([...moved, { status: 'rekond', n: 1 }].sort((a, b) => (a.status < b.status ? -1 : 1)));
    expect(db.prepare('SELECT count(*) FROM individual_text').pluck().get()).toBe(textsBefore);

    // The schema: indexes and FTS triggers are back on the new table; no leftover table.
    const names = db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'individual' ORDER BY name").pluck().all();
    expect(names).toEqual(
      expect.arrayContaining(['individual', 'individual_article', 'individual_fts_ad', 'individual_fts_ai', 'individual_fts_au', 'individual_no_rev', 'individual_serial', 'individual_store_status']),
    );
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'individual_new'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'deviation_recipient'").pluck().get()).toBe(1);

    // FTS: the old rows are found (seq kept), and the triggers index new and changed rows.
    const fts = (q: string) => db.prepare('SELECT i.individual_no FROM individual_fts f JOIN individual i ON i.seq = f.rowid WHERE individual_fts MATCH ?').pluck().all(`"${q}"`);
    expect(fts(held.individual_no)).toContain(held.individual_no);
    db.prepare("UPDATE individual SET serial_no = 'SNREKOND77' WHERE id = ?").run(held.individual_id);
    expect(fts('SNREKOND77')).toEqual([held.individual_no]);
    db.exec("INSERT INTO individual_fts(individual_fts) VALUES ('integrity-check')");

    // The widened CHECK takes rekond and still refuses a word that is no status; the foreign keys hold.
    expect(() => db.prepare("UPDATE individual SET status = 'bogus' WHERE id = ?").run(repairing)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("INSERT INTO individual_text (id, individual_id, at, user_id, text) VALUES ('T1', 'no-such-individual', '2026-11-01', 'U1', 'x')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
