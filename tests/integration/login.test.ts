import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../electron/backend/api/dispatch';
import { openBackend, type Backend } from '../../electron/backend/backend';
import { contract, handlerNames, type HandlerSpec } from '../../shared/api/contract';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { ROLES } from '../../shared/domain/model';
import { hasAnyRole } from '../../shared/domain/mutation';
import { OFFLINE_MAX_FAILURES } from '../../shared/domain/session/rules';
import { startServer, type RunningServer } from '../../server/app';
import { setTemporaryPassword } from '../../server/session/sessions';
import { makeTempDir, tempBackend, TEST_REPLICA_KEY, type TempBackend } from '../helpers/backend';
import { NO_RATE_LIMITS } from '../helpers/databases';
import { createSithsPki, type SithsPki } from '../helpers/siths-pki';

/**
 * Issue 10: login on the workstation — offline with the cached credential and its lock-out, the
 * lock, roles refused in dispatch for every write, and online logins against a real central
 * (password, first-login change, deactivation, lock-out; SITHS over mutual TLS, offline PIN).
 */

const USERS = { admin: 'U1', technician: 'U2', prescriber: 'U3', orderer: 'U4' } as const;

describe('offline login and the lock', () => {
  let t: TempBackend;
  beforeAll(() => {
    t = tempBackend();
  });
  afterAll(() => t.cleanup());
  afterEach(() => dispatch(t.backend, 'session.logout', {}));

  it('the e2e page objects type the same demo password', () => {
    const pages = fs.readFileSync(path.join(import.meta.dirname, '../e2e/pages/index.ts'), 'utf8');
    expect(/export const DEMO_PASSWORD = '([^']+)'/.exec(pages)?.[1]).toBe(DEMO_PASSWORD);
  });

  it('logs in with the cached secret; a wrong one counts; the fifth in a row locks until an online login', () => {
    expect(dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { checked: 'offline' } });
    dispatch(t.backend, 'session.logout', {});
    for (let i = 1; i < OFFLINE_MAX_FAILURES; i++) {
      const wrong = dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: `fel${i}` });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
      if (!wrong.ok) expect(wrong.error.message).toMatch(`${OFFLINE_MAX_FAILURES - i} försök kvar`);
    }
    // A right secret in between resets the count.
    expect(dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: DEMO_PASSWORD }).ok).toBe(true);
    dispatch(t.backend, 'session.logout', {});
    for (let i = 1; i < OFFLINE_MAX_FAILURES; i++) dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: 'fel' });
    expect(dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: 'fel' })).toMatchObject({ ok: false, error: { code: 'offline-locked' } });
    expect(dispatch(t.backend, 'session.login', { userId: USERS.orderer, secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'offline-locked' } });
    expect(dispatch(t.backend, 'app.status', {})).toMatchObject({ ok: true, value: { user: null } });
    const screen = dispatch(t.backend, 'session.screen', {});
    expect(screen).toMatchObject({ ok: true, value: { users: expect.arrayContaining([expect.objectContaining({ id: USERS.orderer, offline: expect.objectContaining({ locked: true }) })]) } });
    // The count is in the replica: a restart does not reset it.
    const refusals = t.backend.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'login.refused' AND user_id = ?").pluck().get(USERS.orderer);
    expect(refusals).toBe(2 * (OFFLINE_MAX_FAILURES - 1) + 2);
  });

  it('an offline credential past its validity is refused; an unknown user too', () => {
    t.backend.context.db.prepare("UPDATE offline_credential SET valid_until = '2026-11-01T00:00:00.000Z' WHERE user_id = ?").run(USERS.technician);
    expect(dispatch(t.backend, 'session.login', { userId: USERS.technician, secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'offline-expired' } });
    expect(dispatch(t.backend, 'session.login', { userId: 'U999', secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unknown-user' } });
    t.backend.context.db.prepare("UPDATE offline_credential SET valid_until = '2036-01-01T00:00:00.000Z' WHERE user_id = ?").run(USERS.technician);
  });

  it('locked: everything but unlocking is refused and nothing is lost; another person unlocking logs the first out', () => {
    expect(dispatch(t.backend, 'session.login', { userId: USERS.admin, secret: DEMO_PASSWORD }).ok).toBe(true);
    const article = t.backend.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' LIMIT 1").pluck().get() as string;
    expect(dispatch(t.backend, 'stock.adjust', { articleId: article, quantity: 2, reason: 'Inventering' }).ok).toBe(true);
    const outbox = () => t.backend.context.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const queued = outbox();

    expect(dispatch(t.backend, 'session.lock', { reason: 'inactivity' }).ok).toBe(true);
    expect(dispatch(t.backend, 'app.status', {})).toMatchObject({ ok: true, value: { locked: true, user: { id: USERS.admin } } });
    expect(dispatch(t.backend, 'stock.balances', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(dispatch(t.backend, 'stock.adjust', { articleId: article, quantity: 1, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(dispatch(t.backend, 'session.unlock', { userId: USERS.admin, secret: 'fel1234' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(dispatch(t.backend, 'session.unlock', { userId: USERS.admin, secret: DEMO_PASSWORD }).ok).toBe(true);
    expect(dispatch(t.backend, 'stock.balances', {}).ok).toBe(true);

    dispatch(t.backend, 'session.lock', { reason: 'card-removed' });
    expect(dispatch(t.backend, 'session.unlock', { userId: USERS.technician, secret: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { user: { id: USERS.technician } } });
    expect(dispatch(t.backend, 'app.status', {})).toMatchObject({ ok: true, value: { locked: false, user: { id: USERS.technician } } });
    expect(outbox()).toBe(queued);
    const actions = t.backend.context.db.prepare('SELECT action FROM audit_log WHERE user_id = ? ORDER BY rowid DESC LIMIT 1').pluck().get(USERS.admin);
    expect(actions).toBe('logout.replaced');
    dispatch(t.backend, 'session.logout', {});
    expect(outbox()).toBe(queued);
  });

  it('every write handler declares its roles, and dispatch refuses a user without them before reading the input', () => {
    const specs = handlerNames.map((name) => [name, contract[name] as HandlerSpec] as const);
    for (const [name, spec] of specs) if (spec.write) expect(spec.roles, `${name} declares roles`).toBeDefined();
    const users = (dispatch(t.backend, 'session.screen', {}) as { ok: true; value: { users: { id: string; roles: string[] }[] } }).value.users;
    const changes = () => t.backend.context.db.prepare('SELECT total_changes()').pluck().get() as number;
    let checked = 0;
    for (const [name, spec] of specs) {
      if (!spec.roles) continue;
      const without = users.find((u) => u.id !== USERS.orderer && !hasAnyRole(u.roles as never, spec.roles!));
      const withRole = users.find((u) => u.id !== USERS.orderer && hasAnyRole(u.roles as never, spec.roles!));
      if (without) {
        expect(dispatch(t.backend, 'session.login', { userId: without.id, secret: DEMO_PASSWORD }).ok).toBe(true);
        const before = changes();
        expect(dispatch(t.backend, name, {}), `${name} as ${without.id}`).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
        expect(changes(), `${name} changed nothing`).toBe(before);
        checked++;
      }
      // The same call by someone with the role gets past the check (to the input's validation).
      expect(dispatch(t.backend, 'session.login', { userId: withRole!.id, secret: DEMO_PASSWORD }).ok).toBe(true);
      const allowed = dispatch(t.backend, name, {});
      if (!allowed.ok) expect(allowed.error.code, name).not.toBe('forbidden-role');
      dispatch(t.backend, 'session.logout', {});
    }
    // Every handler some role may not call was tried by someone without it.
    expect(checked).toBe(specs.filter(([, s]) => s.roles && s.roles.length < ROLES.length).length);
  });
});

describe('online login against central', () => {
  let pki: SithsPki;
  let server: RunningServer;
  let dir: string;
  let backend: Backend;

  const post = (url: string, body: unknown, client: Awaited<ReturnType<SithsPki['person']>>) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const target = new URL(url);
      const request = https.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', ca: pki.root.certPem, cert: client.certPem, key: client.keyPem, agent: false, headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString('utf8')));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    pki = await createSithsPki();
    dir = makeTempDir('buffert-login-');
    const files = pki.write(path.join(dir, 'pki'));
    server = await startServer({ db: 'pglite', demo: { articles: 40, individuals: 20, recipients: 5 }, tls: { cert: pki.server.certPem, key: pki.server.keyPem }, siths: { caFile: files.caFile, crlFiles: [files.crlFile] }, rateLimits: NO_RATE_LIMITS });
    backend = openBackend({
      replicaKey: TEST_REPLICA_KEY,
      dataDir: path.join(dir, 'ws'),
      centralUrl: server.url,
      storeId: '50301',
      sync: { autoStart: false, centralCa: pki.root.certPem, log: { error: () => undefined }, backoff: { baseMs: 10, maxMs: 50 } },
      login: { method: 'siths', sithsAvailable: true, offlineValidDays: 7 },
    });
    expect((await backend.context.sync!.syncNow()).ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    backend?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => dispatch(backend, 'session.logout', {}));

  it('a new workstation has no offline login; the online password login makes one for 7 days', async () => {
    expect(dispatch(backend, 'session.login', { userId: USERS.technician, secret: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'no-offline-login' } });
    const online = await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.technician, secret: DEMO_PASSWORD });
    expect(online).toMatchObject({ ok: true, value: { checked: 'central', user: { id: USERS.technician, roles: ['technician'] } } });
    const until = (online as { ok: true; value: { offlineValidUntil: string } }).value.offlineValidUntil;
    expect(new Date(until).getTime() - Date.now()).toBeGreaterThan(6.9 * 86400e3);
    dispatch(backend, 'session.logout', {});
    expect(dispatch(backend, 'session.login', { userId: USERS.technician, secret: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { checked: 'offline' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.technician, secret: 'fel1234x' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
  });

  it('a temporary password must be changed at the first login: weak ones are refused, the new one works offline too', async () => {
    await setTemporaryPassword(server.db, USERS.orderer, 'Tillfallig42');
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.orderer, secret: 'Tillfallig42' })).toMatchObject({ ok: false, error: { code: 'password-change-required' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.orderer, secret: 'Tillfallig42', newPassword: 'kort1' })).toMatchObject({ ok: false, error: { code: 'weak-password' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.orderer, secret: 'Tillfallig42', newPassword: 'baralangabokstaver' })).toMatchObject({ ok: false, error: { code: 'weak-password' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.orderer, secret: 'Tillfallig42', newPassword: 'Sommar2027' })).toMatchObject({ ok: true, value: { checked: 'central' } });
    dispatch(backend, 'session.logout', {});
    expect(dispatch(backend, 'session.login', { userId: USERS.orderer, secret: 'Sommar2027' }).ok).toBe(true);
    const { rows } = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM user_credential WHERE user_id = $1', [USERS.orderer]);
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(rows[0]!.password_hash).not.toContain('Sommar2027');
  });

  it('central pauses an account after 5 wrong passwords, and deactivates one unused for 6 months', async () => {
    await setTemporaryPassword(server.db, USERS.admin, 'Forsta2026');
    await server.db.query('UPDATE user_credential SET must_change = false WHERE user_id = $1', [USERS.admin]);
    for (let i = 0; i < 4; i++) expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.admin, secret: `Fel${i}xxxx` })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.admin, secret: 'Fel4xxxx' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.admin, secret: 'Forsta2026' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    await server.db.query("UPDATE user_credential SET locked_until = NULL, last_login_at = now() - interval '7 months' WHERE user_id = $1", [USERS.admin]);
    expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.admin, secret: 'Forsta2026' })).toMatchObject({ ok: false, error: { code: 'deactivated' } });
    const { rows } = await server.db.query<{ active: boolean }>('SELECT active FROM app_user WHERE id = $1', [USERS.admin]);
    expect(rows[0]!.active).toBe(false);
    await server.db.query('UPDATE app_user SET active = true WHERE id = $1', [USERS.admin]);
    await server.db.query('UPDATE user_credential SET last_login_at = now() WHERE user_id = $1', [USERS.admin]);
  });

  it('SITHS: the page proves the card over mutual TLS, the backend redeems the grant; then an offline PIN', async () => {
    const screen = dispatch(backend, 'session.screen', {}) as { ok: true; value: { clientId: string; sithsAvailable: boolean; method: string } };
    expect(screen.value).toMatchObject({ sithsAvailable: true, method: 'siths' });
    const card = await pki.person('SE2321000016-3001', 'Olle Beställare');
    const granted = await post(`${server.url}/auth/siths`, { clientId: screen.value.clientId }, card);
    expect(granted.status).toBe(200);
    const login = await dispatchAsync(backend, 'session.loginSiths', { grant: String(granted.body.grant) });
    expect(login).toMatchObject({ ok: true, value: { checked: 'central', needsOfflinePin: true, user: { id: USERS.orderer } } });
    expect(dispatch(backend, 'session.setOfflinePin', { pin: '123456' })).toMatchObject({ ok: false, error: { code: 'weak-pin' } });
    expect(dispatch(backend, 'session.setOfflinePin', { pin: '111111' })).toMatchObject({ ok: false, error: { code: 'weak-pin' } });
    expect(dispatch(backend, 'session.setOfflinePin', { pin: '40718' })).toMatchObject({ ok: false, error: { code: 'weak-pin' } });
    expect(dispatch(backend, 'session.setOfflinePin', { pin: '407182' }).ok).toBe(true);
    dispatch(backend, 'session.logout', {});
    expect(dispatch(backend, 'session.login', { userId: USERS.orderer, secret: '407182' })).toMatchObject({ ok: true, value: { checked: 'offline' } });
    // A grant is used once.
    expect(await dispatchAsync(backend, 'session.loginSiths', { grant: String(granted.body.grant) })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('with central down the password login falls back to the offline credential', async () => {
    expect((await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.technician, secret: DEMO_PASSWORD })).ok).toBe(true);
    dispatch(backend, 'session.logout', {});
    await server.app.close();
    try {
      expect(await dispatchAsync(backend, 'session.loginOnline', { userId: USERS.technician, secret: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { checked: 'offline' } });
    } finally {
      await server.restart();
    }
  });
});
