import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Effect } from '../../../shared/domain/effects';
import { blobColumns, columnType, reverseText, TABLE_SPECS, type ColumnSpec, type ReplicatedTable } from '../../../shared/sync/tables';
import type { Db } from '../db/replica';

/**
 * The workstation's interpreter of the effect vocabulary (shared/domain/effects.ts): writes a
 * decision's effects into the replica and returns their inverse, so that a rebase can take an
 * optimistic effect back out before the server's rows are applied. Written once for every
 * mutation from the table spec; nothing here opens a transaction (callers run it inside theirs).
 */

type SqlValue = string | number | null;
type Values = Record<string, SqlValue>;
/** What an insert writes: a `blob` column's base64 becomes its bytes (never in an undo step). */
type RowValues = Record<string, SqlValue | Buffer>;

export type UndoOp =
  /** The effect inserted this row: delete it again. */
  | { op: 'delete'; table: ReplicatedTable; key: Values }
  /** The effect changed these columns: put the old values back. */
  | { op: 'restore'; table: ReplicatedTable; key: Values; values: Values }
  /** The effect added to counters: take the amounts off again, or delete the row it created. */
  | { op: 'subtract'; table: ReplicatedTable; key: Values; amounts: Record<string, number>; created: boolean };

/** SQLite's STRICT tables take numbers, strings and null: booleans become 0/1 (the spec's `boolean`). */
function sqlValue(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function toValues(table: ReplicatedTable, row: Readonly<Record<string, unknown>>): Values {
  const columns = TABLE_SPECS[table].columns as Record<string, ColumnSpec>;
  const out: Values = {};
  for (const [c, v] of Object.entries(row)) {
    if (!(c in columns)) throw new Error(`effect on ${table} names an unknown column ${c}`);
    // Bytes are written once (shared/sync/tables.ts): an update or counter on one is a bug of the rule.
    if (columnType(columns[c]!).type === 'blob') throw new Error(`effect on ${table} updates the blob column ${c}`);
    out[c] = sqlValue(v);
  }
  return out;
}

/** An inserted row's values, its blob columns as bytes. */
function toRowValues(table: ReplicatedTable, row: Readonly<Record<string, unknown>>): RowValues {
  const blobs = blobColumns(table);
  if (blobs.length === 0) return toValues(table, row);
  const rest: Record<string, unknown> = { ...row };
  const out: RowValues = {};
  for (const c of blobs) {
    if (!(c in rest)) continue;
    const v = rest[c];
    delete rest[c];
    out[c] = typeof v === 'string' ? Buffer.from(v, 'base64') : null;
  }
  return { ...toValues(table, rest), ...out };
}

/** Columns the replica derives itself (individual_no_rev), for an insert or update that sets their source. */
function withDerived<V extends RowValues>(table: ReplicatedTable, values: V): V {
  const rev = (TABLE_SPECS[table] as { reversed?: { column: string; from: string } }).reversed;
  if (!rev || !(rev.from in values)) return values;
  const from = values[rev.from];
  return { ...values, [rev.column]: typeof from === 'string' ? reverseText(from) : null };
}

export class EffectWriter {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Db) {}

  private run(sql: string, params: readonly (SqlValue | Buffer)[]): number {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt.run(...params).changes;
  }

  private get(sql: string, params: readonly SqlValue[]): Values | undefined {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt.get(...params) as Values | undefined;
  }

  private keyOf(table: ReplicatedTable, source: Readonly<Record<string, unknown>>): Values {
    const key: Values = {};
    for (const k of TABLE_SPECS[table].key) key[k] = sqlValue(source[k]);
    return key;
  }

  private where(key: Values): { sql: string; params: SqlValue[] } {
    const cols = Object.keys(key);
    return { sql: cols.map((c) => `${c} = ?`).join(' AND '), params: cols.map((c) => key[c]!) };
  }

  /** Writes the effects in order and returns their inverse (to be undone newest first). */
  apply(effects: readonly Effect[]): UndoOp[] {
    const undo: UndoOp[] = [];
    for (const e of effects) {
      const table = e.table as ReplicatedTable;
      switch (e.kind) {
        case 'insert': {
          const values = withDerived(table, toRowValues(table, e.row));
          const cols = Object.keys(values);
          this.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => values[c]!));
          undo.push({ op: 'delete', table, key: this.keyOf(table, values) });
          break;
        }
        case 'update': {
          const key = this.keyOf(table, e.key);
          const set = withDerived(table, toValues(table, e.set));
          const cols = Object.keys(set);
          if (cols.length === 0) break;
          const w = this.where(key);
          const before = this.get(`SELECT ${cols.join(', ')} FROM ${table} WHERE ${w.sql}`, w.params);
          // The rule read this row a moment ago in the same transaction: its absence is a bug.
          if (!before) throw new Error(`${table} ${JSON.stringify(key)} vanished between decide and apply`);
          this.run(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${w.sql}`, [...cols.map((c) => set[c]!), ...w.params]);
          undo.push({ op: 'restore', table, key, values: before });
          break;
        }
        case 'add': {
          const key = this.keyOf(table, e.key);
          const amounts = e.amounts as Record<string, number>;
          const counters = Object.keys(amounts);
          const w = this.where(key);
          const created = this.get(`SELECT 1 AS one FROM ${table} WHERE ${w.sql}`, w.params) === undefined;
          if (created) {
            const values = withDerived(table, { ...toValues(table, e.init as Record<string, unknown>), ...key, ...toValues(table, amounts) });
            const cols = Object.keys(values);
            this.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => values[c]!));
          } else {
            this.run(`UPDATE ${table} SET ${counters.map((c) => `${c} = ${c} + ?`).join(', ')} WHERE ${w.sql}`, [...counters.map((c) => amounts[c]!), ...w.params]);
          }
          undo.push({ op: 'subtract', table, key, amounts, created });
          break;
        }
        case 'share':
          // Central's bookkeeping of which stores hold the row; this replica has it already.
          break;
      }
    }
    return undo;
  }

  /**
   * Takes applied effects back out, newest first. Deleting a ledger row needs the rebase's unlock
   * (sync_state.ledger_unlocked), which only `Rebase` sets.
   */
  undo(ops: readonly UndoOp[]): void {
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      const w = this.where(op.key);
      switch (op.op) {
        case 'delete':
          this.run(`DELETE FROM ${op.table} WHERE ${w.sql}`, w.params);
          break;
        case 'restore': {
          const cols = Object.keys(op.values);
          this.run(`UPDATE ${op.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${w.sql}`, [...cols.map((c) => op.values[c]!), ...w.params]);
          break;
        }
        case 'subtract': {
          if (op.created) {
            this.run(`DELETE FROM ${op.table} WHERE ${w.sql}`, w.params);
            break;
          }
          const counters = Object.keys(op.amounts);
          this.run(`UPDATE ${op.table} SET ${counters.map((c) => `${c} = ${c} - ?`).join(', ')} WHERE ${w.sql}`, [
            ...counters.map((c) => op.amounts[c]!),
            ...w.params,
          ]);
          break;
        }
      }
    }
  }

  /** Whether a row with this key is in the replica (a mutation's marker row, see markerOf). */
  exists(table: ReplicatedTable, key: Readonly<Record<string, unknown>>): boolean {
    const w = this.where(this.keyOf(table, key));
    return this.get(`SELECT 1 AS one FROM ${table} WHERE ${w.sql}`, w.params) !== undefined;
  }
}

