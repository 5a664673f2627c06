import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import { REQUEST_AUDIT_ACTION } from '../../server/audit/requests';
import { BACKENDS, NO_RATE_LIMITS, testBackend, type BackendKind, type TestBackend } from './databases';
import { TestClient, VERSIONS } from './protocol-client';
import { mutationArgs } from '../../shared/domain/mutations';
import { MAX_PUSH_MUTATIONS, PullResponse, SyncError } from '../../shared/sync/protocol';
import { AnyPushResponse, isBusinessRejection, isOtherContentAnswer, isReplayAnswer, type FirstOutcome } from './push-outcomes';

/**
 * Fuzzing /sync/push, /sync/pull and /sync/register of the real central server over HTTP
 * (issue 7: "no input jams a queue"). Inputs: random JSON and raw bytes, valid envelopes mutated
 * at any path (wrong types, numbers beyond int4/int8/2^53, NaN-like literals, very long strings,
 * NUL and control characters, lone surrogates, unknown and missing keys, nested junk), ids
 * duplicated, out of order, skipping ahead or replayed with other content, foreign client ids,
 * bad tokens, wrong versions, batch sizes around MAX_PUSH_MUTATIONS, malformed cursors, limits out
 * of range. The guarantees checked after every request:
 * - no answer with status ≥ 500 (nor a dropped connection);
 * - every 4xx body is the protocol's SyncError;
 * - a refused request (4xx) changes nothing: a digest of every table (data, sync_client,
 *   sync_mutation, change_log, audit_log but its request trail) is the same before and after;
 * - a 2xx push answers the protocol (PushResponse, results in the order sent); a rejection is a
 *   business rule's, never `internal-error`; rejected mutations change no business data: each
 *   table changes by exactly what the applied mutations write, balances stay equal to the ledger;
 * - a replayed id is answered as a replay, an id reused with other content never applies;
 * - afterwards the client's queue still moves: the next valid mutation is applied and a pull works.
 * Violations are collected (not thrown at the first one) so that one run lists every kind of
 * input that breaks a guarantee; each test then fails with that list.
 */

export interface SyncFuzzOptions {
  /** Runs per property (push envelopes get `runs`, the others a share of it). */
  runs: number;
  seed?: number;
  backends?: readonly BackendKind[];
  timeoutMs?: number;
}

/**
 * Input classes this fuzz first found breaking a guarantee (a push answering 500 on every retry, a
 * mutation rejected as `internal-error`, a text stored other than sent), each with deterministic
 * cases besides the random properties:
 * - 'nul-in-strings': U+0000 in any string of a mutation (args, userId, name);
 * - 'lone-surrogates': an unpaired UTF-16 surrogate (e.g. "\ud800") in any string of a mutation;
 * - 'balance-overflow': an adjustment that takes a balance beyond the integer column
 *   (no random run reaches such a balance).
 */
export type HardInput = 'nul-in-strings' | 'lone-surrogates' | 'balance-overflow';

/** A small region: the digest of every table is computed twice per request. */
const FUZZ_REGION = { articles: 40, individuals: 30, recipients: 4 } as const;
const OWN = '50301';

/* ---------------- values ---------------- */

/** A value to put somewhere in a body: JSON, or a raw literal JSON.stringify cannot produce. */
export type Nasty = { json: unknown } | { raw: string };

const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '9223372036854775808',
  '-9223372036854775809',
  '2147483648',
  '-0',
  '1.0',
  '1E2',
  '1e-400',
  '0.1e1',
] as const;

const CONTROL_STRINGS = ['\u0000', 'a\u0000b', '\u0001\u0002\u001f', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\t\n\r', '\u2028\u2029'] as const;
const UNICODE_STRINGS = ['\ud800', '\udfff', 'x\ud83d', '\udc00y', '\ufeff', '\u202eabc', '\u200b', '👍', 'e\u0301', '\uffff', '\ufffe'] as const;

const stringValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...CONTROL_STRINGS, ...UNICODE_STRINGS),
    fc.constantFrom('', ' ', '   ', "'; DROP TABLE article; --", '%_\\', '${x}', 'null', '1', '-1', 'NaN', 'Infinity', 'true', '2026-13-45T99:99'),
    fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001f', '\ud800', '\udc00', '\u0300', 'a', 'Ö', '-', '0', ' '), maxLength: 24 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(31, 41, 65, 201, 256, 10_000, 300_000).map((n) => 'x'.repeat(n)),
    fc.uuid(),
  );

const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1.5, -2.5, 1e308, -1e308, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e21, 5e-324, 10_000, 10_001, -10_001, 60, 61),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.maxSafeInteger(),
);

const deep = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [1, 'a'], { a: { b: [null] } }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(10, 100, 1_000).map(deep),
  fc.constant(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))),
);

export const nastyValue = (): fc.Arbitrary<Nasty> =>
  fc.oneof(
    { weight: 4, arbitrary: stringValue().map((json) => ({ json })) },
    { weight: 3, arbitrary: numberValue.map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((raw) => ({ raw })) },
    { weight: 2, arbitrary: junkValue.map((json) => ({ json })) },
  );

/** JSON text of `value`, where the "@@RAWn@@" markers become the raw literals. */
function serialize(value: unknown, raws: readonly string[]): string {
  let text = JSON.stringify(value);
  raws.forEach((raw, i) => {
    text = text.replace(`"@@RAW${i}@@"`, raw);
  });
  return text;
}

/* ---------------- operators on a body ---------------- */

type Path = (string | number)[];

export type ValueOp =
  | { t: 'set'; at: number; value: Nasty }
  | { t: 'delete'; at: number }
  | { t: 'add'; at: number; key: string; value: Nasty }
  /** Puts `text` into one of the body's string values (args included): instead of it, before, after or in the middle. */
  | { t: 'splice'; at: number; text: string; mode: 'replace' | 'prefix' | 'suffix' | 'middle' };

const spliceOp = (): fc.Arbitrary<ValueOp> =>
  fc.record({ t: fc.constant('splice' as const), at: fc.nat(), text: stringValue(), mode: fc.constantFrom('replace' as const, 'prefix' as const, 'suffix' as const, 'middle' as const) });

const valueOp = (): fc.Arbitrary<ValueOp> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ t: fc.constant('set' as const), at: fc.nat(), value: nastyValue() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), at: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('add' as const),
        at: fc.nat(),
        key: fc.oneof(fc.constantFrom('extra', 'id', 'constructor', 'toString', 'hasOwnProperty', '', '\u0000', 'ärende'), fc.string({ maxLength: 8 })),
        value: nastyValue(),
      }),
    },
  );

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    const p = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(p);
    pathsOf(v, p, out);
  }
  return out;
}

function objectPathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== 'object') return out;
  if (!Array.isArray(value)) out.push(prefix);
  for (const [k, v] of Object.entries(value)) objectPathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  return node;
}

/** Applies the ops to a deep copy; returns the body and the raw literals its markers stand for. */
export function applyValueOps(body: unknown, ops: readonly ValueOp[]): { body: unknown; raws: string[]; described: string[] } {
  const copy = structuredClone(body) as Record<string, unknown>;
  const raws: string[] = [];
  const described: string[] = [];
  const place = (v: Nasty): unknown => {
    if ('raw' in v) {
      raws.push(v.raw);
      return `@@RAW${raws.length - 1}@@`;
    }
    return structuredClone(v.json);
  };
  for (const op of ops) {
    if (op.t === 'splice') {
      const strings = pathsOf(copy).filter((p) => typeof parentOf(copy, p)[p.at(-1)!] === 'string');
      if (strings.length === 0) continue;
      const target = strings[op.at % strings.length]!;
      const parent = parentOf(copy, target);
      const key = target.at(-1)!;
      const old = parent[key] as string;
      const half = Math.floor(old.length / 2);
      parent[key] = { replace: op.text, prefix: op.text + old, suffix: old + op.text, middle: old.slice(0, half) + op.text + old.slice(half) }[op.mode];
      described.push(`${op.mode} ${target.join('.')} with ${short(op.text, 60)}`);
      continue;
    }
    if (op.t === 'add') {
      const objects = objectPathsOf(copy);
      const target = objects[op.at % objects.length]!;
      let node = copy as Record<string | number, unknown>;
      for (const k of target) node = node[k] as Record<string | number, unknown>;
      // Own property even for "__proto__"-like keys (as JSON.parse would make it).
      Object.defineProperty(node, op.key, { value: place(op.value), enumerable: true, writable: true, configurable: true });
      described.push(`add ${[...target, op.key].join('.')} = ${describe1(op.value)}`);
      continue;
    }
    const paths = pathsOf(copy);
    if (paths.length === 0) continue;
    const target = paths[op.at % paths.length]!;
    const parent = parentOf(copy, target);
    const key = target.at(-1)!;
    if (op.t === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      described.push(`delete ${target.join('.')}`);
    } else {
      parent[key] = place(op.value);
      described.push(`set ${target.join('.')} = ${describe1(op.value)}`);
    }
  }
  return { body: copy, raws, described };
}

function describe1(v: Nasty): string {
  if ('raw' in v) return `raw ${v.raw}`;
  return short(v.json, 60);
}

export function short(value: unknown, max = 300): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  // Show control characters and lone surrogates visibly.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/* ---------------- envelope shapes ---------------- */

export type ShapeOp =
  | { t: 'duplicate-id' }
  | { t: 'swap-ids' }
  | { t: 'skip-ahead'; by: number }
  | { t: 'replay-same' }
  | { t: 'replay-other' }
  | { t: 'id'; value: Nasty }
  | { t: 'client-id'; which: 'twin' | 'far' | 'garbage' | 'missing' | 'long' }
  | { t: 'token'; which: 'none' | 'garbage' | 'twin' | 'far' | 'malformed-header' | 'basic' | 'unknown' }
  | { t: 'version'; field: 'protocolVersion' | 'schemaVersion'; value: Nasty | 'missing' }
  | { t: 'size'; n: 0 | typeof MAX_PUSH_MUTATIONS | 501 }
  | { t: 'too-large' }
  | { t: 'content-type'; value: string | null };

const shapeOp = (): fc.Arbitrary<ShapeOp> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<ShapeOp>({ t: 'duplicate-id' }, { t: 'swap-ids' }, { t: 'replay-same' }, { t: 'replay-other' }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((by): ShapeOp => ({ t: 'skip-ahead', by })) },
    { weight: 2, arbitrary: nastyValue().map((value): ShapeOp => ({ t: 'id', value })) },
    { weight: 1, arbitrary: fc.constantFrom('twin', 'far', 'garbage', 'missing', 'long').map((which): ShapeOp => ({ t: 'client-id', which })) },
    { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'twin', 'far', 'malformed-header', 'basic', 'unknown').map((which): ShapeOp => ({ t: 'token', which })) },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('version' as const),
        field: fc.constantFrom('protocolVersion' as const, 'schemaVersion' as const),
        value: fc.oneof(fc.constant('missing' as const), nastyValue()),
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(0, MAX_PUSH_MUTATIONS, 501).map((n): ShapeOp => ({ t: 'size', n: n as 0 | 500 | 501 })) },
    { weight: 1, arbitrary: fc.constant<ShapeOp>({ t: 'too-large' }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(null, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'multipart/form-data')
        .map((value): ShapeOp => ({ t: 'content-type', value })),
    },
  );

export type MutationKind = 'adjust' | 'register' | 'addText' | 'changeNumber' | 'unknown-name';
const mutationKind = fc.constantFrom<MutationKind>('adjust', 'adjust', 'register', 'addText', 'changeNumber', 'unknown-name');

/* ---------------- the server under fuzz ---------------- */

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

interface Request {
  route: '/sync/push' | '/sync/pull' | '/sync/register';
  /** JSON text, or raw bytes. */
  body: string | Uint8Array;
  /** The Authorization header (undefined: none). */
  authorization?: string | undefined;
  /** undefined: application/json; null: no Content-Type at all. */
  contentType?: string | null;
}

export interface Finding {
  property: string;
  kind: string;
  input: string;
  status: number | null;
  answer: string;
  serverLog: string[];
  repeated?: string;
}

interface Fixtures {
  plain: string[];
  bAid: string;
  individuals: string[];
  epoch: string;
}

interface Digest {
  [table: string]: string;
}

/** Tables whose rows only the sync bookkeeping writes (a rejection may touch them). */
const BOOKKEEPING = new Set(['sync_client', 'sync_mutation', 'change_log', 'change_commit', 'audit_chain_head']);

class FuzzWorld {
  readonly findings: Finding[] = [];
  readonly log: string[] = [];
  /** What the requests got, per property ("push envelopes 400", "push envelopes rejected invalid-input" …): shows what a run exercised. */
  readonly stats = new Map<string, number>();
  server!: RunningServer;
  fixtures!: Fixtures;
  me!: TestClient;
  twin!: TestClient;
  far!: TestClient;
  private tables: string[] = [];
  private digestSql = '';
  /** What the server first decided for each of `me`'s mutation ids, and the content sent. */
  readonly first = new Map<number, { outcome: FirstOutcome; content: string }>();
  cursor: string | null = null;
  private numbers = 0;
  /** Which test's property may send: one that timed out stops when the next test starts. */
  generation = 0;

  constructor(readonly kind: BackendKind) {}

  async open(database: string): Promise<void> {
    this.server = await startServer({
      db: database,
      demo: FUZZ_REGION,
      rateLimits: NO_RATE_LIMITS,
      onError: (message, error) => this.log.push(`${message}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
    });
    const db = this.server.db;
    const ids = async (sql: string) => (await db.query<{ id: string }>(sql)).rows.map((r) => r.id);
    this.fixtures = {
      plain: await ids("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 3"),
      bAid: (await ids("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1"))[0]!,
      individuals: await ids(`SELECT id FROM individual WHERE store_id = '${OWN}' ORDER BY id LIMIT 3`),
      epoch: this.server.epoch,
    };
    this.tables = (
      await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")
    )
      .rows.map((r) => r.table_name)
      // The audit chains' heads move with every audit entry, the request trail's too (below).
      .filter((t) => t !== 'audit_chain_head');
    // Order-independent and cheap: row count and the sum of a 64-bit hash of each row's text.
    // audit_log without the request trail, which grows with every data-changing request by design
    // (refused ones too; server/audit/requests.integration.test.ts).
    const where = (t: string) => (t === 'audit_log' ? ` WHERE x.action <> '${REQUEST_AUDIT_ACTION}'` : '');
    this.digestSql = `SELECT ${this.tables.map((t) => `(SELECT count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) FROM ${t} x${where(t)}) AS ${t}`).join(', ')}`;
    this.me = await TestClient.register(this.server.url, `ws-fuzz-${this.kind}-me-${randomUUID().slice(0, 8)}`, OWN);
    this.twin = await TestClient.register(this.server.url, `ws-fuzz-${this.kind}-twin-${randomUUID().slice(0, 8)}`, OWN);
    this.far = await TestClient.register(this.server.url, `ws-fuzz-${this.kind}-far-${randomUUID().slice(0, 8)}`, '10');
    // Every token presented once, so that no refused request is the one that marks it used.
    for (const c of [this.me, this.twin, this.far]) expect((await c.pull(null, 1)).status).toBe(200);
    this.cursor = (await this.me.pullAll(null)).cursor;
  }

  async digest(): Promise<Digest> {
    return (await this.server.db.query<Digest>(this.digestSql)).rows[0]!;
  }

  /** The server's last mutation id of a client (this workstation's unless said). */
  async lastMutationId(clientId = this.me.clientId): Promise<number> {
    const { rows } = await this.server.db.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM sync_client WHERE client_id = $1', [clientId]);
    return rows[0]!.last_mutation_id;
  }

  newNumber(): string {
    return `FZ${this.kind === 'postgres' ? 'P' : 'L'}${Date.now().toString(36).toUpperCase()}${++this.numbers}`;
  }

  /** A valid mutation of `kind` with `id` for `me` (or an unknown mutation name). */
  mutation(kind: MutationKind, id: number, pick: number): Record<string, unknown> {
    const f = this.fixtures;
    const createdAt = new Date().toISOString();
    const individualId = f.individuals[pick % f.individuals.length]!;
    switch (kind) {
      case 'adjust':
        return {
          id,
          name: 'stock.adjust',
          userId: 'U1',
          args: { movementId: randomUUID(), articleId: f.plain[pick % f.plain.length]!, storeId: OWN, quantity: (pick % 5) + 1, reason: 'Fuzz' },
          createdAt,
        };
      case 'register':
        return {
          id,
          name: 'individual.register',
          userId: 'U2',
          args: {
            individualId: randomUUID(),
            movementId: randomUUID(),
            articleId: f.bAid,
            individualNo: this.newNumber(),
            serialNo: pick % 2 ? 'SN-1' : null,
            estimatedAgeYears: pick % 4,
            storeId: OWN,
            text: pick % 3 ? 'Registrerad i fuzztest' : null,
            textId: randomUUID(),
          },
          createdAt,
        };
      case 'addText':
        return { id, name: 'individual.addText', userId: 'U2', args: { individualId, textId: randomUUID(), text: 'Fuzztext' }, createdAt };
      case 'changeNumber':
        return {
          id,
          name: 'individual.changeNumber',
          userId: 'U2',
          args: { individualId, newIndividualNo: this.newNumber(), reason: 'Fuzz', confirmed: true, textId: randomUUID() },
          createdAt,
        };
      case 'unknown-name':
        return { id, name: 'stock.teleport', userId: 'U1', args: { to: 'mars' }, createdAt };
    }
  }

  async send(request: Request): Promise<Answer | Error> {
    const headers: Record<string, string> = {};
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
    if (request.authorization !== undefined) headers.authorization = request.authorization;
    try {
      // Bytes, so that fetch adds no Content-Type of its own.
      const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : new Uint8Array(request.body);
      const response = await fetch(`${this.server.url}${request.route}`, { method: 'POST', headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed, text };
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  count(key: string): void {
    this.stats.set(key, (this.stats.get(key) ?? 0) + 1);
  }

  bearer(client: TestClient): string {
    return `Bearer ${client.token}`;
  }

  /** Sends a request and checks the guarantees every answer must keep; returns the answer for more checks. */
  async exchange(property: string, request: Request, input: string, before: Digest): Promise<{ answer: Answer | null; after: Digest }> {
    const logAt = this.log.length;
    const answer = await this.send(request);
    const after = await this.digest();
    this.count(`${property} ${answer instanceof Error ? 'no answer' : answer.status}`);
    const note = (kind: string, extra: Partial<Finding> = {}) =>
      this.findings.push({
        property,
        kind,
        input,
        status: answer instanceof Error ? null : answer.status,
        answer: answer instanceof Error ? `${answer.name}: ${answer.message}` : short(answer.body),
        serverLog: this.log.slice(logAt),
        ...extra,
      });
    if (answer instanceof Error) {
      note('no answer');
      return { answer: null, after };
    }
    if (answer.status >= 500) {
      // Would every retry get the same? (A workstation's queue resends its head for ever.)
      const again = await this.send(request);
      note(`status ${answer.status}`, { repeated: again instanceof Error ? again.message : `the same request again: ${again.status} ${short(again.body, 120)}` });
      return { answer, after: await this.digest() };
    }
    if (answer.status >= 400) {
      if (!SyncError.safeParse(answer.body).success) note(`${answer.status} body is not a SyncError`);
      const changed = changedTables(before, after);
      if (changed.length > 0) note(`refused (${answer.status}) but changed ${changed.join(', ')}`);
    }
    return { answer, after };
  }

  /** Pushes the next valid mutation and pulls: the client's queue and feed still move. */
  async stillMoves(property: string, input: string): Promise<Digest> {
    const id = (await this.lastMutationId()) + 1;
    const m = this.mutation('adjust', id, id);
    const answer = await this.send({ route: '/sync/push', body: JSON.stringify({ ...VERSIONS, clientId: this.me.clientId, mutations: [m] }), authorization: this.bearer(this.me) });
    const parsed = answer instanceof Error ? null : AnyPushResponse.safeParse(answer.body);
    if (answer instanceof Error || answer.status !== 200 || !parsed?.success || parsed.data.results[0]?.status !== 'applied') {
      this.findings.push({
        property,
        kind: 'queue jammed: the next valid mutation was not applied',
        input,
        status: answer instanceof Error ? null : answer.status,
        answer: answer instanceof Error ? answer.message : short(answer.body),
        serverLog: [],
      });
    } else {
      this.first.set(id, { outcome: { status: 'applied' }, content: contentOf(m) });
    }
    const pulled = await this.send({
      route: '/sync/pull',
      body: JSON.stringify({ ...VERSIONS, clientId: this.me.clientId, cursor: this.cursor, limit: 5000 }),
      authorization: this.bearer(this.me),
    });
    const page = pulled instanceof Error ? null : PullResponse.safeParse(pulled.body);
    if (pulled instanceof Error || pulled.status !== 200 || !page?.success) {
      this.findings.push({
        property,
        kind: 'feed jammed: a pull from the saved cursor failed',
        input,
        status: pulled instanceof Error ? null : pulled.status,
        answer: pulled instanceof Error ? pulled.message : short(pulled.body),
        serverLog: [],
      });
    } else if (!page.data.hasMore) {
      this.cursor = page.data.cursor;
    }
    return this.digest();
  }

  /**
   * The checks of a 2xx push answer against what was sent: protocol shape, outcomes in order,
   * replays, no internal errors, and business data changed by exactly the applied mutations.
   */
  async checkPushAnswer(property: string, input: string, sent: readonly unknown[], body: unknown, before: Digest, after: Digest, clientId = this.me.clientId): Promise<void> {
    const note = (kind: string, answer = short(body)): void => {
      this.findings.push({ property, kind, input, status: 200, answer, serverLog: [] });
    };
    const parsed = AnyPushResponse.safeParse(body);
    if (!parsed.success) return note('200 push answer is not a PushResponse');
    const { results } = parsed.data;
    if (results.length > sent.length) return note('more results than mutations sent');
    const applied: Record<string, unknown>[] = [];
    results.forEach((r, i) => {
      const m = sent[i] as Record<string, unknown>;
      this.count(`${property} ${r.status}${r.error ? ` ${r.error.code}` : ''}`);
      if (m?.id !== r.id) note(`result ${i} has id ${r.id}, the mutation sent there ${short(m?.id)}`);
      if (r.status === 'rejected' && !isBusinessRejection(r)) note('rejected as internal-error', short(r));
      const known = this.first.get(r.id);
      if (known) {
        const same = known.content === contentOf(m);
        if (same ? !isReplayAnswer(r, known.outcome) : !isOtherContentAnswer(r)) {
          note(`id ${r.id} first ${known.outcome.status}, sent again ${same ? 'unchanged' : 'with other content'}: answered ${r.status}`, short(r));
        }
        return;
      }
      if (r.status === 'duplicate' || r.status === 'conflict') return note(`id ${r.id} never processed before, answered ${r.status}`, short(r));
      this.first.set(r.id, { outcome: r.status === 'applied' ? { status: 'applied' } : { status: 'rejected', code: r.error?.code ?? '' }, content: contentOf(m) });
      if (r.status === 'applied') applied.push(m);
    });
    if (parsed.data.lastMutationId !== (await this.lastMutationId(clientId))) note(`lastMutationId ${parsed.data.lastMutationId} is not the server's`);
    for (const problem of await this.businessDelta(applied, before, after)) note(problem);
  }

  /** What the applied mutations must have written; anything else is a refused mutation's effect. */
  private async businessDelta(applied: readonly Record<string, unknown>[], before: Digest, after: Digest): Promise<string[]> {
    const problems: string[] = [];
    const count = (d: Digest, t: string) => Number(d[t]!.split(':')[0]);
    const by = (name: string) => applied.filter((m) => m.name === name);
    const withText = by('individual.register').filter((m) => {
      const a = mutationArgs['individual.register'].safeParse(m.args);
      return a.success && !!a.data.text;
    }).length;
    const expected: Record<string, number> = {
      stock_movement: by('stock.adjust').length + by('individual.register').length,
      individual: by('individual.register').length,
      individual_text: by('individual.addText').length + by('individual.changeNumber').length + withText,
      audit_log: applied.length,
    };
    for (const [table, n] of Object.entries(expected)) {
      if (count(after, table) - count(before, table) !== n) problems.push(`${table} grew by ${count(after, table) - count(before, table)}, the applied mutations write ${n}`);
    }
    const touched = new Set(['stock_movement', 'stock_balance', 'individual', 'individual_text', 'audit_log']);
    if (by('individual.register').length + by('individual.changeNumber').length === 0 && before.individual !== after.individual) problems.push('individual changed without an applied register/changeNumber');
    if (applied.length === 0 && before.stock_balance !== after.stock_balance) problems.push('stock_balance changed without an applied mutation');
    const others = changedTables(before, after).filter((t) => !BOOKKEEPING.has(t) && !touched.has(t));
    if (others.length > 0) problems.push(`a push changed ${others.join(', ')}`);
    const { rows } = await this.server.db.query<{ store_id: string; article_id: string; on_hand: number; ledger: number }>(
      `SELECT b.store_id, b.article_id, b.on_hand, coalesce(sum(m.quantity), 0) AS ledger
         FROM stock_balance b LEFT JOIN stock_movement m ON m.store_id = b.store_id AND m.article_id = b.article_id
        GROUP BY b.store_id, b.article_id, b.on_hand HAVING b.on_hand <> coalesce(sum(m.quantity), 0)`,
    );
    if (rows.length > 0) problems.push(`balances differ from the ledger: ${short(rows.slice(0, 3))}`);
    // An applied text is stored as the rule saw it (not silently altered on the way to the database).
    for (const m of by('individual.addText')) {
      const a = mutationArgs['individual.addText'].safeParse(m.args);
      if (!a.success) continue;
      const stored = (await this.server.db.query<{ text: string }>('SELECT text FROM individual_text WHERE id = $1', [a.data.textId])).rows[0];
      if (stored?.text !== a.data.text) problems.push(`text stored as ${short(stored?.text, 80)}, sent ${short(a.data.text, 80)}`);
    }
    return problems;
  }
}

const contentOf = (m: unknown): string => {
  const { name, userId, args } = (m ?? {}) as Record<string, unknown>;
  return JSON.stringify([name, userId, args]);
};

function changedTables(a: Digest, b: Digest): string[] {
  return Object.keys(a).filter((t) => a[t] !== b[t]);
}

/** One line per distinct (kind, status, first log line), with the first input that showed it. */
export function summarize(findings: readonly Finding[]): string[] {
  const groups = new Map<string, { n: number; f: Finding }>();
  for (const f of findings) {
    // The deterministic cases are listed one by one; random inputs by the kind of violation.
    const which = f.property.startsWith('known') ? f.input.split(' | ')[0] : '';
    const key = `${f.property} | ${which} | ${f.kind} | ${f.serverLog[0]?.slice(0, 120) ?? ''}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, f });
  }
  return [...groups.values()].map(
    ({ n, f }) =>
      `${n}× [${f.property}] ${f.kind}\n    input: ${f.input}\n    answer: ${f.status ?? '-'} ${f.answer}` +
      (f.serverLog.length ? `\n    server log: ${f.serverLog.slice(0, 2).join(' / ').slice(0, 400)}` : '') +
      (f.repeated ? `\n    ${f.repeated}` : ''),
  );
}

/* ---------------- the suite ---------------- */

interface KnownCase {
  what: string;
  kind: MutationKind;
  /**
   * 'rejected': a bad argument, refused per mutation (200, `rejected`, a business code) — a 4xx
   * would stop the workstation's queue there; 'answered': a valid mutation, applied or refused by
   * a rule (200); 'any': a bad envelope field (userId, name), a 4xx is fine too. Never 5xx, never
   * `internal-error`, in every case.
   */
  expect: 'rejected' | 'answered' | 'any';
  edit: (m: Record<string, unknown>) => Record<string, unknown>;
  /** Sent after a valid mutation in the same batch (the batch's bulk write then has two rows). */
  afterValid?: boolean;
  /** Brings the database into the case's state first; returns args to set. */
  prepare?: (db: RunningServer['db']) => Promise<Record<string, unknown>>;
}

/**
 * A balance of 2,147,480,000 (with its ledger movement, so the ledger still adds up), in an
 * article no other case uses: the next +10,000 goes beyond PostgreSQL's integer.
 */
async function nearIntegerLimit(db: RunningServer['db']): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ id: string; article_no: string; on_hand: number | null }>(
    `SELECT a.id, a.article_no, b.on_hand FROM article a LEFT JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '${OWN}'
      WHERE NOT a.tracked_individually AND a.article_type IN ('accessory', 'sparePart') AND a.article_status = 'active' ORDER BY a.article_no OFFSET 3 LIMIT 1`,
  );
  const article = rows[0]!;
  const target = 2_147_480_000;
  const quantity = target - (article.on_hand ?? 0);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, reference, note, user_id, at)
       VALUES ($1, '${OWN}', $2, NULL, $3, 'adjustment', NULL, 'fuzz: near the integer limit', 'U1', '2026-01-01T00:00:00.000Z')`,
      [randomUUID(), article.id, quantity],
    );
    await tx.query(
      `INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved) VALUES ('${OWN}', $1, $2, $3, 0)
       ON CONFLICT (store_id, article_id) DO UPDATE SET on_hand = excluded.on_hand`,
      [article.id, article.article_no, target],
    );
  });
  return { articleId: article.id, quantity: 10_000 };
}

const withArg = (key: string, value: unknown) => (m: Record<string, unknown>) => ({ ...m, args: { ...(m.args as object), [key]: value } });

/** One deterministic case per field kind for each hard input class (what the fuzz found first). */
const HARD_CASES: Record<HardInput, KnownCase[]> = {
  'nul-in-strings': [
    { what: 'NUL in addText text', kind: 'addText', expect: 'rejected', edit: withArg('text', 'a\u0000b') },
    { what: 'NUL in adjust reason', kind: 'adjust', expect: 'rejected', edit: withArg('reason', 'Inventering\u0000') },
    { what: 'NUL in adjust articleId', kind: 'adjust', expect: 'rejected', edit: withArg('articleId', 'A1\u0000') },
    { what: 'NUL in register serialNo', kind: 'register', expect: 'rejected', edit: withArg('serialNo', 'SN\u0000') },
    { what: 'NUL in changeNumber reason', kind: 'changeNumber', expect: 'rejected', edit: withArg('reason', '\u0000') },
    { what: 'NUL in userId', kind: 'adjust', expect: 'any', edit: (m) => ({ ...m, userId: 'U1\u0000' }) },
    { what: 'NUL in name', kind: 'adjust', expect: 'any', edit: (m) => ({ ...m, name: 'stock.adjust\u0000' }) },
  ],
  'lone-surrogates': [
    { what: 'lone surrogate in addText text', kind: 'addText', expect: 'rejected', edit: withArg('text', 'x\ud800y') },
    { what: 'lone surrogate in adjust reason', kind: 'adjust', expect: 'rejected', edit: withArg('reason', '\udc00') },
    { what: 'lone surrogate in register text', kind: 'register', expect: 'rejected', edit: withArg('text', 'Ny \udbff') },
    { what: 'lone surrogate in changeNumber reason', kind: 'changeNumber', expect: 'rejected', edit: withArg('reason', 'Fel \ud83d') },
    { what: 'lone surrogate in userId', kind: 'adjust', expect: 'any', edit: (m) => ({ ...m, userId: 'U\udfff' }) },
    { what: 'lone surrogate in name', kind: 'adjust', expect: 'any', edit: (m) => ({ ...m, name: 'stock\ud800' }) },
    {
      what: 'lone surrogates in the name of a mutation after a valid one',
      kind: 'adjust',
      expect: 'any',
      afterValid: true,
      edit: (m) => ({ ...m, name: 'individua0\udc00\u0300\udc00\ud8000\u0300Öl.addText' }),
    },
  ],
  'balance-overflow': [{ what: 'adjust +10000 on a balance of 2,147,480,000', kind: 'adjust', expect: 'answered', edit: (m) => m, prepare: nearIntegerLimit }],
};

export function syncFuzzSuite(options: SyncFuzzOptions): void {
  const params = (runs: number) => ({ numRuns: Math.max(1, Math.round(runs)), ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  // PGlite takes up to ~0.2 s per push run (a batch of 500 included); a property must not outlive its test.
  const timeout = options.timeoutMs ?? 60_000 + options.runs * 1_000;

  describe.each(options.backends ?? BACKENDS)('sync API fuzz on %s', (kind) => {
    let backend: TestBackend;
    const w = new FuzzWorld(kind);

    beforeAll(async () => {
      backend = await testBackend(kind);
      await w.open(await backend.database());
    });
    afterAll(async () => {
      await w.server?.close();
      await backend?.close();
    });

    const expectNoFindings = (property: string) => {
      const seen = [...w.stats].filter(([k]) => k.startsWith(property)).map(([k, n]) => `${k.slice(property.length + 1)}: ${n}`);
      console.log(`[fuzz ${kind}] ${property}: ${seen.join(', ')}`);
      const mine = w.findings.filter((f) => f.property === property);
      if (mine.length > 0) console.log(`[fuzz ${kind}] ${property}: ${mine.length} violations\n${summarize(mine).join('\n')}`);
      expect(summarize(mine)).toEqual([]);
    };

    // The hard input classes, deterministic cases each.
    for (const [open, cases] of Object.entries(HARD_CASES) as [HardInput, KnownCase[]][]) {
      it(
        `${open}: answered without 5xx or internal-error, a bad argument refused per mutation, no business data changed by a refusal, the queue moves`,
        async () => {
          const property = `known ${open}`;
          ++w.generation;
          let before = await w.digest();
          for (const c of cases) {
            const overrides = c.prepare ? await c.prepare(w.server.db) : {};
            if (c.prepare) before = await w.digest();
            let id = (await w.lastMutationId()) + 1;
            const valid = c.afterValid ? [w.mutation('adjust', id++, 2)] : [];
            const base = w.mutation(c.kind, id, 1);
            const m = c.edit({ ...base, args: { ...(base.args as object), ...overrides } });
            const text = JSON.stringify({ ...VERSIONS, clientId: w.me.clientId, mutations: [...valid, m] });
            const input = `${c.what} | body ${short(text, 300)}`;
            const prev = before;
            const { answer, after } = await w.exchange(property, { route: '/sync/push', body: text, authorization: w.bearer(w.me) }, input, before);
            before = after;
            if (answer?.status === 200) {
              await w.checkPushAnswer(property, input, (JSON.parse(text) as { mutations: unknown[] }).mutations, answer.body, prev, after);
              const r = AnyPushResponse.safeParse(answer.body);
              const outcome = r.success ? r.data.results.at(-1) : undefined;
              if (c.expect === 'rejected' && r.success && (outcome?.id !== m.id || outcome?.status !== 'rejected')) {
                w.findings.push({ property, kind: `a bad argument was answered ${outcome?.status}`, input, status: 200, answer: short(answer.body), serverLog: [] });
              }
            } else if (answer && c.expect !== 'any' && answer.status < 500) {
              w.findings.push({ property, kind: `a bad argument refused the whole batch (${answer.status}): the queue would stop there`, input, status: answer.status, answer: short(answer.body), serverLog: [] });
            }
            before = await w.stillMoves(property, input);
          }
          expectNoFindings(property);
        },
        timeout,
      );
    }

    it(
      'random JSON and raw bytes as push and pull bodies: no 5xx, SyncError bodies, nothing changed',
      async () => {
        const property = 'random bodies';
        const gen = ++w.generation;
        let before = await w.digest();
        const body = fc.oneof(
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom('', 'null', '[]', '{}', '1', '"x"', '{"protocolVersion":1', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'),
          fc.constantFrom(10_000, 100_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
          fc.uint8Array({ maxLength: 200 }),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('/sync/push' as const, '/sync/pull' as const),
            body,
            fc.constantFrom('me', 'none', 'garbage'),
            fc.constantFrom<string | null | undefined>(undefined, undefined, null, 'text/plain', 'application/octet-stream'),
            async (route, payload, auth, contentType) => {
              if (w.generation !== gen) return;
              const authorization = auth === 'me' ? w.bearer(w.me) : auth === 'garbage' ? 'Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' : undefined;
              const input = `${route} auth=${auth} content-type=${String(contentType)} body=${short(typeof payload === 'string' ? payload : `bytes ${Buffer.from(payload).toString('hex')}`, 200)}`;
              const { answer, after } = await w.exchange(property, { route, body: payload, authorization, contentType }, input, before);
              before = after;
              if (answer?.status === 200) before = await w.stillMoves(property, input);
            },
          ),
          params(options.runs * 0.4),
        );
        before = await w.stillMoves(property, 'after the property');
        expectNoFindings(property);
      },
      timeout,
    );

    it(
      'mutated push envelopes: no 5xx, refusals change nothing, rejected mutations no business data, replays answered as replays, the queue still moves',
      async () => {
        const property = 'push envelopes';
        const gen = ++w.generation;
        let before = await w.digest();
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(mutationKind, fc.nat(1000)), { minLength: 1, maxLength: 4 }),
            fc.array(fc.oneof({ weight: 3, arbitrary: spliceOp() }, { weight: 2, arbitrary: valueOp() }), { maxLength: 3 }),
            fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(shapeOp(), { minLength: 1, maxLength: 2 }) }),
            async (kinds, valueOps, shapeOps) => {
              if (w.generation !== gen) return;
              const last = await w.lastMutationId();
              let mutations: Record<string, unknown>[] = kinds.map(([k, pick], i) => w.mutation(k, last + 1 + i, pick));
              const envelope: Record<string, unknown> = { ...VERSIONS, clientId: w.me.clientId, mutations };
              let authorization: string | undefined = w.bearer(w.me);
              let contentType: string | null | undefined;
              const described: string[] = [`${kinds.map(([k]) => k).join(',')} from id ${last + 1}`];
              for (const op of shapeOps) {
                described.push(op.t + ('which' in op ? ` ${op.which}` : 'n' in op ? ` ${op.n}` : 'by' in op ? ` ${op.by}` : 'field' in op ? ` ${op.field}` : ''));
                switch (op.t) {
                  case 'duplicate-id':
                    mutations.push({ ...w.mutation('adjust', last + 1, 7) });
                    break;
                  case 'swap-ids':
                    mutations.push(w.mutation('adjust', last + 1 + mutations.length, 3));
                    [mutations[0], mutations[1]] = [mutations[1]!, mutations[0]!];
                    break;
                  case 'skip-ahead':
                    mutations = mutations.map((m) => ({ ...m, id: (m.id as number) + op.by }));
                    break;
                  case 'replay-same':
                  case 'replay-other': {
                    const ids = [...w.first.keys()];
                    if (ids.length === 0) break;
                    const id = ids[kinds.length % ids.length]!;
                    const again = op.t === 'replay-same' ? (JSON.parse(`{"c":${w.first.get(id)!.content}}`) as { c: [string, string, unknown] }).c : null;
                    mutations.unshift(again ? { id, name: again[0], userId: again[1], args: again[2], createdAt: new Date().toISOString() } : w.mutation('adjust', id, 11));
                    break;
                  }
                  case 'id':
                    break; // placed after the value ops, below
                  case 'client-id':
                    envelope.clientId =
                      op.which === 'twin' ? w.twin.clientId : op.which === 'far' ? w.far.clientId : op.which === 'garbage' ? 'ws fuzz!' : op.which === 'long' ? `ws-${'x'.repeat(70)}` : undefined;
                    if (op.which === 'missing') delete envelope.clientId;
                    break;
                  case 'token':
                    authorization = {
                      none: undefined,
                      garbage: 'Bearer !!!',
                      twin: w.bearer(w.twin),
                      far: w.bearer(w.far),
                      'malformed-header': `Bearer${w.me.token}`,
                      basic: `Basic ${Buffer.from(`x:${w.me.token}`).toString('base64')}`,
                      unknown: `Bearer ${'A'.repeat(43)}`,
                    }[op.which];
                    break;
                  case 'version':
                    if (op.value === 'missing') delete envelope[op.field];
                    else if ('json' in op.value) envelope[op.field] = op.value.json;
                    break; // a raw literal is placed below
                  case 'size':
                    mutations = Array.from({ length: op.n }, (_, i) => w.mutation('adjust', last + 1 + i, i));
                    break;
                  case 'too-large':
                    envelope.padding = 'x'.repeat(1_100_000);
                    break;
                  case 'content-type':
                    contentType = op.value;
                    break;
                }
              }
              envelope.mutations = mutations;
              // A version given as a raw literal goes through the raw mechanism too.
              const versionRaws = shapeOps.flatMap((op) => (op.t === 'version' && op.value !== 'missing' && 'raw' in op.value ? [{ field: op.field, raw: op.value.raw }] : []));
              const idOps = shapeOps.filter((op): op is Extract<ShapeOp, { t: 'id' }> => op.t === 'id');
              const ops: ValueOp[] = [...valueOps];
              const mutated = applyValueOps(envelope, ops);
              let bodyValue = mutated.body as Record<string, unknown>;
              const raws = [...mutated.raws];
              for (const v of versionRaws) {
                raws.push(v.raw);
                bodyValue = { ...bodyValue, [v.field]: `@@RAW${raws.length - 1}@@` };
              }
              for (const op of idOps) {
                const list = bodyValue.mutations;
                if (!Array.isArray(list) || list.length === 0 || typeof list[0] !== 'object' || list[0] === null) continue;
                if ('raw' in op.value) {
                  raws.push(op.value.raw);
                  (list[0] as Record<string, unknown>).id = `@@RAW${raws.length - 1}@@`;
                } else (list[0] as Record<string, unknown>).id = op.value.json;
                described.push(`first id = ${describe1(op.value)}`);
              }
              described.push(...mutated.described);
              const text = serialize(bodyValue, raws);
              const input = `${described.join('; ')} | body ${short(text, 400)}`;
              const prev = before;
              const { answer, after } = await w.exchange(property, { route: '/sync/push', body: text, authorization, contentType }, input, before);
              before = after;
              if (answer?.status === 200) {
                // The mutations as the server parsed them: JSON.parse of what was sent.
                let sent: unknown[] = [];
                // A body made the twin's (its client id and token) is answered for the twin.
                let clientId = w.me.clientId;
                try {
                  const back = JSON.parse(text) as { mutations?: unknown; clientId?: unknown };
                  sent = Array.isArray(back.mutations) ? back.mutations : [];
                  if (back.clientId === w.twin.clientId || back.clientId === w.far.clientId) clientId = back.clientId;
                } catch {
                  sent = [];
                }
                await w.checkPushAnswer(property, input, sent, answer.body, prev, after, clientId);
                before = await w.stillMoves(property, input);
              }
            },
          ),
          params(options.runs),
        );
        before = await w.stillMoves(property, 'after the property');
        expectNoFindings(property);
      },
      timeout,
    );

    it(
      'pull requests with malformed cursors and limits: no 5xx, SyncError bodies, nothing changed',
      async () => {
        const property = 'pull requests';
        const gen = ++w.generation;
        let before = await w.digest();
        const head = async () => Number((await w.server.db.query<{ s: number | null }>('SELECT max(seq) AS s FROM change_log')).rows[0]!.s ?? 0);
        const cursorOf = (schema: string, epoch: string, store: string, seq: string) => Buffer.from(`c1.${schema}.${epoch}.${store}.${seq}`, 'utf8').toString('base64url');
        const cursor = fc.oneof(
          fc.constantFrom('null', 'own', 'twin', 'far', 'flip', 'truncate', 'append', 'upper', 'ahead', 'crafted'),
          nastyValue().map((v) => ({ nasty: v })),
        );
        await fc.assert(
          fc.asyncProperty(
            cursor,
            fc.constantFrom('-1', '01', '1e3', 'NaN', '', ' 1', '99999999999999999', '18446744073709551616', '9007199254740993', '0', '1'),
            fc.oneof(fc.integer({ min: 1, max: 5000 }).map((n): Nasty => ({ json: n })), nastyValue(), fc.constant<Nasty>({ json: undefined })),
            fc.constantFrom('me', 'twin', 'far', 'none', 'garbage', 'mismatch'),
            async (c, seqText, limit, who) => {
              if (w.generation !== gen) return;
              const client = who === 'twin' ? w.twin : who === 'far' ? w.far : w.me;
              const own = w.cursor ?? '';
              let value: unknown;
              const raws: string[] = [];
              if (typeof c === 'object') {
                if ('raw' in c.nasty) {
                  raws.push(c.nasty.raw);
                  value = '@@RAW0@@';
                } else value = c.nasty.json;
              } else if (c === 'twin' || c === 'far') {
                value = (await (c === 'twin' ? w.twin : w.far).pullAll(null)).cursor;
              } else if (c === 'ahead') {
                value = cursorOf(String(VERSIONS.schemaVersion), w.fixtures.epoch, OWN, String((await head()) + 1000));
              } else {
                value = {
                  null: null,
                  own,
                  flip: own.length ? own.slice(0, -3) + (own.at(-3) === 'A' ? 'B' : 'A') + own.slice(-2) : 'A',
                  truncate: own.slice(0, Math.max(0, own.length - 4)),
                  append: `${own}AAAA`,
                  upper: own.toUpperCase(),
                  crafted: cursorOf(String(VERSIONS.schemaVersion), w.fixtures.epoch, OWN, seqText),
                }[c];
              }
              const body: Record<string, unknown> = { ...VERSIONS, clientId: who === 'mismatch' ? w.twin.clientId : client.clientId, cursor: value };
              if ('raw' in limit) {
                raws.push(limit.raw);
                body.limit = `@@RAW${raws.length - 1}@@`;
              } else if (limit.json !== undefined) body.limit = limit.json;
              const authorization = who === 'none' ? undefined : who === 'garbage' ? 'Bearer ????' : w.bearer(who === 'mismatch' ? w.me : client);
              const text = serialize(body, raws);
              const input = `cursor=${typeof c === 'object' ? describe1(c.nasty) : c}${c === 'crafted' ? `(${seqText})` : ''} limit=${'raw' in limit ? limit.raw : short(limit.json, 40)} as ${who} | body ${short(text, 300)}`;
              const { answer, after } = await w.exchange(property, { route: '/sync/pull', body: text, authorization }, input, before);
              if (answer?.status === 200) {
                if (!PullResponse.safeParse(answer.body).success) w.findings.push({ property, kind: '200 pull answer is not a PullResponse', input, status: 200, answer: short(answer.body), serverLog: [] });
                const changed = changedTables(before, after);
                if (changed.length > 0) w.findings.push({ property, kind: `a pull changed ${changed.join(', ')}`, input, status: 200, answer: '', serverLog: [] });
              }
              before = after;
            },
          ),
          params(options.runs * 0.5),
        );
        before = await w.stillMoves(property, 'after the property');
        expectNoFindings(property);
      },
      timeout,
    );

    it(
      'mutated registrations of a workstation in use: no 5xx, never a new token for it, refusals change nothing',
      async () => {
        const property = 'register requests';
        const gen = ++w.generation;
        let before = await w.digest();
        const row = async () => (await w.server.db.query('SELECT * FROM sync_client WHERE client_id = $1', [w.me.clientId])).rows[0];
        const original = await row();
        await fc.assert(
          fc.asyncProperty(fc.array(fc.oneof(spliceOp(), valueOp()), { maxLength: 3 }), fc.constantFrom('none', 'twin', 'garbage'), async (ops, current) => {
            if (w.generation !== gen) return;
            const base: Record<string, unknown> = { ...VERSIONS, clientId: w.me.clientId, storeId: OWN, enrolmentKey: 'demo-enrolment-key', name: 'Inkräktare' };
            if (current === 'twin') base.currentToken = w.twin.token;
            if (current === 'garbage') base.currentToken = 'x'.repeat(43);
            const mutated = applyValueOps(base, ops);
            const text = serialize(mutated.body, mutated.raws);
            const input = `currentToken=${current}; ${mutated.described.join('; ')} | body ${short(text, 300)}`;
            const { answer, after } = await w.exchange(property, { route: '/sync/register', body: text }, input, before);
            const sentFor = (mutated.body as Record<string, unknown>).clientId;
            if (answer?.status === 200 && sentFor === w.me.clientId) {
              w.findings.push({ property, kind: 'a workstation in use was registered again without its token', input, status: 200, answer: short(answer.body), serverLog: [] });
            }
            before = after;
          }),
          params(options.runs * 0.3),
        );
        expect(await row()).toEqual(original);
        expect((await w.me.pull(null, 1)).status).toBe(200);
        expectNoFindings(property);
      },
      timeout,
    );
  });
}
