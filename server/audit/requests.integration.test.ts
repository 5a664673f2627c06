import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';
import { idRanges, REQUEST_AUDIT_ACTION } from './requests';

/**
 * Issue 10, item 11: every request that changes data leaves one entry in the append-only
 * audit_log — who (client id, store), which route, the answer's status, for a push its mutation
 * ids and outcome counts — never a body, a token or personal data. The push's per-mutation
 * entries stay the batch's own (one per applied mutation, with its mutation id).
 */

interface Entry {
  seq: number;
  user_id: string | null;
  client_id: string | null;
  mutation_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  details: Record<string, unknown>;
}

describe('idRanges', () => {
  it('folds consecutive ids', () => {
    expect(idRanges([])).toEqual([]);
    expect(idRanges([3, 1, 2, 2, 7, 9, 8, 11])).toEqual([
      [1, 3],
      [7, 9],
      [11, 11],
    ]);
  });
});

describe.each(BACKENDS)('request audit on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let clients = 0;
  const OWN = '50301';
  const ADMIN_TOKEN = 'audit-test-admin-token-0123456789';

  beforeAll(async () => {
    backend = await testBackend(kind);
    // Registration stays limited (a generous limit): the 429 case below needs it.
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, adminToken: ADMIN_TOKEN, rateLimits: { register: { max: 40, timeWindowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const newId = () => `ws-audit-${kind}-${++clients}-${randomUUID().slice(0, 8)}`;
  const headSeq = async () => Number((await server.db.query<{ s: number | null }>('SELECT max(seq) AS s FROM audit_log')).rows[0]!.s ?? 0);
  const entriesAfter = async (seq: number) =>
    (await server.db.query<Entry>('SELECT seq, user_id, client_id, mutation_id, action, entity, entity_id, details FROM audit_log WHERE seq > $1 ORDER BY seq', [seq])).rows;
  const requestEntries = async (seq: number) => (await entriesAfter(seq)).filter((e) => e.action === REQUEST_AUDIT_ACTION);
  const plainArticle = async () =>
    (await server.db.query<{ id: string }>("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') ORDER BY article_no LIMIT 1")).rows[0]!.id;

  it('a registration leaves an entry: route, client, store, status; no key, no token', async () => {
    const before = await headSeq();
    const ws = await TestClient.register(server.url, newId(), OWN);
    const entries = await requestEntries(before);
    expect(entries).toEqual([
      expect.objectContaining({ user_id: null, client_id: ws.clientId, mutation_id: null, entity: 'route', entity_id: 'POST /sync/register', details: { status: 200, storeId: OWN } }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(ws.token);
    expect(JSON.stringify(entries)).not.toContain('demo-enrolment-key');

    // A wrong enrolment key: refused, and recorded as refused.
    const wrong = newId();
    const before2 = await headSeq();
    expect((await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: wrong, storeId: OWN, enrolmentKey: 'gissning', name: 'x' })).status).toBe(401);
    expect(await requestEntries(before2)).toEqual([expect.objectContaining({ client_id: wrong, entity_id: 'POST /sync/register', details: { status: 401, storeId: OWN } })]);
    expect(JSON.stringify(await requestEntries(before2))).not.toContain('gissning');
  });

  it('a push leaves one request entry (ids, outcomes) beside the per-mutation entries, and no personal data', async () => {
    const ws = await TestClient.register(server.url, newId(), OWN);
    const articleId = await plainArticle();
    const before = await headSeq();
    const secretText = 'Brukaren Anna Andersson, 19121212-1212';
    const answer = await ws.pushOk([
      ws.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, 2, secretText)),
      ws.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, -1)),
      // Refused by the rules (an orderer may not adjust): still one request, now with a rejection.
      ws.mutation('stock.adjust', 'U4', args.adjust(articleId, OWN, 1)),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const entries = await entriesAfter(before);
    const request = entries.filter((e) => e.action === REQUEST_AUDIT_ACTION);
    expect(request).toEqual([
      expect.objectContaining({
        client_id: ws.clientId,
        mutation_id: null,
        entity_id: 'POST /sync/push',
        details: { status: 200, storeId: OWN, mutations: 3, mutationIds: [[1, 3]], outcomes: { applied: 2, rejected: 1 } },
      }),
    ]);
    // The batch's own entries: per applied mutation, with its id (not repeated by the request entry).
    const perMutation = entries.filter((e) => e.action !== REQUEST_AUDIT_ACTION);
    expect(perMutation.length).toBeGreaterThan(0);
    expect(new Set(perMutation.map((e) => e.mutation_id))).toEqual(new Set([1, 2]));
    expect(JSON.stringify(request)).not.toContain('Anna');
    expect(JSON.stringify(request)).not.toContain('19121212');
  });

  it('refused pushes leave entries too: an unknown token (no client), a token of another workstation (403)', async () => {
    const mine = await TestClient.register(server.url, newId(), OWN);
    const other = await TestClient.register(server.url, newId(), OWN);
    const before = await headSeq();
    const unknown = await postJson(`${server.url}/sync/push`, { ...VERSIONS, clientId: mine.clientId, mutations: [] }, 'B'.repeat(43));
    expect(unknown.status).toBe(401);
    const foreign = await postJson(`${server.url}/sync/push`, { ...VERSIONS, clientId: mine.clientId, mutations: [mine.mutation('stock.adjust', 'U1', args.adjust(await plainArticle(), OWN, 1))] }, other.token);
    expect(foreign.status).toBe(403);
    const bad = await postJson(`${server.url}/sync/push`, '{"protocolVersion":', other.token);
    expect(bad.status).toBe(400);
    expect(await requestEntries(before)).toEqual([
      expect.objectContaining({ client_id: null, entity_id: 'POST /sync/push', details: { status: 401 } }),
      expect.objectContaining({ client_id: other.clientId, entity_id: 'POST /sync/push', details: { status: 403, storeId: OWN } }),
      // Unreadable JSON never reaches the handler: the route and the status are all there is.
      expect.objectContaining({ client_id: null, entity_id: 'POST /sync/push', details: { status: 400 } }),
    ]);
  });

  it('an individual-number block and an admin command are recorded; a pull, /health and a 429 are not', async () => {
    const ws = await TestClient.register(server.url, newId(), OWN);
    const before = await headSeq();
    expect((await ws.pull(null, 5)).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await postJson(`${server.url}/sync/individual-number-block`, { ...VERSIONS, clientId: ws.clientId }, ws.token)).status).toBe(200);
    expect((await postJson(`${server.url}/admin/command`, { argv: ['orders'] }, ADMIN_TOKEN)).status).toBe(200);
    expect(await requestEntries(before)).toEqual([
      expect.objectContaining({ client_id: ws.clientId, entity_id: 'POST /sync/individual-number-block', details: { status: 200, storeId: OWN } }),
      expect.objectContaining({ user_id: 'central', client_id: null, entity_id: 'POST /admin/command', details: { status: 200, command: 'orders' } }),
    ]);

    // Registration floods stop at the limit and write nothing once limited.
    let limited = 0;
    for (let i = 0; i < 60 && limited === 0; i++) {
      const answer = await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: newId(), storeId: OWN, enrolmentKey: 'gissning', name: 'x' });
      if (answer.status === 429) limited++;
    }
    expect(limited).toBe(1);
    const after = await headSeq();
    expect((await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: newId(), storeId: OWN, enrolmentKey: 'gissning', name: 'x' })).status).toBe(429);
    expect(await requestEntries(after)).toEqual([]);
  });
});
