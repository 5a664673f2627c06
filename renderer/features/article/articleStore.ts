import { createStore } from 'zustand/vanilla';
import type { ArticlePage, ArticleSearchRow, IsoBrowseView } from '../../../shared/api/article';
import type { Transport } from '../../../shared/api/transport';
import { ARTICLE_TERM_MIN_LENGTH, ARTICLE_TERMS_MAX, type ArticleSearchMode } from '../../../shared/domain/article/search';
import type { ArticleType } from '../../../shared/domain/model';
import type { AppError } from '../../../shared/result';

/** Rows fetched per call. */
export const ARTICLE_PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the one just fetched are dropped first. */
const MAX_CACHED_PAGES = 40;
/** The search follows typing after this pause (the backend answers in a few milliseconds). */
export const ARTICLE_TEXT_DEBOUNCE_MS = 60;
const RANGE_SETTLE_MS = 30;
/**
 * The count waits for typing to pause: a very broad term takes tens of milliseconds to count at
 * region scale, and the backend answers one call at a time, so a count per key stroke would hold
 * up the next key stroke's first page (docs/decisions/0021).
 */
export const ARTICLE_COUNT_DEBOUNCE_MS = 250;

export type ArticleTypeFilter = 'all' | ArticleType;

export interface ArticleFilters {
  text: string;
  articleType: ArticleTypeFilter;
  isoCode: string | null;
}

/**
 * What is searched while typing, by the region's article search (region setting articleSearch):
 * 'substringPerTerm' searches the terms of at least 3 characters (the word being typed counts once
 * it has 3) and cuts more than 8 terms, `ignored` naming the shorter ones for the hint; 'exact'
 * searches the whole text as typed (the backend reads it, parseArticleQuery).
 */
export function typedTerms(input: string, mode: ArticleSearchMode = 'substringPerTerm'): { text: string; ignored: string[] } {
  if (mode === 'exact') return { text: input.trim().replace(/\s+/g, ' '), ignored: [] };
  const terms = input.trim().split(/\s+/).filter((t) => t.length > 0);
  const used = terms.filter((t) => t.length >= ARTICLE_TERM_MIN_LENGTH).slice(0, ARTICLE_TERMS_MAX);
  return { text: used.join(' '), ignored: terms.filter((t) => t.length < ARTICLE_TERM_MIN_LENGTH) };
}

export interface ArticleState {
  filters: ArticleFilters;
  /** The region's article search (region setting articleSearch, from regionSettings.get). */
  searchMode: ArticleSearchMode;
  textInput: string;
  ignoredTerms: string[];
  /** Rows known to exist so far: the count once it came, else what the pages have shown. */
  total: number | null;
  /** The first page has more rows than shown (before the count arrives). */
  firstHasMore: boolean;
  pages: ReadonlyMap<number, ArticleSearchRow[]>;
  generation: number;
  error: AppError | null;

  iso: IsoBrowseView | null;
  isoError: AppError | null;

  page: ArticlePage | null;
  pageError: AppError | null;
  pageLoading: boolean;

  setTextInput(value: string): void;
  /** The region's article search; the text typed so far is searched again by it. */
  setSearchMode(mode: ArticleSearchMode): void;
  setArticleType(value: ArticleTypeFilter): void;
  /** Browse to an ISO class (null: the top level); the list shows its articles. */
  browseIso(code: string | null): void;
  reload(): void;
  ensureRows(start: number, end: number): void;
  rowAt(index: number): ArticleSearchRow | undefined;
  openArticle(articleNo: string): Promise<void>;
}

export type ArticleStore = ReturnType<typeof createArticleStore>;

export function createArticleStore(transport: Transport, onError: (error: AppError) => void) {
  const inFlight = new Set<string>();
  let generationCounter = 0;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let wanted: { start: number; end: number } | null = null;
  let rangeTimer: ReturnType<typeof setTimeout> | null = null;
  let countTimer: ReturnType<typeof setTimeout> | null = null;
  let isoRequest = 0;
  let pageRequest = 0;

  return createStore<ArticleState>()((set, get) => {
    const evict = (pages: Map<number, ArticleSearchRow[]>, near: number) => {
      if (pages.size <= MAX_CACHED_PAGES) return pages;
      const far = [...pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
      for (const p of far.slice(0, pages.size - MAX_CACHED_PAGES)) pages.delete(p);
      return pages;
    };

    const fetchPage = (page: number): void => {
      const { generation, filters } = get();
      const key = `${generation}:${page}`;
      if (inFlight.has(key) || get().pages.has(page)) return;
      inFlight.add(key);
      void transport.invoke('article.search', { ...filters, offset: page * ARTICLE_PAGE_SIZE, limit: ARTICLE_PAGE_SIZE }).then((result) => {
        inFlight.delete(key);
        if (get().generation !== generation) return;
        if (!result.ok) {
          set({ error: result.error, total: get().total ?? 0 });
          return;
        }
        const pages = evict(new Map(get().pages).set(page, result.value.rows), page);
        const patch: Partial<ArticleState> = { pages, error: null };
        if (page === 0) patch.firstHasMore = result.value.hasMore;
        // Until the count comes, the list is as long as the first page says.
        if (page === 0 && get().total === null && !result.value.hasMore) patch.total = result.value.rows.length;
        set(patch);
      });
    };

    const reload = (): void => {
      const generation = ++generationCounter;
      set({ generation, pages: new Map(), total: null, firstHasMore: false, error: null });
      fetchPage(0);
      if (countTimer !== null) clearTimeout(countTimer);
      countTimer = setTimeout(() => {
        countTimer = null;
        if (get().generation !== generation) return;
        void transport.invoke('article.searchCount', get().filters).then((result) => {
          if (get().generation !== generation) return;
          if (result.ok) set({ total: result.value.total });
          else set({ error: result.error });
        });
      }, ARTICLE_COUNT_DEBOUNCE_MS);
    };

    const applyText = (): void => {
      debounce = null;
      const { text, ignored } = typedTerms(get().textInput, get().searchMode);
      set({ ignoredTerms: ignored });
      if (text === get().filters.text) return;
      set({ filters: { ...get().filters, text } });
      reload();
    };

    return {
      filters: { text: '', articleType: 'all', isoCode: null },
      searchMode: 'substringPerTerm',
      textInput: '',
      ignoredTerms: [],
      total: null,
      firstHasMore: false,
      pages: new Map(),
      generation: 0,
      error: null,
      iso: null,
      isoError: null,
      page: null,
      pageError: null,
      pageLoading: false,

      setTextInput(value) {
        set({ textInput: value });
        if (debounce !== null) clearTimeout(debounce);
        debounce = setTimeout(applyText, ARTICLE_TEXT_DEBOUNCE_MS);
      },
      setSearchMode(searchMode) {
        if (searchMode === get().searchMode) return;
        set({ searchMode });
        if (debounce !== null) clearTimeout(debounce);
        applyText();
      },
      setArticleType(articleType) {
        set({ filters: { ...get().filters, articleType } });
        reload();
      },
      browseIso(code) {
        const request = ++isoRequest;
        set({ filters: { ...get().filters, isoCode: code } });
        reload();
        void transport.invoke('article.iso', { code }).then((result) => {
          if (request !== isoRequest) return;
          if (result.ok) set({ iso: result.value, isoError: null });
          else set({ isoError: result.error });
        });
      },
      reload,
      ensureRows(start, end) {
        wanted = { start, end };
        if (rangeTimer !== null) return;
        rangeTimer = setTimeout(() => {
          rangeTimer = null;
          if (wanted === null) return;
          const first = Math.max(0, Math.floor(wanted.start / ARTICLE_PAGE_SIZE));
          const last = Math.max(first, Math.floor(wanted.end / ARTICLE_PAGE_SIZE));
          for (let p = first; p <= last; p++) fetchPage(p);
        }, RANGE_SETTLE_MS);
      },
      rowAt(index) {
        return get().pages.get(Math.floor(index / ARTICLE_PAGE_SIZE))?.[index % ARTICLE_PAGE_SIZE];
      },
      async openArticle(articleNo) {
        const request = ++pageRequest;
        set({ pageLoading: true, pageError: null });
        const result = await transport.invoke('article.get', { articleNo });
        if (request !== pageRequest) return;
        if (result.ok) set({ page: result.value, pageLoading: false });
        else {
          if (result.error.code !== 'not-found' && result.error.code !== 'invalid-input') onError(result.error);
          set({ page: null, pageError: result.error, pageLoading: false });
        }
      },
    };
  });
}
