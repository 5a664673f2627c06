import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StockBalancePage } from '../../../shared/api/schemas';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

let t: TempBackend;
beforeAll(() => {
  t = tempBackend();
  dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

const page = (args: Record<string, unknown>) => {
  const result = dispatch(t.backend, 'stock.balances', args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as StockBalancePage;
};
const total = (args: Record<string, unknown>) => {
  const result = dispatch(t.backend, 'stock.balancesCount', args);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { total: number }).total;
};
const sql = (q: string, ...p: unknown[]) => t.backend.context.db.prepare(q).pluck().get(...p) as number;

describe('Lager: the stock list of the own store', () => {
  it('"med saldo" lists exactly the store\'s non-zero balances, in article-number order', () => {
    const expected = sql("SELECT count(*) FROM stock_balance WHERE store_id = '50301' AND on_hand <> 0");
    expect(total({ balance: 'withBalance' })).toBe(expected);
    const { rows, hasMore } = page({ balance: 'withBalance', limit: 500 });
    expect(rows.length).toBe(Math.min(500, expected));
    expect(hasMore).toBe(expected > 500);
    expect(rows.every((r) => r.onHand !== 0)).toBe(true);
    const numbers = rows.map((r) => r.articleNo);
    expect(numbers).toEqual([...numbers].sort());
  });

  it('"alla" includes zero and negative balances: every article of the catalogue', () => {
    expect(total({ balance: 'all' })).toBe(sql('SELECT count(*) FROM article'));
    const rows = page({ balance: 'all', limit: 500 }).rows;
    expect(rows.some((r) => r.onHand === 0)).toBe(true);
    const negative = sql("SELECT count(*) FROM stock_balance WHERE store_id = '50301' AND on_hand < 0");
    expect(negative).toBeGreaterThan(0);
    let seenNegative = 0;
    for (let offset = 0; ; offset += 500) {
      const p = page({ balance: 'all', limit: 500, offset });
      seenNegative += p.rows.filter((r) => r.onHand < 0).length;
      if (!p.hasMore) break;
    }
    expect(seenNegative).toBe(negative);
  });

  it('deep pages are the same rows as one long page (keyed paging)', () => {
    for (const filter of [
      { balance: 'withBalance' },
      { balance: 'all' },
      { balance: 'withBalance', articleType: 'sparePart' },
      { balance: 'all', articleType: 'accessory' },
    ]) {
      const long = page({ ...filter, limit: 400 }).rows.map((r) => r.articleNo);
      const pieces: string[] = [];
      for (let offset = 0; offset < 400; offset += 57) {
        pieces.push(...page({ ...filter, limit: Math.min(57, 400 - offset), offset }).rows.map((r) => r.articleNo));
      }
      expect(pieces, JSON.stringify(filter)).toEqual(long);
    }
    expect(page({ balance: 'withBalance', offset: 9_000_000 })).toEqual({ rows: [], hasMore: false });
  });

  it('filters by article type', () => {
    for (const articleType of ['mainAid', 'accessory', 'sparePart'] as const) {
      const rows = page({ articleType, balance: 'all', limit: 200 }).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.articleType === articleType)).toBe(true);
      expect(total({ articleType, balance: 'all' })).toBe(sql('SELECT count(*) FROM article WHERE article_type = ?', articleType));
    }
  });

  it('free text: every term, in any order, anywhere in number or name', () => {
    const rows = page({ balance: 'all', text: 'cross rollator', limit: 500 }).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.name.toLowerCase()).toMatch(/(?=.*cross)(?=.*rollator)/);
    const byNumber = page({ balance: 'all', text: '10042' }).rows;
    expect(byNumber.map((r) => r.articleNo)).toContain('10042');
  });

  it('available = on hand − reserved', () => {
    for (const r of page({ balance: 'withBalance', limit: 500 }).rows) expect(r.available).toBe(r.onHand - r.reserved);
  });

  it('refuses a term shorter than 3 characters with a Swedish message', () => {
    const result = dispatch(t.backend, 'stock.balances', { text: 'ro' });
    expect(result).toMatchObject({ ok: false, error: { code: 'query-too-short' } });
    if (!result.ok) expect(result.error.message).toMatch(/minst 3 tecken/);
  });

  it('treats SQL- and FTS-looking text as text', () => {
    for (const text of ["Robert'); DROP TABLE article;--", 'roll" NEAR "abc', 'NEAR(abc def)', 'abc* AND xyz']) {
      const result = dispatch(t.backend, 'stock.balances', { text, balance: 'all' });
      expect(result.ok, text).toBe(true);
      if (result.ok) expect((result.value as StockBalancePage).rows).toEqual([]);
    }
    expect(sql('SELECT count(*) FROM article')).toBeGreaterThan(0);
  });

  it('lists the store\'s individuals by status', () => {
    const result = dispatch(t.backend, 'stock.individuals', { status: 'inStore', limit: 50 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { rows } = result.value as { rows: { status: string; storeId: string }[] };
    expect(rows.length).toBe(50);
    expect(rows.every((r) => r.status === 'inStore' && r.storeId === '50301')).toBe(true);
  });
});
