import { createStore } from 'zustand/vanilla';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { ArticleLookup, IndividualSummary, Saved, StockBalanceRow } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import { parseArticleText } from '../../../shared/domain/article/search';
import type { IndividualStatus, StockArticleTypeFilter, StockBalanceFilter } from '../../../shared/domain/model';
import type { AppError, Result } from '../../../shared/result';

/** Rows fetched per call (the contract allows at most 500). */
export const BALANCE_PAGE_SIZE = 200;
/** Pages kept in memory; the farthest from what is on screen are dropped first. */
const MAX_CACHED_PAGES = 60;
/** Page fetches wait this long for scrolling to pass by, so a fast drag fetches only where it stops. */
const RANGE_SETTLE_MS = 30;
/** Free text is sent this long after the last key stroke. */
export const TEXT_DEBOUNCE_MS = 300;
/** Tables whose change alters balances or the store's individuals (the `data.changed` event). */
const BALANCE_TABLES = new Set(['stock_balance', 'stock_movement', 'article']);
const INDIVIDUAL_TABLES = new Set(['individual']);

export interface BalanceFilters {
  articleType: StockArticleTypeFilter;
  balance: StockBalanceFilter;
  /** The text that was last sent (or is valid to send). */
  text: string;
}

export interface StockState {
  filters: BalanceFilters;
  /** What is in the search field right now (sent after the debounce if valid). */
  textInput: string;
  /** Why the typed text was not sent (fewer than 3 characters…), in Swedish. */
  textError: string | null;
  total: number | null;
  pages: ReadonlyMap<number, StockBalanceRow[]>;
  /** Bumped when the list is replaced, so that stale answers are ignored. */
  generation: number;
  error: AppError | null;

  individualsStatus: IndividualStatus | 'all';
  individuals: IndividualSummary[];
  individualsHasMore: boolean;
  individualsLoading: boolean;
  individualsError: AppError | null;
  individualsLoaded: boolean;

  setArticleType(value: StockArticleTypeFilter): void;
  /**
   * The region's article type to start with (region setting stockListType): applied until the
   * person has picked a type or scanned an article themselves.
   */
  applyRegionDefault(value: StockArticleTypeFilter): void;
  setBalance(value: StockBalanceFilter): void;
  setTextInput(value: string): void;
  /** Sends the text at once (Enter) instead of waiting for the debounce. */
  applyTextNow(): void;
  reload(): void;
  /** Shows one article's line (a scanned article number or GTIN): all balances, the number as text. */
  showArticle(articleNo: string): void;
  /**
   * Fetches the count and the pages in memory again, in place: the list keeps its position and
   * active row (after a stock adjustment here or a pulled page from the central server).
   */
  refresh(): void;
  /** The list shows rows [start, end]: fetch the pages that hold them. */
  ensureRows(start: number, end: number): void;
  rowAt(index: number): StockBalanceRow | undefined;

  setIndividualsStatus(value: IndividualStatus | 'all'): void;
  loadMoreIndividuals(): void;

  /** The adjustment dialog: is the article tracked individually, what is its balance now. */
  lookupArticle(articleNo: string): Promise<Result<ArticleLookup>>;
  /** "Justera saldo" (store admins): checked against the contract's schema, then sent; the list refreshes. */
  adjust(args: HandlerArgs<'stock.adjust'>): Promise<Result<Saved>>;
}

export type StockStore = ReturnType<typeof createStockStore>;

export function createStockStore(transport: Transport, onError: (error: AppError) => void) {
  const inFlight = new Set<string>();
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let individualsGeneration = 0;
  // Monotonic across resets (logout), so an answer to an earlier list can never match a later one.
  let generationCounter = 0;
  let wanted: { start: number; end: number } | null = null;
  let rangeTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshing = false;
  let refreshAgain = false;

  const store = createStore<StockState>()((set, get) => {
    const fetchPage = (page: number): void => {
      const { generation, filters } = get();
      const key = `${generation}:${page}`;
      if (inFlight.has(key) || get().pages.has(page)) return;
      inFlight.add(key);
      void transport
        .invoke('stock.balances', { ...filters, offset: page * BALANCE_PAGE_SIZE, limit: BALANCE_PAGE_SIZE })
        .then((result) => {
          inFlight.delete(key);
          if (get().generation !== generation) return;
          if (!result.ok) {
            onError(result.error);
            set({ error: result.error });
            return;
          }
          const pages = new Map(get().pages);
          pages.set(page, result.value.rows);
          set({ pages: evict(pages, page), error: null });
        });
    };

    const reload = (): void => {
      const generation = ++generationCounter;
      set({ generation, pages: new Map(), total: null, error: null });
      const { filters } = get();
      void transport.invoke('stock.balancesCount', filters).then((result) => {
        if (get().generation !== generation) return;
        if (!result.ok) {
          onError(result.error);
          set({ error: result.error, total: 0 });
          return;
        }
        set({ total: result.value.total });
      });
      fetchPage(0);
    };

    const refresh = (): void => {
      // Coalesced: a burst of data.changed events (pulled pages) fetches at most once more.
      if (refreshing) {
        refreshAgain = true;
        return;
      }
      const { generation, filters } = get();
      if (generation === 0) return;
      refreshing = true;
      // Only the pages on screen are fetched again; the rest are dropped and come back on scrolling.
      const range = wanted ?? { start: 0, end: 0 };
      const first = Math.max(0, Math.floor(range.start / BALANCE_PAGE_SIZE));
      const last = Math.max(first, Math.floor(range.end / BALANCE_PAGE_SIZE));
      const onScreen = [...get().pages.keys()].filter((page) => page >= first && page <= last);
      const kept = new Map([...get().pages].filter(([page]) => onScreen.includes(page)));
      set({ pages: kept });
      const count = transport.invoke('stock.balancesCount', filters).then((result) => {
        if (get().generation === generation && result.ok) set({ total: result.value.total });
      });
      const pages = onScreen.map((page) =>
        transport.invoke('stock.balances', { ...filters, offset: page * BALANCE_PAGE_SIZE, limit: BALANCE_PAGE_SIZE }).then((result) => {
          if (get().generation !== generation || !result.ok) return;
          const next = new Map(get().pages);
          next.set(page, result.value.rows);
          set({ pages: next });
        }),
      );
      void Promise.all([count, ...pages]).finally(() => {
        refreshing = false;
        if (refreshAgain) {
          refreshAgain = false;
          refresh();
        }
      });
    };

    const applyText = (): void => {
      if (debounce !== null) clearTimeout(debounce);
      debounce = null;
      const input = get().textInput;
      // The same rule the backend applies: no query is sent for terms that are too short.
      const parsed = parseArticleText(input);
      if (!parsed.ok) {
        set({ textError: parsed.error.message });
        return;
      }
      const text = parsed.value.join(' ');
      set({ textError: null });
      if (text === get().filters.text) return;
      set({ filters: { ...get().filters, text } });
      reload();
    };

    const loadIndividuals = (reset: boolean): void => {
      const state = get();
      if (state.individualsLoading && !reset) return;
      if (!reset && state.individualsLoaded && !state.individualsHasMore) return;
      const generation = reset ? ++individualsGeneration : individualsGeneration;
      const offset = reset ? 0 : state.individuals.length;
      set(reset ? { individuals: [], individualsHasMore: false, individualsLoaded: false, individualsLoading: true } : { individualsLoading: true });
      void transport
        .invoke('stock.individuals', { status: get().individualsStatus, offset, limit: BALANCE_PAGE_SIZE })
        .then((result) => {
          if (generation !== individualsGeneration) return;
          if (!result.ok) {
            onError(result.error);
            set({ individualsLoading: false, individualsError: result.error });
            return;
          }
          set({
            individuals: [...get().individuals, ...result.value.rows],
            individualsHasMore: result.value.hasMore,
            individualsLoading: false,
            individualsLoaded: true,
            individualsError: null,
          });
        });
    };

    // The person picked a type (or scanned an article): the region's default no longer applies.
    let typeChosen = false;
    return {
      filters: { articleType: 'all', balance: 'withBalance', text: '' },
      textInput: '',
      textError: null,
      total: null,
      pages: new Map(),
      generation: 0,
      error: null,
      individualsStatus: 'all',
      individuals: [],
      individualsHasMore: false,
      individualsLoading: false,
      individualsError: null,
      individualsLoaded: false,

      setArticleType(articleType) {
        typeChosen = true;
        set({ filters: { ...get().filters, articleType } });
        reload();
      },
      applyRegionDefault(articleType) {
        if (typeChosen || get().filters.articleType === articleType) return;
        set({ filters: { ...get().filters, articleType } });
        reload();
      },
      setBalance(balance) {
        set({ filters: { ...get().filters, balance } });
        reload();
      },
      setTextInput(value) {
        set({ textInput: value });
        if (debounce !== null) clearTimeout(debounce);
        // A cleared error as soon as the text becomes valid; the message itself waits for the pause.
        if (get().textError !== null && parseArticleText(value).ok) set({ textError: null });
        debounce = setTimeout(applyText, TEXT_DEBOUNCE_MS);
      },
      applyTextNow: applyText,
      reload,
      showArticle(articleNo) {
        if (debounce !== null) clearTimeout(debounce);
        debounce = null;
        typeChosen = true;
        set({ textInput: articleNo, textError: null, filters: { articleType: 'all', balance: 'all', text: articleNo } });
        reload();
      },
      refresh,
      ensureRows(start, end) {
        wanted = { start, end };
        if (rangeTimer !== null) return;
        rangeTimer = setTimeout(() => {
          rangeTimer = null;
          if (wanted === null) return;
          const first = Math.max(0, Math.floor(wanted.start / BALANCE_PAGE_SIZE));
          const last = Math.max(first, Math.floor(wanted.end / BALANCE_PAGE_SIZE));
          for (let page = first; page <= last; page++) fetchPage(page);
        }, RANGE_SETTLE_MS);
      },
      rowAt(index) {
        return get().pages.get(Math.floor(index / BALANCE_PAGE_SIZE))?.[index % BALANCE_PAGE_SIZE];
      },

      setIndividualsStatus(individualsStatus) {
        set({ individualsStatus });
        loadIndividuals(true);
      },
      loadMoreIndividuals() {
        loadIndividuals(!get().individualsLoaded && !get().individualsLoading);
      },

      async lookupArticle(articleNo) {
        const result = await transport.invoke('article.lookup', { articleNo });
        if (!result.ok) onError(result.error);
        return result;
      },

      async adjust(args) {
        const valid = parseWith(contract['stock.adjust'].input, args);
        if (!valid.ok) return valid;
        const result = await transport.invoke('stock.adjust', args);
        if (!result.ok) onError(result.error);
        else refresh();
        return result;
      },
    };
  });

  transport.on('data.changed', ({ tables }) => {
    if (tables.some((t) => BALANCE_TABLES.has(t))) store.getState().refresh();
    if (store.getState().individualsLoaded && tables.some((t) => INDIVIDUAL_TABLES.has(t))) {
      store.getState().setIndividualsStatus(store.getState().individualsStatus);
    }
  });
  return store;
}

/** Drops the cached pages farthest from the page just loaded once the cache is full. */
function evict(pages: Map<number, StockBalanceRow[]>, around: number): Map<number, StockBalanceRow[]> {
  if (pages.size <= MAX_CACHED_PAGES) return pages;
  const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
  for (const page of byDistance.slice(0, pages.size - MAX_CACHED_PAGES)) pages.delete(page);
  return pages;
}
