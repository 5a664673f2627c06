import { mutationArgs, type MutationArgs, type MutationName } from '../../../shared/domain/mutations';
import { err, ok, type Result } from '../../../shared/result';
import { parseWith } from '../../../shared/api/validate';
import { appendAudit } from '../db/audit';
import type { HighWaterMark } from '../db/high-water';
import type { Db } from '../db/replica';
import type { BackendEvents } from '../events';
import { LocalMutations, type MutationRecord } from './local-mutations';
import { Outbox } from './outbox';

export interface WriterContext {
  db: Db;
  events: BackendEvents;
  now: () => Date;
  /** The durable high-water mark beside the replica (db/high-water.ts), told after each commit. */
  highWater?: Pick<HighWaterMark, 'record'>;
}

/**
 * Every local write, in ONE synchronous SQLite transaction: gather the facts, run the shared rule,
 * write its effects and audit entry, and append the mutation to the outbox. The caller is told
 * "saved" only after the commit; a refusal changes nothing and carries the rule's Swedish message.
 */
/** A mutation to write: its name and its args (validated by the writer). */
export type PendingWrite = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

/** Thrown inside the transaction to roll it back on a refusal. */
class Refused extends Error {
  constructor(readonly refusal: Extract<Result<never>, { ok: false }>) {
    super(refusal.error.message);
  }
}

export class MutationWriter {
  private readonly local: LocalMutations;
  private readonly outbox: Outbox;
  /** Set by the sync engine (when one is configured) to hear about new outbox entries. */
  onCommitted: (() => void) | null = null;
  /** Set by the sync engine: a reason why writes must wait (first bootstrap running), or null. */
  blockedBy: (() => string | null) | null = null;

  constructor(private readonly ctx: WriterContext) {
    this.local = new LocalMutations(ctx.db);
    this.outbox = new Outbox(ctx.db);
  }

  write<N extends MutationName>(name: N, rawArgs: MutationArgs<N>, userId: string): Result<{ mutationId: number }> {
    const written = this.writeAll([{ name, args: rawArgs } as PendingWrite], userId);
    return written.ok ? ok({ mutationId: written.value[0]! }) : written;
  }

  /**
   * Several mutations as one local transaction (one order per supplier): every one is saved, or
   * none is and the first refusal is answered. Each is still its own outbox entry, pushed in order.
   * `andThen` runs inside the same transaction after the writes (replica-local bookkeeping such as
   * removing a finished draft), so the two cannot come apart in a crash.
   */
  writeAll(mutations: readonly PendingWrite[], userId: string, andThen?: () => void): Result<number[]> {
    const blocked = this.blockedBy?.();
    if (blocked) return err('bootstrap-running', blocked);
    // The outbox must only ever hold what the server's schema accepts: a bad entry would stop the queue.
    const createdAt = this.ctx.now().toISOString();
    const records: Omit<MutationRecord, 'id'>[] = [];
    for (const m of mutations) {
      const parsed = parseWith(mutationArgs[m.name], m.args);
      if (!parsed.ok) return parsed;
      records.push({ name: m.name, args: parsed.value as MutationArgs<MutationName>, userId, createdAt });
    }
    const { db } = this.ctx;
    const tables = new Set<string>();
    const result = db.transaction((): Result<number[]> => {
      const ids: number[] = [];
      for (const record of records) {
        const decision = this.local.decide(record);
        if (!decision.ok) throw new Refused(decision);
        const { undo, marker } = this.local.apply(decision.value);
        for (const e of decision.value.effects) tables.add(e.table);
        const { audit } = decision.value;
        appendAudit(db, { at: record.createdAt, userId, action: audit.action, entity: audit.entity, entityId: audit.entityId, details: audit.details });
        ids.push(this.outbox.append(record, undo, marker));
      }
      andThen?.();
      return ok(ids);
    });
    let written: Result<number[]>;
    try {
      written = result();
    } catch (e) {
      // A refusal of the second order must also undo the first: the transaction rolls back.
      if (e instanceof Refused) return e.refusal;
      throw e;
    }
    if (written.ok) {
      this.ctx.highWater?.record(written.value[written.value.length - 1]!);
      this.ctx.events.emit('data.changed', { tables: [...tables] });
      this.onCommitted?.();
    }
    return written;
  }
}
