import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandlerName } from '../../../shared/api/contract';
import type { StockBalanceRow } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { ok, type Result } from '../../../shared/result';
import { BALANCE_PAGE_SIZE, createStockStore, TEXT_DEBOUNCE_MS } from './stockStore';

const row = (i: number): StockBalanceRow => ({
  articleId: `A${i}`,
  articleNo: String(10000 + i),
  name: `Artikel ${i}`,
  articleType: 'mainAid',
  articleStatus: 'active',
  unit: 'st',
  isoCode: '120606',
  onHand: 1,
  reserved: 0,
  available: 1,
});

/** Answers like the backend over a list of `total` rows; each call waits for the test to release it. */
function fakeBackend(total: number) {
  const calls: { name: HandlerName; args: Record<string, unknown>; release: () => void }[] = [];
  const listeners: ((payload: { tables: string[] }) => void)[] = [];
  const transport: Transport = {
    kind: 'http',
    invoke: ((name: HandlerName, args: Record<string, unknown>) =>
      new Promise<Result<unknown>>((resolve) => {
        const answer = (): Result<unknown> => {
          if (name === 'stock.adjust') return ok({ mutationId: 1, id: args.articleId });
          if (name === 'stock.balancesCount') return ok({ total });
          const offset = Number(args.offset);
          const limit = Number(args.limit);
          const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => row(offset + k));
          return ok({ rows, hasMore: offset + limit < total });
        };
        calls.push({ name, args, release: () => resolve(answer()) });
      })) as Transport['invoke'],
    on: ((event: string, listener: (payload: { tables: string[] }) => void) => {
      if (event === 'data.changed') listeners.push(listener);
      return () => {};
    }) as Transport['on'],
  };
  const releaseAll = async () => {
    for (const c of calls.splice(0)) c.release();
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };
  const dataChanged = (tables: string[]) => listeners.forEach((l) => l({ tables }));
  return { transport, calls, releaseAll, dataChanged };
}

afterEach(() => vi.useRealTimers());

describe('stock list store', () => {
  it('fetches the count and the pages on screen, by offset, at most 500 rows a call', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend(200_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    expect(backend.calls.map((c) => c.name)).toEqual(['stock.balancesCount', 'stock.balances']);
    await backend.releaseAll();
    expect(store.getState().total).toBe(200_000);
    expect(store.getState().rowAt(0)?.articleNo).toBe('10000');

    // Scrolled to the middle: only the pages there are fetched.
    store.getState().ensureRows(100_050, 100_090);
    await vi.advanceTimersByTimeAsync(50);
    expect(backend.calls.map((c) => c.args.offset)).toEqual([Math.floor(100_050 / BALANCE_PAGE_SIZE) * BALANCE_PAGE_SIZE]);
    for (const c of backend.calls) expect(Number(c.args.limit)).toBeLessThanOrEqual(500);
    await backend.releaseAll();
    expect(store.getState().rowAt(100_060)?.articleId).toBe('A100060');
  });

  it('a fast drag fetches only where the scrolling stops', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend(200_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    await backend.releaseAll();
    for (let start = 0; start < 50_000; start += 2_000) store.getState().ensureRows(start, start + 40);
    store.getState().ensureRows(150_000, 150_040);
    await vi.advanceTimersByTimeAsync(50);
    expect(backend.calls.map((c) => c.args.offset)).toEqual([150_000]);
  });

  it('an answer for an older filter is ignored', async () => {
    const backend = fakeBackend(1_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    const stale = backend.calls.splice(0);
    store.getState().setArticleType('sparePart');
    for (const c of stale) c.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().total).toBeNull();
    expect(store.getState().pages.size).toBe(0);
    expect(backend.calls.at(-1)?.args.articleType).toBe('sparePart');
  });

  it("starts with the region's article type (stockListType), until the person picks one", () => {
    const backend = fakeBackend(1_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    // 'all' (the default): nothing changes, nothing is fetched again.
    const before = backend.calls.length;
    store.getState().applyRegionDefault('all');
    expect(backend.calls.length).toBe(before);
    expect(store.getState().filters.articleType).toBe('all');
    // 'mainAid': the list starts with main aids.
    store.getState().applyRegionDefault('mainAid');
    expect(store.getState().filters.articleType).toBe('mainAid');
    expect(backend.calls.at(-1)?.args.articleType).toBe('mainAid');
    // Picked by the person: a later region default does not override it.
    store.getState().setArticleType('accessory');
    store.getState().applyRegionDefault('sparePart');
    expect(store.getState().filters.articleType).toBe('accessory');
  });

  it('free text waits for a pause, and a term shorter than 3 characters is not sent', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend(10);
    const store = createStockStore(backend.transport, () => {});
    store.getState().setTextInput('ro');
    await vi.advanceTimersByTimeAsync(TEXT_DEBOUNCE_MS + 10);
    expect(backend.calls).toEqual([]);
    expect(store.getState().textError).toBe('Varje sökord behöver vara minst 3 tecken ("ro" är för kort).');

    store.getState().setTextInput('rol');
    store.getState().setTextInput('roll');
    await vi.advanceTimersByTimeAsync(TEXT_DEBOUNCE_MS - 50);
    expect(backend.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().textError).toBeNull();
    expect(backend.calls.map((c) => [c.name, c.args.text])).toEqual([
      ['stock.balancesCount', 'roll'],
      ['stock.balances', 'roll'],
    ]);
  });
});

describe('stock list after a write', () => {
  it('an adjustment fetches the count and the pages on screen again, in place (same list, same position)', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend(100_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    await backend.releaseAll();
    store.getState().ensureRows(50_010, 50_040);
    await vi.advanceTimersByTimeAsync(50);
    await backend.releaseAll();
    const generation = store.getState().generation;
    expect([...store.getState().pages.keys()].sort((a, b) => a - b)).toEqual([0, 250]);

    const saved = store.getState().adjust({ articleId: 'A50020', quantity: 2, reason: 'Hittad vid hyllgenomgång' });
    await backend.releaseAll();
    expect((await saved).ok).toBe(true);
    expect(backend.calls.map((c) => [c.name, c.args.offset])).toEqual([
      ['stock.balancesCount', undefined],
      ['stock.balances', 250 * BALANCE_PAGE_SIZE],
    ]);
    await backend.releaseAll();
    expect(store.getState().generation).toBe(generation);
    // The page off screen is dropped (fetched again when scrolled to); the one on screen stays.
    expect([...store.getState().pages.keys()]).toEqual([250]);
  });

  it('the contract is checked before anything is sent: 0 is no adjustment', async () => {
    const backend = fakeBackend(10);
    const store = createStockStore(backend.transport, () => {});
    const refused = await store.getState().adjust({ articleId: 'A1', quantity: 0, reason: 'x' });
    expect(refused.ok || refused.error.message).toMatch(/Antalet kan inte vara 0\./);
    expect(backend.calls).toEqual([]);
  });

  it('a burst of data.changed (pulled pages) fetches at most once more', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend(1_000);
    const store = createStockStore(backend.transport, () => {});
    store.getState().reload();
    await backend.releaseAll();
    for (let i = 0; i < 10; i++) backend.dataChanged(['stock_balance']);
    expect(backend.calls).toHaveLength(2);
    await backend.releaseAll();
    expect(backend.calls).toHaveLength(2);
    await backend.releaseAll();
    expect(backend.calls).toHaveLength(0);
    backend.dataChanged(['recipient']);
    expect(backend.calls).toHaveLength(0);
  });
});
