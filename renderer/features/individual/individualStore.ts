import { createStore } from 'zustand/vanilla';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { ArticleLookup, IndividualDetails, IndividualSummary, Saved } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import { parseIndividualQuery, type IndividualSearchMode } from '../../../shared/domain/individual/search';
import type { AppError, Result } from '../../../shared/result';

/** Tables whose change can alter an individual's details or history (the `data.changed` event). */
const DETAIL_TABLES = new Set(['individual', 'individual_text', 'stock_movement', 'audit_log']);

type WriteName = 'individual.register' | 'individual.changeNumber' | 'individual.addText';

/** Rows asked for per search; the count beside the list goes to 1,000 ("fler än 1 000"). */
export const SEARCH_LIMIT = 500;

export interface SearchList {
  /** Which search produced the list (a new search is a new list, scrolled to its top). */
  seq: number;
  query: string;
  rows: IndividualSummary[];
  total: number;
  totalCapped: boolean;
}

export interface IndividualState {
  queryInput: string;
  /** The region's individual search (region setting individualSearch, from regionSettings.get). */
  searchMode: IndividualSearchMode;
  /** A refusal to show under the search field (too short, invalid characters, backend refusal). */
  message: string | null;
  searching: boolean;
  list: SearchList | null;

  detailsId: string | null;
  details: IndividualDetails | null;
  detailsError: AppError | null;
  detailsLoading: boolean;
  /** "Sparat": what the last write on an individual did, shown on its page until the next one. */
  notice: { individualId: string; text: string } | null;

  setQueryInput(value: string): void;
  setSearchMode(mode: IndividualSearchMode): void;
  /** Runs the search; resolves to the individual to open when the number was complete. */
  search(): Promise<IndividualSummary | null>;
  loadDetails(id: string): Promise<void>;
  setNotice(notice: { individualId: string; text: string } | null): void;

  /** The register dialog: the article an individual is registered on, by article number. */
  lookupArticle(articleNo: string): Promise<Result<ArticleLookup>>;
  /**
   * The three writes of Individer. The contract's schema is checked here first (the same one the
   * backend applies), so a form shows its Swedish field messages without a round trip; the answer
   * comes after the local commit. The open individual is fetched again after a write.
   */
  register(args: HandlerArgs<'individual.register'>): Promise<Result<Saved>>;
  changeNumber(args: HandlerArgs<'individual.changeNumber'>): Promise<Result<Saved>>;
  addText(args: HandlerArgs<'individual.addText'>): Promise<Result<Saved>>;
}

export type IndividualStore = ReturnType<typeof createIndividualStore>;

export function createIndividualStore(transport: Transport, onError: (error: AppError) => void) {
  let searchSeq = 0;
  let detailsSeq = 0;

  const write = async <N extends WriteName>(name: N, args: HandlerArgs<N>): Promise<Result<Saved>> => {
    const valid = parseWith(contract[name].input, args);
    if (!valid.ok) return valid;
    const result = await transport.invoke(name, args);
    if (!result.ok) onError(result.error);
    else {
      const open = store.getState().detailsId;
      if (open !== null) void store.getState().loadDetails(open);
    }
    return result;
  };

  const store = createStore<IndividualState>()((set, get) => ({
    queryInput: '',
    searchMode: 'both',
    message: null,
    searching: false,
    list: null,

    detailsId: null,
    details: null,
    detailsError: null,
    detailsLoading: false,
    notice: null,

    setQueryInput(queryInput) {
      set({ queryInput });
    },

    setSearchMode(searchMode) {
      set({ searchMode });
    },

    async search() {
      const query = get().queryInput.trim();
      // The shared rule decides before anything is sent: fewer than 3 characters is no query.
      const parsed = parseIndividualQuery(query, get().searchMode);
      if (!parsed.ok) {
        set({ message: parsed.error.message, list: null });
        return null;
      }
      const seq = ++searchSeq;
      set({ searching: true, message: null });
      const result = await transport.invoke('individual.search', { query, limit: SEARCH_LIMIT });
      if (seq !== searchSeq) return null;
      if (!result.ok) {
        onError(result.error);
        set({ searching: false, message: result.error.message, list: null });
        return null;
      }
      if (result.value.match === 'exact') {
        set({ searching: false, list: null });
        return result.value.individual;
      }
      const { rows, total, totalCapped } = result.value;
      set({ searching: false, list: { seq, query, rows, total, totalCapped } });
      return null;
    },

    async loadDetails(id) {
      const seq = ++detailsSeq;
      set({ detailsId: id, detailsLoading: true, detailsError: null, details: get().details?.id === id ? get().details : null });
      const result = await transport.invoke('individual.get', { id });
      if (seq !== detailsSeq) return;
      if (!result.ok) {
        onError(result.error);
        set({ detailsLoading: false, detailsError: result.error, details: null });
        return;
      }
      set({ detailsLoading: false, details: result.value });
    },

    setNotice(notice) {
      set({ notice });
    },

    async lookupArticle(articleNo) {
      const valid = parseWith(contract['article.lookup'].input, { articleNo });
      if (!valid.ok) return valid;
      const result = await transport.invoke('article.lookup', { articleNo: valid.value.articleNo });
      if (!result.ok) onError(result.error);
      return result;
    },
    register: (args) => write('individual.register', args),
    changeNumber: (args) => write('individual.changeNumber', args),
    addText: (args) => write('individual.addText', args),
  }));

  // A write here, or a pulled page from the central server: the open individual's history follows.
  transport.on('data.changed', ({ tables }) => {
    const open = store.getState().detailsId;
    if (open !== null && store.getState().details !== null && tables.some((t) => DETAIL_TABLES.has(t))) void store.getState().loadDetails(open);
  });
  return store;
}
