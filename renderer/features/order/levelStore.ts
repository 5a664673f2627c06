import { createStore } from 'zustand/vanilla';
import { contract } from '../../../shared/api/contract';
import type { OrderArticleView, StockLevelRow } from '../../../shared/api/order';
import type { Saved } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import { levelRefusal } from '../../../shared/domain/order/rules';
import { err, type AppError, type Result } from '../../../shared/result';

/** Tables whose change alters the levels or the available balances beside them. */
const LEVEL_TABLES = new Set(['stock_level', 'stock_balance']);
/** Levels fetched per call (the contract allows at most 500). */
export const LEVEL_PAGE_SIZE = 500;

export interface LevelState {
  text: string;
  rows: StockLevelRow[] | null;
  loading: boolean;
  error: AppError | null;
  /** The article whose level was saved last (highlighted in the list). */
  savedArticleId: string | null;

  setText(text: string): void;
  load(): Promise<void>;
  lookupArticle(code: string): Promise<Result<OrderArticleView>>;
  /**
   * Sets an article's min and max level (store admins). The shared rule checks the pair first
   * (max below min is refused here as it is in the backend), then the contract's schema.
   */
  setLevel(args: { articleId: string; minLevel: number; maxLevel: number }): Promise<Result<Saved>>;
}

export type LevelStore = ReturnType<typeof createLevelStore>;

export function createLevelStore(transport: Transport, onError: (error: AppError) => void) {
  let seq = 0;
  const store = createStore<LevelState>()((set, get) => ({
    text: '',
    rows: null,
    loading: false,
    error: null,
    savedArticleId: null,

    setText(text) {
      set({ text });
      void get().load();
    },
    async load() {
      const mine = ++seq;
      set({ loading: true });
      const result = await transport.invoke('stock.levels', { text: get().text.trim(), limit: LEVEL_PAGE_SIZE });
      if (mine !== seq) return;
      if (!result.ok) {
        onError(result.error);
        set({ loading: false, error: result.error });
        return;
      }
      set({ loading: false, rows: result.value, error: null });
    },
    async lookupArticle(code) {
      const valid = parseWith(contract['order.article'].input, { code });
      if (!valid.ok) return valid;
      const result = await transport.invoke('order.article', { code: valid.value.code });
      if (!result.ok) onError(result.error);
      return result;
    },
    async setLevel(args) {
      const refusal = levelRefusal(args.minLevel, args.maxLevel);
      if (refusal !== null) {
        return err('invalid-input', refusal, { issues: [{ path: [args.maxLevel < args.minLevel ? 'maxLevel' : 'minLevel'], message: refusal }] });
      }
      const valid = parseWith(contract['stock.setLevel'].input, args);
      if (!valid.ok) return valid;
      const result = await transport.invoke('stock.setLevel', args);
      if (!result.ok) onError(result.error);
      else {
        set({ savedArticleId: args.articleId });
        await get().load();
      }
      return result;
    },
  }));

  transport.on('data.changed', ({ tables }) => {
    if (store.getState().rows !== null && tables.some((t) => LEVEL_TABLES.has(t))) void store.getState().load();
  });
  return store;
}
