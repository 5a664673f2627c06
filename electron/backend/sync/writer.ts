import { mutationArgs, type MutationArgs, type MutationName } from '../../../shared/domain/mutations';
import { err, ok, type Result } from '../../../shared/result';
import { parseWith } from '../../../shared/api/validate';
import { appendAudit } from '../db/audit';
import type { HighWaterMark } from '../db/high-water';
import type { Db } from '../db/replica';
import type { BackendEvents } from '../events';
import { LocalMutations } from './local-mutations';
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
    const blocked = this.blockedBy?.();
    if (blocked) return err('bootstrap-running', blocked);
    // The outbox must only ever hold what the server's schema accepts: a bad entry would stop the queue.
    const parsed = parseWith(mutationArgs[name], rawArgs);
    if (!parsed.ok) return parsed;
    const record = { name, args: parsed.value as MutationArgs<N>, userId, createdAt: this.ctx.now().toISOString() };
    const { db } = this.ctx;
    const tables = new Set<string>();
    const result = db.transaction((): Result<{ mutationId: number }> => {
      const decision = this.local.decide(record);
      if (!decision.ok) return decision;
      const { undo, marker } = this.local.apply(decision.value);
      for (const e of decision.value.effects) tables.add(e.table);
      const { audit } = decision.value;
      appendAudit(db, { at: record.createdAt, userId, action: audit.action, entity: audit.entity, entityId: audit.entityId, details: audit.details });
      return ok({ mutationId: this.outbox.append(record, undo, marker) });
    })();
    if (result.ok) {
      this.ctx.highWater?.record(result.value.mutationId);
      this.ctx.events.emit('data.changed', { tables: [...tables] });
      this.onCommitted?.();
    }
    return result;
  }
}
