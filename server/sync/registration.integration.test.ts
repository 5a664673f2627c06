import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../shared/sync/protocol';
import { runCentralCommand } from '../admin/commands';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { args, postJson, TestClient, VERSIONS } from '../../tests/helpers/protocol-client';

/**
 * Issue 7, item 3: the region's enrolment key alone cannot take a workstation over. Registering a
 * known client id again needs that client's current token, or an admin's reset-client; otherwise
 * anyone with the key could revoke the real workstation's token and push its next mutation ids
 * first (its real work then answered as replays and lost).
 */
describe.each(BACKENDS)('registering a known workstation again on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let clients = 0;
  const OWN = '50301';
  const KEY = 'demo-enrolment-key';

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, enrolmentKey: KEY, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await server.db.query<T>(sql, params)).rows;
  const newId = () => `ws-reg-${kind}-${++clients}-${randomUUID().slice(0, 8)}`;
  const register = (clientId: string, extra: Record<string, unknown> = {}) =>
    postJson<{ token: string } | SyncError>(`${server.url}/sync/register`, { ...VERSIONS, clientId, storeId: OWN, enrolmentKey: KEY, name: 'Förrådet', ...extra });
  const clientRow = async (clientId: string) =>
    (await rows<{ token_hash: string; last_mutation_id: number; name: string }>('SELECT token_hash, last_mutation_id, name FROM sync_client WHERE client_id = $1', [clientId]))[0]!;
  const plainArticle = async () =>
    (await rows<{ id: string }>("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') ORDER BY article_no LIMIT 1"))[0]!.id;
  const balance = async (articleId: string) =>
    (await rows<{ on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', [OWN, articleId]))[0]?.on_hand ?? 0;
  /** A workstation that has registered and used its token (pushed once). */
  const usedWorkstation = async () => {
    const ws = await TestClient.register(server.url, newId(), OWN, KEY);
    const answer = await ws.pushOk([ws.mutation('stock.adjust', 'U1', args.adjust(await plainArticle(), OWN, 1))]);
    expect(answer.results).toEqual([{ id: 1, status: 'applied' }]);
    return ws;
  };
  const expectTakeoverRefused = (answer: { status: number; body: unknown }, clientId: string) => {
    expect(answer.status).toBe(403);
    const body = SyncError.parse(answer.body);
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain(`Arbetsstationen ${clientId} är redan registrerad`);
    expect(body.error.message).toContain('Kontakta regionens support');
    expect(body.error.message).toContain(`reset-client ${clientId}`);
  };

  it('refuses a takeover with the enrolment key alone; the real workstation keeps its token and its next pushes are applied', async () => {
    const real = await usedWorkstation();
    const other = await usedWorkstation();
    const before = await clientRow(real.clientId);
    const articleId = await plainArticle();

    // With only the key, with a made-up token, with another workstation's valid token: all refused.
    expectTakeoverRefused(await register(real.clientId), real.clientId);
    expectTakeoverRefused(await register(real.clientId, { currentToken: randomBytes(32).toString('base64url'), name: 'Inkräktare' }), real.clientId);
    expectTakeoverRefused(await register(real.clientId, { currentToken: other.token }), real.clientId);
    // Several at once, racing the real workstation's own push.
    const racing = await Promise.all([register(real.clientId), register(real.clientId), real.push([real.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, 2))])]);
    for (const attempt of racing.slice(0, 2)) expectTakeoverRefused(attempt, real.clientId);
    expect(racing[2]).toMatchObject({ status: 200, body: { results: [{ id: 2, status: 'applied' }], lastMutationId: 2 } });

    // Nothing about the real workstation changed but its own push.
    expect(await clientRow(real.clientId)).toEqual({ ...before, last_mutation_id: 2 });
    const onHand = await balance(articleId);
    const next = await real.pushOk([real.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, 3)), real.mutation('stock.adjust', 'U1', args.adjust(articleId, OWN, -1))]);
    expect(next.results).toEqual([
      { id: 3, status: 'applied' },
      { id: 4, status: 'applied' },
    ]);
    expect(await balance(articleId)).toBe(onHand + 2);
    const pull = await real.pull(null, 1);
    expect(pull.status).toBe(200);
    expect(pull.body.lastMutationId).toBe(4);
  });

  it('registers a known client id again with its current token: a new token, the old one revoked, the place in the sequence kept', async () => {
    const ws = await usedWorkstation();
    const again = await register(ws.clientId, { currentToken: ws.token, name: 'Förrådet, ny dator' });
    expect(again.status).toBe(200);
    const renewed = Object.assign(new TestClient(server.url, ws.clientId, OWN), { token: (again.body as { token: string }).token });
    expect(renewed.token).not.toBe(ws.token);
    expect((await ws.pull(null, 1)).status).toBe(401);
    const pull = await renewed.pull(null, 1);
    expect(pull).toMatchObject({ status: 200, body: { lastMutationId: 1 } });
    expect((await clientRow(ws.clientId)).name).toBe('Förrådet, ny dator');
    // The revoked token no longer opens the door either.
    expectTakeoverRefused(await register(ws.clientId, { currentToken: ws.token }), ws.clientId);
    // The token never moves a workstation to another store.
    const moved = await register(ws.clientId, { currentToken: renewed.token, storeId: '10' });
    expect(moved.status).toBe(403);
    expect(SyncError.parse(moved.body).error.message).toContain(`lager ${OWN}`);
  });

  it('does not strand a workstation whose registration answer was lost: the key alone works until the issued token is first presented', async () => {
    const clientId = newId();
    const lost = await register(clientId);
    expect(lost.status).toBe(200);
    // The answer never arrived; the workstation, holding no token, registers again.
    const retry = await register(clientId);
    expect(retry.status).toBe(200);
    const token = (retry.body as { token: string }).token;
    const ws = Object.assign(new TestClient(server.url, clientId, OWN), { token });
    expect((await postJson(`${server.url}/sync/pull`, { ...VERSIONS, clientId, cursor: null, limit: 1 }, (lost.body as { token: string }).token)).status).toBe(401);
    expect((await ws.pull(null, 1)).status).toBe(200);
    // Presented once: from now on the key alone is refused.
    expectTakeoverRefused(await register(clientId), clientId);
    expect((await ws.pull(null, 1)).status).toBe(200);
  });

  it('after an admin reset-client the key alone registers the workstation again once; both steps are audit-logged', async () => {
    const ws = await usedWorkstation();
    const reset = await runCentralCommand(server.db, ['reset-client', ws.clientId]);
    expect(reset).toMatchObject({ ok: true, value: expect.stringContaining(`Arbetsstationen ${ws.clientId}`) });
    const audit = await rows<{ action: string; user_id: string; details: { storeId: string; lastMutationId: number } }>(
      "SELECT action, user_id, details FROM audit_log WHERE entity = 'sync_client' AND entity_id = $1 ORDER BY seq",
      [ws.clientId],
    );
    expect(audit).toEqual([{ action: 'sync-client.reset', user_id: 'central', details: expect.objectContaining({ storeId: OWN, lastMutationId: 1 }) }]);
    // Until the workstation registers again, its token keeps working.
    expect((await ws.pull(null, 1)).status).toBe(200);

    const again = await register(ws.clientId);
    expect(again.status).toBe(200);
    const renewed = Object.assign(new TestClient(server.url, ws.clientId, OWN), { token: (again.body as { token: string }).token });
    expect((await ws.pull(null, 1)).status).toBe(401);
    expect((await renewed.pull(null, 1)).body.lastMutationId).toBe(1);
    const second = { id: 2, name: 'stock.adjust' as const, userId: 'U1', args: args.adjust(await plainArticle(), OWN, 1), createdAt: new Date().toISOString() };
    expect((await renewed.pushOk([second])).results).toEqual([{ id: 2, status: 'applied' }]);
    expect(
      (await rows<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'sync_client' AND entity_id = $1 ORDER BY seq", [ws.clientId])).map((r) => r.action),
    ).toEqual(['sync-client.reset', 'sync-client.registerAfterReset']);

    // Once: the reset is spent.
    expectTakeoverRefused(await register(ws.clientId), ws.clientId);
  });

  it('a reset expires after a day and a reset of an unknown client id is refused', async () => {
    const ws = await usedWorkstation();
    expect(await runCentralCommand(server.db, ['reset-client', ws.clientId])).toMatchObject({ ok: true });
    await server.db.query("UPDATE sync_client SET reset_requested_at = now() - interval '25 hours' WHERE client_id = $1", [ws.clientId]);
    expectTakeoverRefused(await register(ws.clientId), ws.clientId);
    expect((await ws.pull(null, 1)).status).toBe(200);
    expect(await runCentralCommand(server.db, ['reset-client', 'ws-finns-inte-1234'])).toMatchObject({
      ok: false,
      error: { code: 'unknown-client', message: expect.stringContaining('ws-finns-inte-1234') },
    });
  });
});
