import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Change } from '../../../shared/sync/protocol';
import { blobColumns, REPLICATED_TABLES, reverseText, TABLE_SPECS, tableSpec, type ReplicatedTable } from '../../../shared/sync/tables';
import type { Db } from '../db/replica';

/**
 * Writes pulled changes into the replica's tables: upsert by the row's key, delete by the change's
 * id. Runs inside the page's transaction (see engine.ts). The server's rows are the truth; their
 * columns are the ones of the shared table spec (shared/sync/tables.ts): a column the spec does
 * not know fails the page loudly (this version of Buffert is older than the central server's
 * data), local-only columns (`seq`, the FTS rowid) are never taken from the server, and derived
 * columns (`individual_no_rev`) are always computed here.
 */

/** A pulled row named a column this version does not know: stop and ask for an update. */
export class UnknownColumnError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
  ) {
    super(`pulled ${table} row has column ${column}, which the table spec does not know`);
    this.name = 'UnknownColumnError';
  }
}

/** The SQL expression that renders a row's key as the protocol's change id ("a|b" for composite keys). */
export const keyExpr = (table: ReplicatedTable): string => TABLE_SPECS[table].key.join(` || '|' || `);

/** replica_setting key: the FTS triggers' SQL while a first bootstrap runs without them. */
export const FTS_SUSPENDED_KEY = 'ftsTriggersSuspended';

/** SQLite's STRICT tables take numbers, strings, null and buffers; booleans and JSON values are converted. */
function sqlValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export interface ApplyStats {
  upserts: number;
  /** Rows actually deleted, per table (the fail-safe counts these). */
  deletes: Partial<Record<ReplicatedTable, number>>;
  tables: Set<ReplicatedTable>;
}

interface UpsertShape {
  stmt: Statement<unknown[], unknown>;
  /** The server's columns the replica has, in the order of the row. */
  columns: string[];
  /** The derived column to append (individual_no_rev), if the row carries its source. */
  reverse: { column: string; from: string } | null;
  /** The row's keys as the server sent them. */
  keys: string[];
  /** Positions of `blob` columns (base64 on the wire, bytes in the replica). */
  blobs: number[];
}

function sameKeys(row: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in row) if (keys[i++] !== k) return false;
  return i === keys.length;
}

export class ChangeWriter {
  private readonly columns = new Map<ReplicatedTable, Set<string>>();
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();
  private readonly shapes = new Map<string, UpsertShape>();
  private readonly lastShape = new Map<ReplicatedTable, UpsertShape>();
  private readonly markSeen: Statement<[string, string]>;

  constructor(private readonly db: Db) {
    for (const table of REPLICATED_TABLES) {
      const spec = Object.keys(TABLE_SPECS[table].columns);
      const have = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name));
      const missing = spec.filter((c) => !have.has(c));
      // The migrations and the spec are checked against each other by the parity test; a replica
      // that still lacks a column was not migrated.
      if (missing.length > 0) throw new Error(`replica table ${table} lacks ${missing.join(', ')}`);
      this.columns.set(table, new Set(spec));
    }
    this.markSeen = db.prepare('INSERT OR IGNORE INTO resync_seen (tbl, id) VALUES (?, ?)');
  }

  private statement(sql: string): Statement<unknown[], unknown> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Applies changes in feed order. `trackSeen` records every upserted row for a resync's sweep. */
  apply(changes: readonly Change[], trackSeen: boolean): ApplyStats {
    const stats: ApplyStats = { upserts: 0, deletes: {}, tables: new Set() };
    for (const change of changes) {
      stats.tables.add(change.table);
      if (change.op === 'delete' || change.row === null) {
        const n = this.delete(change.table, change.id);
        if (n > 0) stats.deletes[change.table] = (stats.deletes[change.table] ?? 0) + n;
        continue;
      }
      this.upsert(change.table, change.row);
      stats.upserts++;
      if (trackSeen) this.markSeen.run(change.table, change.id);
    }
    return stats;
  }

  /**
   * The statement for one row shape (table + the columns the server sent, in its order): built
   * once, so a page of thousands of rows costs one Map lookup and one `run` per row.
   */
  private shapeOf(table: ReplicatedTable, row: Record<string, unknown>): UpsertShape {
    // Rows of a table nearly always have the last row's shape: check the keys in place.
    const last = this.lastShape.get(table);
    if (last && sameKeys(row, last.keys)) return last;
    const keys = Object.keys(row);
    const signature = `${table}:${keys.join(',')}`;
    let shape = this.shapes.get(signature);
    if (shape) {
      this.lastShape.set(table, shape);
      return shape;
    }
    const known = this.columns.get(table)!;
    const spec = tableSpec(table);
    const columns = Object.keys(row);
    for (const c of columns) if (!known.has(c)) throw new UnknownColumnError(table, c);
    for (const k of spec.key) {
      if (!columns.includes(k)) throw new Error(`pulled ${table} row lacks its key column ${k}`);
    }
    const reverse = spec.reversed !== undefined && columns.includes(spec.reversed.from) ? spec.reversed : null;
    const cols = reverse ? [...columns, reverse.column] : columns;
    const update = cols.filter((c) => !spec.key.includes(c));
    const onConflict =
      spec.appendOnly || update.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${update.map((c) => `${c} = excluded.${c}`).join(', ')}`;
    const stmt = this.db.prepare<unknown[], unknown>(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (${spec.key.join(', ')}) ${onConflict}`,
    );
    const blobs = blobColumns(table);
    shape = { stmt, columns, reverse, keys, blobs: columns.flatMap((c, i) => (blobs.includes(c) ? [i] : [])) };
    this.shapes.set(signature, shape);
    this.lastShape.set(table, shape);
    return shape;
  }

  private upsert(table: ReplicatedTable, row: Record<string, unknown>): void {
    const { stmt, columns, reverse, blobs } = this.shapeOf(table, row);
    const values = columns.map((c) => sqlValue(row[c]));
    for (const i of blobs) if (typeof values[i] === 'string') values[i] = Buffer.from(values[i], 'base64');
    if (reverse) {
      const from = row[reverse.from];
      values.push(typeof from === 'string' ? reverseText(from) : null);
    }
    try {
      stmt.run(...values);
    } catch (error) {
      if (!tableSpec(table).unique || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      this.displace(table, row);
      stmt.run(...values);
    }
  }

  /**
   * Another row still holds a unique value (e.g. two individuals swapped numbers centrally and the
   * feed brings the first before the second). The old holder gets a placeholder (or NULL); its own
   * change, later in the feed, gives it its real value. Only server rows can be displaced: pending
   * local effects are taken out before a page is applied.
   */
  private displace(table: ReplicatedTable, row: Record<string, unknown>): void {
    const spec = tableSpec(table);
    const keyWhere = spec.key.map((k) => `${k} IS NOT ?`).join(' OR ');
    const keyValues = spec.key.map((k) => sqlValue(row[k]));
    for (const u of spec.unique ?? []) {
      const value = sqlValue(row[u.column]);
      if (value === null) continue;
      const replacement = u.nullable ? 'NULL' : `'~' || ${keyExpr(table)}`;
      const extra = spec.reversed?.from === u.column ? `, ${spec.reversed.column} = '~' || ${keyExpr(table)}` : '';
      this.statement(`UPDATE ${table} SET ${u.column} = ${replacement}${extra} WHERE ${u.column} = ? AND (${keyWhere})`).run(value, ...keyValues);
    }
  }

  private delete(table: ReplicatedTable, id: string): number {
    const spec = tableSpec(table);
    const parts = spec.key.length === 1 ? [id] : id.split('|');
    if (parts.length !== spec.key.length) throw new Error(`bad ${table} change id "${id}"`);
    return this.statement(`DELETE FROM ${table} WHERE ${spec.key.map((k) => `${k} = ?`).join(' AND ')}`).run(...parts).changes;
  }

  /**
   * A first bootstrap writes hundreds of thousands of rows: one FTS 'rebuild' at its end is many
   * times cheaper than per-row trigram updates. So its first page drops the full-text triggers
   * and keeps their SQL in replica_setting (same transaction), and its last page rebuilds the
   * indexes and restores them (same transaction as that page): an interrupted bootstrap resumes
   * without them, and local writes wait for the bootstrap anyway (SyncEngine.writeBlock).
   * Call inside the page's transaction.
   */
  suspendFts(): void {
    if (this.db.prepare('SELECT 1 FROM replica_setting WHERE key = ?').get(FTS_SUSPENDED_KEY)) return;
    const triggers = this.db
      .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('article', 'individual', 'supplier') AND name LIKE '%_fts_%'")
      .all();
    this.db.prepare('INSERT INTO replica_setting (key, value) VALUES (?, ?)').run(FTS_SUSPENDED_KEY, JSON.stringify(triggers));
    for (const t of triggers) this.db.exec(`DROP TRIGGER ${t.name}`);
  }

  /** Refills the full-text indexes and restores the triggers `suspendFts` took away. */
  resumeFts(): void {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM replica_setting WHERE key = ?').get(FTS_SUSPENDED_KEY);
    if (!row) return;
    this.db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild'); INSERT INTO individual_fts(individual_fts) VALUES ('rebuild');");
    for (const t of JSON.parse(row.value) as { name: string; sql: string }[]) {
      this.db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
      this.db.exec(t.sql);
    }
    this.db.prepare('DELETE FROM replica_setting WHERE key = ?').run(FTS_SUSPENDED_KEY);
  }

  /** Row counts of the replicated tables (the fail-safe's base). */
  counts(): Record<ReplicatedTable, number> {
    const out = {} as Record<ReplicatedTable, number>;
    for (const table of REPLICATED_TABLES) out[table] = (this.statement(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return out;
  }

  /** How many rows of each table a resync's sweep would delete (rows the new snapshot did not bring). */
  unseenCounts(): Partial<Record<ReplicatedTable, number>> {
    const out: Partial<Record<ReplicatedTable, number>> = {};
    for (const table of REPLICATED_TABLES) {
      const n = (this.statement(`SELECT count(*) AS n FROM ${table} WHERE (${keyExpr(table)}) NOT IN (SELECT id FROM resync_seen WHERE tbl = '${table}')`).get() as { n: number }).n;
      if (n > 0) out[table] = n;
    }
    return out;
  }

  /** Deletes the rows a finished resync did not see; returns the counts per table. */
  sweepUnseen(): Partial<Record<ReplicatedTable, number>> {
    const out: Partial<Record<ReplicatedTable, number>> = {};
    for (const table of REPLICATED_TABLES) {
      const n = this.statement(`DELETE FROM ${table} WHERE (${keyExpr(table)}) NOT IN (SELECT id FROM resync_seen WHERE tbl = '${table}')`).run().changes;
      if (n > 0) out[table] = n;
    }
    this.db.exec('DELETE FROM resync_seen');
    return out;
  }
}
