import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { SMALL_REGION } from '../../tests/helpers/databases';
import { postJson, TestClient } from '../../tests/helpers/protocol-client';
import { startServer, type RunningServer } from '../app';

/**
 * Password login at central (issue 10, item 4): rate-limited per address and account, so that
 * guessing one account's password is slow while the rest of the ward logs in; the hash never
 * leaves central; a wrong user and a wrong password get the same answer.
 */

describe('password login at central', () => {
  let server: RunningServer;
  let ws: TestClient;

  beforeAll(async () => {
    server = await startServer({
      db: 'pglite',
      demo: SMALL_REGION,
      rateLimits: { register: false, login: { max: 3, timeWindowMs: 60_000 }, global: false },
    });
    ws = await TestClient.register(server.url, `ws-pw-${randomUUID().slice(0, 8)}`, '50301');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const login = (userId: string, password: string) => postJson(`${server.url}/auth/password`, { clientId: ws.clientId, userId, password }, ws.token);

  it('the same answer for a wrong user and a wrong password; the session answer holds no hash', async () => {
    const wrongUser = await login('U999', DEMO_PASSWORD);
    const wrongPassword = await login('U4', 'fel123456');
    expect(wrongUser.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    expect((wrongUser.body as { error: { message: string } }).error.message).toBe((wrongPassword.body as { error: { message: string } }).error.message);
    const ok = await login('U4', DEMO_PASSWORD);
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).not.toMatch(/scrypt|\$15\$8\$/);
  });

  it('after 3 attempts a minute for one account from one address: 429 rate-limited, other accounts go on', async () => {
    for (let i = 0; i < 3; i++) expect((await login('U2', `gissning${i}`)).status).toBe(401);
    const limited = await login('U2', DEMO_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate-limited' } });
    expect((await login('U1', DEMO_PASSWORD)).status).toBe(200);
  });
});
