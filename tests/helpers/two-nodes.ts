import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pgClient from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Db as Replica } from '../../electron/backend/db/replica';
import { ChangeWriter } from '../../electron/backend/sync/changes';
import { TABLE_SPECS } from '../../shared/sync/tables';
import { SyncStateStore } from '../../electron/backend/sync/state';
import { openCentralDb, type CentralDb } from '../../server/app';
import { startTempPostgres, type TempPostgres } from './postgres';
import { postJson, TestClient, VERSIONS, type WireMutation } from './protocol-client';
import { DEMO_ENROLMENT_KEY, PullResponse, REPLICATED_TABLES, type Change } from '../../shared/sync/protocol';
import { AnyPushResponse, isBusinessRejection, isReplayAnswer, type AnyOutcome, type FirstOutcome } from './push-outcomes';
import { prng, sleep } from './sync-harness';

/**
 * Two central nodes on one PostgreSQL (issue 7): two real server processes (`server/main.ts`,
 * each with its own pool) on one throwaway PostgreSQL, as behind a load balancer. Workstations
 * push alternately through both, resend batches whose answer they "lost" (through the other
 * node), and send the same batch to both nodes at once; their work collides on shared rows
 * (adjustments of the same three articles, registrations on one B-aid article, texts and number
 * changes on the same three individuals), so balances, individuals and change-log entries are
 * contended and locks cross. Pullers read pages of `pageSize` alternately through both nodes while
 * the pushes run, each into a real workstation replica through the workstation's own pull writer
 * (electron/backend/sync/changes.ts ChangeWriter, one transaction per page, foreign keys off — as
 * the SyncEngine applies a page; there is no outbox to rebase).
 *
 * The report lists every violation of the guarantees; the test asserts each list is empty.
 */

export interface TwoNodeOptions {
  workstations: number;
  mutationsPerWorkstation: number;
  pullers: number;
  pageSize: number;
  seed: number;
  /** The demo region to seed (small: every puller bootstraps it at `pageSize`). */
  region?: { articles: number; individuals: number; recipients: number };
}

export interface TwoNodeReport {
  seed: number;
  mutations: number;
  requests: Record<string, number>;
  /** 503 answers (transient; the pusher retried). Allowed, counted. */
  unavailable: number;
  /** 4xx and unreadable answers (the workstation would stop there): status and body. */
  badStatuses: string[];
  /** 5xx answers other than 503 (the workstation retries them with backoff, as here): status and body. */
  serverErrors: string[];
  /** Valid mutations answered `rejected` (internal-error included): id, code, message. */
  rejected: string[];
  internalErrors: number;
  /** Replays answered otherwise than as replays, ids answered `duplicate` before being processed, … */
  answerViolations: string[];
  /** sync_mutation / last_mutation_id of each workstation not as expected. */
  bookkeeping: string[];
  /** Effects on the server: movements and texts of the applied mutations, balances = start + deltas = ledger. */
  effects: string[];
  /** Per puller: a movement or text that reached it not exactly once, or with other content. */
  feed: string[];
  /** Per puller: tables whose rows differ from a fresh bootstrap's. */
  replicas: string[];
  /** Error lines the two server processes logged. */
  serverLog: string[];
  pages: number;
  /** Deadlocks PostgreSQL detected during the run (pg_stat_database; the server retried them). */
  deadlocks: number;
  /** Milliseconds per phase (setup: PostgreSQL, seed, the two processes). */
  phases: Record<string, number>;
  durationMs: number;
}

const OWN = '50301';
const DEFAULT_REGION = { articles: 60, individuals: 40, recipients: 5 };
const root = path.resolve(import.meta.dirname, '../..');

/* ---------------- the two nodes ---------------- */

interface Node {
  url: string;
  process: ChildProcess;
  log: string[];
}

/** `npm run server` against DATABASE_URL, as a child process; resolves when it listens. */
async function startNode(name: string, databaseUrl: string): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', BUFFERT_ENROLMENT_KEY: DEMO_ENROLMENT_KEY, BUFFERT_SERVER_LOG: '', BUFFERT_RATE_LIMIT_REGISTER: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) log.push(`${name}: ${line}`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out} ${log.join('\n')}`)), 90_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /Buffert central: (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}): ${out} ${log.join('\n')}`));
    });
  });
  return { url, process: child, log };
}

async function stopNode(node: Node): Promise<void> {
  if (node.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => node.process.once('exit', () => resolve()));
  node.process.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => node.process.kill('SIGKILL'))]);
}

/* ---------------- a puller: a real replica ---------------- */

class Puller {
  readonly replica: Replica = openReplica(':memory:');
  private readonly writer = new ChangeWriter(this.replica);
  private readonly state = new SyncStateStore(this.replica);
  cursor: string | null = null;
  pages = 0;
  /** How many times each movement and text reached this puller (the feed must bring each once). */
  readonly received = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly client: TestClient,
  ) {}

  /** One page in one transaction, as SyncEngine.applyPage writes it (foreign keys off, ledger open). */
  apply(changes: readonly Change[]): void {
    for (const c of changes) {
      if (c.table === 'stock_movement' || c.table === 'individual_text') {
        const key = `${c.table}|${c.id}|${c.op}`;
        this.received.set(key, (this.received.get(key) ?? 0) + 1);
      }
    }
    this.replica.pragma('foreign_keys = OFF');
    try {
      this.replica.transaction(() => {
        this.state.unlockLedger(true);
        this.writer.apply(changes, false);
        this.state.unlockLedger(false);
      })();
    } finally {
      this.replica.pragma('foreign_keys = ON');
    }
  }

  /** Pulls pages until caught up, alternating the nodes page by page. */
  async catchUp(nodes: readonly Node[], pageSize: number, problems: string[]): Promise<void> {
    for (;;) {
      const node = nodes[this.pages % nodes.length]!;
      const answer = await postJson(`${node.url}/sync/pull`, { ...VERSIONS, clientId: this.client.clientId, cursor: this.cursor, limit: pageSize }, this.client.token);
      if (answer.status === 503) {
        await sleep(20);
        continue;
      }
      const page = PullResponse.safeParse(answer.body);
      if (answer.status !== 200 || !page.success) {
        problems.push(`${this.name}: pull answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        throw new Error(problems.at(-1));
      }
      this.apply(page.data.changes);
      this.cursor = page.data.cursor;
      this.pages++;
      if (!page.data.hasMore) return;
    }
  }
}

/** Every replicated table of a replica, rows ordered by key, local-only columns left out. */
function dump(replica: Replica): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of REPLICATED_TABLES) {
    const rows = replica.prepare(`SELECT * FROM ${table} ORDER BY ${TABLE_SPECS[table].key.join(', ')}`).all() as Record<string, unknown>[];
    out[table] = JSON.stringify(rows.map(({ seq: _seq, ...row }) => row));
  }
  return out;
}

/* ---------------- the scenario ---------------- */

interface Planned {
  mutation: WireMutation;
  /** The effect rows it creates and what they must hold. */
  movement?: { id: string; articleId: string; quantity: number };
  text?: { id: string; individualId: string };
}

export async function runTwoNodeScenario(o: TwoNodeOptions): Promise<TwoNodeReport> {
  const started = Date.now();
  const random = prng(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const report: TwoNodeReport = {
    seed: o.seed,
    mutations: o.workstations * o.mutationsPerWorkstation,
    requests: {},
    unavailable: 0,
    badStatuses: [],
    serverErrors: [],
    rejected: [],
    internalErrors: 0,
    answerViolations: [],
    bookkeeping: [],
    effects: [],
    feed: [],
    replicas: [],
    serverLog: [],
    pages: 0,
    deadlocks: 0,
    phases: {},
    durationMs: 0,
  };
  let phaseStart = Date.now();
  const phase = (name: string) => {
    report.phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  let pg: TempPostgres | null = null;
  let central: CentralDb | null = null;
  const nodes: Node[] = [];
  const pullers: Puller[] = [];
  try {
    pg = await startTempPostgres();
    const url = await pg.createDatabase(`buffert_two_nodes_${process.pid}`);
    // Deadlocks are found after deadlock_timeout (1 s by default): shorter, so that a run with
    // many of them (today's write path) still ends in time. Detection speed changes no outcome.
    const admin = new pgClient.Client({ connectionString: pg.url() });
    await admin.connect();
    await admin.query(`ALTER DATABASE buffert_two_nodes_${process.pid} SET deadlock_timeout = '200ms'`).finally(() => admin.end());
    // Migrated and seeded once here; the nodes find it ready (as a second node finds the first's).
    central = await openCentralDb({ db: url, demo: o.region ?? DEFAULT_REGION, poolSize: 2 });
    const db = central.db;
    nodes.push(...(await Promise.all([startNode('node A', url), startNode('node B', url)])));
    phase('setup');
    const ids = async (sql: string) => (await db.query<{ id: string }>(sql)).rows.map((r) => r.id);
    const plain = await ids("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 3");
    const bAid = (await ids("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1"))[0]!;
    const individuals = await ids(`SELECT id FROM individual WHERE store_id = '${OWN}' ORDER BY id LIMIT 3`);
    const balance = async (articleId: string) =>
      (await db.query<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [OWN, articleId])).rows[0]?.on_hand ?? 0;

    // A stock to take from: no interleaving of the adjustments below goes under zero.
    const stocker = await TestClient.register(nodes[0]!.url, `ws-2n-stock-${randomUUID().slice(0, 8)}`, OWN);
    const stocked = await stocker.pushOk(plain.map((a) => stocker.mutation('stock.adjust', 'U1', { movementId: randomUUID(), articleId: a, storeId: OWN, quantity: 5_000, reason: 'Startlager' })));
    if (!stocked.results.every((r) => r.status === 'applied')) throw new Error(`stocking failed: ${JSON.stringify(stocked)}`);
    const start = new Map<string, number>();
    for (const a of [...plain, bAid]) start.set(a, await balance(a));

    // The workstations and their queues.
    let numbers = 0;
    const newNo = () => `TN${o.seed.toString(36).toUpperCase()}-${Date.now().toString(36).toUpperCase()}-${++numbers}`;
    const stations = await Promise.all(
      Array.from({ length: o.workstations }, (_, i) => TestClient.register(nodes[i % 2]!.url, `ws-2n-${i}-${randomUUID().slice(0, 8)}`, OWN)),
    );
    const adjust = (ws: TestClient, articleId = pick(plain)): Planned => {
      const movementId = randomUUID();
      const quantity = pick([-3, -2, -1, 1, 2, 3]);
      return { mutation: ws.mutation('stock.adjust', 'U1', { movementId, articleId, storeId: OWN, quantity, reason: 'Inventering under last' }), movement: { id: movementId, articleId, quantity } };
    };
    const register = (ws: TestClient): Planned => {
      const individualId = randomUUID();
      const movementId = randomUUID();
      const textId = randomUUID();
      const withText = random() < 0.5;
      return {
        mutation: ws.mutation('individual.register', 'U2', {
          individualId,
          movementId,
          articleId: bAid,
          individualNo: newNo(),
          serialNo: null,
          estimatedAgeYears: 1,
          storeId: OWN,
          text: withText ? 'Registrerad under last' : null,
          textId,
        }),
        movement: { id: movementId, articleId: bAid, quantity: 1 },
        ...(withText ? { text: { id: textId, individualId } } : {}),
      };
    };
    const onIndividual = (ws: TestClient, individualId: string): Planned => {
      const textId = randomUUID();
      if (random() < 0.6) {
        return { mutation: ws.mutation('individual.addText', 'U2', { individualId, textId, text: `Text ${ws.clientId.slice(-8)} ${numbers++}` }), text: { id: textId, individualId } };
      }
      return {
        mutation: ws.mutation('individual.changeNumber', 'U2', { individualId, newIndividualNo: newNo(), reason: 'Etiketten byttes', confirmed: true, textId }),
        text: { id: textId, individualId },
      };
    };
    // Queues of segments: single mutations, and rounds over every shared individual or article in
    // a random order (a technician going through the shelf), so that batches take row locks in
    // crossing orders.
    const plans = stations.map((ws) => {
      const list: Planned[] = [];
      while (list.length < o.mutationsPerWorkstation) {
        const r = random();
        const shuffled = <T>(xs: readonly T[]) => xs.map((x) => ({ x, k: random() })).sort((a, b) => a.k - b.k).map((e) => e.x);
        if (r < 0.25) list.push(...shuffled(individuals).map((id) => onIndividual(ws, id)));
        else if (r < 0.35) list.push(...shuffled(plain).map((a) => adjust(ws, a)));
        else if (r < 0.65) list.push(adjust(ws));
        else if (r < 0.75) list.push(register(ws));
        else list.push(onIndividual(ws, pick(individuals)));
      }
      // Ids are consecutive per workstation: drop what the last segment made beyond the size.
      return list.slice(0, o.mutationsPerWorkstation);
    });

    // Pullers, registered through both nodes; they start bootstrapping while the pushes run.
    for (let i = 0; i < o.pullers; i++) {
      pullers.push(new Puller(`puller ${i}`, await TestClient.register(nodes[(i + 1) % 2]!.url, `ws-2n-pull-${i}-${randomUUID().slice(0, 8)}`, OWN)));
    }
    const pullProblems: string[] = [];
    let pushing = true;
    const pulling = pullers.map(async (p) => {
      while (pushing) {
        await p.catchUp(nodes, o.pageSize, pullProblems);
        await sleep(5);
      }
    });

    const first = new Map<string, FirstOutcome>();
    const lostAnswers = new Set<string>();
    const count = (key: string) => (report.requests[key] = (report.requests[key] ?? 0) + 1);
    /** Sends one batch through one node; null when the answer is unusable (noted). */
    const send = async (ws: TestClient, node: Node, batch: readonly WireMutation[]): Promise<AnyPushResponse | 'unavailable' | null> => {
      const answer = await postJson(`${node.url}/sync/push`, { ...VERSIONS, clientId: ws.clientId, mutations: batch }, ws.token);
      count(`push ${answer.status}`);
      if (answer.status === 503) {
        report.unavailable++;
        return 'unavailable';
      }
      if (answer.status >= 500) {
        report.serverErrors.push(`${ws.clientId} via ${node.url}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        // Part of the batch may have committed before the error: the next answer may call it a replay.
        lostAnswers.add(ws.clientId);
        return 'unavailable';
      }
      const parsed = AnyPushResponse.safeParse(answer.body);
      if (answer.status !== 200 || !parsed.success) {
        report.badStatuses.push(`${ws.clientId} via ${node.url}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        return null;
      }
      return parsed.data;
    };
    /** Checks the answers a batch got (one or two at once); returns the highest id processed. */
    const judge = (ws: TestClient, answers: readonly AnyPushResponse[]): number => {
      const byId = new Map<number, AnyOutcome[]>();
      for (const a of answers) {
        if (a.gap) report.answerViolations.push(`${ws.clientId}: gap ${JSON.stringify(a.gap)} in a batch sent from the acknowledged position`);
        for (const r of a.results) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      }
      for (const [id, outcomes] of byId) {
        const key = `${ws.clientId}#${id}`;
        const known = first.get(key);
        const decided = outcomes.find((r) => r.status === 'applied' || r.status === 'rejected');
        if (!known && decided) {
          first.set(key, decided.status === 'applied' ? { status: 'applied' } : { status: 'rejected', code: decided.error?.code ?? '' });
          for (const r of outcomes) {
            if (r === decided) continue;
            if (!isReplayAnswer(r, first.get(key)!)) report.answerViolations.push(`${key}: answered ${decided.status} and, at the same time, ${r.status}`);
          }
        } else if (known) {
          for (const r of outcomes) if (!isReplayAnswer(r, known)) report.answerViolations.push(`${key}: first ${known.status}, replay answered ${r.status}`);
        } else if (!outcomes.every((r) => r.status === 'duplicate')) {
          report.answerViolations.push(`${key}: answered ${outcomes.map((r) => r.status).join(', ')} without being processed`);
        } else if (!lostAnswers.has(ws.clientId)) {
          report.answerViolations.push(`${key}: answered duplicate before any answer said it was processed`);
        }
        for (const r of outcomes) {
          if (r.status !== 'rejected') continue;
          if (!isBusinessRejection(r)) report.internalErrors++;
          report.rejected.push(`${key} (${ws.clientId.slice(0, 8)}): ${r.error?.code} ${r.error?.message}`);
        }
      }
      return Math.max(0, ...answers.map((a) => a.lastMutationId));
    };

    await Promise.all(
      stations.map(async (ws, w) => {
        const queue = plans[w]!.map((p) => p.mutation);
        let acknowledged = 0;
        let turn = w;
        let stalls = 0;
        while (acknowledged < queue.length) {
          const size = 1 + Math.floor(random() * 8);
          const batch = queue.slice(acknowledged, acknowledged + size);
          const mode = random();
          const [x, y] = turn++ % 2 === 0 ? [nodes[0]!, nodes[1]!] : [nodes[1]!, nodes[0]!];
          const answers: AnyPushResponse[] = [];
          let unavailable = false;
          if (mode < 0.5) {
            const a = await send(ws, x, batch);
            if (a === 'unavailable') unavailable = true;
            else if (a) answers.push(a);
          } else if (mode < 0.75) {
            // The answer is lost on the way: the workstation sends again, through the other node,
            // with what it has queued since.
            const lost = await send(ws, x, batch);
            if (lost && lost !== 'unavailable') answers.push(lost);
            const again = await send(ws, y, queue.slice(acknowledged, acknowledged + size + Math.floor(random() * 3)));
            if (again === 'unavailable') unavailable = true;
            else if (again) answers.push(again);
          } else {
            // A retry racing the original: the same batch to both nodes at once.
            const both = await Promise.all([send(ws, x, batch), send(ws, y, batch)]);
            for (const a of both) if (a && a !== 'unavailable') answers.push(a);
            unavailable = both.includes('unavailable');
          }
          const before = acknowledged;
          if (answers.length > 0) acknowledged = Math.max(acknowledged, judge(ws, answers));
          if (acknowledged === before) {
            if (!unavailable && answers.length === 0) return; // a bad status, noted: this workstation stops
            if (++stalls > 200) {
              report.badStatuses.push(`${ws.clientId}: no progress after 200 tries at mutation ${acknowledged + 1}`);
              return;
            }
            await sleep(10 + random() * 40);
          }
        }
      }),
    );
    phase('push');
    report.deadlocks = Number((await db.query<{ deadlocks: number }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0]?.deadlocks ?? 0);
    pushing = false;
    await Promise.all(pulling);
    report.feed.push(...pullProblems);
    for (const p of pullers) await p.catchUp(nodes, o.pageSize, report.feed);
    report.pages = pullers.reduce((n, p) => n + p.pages, 0);
    phase('final pull');

    /* ---- the server: processed once, effects once, balances ---- */
    for (const ws of stations) {
      const { rows } = await db.query<{ n: number; applied: number; max: number | null; last: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE m.status = 'applied')::int AS applied, max(m.mutation_id)::int AS max, c.last_mutation_id::int AS last
           FROM sync_client c LEFT JOIN sync_mutation m ON m.client_id = c.client_id WHERE c.client_id = $1 GROUP BY c.last_mutation_id`,
        [ws.clientId],
      );
      const r = rows[0]!;
      if (r.n !== o.mutationsPerWorkstation || r.applied !== o.mutationsPerWorkstation || r.last !== o.mutationsPerWorkstation) {
        report.bookkeeping.push(`${ws.clientId}: ${r.n} processed, ${r.applied} applied, last_mutation_id ${r.last} (expected ${o.mutationsPerWorkstation} each)`);
      }
    }
    // Applied as the server recorded it (an answer may have been a 500 after part of the batch committed).
    const appliedOnServer = new Set(
      (
        await db.query<{ client_id: string; mutation_id: number }>("SELECT client_id, mutation_id FROM sync_mutation WHERE status = 'applied' AND client_id = ANY($1::text[])", [
          stations.map((ws) => ws.clientId),
        ])
      ).rows.map((r) => `${r.client_id}#${r.mutation_id}`),
    );
    const appliedPlans = plans.flatMap((list, w) => list.filter((p) => appliedOnServer.has(`${stations[w]!.clientId}#${p.mutation.id}`)));
    const movementIds = appliedPlans.flatMap((p) => (p.movement ? [p.movement.id] : []));
    const textIds = appliedPlans.flatMap((p) => (p.text ? [p.text.id] : []));
    const movements = new Map(
      (await db.query<{ id: string; article_id: string; quantity: number }>('SELECT id, article_id, quantity FROM stock_movement WHERE id = ANY($1::text[])', [movementIds])).rows.map((m) => [m.id, m]),
    );
    const texts = new Map((await db.query<{ id: string; individual_id: string }>('SELECT id, individual_id FROM individual_text WHERE id = ANY($1::text[])', [textIds])).rows.map((t) => [t.id, t]));
    const delta = new Map<string, number>();
    for (const p of appliedPlans) {
      if (p.movement) {
        const m = movements.get(p.movement.id);
        if (!m || m.article_id !== p.movement.articleId || m.quantity !== p.movement.quantity) report.effects.push(`movement ${p.movement.id}: ${JSON.stringify(m ?? null)}, expected ${JSON.stringify(p.movement)}`);
        delta.set(p.movement.articleId, (delta.get(p.movement.articleId) ?? 0) + p.movement.quantity);
      }
      if (p.text && texts.get(p.text.id)?.individual_id !== p.text.individualId) report.effects.push(`text ${p.text.id}: ${JSON.stringify(texts.get(p.text.id) ?? null)}, expected on ${p.text.individualId}`);
    }
    for (const [articleId, base] of start) {
      const now = await balance(articleId);
      const ledger = Number(
        (await db.query<{ s: number | null }>('SELECT sum(quantity)::int AS s FROM stock_movement WHERE store_id = $1 AND article_id = $2', [OWN, articleId])).rows[0]!.s ?? 0,
      );
      if (now !== base + (delta.get(articleId) ?? 0) || now !== ledger) report.effects.push(`balance of ${articleId}: ${now}, start ${base} + applied ${delta.get(articleId) ?? 0}, ledger ${ledger}`);
    }

    /* ---- the feed: every movement and text once, each replica = a fresh bootstrap ---- */
    const verifier = new Puller('fresh bootstrap', await TestClient.register(nodes[0]!.url, `ws-2n-verify-${randomUUID().slice(0, 8)}`, OWN));
    await verifier.catchUp([nodes[0]!], 5_000, report.feed);
    const truth = dump(verifier.replica);
    const storeMovements = (await db.query<{ id: string }>('SELECT id FROM stock_movement WHERE store_id = $1', [OWN])).rows.map((r) => `stock_movement|${r.id}|upsert`);
    const storeTexts = (await db.query<{ id: string }>('SELECT t.id FROM individual_text t JOIN individual i ON i.id = t.individual_id WHERE $1 = ANY(i.scope_store_ids)', [OWN])).rows.map(
      (r) => `individual_text|${r.id}|upsert`,
    );
    const appliedMovements = movementIds.map((id) => `stock_movement|${id}`);
    const appliedTexts = textIds.map((id) => `individual_text|${id}`);
    for (const p of pullers) {
      for (const key of [...storeMovements, ...storeTexts]) {
        const n = p.received.get(key) ?? 0;
        if (n !== 1) report.feed.push(`${p.name}: ${key} reached it ${n} times`);
      }
      // A refused mutation's rows are announced again as deletes (guarantee 7); an applied one's never.
      for (const key of [...appliedMovements, ...appliedTexts]) if (p.received.has(`${key}|delete`)) report.feed.push(`${p.name}: ${key} of an applied mutation came as a delete`);
      const mine = dump(p.replica);
      for (const table of REPLICATED_TABLES) {
        if (mine[table] !== truth[table]) report.replicas.push(`${p.name}: ${table} differs from a fresh bootstrap (${firstDifference(mine[table]!, truth[table]!)})`);
      }
    }
    verifier.replica.close();
    phase('checks');
  } finally {
    for (const p of pullers) p.replica.close();
    for (const n of nodes) report.serverLog.push(...n.log);
    await Promise.all(nodes.map(stopNode));
    await central?.close();
    await pg?.stop();
    report.durationMs = Date.now() - started;
  }
  return report;
}

function firstDifference(a: string, b: string): string {
  const rowsA = JSON.parse(a) as unknown[];
  const rowsB = JSON.parse(b) as unknown[];
  if (rowsA.length !== rowsB.length) return `${rowsA.length} rows, the bootstrap ${rowsB.length}`;
  const i = rowsA.findIndex((r, k) => JSON.stringify(r) !== JSON.stringify(rowsB[k]));
  return `row ${i}: ${JSON.stringify(rowsA[i]).slice(0, 200)} vs ${JSON.stringify(rowsB[i]).slice(0, 200)}`;
}

/* ---------------- the suite ---------------- */

export function twoNodeSuite(sizes: Omit<TwoNodeOptions, 'pageSize' | 'seed'> & { seed?: number; timeoutMs?: number }): void {

  describe('two central nodes on one PostgreSQL', () => {
    let report: TwoNodeReport;

    beforeAll(async () => {
      report = await runTwoNodeScenario({ ...sizes, pageSize: 7, seed: sizes.seed ?? Date.now() % 100_000 });
      const { serverLog, ...rest } = report;
      console.log(`two nodes: ${JSON.stringify({ ...rest, rejected: rest.rejected.slice(0, 10), serverLog: serverLog.filter((l) => l.includes('[central]')).slice(0, 10) }, null, 1)}`);
    }, sizes.timeoutMs ?? 240_000);

    it('refuses no push (no 4xx, no unreadable answer)', () => {
      expect(report.badStatuses).toEqual([]);
    });

    it('answers every push 200 or 503 (never 500), rejects no valid mutation and none as internal-error', () => {
      expect(report.serverErrors).toEqual([]);
      expect(report.internalErrors).toBe(0);
      expect(report.rejected).toEqual([]);
    });

    it('answers replays (resends, the same batch through both nodes at once) as replays', () => {
      expect(report.answerViolations).toEqual([]);
    });

    it('processes every mutation once and applies each one (sync_mutation, last_mutation_id)', () => {
      expect(report.bookkeeping).toEqual([]);
    });

    it('writes every applied mutation’s effects on the server once: movements, texts, balances = start + applied = ledger', () => {
      expect(report.effects).toEqual([]);
    });

    it("brings every movement and text to each puller exactly once, and each puller's replica equals a fresh bootstrap", () => {
      expect(report.pages).toBeGreaterThan(0);
      expect(report.feed).toEqual([]);
      expect(report.replicas).toEqual([]);
    });

    it("blames no mutation for an error in either node's log (a failed request only with a 503)", () => {
      expect(report.serverLog.filter((line) => /\[central\] Mutation .* failed/.test(line))).toEqual([]);
      expect(report.serverLog.filter((line) => line.includes('[central] Request failed')).length).toBeLessThanOrEqual(report.unavailable);
    });
  });
}
