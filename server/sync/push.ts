import { z } from 'zod';
import { parseWith } from '../../shared/api/validate';
import { mutationArgs, MUTATION_NAMES, type MutationName } from '../../shared/domain/mutations';
import { ClientId, MAX_PUSH_MUTATIONS, type MutationOutcome, type PushResponse } from '../../shared/sync/protocol';
import { isTransient, isUnavailable, type Db, type Tx } from '../db/db';
import type { SyncClient } from './auth';
import { WriteBatch } from './batch';
import { applyEffects } from './effects';
import { serverMutations } from './mutations';

/**
 * The push body as the server reads it: the protocol's PushRequest with each mutation's `args`
 * left open. Args are validated one mutation at a time, in order, so a mutation with bad args is
 * *rejected* (2xx data, the queue moves on) instead of failing the whole batch with a 400.
 * Every valid PushRequest is a valid PushEnvelope.
 */
export const PushEnvelope = z
  .object({
    protocolVersion: z.number().int().positive(),
    schemaVersion: z.number().int().positive(),
    clientId: ClientId,
    mutations: z
      .array(
        z
          .object({
            id: z.number().int().positive(),
            name: z.string().min(1).max(64),
            userId: z.string().min(1).max(64),
            args: z.unknown(),
            createdAt: z.string().max(40),
          })
          .strict(),
      )
      .max(MAX_PUSH_MUTATIONS),
  })
  .strict();
export type PushEnvelope = z.infer<typeof PushEnvelope>;
type EnvelopeMutation = PushEnvelope['mutations'][number];

/** Thrown when an unexpected error (not a business refusal) happened while applying mutation `index`. */
class MutationFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`mutation ${index} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface PushOptions {
  now?: () => Date;
  /** Where unexpected errors are reported (the server's log). */
  onError?: (message: string, error: unknown) => void;
}

/**
 * Applies a push. One transaction per batch: the client's sync_client row is locked first
 * (SELECT … FOR UPDATE), so two pushes of one client — even through two server processes —
 * serialize and the second sees the first's last_mutation_id (its replays become `duplicate`).
 * Per mutation, in order: id ≤ last → duplicate; id = last + 1 → validate, re-decide with the
 * shared rule on central facts, apply → applied or rejected (both advance last_mutation_id);
 * id > last + 1 → stop, report the gap. Effects, change-log entries and last_mutation_id commit
 * together, so a lost response is answered `duplicate` on the retry, never applied twice.
 *
 * Transient database errors (deadlock, lost connection, a unique race) retry the whole batch; they
 * surface as 503 after a few attempts. An unexpected error in one mutation (a bug) would otherwise
 * jam the client's queue forever: the mutations before it are committed and that one is rejected
 * with `internal-error` (it lands in the workstation's conflicts list, nothing is silently lost).
 */
export async function push(db: Db, client: SyncClient, envelope: PushEnvelope, options: PushOptions = {}): Promise<PushResponse> {
  const now = options.now ?? (() => new Date());
  const results: MutationOutcome[] = [];
  let offset = 0;
  let stepwise = false;
  for (;;) {
    const pending = envelope.mutations.slice(offset);
    try {
      const out = await withRetry(() => db.transaction((tx) => processBatch(tx, client, pending, now(), stepwise)));
      results.push(...out.results);
      return { results, lastMutationId: out.lastMutationId, ...(out.gap ? { gap: out.gap } : {}) };
    } catch (error) {
      const cause = error instanceof MutationFailure ? error.cause : error;
      if (isUnavailable(cause)) throw error;
      if (!(error instanceof MutationFailure)) {
        // The bulk write at the end failed: find the mutation behind it by writing step by step.
        if (stepwise) throw error;
        stepwise = true;
        continue;
      }
      options.onError?.(`Mutation ${pending[error.index]?.id} (${pending[error.index]?.name}) of client ${client.clientId} failed`, error.cause);
      if (error.index > 0) {
        const before = await withRetry(() => db.transaction((tx) => processBatch(tx, client, pending.slice(0, error.index), now(), true)));
        results.push(...before.results);
        if (before.gap) return { results, lastMutationId: before.lastMutationId, gap: before.gap };
      }
      const failed = pending[error.index]!;
      results.push(await withRetry(() => db.transaction((tx) => rejectAsInternal(tx, client, failed))));
      offset += error.index + 1;
    }
  }
}

/**
 * `stepwise`: write each mutation's ledger rows right after it (slower), so that an error is
 * pinned to the mutation that caused it; normally they are written in bulk at the end.
 */
async function processBatch(
  tx: Tx,
  client: SyncClient,
  mutations: readonly EnvelopeMutation[],
  now: Date,
  stepwise: boolean,
): Promise<{ results: MutationOutcome[]; lastMutationId: number; gap?: { expected: number; received: number } }> {
  const start = await lockClient(tx, client);
  let last = start;
  const batch = new WriteBatch(tx, client);
  await batch.loadActors(
    mutations.filter((m) => m.id > start).map((m) => m.userId),
    client.storeId,
  );
  const results: MutationOutcome[] = [];
  let gap: { expected: number; received: number } | undefined;
  for (let i = 0; i < mutations.length; i++) {
    const m = mutations[i]!;
    if (m.id <= last) {
      results.push({ id: m.id, status: 'duplicate' });
      continue;
    }
    if (m.id > last + 1) {
      gap = { expected: last + 1, received: m.id };
      break;
    }
    try {
      results.push(await applyMutation(batch, client, m, now));
      if (stepwise) await batch.flushRows();
    } catch (error) {
      throw new MutationFailure(i, error);
    }
    last = m.id;
  }
  if (last > start) {
    batch.setLastMutationId(last);
    await batch.flush();
  }
  return { results, lastMutationId: last, ...(gap ? { gap } : {}) };
}

async function lockClient(tx: Tx, client: SyncClient): Promise<number> {
  const { rows } = await tx.query<{ last_mutation_id: number }>(
    'SELECT last_mutation_id FROM sync_client WHERE client_id = $1 FOR UPDATE',
    [client.clientId],
    { name: 'sync.lockClient' },
  );
  if (!rows[0]) throw new Error(`sync client ${client.clientId} disappeared`);
  return rows[0].last_mutation_id;
}

const isMutationName = (name: string): name is MutationName => (MUTATION_NAMES as readonly string[]).includes(name);

async function applyMutation(batch: WriteBatch, client: SyncClient, m: EnvelopeMutation, now: Date): Promise<MutationOutcome> {
  const storeId = client.storeId;
  const rawArgs = typeof m.args === 'object' && m.args !== null && !Array.isArray(m.args) ? (m.args as Record<string, unknown>) : {};
  const reject = async (code: string, message: string): Promise<MutationOutcome> => {
    batch.markProcessed(m.id, m.name, m.userId, 'rejected', code);
    if (isMutationName(m.name)) await batch.restoreTruth(serverMutations[m.name].targets(rawArgs, storeId), storeId);
    return { id: m.id, status: 'rejected', error: { code, message } };
  };

  if (!isMutationName(m.name)) {
    return reject('unknown-mutation', `Centralen känner inte till ändringstypen "${m.name.slice(0, 64)}". Uppdatera Buffert.`);
  }
  const args = parseWith(mutationArgs[m.name], m.args);
  if (!args.ok) return reject('invalid-input', args.error.message);
  const actor = await batch.actorInStore(m.userId, storeId);
  if (!actor) {
    return reject('forbidden-user', `Användaren ${m.userId.slice(0, 64)} hör inte till lager ${storeId} och får inte göra ändringar där.`);
  }
  const handler = serverMutations[m.name] as (typeof serverMutations)[MutationName];
  const decision = await handler.decide(batch, args.value as never, actor, effectiveTime(m.createdAt, now));
  if (!decision.ok) return reject(decision.error.code, decision.error.message);
  await applyEffects(batch, decision.value, m.id);
  batch.markProcessed(m.id, m.name, m.userId, 'applied', null);
  return { id: m.id, status: 'applied' };
}

async function rejectAsInternal(tx: Tx, client: SyncClient, m: EnvelopeMutation): Promise<MutationOutcome> {
  const last = await lockClient(tx, client);
  if (m.id <= last) return { id: m.id, status: 'duplicate' };
  const batch = new WriteBatch(tx, client);
  const code = 'internal-error';
  batch.markProcessed(m.id, m.name, m.userId, 'rejected', code);
  if (isMutationName(m.name)) {
    const rawArgs = typeof m.args === 'object' && m.args !== null ? (m.args as Record<string, unknown>) : {};
    await batch.restoreTruth(serverMutations[m.name].targets(rawArgs, client.storeId), client.storeId);
  }
  batch.setLastMutationId(m.id);
  await batch.flush();
  return {
    id: m.id,
    status: 'rejected',
    error: { code, message: 'Centralen kunde inte behandla ändringen på grund av ett internt fel. Kontakta support och ange tidpunkten; registrera sedan uppgiften på nytt.' },
  };
}

/**
 * The time a mutation happened: the workstation's createdAt (the moment the technician confirmed,
 * possibly days ago offline) when it is a plausible ISO timestamp, else the server's clock.
 */
export function effectiveTime(createdAt: string, now: Date): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(createdAt)) return now.toISOString();
  const t = Date.parse(createdAt);
  if (!Number.isFinite(t) || t < Date.UTC(2000, 0, 1) || t > now.getTime() + 5 * 60_000) return now.toISOString();
  return new Date(t).toISOString();
}

async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const cause = error instanceof MutationFailure ? error.cause : error;
      if (attempt >= attempts || !isTransient(cause)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
    }
  }
}
