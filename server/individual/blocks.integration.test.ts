import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDIVIDUAL_NO_BLOCK_FIRST, INDIVIDUAL_NO_BLOCK_SIZE, type IndividualNoBlockResponse } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';

/** POST /sync/individual-number-block: disjoint blocks, a cap on untouched ones, the usual refusals. */
describe.each(BACKENDS)('individual number blocks on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let clients = 0;

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const workstation = (storeId = '50301') => TestClient.register(server.url, `ws-blk-${kind}-${++clients}-${randomUUID().slice(0, 8)}`, storeId);
  const ask = (ws: TestClient, body: Record<string, unknown> = {}, token = ws.token) =>
    postJson<IndividualNoBlockResponse & { error?: { code: string; message: string } }>(
      `${server.url}/sync/individual-number-block`,
      { ...VERSIONS, clientId: ws.clientId, ...body },
      token,
    );

  it('gives concurrent clients disjoint blocks of 7-digit numbers from 9 000 000, each in its store feed', async () => {
    const stations = await Promise.all(Array.from({ length: 4 }, () => workstation()));
    const answers = await Promise.all(stations.map((ws) => ask(ws)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const blocks = answers.map((a) => a.body.allocated!);
    for (const b of blocks) {
      expect(b.lastNo - b.firstNo + 1).toBe(INDIVIDUAL_NO_BLOCK_SIZE);
      expect(b.firstNo).toBeGreaterThanOrEqual(INDIVIDUAL_NO_BLOCK_FIRST);
      expect(String(b.firstNo)).toMatch(/^9[0-9]{6}$/);
    }
    const sorted = [...blocks].sort((a, b) => a.firstNo - b.firstNo);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.firstNo).toBeGreaterThan(sorted[i - 1]!.lastNo);
    const { changes } = await stations[0]!.pullAll(null);
    const rows = changes.filter((c) => c.table === 'individual_no_block').map((c) => c.row);
    expect(rows).toEqual(expect.arrayContaining(blocks.map((b) => expect.objectContaining({ id: b.id, first_no: b.firstNo, last_no: b.lastNo, store_id: '50301' }))));
  });

  it('holds at most two untouched blocks per client; using a number lets it have another', async () => {
    const ws = await workstation();
    const first = await ask(ws);
    const second = await ask(ws, { storeId: '50301' });
    const third = await ask(ws);
    expect(first.body.allocated).not.toBeNull();
    expect(second.body.allocated).not.toBeNull();
    expect(third.status).toBe(200);
    expect(third.body.allocated).toBeNull();
    expect(third.body.blocks.map((b) => b.id)).toEqual([first.body.allocated!.id, second.body.allocated!.id]);

    // A number of the first block used on the workstation, pushed: the block is no longer untouched.
    const article = (await server.db.query<{ id: string }>("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1")).rows[0]!;
    const used = String(first.body.allocated!.firstNo);
    expect((await ws.pushOk([ws.mutation('individual.register', 'U2', args.register(article.id, '50301', used))])).results[0]!.status).toBe('applied');
    const fourth = await ask(ws);
    expect(fourth.body.allocated).not.toBeNull();
    expect(fourth.body.blocks.find((b) => b.id === first.body.allocated!.id)?.taken).toBe(1);
  });

  it('skips a range that holds a number some individual already has', async () => {
    const ws = await workstation();
    const probe = await ask(ws);
    const next = probe.body.allocated!.lastNo + 1;
    const article = (await server.db.query<{ id: string }>("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1")).rows[0]!;
    // A pre-printed label in the next range, registered by another workstation.
    const other = await workstation();
    await other.pushOk([other.mutation('individual.register', 'U2', args.register(article.id, '50301', String(next + 17)))]);
    const block = (await ask(ws)).body.allocated!;
    expect(block.firstNo).toBeGreaterThan(next + 17);
  });

  it('refuses an unknown client (401), another client id (403), another store (403), a bad body (400) and an old version (400)', async () => {
    const ws = await workstation();
    const unknown = await ask(ws, {}, 'no-such-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('inte registrerad') });
    const other = await workstation();
    expect((await ask(ws, { clientId: other.clientId })).status).toBe(403);
    const store = await ask(ws, { storeId: '10' });
    expect(store.status).toBe(403);
    expect(store.body.error?.message).toContain('lager 50301');
    expect((await ask(ws, { count: 5 })).status).toBe(400);
    expect((await ask(ws, { schemaVersion: 1 })).body.error?.code).toBe('version-not-supported');
    // Nothing was allocated by the refused requests.
    expect((await server.db.query('SELECT 1 FROM individual_no_block WHERE client_id = $1', [ws.clientId])).rows).toHaveLength(0);
  });
});
