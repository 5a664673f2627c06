import type { Actor, Effects } from '../../shared/domain/mutations';
import type { Role } from '../../shared/domain/model';
import type { Tx } from '../db/db';
import type { SyncClient } from './auth';
import { CHANGE_COMMIT_INSERT, CHANGE_LOG_CTE, ChangeSet } from './changes';
import { REGION_SCOPE, type ChangeTable } from './tables';

/** A row a mutation writes, named as in the change feed. */
export interface Target {
  table: ChangeTable;
  id: string;
}

export interface MovementRow {
  id: string;
  storeId: string;
  articleId: string;
  individualId: string | null;
  quantity: number;
  reason: string;
  reference: string | null;
  note: string | null;
  userId: string | null;
  at: string;
}

export interface TextRow {
  id: string;
  individualId: string;
  at: string;
  userId: string | null;
  text: string;
}

interface AuditRow {
  at: string;
  userId: string;
  mutationId: number | null;
  action: string;
  entity: string;
  entityId: string;
  details: string;
}

/**
 * The state of one write transaction on the central database: the change-log entries, stock
 * balance deltas, audit rows and processed-mutation rows it will write at the end (in bulk, in a
 * fixed order, so concurrent transactions lock balance rows in the same order and never deadlock
 * on them), and the actors it has looked up. Used by push and by the admin commands.
 */
export class WriteBatch {
  readonly changes = new ChangeSet();
  private readonly audit: AuditRow[] = [];
  private readonly processed: { id: number; name: string; status: 'applied' | 'rejected'; code: string | null; userId: string }[] = [];
  private readonly balances = new Map<string, { storeId: string; articleId: string; onHand: number; reserved: number }>();
  private readonly actors = new Map<string, Actor | null>();
  private readonly movements: MovementRow[] = [];
  private readonly texts: TextRow[] = [];
  private readonly written = new Set<string>();
  private lastMutationId: number | null = null;

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
   * Append-only rows (ledger movements, individual texts) are written in bulk at flush: nothing
   * later in the batch reads them except their ids (see wrote()). A movement updates its balance.
   */
  insertMovement(m: MovementRow, reserved = 0): void {
    this.movements.push(m);
    this.written.add(`stock_movement|${m.id}`);
    this.changes.upsert('stock_movement', m.id, [m.storeId]);
    this.addToBalance(m.storeId, m.articleId, m.quantity, reserved);
  }

  insertText(t: TextRow): void {
    this.texts.push(t);
    this.written.add(`individual_text|${t.id}`);
  }

  /** Whether this batch has written (not yet flushed) a row with this id. */
  wrote(table: 'stock_movement' | 'individual_text', id: string): boolean {
    return this.written.has(`${table}|${id}`);
  }

  /** A ledger movement's effect on a balance, written at flush. */
  addToBalance(storeId: string, articleId: string, onHand: number, reserved = 0): void {
    const key = `${storeId}|${articleId}`;
    const b = this.balances.get(key);
    if (b) {
      b.onHand += onHand;
      b.reserved += reserved;
    } else {
      this.balances.set(key, { storeId, articleId, onHand, reserved });
    }
  }

  addAudit(audit: Effects['audit'], mutationId: number | null): void {
    this.audit.push({
      at: audit.at,
      userId: audit.userId,
      mutationId,
      action: audit.action,
      entity: audit.entity,
      entityId: audit.entityId,
      details: JSON.stringify(audit.details),
    });
  }

  addCentralAudit(action: string, entity: string, entityId: string, details: Record<string, unknown>, at: string): void {
    this.audit.push({ at, userId: 'central', mutationId: null, action, entity, entityId, details: JSON.stringify(details) });
  }

  markProcessed(id: number, name: string, userId: string, status: 'applied' | 'rejected', code: string | null): void {
    this.processed.push({ id, name, status, code, userId });
  }

  /**
   * After a rejection the workstation still shows its optimistic effect. Every row the mutation
   * would have written is announced again to the client's store: its current state when the store
   * can see it, otherwise a delete. The next pull thereby restores the server's truth.
   */
  async restoreTruth(targets: readonly Target[], storeId: string): Promise<void> {
    for (const t of targets) {
      if (this.changes.pending(t.table, t.id, storeId) === 'upsert' || this.changes.pending(t.table, t.id, REGION_SCOPE) === 'upsert') continue;
      const { rows } = await this.tx.query<{ op: string; scope: string }>(
        'SELECT op, scope FROM change_log WHERE table_name = $1 AND row_id = $2 AND scope IN ($3, $4)',
        [t.table, t.id, storeId, REGION_SCOPE],
      );
      const visible = rows.find((r) => r.op === 'upsert');
      if (visible) this.changes.upsert(t.table, t.id, [visible.scope]);
      else this.changes.tombstone(t.table, t.id, storeId);
    }
  }

  /** Writes everything collected: two statements, the change log numbered at COMMIT. */
  async flush(): Promise<void> {
    await this.flushRows();
    await this.flushTotals();
  }

  /** The buffered ledger movements and texts (one statement); texts then go where their individual goes. */
  async flushRows(): Promise<void> {
    if (this.movements.length === 0 && this.texts.length === 0) return;
    const q = new Statement();
    const ctes: string[] = [];
    const m = this.movements.splice(0);
    const t = this.texts.splice(0);
    if (m.length > 0) {
      ctes.push(`moved AS (
        INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, reference, note, user_id, at)
        SELECT * FROM unnest(${q.p(m.map((x) => x.id))}::text[], ${q.p(m.map((x) => x.storeId))}::text[], ${q.p(m.map((x) => x.articleId))}::text[],
          ${q.p(m.map((x) => x.individualId))}::text[], ${q.p(m.map((x) => x.quantity))}::int[], ${q.p(m.map((x) => x.reason))}::text[],
          ${q.p(m.map((x) => x.reference))}::text[], ${q.p(m.map((x) => x.note))}::text[], ${q.p(m.map((x) => x.userId))}::text[], ${q.p(m.map((x) => x.at))}::text[])
      )`);
    }
    if (t.length > 0) {
      ctes.push(`texts AS (
        INSERT INTO individual_text (id, individual_id, at, user_id, text)
        SELECT * FROM unnest(${q.p(t.map((x) => x.id))}::text[], ${q.p(t.map((x) => x.individualId))}::text[], ${q.p(t.map((x) => x.at))}::text[],
          ${q.p(t.map((x) => x.userId))}::text[], ${q.p(t.map((x) => x.text))}::text[])
        RETURNING id, individual_id
      )`);
    }
    const select = t.length > 0 ? 'SELECT texts.id, i.scope_store_ids AS scopes FROM texts JOIN individual i ON i.id = texts.individual_id' : 'SELECT NULL AS id, NULL AS scopes WHERE false';
    const { rows } = await this.tx.query<{ id: string; scopes: string[] }>(`WITH ${ctes.join(',\n')} ${select}`, q.params);
    for (const r of rows) this.changes.upsert('individual_text', r.id, r.scopes);
  }

  /**
   * Processed mutations, audit rows, the client's last mutation id, balances (the hot rows,
   * locked in key order so concurrent batches never deadlock on them) and the change-log entries,
   * in one statement.
   */
  private async flushTotals(): Promise<void> {
    const q = new Statement();
    const ctes: string[] = [];
    if (this.processed.length > 0 && this.client) {
      const p = this.processed.splice(0);
      ctes.push(`processed AS (
        INSERT INTO sync_mutation (client_id, mutation_id, name, status, error_code, user_id)
        SELECT ${q.p(this.client.clientId)}, id, name, status, code, user_id
        FROM unnest(${q.p(p.map((x) => x.id))}::bigint[], ${q.p(p.map((x) => x.name))}::text[], ${q.p(p.map((x) => x.status))}::text[],
          ${q.p(p.map((x) => x.code))}::text[], ${q.p(p.map((x) => x.userId))}::text[]) AS u(id, name, status, code, user_id)
      )`);
    }
    if (this.audit.length > 0) {
      const a = this.audit.splice(0);
      ctes.push(`audited AS (
        INSERT INTO audit_log (at, user_id, client_id, mutation_id, action, entity, entity_id, details)
        SELECT at, user_id, ${q.p(this.client?.clientId ?? null)}::text, mutation_id, action, entity, entity_id, details::jsonb
        FROM unnest(${q.p(a.map((x) => x.at))}::text[], ${q.p(a.map((x) => x.userId))}::text[], ${q.p(a.map((x) => x.mutationId))}::bigint[],
          ${q.p(a.map((x) => x.action))}::text[], ${q.p(a.map((x) => x.entity))}::text[], ${q.p(a.map((x) => x.entityId))}::text[],
          ${q.p(a.map((x) => x.details))}::text[]) WITH ORDINALITY AS u(at, user_id, mutation_id, action, entity, entity_id, details, n)
        ORDER BY n
      )`);
    }
    if (this.lastMutationId !== null && this.client) {
      ctes.push(`client AS (
        UPDATE sync_client SET last_mutation_id = ${q.p(this.lastMutationId)}, last_push_at = now() WHERE client_id = ${q.p(this.client.clientId)}
      )`);
      this.lastMutationId = null;
    }
    if (this.balances.size > 0) {
      const b = [...this.balances.values()].sort((x, y) => (`${x.storeId}|${x.articleId}` < `${y.storeId}|${y.articleId}` ? -1 : 1));
      this.balances.clear();
      ctes.push(`balanced AS (
        INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved)
        SELECT u.s, u.a, a.article_no, u.d, u.r
        FROM unnest(${q.p(b.map((x) => x.storeId))}::text[], ${q.p(b.map((x) => x.articleId))}::text[], ${q.p(b.map((x) => x.onHand))}::int[],
          ${q.p(b.map((x) => x.reserved))}::int[]) WITH ORDINALITY AS u(s, a, d, r, n)
        JOIN article a ON a.id = u.a
        ORDER BY u.n
        ON CONFLICT (store_id, article_id) DO UPDATE
          SET on_hand = stock_balance.on_hand + excluded.on_hand, reserved = stock_balance.reserved + excluded.reserved
      )`);
      for (const x of b) this.changes.upsert('stock_balance', `${x.storeId}|${x.articleId}`, [x.storeId]);
    }
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
