import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/schemas';
import { DEMO_ENROLMENT_KEY } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../../server/app';
import { SMALL_REGION } from '../helpers/databases';
import { postJson, VERSIONS } from '../helpers/protocol-client';
import { until, workstation, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 10, item 11: central limits registrations per address (enrolment-key guessing). A
 * workstation that meets the limit — say thirty laptops set up at once behind one NAT address —
 * must wait as long as the server's Retry-After says, stay unhalted, and register by itself once
 * the window has passed. Real central server (PGlite), real workstation backend.
 */

const WINDOW_MS = 3_000;
let server: RunningServer;
const stations: Workstation[] = [];

beforeAll(async () => {
  server = await startServer({ db: 'pglite', demo: SMALL_REGION, enrolmentKey: DEMO_ENROLMENT_KEY, rateLimits: { register: { max: 2, timeWindowMs: WINDOW_MS } } });
}, 60_000);
afterAll(async () => {
  for (const s of stations) s.cleanup();
  await server?.close();
});

describe('a workstation whose registration is rate-limited', () => {
  it('backs off for at least Retry-After (not its short back-off), is not halted, and registers and bootstraps by itself', async () => {
    // Two attempts from this address use up the window (someone guessing the key, or other laptops).
    const started = Date.now();
    for (let i = 0; i < 2; i++) {
      expect((await postJson(`${server.url}/sync/register`, { ...VERSIONS, clientId: `ws-guess-${i}-12345678`, storeId: '50301', enrolmentKey: 'gissning', name: 'x' })).status).toBe(401);
    }

    // Its own back-off would retry after 10–50 ms: it must wait for the server instead.
    const ws = workstation('Rate-limited', server.url, DEMO_ENROLMENT_KEY, { sync: { autoStart: false, backoff: { baseMs: 10, maxMs: 50 } } });
    stations.push(ws);
    const engine = ws.backend.context.sync!;
    const limited: SyncStatus[] = [];
    ws.backend.events.on('sync.status', (s: SyncStatus) => {
      // Each refused attempt sets a new retry time (the next attempt's own status repeats it until it ends).
      if (s.error?.code === 'rate-limited' && s.nextRetryAt !== null && !limited.some((l) => l.nextRetryAt === s.nextRetryAt)) limited.push(s);
    });

    engine.start();
    await until(() => limited.length > 0, 'the first, rate-limited attempt', 10_000);
    const first = limited[0]!;
    expect(first).toMatchObject({ state: 'error', online: true, bootstrapped: false, error: { code: 'rate-limited', message: expect.stringContaining('Nytt försök görs automatiskt') } });
    expect(Date.parse(first.nextRetryAt!) - Date.parse(first.lastAttemptAt!)).toBeGreaterThanOrEqual(1_000);

    await until(() => engine.status().bootstrapped, 'registration and bootstrap after the window', 30_000);
    // One refused attempt, then success: it did not hammer the server while limited.
    expect(limited).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS - 500);
    expect(engine.status()).toMatchObject({ error: null, nextRetryAt: null });
    const registered = await server.db.query<{ store_id: string }>('SELECT store_id FROM sync_client WHERE name = $1', ['Rate-limited']);
    expect(registered.rows).toEqual([{ store_id: '50301' }]);
  }, 60_000);
});
