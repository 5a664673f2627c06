import { createStore } from 'zustand/vanilla';
import type { IndividualDetails, IndividualSummary } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { parseIndividualQuery } from '../../../shared/domain/individual/search';
import type { AppError } from '../../../shared/result';

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
  /** A refusal to show under the search field (too short, invalid characters, backend refusal). */
  message: string | null;
  searching: boolean;
  list: SearchList | null;

  detailsId: string | null;
  details: IndividualDetails | null;
  detailsError: AppError | null;
  detailsLoading: boolean;

  setQueryInput(value: string): void;
  /** Runs the search; resolves to the individual to open when the number was complete. */
  search(): Promise<IndividualSummary | null>;
  loadDetails(id: string): Promise<void>;
}

export type IndividualStore = ReturnType<typeof createIndividualStore>;

export function createIndividualStore(transport: Transport, onError: (error: AppError) => void) {
  let searchSeq = 0;
  let detailsSeq = 0;
  return createStore<IndividualState>()((set, get) => ({
    queryInput: '',
    message: null,
    searching: false,
    list: null,

    detailsId: null,
    details: null,
    detailsError: null,
    detailsLoading: false,

    setQueryInput(queryInput) {
      set({ queryInput });
    },

    async search() {
      const query = get().queryInput.trim();
      // The shared rule decides before anything is sent: fewer than 3 characters is no query.
      const parsed = parseIndividualQuery(query);
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
  }));
}
