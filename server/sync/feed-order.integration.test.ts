import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app';
import { NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { TestClient } from '../../tests/helpers/protocol-client';
import { WriteBatch } from './batch';

/**
 * Feed order is commit order. Two transactions on two PostgreSQL connections: T1 writes its change
 * first but commits last. Had T1 been numbered when it wrote, a pull in between would see T2's
 * higher number, move its cursor past T1's and never deliver T1's change. Numbers are given at
 * COMMIT under the change-log lock, so T1's number is the higher one. (PGlite has one connection,
 * so there is nothing to interleave there: this one is PostgreSQL only.)
 */
describe('the change feed on PostgreSQL with concurrent writers', () => {
  let backend: TestBackend;
  let server: RunningServer;

  beforeAll(async () => {
    backend = await testBackend('postgres');
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  it('never lets a pull skip a change that commits after a later-numbered one', async () => {
    const ws = await TestClient.register(server.url, 'ws-feed-order-1', '50301');
    const { cursor: start } = await ws.pullAll(null);
    const [first, second] = (await server.db.query<{ id: string }>('SELECT id FROM article ORDER BY article_no LIMIT 2')).rows.map((r) => r.id) as [string, string];

    let releaseT1!: () => void;
    const t1Gate = new Promise<void>((resolve) => (releaseT1 = resolve));
    let t1Flushed!: () => void;
    const t1Ready = new Promise<void>((resolve) => (t1Flushed = resolve));
    const touch = (articleId: string, hold?: Promise<void>) =>
      server.db.transaction(async (tx) => {
        const batch = new WriteBatch(tx, null);
        await tx.query("UPDATE article SET name = name || ' ' WHERE id = $1", [articleId]);
        batch.changes.upsert('article', articleId, ['*']);
        await batch.flush();
        if (hold) {
          t1Flushed();
          await hold;
        }
      });

    const t1 = touch(first, t1Gate);
    await t1Ready;
    const t2 = touch(second);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await ws.pull(start);
    expect(during.status).toBe(200);
    releaseT1();
    await Promise.all([t1, t2]);
    const after = await ws.pullAll(during.body.cursor);

    const delivered = [...during.body.changes, ...after.changes].filter((c) => c.table === 'article').map((c) => c.id);
    expect(delivered.sort()).toEqual([first, second].sort());
    const seq = async (id: string) => (await server.db.query<{ seq: number }>("SELECT seq FROM change_log WHERE table_name = 'article' AND row_id = $1", [id])).rows[0]!.seq;
    expect(await seq(first)).toBeGreaterThan(await seq(second));
  });
});
