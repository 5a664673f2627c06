import type { Tx } from '../db/db';
import type { ChangeTable } from './tables';

/**
 * Collects the change-log entries of one transaction and writes them at its end.
 *
 * Why numbers are given at COMMIT, under a lock: a `bigserial` alone hands out numbers in call
 * order, but transactions commit in another order, and a reader that saw seq 11 committed before
 * seq 10 would skip 10 forever. So entries are written with seq NULL, together with one
 * `change_commit` row whose deferred constraint trigger (migration 2) runs at COMMIT: it takes
 * `pg_advisory_xact_lock(LOCK.changeLog)`, numbers the transaction's entries and the commit
 * follows while the lock is held. Seq order is commit order, every snapshot sees a gap-free
 * prefix, and the lock covers no round trip to the application.
 */
export class ChangeSet {
  private readonly entries = new Map<string, { table: ChangeTable; rowId: string; scope: string; op: 'upsert' | 'delete' }>();

  /** The row changed (or was created): its latest state goes to every given scope. */
  upsert(table: ChangeTable, rowId: string, scopes: readonly string[]): void {
    for (const scope of scopes) this.entries.set(`${table}\u0000${rowId}\u0000${scope}`, { table, rowId, scope, op: 'upsert' });
  }

  /** The row is gone from `scope` (deleted, or never was theirs): the scope's clients delete it. */
  tombstone(table: ChangeTable, rowId: string, scope: string): void {
    this.entries.set(`${table}\u0000${rowId}\u0000${scope}`, { table, rowId, scope, op: 'delete' });
  }

  /** The op this transaction recorded for the row in `scope`, if any. */
  pending(table: ChangeTable, rowId: string, scope: string): 'upsert' | 'delete' | undefined {
    return this.entries.get(`${table}\u0000${rowId}\u0000${scope}`)?.op;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Takes the collected entries as columns (for a bulk INSERT), in key order: concurrent
   * transactions that touch the same change-log rows then lock them in the same order.
   */
  take(): { tables: string[]; rowIds: string[]; scopes: string[]; ops: string[] } {
    const out = { tables: [] as string[], rowIds: [] as string[], scopes: [] as string[], ops: [] as string[] };
    const sorted = [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, e] of sorted) {
      out.tables.push(e.table);
      out.rowIds.push(e.rowId);
      out.scopes.push(e.scope);
      out.ops.push(e.op);
    }
    this.entries.clear();
    return out;
  }

  /** Writes the entries (numbered when the transaction commits). */
  async flush(tx: Tx): Promise<void> {
    if (this.entries.size === 0) return;
    const e = this.take();
    await tx.query(`WITH ${CHANGE_LOG_CTE('$1', '$2', '$3', '$4')} ${CHANGE_COMMIT_INSERT}`, [e.tables, e.rowIds, e.scopes, e.ops]);
  }
}

/** The change-log entries as a CTE named `entries` (parameters: the four text[] columns). */
export const CHANGE_LOG_CTE = (tables: string, rowIds: string, scopes: string, ops: string) => `entries AS (
  INSERT INTO change_log (table_name, row_id, scope, op, seq)
  SELECT t, r, s, o, NULL FROM unnest(${tables}::text[], ${rowIds}::text[], ${scopes}::text[], ${ops}::text[]) AS u(t, r, s, o)
  ON CONFLICT (table_name, row_id, scope) DO UPDATE SET op = excluded.op, seq = NULL
  RETURNING 1
)`;

/** Registers the transaction for numbering at COMMIT (once, and only if it wrote entries). */
export const CHANGE_COMMIT_INSERT = `INSERT INTO change_commit (xid) SELECT pg_current_xact_id() WHERE EXISTS (SELECT 1 FROM entries)
  ON CONFLICT (xid) DO NOTHING`;
