import { z } from 'zod';
import { parseWith } from '../../shared/api/validate';
import { RowId, storableText } from '../../shared/domain/mutation';
import { decideMutation, isMutationName, mutationArgs, type MutationArgs, type MutationName } from '../../shared/domain/mutations';
import { ClientId, MAX_PUSH_MUTATIONS, type MutationOutcome, type PushResponse } from '../../shared/sync/protocol';
import { keyOfId, type ReplicatedTable } from '../../shared/sync/tables';
import { sqlState, type Db, type Tx } from '../db/db';
import { serverMutations, type ServerMutation } from '../mutations';
import type { SyncClient } from './auth';
import { WriteBatch } from './batch';
import { applyDecision, DuplicateRow, keySql } from './effects';
import { TABLE } from './tables';
import { mutationHash } from './hash';

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
            name: z.string().regex(/^[a-z][A-Za-z]{0,30}\.[a-z][A-Za-z]{0,30}$/, 'Okänd ändringstyp.'),
            userId: RowId,
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

/** The database could not take the batch now (deadlock after retries, lost connection): answer 503, move nothing. */
export class PushUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super(`push unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PushUnavailable';
  }
}

/**
 * What an error means for a push: `retry` — a temporary database condition (deadlock,
 * serialization failure, lost connection, shutdown, a unique race the facts could not see yet):
 * the whole batch is tried again, and after the last attempt answered 503 with nothing moved;
 * `duplicate` — a row the mutation creates exists already; `mutation` — anything else: a bug or
 * data the schemas let through, pinned to its mutation so that the queue behind it moves on.
 */
function kindOf(cause: unknown): 'retry' | 'duplicate' | 'mutation' {
  if (cause instanceof DuplicateRow) return 'duplicate';
  const state = sqlState(cause);
  if (state !== undefined) {
    if (state === '23505' || state === '55P03' || ['08', '40', '53', '57', '58'].includes(state.slice(0, 2))) return 'retry';
    return 'mutation';
  }
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT)$/.test(code)) return 'retry';
  if (cause instanceof Error && /connection (terminated|ended|refused)|Client has encountered a connection error|PGlite is closed|timeout/i.test(cause.message)) return 'retry';
  return 'mutation';
}

export interface PushOptions {
  now?: () => Date;
  /** Where unexpected errors are reported (the server's log). */
  onError?: (message: string, error: unknown) => void;
  /** Attempts per batch on temporary database errors (default 5). */
  attempts?: number;
}

const REFUSED_FOR = {
  duplicate: {
    code: 'duplicate-id',
    message: 'Ändringen använder ett id som redan finns hos centralen. Den har inte sparats centralt; registrera uppgiften på nytt.',
  },
  internal: {
    code: 'internal-error',
    message: 'Centralen kunde inte behandla ändringen på grund av ett internt fel. Kontakta support och ange tidpunkten; registrera sedan uppgiften på nytt.',
  },
} as const;

/**
 * Applies a push. One transaction per batch: the client's sync_client row is locked first
 * (SELECT … FOR UPDATE), so two pushes of one client — even through two server nodes — serialize
 * and the second sees the first's last_mutation_id. Then the rows the batch's rules will update
 * are locked in one sorted statement, so two batches never wait on each other in a cycle.
 *
 * Per mutation, in order: id ≤ last → a replay: answered with the outcome stored when it was
 * processed, if its content (hash of name, user, args) is the same; other content → `conflict`
 * and the batch stops (the workstation renumbers its pending work past `lastMutationId`).
 * id = last + 1 → validated, re-decided with the shared rule on central facts, applied →
 * `applied` or `rejected` (both stored with their hash, both advance last_mutation_id).
 * id > last + 1 → stop, report the gap. Effects, change-log entries, stored outcomes and
 * last_mutation_id commit together.
 *
 * Temporary database errors retry the whole batch and end as PushUnavailable (503), never as a
 * rejection. An error pinned to one mutation (a bug) would otherwise jam the client's queue
 * forever: the mutations before it are committed and that one is rejected (`duplicate-id` when a
 * row it creates exists, else `internal-error`), so it lands in the workstation's conflicts list.
 */
export async function push(db: Db, client: SyncClient, envelope: PushEnvelope, options: PushOptions = {}): Promise<PushResponse> {
  const now = options.now ?? (() => new Date());
  const attempts = options.attempts ?? 5;
  const run = async (careful: boolean) => {
    try {
      const out = await withRetry(() => db.transaction((tx) => processBatch(tx, client, envelope.mutations, now(), careful, options)), attempts);
      return { results: out.results, lastMutationId: out.lastMutationId, ...(out.gap ? { gap: out.gap } : {}) };
    } catch (error) {
      // Temporary to the end of the retries: nothing of the batch was kept; the workstation sends it again.
      if (kindOf(error) === 'retry' && !(careful && sqlState(error) === '23505')) throw new PushUnavailable(error);
      throw error;
    }
  };
  try {
    return await run(false);
  } catch (error) {
    if (error instanceof PushUnavailable && sqlState(error.cause) !== '23505') throw error;
    // Something failed that the quick pass cannot pin on one mutation (a row that exists, a bug):
    // once more, each mutation on a savepoint of its own.
    return run(true);
  }
}

interface BatchOutcome {
  results: MutationOutcome[];
  lastMutationId: number;
  gap?: { expected: number; received: number };
}

interface StoredOutcome {
  hash: string | null;
  outcome: MutationOutcome;
}

/**
 * `careful`: each mutation on a savepoint of its own, its rows written right after it (slower), so
 * that an error belongs to the mutation that caused it: that one alone is rolled back and rejected
 * (`duplicate-id` when a row it creates exists, else `internal-error`, logged) and the batch goes
 * on. Normally rows are written in bulk at the end and any such error fails the whole attempt.
 */
async function processBatch(
  tx: Tx,
  client: SyncClient,
  mutations: readonly EnvelopeMutation[],
  now: Date,
  careful: boolean,
  options: PushOptions,
): Promise<BatchOutcome> {
  const start = await lockClient(tx, client);
  const fresh = mutations.filter((m) => m.id > start);
  const stored = await storedOutcomes(tx, client, mutations.filter((m) => m.id <= start).map((m) => m.id));
  const prepared = new Map(fresh.map((m) => [m, prepare(m)] as const));
  await lockRows(tx, [...prepared.values()], client.storeId);
  const batch = new WriteBatch(tx, client);
  await prefetch(batch, [...prepared.values()], client.storeId);
  await batch.loadActors(
    fresh.map((m) => m.userId),
    client.storeId,
  );
  let last = start;
  const results: MutationOutcome[] = [];
  let gap: BatchOutcome['gap'];
  for (let i = 0; i < mutations.length; i++) {
    const m = mutations[i]!;
    if (m.id <= last) {
      const known = stored.get(m.id);
      // Every processed id has its row; only rows from before protocol 2 lack a hash.
      if (known && known.hash !== null && known.hash !== mutationHash(m)) {
        results.push({ id: m.id, status: 'conflict' });
        break;
      }
      results.push(known ? known.outcome : { id: m.id, status: 'applied' });
      continue;
    }
    if (m.id > last + 1) {
      gap = { expected: last + 1, received: m.id };
      break;
    }
    const outcome = careful ? await applyOnSavepoint(tx, batch, client, m, prepared.get(m)!, now, options) : await applyMutation(batch, client, m, prepared.get(m)!, now);
    results.push(outcome);
    stored.set(m.id, { hash: mutationHash(m), outcome });
    last = m.id;
  }
  if (last > start) {
    batch.setLastMutationId(last);
    await batch.flush();
  }
  return { results, lastMutationId: last, ...(gap ? { gap } : {}) };
}

async function lockClient(tx: Tx, client: SyncClient): Promise<number> {
  const { rows } = await tx.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM sync_client WHERE client_id = $1 FOR UPDATE', [client.clientId], {
    name: 'sync.lockClient',
  });
  if (!rows[0]) throw new Error(`sync client ${client.clientId} disappeared`);
  return rows[0].last_mutation_id;
}

async function storedOutcomes(tx: Tx, client: SyncClient, ids: readonly number[]): Promise<Map<number, StoredOutcome>> {
  const out = new Map<number, StoredOutcome>();
  if (ids.length === 0) return out;
  const { rows } = await tx.query<{ mutation_id: number; status: 'applied' | 'rejected'; error_code: string | null; error_message: string | null; content_hash: string | null }>(
    'SELECT mutation_id, status, error_code, error_message, content_hash FROM sync_mutation WHERE client_id = $1 AND mutation_id = ANY($2::bigint[])',
    [client.clientId, [...ids]],
    { name: 'sync.storedOutcomes' },
  );
  for (const r of rows) {
    const id = Number(r.mutation_id);
    const outcome: MutationOutcome =
      r.status === 'applied'
        ? { id, status: 'applied' }
        : {
            id,
            status: 'rejected',
            error: {
              code: r.error_code ?? 'rejected',
              message: r.error_message ?? `Centralen avvisade ändringen när den kom fram första gången (${r.error_code ?? 'okänd orsak'}).`,
            },
          };
    out.set(id, { hash: r.content_hash, outcome });
  }
  return out;
}

/** A mutation read once: its name known or not, its args valid or the Swedish reason why not. */
type Prepared =
  | { ok: true; name: MutationName; args: MutationArgs<MutationName> }
  | { ok: false; code: 'unknown-mutation' | 'invalid-input'; message: string };

function prepare(m: EnvelopeMutation): Prepared {
  if (!isMutationName(m.name)) {
    return { ok: false, code: 'unknown-mutation', message: `Centralen känner inte till ändringstypen "${m.name}". Uppdatera Buffert.` };
  }
  const args = parseWith(mutationArgs[m.name], m.args);
  if (!args.ok) return { ok: false, code: 'invalid-input', message: args.error.message };
  return { ok: true, name: m.name, args: args.value as MutationArgs<MutationName> };
}

const half = <N extends MutationName>(name: N) => serverMutations[name] as unknown as ServerMutation<N>;

/**
 * The rows every rule of the batch may update, locked at once per table in key order (FOR NO KEY
 * UPDATE: foreign-key checks of other transactions, which take KEY SHARE, never wait for it).
 */
async function lockRows(tx: Tx, prepared: readonly Prepared[], storeId: string): Promise<void> {
  const byTable = new Map<ReplicatedTable, Set<string>>();
  for (const p of prepared) {
    if (!p.ok) continue;
    for (const l of half(p.name).locks?.(p.args as never, storeId) ?? []) {
      let ids = byTable.get(l.table);
      if (!ids) byTable.set(l.table, (ids = new Set()));
      ids.add(l.id);
    }
  }
  const tables = [...byTable.keys()].sort();
  for (const table of tables) {
    const spec = TABLE[table];
    const keys = [...byTable.get(table)!].map((id) => keyOfId(table, id)).filter((k): k is Record<string, string> => k !== null);
    if (keys.length === 0) continue;
    // In the order of the change id's bytes: the order the batch's counters are written in at flush.
    const columns = spec.key.map((k, i) => `$${i + 1}::${spec.keyTypes[i]}[]`);
    const where =
      spec.key.length === 1
        ? `t.${spec.key[0]} = ANY(${columns[0]})`
        : `(${spec.key.map((k) => `t.${k}`).join(', ')}) IN (SELECT * FROM unnest(${columns.join(', ')}))`;
    await tx.query(
      `SELECT 1 FROM ${table} t WHERE ${where} ORDER BY (${keySql(table, 't')}) COLLATE "C" FOR NO KEY UPDATE`,
      spec.key.map((k) => keys.map((key) => key[k])),
    );
  }
}

/** Lets each half read the facts of all its mutations in the batch at once (ServerMutation.prefetch). */
async function prefetch(batch: WriteBatch, prepared: readonly Prepared[], storeId: string): Promise<void> {
  const byName = new Map<MutationName, MutationArgs<MutationName>[]>();
  for (const p of prepared) {
    if (!p.ok || !half(p.name).prefetch) continue;
    let list = byName.get(p.name);
    if (!list) byName.set(p.name, (list = []));
    list.push(p.args);
  }
  for (const [name, list] of byName) await half(name).prefetch!(batch, list as never, storeId);
}

async function applyMutation(batch: WriteBatch, client: SyncClient, m: EnvelopeMutation, p: Prepared, now: Date): Promise<MutationOutcome> {
  const hash = mutationHash(m);
  const reject = (code: string, message: string): MutationOutcome => {
    // Control characters and broken surrogates never reach a text column (PostgreSQL refuses NUL).
    const text = storableText(message);
    batch.markProcessed({ id: m.id, name: m.name, userId: m.userId, status: 'rejected', code, message: text, hash });
    return { id: m.id, status: 'rejected', error: { code, message: text } };
  };
  if (!p.ok) return reject(p.code, p.message);
  const actor = await batch.actorInStore(m.userId, client.storeId);
  if (!actor) return reject('forbidden-user', `Användaren ${m.userId} hör inte till lager ${client.storeId} och får inte göra ändringar där.`);
  const at = effectiveTime(m.createdAt, now);
  const facts = await half(p.name).facts(batch, p.args as never, actor, client.storeId, { at });
  const decision = decideMutation(p.name, p.args, facts as never, { actor, at });
  if (!decision.ok) return reject(decision.error.code, decision.error.message);
  await applyDecision(batch, decision.value, { userId: actor.userId, at, mutationId: m.id });
  batch.markProcessed({ id: m.id, name: m.name, userId: m.userId, status: 'applied', code: null, message: null, hash });
  return { id: m.id, status: 'applied' };
}

/** One mutation in careful mode: on a savepoint, written at once; its own failure rejects it alone. */
async function applyOnSavepoint(
  tx: Tx,
  batch: WriteBatch,
  client: SyncClient,
  m: EnvelopeMutation,
  p: Prepared,
  now: Date,
  options: PushOptions,
): Promise<MutationOutcome> {
  await tx.query('SAVEPOINT push_mutation');
  const restore = batch.checkpoint();
  try {
    const outcome = await applyMutation(batch, client, m, p, now);
    await batch.flush();
    await tx.query('RELEASE SAVEPOINT push_mutation');
    return outcome;
  } catch (error) {
    // A deadlock or lost connection is the whole batch's: it is tried again from the start.
    if (kindOf(error) === 'retry' && sqlState(error) !== '23505') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT push_mutation');
    restore();
    const duplicate = kindOf(error) === 'duplicate' || sqlState(error) === '23505';
    if (!duplicate) options.onError?.(`Mutation ${m.id} (${m.name}) of client ${client.clientId} failed`, error);
    const refusal = duplicate ? REFUSED_FOR.duplicate : REFUSED_FOR.internal;
    batch.markProcessed({ id: m.id, name: m.name, userId: m.userId, status: 'rejected', code: refusal.code, message: refusal.message, hash: mutationHash(m) });
    return { id: m.id, status: 'rejected', error: { ...refusal } };
  }
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

async function withRetry<T>(fn: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || kindOf(error) !== 'retry') throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
    }
  }
}
