import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../shared/sync/protocol';
import { buildApp, openCentralDb, type AppOptions, type CentralDb } from '../app';
import { SMALL_REGION } from '../../tests/helpers/databases';
import { postJson, VERSIONS } from '../../tests/helpers/protocol-client';
import { openApiDocument } from '../openapi';
import { HSTS_MAX_AGE_SECONDS } from './headers';
import { loginRateLimit, rateLimitsOf, type RateLimits } from './rate-limit';
import { registeredRoutes } from './routes';
import { PUSH_BODY_LIMIT } from '../sync/routes';

/**
 * Issue 10, item 11: security headers on every answer, and rate limits on registration (and, for
 * the lead's `/auth/*` routes, on login) over real HTTP. PGlite only: nothing here depends on the
 * database engine (the route-by-route and audit suites run on both).
 */

const KEY = 'demo-enrolment-key';

describe('security headers and rate limits of the central server', () => {
  let central: CentralDb;
  const apps: FastifyInstance[] = [];
  const logged: string[] = [];

  /** A server with these limits, plus a login-like route using the helper the `/auth/*` routes use. */
  async function serve(rateLimits: Partial<RateLimits>, extra: Partial<AppOptions> = {}): Promise<string> {
    const app = await buildApp({ db: central.db, epoch: central.epoch, enrolmentKey: KEY, rateLimits, onError: (m) => logged.push(m), ...extra });
    const limits = rateLimitsOf(rateLimits);
    app.post('/auth/test-sith', { config: { ...loginRateLimit(limits) } }, async () => ({ ok: true }));
    app.post('/auth/test-password', { config: { ...loginRateLimit(limits, { accountOf: (r) => (r.body as { user?: string } | null)?.user }) } }, async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  const register = (url: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    postJson<unknown>(`${url}/sync/register`, { ...VERSIONS, clientId: `ws-limit-${randomUUID().slice(0, 8)}`, storeId: '50301', enrolmentKey: 'gissning', name: 'x', ...extra }, undefined, headers);

  beforeAll(async () => {
    central = await openCentralDb({ db: 'pglite', demo: SMALL_REGION });
  });
  afterAll(async () => {
    for (const app of apps) {
      // Kept-alive test connections would hold close() up until they time out.
      app.server.closeAllConnections();
      await app.close();
    }
    await central?.close();
  });

  const expectSecurityHeaders = (headers: Headers, what: string) => {
    expect(headers.get('content-security-policy'), what).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers.get('strict-transport-security'), what).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
    expect(headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(headers.get('x-frame-options'), what).toBe('DENY');
    expect(headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
    expect(headers.get('x-powered-by'), what).toBeNull();
  };

  it('sends the security headers on every kind of answer: 200, 404, 400, 401, 413 and 429', async () => {
    const url = await serve({ register: { max: 1, timeWindowMs: 60_000 } });
    const answers: [string, Response][] = [
      ['GET /health', await fetch(`${url}/health`)],
      ['GET /openapi.json', await fetch(`${url}/openapi.json`)],
      ['GET /finns-inte', await fetch(`${url}/finns-inte`)],
      ['broken JSON', await fetch(`${url}/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })],
      ['no token', await fetch(`${url}/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...VERSIONS, clientId: 'ws-x-12345678', cursor: null, limit: 1 }) })],
      ['too large', await fetch(`${url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(PUSH_BODY_LIMIT + 10) }) })],
    ];
    const body = JSON.stringify({ ...VERSIONS, clientId: 'ws-h-12345678', storeId: '50301', enrolmentKey: 'fel', name: 'x' });
    answers.push(['wrong key', await fetch(`${url}/sync/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })]);
    answers.push(['rate-limited', await fetch(`${url}/sync/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })]);
    expect(answers.map(([what, r]) => `${what}: ${r.status}`)).toEqual([
      'GET /health: 200',
      'GET /openapi.json: 200',
      'GET /finns-inte: 404',
      'broken JSON: 400',
      'no token: 401',
      'too large: 413',
      'wrong key: 401',
      'rate-limited: 429',
    ]);
    for (const [what, response] of answers) expectSecurityHeaders(response.headers, what);
  });

  it('limits registration per address: after max attempts a 429 in the error shape with Retry-After, even with the right key; never a 5xx', async () => {
    const url = await serve({ register: { max: 3, timeWindowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await register(url)).status).toBe(401);
    const limited = await fetch(`${url}/sync/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...VERSIONS, clientId: 'ws-limit-right-key', storeId: '50301', enrolmentKey: KEY, name: 'x' }),
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = SyncError.parse(await limited.json());
    expect(body.error.code).toBe('rate-limited');
    expect(body.error.message).toMatch(/^För många försök från den här adressen\. Vänta \d+ sekund(er)? och försök igen\.$/);
    // The right key was not even looked at: no workstation registered.
    expect((await central.db.query("SELECT 1 FROM sync_client WHERE client_id = 'ws-limit-right-key'")).rows).toEqual([]);
    // Other routes are not limited (workstations behind one NAT address push and pull freely).
    for (let i = 0; i < 15; i++) expect((await postJson(`${url}/sync/pull`, { ...VERSIONS, clientId: 'ws-x-12345678', cursor: null, limit: 1 }, 'A'.repeat(43))).status).toBe(401);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(logged).toEqual([]);
  });

  it('counts again after the window', async () => {
    const url = await serve({ register: { max: 1, timeWindowMs: 600 } });
    expect((await register(url)).status).toBe(401);
    expect((await register(url)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 700));
    expect((await register(url)).status).toBe(401);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted; behind a trusted proxy each client address counts on its own', async () => {
    const direct = await serve({ register: { max: 1, timeWindowMs: 60_000 } });
    expect((await register(direct, {}, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(401);
    // A spoofed header does not give a fresh counter.
    expect((await register(direct, {}, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(429);

    const proxied = await serve({ register: { max: 1, timeWindowMs: 60_000 } }, { trustProxy: ['127.0.0.1'] });
    expect((await register(proxied, {}, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(401);
    expect((await register(proxied, {}, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(429);
    expect((await register(proxied, {}, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(401);
  });

  it('loginRateLimit: per address, or per address and account when the route names the account; off when configured off', async () => {
    const url = await serve({ login: { max: 2, timeWindowMs: 60_000 } });
    const login = (path: string, user?: string) => postJson<unknown>(`${url}${path}`, user === undefined ? {} : { user });
    expect((await login('/auth/test-sith')).status).toBe(200);
    expect((await login('/auth/test-sith')).status).toBe(200);
    const limited = await login('/auth/test-sith');
    expect(limited.status).toBe(429);
    expect(SyncError.parse(limited.body).error.code).toBe('rate-limited');

    expect((await login('/auth/test-password', 'lena')).status).toBe(200);
    expect((await login('/auth/test-password', 'LENA')).status).toBe(200);
    expect((await login('/auth/test-password', 'lena')).status).toBe(429);
    // Another account from the same address (a ward behind one NAT address) is not held up.
    expect((await login('/auth/test-password', 'ahmed')).status).toBe(200);

    const off = await serve({ login: false, register: false });
    for (let i = 0; i < 12; i++) expect((await postJson(`${off}/auth/test-sith`, {})).status).toBe(200);
    for (let i = 0; i < 12; i++) expect((await register(off)).status).toBe(401);
  });

  it('the OpenAPI document describes every route (but itself and the admin CLI route) and the 429 of registration', async () => {
    const app = await buildApp({ db: central.db, epoch: central.epoch, adminToken: 'x'.repeat(32) });
    apps.push(app);
    await app.ready();
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const served = registeredRoutes(app).filter((r) => r !== 'GET /openapi.json' && r !== 'POST /admin/command');
    expect(documented.sort()).toEqual(served.sort());
    expect(doc.paths['/sync/register']!.post!.responses['429']!.headers).toHaveProperty('Retry-After');
  });
});
