import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, TestClient, type WireMutation } from '../../tests/helpers/protocol-client';

/**
 * Stateless servers: two server instances over one database. On PostgreSQL they are two pools
 * (as two processes would be); on PGlite, which one process owns, two HTTP servers share it.
 * Workstations push concurrently through both, every batch is also sent to the other instance at
 * the same moment (a duplicate push), and a third workstation pulls all the while: every mutation
 * is applied exactly once and the puller, whose cursor moves while commits happen, misses nothing.
 */
describe.each(BACKENDS)('two server instances on one %s database', (kind) => {
  let backend: TestBackend;
  let a: RunningServer;
  let b: RunningServer;
  const OWN = '50301';

  beforeAll(async () => {
    backend = await testBackend(kind);
    const database = await backend.database();
    a = await startServer({ db: database, demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
    b = await startServer({ db: kind === 'postgres' ? database : a.db, demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await backend?.close();
  });

  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await a.db.query<T>(sql, params)).rows;

  it('applies concurrent pushes of several workstations exactly once and the feed misses nothing', async () => {
    const articles = (await rows<{ id: string }>("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') ORDER BY article_no LIMIT 3")).map((r) => r.id);
    const bArticle = (await rows<{ id: string }>("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' ORDER BY article_no LIMIT 1"))[0]!.id;
    const before = new Map<string, number>();
    for (const id of [...articles, bArticle]) {
      before.set(id, (await rows<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [OWN, id]))[0]?.on_hand ?? 0);
    }

    const WORKSTATIONS = 6;
    const MUTATIONS = 60;
    const BATCH = 10;
    const stations = await Promise.all(Array.from({ length: WORKSTATIONS }, (_, i) => TestClient.register(a.url, `ws-conc-${kind}-${i}-${randomUUID().slice(0, 6)}`, OWN)));
    const via = (client: TestClient, server: RunningServer) => Object.assign(new TestClient(server.url, client.clientId, client.storeId), { token: client.token });
    const expectedDelta = new Map<string, number>();
    const registered: string[] = [];
    const queues = stations.map((ws, w) => {
      const list: WireMutation[] = [];
      for (let n = 0; n < MUTATIONS; n++) {
        if (n % 10 === 9) {
          const reg = args.register(bArticle, OWN, `C${kind === 'postgres' ? 'P' : 'L'}${w}-${n}-${randomUUID().slice(0, 6)}`, 'Registrerad under last');
          registered.push(reg.individualId);
          expectedDelta.set(bArticle, (expectedDelta.get(bArticle) ?? 0) + 1);
          list.push(ws.mutation('individual.register', 'U2', reg));
        } else {
          const articleId = articles[(w + n) % articles.length]!;
          // Additions only: an adjustment may not take a balance below zero, and the order in
          // which the two nodes apply concurrent batches is not fixed.
          const quantity = ((w + n) % 3) + 1;
          expectedDelta.set(articleId, (expectedDelta.get(articleId) ?? 0) + quantity);
          list.push(ws.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, quantity)));
        }
      }
      return list;
    });

    // The puller: pulls through instance B while the pushes run, applying pages to its own state.
    const puller = await TestClient.register(b.url, `ws-conc-${kind}-puller-${randomUUID().slice(0, 6)}`, OWN);
    const seen = new Map<string, Change>();
    let cursor: string | null = null;
    let pushing = true;
    const pullOnce = async () => {
      for (;;) {
        const answer = await puller.pull(cursor, 200);
        expect(answer.status).toBe(200);
        for (const c of answer.body.changes) {
          if (c.op === 'delete') seen.delete(`${c.table}|${c.id}`);
          else seen.set(`${c.table}|${c.id}`, c);
        }
        cursor = answer.body.cursor;
        if (!answer.body.hasMore) return;
      }
    };
    const pulling = (async () => {
      while (pushing) await pullOnce();
    })();

    await Promise.all(
      stations.map(async (ws, w) => {
        const queue = queues[w]!;
        for (let i = 0; i < queue.length; i += BATCH) {
          const batch = queue.slice(i, i + BATCH);
          const [first, second] = i % (2 * BATCH) === 0 ? [a, b] : [b, a];
          const answers = await Promise.all([via(ws, first).pushOk(batch), via(ws, second).pushOk(batch)]);
          const statuses = new Map<number, string[]>();
          for (const r of answers.flatMap((x) => x.results)) statuses.set(r.id, [...(statuses.get(r.id) ?? []), r.status]);
          // Both copies hear the same outcome (the later one from the stored outcome); the rows below show each was applied once.
          for (const m of batch) expect(statuses.get(m.id), `mutation ${m.id}`).toEqual(['applied', 'applied']);
        }
        // Everything acknowledged: a final push of the whole queue gets the stored outcomes (all applied).
        const last = await via(ws, a).pushOk(queue.slice(-BATCH));
        expect(last.results.every((r) => r.status === 'applied')).toBe(true);
        expect(last.lastMutationId).toBe(MUTATIONS);
      }),
    );
    pushing = false;
    await pulling;
    await pullOnce();

    // Exactly once: one processed row per mutation, every one applied, balances = before + deltas = ledger.
    const processed = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_mutation WHERE client_id = ANY($1::text[]) AND status = 'applied'`,
      [stations.map((s) => s.clientId)],
    );
    expect(processed[0]!.n).toBe(WORKSTATIONS * MUTATIONS);
    for (const [articleId, delta] of expectedDelta) {
      const [balance] = await rows<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [OWN, articleId]);
      const [ledger] = await rows<{ s: number }>('SELECT sum(quantity)::int AS s FROM stock_movement WHERE store_id = $1 AND article_id = $2', [OWN, articleId]);
      expect(balance!.on_hand).toBe(before.get(articleId)! + delta);
      expect(balance!.on_hand).toBe(ledger!.s);
      // The puller ends with the server's balance.
      expect(seen.get(`stock_balance|${OWN}|${articleId}`)?.row?.on_hand).toBe(balance!.on_hand);
    }
    // The puller has every movement and individual of the store: no change was skipped while
    // commits and pulls interleaved.
    const movements = await rows<{ id: string }>('SELECT id FROM stock_movement WHERE store_id = $1', [OWN]);
    const pulledMovements = new Set([...seen.values()].filter((c) => c.table === 'stock_movement').map((c) => c.id));
    expect(movements.filter((m) => !pulledMovements.has(m.id))).toEqual([]);
    expect(registered.filter((id) => !seen.has(`individual|${id}`))).toEqual([]);
  });
});
