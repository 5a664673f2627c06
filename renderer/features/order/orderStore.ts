import { createStore } from 'zustand/vanilla';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { CreatedOrders, OrderArticleView, OrderDetails, OrderSummary, OrderTemplate } from '../../../shared/api/order';
import type { Saved } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import { MAX_ORDER_QUANTITY } from '../../../shared/domain/order/rules';
import { err, ok, type AppError, type Result } from '../../../shared/result';
import { uiKey, uiText, type UiText } from '../../i18n/uiText';

/** Tables whose change alters the store's orders, templates or the suggestion (the `data.changed` event). */
const ORDER_TABLES = new Set(['customer_order', 'customer_order_line', 'purchase_order']);
const TEMPLATE_TABLES = new Set(['order_template']);
/** Tables whose change alters the suggestion (levels, balances, issues). */
const SUGGESTION_TABLES = new Set(['stock_level', 'stock_balance']);

/** How a cart was started: the min/max suggestion, a beställningsmall, or empty (lines typed or scanned). */
export type CartSource = 'suggestion' | 'template' | 'new';
export type OrderKindChoice = 'replenishment' | 'stockTransfer';

export interface CartLine {
  article: OrderArticleView;
  /** Null while the field is empty (nothing valid typed yet). */
  quantity: number | null;
  /** Ticked lines are ordered; the rest stay in the cart. */
  ticked: boolean;
  /** The suggestion's levels and issues, for lines that came from it. */
  suggestion: { minLevel: number; maxLevel: number; issuedLast90Days: number; onOrder: number } | null;
}

/** What the last add to the cart did (shown beside the Artikel field, and announced). */
export type AddFeedback =
  | { kind: 'added'; articleNo: string; name: string; quantity: number; total: number; warning: string | null }
  | { kind: 'refused'; message: UiText };

export interface OrderListQuery {
  show: 'open' | 'all';
  text: string;
}

export interface OrderState {
  source: CartSource;
  kind: OrderKindChoice;
  lines: CartLine[];
  suggestionDays: number;
  suggestionLoading: boolean;
  /** The suggestion was fetched for this cart (an empty answer is "nothing below min"). */
  suggestionLoaded: boolean;
  addFeedback: AddFeedback | null;
  /**
   * Suggested articles this cart no longer wants (removed, or just ordered): a fetched suggestion
   * leaves them out until the cart starts over, so nothing is ordered twice by returning to the tab.
   */
  dismissed: ReadonlySet<string>;
  /** Lines whose quantity is not valid, by article id. */
  lineErrors: Record<string, UiText>;
  registering: boolean;
  registerError: UiText | null;
  /** The answer of the last registration (message, provisional numbers, warnings). */
  created: CreatedOrders | null;

  templates: OrderTemplate[] | null;
  templatesError: AppError | null;

  ordersQuery: OrderListQuery;
  orders: OrderSummary[] | null;
  ordersLoading: boolean;
  ordersError: AppError | null;

  detailsId: string | null;
  details: OrderDetails | null;
  detailsError: AppError | null;

  /** Starts the cart over from another source (the lines so far are dropped). */
  setSource(source: CartSource): void;
  setKind(kind: OrderKindChoice): void;
  /** Fetches the suggestion and puts its lines into the cart (articles already there keep their line). */
  loadSuggestion(): Promise<void>;
  /** A template's lines into the cart (quantities add up for articles already there). */
  addTemplate(templateId: string): void;
  /**
   * One article into the cart by article number, GTIN or a scanned GS1 code: the one entry for
   * the Artikel field and for scans on this screen. The same article again adds to its line.
   */
  addArticle(code: string, quantity?: number): Promise<Result<OrderArticleView>>;
  setTicked(articleId: string, ticked: boolean): void;
  setAllTicked(ticked: boolean): void;
  setQuantity(articleId: string, quantity: number | null): void;
  removeLine(articleId: string): void;
  clearCart(): void;
  /** Registers the ticked lines; the backend splits them per supplier. Ordered lines leave the cart. */
  register(): Promise<Result<CreatedOrders>>;
  dismissCreated(): void;

  loadTemplates(): Promise<void>;
  saveTemplate(args: HandlerArgs<'orderTemplate.save'>): Promise<Result<Saved>>;
  deleteTemplate(templateId: string): Promise<Result<Saved>>;
  /** An article for a template line (same lookup as the cart's). */
  lookupArticle(code: string): Promise<Result<OrderArticleView>>;

  setOrdersQuery(query: Partial<OrderListQuery>): void;
  loadOrders(): Promise<void>;
  loadDetails(id: string): Promise<void>;
}

export type OrderStore = ReturnType<typeof createOrderStore>;

/** The first issue's own words (the contract's Swedish message, without the "Ogiltiga uppgifter" prefix). */
const firstIssue = (error: AppError): string => (error.details?.issues as { message: string }[] | undefined)?.[0]?.message ?? error.message;

/** A line's quantity as the contract takes it, or why not (the contract's own schema decides). */
function quantityProblem(quantity: number | null): UiText | null {
  if (quantity === null) return uiKey('order.cart.errors.quantityMissing');
  const parsed = parseWith(contract['order.create'].input.shape.lines.element.shape.quantity, quantity);
  return parsed.ok ? null : uiText(firstIssue(parsed.error));
}

const clampQuantity = (n: number) => Math.min(MAX_ORDER_QUANTITY, n);

export function createOrderStore(transport: Transport, onError: (error: AppError) => void) {
  let ordersSeq = 0;
  let detailsSeq = 0;

  const store = createStore<OrderState>()((set, get) => {
    /** Adds lines; an article already in the cart gets the quantity added (or is left as it is). */
    const merge = (incoming: CartLine[], onDuplicate: 'add' | 'keep'): void => {
      const lines = [...get().lines];
      for (const line of incoming) {
        const i = lines.findIndex((l) => l.article.articleId === line.article.articleId);
        if (i < 0) lines.push(line);
        else if (onDuplicate === 'add') {
          const existing = lines[i]!;
          lines[i] = {
            ...existing,
            quantity: clampQuantity((existing.quantity ?? 0) + (line.quantity ?? 0)),
            ticked: existing.article.refusal === null,
          };
        }
      }
      set({ lines, created: null });
    };

    return {
      source: 'suggestion',
      kind: 'replenishment',
      lines: [],
      suggestionDays: 90,
      suggestionLoading: false,
      suggestionLoaded: false,
      addFeedback: null,
      dismissed: new Set(),
      lineErrors: {},
      registering: false,
      registerError: null,
      created: null,

      templates: null,
      templatesError: null,

      ordersQuery: { show: 'open', text: '' },
      orders: null,
      ordersLoading: false,
      ordersError: null,

      detailsId: null,
      details: null,
      detailsError: null,

      setSource(source) {
        // "Börja från" starts the cart over: the suggestion, a template's lines, or nothing.
        if (source !== get().source) set({ lines: [], lineErrors: {}, addFeedback: null, registerError: null, suggestionLoaded: false, dismissed: new Set() });
        set({ source });
        if (source === 'suggestion' && !get().suggestionLoaded && !get().suggestionLoading) void get().loadSuggestion();
        if (source === 'template' && get().templates === null) void get().loadTemplates();
      },
      setKind(kind) {
        set({ kind });
      },

      async loadSuggestion() {
        set({ suggestionLoading: true });
        const result = await transport.invoke('order.suggestion', {});
        if (!result.ok) {
          onError(result.error);
          set({ suggestionLoading: false, registerError: uiText(result.error.message) });
          return;
        }
        set({ suggestionLoading: false, suggestionLoaded: true, suggestionDays: result.value.days });
        const dismissed = get().dismissed;
        merge(
          result.value.rows.filter((r) => !dismissed.has(r.articleId)).map(({ quantity, minLevel, maxLevel, issuedLast90Days, onOrder, ...article }) => ({
            article,
            quantity,
            ticked: article.refusal === null,
            suggestion: { minLevel, maxLevel, issuedLast90Days, onOrder },
          })),
          'keep',
        );
      },

      addTemplate(templateId) {
        const template = get().templates?.find((t) => t.templateId === templateId);
        if (!template) return;
        merge(
          template.lines.map(({ quantity, ...article }) => ({ article, quantity, ticked: article.refusal === null, suggestion: null })),
          'add',
        );
      },

      async addArticle(code, quantity = 1) {
        const problem = quantityProblem(quantity);
        if (problem !== null) {
          set({ addFeedback: { kind: 'refused', message: problem } });
          return err('invalid-input', 'text' in problem ? problem.text : problem.key);
        }
        const found = await get().lookupArticle(code);
        if (!found.ok) {
          set({ addFeedback: { kind: 'refused', message: uiText(found.error.message) } });
          return found;
        }
        const article = found.value;
        // Utgången: can never be ordered anew; said at the field, the cart unchanged.
        if (article.refusal !== null) {
          set({ addFeedback: { kind: 'refused', message: uiText(article.refusal) } });
          return err('article-gone', article.refusal);
        }
        merge([{ article, quantity, ticked: true, suggestion: null }], 'add');
        const total = get().lines.find((l) => l.article.articleId === article.articleId)?.quantity ?? quantity;
        set({ addFeedback: { kind: 'added', articleNo: article.articleNo, name: article.name, quantity, total, warning: article.warning } });
        return found;
      },

      setTicked(articleId, ticked) {
        set({ lines: get().lines.map((l) => (l.article.articleId === articleId && l.article.refusal === null ? { ...l, ticked } : l)) });
      },
      setAllTicked(ticked) {
        set({ lines: get().lines.map((l) => (l.article.refusal === null ? { ...l, ticked } : l)) });
      },
      setQuantity(articleId, quantity) {
        const { [articleId]: _dropped, ...lineErrors } = get().lineErrors;
        set({ lines: get().lines.map((l) => (l.article.articleId === articleId ? { ...l, quantity } : l)), lineErrors });
      },
      removeLine(articleId) {
        const { [articleId]: _dropped, ...lineErrors } = get().lineErrors;
        set({ lines: get().lines.filter((l) => l.article.articleId !== articleId), lineErrors, dismissed: new Set([...get().dismissed, articleId]) });
      },
      clearCart() {
        set({ lines: [], lineErrors: {}, addFeedback: null, registerError: null, suggestionLoaded: false, dismissed: new Set() });
      },

      async register() {
        if (get().registering) return err('busy', 'busy');
        const ticked = get().lines.filter((l) => l.ticked);
        if (ticked.length === 0) {
          set({ registerError: uiKey('order.cart.errors.noLines') });
          return err('no-lines', 'no lines ticked');
        }
        const lineErrors: Record<string, UiText> = {};
        for (const l of ticked) {
          const problem = quantityProblem(l.quantity);
          if (problem !== null) lineErrors[l.article.articleId] = problem;
        }
        if (Object.keys(lineErrors).length > 0) {
          set({ lineErrors, registerError: uiKey('order.cart.errors.fixQuantities') });
          return err('invalid-input', 'quantities');
        }
        const args: HandlerArgs<'order.create'> = {
          kind: get().kind,
          lines: ticked.map((l) => ({ articleId: l.article.articleId, quantity: l.quantity ?? 0 })),
        };
        const valid = parseWith(contract['order.create'].input, args);
        if (!valid.ok) {
          set({ registerError: uiText(firstIssue(valid.error)) });
          return valid;
        }
        set({ registering: true, registerError: null, lineErrors: {} });
        const result = await transport.invoke('order.create', args);
        if (!result.ok) {
          onError(result.error);
          set({ registering: false, registerError: uiText(result.error.message) });
          return result;
        }
        const ordered = new Set(ticked.map((l) => l.article.articleId));
        set({
          registering: false,
          created: result.value,
          lines: get().lines.filter((l) => !ordered.has(l.article.articleId)),
          dismissed: new Set([...get().dismissed, ...ordered]),
          addFeedback: null,
        });
        void get().loadOrders();
        return result;
      },
      dismissCreated() {
        set({ created: null });
      },

      async loadTemplates() {
        const result = await transport.invoke('orderTemplate.list', {});
        if (!result.ok) {
          onError(result.error);
          set({ templatesError: result.error });
          return;
        }
        set({ templates: result.value, templatesError: null });
      },
      async saveTemplate(args) {
        const valid = parseWith(contract['orderTemplate.save'].input, args);
        if (!valid.ok) return valid;
        const result = await transport.invoke('orderTemplate.save', args);
        if (!result.ok) onError(result.error);
        else await get().loadTemplates();
        return result;
      },
      async deleteTemplate(templateId) {
        const result = await transport.invoke('orderTemplate.delete', { templateId });
        if (!result.ok) onError(result.error);
        else await get().loadTemplates();
        return result;
      },
      async lookupArticle(code) {
        const valid = parseWith(contract['order.article'].input, { code });
        if (!valid.ok) return err('invalid-input', firstIssue(valid.error));
        const result = await transport.invoke('order.article', { code: valid.value.code });
        if (!result.ok) onError(result.error);
        return result.ok ? ok(result.value) : result;
      },

      setOrdersQuery(query) {
        set({ ordersQuery: { ...get().ordersQuery, ...query } });
        void get().loadOrders();
      },
      async loadOrders() {
        const seq = ++ordersSeq;
        set({ ordersLoading: true });
        const { show, text } = get().ordersQuery;
        const result = await transport.invoke('order.list', { show, text: text.trim() });
        if (seq !== ordersSeq) return;
        if (!result.ok) {
          onError(result.error);
          set({ ordersLoading: false, ordersError: result.error });
          return;
        }
        set({ ordersLoading: false, orders: result.value, ordersError: null });
      },
      async loadDetails(id) {
        const seq = ++detailsSeq;
        set({ detailsId: id, detailsError: null, details: get().details?.id === id ? get().details : null });
        const result = await transport.invoke('order.get', { id });
        if (seq !== detailsSeq) return;
        if (!result.ok) {
          onError(result.error);
          set({ detailsError: result.error, details: null });
          return;
        }
        set({ details: result.value });
      },
    };
  });

  // A sync that brings case numbers, routes or purchase orders: the lists on screen follow.
  transport.on('data.changed', ({ tables }) => {
    const s = store.getState();
    if (tables.some((t) => ORDER_TABLES.has(t))) {
      if (s.orders !== null) void s.loadOrders();
      if (s.detailsId !== null && s.details !== null) void s.loadDetails(s.detailsId);
    }
    if (s.templates !== null && tables.some((t) => TEMPLATE_TABLES.has(t))) void s.loadTemplates();
    if (s.source === 'suggestion' && s.suggestionLoaded && tables.some((t) => SUGGESTION_TABLES.has(t))) void s.loadSuggestion();
  });
  return store;
}
