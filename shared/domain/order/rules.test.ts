import { describe, expect, it } from 'vitest';
import { parseWholeKronor, provisionalOrderNo, PROVISIONAL_ORDER_NO, replenishmentSuggestion, routeLines, splitBySupplier } from './rules';

describe('replenishment rules', () => {
  it('routes a line to the central store while it has the quantity available, else to purchase', () => {
    const lines = [{ articleId: 'A', quantity: 3 }, { articleId: 'B', quantity: 1 }, { articleId: 'A', quantity: 2 }];
    expect(routeLines(lines, new Map([['A', 4]]), 'replenishment')).toEqual(['central', 'purchase', 'purchase']);
    expect(routeLines(lines, new Map([['A', 5], ['B', 1]]), 'replenishment')).toEqual(['central', 'central', 'central']);
    expect(routeLines(lines, new Map(), 'stockTransfer')).toEqual(['central', 'central', 'central']);
  });

  it('splits lines per supplier in first-seen order and adds lines of the same article', () => {
    const supplier: Record<string, string | null> = { A: 'S1', B: 'S2', C: 'S1', D: null };
    const groups = splitBySupplier(
      [{ articleId: 'A', quantity: 1 }, { articleId: 'B', quantity: 2 }, { articleId: 'C', quantity: 3 }, { articleId: 'A', quantity: 4 }, { articleId: 'D', quantity: 1 }],
      (id) => supplier[id] ?? null,
    );
    expect(groups).toEqual([
      { supplierId: 'S1', lines: [{ articleId: 'A', quantity: 5 }, { articleId: 'C', quantity: 3 }] },
      { supplierId: 'S2', lines: [{ articleId: 'B', quantity: 2 }] },
      { supplierId: null, lines: [{ articleId: 'D', quantity: 1 }] },
    ]);
  });

  it('suggests articles below min up to max, never utgångna ones', () => {
    const articles = new Map([
      ['A', { articleNo: '2', articleStatus: 'active' as const }],
      ['B', { articleNo: '1', articleStatus: 'gone' as const }],
      ['C', { articleNo: '3', articleStatus: 'phasingOut' as const }],
    ]);
    const levels = [
      { articleId: 'A', minLevel: 2, maxLevel: 6 },
      { articleId: 'B', minLevel: 2, maxLevel: 6 },
      { articleId: 'C', minLevel: 1, maxLevel: 1 },
    ];
    const rows = replenishmentSuggestion(levels, new Map([['A', 1], ['C', 1]]), new Map([['A', 7]]), articles);
    expect(rows).toEqual([{ articleId: 'A', quantity: 5, available: 1, onOrder: 0, minLevel: 2, maxLevel: 6, issuedLast90Days: 7 }]);
    // What is already on order counts: 1 in stock + 3 coming reaches the min of 2, no line.
    expect(replenishmentSuggestion(levels, new Map([['A', 1], ['C', 1]]), new Map(), articles, new Map([['A', 3]]))).toEqual([]);
    // Nothing in stock, 1 coming, min 2: order up to max 6 minus what comes.
    expect(replenishmentSuggestion([levels[0]!], new Map([['A', 0]]), new Map(), articles, new Map([['A', 1]]))[0]).toMatchObject({ quantity: 5, onOrder: 1 });
    // A negative balance is below min too, and is brought up to max.
    expect(replenishmentSuggestion([levels[0]!], new Map([['A', -2]]), new Map(), articles)[0]!.quantity).toBe(8);
  });

  it('reads prices in whole kronor only', () => {
    expect(parseWholeKronor('1 250')).toEqual({ ok: true, value: 125_000 });
    expect(parseWholeKronor('980 kr')).toEqual({ ok: true, value: 98_000 });
    for (const bad of ['12,50', '12.5', '12,', '-5', 'tolv', '']) expect(parseWholeKronor(bad).ok).toBe(false);
    const ore = parseWholeKronor('12,50');
    if (!ore.ok) expect(ore.error.message).toMatch(/hela kronor/);
  });

  it('makes provisional numbers the contract accepts', () => {
    const no = provisionalOrderNo('50301', 'ab12', 42);
    expect(no).toBe('P50301-AB12-0042');
    expect(PROVISIONAL_ORDER_NO.test(no)).toBe(true);
  });
});
