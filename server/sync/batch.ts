import type { Actor, Effects } from '../../shared/domain/mutations';
import type { Role } from '../../shared/domain/model';
import type { Tx } from '../db/db';
import type { SyncClient } from './auth';
import { ChangeSet } from './changes';
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
    if (this.actors.has(key)) return this.actors.get(key) ?? null;
    const { rows } = await this.tx.query<{ id: string; name: string; roles: string[] }>(
      `SELECT u.id, u.name, u.roles FROM app_user u
       WHERE u.id = $1 AND u.active AND EXISTS (
         SELECT 1 FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id
         WHERE usp.user_id = u.id AND sp.store_id = $2)`,
      [userId, storeId],
    );
    const row = rows[0];
    const actor: Actor | null = row ? { userId: row.id, userName: row.name, roles: row.roles as Role[], storeIds: [storeId] } : null;
    this.actors.set(key, actor);
    return actor;
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

  /** Writes everything collected; the change log goes last (its lock lasts until COMMIT). */
  async flush(): Promise<void> {
    await this.flushRows();
    await this.flushTotals();
  }

  /** The buffered ledger movements and texts. */
  async flushRows(): Promise<void> {
    const { tx } = this;
    if (this.movements.length > 0) {
      const m = this.movements.splice(0);
      await tx.query(
        `INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, reference, note, user_id, at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [
          m.map((x) => x.id),
          m.map((x) => x.storeId),
          m.map((x) => x.articleId),
          m.map((x) => x.individualId),
          m.map((x) => x.quantity),
          m.map((x) => x.reason),
          m.map((x) => x.reference),
          m.map((x) => x.note),
          m.map((x) => x.userId),
          m.map((x) => x.at),
        ],
      );
    }
    if (this.texts.length > 0) {
      const t = this.texts.splice(0);
      // A text goes wherever its individual goes.
      const { rows } = await tx.query<{ id: string; scopes: string[] }>(
        `INSERT INTO individual_text (id, individual_id, at, user_id, text)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         RETURNING id, (SELECT scope_store_ids FROM individual WHERE individual.id = individual_id) AS scopes`,
        [t.map((x) => x.id), t.map((x) => x.individualId), t.map((x) => x.at), t.map((x) => x.userId), t.map((x) => x.text)],
      );
      for (const r of rows) this.changes.upsert('individual_text', r.id, r.scopes);
    }
  }

  private async flushTotals(): Promise<void> {
    const { tx } = this;
    if (this.balances.size > 0) {
      const sorted = [...this.balances.values()].sort((a, b) => (a.storeId + '|' + a.articleId < b.storeId + '|' + b.articleId ? -1 : 1));
      this.balances.clear();
      await tx.query(
        `INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved)
         SELECT u.s, u.a, a.article_no, u.d, u.r
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS u(s, a, d, r, n) JOIN article a ON a.id = u.a
         ORDER BY u.n
         ON CONFLICT (store_id, article_id) DO UPDATE
           SET on_hand = stock_balance.on_hand + excluded.on_hand, reserved = stock_balance.reserved + excluded.reserved`,
        [sorted.map((b) => b.storeId), sorted.map((b) => b.articleId), sorted.map((b) => b.onHand), sorted.map((b) => b.reserved)],
      );
      for (const b of sorted) this.changes.upsert('stock_balance', `${b.storeId}|${b.articleId}`, [b.storeId]);
    }
    if (this.processed.length > 0 && this.client) {
      const p = this.processed.splice(0);
      await tx.query(
        `INSERT INTO sync_mutation (client_id, mutation_id, name, status, error_code, user_id)
         SELECT $1, id, name, status, code, user_id FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, name, status, code, user_id)`,
        [this.client.clientId, p.map((x) => x.id), p.map((x) => x.name), p.map((x) => x.status), p.map((x) => x.code), p.map((x) => x.userId)],
      );
    }
    if (this.audit.length > 0) {
      const a = this.audit.splice(0);
      await tx.query(
        `INSERT INTO audit_log (at, user_id, client_id, mutation_id, action, entity, entity_id, details)
         SELECT at, user_id, $1, mutation_id, action, entity, entity_id, details::jsonb
         FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
           AS u(at, user_id, mutation_id, action, entity, entity_id, details, n)
         ORDER BY n`,
        [
          this.client?.clientId ?? null,
          a.map((x) => x.at),
          a.map((x) => x.userId),
          a.map((x) => x.mutationId),
          a.map((x) => x.action),
          a.map((x) => x.entity),
          a.map((x) => x.entityId),
          a.map((x) => x.details),
        ],
      );
    }
    await this.changes.flush(tx);
  }
}
