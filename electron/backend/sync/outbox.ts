import type { Mutation } from '../../../shared/sync/protocol';
import type { Db } from '../db/replica';
import { parseStoredArgs, type MutationRecord, type UndoOp } from './local-mutations';

/**
 * The outbox: mutations in the order the person confirmed them, with consecutive integer ids per
 * client (the protocol's idempotency key). `pending` rows are unacknowledged; `applied` and
 * `duplicate` rows were acknowledged by a push and wait only for the pull that brings the server's
 * copy of their effect, then they are deleted (docs/sync.md).
 */

export type OutboxState = 'pending' | 'applied' | 'duplicate';

export interface OutboxEntry extends MutationRecord {
  state: OutboxState;
  localApplied: boolean;
  undo: UndoOp[];
  localError: string | null;
}

interface Row {
  id: number;
  name: string;
  args: string;
  user_id: string;
  created_at: string;
  state: OutboxState;
  local_applied: number;
  undo: string;
  local_error: string | null;
}

function toEntry(r: Row): OutboxEntry {
  const parsed = parseStoredArgs(r.name, r.args);
  // The outbox is written only by this process after zod validation: an unreadable row is a bug.
  if (!parsed) throw new Error(`outbox row ${r.id} (${r.name}) cannot be read`);
  return {
    id: r.id,
    name: parsed.name,
    args: parsed.args,
    userId: r.user_id,
    createdAt: r.created_at,
    state: r.state,
    localApplied: r.local_applied === 1,
    undo: JSON.parse(r.undo) as UndoOp[],
    localError: r.local_error,
  };
}

export class Outbox {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      nextId: db.prepare('UPDATE sync_state SET last_mutation_id = last_mutation_id + 1 WHERE id = 1 RETURNING last_mutation_id AS id'),
      insert: db.prepare(`INSERT INTO outbox (id, name, args, user_id, created_at, state, local_applied, undo, local_error)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, NULL)`),
      all: db.prepare<[], Row>('SELECT * FROM outbox ORDER BY id'),
      from: db.prepare<[number], Row>('SELECT * FROM outbox WHERE id >= ? ORDER BY id'),
      unsettled: db.prepare<[], Row>("SELECT * FROM outbox WHERE id >= (SELECT min(id) FROM outbox WHERE state <> 'applied') ORDER BY id"),
      settleApplied: db.prepare("DELETE FROM outbox WHERE id <= ? AND state = 'applied'"),
      pendingBatch: db.prepare<[number], Row>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?"),
      pendingCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
      firstPending: db.prepare<[], { id: number }>("SELECT min(id) AS id FROM outbox WHERE state = 'pending'"),
      get: db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?'),
      ack: db.prepare("UPDATE outbox SET state = ? WHERE id = ? AND state = 'pending'"),
      setLocal: db.prepare('UPDATE outbox SET local_applied = ?, undo = ?, local_error = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      lastId: db.prepare<[], { id: number }>('SELECT last_mutation_id AS id FROM sync_state WHERE id = 1'),
    };
  }

  /** Appends a mutation whose effect was just applied; call inside the write's transaction. */
  append(m: Omit<MutationRecord, 'id'>, undo: UndoOp[]): number {
    const { id } = this.s.nextId.get() as { id: number };
    this.s.insert.run(id, m.name, JSON.stringify(m.args), m.userId, m.createdAt, 1, JSON.stringify(undo));
    return id;
  }

  /** Every entry whose effect may be in the tables (pending and acknowledged), oldest first. */
  all(): OutboxEntry[] {
    return this.s.all.all().map(toEntry);
  }

  /**
   * The entries a rebase must take out and put back: from the first one the server has not
   * confirmed as applied. The leading `applied` entries are left alone — the server's rows, read
   * after they were applied, already contain their effect (docs/sync.md "Rebase").
   */
  unsettled(): OutboxEntry[] {
    return this.s.unsettled.all().map(toEntry);
  }

  /** Entries from `id` on, oldest first. */
  from(id: number): OutboxEntry[] {
    return this.s.from.all(id).map(toEntry);
  }

  /** Drops `applied` entries up to `id`: the pulled state holds them. */
  settleApplied(upTo: number): void {
    this.s.settleApplied.run(upTo);
  }

  get(id: number): OutboxEntry | null {
    const row = this.s.get.get(id);
    return row ? toEntry(row) : null;
  }

  /** The next mutations to push, oldest first, as the protocol sends them. */
  pendingBatch(limit: number): Mutation[] {
    return this.s.pendingBatch.all(limit).map((r) => {
      const e = toEntry(r);
      return { id: e.id, name: e.name, userId: e.userId, args: e.args, createdAt: e.createdAt } as Mutation;
    });
  }

  pendingCount(): number {
    return this.s.pendingCount.get()!.n;
  }

  firstPendingId(): number | null {
    return this.s.firstPending.get()?.id ?? null;
  }

  /** The last mutation id handed out (0 before the first write). */
  lastId(): number {
    return this.s.lastId.get()!.id;
  }

  acknowledge(id: number, state: 'applied' | 'duplicate'): void {
    this.s.ack.run(state, id);
  }

  setLocal(id: number, applied: boolean, undo: UndoOp[], localError: string | null): void {
    this.s.setLocal.run(applied ? 1 : 0, JSON.stringify(undo), localError, id);
  }

  delete(id: number): void {
    this.s.delete.run(id);
  }
}
