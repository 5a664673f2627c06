import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticlePage, ArticleSearchPage, ReplacementsView } from '../../shared/api/article';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Artiklar at a workstation filled from central through a real sync (HTTP, PGlite): the catalogue's
 * individmall and replacement groups arrive, and "Centralt lager" shows the central store's
 * availability, which follows central's own changes (a shipment from store 10) after the next sync.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('articles', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
  login(station.backend);
}, 120_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const call = <T>(b: Backend, name: string, input: unknown): T => {
  const r = dispatch(b, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
/** Central's database as it is now. */
const q = <R>(sql: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(sql, params);
const centralAvailable = async (articleId: string) =>
  (await q<{ a: number }>("SELECT on_hand - reserved AS a FROM stock_balance WHERE store_id = '10' AND article_id = $1", [articleId]))[0]?.a ?? 0;

describe('central-store availability at the workstation, after a real sync', () => {
  it('the bootstrap brings the central store\'s balances (only them of its stock), the individmall and the replacement groups', async () => {
    const db = station.backend.context.db;
    const centralRows = db.prepare("SELECT count(*) FROM stock_balance WHERE store_id = '10'").pluck().get() as number;
    const atCentral = Number((await q<{ n: string }>("SELECT count(*) AS n FROM stock_balance WHERE store_id = '10'"))[0]!.n);
    expect(centralRows).toBe(atCentral);
    expect(centralRows).toBeGreaterThan(0);
    // Its ledger and individuals stay central.
    expect(db.prepare("SELECT count(*) FROM stock_movement WHERE store_id = '10'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM individual WHERE store_id = '10'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM article_component').pluck().get()).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM replacement_group_article').pluck().get()).toBeGreaterThan(0);
  });

  it('"Centralt lager" shows a number, not "–", in the search, on the article page and in the replacement proposal', async () => {
    const stocked = (await q<{ id: string; article_no: string }>(
      "SELECT a.id, a.article_no FROM stock_balance b JOIN article a ON a.id = b.article_id WHERE b.store_id = '10' AND b.on_hand - b.reserved > 0 ORDER BY a.article_no LIMIT 1",
    ))[0]!;
    const expected = await centralAvailable(stocked.id);
    const page = call<ArticlePage>(station.backend, 'article.get', { articleNo: stocked.article_no });
    expect(page.centralAvailable).toBe(expected);
    expect(page.stock.find((s) => s.storeId === '10')?.available).toBe(expected);
    const search = call<ArticleSearchPage>(station.backend, 'article.search', { text: stocked.article_no });
    expect(search.rows.find((r) => r.articleId === stocked.id)?.centralAvailable).toBe(expected);
    // An article the central store does not hold: 0, still a number.
    const none = call<ArticleSearchPage>(station.backend, 'article.search', { text: '', limit: 500 }).rows.find((r) => r.centralAvailable === 0);
    expect(none).toBeDefined();
    const first = station.backend.context.db.prepare('SELECT article_id FROM replacement_group_article WHERE rank = 1 ORDER BY group_id LIMIT 1').pluck().get() as string;
    const proposal = call<ReplacementsView>(station.backend, 'article.replacements', { articleId: first, quantity: 1, source: 'central' });
    expect(proposal.article.centralAvailable).toBe(await centralAvailable(first));
    for (const c of proposal.candidates) expect(c.centralAvailable).toBe(await centralAvailable(c.articleId));
  });

  it('a shipment from the central store changes its availability here after the next sync', async () => {
    const line = (await q<{ order_no: string; article_id: string; article_no: string; quantity: number }>(
      `SELECT o.order_no, l.article_id, a.article_no, l.quantity FROM customer_order o JOIN customer_order_line l ON l.order_id = o.id
       JOIN article a ON a.id = l.article_id WHERE o.status = 'registered' AND o.from_store_id = '10' AND l.individual_id IS NULL ORDER BY o.order_no, l.line_no LIMIT 1`,
    ))[0]!;
    const onHandAt = async () => (await q<{ h: number }>("SELECT on_hand AS h FROM stock_balance WHERE store_id = '10' AND article_id = $1", [line.article_id]))[0]!.h;
    const before = call<ArticlePage>(station.backend, 'article.get', { articleNo: line.article_no }).stock.find((s) => s.storeId === '10')!;
    const centralOnHand = await onHandAt();
    expect(before.onHand).toBe(centralOnHand);
    await central.admin(['ship', line.order_no]);
    expect(await onHandAt()).toBeLessThan(centralOnHand);
    // Nothing changes here before a sync.
    expect(call<ArticlePage>(station.backend, 'article.get', { articleNo: line.article_no }).stock.find((s) => s.storeId === '10')!.onHand).toBe(before.onHand);
    await settle(station.backend);
    const after = call<ArticlePage>(station.backend, 'article.get', { articleNo: line.article_no });
    expect(after.stock.find((s) => s.storeId === '10')?.onHand ?? 0).toBe(await onHandAt());
    expect(after.centralAvailable).toBe(await centralAvailable(line.article_id));
  });
});
