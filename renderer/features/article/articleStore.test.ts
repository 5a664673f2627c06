import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ArticleSearchRow } from '../../../shared/api/article';
import type { HandlerName } from '../../../shared/api/contract';
import type { Transport } from '../../../shared/api/transport';
import { ok, type Result } from '../../../shared/result';
import { ARTICLE_COUNT_DEBOUNCE_MS, ARTICLE_TEXT_DEBOUNCE_MS, createArticleStore, typedTerms } from './articleStore';

const row = (i: number): ArticleSearchRow => ({
  articleId: `A${i}`,
  articleNo: String(10000 + i),
  name: `Artikel ${i}`,
  productName: null,
  articleType: 'mainAid',
  articleStatus: 'active',
  unit: 'st',
  isoCode: '120606',
  supplierName: 'Etac Sverige AB',
  supplierArticleNo: null,
  ownAvailable: 1,
  centralAvailable: 4,
});

function fakeBackend(total: number) {
  const calls: { name: HandlerName; args: Record<string, unknown> }[] = [];
  const transport: Transport = {
    kind: 'http',
    invoke: ((name: HandlerName, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const answer = (): Result<unknown> => {
        if (name === 'article.searchCount') return ok({ total });
        const offset = Number(args.offset);
        const limit = Number(args.limit);
        return ok({ rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => row(offset + k)), hasMore: offset + limit < total });
      };
      return Promise.resolve(answer());
    }) as Transport['invoke'],
    on: (() => () => undefined) as Transport['on'],
  };
  return { transport, calls };
}

afterEach(() => vi.useRealTimers());

describe('Sök artikel while typing', () => {
  it('searches the terms of at least 3 characters; the word being typed joins once it has 3', () => {
    expect(typedTerms('rollator by')).toEqual({ text: 'rollator', ignored: ['by'] });
    expect(typedTerms(' rollator  byg ')).toEqual({ text: 'rollator byg', ignored: [] });
    expect(typedTerms('')).toEqual({ text: '', ignored: [] });
  });

  it("the region's 'exact' search sends the whole text, short or not; switching mode searches the typed text again", async () => {
    expect(typedTerms('  Cross   45 ', 'exact')).toEqual({ text: 'Cross 45', ignored: [] });
    expect(typedTerms('45', 'exact')).toEqual({ text: '45', ignored: [] });
    expect(typedTerms('Cross 45', 'substringPerTerm')).toEqual({ text: 'Cross', ignored: ['45'] });
    vi.useFakeTimers();
    const { transport, calls } = fakeBackend(10);
    const store = createArticleStore(transport, () => undefined);
    store.getState().setTextInput('Cross 45');
    await vi.advanceTimersByTimeAsync(ARTICLE_TEXT_DEBOUNCE_MS);
    expect(store.getState().ignoredTerms).toEqual(['45']);
    store.getState().setSearchMode('exact');
    await vi.advanceTimersByTimeAsync(ARTICLE_TEXT_DEBOUNCE_MS);
    expect(calls.filter((c) => c.name === 'article.search').map((c) => c.args.text)).toEqual(['Cross', 'Cross 45']);
    expect(store.getState().ignoredTerms).toEqual([]);
  });

  it('a burst of key strokes asks for one first page, and the count only when typing pauses', async () => {
    vi.useFakeTimers();
    const { transport, calls } = fakeBackend(5000);
    const store = createArticleStore(transport, () => undefined);
    for (const text of ['r', 'ro', 'rol', 'roll', 'rolla']) {
      store.getState().setTextInput(text);
      await vi.advanceTimersByTimeAsync(ARTICLE_TEXT_DEBOUNCE_MS / 3);
    }
    await vi.advanceTimersByTimeAsync(ARTICLE_TEXT_DEBOUNCE_MS);
    expect(calls.map((c) => [c.name, c.args.text])).toEqual([['article.search', 'rolla']]);
    // The first page is shown before the count: the list is as long as it.
    expect(store.getState().total).toBeNull();
    expect(store.getState().firstHasMore).toBe(true);
    expect(store.getState().rowAt(0)?.articleNo).toBe('10000');
    await vi.advanceTimersByTimeAsync(ARTICLE_COUNT_DEBOUNCE_MS);
    expect(calls.filter((c) => c.name === 'article.searchCount').map((c) => c.args.text)).toEqual(['rolla']);
    expect(store.getState().total).toBe(5000);
    // Scrolling far down fetches the pages there (no cap).
    store.getState().ensureRows(4900, 4950);
    await vi.advanceTimersByTimeAsync(50);
    expect(store.getState().rowAt(4949)?.articleNo).toBe(String(10000 + 4949));
  });
});
