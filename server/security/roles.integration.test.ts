import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app';
import { NO_RATE_LIMITS, SMALL_REGION } from '../../tests/helpers/databases';
import { args, TestClient } from '../../tests/helpers/protocol-client';

/**
 * Issue 10, item 5, central's half: whatever a workstation sends, central's rules check the
 * acting user's roles from central's own tables. A technician cannot do a store admin's work
 * (adjust, min/max levels, GTIN links, approve a stocktake), a prescriber no store work (a text
 * on an individual any user of the store may add);
 * the store's own admin can. (The workstation refuses the same before anything is queued:
 * tests/integration/login.test.ts, for every write handler.)
 */

const OWN = '50301';

/** A GTIN-14 no demo article has: 0735999 + six random digits + the check digit. */
function freshGtin(): string {
  const body = `0735999${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

describe('central refuses a mutation whose user lacks the role, whatever the workstation sent', () => {
  let server: RunningServer;
  let ws: TestClient;
  let plain = '';
  let bAid = '';
  let individual = '';

  beforeAll(async () => {
    server = await startServer({ db: 'pglite', demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
    ws = await TestClient.register(server.url, `ws-roles-${randomUUID().slice(0, 8)}`, OWN);
    const one = async (sql: string) => (await server.db.query<{ id: string }>(sql)).rows[0]!.id;
    plain = await one("SELECT id FROM article WHERE NOT tracked_individually AND article_type IN ('accessory', 'sparePart') AND article_status = 'active' ORDER BY article_no LIMIT 1");
    bAid = await one("SELECT id FROM article WHERE tracked_individually AND aid_category = 'B' AND article_status = 'active' ORDER BY article_no LIMIT 1");
    individual = await one(`SELECT id FROM individual WHERE store_id = '${OWN}' AND status = 'inStore' ORDER BY id LIMIT 1`);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('each refused with forbidden-role and nothing written; the store admin is let through', async () => {
    const stocktake = randomUUID();
    const gtin = freshGtin();
    const stocktakeArgs = { stocktakeId: stocktake, storeId: OWN, name: 'Vårinventering', scope: { isoCodes: [], articleTypes: ['accessory' as const], locations: [] }, zones: [], blind: false };
    const refused = [
      // Store admins only: the technician U2.
      ws.mutation('stock.adjust', 'U2', args.adjust(plain, OWN, 3)),
      ws.mutation('stock.setLevel', 'U2', { levelId: randomUUID(), storeId: OWN, articleId: plain, minLevel: 1, maxLevel: 4 }),
      ws.mutation('article.linkGtin', 'U2', { gtin, articleId: plain, storeId: OWN }),
      // Store staff only: the prescriber U3.
      ws.mutation('individual.register', 'U3', args.register(bAid, OWN, `ROLE${Date.now().toString(36).toUpperCase()}`)),
      ws.mutation('individual.changeNumber', 'U3', args.changeNumber(individual, `NY${Date.now().toString(36).toUpperCase()}`)),
      ws.mutation('stocktake.create', 'U3', stocktakeArgs),
    ];
    const answer = await ws.pushOk(refused);
    expect(answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(refused.map(() => 'forbidden-role'));
    const { rows } = await server.db.query("SELECT id FROM stocktake WHERE id = $1 UNION ALL SELECT article_id FROM article_gtin WHERE gtin = $2", [stocktake, gtin]);
    expect(rows).toEqual([]);

    // The technician may do store work; the admin may adjust.
    const allowed = await ws.pushOk([ws.mutation('stocktake.create', 'U2', { ...stocktakeArgs, stocktakeId: randomUUID() }), ws.mutation('stock.adjust', 'U1', args.adjust(plain, OWN, 3))]);
    expect(allowed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // A technician cannot approve it, whoever created it.
    const approve = await ws.pushOk([ws.mutation('stocktake.approve', 'U2', { approvalId: randomUUID(), stocktakeId: stocktake, storeId: OWN, uncounted: 'zero', digest: { count: 0, hash: '0' } } as never)]);
    expect(approve.results[0]).toMatchObject({ status: 'rejected' });
  });
});
