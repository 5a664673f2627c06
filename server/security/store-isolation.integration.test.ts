import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError, type Change } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { issueSithsGrant, userOfSession } from '../session/sessions';
import { registeredRoutes } from './routes';

/**
 * Issue 10, item 11: per-store authorization on every route. A workstation's bearer token is
 * scoped to its store; with store B's token nothing of store A can be read or written. The test
 * goes over every route the server registers (server/security/routes.ts records them): a route
 * without a case here, or not listed as public, fails the first test.
 *
 * Store A is the demo buffer store 50301 (its staff U1–U4), store B the central store 10, given a
 * store admin of its own here (UB1) so that B's refusals are the rules' store checks, not a user
 * without rights.
 */

/** Answer anyone, hold no store data. */
const PUBLIC_ROUTES = ['GET /health', 'GET /openapi.json'];

const A = '50301';
const B = '10';
const ADMIN_TOKEN = 'isolation-test-admin-token-0123456789';

describe.each(BACKENDS)('per-store authorization on every route, on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let wsA: TestClient;
  let wsB: TestClient;
  /** Rows only store A has: created through A's workstation in beforeAll. */
  const aRows = { individualId: '', individualNo: '', movementId: '', stocktakeId: '', levelId: '' };
  let plainArticle = '';
  let clients = 0;

  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await server.db.query<T>(sql, params)).rows;
  const newClientId = (store: string) => `ws-iso-${kind}-${store}-${++clients}-${randomUUID().slice(0, 8)}`;
  const balance = async (storeId: string, articleId: string) =>
    (await rows<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [storeId, articleId]))[0]?.on_hand ?? 0;
  const headSeq = async () => Number((await rows<{ s: number | null }>('SELECT max(seq) AS s FROM change_log'))[0]!.s ?? 0);

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS, adminToken: ADMIN_TOKEN });
    await server.db.query("INSERT INTO service_point (id, name, store_id) VALUES ('SP-B', 'Centrallagrets expedition', $1)", [B]);
    await server.db.query("INSERT INTO app_user (id, hsa_id, name, roles) VALUES ('UB1', 'SE2321000016-9001', 'Berit Centrallager', ARRAY['technician','storeAdmin'])");
    await server.db.query("INSERT INTO user_service_point (user_id, service_point_id) VALUES ('UB1', 'SP-B')");

    wsA = await TestClient.register(server.url, newClientId(A), A);
    wsB = await TestClient.register(server.url, newClientId(B), B);
    plainArticle = (await rows<{ id: string }>("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 1"))[0]!.id;
    const bAid = (await rows<{ id: string }>("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1"))[0]!.id;

    aRows.individualNo = `ISO${kind.toUpperCase()}${Date.now().toString(36).toUpperCase()}`;
    const register = args.register(bAid, A, aRows.individualNo, 'Rollator till hemsjukvården');
    aRows.individualId = register.individualId;
    const adjust = args.adjust(plainArticle, A, 4);
    aRows.movementId = adjust.movementId;
    aRows.stocktakeId = randomUUID();
    aRows.levelId = randomUUID();
    const answer = await wsA.pushOk([
      wsA.mutation('individual.register', 'U1', register),
      wsA.mutation('stock.adjust', 'U1', adjust),
      wsA.mutation('stocktake.create', 'U1', {
        stocktakeId: aRows.stocktakeId,
        storeId: A,
        name: 'Höstinventering',
        scope: { isoCodes: [], articleTypes: ['accessory'], locations: [] },
        zones: [],
        blind: false,
      }),
      wsA.mutation('stock.setLevel', 'U1', { levelId: aRows.levelId, storeId: A, articleId: plainArticle, minLevel: 1, maxLevel: 5 }),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  /** One test per route that holds or changes store data; each proves B's token gets nothing of A. */
  const cases: Record<string, () => Promise<void>> = {
    'POST /sync/register': async () => {
      // B's token does not register A's workstation again (take it over), and no workstation moves to another store.
      const takeover = await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: wsA.clientId, storeId: A, enrolmentKey: 'demo-enrolment-key', name: 'x', currentToken: wsB.token });
      expect(takeover.status).toBe(403);
      expect(SyncError.parse(takeover.body).error.code).toBe('forbidden');
      const move = await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: wsB.clientId, storeId: A, enrolmentKey: 'demo-enrolment-key', name: 'x', currentToken: wsB.token });
      expect(move.status).toBe(403);
      expect(SyncError.parse(move.body).error.message).toContain(`lager ${B}`);
      expect((await rows<{ store_id: string }>('SELECT store_id FROM sync_client WHERE client_id = $1', [wsB.clientId]))[0]!.store_id).toBe(B);
      // Both tokens still work, each for its own store.
      expect((await wsA.pull(null, 1)).status).toBe(200);
      expect((await wsB.pull(null, 1)).status).toBe(200);
    },

    'POST /sync/push': async () => {
      const beforeA = await balance(A, plainArticle);
      const beforeSeq = await headSeq();
      const levelB = randomUUID();
      // With A's client id: refused as a whole.
      const foreign = await postJson(`${server.url}/sync/push`, { ...VERSIONS, clientId: wsA.clientId, mutations: [wsA.mutation('stock.adjust', 'U1', args.adjust(plainArticle, A, 1))] }, wsB.token);
      expect(foreign.status).toBe(403);
      expect(SyncError.parse(foreign.body).error.code).toBe('forbidden');

      // With its own client id, naming A's rows: each refused by the shared rules.
      const answer = await wsB.pushOk([
        wsB.mutation('stock.adjust', 'UB1', args.adjust(plainArticle, A, 50)),
        wsB.mutation('stock.setLevel', 'UB1', { levelId: levelB, storeId: A, articleId: plainArticle, minLevel: 0, maxLevel: 100 }),
        wsB.mutation('individual.addText', 'UB1', args.addText(aRows.individualId, 'Skriven från fel lager')),
        wsB.mutation('individual.changeNumber', 'UB1', args.changeNumber(aRows.individualId, `${aRows.individualNo}X`)),
        wsB.mutation('stocktake.create', 'UB1', {
          stocktakeId: randomUUID(),
          storeId: A,
          name: 'Fel lager',
          scope: { isoCodes: [], articleTypes: ['sparePart'], locations: [] },
          zones: [],
          blind: false,
        }),
        // A's staff through B's workstation: not a user of B's store.
        wsB.mutation('stock.adjust', 'U1', args.adjust(plainArticle, A, 50)),
        // Control: B's own store is B's to change.
        wsB.mutation('stock.adjust', 'UB1', args.adjust(plainArticle, B, 2)),
      ]);
      const codes = answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status));
      // A's individual does not even exist as B's store sees it.
      expect(codes).toEqual(['forbidden-store', 'forbidden-store', 'unknown-individual', 'unknown-individual', 'forbidden-store', 'forbidden-user', 'applied']);

      // Nothing of A changed: balance, level, individual, texts; only B's adjustment reached the feed.
      expect(await balance(A, plainArticle)).toBe(beforeA);
      expect(await rows('SELECT id FROM stock_level WHERE id = $1', [levelB])).toEqual([]);
      expect(await rows('SELECT id, min_level, max_level FROM stock_level WHERE store_id = $1 AND article_id = $2 ORDER BY updated_at DESC LIMIT 1', [A, plainArticle])).toEqual([
        { id: aRows.levelId, min_level: 1, max_level: 5 },
      ]);
      expect(await rows('SELECT individual_no FROM individual WHERE id = $1', [aRows.individualId])).toEqual([{ individual_no: aRows.individualNo }]);
      expect(await rows("SELECT id FROM individual_text WHERE individual_id = $1 AND text = 'Skriven från fel lager'", [aRows.individualId])).toEqual([]);
      expect(await rows("SELECT id FROM stocktake WHERE name = 'Fel lager'")).toEqual([]);
      const newScopes = await rows<{ scope: string }>('SELECT DISTINCT scope FROM change_log WHERE seq > $1', [beforeSeq]);
      expect(newScopes.map((r) => r.scope).sort()).toEqual(['*', B]);
      // B is the central store: its balance goes to the region as availability (docs/decisions/0021), nothing else does.
      expect(await rows("SELECT table_name, row_id FROM change_log WHERE seq > $1 AND scope = '*'", [beforeSeq])).toEqual([{ table_name: 'stock_balance', row_id: `${B}|${plainArticle}` }]);
    },

    'POST /sync/pull': async () => {
      // B's own feed from the start: nothing in it belongs only to A.
      const feedB = await wsB.pullAll(null);
      const ids = (changes: Change[], table: string) => new Set(changes.filter((c) => c.table === table).map((c) => c.id));
      expect(ids(feedB.changes, 'individual').has(aRows.individualId)).toBe(false);
      expect(ids(feedB.changes, 'stock_movement').has(aRows.movementId)).toBe(false);
      expect(ids(feedB.changes, 'stocktake').has(aRows.stocktakeId)).toBe(false);
      expect(ids(feedB.changes, 'stock_level').has(aRows.levelId)).toBe(false);
      // Every row of B's feed is in the region's or B's scope.
      const visible = new Set((await rows<{ k: string }>("SELECT DISTINCT table_name || '|' || row_id AS k FROM change_log WHERE scope IN ('*', $1)", [B])).map((r) => r.k));
      const outside = feedB.changes.filter((c) => !visible.has(`${c.table}|${c.id}`)).map((c) => `${c.table}|${c.id}`);
      expect(outside).toEqual([]);
      // Store rows (not the region's, such as service points) with a store column are B's (individuals: held by B now or earlier).
      const region = new Set((await rows<{ k: string }>("SELECT table_name || '|' || row_id AS k FROM change_log WHERE scope = '*'")).map((r) => r.k));
      for (const c of feedB.changes) {
        if (c.op !== 'upsert' || !c.row || !('store_id' in c.row) || c.table === 'individual' || region.has(`${c.table}|${c.id}`)) continue;
        expect([B, null], `${c.table} ${c.id}`).toContain(c.row.store_id);
      }
      const onlyA = await rows<{ id: string }>('SELECT id FROM individual WHERE NOT ($1 = ANY(scope_store_ids))', [B]);
      expect(onlyA.length).toBeGreaterThan(0);
      const bIndividuals = ids(feedB.changes, 'individual');
      expect(onlyA.filter((r) => bIndividuals.has(r.id))).toEqual([]);

      // Control: A's own feed has them.
      const feedA = await wsA.pullAll(null);
      expect(ids(feedA.changes, 'individual').has(aRows.individualId)).toBe(true);
      expect(ids(feedA.changes, 'stocktake').has(aRows.stocktakeId)).toBe(true);

      // A's client id with B's token, and A's cursor with B's token: refused.
      const foreign = await postJson(`${server.url}/sync/pull`, { ...VERSIONS, clientId: wsA.clientId, cursor: null, limit: 10 }, wsB.token);
      expect(foreign.status).toBe(403);
      const borrowedCursor = await wsB.pull(feedA.cursor, 10);
      expect(borrowedCursor.status).toBe(409);
      expect(SyncError.parse(borrowedCursor.body).error.code).toBe('resync-required');
    },

    'POST /sync/individual-number-block': async () => {
      const url = `${server.url}/sync/individual-number-block`;
      const otherStore = await postJson(url, { ...VERSIONS, clientId: wsB.clientId, storeId: A }, wsB.token);
      expect(otherStore.status).toBe(403);
      expect(SyncError.parse(otherStore.body).error.message).toContain(`registrerad för lager ${B}, inte ${A}`);
      const otherClient = await postJson(url, { ...VERSIONS, clientId: wsA.clientId, storeId: A }, wsB.token);
      expect(otherClient.status).toBe(403);
      expect(await rows('SELECT 1 FROM individual_no_block WHERE store_id = $1 AND client_id = $2', [A, wsB.clientId])).toEqual([]);
      // Control: its own store's block.
      expect((await postJson(url, { ...VERSIONS, clientId: wsB.clientId, storeId: B }, wsB.token)).status).toBe(200);
    },

    'POST /cfr/lookup': async () => {
      const url = `${server.url}/cfr/lookup`;
      const person = (await rows<{ personal_number: string }>('SELECT personal_number FROM population_register WHERE resident AND NOT deceased LIMIT 1'))[0]!.personal_number;
      // A's user through B's workstation, and A's client id with B's token: refused, nothing answered.
      const foreignUser = await postJson(url, { clientId: wsB.clientId, userId: 'U1', personalNumber: person }, wsB.token);
      expect(foreignUser.status).toBe(403);
      expect(JSON.stringify(foreignUser.body)).not.toContain(person);
      expect((await postJson(url, { clientId: wsA.clientId, userId: 'U1', personalNumber: person }, wsB.token)).status).toBe(403);
      expect((await postJson(url, { clientId: wsB.clientId, userId: 'UB1', personalNumber: person })).status).toBe(401);
      // Control: B's own user at B's workstation.
      expect((await postJson(url, { clientId: wsB.clientId, userId: 'UB1', personalNumber: person }, wsB.token)).status).toBe(200);
    },

    'POST /sync/audit': async () => {
      const url = `${server.url}/sync/audit`;
      // A's chain written with B's token: refused as a whole, nothing stored under A's client.
      const foreign = await postJson(url, { ...VERSIONS, clientId: wsA.clientId, after: 0, entries: [] }, wsB.token);
      expect(foreign.status).toBe(403);
      expect(await rows('SELECT 1 FROM workstation_audit WHERE client_id = $1', [wsA.clientId])).toEqual([]);
      // Control: B's own (empty) chain.
      expect((await postJson(url, { ...VERSIONS, clientId: wsB.clientId, after: 0, entries: [] }, wsB.token)).status).toBe(200);
    },

    'POST /auth/password': async () => {
      const url = `${server.url}/auth/password`;
      // A's staff through B's workstation: not a user of B's store (the same answer as a wrong password).
      const foreignUser = await postJson(url, { clientId: wsB.clientId, userId: 'U1', password: DEMO_PASSWORD }, wsB.token);
      expect(foreignUser.status).toBe(401);
      const foreignClient = await postJson(url, { clientId: wsA.clientId, userId: 'U1', password: DEMO_PASSWORD }, wsB.token);
      expect(foreignClient.status).toBe(403);
      expect(await rows("SELECT 1 FROM user_session WHERE client_id = $1", [wsB.clientId])).toEqual([]);
      // Control: A's workstation logs A's user in, the session bound to A's workstation.
      expect((await postJson(url, { clientId: wsA.clientId, userId: 'U1', password: DEMO_PASSWORD }, wsA.token)).status).toBe(200);
      expect(await rows('SELECT DISTINCT client_id FROM user_session WHERE user_id = $1', ['U1'])).toEqual([{ client_id: wsA.clientId }]);
    },

    'POST /auth/password/change': async () => {
      const url = `${server.url}/auth/password/change`;
      const before = await rows('SELECT password_hash FROM user_credential WHERE user_id = $1', ['U2']);
      expect((await postJson(url, { clientId: wsB.clientId, userId: 'U2', password: DEMO_PASSWORD, newPassword: 'Kapning2026' }, wsB.token)).status).toBe(401);
      expect((await postJson(url, { clientId: wsA.clientId, userId: 'U2', password: DEMO_PASSWORD, newPassword: 'Kapning2026' }, wsB.token)).status).toBe(403);
      expect(await rows('SELECT password_hash FROM user_credential WHERE user_id = $1', ['U2'])).toEqual(before);
    },

    'POST /auth/siths': async () => {
      // This server offers no SITHS login (no TLS): nothing is granted to anyone.
      const answer = await postJson(`${server.url}/auth/siths`, { clientId: wsA.clientId });
      expect(answer.status).toBe(404);
      expect(await rows('SELECT 1 FROM siths_grant WHERE client_id = $1', [wsA.clientId])).toEqual([]);
    },

    'OPTIONS /auth/siths': async () => {
      const foreign = await fetch(`${server.url}/auth/siths`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      const app = await fetch(`${server.url}/auth/siths`, { method: 'OPTIONS', headers: { origin: 'app://buffert' } });
      expect(app.status).toBe(204);
      expect(await app.text()).toBe('');
    },

    'POST /auth/siths/redeem': async () => {
      const granted = await issueSithsGrant(server.db, 'SE2321000016-1001', wsA.clientId);
      if (!('grant' in granted)) throw new Error('no grant');
      const url = `${server.url}/auth/siths/redeem`;
      expect((await postJson(url, { clientId: wsB.clientId, grant: granted.grant }, wsB.token)).status).toBe(401);
      expect((await postJson(url, { clientId: wsA.clientId, grant: granted.grant }, wsB.token)).status).toBe(403);
      expect(await rows('SELECT 1 FROM user_session WHERE client_id = $1', [wsB.clientId])).toEqual([]);
    },

    'POST /auth/logout': async () => {
      const login = await postJson<{ session: { token: string } }>(`${server.url}/auth/password`, { clientId: wsA.clientId, userId: 'U1', password: DEMO_PASSWORD }, wsA.token);
      const token = (login.body as { session: { token: string } }).session.token;
      expect((await postJson(`${server.url}/auth/logout`, { clientId: wsB.clientId, sessionToken: token }, wsB.token)).status).toBe(200);
      expect((await postJson(`${server.url}/auth/logout`, { clientId: wsA.clientId, sessionToken: token }, wsB.token)).status).toBe(403);
      expect(await userOfSession(server.db, wsA.clientId, token)).toBe('U1');
    },

    'POST /admin/command': async () => {
      // The region's operators' route (admin token, region-wide by design); a workstation's token is no admin token.
      const asWorkstation = await postJson(`${server.url}/admin/command`, { argv: ['reset-client', wsA.clientId] }, wsB.token);
      expect(asWorkstation.status).toBe(401);
      expect(await rows("SELECT 1 FROM audit_log WHERE action = 'sync-client.reset' AND entity_id = $1", [wsA.clientId])).toEqual([]);
      expect((await postJson(`${server.url}/admin/command`, { argv: ['orders'] }, ADMIN_TOKEN)).status).toBe(200);
    },
  };

  it('every route the server registers is public or has a cross-store case below', () => {
    const routes = registeredRoutes(server.app);
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.length);
    expect([...routes].sort()).toEqual([...PUBLIC_ROUTES, ...Object.keys(cases)].sort());
  });

  it.each(Object.keys(cases))("%s: store B's workstation can neither read nor write store A's data", async (route) => {
    await cases[route]!();
  });

  it('public routes hold no store data', async () => {
    for (const route of PUBLIC_ROUTES) {
      const [, path] = route.split(' ');
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(aRows.individualNo);
      expect(text).not.toContain(A);
    }
  });
});
