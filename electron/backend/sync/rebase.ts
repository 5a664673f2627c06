import type { Db } from '../db/replica';
import type { LocalMutations, UndoOp } from './local-mutations';
import type { Outbox, OutboxEntry } from './outbox';
import type { SyncStateStore } from './state';

/**
 * Replicache's rebase, in one SQLite transaction: take the optimistic effect of every unsettled
 * outbox entry out (newest first), let `between` write the server's truth (a pulled page, or drop
 * a rejected mutation), then put the remaining entries back on top (oldest first) by re-running
 * the shared rule against the new state. Entries the server has confirmed as applied and that
 * precede every other entry are left in place: the server's rows, read after they were applied,
 * already contain their effect (and re-applying 10,000 acknowledged entries per page would make a
 * pull after a big push slow). So the replica always shows "server state + my unacknowledged
 * work", a pull never overwrites work that has not been acknowledged, and a refused mutation's
 * effect disappears without guessing. An entry whose effect the server already holds (the
 * response to its push was lost) is recognised by its marker row and not applied twice.
 *
 * Must be called inside a transaction: it never opens one itself.
 */
export class Rebase {
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly local: LocalMutations,
    private readonly state: SyncStateStore,
  ) {}

  /** `tables`: the replica tables whose optimistic effects were taken out or put back. */
  run<T>(between: () => T): { result: T; reapplied: number; refused: OutboxEntry[]; tables: Set<string> } {
    if (!this.db.inTransaction) throw new Error('Rebase.run must run inside a transaction');
    const tables = new Set<string>();
    const note = (ops: readonly UndoOp[]) => {
      for (const op of ops) tables.add(op.table);
    };
    const before = this.outbox.unsettled();
    const firstId = before[0]?.id ?? Infinity;
    const applied = before.filter((e) => e.localApplied);
    if (applied.length > 0) {
      this.state.unlockLedger(true);
      for (let i = applied.length - 1; i >= 0; i--) {
        this.local.undo(applied[i]!.undo);
        note(applied[i]!.undo);
      }
      this.state.unlockLedger(false);
    }
    const result = between();
    let reapplied = 0;
    const refused: OutboxEntry[] = [];
    for (const entry of before.length > 0 ? this.outbox.from(firstId) : []) {
      if (this.local.isReflected(entry)) {
        this.outbox.setLocal(entry.id, false, [], null);
        continue;
      }
      const decision = this.local.decide(entry);
      if (decision.ok) {
        const { undo } = this.local.apply(decision.value);
        this.outbox.setLocal(entry.id, true, undo, null);
        note(undo);
        reapplied++;
      } else {
        // The server decides; until it answers, the entry stays queued without a local effect.
        this.outbox.setLocal(entry.id, false, [], decision.error.message);
        refused.push(entry);
      }
    }
    return { result, reapplied, refused, tables };
  }
}
