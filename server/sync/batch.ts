import type { Audit } from '../../shared/domain/effects';
import { appendCentralAudit } from '../audit/log';
import type { Actor } from '../../shared/domain/mutations';
import type { Role } from '../../shared/domain/model';
import { keyId, type ReplicatedTable } from '../../shared/sync/tables';
import type { Tx } from '../db/db';
import type { SyncClient } from './auth';
import { CHANGE_COMMIT_INSERT, CHANGE_LOG_CTE, ChangeSet } from './changes';
import { DuplicateRow, insertRows, scopesOfValues } from './effects';
import { pgType, TABLE } from './tables';

type Values = Record<string, unknown>;

interface AuditRow {
  at: string;
  userId: string;
  mutationId: number | null;
  action: string;
  entity: string;
  entityId: string;
  details: unknown;
}

/** A processed mutation as sync_mutation keeps it: a replay is answered from here. */
export interface ProcessedMutation {
  id: number;
  name: string;
  userId: string;
  status: 'applied' | 'rejected';
  code: string | null;
  message: string | null;
  /** sha-256 of the mutation's name, user and args (server/sync/hash.ts). */
  hash: string;
}

/**
 * The state of one write transaction on the central database: the change-log entries, buffered
 * ledger rows and counter deltas, audit rows and processed-mutation rows it writes at the end (in
 * bulk, in a fixed order, so concurrent transactions lock hot rows in the same order and never
 * deadlock on them), and the actors it has looked up. Used by push and by the admin commands.
 */
export class WriteBatch {
  readonly changes = new ChangeSet();
  private readonly audit: AuditRow[] = [];
  private readonly processed: ProcessedMutation[] = [];
  private readonly actors = new Map<string, Actor | null>();
  /** Append-only rows waiting for flushRows, per table, and every key buffered in this batch. */
  private readonly buffered = new Map<ReplicatedTable, Values[]>();
  private readonly bufferedKeys = new Set<string>();
  /** Counter deltas per table and row, written at flush. */
  private readonly counters = new Map<ReplicatedTable, Map<string, { key: Values; init: Values; amounts: Record<string, number> }>>();
  private lastMutationId: number | null = null;
  /** What the halves' `prefetch` read for this batch, by a key of their own. */
  readonly cache = new Map<string, unknown>();
  /** Rows this batch has inserted or updated ("table|key"), and unique values it has written ("table.column|value"). */
  private readonly touched = new Set<string>();
  private readonly uniqueWritten = new Set<string>();

  constructor(
    readonly tx: Tx,
    /** The workstation behind the writes, or null for central (admin) writes. */
    readonly client: SyncClient | null,
  ) {}

  /**
   * The user behind a mutation as an actor of the client's store only: a token of store A never
   * acts in store B, whatever other stores the user may work in. Null when the user is unknown,
   * inactive or has no service point in the client's store.
   */
  async actorInStore(userId: string, storeId: string): Promise<Actor | null> {
    const key = `${userId}\u0000${storeId}`;
    if (!this.actors.has(key)) await this.loadActors([userId], storeId);
    return this.actors.get(key) ?? null;
  }

  /** Looks up several users at once (a push names a handful of users for many mutations). */
  async loadActors(userIds: readonly string[], storeId: string): Promise<void> {
    const wanted = [...new Set(userIds)].filter((u) => !this.actors.has(`${u}\u0000${storeId}`));
    if (wanted.length === 0) return;
    const { rows } = await this.tx.query<{ id: string; name: string; roles: string[] }>(
      `SELECT u.id, u.name, u.roles FROM app_user u
       WHERE u.id = ANY($1::text[]) AND u.active AND EXISTS (
         SELECT 1 FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id
         WHERE usp.user_id = u.id AND sp.store_id = $2)`,
      [wanted, storeId],
    );
    for (const u of wanted) this.actors.set(`${u}\u0000${storeId}`, null);
    for (const row of rows) this.actors.set(`${row.id}\u0000${storeId}`, { userId: row.id, userName: row.name, roles: row.roles as Role[], storeIds: [storeId] });
  }

  /** The client's new last processed mutation id, written at flush. */
  setLastMutationId(id: number): void {
    this.lastMutationId = id;
  }

  /**
   * An append-only row (ledger movement, individual text), written in bulk at flush: nothing later
   * in the batch reads it. A key already buffered is a duplicate at once.
   */
  bufferInsert(table: ReplicatedTable, row: Values): void {
    const id = `${table}|${keyId(table, row)}`;
    if (this.bufferedKeys.has(id)) throw new DuplicateRow(table, keyId(table, row));
    this.bufferedKeys.add(id);
    let rows = this.buffered.get(table);
    if (!rows) this.buffered.set(table, (rows = []));
    rows.push(row);
  }

  /** Called by the interpreter for every row it writes, with the row's unique columns' new values. */
  noteWritten(table: ReplicatedTable, id: string, unique: readonly [string, unknown][]): void {
    this.touched.add(`${table}|${id}`);
    for (const [column, value] of unique) if (value !== null && value !== undefined) this.uniqueWritten.add(`${table}.${column}|${String(value)}`);
  }

  /**
   * For a mutation on a savepoint (push's careful mode; everything before it is flushed): a
   * function that forgets what the batch collected since, after a ROLLBACK TO SAVEPOINT.
   */
  checkpoint(): () => void {
    const touched = new Set(this.touched);
    const unique = new Set(this.uniqueWritten);
    const keys = new Set(this.bufferedKeys);
    return () => {
      this.touched.clear();
      for (const t of touched) this.touched.add(t);
      this.uniqueWritten.clear();
      for (const u of unique) this.uniqueWritten.add(u);
      this.buffered.clear();
      this.bufferedKeys.clear();
      for (const k of keys) this.bufferedKeys.add(k);
      this.counters.clear();
      this.audit.splice(0);
      this.processed.splice(0);
      this.changes.take();
    };
  }

  /** Whether this batch has written the row: a prefetched copy of it is out of date. */
  hasTouched(table: ReplicatedTable, id: string): boolean {
    return this.touched.has(`${table}|${id}`);
  }

  /** Whether this batch has given a unique column this value (a prefetch from before cannot know). */
  hasWrittenUnique(table: ReplicatedTable, column: string, value: string): boolean {
    return this.uniqueWritten.has(`${table}.${column}|${value}`);
  }

  /** Adds to counter columns of a row (created from `init` with counters at 0 when missing), at flush. */
  addCounters(table: ReplicatedTable, key: Values, amounts: Record<string, number>, init: Values): void {
    let rows = this.counters.get(table);
    if (!rows) this.counters.set(table, (rows = new Map()));
    const id = keyId(table, key);
    const row = rows.get(id);
    if (!row) {
      rows.set(id, { key, init, amounts: { ...amounts } });
      return;
    }
    for (const [c, n] of Object.entries(amounts)) row.amounts[c] = (row.amounts[c] ?? 0) + n;
  }

  /** What this batch has added to a counter so far and not yet written (the rules see it in their facts). */
  pendingCount(table: ReplicatedTable, key: Values, column: string): number {
    return this.counters.get(table)?.get(keyId(table, key))?.amounts[column] ?? 0;
  }

  addAudit(audit: Audit & { userId: string; at: string }, mutationId: number | null): void {
    this.audit.push({ at: audit.at, userId: audit.userId, mutationId, action: audit.action, entity: audit.entity, entityId: audit.entityId, details: audit.details });
  }

  addCentralAudit(action: string, entity: string, entityId: string, details: Record<string, unknown>, at: string): void {
    this.audit.push({ at, userId: 'central', mutationId: null, action, entity, entityId, details });
  }

  markProcessed(m: ProcessedMutation): void {
    this.processed.push(m);
  }

  /** Writes everything collected: the buffered rows, then the totals in one statement, the change log numbered at COMMIT. */
  async flush(): Promise<void> {
    await this.flushRows();
    await this.flushTotals();
  }

  /** The buffered append-only rows, one statement per table (and per column set). */
  async flushRows(): Promise<void> {
    for (const [table, rows] of this.buffered) {
      const bySignature = new Map<string, Values[]>();
      for (const r of rows) {
        const sig = Object.keys(r).join(',');
        let group = bySignature.get(sig);
        if (!group) bySignature.set(sig, (group = []));
        group.push(r);
      }
      for (const group of bySignature.values()) await insertRows(this.tx, this, table, group);
    }
    this.buffered.clear();
  }

  /**
   * Audit rows (their own statements, server/audit/log.ts), then processed mutations, the client's last mutation id, counters (the hot rows,
   * locked in key order so concurrent batches never deadlock on them) and the change-log entries,
   * in one statement.
   */
  private async flushTotals(): Promise<void> {
    if (this.audit.length > 0) {
      // Chained under the chain head's lock (server/audit/log.ts), taken here at the batch's end.
      const clientId = this.client?.clientId ?? null;
      await appendCentralAudit(
        this.tx,
        this.audit.splice(0).map((a) => ({ ...a, clientId })),
      );
    }
    const q = new Statement();
    const ctes: string[] = [];
    if (this.processed.length > 0 && this.client) {
      const p = this.processed.splice(0);
      ctes.push(`processed AS (
        INSERT INTO sync_mutation (client_id, mutation_id, name, status, error_code, error_message, content_hash, user_id)
        SELECT ${q.p(this.client.clientId)}, id, name, status, code, message, hash, user_id
        FROM unnest(${q.p(p.map((x) => x.id))}::bigint[], ${q.p(p.map((x) => x.name))}::text[], ${q.p(p.map((x) => x.status))}::text[],
          ${q.p(p.map((x) => x.code))}::text[], ${q.p(p.map((x) => x.message))}::text[], ${q.p(p.map((x) => x.hash))}::text[],
          ${q.p(p.map((x) => x.userId))}::text[]) AS u(id, name, status, code, message, hash, user_id)
      )`);
    }
    if (this.lastMutationId !== null && this.client) {
      ctes.push(`client AS (
        UPDATE sync_client SET last_mutation_id = ${q.p(this.lastMutationId)}, last_push_at = now() WHERE client_id = ${q.p(this.client.clientId)}
      )`);
      this.lastMutationId = null;
    }
    let n = 0;
    // Counter rows whose scope depends on the store's kind (stock_balance): the central stores, read once.
    const centralStores = [...this.counters.keys()].some((t) => TABLE[t].writeScope.kind === 'storeColumn')
      ? new Set((await this.tx.query<{ id: string }>("SELECT id FROM store WHERE kind = 'central'", [], { name: 'batch.centralStores' })).rows.map((r) => r.id))
      : new Set<string>();
    for (const [table, rows] of this.counters) {
      const spec = TABLE[table];
      const columns = spec.columns as Record<string, string>;
      // Key order: every transaction takes these row locks in the same order.
      const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      const counterCols = [...new Set(sorted.flatMap((r) => Object.keys(r.amounts)))];
      const initCols = [...new Set(sorted.flatMap((r) => Object.keys(r.init)))].filter((c) => !counterCols.includes(c));
      const cols = [...spec.key, ...initCols, ...counterCols];
      const value = (r: { key: Values; init: Values; amounts: Record<string, number> }, c: string) =>
        c in r.key ? r.key[c] : counterCols.includes(c) ? (r.amounts[c] ?? 0) : (r.init[c] ?? null);
      const arrays = cols.map((c) => `${q.p(sorted.map((r) => value(r, c)))}::${pgType(columns[c] as never)}[]`);
      ctes.push(`counted_${n++} AS (
        INSERT INTO ${table} (${cols.join(', ')})
        SELECT ${cols.map((c) => `u.${c}`).join(', ')} FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS u(${cols.join(', ')}, n)
        ORDER BY u.n
        ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${counterCols.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}
      )`);
      for (const r of sorted) this.changes.upsert(table, keyId(table, r.key), scopesOfValues(table, { ...r.init, ...r.key }, centralStores));
    }
    this.counters.clear();
    const e = this.changes.take();
    ctes.push(CHANGE_LOG_CTE(q.p(e.tables), q.p(e.rowIds), q.p(e.scopes), q.p(e.ops)));
    await this.tx.query(`WITH ${ctes.join(',\n')} ${CHANGE_COMMIT_INSERT}`, q.params);
  }
}

/** Numbered parameters for a statement assembled from parts. */
class Statement {
  readonly params: unknown[] = [];
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
