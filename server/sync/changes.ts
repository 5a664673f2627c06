import { LOCK, type Tx } from '../db/db';
import type { ChangeTable } from './tables';

/**
 * Collects the change-log entries of one transaction and writes them just before COMMIT.
 *
 * Why at the end, under a lock: a `bigserial` alone hands out numbers in call order, but
 * transactions commit in another order, and a reader that saw seq 11 committed before seq 10 would
 * skip 10 forever. So sequence numbers are taken under `pg_advisory_xact_lock(LOCK.changeLog)`,
 * which is held until COMMIT: seq order is commit order and every snapshot sees a gap-free prefix.
 * Taking the numbers last keeps the lock short (one INSERT and the COMMIT).
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

  /** Writes the entries; call last in the transaction (the lock lasts until COMMIT). */
  async flush(tx: Tx): Promise<void> {
    if (this.entries.size === 0) return;
    const tables: string[] = [];
    const rowIds: string[] = [];
    const scopes: string[] = [];
    const ops: string[] = [];
    for (const e of this.entries.values()) {
      tables.push(e.table);
      rowIds.push(e.rowId);
      scopes.push(e.scope);
      ops.push(e.op);
    }
    this.entries.clear();
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK.changeLog]);
    await tx.query(
      `INSERT INTO change_log (table_name, row_id, scope, op, seq)
       SELECT t, r, s, o, nextval('change_seq') FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(t, r, s, o, n)
       ORDER BY n
       ON CONFLICT (table_name, row_id, scope) DO UPDATE SET op = excluded.op, seq = excluded.seq`,
      [tables, rowIds, scopes, ops],
    );
  }
}
