import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type Change, type PullResponse } from '../../shared/sync/protocol';
import { runCentralCommand } from '../admin/commands';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';
import { encodeCursor } from './cursor';
import { TABLE } from './tables';

/**
 * The central server over real HTTP, the same suite on PGlite (in memory) and on a real
 * PostgreSQL. One server per engine; every test uses its own workstations (client ids) and reads
 * its expectations from the database at that moment, so the tests do not depend on each other.
 */
describe.each(BACKENDS)('central server on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  const logged: { message: string; error: unknown }[] = [];
  let clients = 0;
  let numbers = 0;
  const OWN = '50301';
  const CENTRAL = '10';

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS, onError: (message, error) => logged.push({ message, error }) });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await server.db.query<T>(sql, params)).rows;
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rows<T>(sql, params))[0]!;
  const workstation = (storeId = OWN) => TestClient.register(server.url, `ws-${kind}-${++clients}-${randomUUID().slice(0, 8)}`, storeId);
  const newNo = () => `T${Date.now().toString(36).toUpperCase()}${++numbers}`;
  const headSeq = async () => Number((await one<{ s: number | null }>('SELECT max(seq) AS s FROM change_log')).s ?? 0);

  const article = (where: string) => one<{ id: string; article_no: string }>(`SELECT id, article_no FROM article WHERE ${where} ORDER BY article_no LIMIT 1`);
  const bAid = () => article("tracked_individually AND aid_category = 'B' AND article_status = 'active'");
  const aAid = () => article("tracked_individually AND aid_category = 'A'");
  const plain = () => article("NOT tracked_individually AND article_type IN ('accessory', 'sparePart')");
  const balance = async (storeId: string, articleId: string) =>
    (await rows<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [storeId, articleId]))[0]?.on_hand ?? 0;
  const ledgerSum = async (storeId: string, articleId: string) =>
    Number((await one<{ s: number | null }>('SELECT sum(quantity)::int AS s FROM stock_movement WHERE store_id = $1 AND article_id = $2', [storeId, articleId])).s ?? 0);

  it('answers /health and serves an OpenAPI document generated from the protocol schemas', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: kind === 'pglite' ? 'pglite' : 'pg', protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/sync/register', '/sync/push', '/sync/pull', '/sync/individual-number-block', '/sync/audit', '/health']));
    expect(Object.keys(doc.components.schemas.PushRequest!.properties!)).toEqual(expect.arrayContaining(['protocolVersion', 'clientId', 'mutations']));
    expect(doc.components.schemas.PullResponse!.properties).toHaveProperty('estimatedTotal');
  });

  describe('registration', () => {
    it('gives a workstation a token scoped to its store and stores only its hash', async () => {
      const ws = await workstation();
      expect(ws.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const row = await one<{ store_id: string; token_hash: string }>('SELECT store_id, token_hash FROM sync_client WHERE client_id = $1', [ws.clientId]);
      expect(row.store_id).toBe(OWN);
      expect(row.token_hash).toBe(createHash('sha256').update(ws.token).digest('hex'));
      expect(JSON.stringify(await rows('SELECT * FROM sync_client'))).not.toContain(ws.token);
    });

    it('refuses a wrong enrolment key (401), an unknown store (400) and moving a workstation to another store (403)', async () => {
      const base = { ...VERSIONS, clientId: `ws-reg-${kind}-1`, name: 'Förrådet', storeId: OWN, enrolmentKey: 'demo-enrolment-key' };
      const wrongKey = await postJson<{ error: { code: string; message: string } }>(`${server.url}/sync/register`, { ...base, enrolmentKey: 'gissning' });
      expect(wrongKey.status).toBe(401);
      expect(wrongKey.body.error).toEqual({ code: 'unauthenticated', message: expect.stringContaining('registreringsnyckel') });
      const unknownStore = await postJson<{ error: { code: string } }>(`${server.url}/sync/register`, { ...base, storeId: '77777' });
      expect(unknownStore.status).toBe(400);
      expect(unknownStore.body.error.code).toBe('invalid-request');
      expect((await postJson(`${server.url}/sync/register`, base)).status).toBe(200);
      const moved = await postJson<{ error: { code: string; message: string } }>(`${server.url}/sync/register`, { ...base, storeId: CENTRAL });
      expect(moved.status).toBe(403);
      expect(moved.body.error.message).toContain(`lager ${OWN}`);
      expect((await one<{ store_id: string }>('SELECT store_id FROM sync_client WHERE client_id = $1', [base.clientId])).store_id).toBe(OWN);
    });

    it('registering again with the current token renews the token and keeps the place in the mutation sequence', async () => {
      const ws = await workstation();
      const a = await plain();
      const admin = 'U1';
      expect((await ws.pushOk([ws.mutation('stock.adjust', admin, args.adjust(a.id, OWN, 1))])).lastMutationId).toBe(1);
      const old = ws.token;
      const again = await TestClient.register(server.url, ws.clientId, OWN, undefined, old);
      expect(again.token).not.toBe(old);
      expect((await ws.pull(null, 1)).status).toBe(401);
      const pull = await again.pull(null, 1);
      expect(pull.status).toBe(200);
      expect(pull.body.lastMutationId).toBe(1);
    });
  });

  describe('push', () => {
    it('applies, refuses with the shared rules, answers replays with their stored outcome and stops at a gap', async () => {
      const ws = await workstation();
      const b = await bAid();
      const a = await aAid();
      const p = await plain();
      const before = await balance(OWN, b.id);
      const no = newNo();
      const reg = args.register(b.id, OWN, no, 'Ny rollator från förrådet');
      const batch = [
        ws.mutation('individual.register', 'U2', reg),
        ws.mutation('individual.register', 'U2', args.register(b.id, OWN, no)),
        ws.mutation('individual.register', 'U2', args.register('A99999', OWN, newNo())),
        ws.mutation('individual.register', 'U2', args.register(p.id, OWN, newNo())),
        ws.mutation('individual.register', 'U2', args.register(a.id, OWN, newNo())),
        ws.mutation('stock.adjust', 'U2', args.adjust(p.id, OWN, 5)),
        ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 5)),
        ws.mutation('individual.addText', 'U2', args.addText(reg.individualId, 'Bromsarna justerade')),
        ws.mutation('individual.changeNumber', 'U2', args.changeNumber(reg.individualId, `${no}B`)),
        ws.mutation('stock.adjust', 'U1', { ...args.adjust(p.id, OWN, 5), quantity: 0 }),
        ws.mutation('stock.adjust', 'U77', args.adjust(p.id, OWN, 5)),
        ws.mutation('stock.adjust', 'U3', args.adjust(p.id, OWN, 5)),
      ];
      const answer = await ws.pushOk(batch);
      const outcome = answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status));
      expect(outcome).toEqual([
        'applied',
        'duplicate-individual-no',
        'unknown-article',
        'article-not-tracked',
        'article-not-b-aid',
        'forbidden-role',
        'applied',
        'applied',
        'applied',
        'invalid-input',
        'forbidden-user',
        'forbidden-role',
      ]);
      expect(answer.lastMutationId).toBe(12);
      const rejected = answer.results.filter((r) => r.status === 'rejected');
      expect(rejected.map((r) => (r.status === 'rejected' ? r.error.message : ''))).toEqual([
        `Individnummer ${no} finns redan. Individnummer är unika.`,
        'Artikeln finns inte i sortimentet.',
        expect.stringContaining('inte individmärkt'),
        expect.stringContaining('A-hjälpmedel'),
        'Bara lageradministratörer får göra detta.',
        expect.stringContaining('Antalet kan inte vara 0.'),
        expect.stringContaining('Användaren U77 hör inte till lager 50301'),
        'Bara lageradministratörer får göra detta.',
      ]);

      // The state the applied mutations left, written once.
      const individual = await one<{ individual_no: string; store_id: string; status: string }>('SELECT individual_no, store_id, status FROM individual WHERE id = $1', [
        reg.individualId,
      ]);
      expect(individual).toEqual({ individual_no: `${no}B`, store_id: OWN, status: 'inStore' });
      expect(await balance(OWN, b.id)).toBe(before + 1);
      expect(await balance(OWN, b.id)).toBe(await ledgerSum(OWN, b.id));
      const texts = await rows<{ text: string }>('SELECT text FROM individual_text WHERE individual_id = $1 ORDER BY at, text', [reg.individualId]);
      expect(texts.map((t) => t.text)).toEqual(
        expect.arrayContaining(['Ny rollator från förrådet', 'Bromsarna justerade', expect.stringContaining(`Tidigare individnummer: ${no}. Anledning: Etiketten var oläslig. /Ahmed Lagerman`)]),
      );
      const processed = await rows<{ status: string }>('SELECT status FROM sync_mutation WHERE client_id = $1 ORDER BY mutation_id', [ws.clientId]);
      expect(processed.map((r) => r.status)).toEqual(outcome.map((o) => (o === 'applied' ? 'applied' : 'rejected')));
      // The applied mutations' own entries (the request trail, action 'request', is server/audit/'s).
      expect((await rows("SELECT 1 FROM audit_log WHERE client_id = $1 AND action <> 'request'", [ws.clientId])).length).toBe(4);

      // The whole batch again (its answer was lost): the same outcomes as the first time, nothing applied twice.
      const movementsBefore = (await rows('SELECT id FROM stock_movement')).length;
      const replay = await ws.pushOk(batch);
      expect(replay.results).toEqual(answer.results);

      // The same id with other content (a workstation restored from a backup reused it): a
      // conflict, nothing applied, the position unchanged.
      const clash = await ws.pushOk([{ ...batch[6]!, args: args.adjust(p.id, OWN, 2) }]);
      expect(clash.results).toEqual([{ id: 7, status: 'conflict' }]);
      expect(clash.lastMutationId).toBe(12);
      expect(replay.lastMutationId).toBe(12);
      expect((await rows('SELECT id FROM stock_movement')).length).toBe(movementsBefore);
      expect(await balance(OWN, b.id)).toBe(before + 1);

      // A gap stops the batch: nothing after it is looked at.
      const m13 = ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 1));
      const m14 = ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 1));
      const m15 = ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 1));
      const gapped = await ws.pushOk([m13, m15, m14]);
      expect(gapped.results).toEqual([{ id: 13, status: 'applied' }]);
      expect(gapped.gap).toEqual({ expected: 14, received: 15 });
      expect(gapped.lastMutationId).toBe(13);
      expect((await ws.pushOk([m14, m15])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    });

    it('keeps the stock balance equal to the ledger in the same transaction', async () => {
      const ws = await workstation();
      const p = await plain();
      const before = await balance(OWN, p.id);
      await ws.pushOk([ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 7)), ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, -3))]);
      expect(await balance(OWN, p.id)).toBe(before + 4);
      expect(await balance(OWN, p.id)).toBe(await ledgerSum(OWN, p.id));
    });

    it('applies each mutation once when the same batch arrives several times at once', async () => {
      const ws = await workstation();
      const p = await plain();
      const before = await balance(OWN, p.id);
      const batch = Array.from({ length: 20 }, () => ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 1)));
      const answers = await Promise.all(Array.from({ length: 5 }, () => ws.pushOk(batch)));
      // Every copy hears "applied" (the later ones from the stored outcome); each was applied once.
      for (const a of answers) expect(a.results).toEqual(batch.map((m) => ({ id: m.id, status: 'applied' })));
      expect(answers.every((a) => a.lastMutationId === 20)).toBe(true);
      expect(await balance(OWN, p.id)).toBe(before + 20);
      const ids = batch.map((m) => (m.args as { movementId: string }).movementId);
      expect((await rows('SELECT id FROM stock_movement WHERE id = ANY($1::text[])', [ids])).length).toBe(20);
      expect((await rows('SELECT 1 FROM sync_mutation WHERE client_id = $1', [ws.clientId])).length).toBe(20);
    });

    it('an unexpected error in one mutation rejects only that one (internal-error) and the queue moves on', async () => {
      await server.db.transaction(async (tx) => {
        await tx.exec(`CREATE OR REPLACE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.text = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
          DROP TRIGGER IF EXISTS test_boom ON individual_text;
          CREATE TRIGGER test_boom BEFORE INSERT ON individual_text FOR EACH ROW EXECUTE FUNCTION test_boom();`);
      });
      try {
        const ws = await workstation();
        const ind = await one<{ id: string }>("SELECT id FROM individual WHERE store_id = '50301' ORDER BY id LIMIT 1");
        const answer = await ws.pushOk([
          ws.mutation('individual.addText', 'U2', args.addText(ind.id, 'före')),
          ws.mutation('individual.addText', 'U2', args.addText(ind.id, 'boom')),
          ws.mutation('individual.addText', 'U2', args.addText(ind.id, 'efter')),
        ]);
        expect(answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['applied', 'internal-error', 'applied']);
        expect(answer.lastMutationId).toBe(3);
        const texts = await rows<{ text: string }>("SELECT text FROM individual_text WHERE individual_id = $1 AND text IN ('före', 'boom', 'efter')", [ind.id]);
        expect(texts.map((t) => t.text).sort()).toEqual(['efter', 'före']);
        expect(logged.map((l) => l.message)).toEqual([expect.stringContaining(`Mutation 2 (individual.addText) of client ${ws.clientId} failed`)]);
      } finally {
        await server.db.transaction((tx) => tx.exec('DROP TRIGGER test_boom ON individual_text; DROP FUNCTION test_boom();'));
      }
    });
  });

  describe('pull', () => {
    /** What the store's replica must hold: (table|id) of every row in its scope, from the database. */
    async function expectedScope(storeId: string): Promise<Set<string>> {
      const keys = new Set<string>();
      const add = async (table: string, sql: string) => {
        for (const r of await rows<{ k: string }>(sql, [storeId])) keys.add(`${table}|${r.k}`);
      };
      await add('store', 'SELECT id AS k FROM store WHERE $1::text IS NOT NULL');
      await add('service_point', 'SELECT id AS k FROM service_point WHERE $1::text IS NOT NULL');
      await add('iso_class', 'SELECT code AS k FROM iso_class WHERE $1::text IS NOT NULL');
      await add('supplier', 'SELECT id AS k FROM supplier WHERE $1::text IS NOT NULL');
      await add('article', 'SELECT id AS k FROM article WHERE $1::text IS NOT NULL');
      await add('article_gtin', 'SELECT gtin AS k FROM article_gtin WHERE $1::text IS NOT NULL');
      await add('article_component', "SELECT article_id || '|' || component_article_id AS k FROM article_component WHERE $1::text IS NOT NULL");
      await add('replacement_group', 'SELECT id AS k FROM replacement_group WHERE $1::text IS NOT NULL');
      await add('replacement_group_article', 'SELECT article_id AS k FROM replacement_group_article WHERE $1::text IS NOT NULL');
      await add('article_document', 'SELECT id AS k FROM article_document WHERE $1::text IS NOT NULL');
      await add('app_user', 'SELECT DISTINCT usp.user_id AS k FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id WHERE sp.store_id = $1');
      await add(
        'user_service_point',
        "SELECT usp.user_id || '|' || usp.service_point_id AS k FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id WHERE sp.store_id = $1",
      );
      await add('recipient', 'SELECT id AS k FROM recipient WHERE $1 = ANY(scope_store_ids)');
      await add('individual', 'SELECT id AS k FROM individual WHERE $1 = ANY(scope_store_ids)');
      await add('individual_text', 'SELECT t.id AS k FROM individual_text t JOIN individual i ON i.id = t.individual_id WHERE $1 = ANY(i.scope_store_ids)');
      await add('stock_movement', 'SELECT id AS k FROM stock_movement WHERE store_id = $1');
      // The own store's balances, and the central store's (its availability is shown everywhere).
      await add('stock_balance', "SELECT b.store_id || '|' || b.article_id AS k FROM stock_balance b JOIN store s ON s.id = b.store_id WHERE b.store_id = $1 OR s.kind = 'central'");
      await add('stock_level', 'SELECT id AS k FROM stock_level WHERE store_id = $1');
      await add('order_template', 'SELECT id AS k FROM order_template WHERE store_id = $1');
      await add('customer_order', 'SELECT id AS k FROM customer_order WHERE store_id = $1');
      await add('purchase_order', 'SELECT id AS k FROM purchase_order WHERE store_id = $1');
      await add(
        'customer_order_line',
        "SELECT l.order_id || '|' || l.line_no AS k FROM customer_order_line l JOIN customer_order o ON o.id = l.order_id WHERE o.store_id = $1",
      );
      await add('aid', 'SELECT id AS k FROM aid WHERE store_id = $1');
      await add('goods_receipt', 'SELECT id AS k FROM goods_receipt WHERE store_id = $1');
      await add('individual_no_block', 'SELECT id AS k FROM individual_no_block WHERE store_id = $1');
      await add('order_cancellation', 'SELECT id AS k FROM order_cancellation WHERE store_id = $1');
      await add('loan_basket', 'SELECT id AS k FROM loan_basket WHERE store_id = $1');
      await add('loan_basket_line', 'SELECT id AS k FROM loan_basket_line WHERE store_id = $1');
      await add('loan_basket_event', 'SELECT id AS k FROM loan_basket_event WHERE store_id = $1');
      await add('message', 'SELECT id AS k FROM message WHERE store_id = $1');
      await add('message_mark', 'SELECT id AS k FROM message_mark WHERE store_id = $1');
      await add('pickup_reason', 'SELECT id AS k FROM pickup_reason WHERE $1::text IS NOT NULL');
      await add('region_setting', 'SELECT key AS k FROM region_setting WHERE $1::text IS NOT NULL');
      await add('pickup_order', 'SELECT id AS k FROM pickup_order WHERE store_id = $1');
      await add('pickup_order_line', 'SELECT id AS k FROM pickup_order_line WHERE store_id = $1');
      await add('pickup_order_event', 'SELECT id AS k FROM pickup_order_event WHERE store_id = $1');
      return keys;
    }

    /** A replica in memory: the pulled pages applied in order. */
    function applyPages(pages: readonly PullResponse[], state = new Map<string, Change>()): Map<string, Change> {
      for (const page of pages) {
        for (const c of page.changes) {
          if (c.op === 'delete') state.delete(`${c.table}|${c.id}`);
          else state.set(`${c.table}|${c.id}`, c);
        }
      }
      return state;
    }

    it('bootstraps the full current state of the store scope, and only that', async () => {
      const ws = await workstation();
      const { pages, cursor } = await ws.pullAll(null, 150);
      expect(pages.length).toBeGreaterThan(3);
      const delivered = pages.reduce((n, p) => n + p.changes.length, 0);
      expect(pages[0]!.estimatedTotal).toBe(delivered - pullForwarded(pages));
      expect(pages.slice(1).every((p) => p.estimatedTotal === undefined)).toBe(true);
      const state = applyPages(pages);
      expect(new Set(state.keys())).toEqual(await expectedScope(OWN));
      // Of the central store's own stock only its balances come (availability): its individuals and movements stay central.
      const foreign = [...state.values()].filter((c) => c.table === 'stock_movement' && c.row?.store_id !== OWN);
      expect(foreign).toEqual([]);
      const centralBalances = [...state.values()].filter((c) => c.table === 'stock_balance' && c.row?.store_id === '10');
      expect(centralBalances.length).toBeGreaterThan(0);
      const centralOnly = await one<{ id: string }>("SELECT id FROM individual WHERE scope_store_ids = ARRAY['10']::text[] LIMIT 1");
      expect(state.has(`individual|${centralOnly.id}`)).toBe(false);
      // Rows in the replica's shapes and types.
      const art = await one<{ id: string; article_no: string; tracked_individually: boolean; price_ore: number }>(
        'SELECT id, article_no, tracked_individually, price_ore FROM article ORDER BY article_no LIMIT 1',
      );
      expect(state.get(`article|${art.id}`)!.row).toMatchObject({ id: art.id, article_no: art.article_no, tracked_individually: art.tracked_individually ? 1 : 0, price_ore: art.price_ore });
      expect(state.get('app_user|U1')!.row).toEqual({ id: 'U1', hsa_id: 'SE2321000016-1001', name: 'Lena Tekniker', roles: '["technician","storeAdmin"]', active: 1 });
      const bal = [...state.values()].find((c) => c.table === 'stock_balance')!;
      expect(Object.keys(bal.row!).sort()).toEqual(['article_id', 'article_no', 'on_hand', 'reserved', 'store_id']);
      expect(bal.id).toBe(`${bal.row!.store_id}|${bal.row!.article_id}`);
      // Caught up: the next pull is empty and keeps the cursor.
      const next = await ws.pull(cursor, 100);
      expect(next.body).toMatchObject({ hasMore: false, changes: [], cursor, lastMutationId: 0 });
    });

    it('sends each changed row once, at its latest state, scoped to the store', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const ind = await one<{ id: string }>("SELECT id FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY id DESC LIMIT 1");
      const p = await plain();
      const first = newNo();
      const last = newNo();
      await ws.pushOk([
        ws.mutation('individual.changeNumber', 'U2', args.changeNumber(ind.id, first)),
        ws.mutation('individual.changeNumber', 'U2', args.changeNumber(ind.id, last)),
        ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 2)),
        ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 3)),
      ]);
      const { changes, pages } = await ws.pullAll(cursor);
      const count = (table: string) => changes.filter((c) => c.table === table).length;
      expect(changes.filter((c) => c.table === 'individual')).toEqual([
        expect.objectContaining({ op: 'upsert', id: ind.id, row: expect.objectContaining({ individual_no: last }) }),
      ]);
      expect(changes.filter((c) => c.table === 'stock_balance')).toEqual([
        expect.objectContaining({ id: `${OWN}|${p.id}`, row: expect.objectContaining({ on_hand: await balance(OWN, p.id) }) }),
      ]);
      expect(count('stock_movement')).toBe(2);
      expect(count('individual_text')).toBe(2);
      expect(changes.length).toBe(6);
      expect(pages.at(-1)!.lastMutationId).toBe(4);
      // Another store's workstation hears nothing of it.
      const other = await workstation(CENTRAL);
      const { cursor: otherCursor } = await other.pullAll(null);
      await ws.pushOk([ws.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 1))]);
      expect((await other.pull(otherCursor)).body.changes).toEqual([]);
    });

    it('a rejection writes nothing: none of the rows it would have created reaches the feed (the workstation takes its own copy back)', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const b = await bAid();
      const taken = await one<{ individual_no: string }>("SELECT individual_no FROM individual WHERE store_id = '50301' LIMIT 1");
      const reg = args.register(b.id, OWN, taken.individual_no, 'text');
      const answer = await ws.pushOk([ws.mutation('individual.register', 'U2', reg)]);
      expect(answer.results[0]).toMatchObject({ status: 'rejected', error: { code: 'duplicate-individual-no' } });
      const { changes } = await ws.pullAll(cursor);
      const ids = new Set([reg.individualId, reg.movementId, reg.textId]);
      expect(changes.filter((c) => ids.has(c.id))).toEqual([]);
      expect(changes.filter((c) => c.table === 'stock_balance' && c.id === `${OWN}|${b.id}`)).toEqual([]);
      expect(await rows('SELECT 1 FROM individual WHERE id = $1', [reg.individualId])).toEqual([]);
    });

    it('pulls parents forward so that every page is complete on its own', async () => {
      // An article whose latest change is newer than its individuals: without help, a page would
      // bring the individuals before the article.
      const withIndividuals = await one<{ id: string; article_no: string; article_status: string; individual_id: string }>(
        `SELECT a.id, a.article_no, a.article_status, i.id AS individual_id FROM article a JOIN individual i ON i.article_id = a.id
         WHERE '50301' = ANY(i.scope_store_ids) ORDER BY a.article_no LIMIT 1`,
      );
      const status = withIndividuals.article_status === 'phasingOut' ? 'active' : 'phasingOut';
      expect(await runCentralCommand(server.db, ['set-article-status', withIndividuals.article_no, status])).toMatchObject({ ok: true, value: expect.stringContaining('har nu status') });
      const seqOf = async (table: string, id: string) => (await one<{ seq: number }>('SELECT seq FROM change_log WHERE table_name = $1 AND row_id = $2', [table, id])).seq;
      expect(await seqOf('article', withIndividuals.id)).toBeGreaterThan(await seqOf('individual', withIndividuals.individual_id));
      const ws = await workstation();
      const { pages } = await ws.pullAll(null, 60);
      const known = new Set<string>();
      const missing: string[] = [];
      for (const page of pages) {
        for (const c of page.changes) if (c.op === 'upsert') known.add(`${c.table}|${c.id}`);
        for (const c of page.changes) {
          if (c.op !== 'upsert') continue;
          for (const p of TABLE[c.table].parents) {
            const parent = c.row?.[p.column];
            if (typeof parent === 'string' && !known.has(`${p.table}|${parent}`)) missing.push(`${c.table} ${c.id} → ${p.table} ${parent}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });

    it('answers resync-required for garbage, foreign, future and other-database cursors', async () => {
      const ws = await workstation();
      const other = await workstation(CENTRAL);
      const { cursor: otherCursor } = await other.pullAll(null);
      const bad = [
        'garbage',
        'not/base64!',
        otherCursor,
        encodeCursor(server.epoch, OWN, 10 ** 12),
        encodeCursor('deadbeef', OWN, 1),
        Buffer.from(`c1.1.${server.epoch}.${OWN}.-1`).toString('base64url'),
      ];
      for (const cursor of bad) {
        const answer = await ws.pull(cursor);
        expect(answer.status, cursor).toBe(409);
        expect(answer.body).toMatchObject({ error: { code: 'resync-required', message: expect.stringContaining('synkning') } });
      }
      expect((await ws.pull(encodeCursor(server.epoch, OWN, 0))).status).toBe(200);
    });
  });

  describe('bad input changes nothing', () => {
    it('refuses other protocol and schema versions on every route with version-not-supported', async () => {
      const ws = await workstation();
      const bodies: [string, Record<string, unknown>][] = [
        ['/sync/register', { clientId: 'ws-version-x', storeId: OWN, enrolmentKey: 'demo-enrolment-key', name: 'x' }],
        ['/sync/push', { clientId: ws.clientId, mutations: [] }],
        ['/sync/pull', { clientId: ws.clientId, cursor: null, limit: 10 }],
      ];
      for (const [path, body] of bodies) {
        for (const versions of [{ protocolVersion: 1, schemaVersion: 2 }, { protocolVersion: 3, schemaVersion: 2 }, { protocolVersion: PROTOCOL_VERSION, schemaVersion: 99 }]) {
          const answer = await postJson<{ error: { code: string; message: string } }>(`${server.url}${path}`, { ...body, ...versions }, ws.token);
          expect(answer.status, path).toBe(400);
          expect(answer.body.error.code).toBe('version-not-supported');
          expect(answer.body.error.message).toContain('Uppdatera Buffert');
        }
      }
      expect((await rows("SELECT 1 FROM sync_client WHERE client_id = 'ws-version-x'")).length).toBe(0);
    });

    it('answers 400 with a Swedish message for malformed bodies, 401 without a valid token, 403 for another client, 413 when too large', async () => {
      const ws = await workstation();
      const victim = await workstation();
      const head = await headSeq();
      const push = (body: unknown, token = ws.token, headers?: Record<string, string>) => postJson<{ error: { code: string; message: string } }>(`${server.url}/sync/push`, body, token, headers);
      const pull = (body: unknown, token = ws.token) => postJson<{ error: { code: string; message: string } }>(`${server.url}/sync/pull`, body, token);

      const malformed = [
        await push('{"protocolVersion": 1,'),
        await push({ ...VERSIONS, clientId: ws.clientId }),
        await push({ ...VERSIONS, clientId: ws.clientId, mutations: [{ id: 0, name: 'stock.adjust', userId: 'U1', args: {}, createdAt: '' }] }),
        await push({ ...VERSIONS, clientId: ws.clientId, mutations: [], extra: true }),
        await push({ ...VERSIONS, clientId: ws.clientId, mutations: Array.from({ length: 501 }, (_, i) => ({ id: i + 1, name: 'x', userId: 'U1', args: {}, createdAt: '' })) }),
        await pull({ ...VERSIONS, clientId: ws.clientId, cursor: null, limit: 0 }),
        await pull({ ...VERSIONS, clientId: ws.clientId, cursor: null, limit: 100_000 }),
        await pull({ ...VERSIONS, clientId: ws.clientId, cursor: 'x'.repeat(65), limit: 10 }),
      ];
      for (const answer of malformed) {
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('invalid-request');
        expect(answer.body.error.message).toMatch(/^Ogiltig/);
      }
      expect(malformed[5]!.body.error.message).toContain('limit');

      const notJson = await push('protocolVersion=1', ws.token, { 'content-type': 'text/plain' });
      expect([400, 415]).toContain(notJson.status);
      expect(notJson.body.error.code).toBe('invalid-request');

      const body = { ...VERSIONS, clientId: ws.clientId, mutations: [] };
      expect((await push(body, '')).status).toBe(401);
      expect((await push(body, 'x'.repeat(43))).body.error.code).toBe('unauthenticated');
      expect((await pull({ ...VERSIONS, clientId: ws.clientId, cursor: null, limit: 1 }, 'nonsense')).status).toBe(401);
      // A valid token of one workstation used for another's client id.
      const foreign = await push({ ...body, clientId: victim.clientId });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error).toEqual({ code: 'forbidden', message: expect.stringContaining('annan arbetsstation') });
      expect((await pull({ ...VERSIONS, clientId: victim.clientId, cursor: null, limit: 1 })).status).toBe(403);

      // Past the push route's limit (16 MiB: one mutation may carry a 10 MiB attachment, decision 0027).
      const huge = await push({ ...VERSIONS, clientId: ws.clientId, mutations: [], padding: 'x'.repeat(17 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('too-large');

      expect(await headSeq()).toBe(head);
      expect((await rows('SELECT 1 FROM sync_mutation WHERE client_id IN ($1, $2)', [ws.clientId, victim.clientId])).length).toBe(0);
    });

    it('a malicious workstation cannot read or write another store', async () => {
      await server.db.transaction(async (tx) => {
        await tx.exec(`INSERT INTO service_point (id, name, store_id) VALUES ('10001', 'Centrallagret expedition', '10') ON CONFLICT DO NOTHING;
          INSERT INTO app_user (id, hsa_id, name, roles) VALUES ('U10', 'SE2321000016-9001', 'Cecilia Central', '{technician,storeAdmin}') ON CONFLICT DO NOTHING;
          INSERT INTO user_service_point (user_id, service_point_id) VALUES ('U10', '10001') ON CONFLICT DO NOTHING;`);
      });
      const mallory = await workstation(OWN);
      const central = await workstation(CENTRAL);
      const p = await plain();
      const b = await bAid();
      const theirs = await one<{ id: string; individual_no: string }>("SELECT id, individual_no FROM individual WHERE scope_store_ids = ARRAY['10']::text[] ORDER BY id LIMIT 1");
      const snapshot = async () => ({
        balances: await rows("SELECT article_id, on_hand FROM stock_balance WHERE store_id = '10' ORDER BY article_id"),
        movements: (await rows("SELECT id FROM stock_movement WHERE store_id = '10'")).length,
        individual: await one('SELECT individual_no, store_id FROM individual WHERE id = $1', [theirs.id]),
        texts: (await rows('SELECT 1 FROM individual_text WHERE individual_id = $1', [theirs.id])).length,
        individualsIn10: (await rows("SELECT 1 FROM individual WHERE store_id = '10'")).length,
      });
      const before = await snapshot();

      const answer = await mallory.pushOk([
        mallory.mutation('stock.adjust', 'U1', args.adjust(p.id, CENTRAL, -50)),
        mallory.mutation('individual.register', 'U1', args.register(b.id, CENTRAL, newNo())),
        mallory.mutation('individual.addText', 'U1', args.addText(theirs.id, 'Jag var här')),
        mallory.mutation('individual.changeNumber', 'U1', args.changeNumber(theirs.id, newNo())),
        mallory.mutation('stock.adjust', 'U10', args.adjust(p.id, CENTRAL, -50)),
        mallory.mutation('stock.adjust', 'U10', args.adjust(p.id, OWN, -50)),
      ]);
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual([
        'forbidden-store',
        'forbidden-store',
        'unknown-individual',
        'unknown-individual',
        'forbidden-user',
        'forbidden-user',
      ]);
      // Its own users act only in its own store, whatever store the token's owner names.
      const fromCentral = await central.pushOk([central.mutation('stock.adjust', 'U1', args.adjust(p.id, OWN, 50))]);
      expect(fromCentral.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden-user' } });
      expect(await snapshot()).toEqual(before);

      // Reading: another client's id with its own token is refused, and its own feed has nothing of store 10.
      expect((await postJson(`${server.url}/sync/pull`, { ...VERSIONS, clientId: central.clientId, cursor: null, limit: 10 }, mallory.token)).status).toBe(403);
      const { changes } = await mallory.pullAll(null);
      // (Its refused mutations named that individual: the feed may say "not yours" (a delete), never more.)
      expect(changes.some((c) => c.table === 'individual' && c.id === theirs.id && c.op === 'upsert')).toBe(false);
      expect(changes.some((c) => c.table === 'individual' && c.row?.store_id === CENTRAL)).toBe(false);
      expect(changes.filter((c) => c.table === 'stock_movement').every((c) => c.row === null || c.row.store_id === OWN)).toBe(true);
      // Balances: its own, and the central store's availability (read-only: the writes above were refused).
      expect(changes.filter((c) => c.table === 'stock_balance').every((c) => c.row === null || c.row.store_id === OWN || c.row.store_id === CENTRAL)).toBe(true);
      expect(changes.some((c) => c.table === 'app_user' && c.id === 'U10')).toBe(false);
    });
  });

  describe('central changes land in the feed', () => {
    it('add-article, set-article-status, ship and move-delivery-date are transactional changes', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const run = (...argv: string[]) => runCentralCommand(server.db, argv);
      const added = await run('add-article', '99123', 'Rollator Testmodell', '--type', 'mainAid', '--tracked', '--b-aid', '--gtin', '07350000991234', '--price', '1499');
      expect(added).toEqual({ ok: true, value: 'Artikel 99123 Rollator Testmodell är tillagd i sortimentet.' });
      expect(await run('add-article', '99123', 'Igen')).toMatchObject({ ok: false, error: { code: 'duplicate-article-no' } });
      expect(await run('add-article', '99124', 'X', '--iso', '999999')).toMatchObject({ ok: false, error: { code: 'unknown-iso-code' } });
      expect(await run('set-article-status', '99123', 'gone')).toMatchObject({ ok: true });
      expect(await run('set-article-status', '99123', 'borta')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

      const orders = await rows<{ order_no: string }>("SELECT order_no FROM customer_order WHERE status = 'registered' ORDER BY order_no");
      expect(orders.map((o) => o.order_no)).toEqual(['26450001', '26450002', '26450003']);
      const lines = await rows<{ article_id: string; quantity: number; individual_id: string | null }>(
        "SELECT article_id, quantity, individual_id FROM customer_order_line WHERE order_id IN ('26450001', '26450002') ORDER BY order_id, line_no",
      );
      const before = await Promise.all(lines.map((l) => balance(OWN, l.article_id)));
      expect(await run('ship', '26450001')).toMatchObject({ ok: true });
      expect(await run('ship', '26450002')).toMatchObject({ ok: true });
      expect(await run('ship', '26450001')).toMatchObject({ ok: false, error: { code: 'order-not-shippable' } });
      expect(await run('ship', '99999999')).toMatchObject({ ok: false, error: { code: 'unknown-order' } });
      expect(await run('move-delivery-date', '26450003', '2026-11-20')).toMatchObject({ ok: true });
      expect(await run('move-delivery-date', '26450003', '2026-02-30')).toMatchObject({ ok: false, error: { code: 'invalid-date' } });
      expect(await run('move-delivery-date', '26450001', '2026-11-20')).toMatchObject({ ok: false, error: { code: 'order-not-movable' } });
      expect((await one<{ delivery_date: string }>("SELECT delivery_date FROM customer_order WHERE order_no = '26450003'")).delivery_date).toBe('2026-11-20');
      expect(await run('fly')).toMatchObject({ ok: false, error: { code: 'invalid-command' } });

      const { changes } = await ws.pullAll(cursor);
      const find = (table: string, id: string) => changes.find((c) => c.table === table && c.id === id);
      expect(find('article', 'A99123')?.row).toMatchObject({ article_no: '99123', article_status: 'gone', tracked_individually: 1, aid_category: 'B', price_ore: 149_900 });
      expect(find('article_gtin', '07350000991234')?.row).toEqual({ gtin: '07350000991234', article_id: 'A99123' });
      for (const [i, l] of lines.entries()) {
        expect(find('stock_balance', `${OWN}|${l.article_id}`)?.row).toMatchObject({ on_hand: before[i]! + l.quantity });
      }
      const arrived = lines.find((l) => l.individual_id !== null)!;
      expect(find('individual', arrived.individual_id!)?.row).toMatchObject({ store_id: OWN, status: 'inStore' });
      const received = changes.filter((c) => c.table === 'stock_movement');
      expect(received.map((c) => c.row?.reason)).toEqual(lines.map(() => 'goodsReceipt'));
      expect(received.every((c) => c.row?.store_id === OWN)).toBe(true);
      // Orders are replicated (schema version 2) to the ordering store: shipped, delivery date moved.
      expect(find('customer_order', '26450001')?.row).toMatchObject({ order_no: '26450001', store_id: OWN, from_store_id: CENTRAL, status: 'shipped', shipped_at: expect.any(String) });
      expect(find('customer_order', '26450002')?.row).toMatchObject({ status: 'shipped' });
      expect(find('customer_order', '26450003')?.row).toEqual({
        id: '26450003',
        order_no: '26450003',
        provisional_no: null,
        kind: 'replenishment',
        store_id: OWN,
        from_store_id: CENTRAL,
        supplier_id: expect.any(String),
        status: 'registered',
        delivery_date: '2026-11-20',
        created_at: expect.any(String),
        user_id: null,
        shipped_at: null,
        recipient_id: null,
        service_point_id: null,
        details: null,
      });
      expect((await rows("SELECT 1 FROM change_log WHERE table_name = 'customer_order' AND row_id = '26450003'")).length).toBe(1);
      // A fresh bootstrap of the ordering store brings the orders with their lines ("order_id|line_no").
      const boot = (await (await workstation()).pullAll(null)).changes;
      expect([...new Set(boot.filter((c) => c.table === 'customer_order').map((c) => c.id))].sort()).toEqual(['26450001', '26450002', '26450003']);
      const bootLines = boot.filter((c) => c.table === 'customer_order_line');
      expect(bootLines.map((c) => c.id)).toEqual(expect.arrayContaining(['26450001|1', '26450001|2', '26450002|1', '26450003|1']));
      expect(bootLines.find((c) => c.id === '26450002|1')?.row).toEqual({
        order_id: '26450002',
        line_no: 1,
        article_id: arrived.article_id,
        quantity: 1,
        individual_id: arrived.individual_id,
        status: 'shipped',
        route: 'central',
        purchase_order_id: null,
        price_ore: expect.any(Number),
        payer_id: null,
        note: null,
      });
      // Lines come after their order in the feed's dependency order.
      const position = (id: string, table: string) => boot.findIndex((c) => c.table === table && c.id === id);
      expect(position('26450001', 'customer_order')).toBeLessThan(position('26450001|1', 'customer_order_line'));
      // Another store (here the sending one) sees none of them.
      const other = (await (await workstation(CENTRAL)).pullAll(null)).changes;
      expect(other.length).toBeGreaterThan(0);
      expect(other.some((c) => c.table === 'customer_order' || c.table === 'customer_order_line')).toBe(false);
      expect(await balance(CENTRAL, lines[0]!.article_id)).toBe(await ledgerSum(CENTRAL, lines[0]!.article_id));
    });
  });
});

/** Parents pulled forward appear twice in a bootstrap (early, and at their own place). */
function pullForwarded(pages: readonly PullResponse[]): number {
  const seen = new Set<string>();
  let twice = 0;
  for (const c of pages.flatMap((p) => p.changes)) {
    const key = `${c.table}|${c.id}`;
    if (seen.has(key)) twice++;
    seen.add(key);
  }
  return twice;
}
