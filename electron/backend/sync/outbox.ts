import { PUSH_BATCH_ARG_BYTES, type Mutation } from '../../../shared/sync/protocol';
import type { Db } from '../db/replica';
import { parseStoredArgs, type Marker, type MutationRecord, type UndoOp } from './local-mutations';

/**
 * The outbox: mutations in the order the person confirmed them, with consecutive integer ids per
 * client (the protocol's idempotency key). `pending` rows are unacknowledged; `applied` rows were
 * acknowledged by a push and wait only for the pull that brings the server's copy of their
 * effect, then they are deleted (docs/sync.md). A refused one leaves for the conflicts list.
 */

export type OutboxState = 'pending' | 'applied';

export interface OutboxEntry extends MutationRecord {
  state: OutboxState;
  localApplied: boolean;
  undo: UndoOp[];
  localError: string | null;
  /** The row its effect is recognised by (see LocalMutations.isReflected). */
  marker: Marker | null;
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
  marker: string | null;
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
    marker: r.marker,
  };
}

export class Outbox {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      nextId: db.prepare('UPDATE sync_state SET last_mutation_id = last_mutation_id + 1 WHERE id = 1 RETURNING last_mutation_id AS id'),
      insert: db.prepare(`INSERT INTO outbox (id, name, args, user_id, created_at, state, local_applied, undo, local_error, marker)
        VALUES (?, ?, ?, ?, ?, 'pending', 1, ?, NULL, ?)`),
      all: db.prepare<[], Row>('SELECT * FROM outbox ORDER BY id'),
      from: db.prepare<[number], Row>('SELECT * FROM outbox WHERE id >= ? ORDER BY id'),
      unsettled: db.prepare<[], Row>("SELECT * FROM outbox WHERE id >= (SELECT min(id) FROM outbox WHERE state <> 'applied') ORDER BY id"),
      settleApplied: db.prepare("DELETE FROM outbox WHERE id <= ? AND state = 'applied'"),
      pendingBatch: db.prepare<[number], Row>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?"),
      pendingCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
      firstPending: db.prepare<[], { id: number }>("SELECT min(id) AS id FROM outbox WHERE state = 'pending'"),
      get: db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?'),
      ack: db.prepare("UPDATE outbox SET state = 'applied' WHERE id = ? AND state = 'pending'"),
      pendingFrom: db.prepare<[number], { id: number }>("SELECT id FROM outbox WHERE id >= ? AND state = 'pending' ORDER BY id"),
      notPendingFrom: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM outbox WHERE id >= ? AND state <> 'pending'"),
      setId: db.prepare('UPDATE outbox SET id = ? WHERE id = ?'),
      setLastId: db.prepare('UPDATE sync_state SET last_mutation_id = max(last_mutation_id, ?) WHERE id = 1'),
      setLast: db.prepare('UPDATE sync_state SET last_mutation_id = ? WHERE id = 1'),
      setLocal: db.prepare('UPDATE outbox SET local_applied = ?, undo = ?, local_error = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      lastId: db.prepare<[], { id: number }>('SELECT last_mutation_id AS id FROM sync_state WHERE id = 1'),
    };
  }

  /** Appends a mutation whose effect was just applied; call inside the write's transaction. */
  append(m: Omit<MutationRecord, 'id'>, undo: UndoOp[], marker: Marker): number {
    const { id } = this.s.nextId.get() as { id: number };
    this.s.insert.run(id, m.name, JSON.stringify(m.args), m.userId, m.createdAt, JSON.stringify(undo), marker);
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
  /**
   * The next pending mutations in order: at most `limit`, and no more than fit `maxArgBytes` of
   * args (the first always goes, whatever its size: a push body holds it on its own).
   */
  pendingBatch(limit: number, maxArgBytes = PUSH_BATCH_ARG_BYTES): Mutation[] {
    const out: Mutation[] = [];
    let bytes = 0;
    for (const r of this.s.pendingBatch.all(limit)) {
      bytes += Buffer.byteLength(r.args);
      if (out.length > 0 && bytes > maxArgBytes) break;
      const e = toEntry(r);
      out.push({ id: e.id, name: e.name, userId: e.userId, args: e.args, createdAt: e.createdAt } as Mutation);
    }
    return out;
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

  acknowledge(id: number): void {
    this.s.ack.run(id);
  }

  /**
   * The server holds other mutations under our ids from `fromId` on (this replica was restored
   * from a backup and handed them out again): the pending entries from there get new ids after
   * `serverLastId`, in their order, and the counter moves past them. Call inside a transaction.
   * Returns how many entries were renumbered.
   */
  renumberFrom(fromId: number, serverLastId: number): number {
    // Only pending work can follow the first id the server disagrees on: acknowledged entries
    // there would mean the server applied ids after one it says it processed differently.
    if (this.s.notPendingFrom.get(fromId)!.n > 0) throw new Error(`outbox has acknowledged entries from ${fromId} on`);
    const ids = this.s.pendingFrom.all(fromId).map((r) => r.id);
    // The server expects the next id right after its last one: no gap.
    const first = serverLastId + 1;
    // Through negative ids, so that no step collides with an id still in use.
    for (const id of ids) this.s.setId.run(-id, id);
    ids.forEach((id, i) => this.s.setId.run(first + i, -id));
    if (ids.length > 0) this.s.setLast.run(first + ids.length - 1);
    else this.s.setLastId.run(serverLastId);
    return ids.length;
  }

  /** Moves the counter past ids the server has seen (a backup restored after they were pushed). */
  skipPast(serverLastId: number): void {
    this.s.setLastId.run(serverLastId);
  }

  setLocal(id: number, applied: boolean, undo: UndoOp[], localError: string | null): void {
    this.s.setLocal.run(applied ? 1 : 0, JSON.stringify(undo), localError, id);
  }

  delete(id: number): void {
    this.s.delete.run(id);
  }
}
