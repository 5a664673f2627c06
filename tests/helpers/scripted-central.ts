import Fastify, { type FastifyInstance } from 'fastify';
import {
  PROTOCOL_VERSION,
  PullRequest,
  PushRequest,
  REPLICATED_TABLES,
  RegisterRequest,
  SCHEMA_VERSION,
  type Change,
  type MutationOutcome,
  type ReplicatedTable,
} from '../../shared/sync/protocol';
import type { DemoOptions } from '../../shared/demo/generator';
import type { MutationName } from '../../shared/domain/mutations';
import { TABLE_SPECS } from '../../shared/sync/tables';
import { openReplica, type Db } from '../../electron/backend/db/replica';
import { LocalMutations } from '../../electron/backend/sync/local-mutations';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { keyExpr } from '../../electron/backend/sync/changes';

/**
 * A small, real HTTP server that speaks the sync protocol from a scripted feed, for the engine's
 * unit tests (cursor handling, version mismatch, fail-safe, resync, backoff) where a test must
 * produce exact server behaviour — a mass delete, an expired cursor, a 503 — on demand. The
 * integration tests run against the real central server (server/).
 */

export type Answer = { status: number; body: unknown };
/** A pushed mutation with its fields typed (the protocol's inferred Mutation type is loose). */
export interface ProtocolMutation {
  id: number;
  name: MutationName;
  userId: string;
  args: unknown;
  createdAt: string;
}

export interface ScriptedCentral {
  url: string;
  /** Every request the server received, in order. */
  requests: { path: string; body: Record<string, unknown> }[];
  feed: Change[];
  /** Cursors below this seq are unknown (compacted): a pull from one gets resync-required. */
  compactedBefore: number;
  protocolVersion: number;
  tokens: Set<string>;
  lastMutationId: Map<string, number>;
  /** What each processed mutation was answered, with its content, by `${clientId}|${id}` (replays get it again). */
  outcomes: Map<string, { content: string; outcome: MutationOutcome }>;
  /** Answers a mutation (default: applied, no changes). Runs only for new, in-order ids. */
  decide: (clientId: string, m: ProtocolMutation) => { outcome: 'applied' } | { outcome: 'rejected'; code: string; message: string };
  /** Runs before the default handling; return an answer to replace it. */
  intercept: (path: string, body: Record<string, unknown>) => Answer | undefined;
  /** Appends changes to the feed with the next sequence numbers. */
  emit(changes: Omit<Change, 'seq'>[]): void;
  pulls(): { cursor: string | null }[];
  /** Stops the HTTP server and starts it again on the same port, keeping its state. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const error = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

export async function startScriptedCentral(initial: Omit<Change, 'seq'>[] = []): Promise<ScriptedCentral> {
  let app: FastifyInstance = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  let port = 0;
  const central: ScriptedCentral = {
    url: '',
    requests: [],
    feed: [],
    compactedBefore: 0,
    protocolVersion: PROTOCOL_VERSION,
    tokens: new Set(),
    lastMutationId: new Map(),
    outcomes: new Map(),
    decide: () => ({ outcome: 'applied' }),
    intercept: () => undefined,
    emit(changes) {
      let seq = central.feed.at(-1)?.seq ?? 0;
      for (const c of changes) central.feed.push({ ...c, seq: ++seq });
    },
    pulls: () => central.requests.filter((r) => r.path === '/sync/pull').map((r) => ({ cursor: r.body.cursor as string | null })),
    restart: async () => {
      await app.close();
      app = await listen();
    },
    close: () => app.close(),
  };
  central.emit(initial);

  const versions = (body: Record<string, unknown>): Answer | undefined =>
    body.protocolVersion !== central.protocolVersion || body.schemaVersion !== SCHEMA_VERSION
      ? error(400, 'version-not-supported', `protokollversion ${central.protocolVersion} krävs`)
      : undefined;
  const authorized = (auth: string | undefined): boolean => !!auth && central.tokens.has(auth.replace(/^Bearer /, ''));

  const handle = (path: string, body: Record<string, unknown>, auth: string | undefined): Answer => {
    central.requests.push({ path, body });
    const scripted = central.intercept(path, body);
    if (scripted) return scripted;
    const v = versions(body);
    if (v) return v;
    if (path === '/sync/register') {
      const req = RegisterRequest.safeParse(body);
      if (!req.success) return error(400, 'invalid-request', req.error.message);
      const token = `tok-${req.data.clientId}-${central.tokens.size}`;
      central.tokens.add(token);
      return { status: 200, body: { token, storeId: req.data.storeId, clientId: req.data.clientId } };
    }
    if (!authorized(auth)) return error(401, 'unauthenticated', 'okänd token');
    if (path === '/sync/push') {
      const req = PushRequest.safeParse(body);
      if (!req.success) return error(400, 'invalid-request', req.error.message);
      const results: MutationOutcome[] = [];
      let last = central.lastMutationId.get(req.data.clientId) ?? 0;
      let gap: { expected: number; received: number } | undefined;
      // The protocol's Mutation type is loose (a union built at runtime); these are its fields.
      for (const m of req.data.mutations as unknown as ProtocolMutation[]) {
        const content = JSON.stringify({ name: m.name, userId: m.userId, args: m.args });
        if (m.id <= last) {
          const known = central.outcomes.get(`${req.data.clientId}|${m.id}`);
          if (known && known.content !== content) {
            results.push({ id: m.id, status: 'conflict' });
            break;
          }
          results.push(known?.outcome ?? { id: m.id, status: 'applied' });
          continue;
        }
        if (m.id > last + 1) {
          gap = { expected: last + 1, received: m.id };
          break;
        }
        const d = central.decide(req.data.clientId, m);
        const outcome: MutationOutcome = d.outcome === 'applied' ? { id: m.id, status: 'applied' } : { id: m.id, status: 'rejected', error: { code: d.code, message: d.message } };
        central.outcomes.set(`${req.data.clientId}|${m.id}`, { content, outcome });
        results.push(outcome);
        last = m.id;
      }
      central.lastMutationId.set(req.data.clientId, last);
      return { status: 200, body: { results, lastMutationId: last, ...(gap ? { gap } : {}) } };
    }
    if (path === '/sync/pull') {
      const req = PullRequest.safeParse(body);
      if (!req.success) return error(400, 'invalid-request', req.error.message);
      const from = req.data.cursor === null ? 0 : Number(req.data.cursor);
      const head = central.feed.at(-1)?.seq ?? 0;
      if (!Number.isInteger(from) || from < 0 || from > head || (req.data.cursor !== null && from < central.compactedBefore)) {
        return error(409, 'resync-required', 'markören är okänd');
      }
      const rest = central.feed.filter((c) => c.seq > from);
      const changes = rest.slice(0, req.data.limit);
      return {
        status: 200,
        body: {
          cursor: String(changes.at(-1)?.seq ?? from),
          hasMore: rest.length > changes.length,
          changes,
          lastMutationId: central.lastMutationId.get(req.data.clientId) ?? 0,
          ...(req.data.cursor === null ? { estimatedTotal: rest.length } : {}),
        },
      };
    }
    return error(404, 'invalid-request', 'okänd väg');
  };

  const listen = async () => {
    const next: FastifyInstance = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
    for (const path of ['/sync/register', '/sync/push', '/sync/pull']) {
      next.post(path, async (request, reply) => {
        const answer = handle(path, (request.body ?? {}) as Record<string, unknown>, request.headers.authorization);
        return reply.code(answer.status).send(answer.body);
      });
    }
    const url = await next.listen({ host: '127.0.0.1', port });
    port = Number(new URL(url).port);
    central.url = url;
    return next;
  };
  await app.close();
  app = await listen();
  return central;
}

/**
 * The demo region as a central feed: every replicated row of a freshly seeded replica as an upsert,
 * in the replica's snake_case columns (without the local-only `seq` and `individual_no_rev`).
 */
export function demoSnapshot(options: DemoOptions = { articles: 120, individuals: 80, recipients: 10 }): Omit<Change, 'seq'>[] {
  const db = openReplica(':memory:');
  try {
    seedDemoData(db, options);
    return demoSnapshotOf(db);
  } finally {
    db.close();
  }
}

function demoSnapshotOf(db: Db): Omit<Change, 'seq'>[] {
  const out: Omit<Change, 'seq'>[] = [];
  for (const table of REPLICATED_TABLES) {
    const rows = db.prepare(`SELECT ${keyExpr(table)} AS __key, * FROM ${table}`).all() as Record<string, unknown>[];
    for (const r of rows) {
      const { __key, seq: _seq, individual_no_rev: _rev, ...row } = r;
      out.push({ table, op: 'upsert', id: String(__key), row });
    }
  }
  return out;
}

/**
 * A scripted central that also applies mutations: its state is a replica-shaped SQLite database
 * seeded with the demo region, every pushed mutation runs through the same shared rule
 * (LocalMutations) and the rows it wrote are appended to the feed. Single-threaded, so it checks
 * the client's exactly-once handling, not the real server's concurrency (the integration tests
 * against server/ do that).
 */
export async function startModelCentral(demo: DemoOptions = { articles: 120, individuals: 80, recipients: 10 }): Promise<ScriptedCentral & { db: Db }> {
  const db = openReplica(':memory:');
  seedDemoData(db, demo);
  const local = new LocalMutations(db);
  const central = Object.assign(await startScriptedCentral(demoSnapshotOf(db)), { db });
  const rowOf = (table: ReplicatedTable, where: string, ...params: unknown[]): Omit<Change, 'seq'> => {
    const r = db.prepare(`SELECT ${keyExpr(table)} AS __key, * FROM ${table} WHERE ${where}`).get(...params) as Record<string, unknown>;
    const { __key, seq: _seq, individual_no_rev: _rev, ...row } = r;
    return { table, op: 'upsert', id: String(__key), row };
  };
  central.decide = (_clientId, m) => {
    const decision = local.decide({ name: m.name, args: m.args as never, userId: m.userId, createdAt: m.createdAt });
    if (!decision.ok) return { outcome: 'rejected', code: decision.error.code, message: decision.error.message };
    const e = decision.value;
    db.transaction(() => {
      local.apply(e);
      // Every row an effect wrote goes into the feed, as the real server's change log does.
      const changes = e.effects.map((effect) => {
        const source = (effect.kind === 'insert' ? effect.row : effect.key) as Record<string, unknown>;
        const key = TABLE_SPECS[effect.table].key;
        return rowOf(effect.table, key.map((k) => `${k} = ?`).join(' AND '), ...key.map((k) => source[k]));
      });
      central.emit(changes);
    })();
    return { outcome: 'applied' };
  };
  return central;
}
