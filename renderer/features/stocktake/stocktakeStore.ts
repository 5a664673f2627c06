import { createStore } from 'zustand/vanilla';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { Saved } from '../../../shared/api/schemas';
import type {
  ApprovalCheck,
  ExceptionsView,
  InvestigationRow,
  LINE_FILTERS,
  LineView,
  StocktakeScanResult,
  StocktakeSummary,
  StocktakeView,
} from '../../../shared/api/stocktake';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import type { StocktakeUncounted } from '../../../shared/domain/model';
import { err, type AppError, type Result } from '../../../shared/result';
import { uiKey, uiText, type UiText } from '../../i18n/uiText';
import { parseCountQuantity } from './quantity';

/** Tables whose change alters a stocktake's merge: counts, hand-overs, approvals, and the ledger it compares with. */
export const STOCKTAKE_TABLES = new Set(['stocktake', 'stocktake_count', 'stocktake_zone_assignment', 'stocktake_approval', 'stock_movement', 'stock_balance', 'individual', 'article']);
/** Rows fetched per call of `stocktake.lines` (the contract allows at most 500). */
export const LINE_PAGE_SIZE = 100;
/** Refreshes after `data.changed` come at most this often: ten scans a second do not merge ten times a second. */
export const REFRESH_MS = 1000;
/** Scans of this session kept in the feed. */
const FEED_SIZE = 30;
const TEXT_DEBOUNCE_MS = 300;

export type LineFilter = (typeof LINE_FILTERS)[number];
export type ScanOutcomeKind = StocktakeScanResult['outcome'] | 'error';
export type CountKind = 'add' | 'replace' | 'recount' | 'keep';

/** The answer to the latest scan or count, as the counting screen shows it. */
export interface ShownScan {
  seq: number;
  outcome: ScanOutcomeKind | 'skipped';
  message: UiText;
  individualNo: string | null;
  /** A scan outside the scope: the text to send again with `confirmOutOfScope` ("Räkna ändå"). */
  question: string | null;
  /** An unknown individual number ("Registrera individ"). */
  unknownNo: string | null;
}

/** One scan (or count) of this session in the feed, newest first. */
export interface FeedEntry {
  seq: number;
  at: string;
  outcome: ScanOutcomeKind;
  message: string;
  individualNo: string | null;
  /** An individual's scan that was recorded: "Ångra" takes it back. */
  undoable: boolean;
  undone: boolean;
}

export interface StocktakeState {
  list: StocktakeSummary[] | null;
  listError: AppError | null;

  openId: string | null;
  view: StocktakeView | null;
  viewError: AppError | null;
  /** The zone this workstation counts in (every scan carries it). */
  zoneId: string | null;
  zoneError: UiText | null;

  lastScan: ShownScan | null;
  feed: FeedEntry[];
  /** The line of the last scanned or counted article (its quantity field). */
  activeLine: LineView | null;
  countError: UiText | null;
  counting: CountKind | null;

  linesFilter: LineFilter;
  linesText: string;
  linesTextInput: string;
  linesTotal: number | null;
  linesPages: ReadonlyMap<number, LineView[]>;
  linesGeneration: number;
  linesError: AppError | null;
  /** A refusal of a line's decision (recount, keep), by article id. */
  lineErrors: Record<string, UiText>;

  exceptions: ExceptionsView | null;
  exceptionsError: AppError | null;

  approvalCheck: ApprovalCheck | null;
  approvalError: AppError | null;
  approving: boolean;

  investigation: InvestigationRow[] | null;
  investigationError: AppError | null;
  /** Lists on screen now, kept up to date on `data.changed` (the counting screen is, while open). */
  shown: { list: boolean; investigation: boolean; stocktake: boolean };

  setShown(part: keyof StocktakeState['shown'], on: boolean): void;
  loadList(): Promise<void>;
  create(input: HandlerArgs<'stocktake.create'>): Promise<Result<Saved>>;
  /** Opens a stocktake (its progress, zones, workstations). */
  open(id: string): Promise<void>;
  /** Fetches what is shown of the open stocktake again (view, loaded lines, exceptions). */
  refresh(): Promise<void>;
  chooseZone(zoneId: string | null): Promise<Result<unknown>>;
  /** Every scan of the counting screen: one at a time, in the order they came. */
  scan(text: string, confirmOutOfScope?: boolean): Promise<void>;
  /** "Hoppa över": the question of a scan outside the scope is dropped, nothing is counted. */
  skipQuestion(): void;
  /** A typed count of a non-tracked article (add, replace), or a line's decision (recount, keep). */
  count(articleId: string, kind: CountKind, quantityText?: string): Promise<Result<StocktakeScanResult>>;
  undoScan(entry: FeedEntry): Promise<void>;
  clearCountError(): void;

  setLinesFilter(filter: LineFilter): void;
  setLinesTextInput(text: string): void;
  applyLinesTextNow(): void;
  reloadLines(): void;
  ensureLines(start: number, end: number): void;
  lineAt(index: number): LineView | undefined;

  loadExceptions(): Promise<void>;
  loadApprovalCheck(): Promise<void>;
  approve(uncounted: StocktakeUncounted): Promise<Result<Saved>>;

  loadInvestigation(): Promise<void>;
  resolveInvestigation(args: HandlerArgs<'stocktake.resolveInvestigation'>): Promise<Result<Saved>>;
}

export type StocktakeStore = ReturnType<typeof createStocktakeStore>;

const shownOf = (seq: number, r: StocktakeScanResult, text: string): ShownScan => ({
  seq,
  outcome: r.outcome,
  message: uiText(r.message),
  individualNo: r.individualNo,
  question: r.outcome === 'outOfScope' ? text : null,
  unknownNo: r.outcome === 'unknown' ? r.individualNo : null,
});

export function createStocktakeStore(transport: Transport, onError: (error: AppError) => void, clock: { now: () => number } = Date) {
  let listSeq = 0;
  let openSeq = 0;
  let scanSeq = 0;
  let exceptionsSeq = 0;
  let checkSeq = 0;
  let generationCounter = 0;
  const inFlight = new Set<string>();
  let textTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRefresh = Number.NEGATIVE_INFINITY;
  // One write at a time: scans, counts and undos keep their order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const store = createStore<StocktakeState>()((set, get) => {
    const linesArgs = (offset: number) => {
      const { openId, linesFilter, linesText } = get();
      return { id: openId ?? '', filter: linesFilter, text: linesText, offset, limit: LINE_PAGE_SIZE };
    };

    const fetchLinesPage = (page: number, generation: number, force = false): Promise<void> => {
      const key = `${generation}:${page}`;
      if (inFlight.has(key) || (!force && get().linesPages.has(page))) return Promise.resolve();
      inFlight.add(key);
      return transport.invoke('stocktake.lines', linesArgs(page * LINE_PAGE_SIZE)).then((result) => {
        inFlight.delete(key);
        if (get().linesGeneration !== generation) return;
        if (!result.ok) {
          onError(result.error);
          set({ linesError: result.error });
          return;
        }
        const pages = new Map(get().linesPages);
        pages.set(page, result.value.lines);
        set({ linesPages: pages, linesTotal: result.value.total, linesError: null });
      });
    };

    /** Puts a changed line into the loaded pages and the quantity panel, so the screen follows at once. */
    const placeLine = (line: LineView | null) => {
      if (line === null) return;
      const pages = get().linesPages;
      let changed = false;
      const next = new Map<number, LineView[]>();
      for (const [n, rows] of pages) {
        const i = rows.findIndex((r) => r.articleId === line.articleId);
        if (i >= 0) {
          changed = true;
          next.set(n, rows.map((r, k) => (k === i ? line : r)));
        } else next.set(n, rows);
      }
      set({ ...(changed ? { linesPages: next } : {}), ...(get().activeLine?.articleId === line.articleId || !line.tracked ? { activeLine: line } : {}) });
    };

    const pushFeed = (entry: FeedEntry) => set({ feed: [entry, ...get().feed].slice(0, FEED_SIZE) });

    return {
      list: null,
      listError: null,
      openId: null,
      view: null,
      viewError: null,
      zoneId: null,
      zoneError: null,
      lastScan: null,
      feed: [],
      activeLine: null,
      countError: null,
      counting: null,
      linesFilter: 'all',
      linesText: '',
      linesTextInput: '',
      linesTotal: null,
      linesPages: new Map(),
      linesGeneration: 0,
      linesError: null,
      lineErrors: {},
      exceptions: null,
      exceptionsError: null,
      approvalCheck: null,
      approvalError: null,
      approving: false,
      investigation: null,
      investigationError: null,
      shown: { list: false, investigation: false, stocktake: false },

      setShown(part, on) {
        set({ shown: { ...get().shown, [part]: on } });
      },

      async loadList() {
        const seq = ++listSeq;
        const result = await transport.invoke('stocktake.list', {});
        if (seq !== listSeq) return;
        if (!result.ok) {
          onError(result.error);
          set({ listError: result.error });
          return;
        }
        set({ list: result.value, listError: null });
      },

      async create(input) {
        const valid = parseWith(contract['stocktake.create'].input, input);
        if (!valid.ok) return valid;
        const result = await transport.invoke('stocktake.create', valid.value);
        if (!result.ok) onError(result.error);
        else void get().loadList();
        return result;
      },

      async open(id) {
        const seq = ++openSeq;
        const same = get().openId === id;
        if (!same) {
          set({
            openId: id,
            view: null,
            viewError: null,
            zoneId: null,
            zoneError: null,
            lastScan: null,
            feed: [],
            activeLine: null,
            countError: null,
            exceptions: null,
            approvalCheck: null,
            linesTotal: null,
            linesPages: new Map(),
            linesGeneration: ++generationCounter,
            lineErrors: {},
          });
        }
        const result = await transport.invoke('stocktake.get', { id });
        if (seq !== openSeq || get().openId !== id) return;
        if (!result.ok) {
          onError(result.error);
          set({ viewError: result.error, view: null });
          return;
        }
        lastRefresh = clock.now();
        // The zone handed to this workstation is the one it counts in (after a restart too).
        const mine = result.value.zones.find((z) => z.mine);
        set({ view: result.value, viewError: null, ...(get().zoneId === null && mine ? { zoneId: mine.id } : {}) });
      },

      async refresh() {
        const { openId, linesTotal, linesGeneration, linesPages, exceptions } = get();
        if (openId === null) return;
        lastRefresh = clock.now();
        const work: Promise<unknown>[] = [get().open(openId)];
        if (linesTotal !== null) for (const page of linesPages.keys()) work.push(fetchLinesPage(page, linesGeneration, true));
        if (linesTotal !== null && linesPages.size === 0) work.push(fetchLinesPage(0, linesGeneration, true));
        if (exceptions !== null) work.push(get().loadExceptions());
        await Promise.all(work);
      },

      chooseZone(zoneId) {
        return serial(async (): Promise<Result<unknown>> => {
          const id = get().openId;
          if (id === null) return err('no-stocktake', 'no stocktake open');
          set({ zoneError: null });
          if (zoneId === null) {
            set({ zoneId: null });
            return { ok: true, value: null };
          }
          const result = await transport.invoke('stocktake.assignZone', { id, zoneId });
          if (get().openId !== id) return result;
          if (!result.ok) {
            onError(result.error);
            set({ zoneError: uiText(result.error.message) });
            return result;
          }
          set({ zoneId });
          await get().open(id);
          return result;
        });
      },

      scan(text, confirmOutOfScope = false) {
        return serial(async () => {
          const id = get().openId;
          const seq = ++scanSeq;
          if (id === null || text.trim() === '') return;
          const result = await transport.invoke('stocktake.scan', { id, text: text.trim(), zoneId: get().zoneId, confirmOutOfScope });
          if (get().openId !== id) return;
          const at = new Date(clock.now()).toISOString();
          if (!result.ok) {
            onError(result.error);
            const message = result.error.message;
            set({ lastScan: { seq, outcome: 'error', message: uiText(message), individualNo: null, question: null, unknownNo: null } });
            pushFeed({ seq, at, outcome: 'error', message, individualNo: null, undoable: false, undone: false });
            return;
          }
          const r = result.value;
          set({ lastScan: shownOf(seq, r, text.trim()), countError: null });
          placeLine(r.line);
          if (r.outcome !== 'outOfScope') {
            pushFeed({ seq, at, outcome: r.outcome, message: r.message, individualNo: r.individualNo, undoable: r.recorded && r.individualNo !== null, undone: false });
          }
        });
      },

      skipQuestion() {
        const last = get().lastScan;
        if (last?.question) set({ lastScan: { ...last, question: null, outcome: 'skipped', message: uiKey('stocktake.count.skipped', { code: last.question }) } });
      },

      count(articleId, kind, quantityText = '0') {
        return serial(async (): Promise<Result<StocktakeScanResult>> => {
          const id = get().openId;
          if (id === null) return err('no-stocktake', 'no stocktake open');
          let quantity = 0;
          if (kind === 'add' || kind === 'replace' || (kind === 'recount' && quantityText !== '')) {
            const parsed = parseCountQuantity(quantityText);
            if (!parsed.ok) {
              set(kind === 'recount' ? { lineErrors: { ...get().lineErrors, [articleId]: parsed.error } } : { countError: parsed.error });
              return err('invalid-quantity', 'quantity');
            }
            quantity = parsed.value;
          }
          set({ counting: kind, countError: null });
          const result = await transport.invoke('stocktake.count', { id, articleId, kind, quantity, zoneId: get().zoneId });
          if (get().openId !== id) return result;
          const { [articleId]: _dropped, ...otherErrors } = get().lineErrors;
          if (!result.ok) {
            onError(result.error);
            const message = uiText(result.error.message);
            set(kind === 'add' || kind === 'replace' ? { counting: null, countError: message } : { counting: null, lineErrors: { ...otherErrors, [articleId]: message } });
            return result;
          }
          const seq = ++scanSeq;
          const r = result.value;
          set({ counting: null, lineErrors: otherErrors, lastScan: shownOf(seq, r, '') });
          placeLine(r.line);
          pushFeed({ seq, at: new Date(clock.now()).toISOString(), outcome: r.outcome, message: r.message, individualNo: null, undoable: false, undone: false });
          return result;
        });
      },

      undoScan(entry) {
        return serial(async () => {
          const id = get().openId;
          if (id === null || entry.individualNo === null || entry.undone) return;
          const result = await transport.invoke('stocktake.undoScan', { id, individualNo: entry.individualNo, zoneId: get().zoneId });
          if (get().openId !== id) return;
          const seq = ++scanSeq;
          if (!result.ok) {
            onError(result.error);
            set({ lastScan: { seq, outcome: 'error', message: uiText(result.error.message), individualNo: entry.individualNo, question: null, unknownNo: null } });
            return;
          }
          // Every scan of that individual in the feed is taken back together.
          set({
            feed: get().feed.map((f) => (f.individualNo === entry.individualNo && f.undoable ? { ...f, undone: true } : f)),
            lastScan: { seq, outcome: 'skipped', message: uiText(result.value.message), individualNo: entry.individualNo, question: null, unknownNo: null },
          });
          placeLine(result.value.line);
        });
      },

      clearCountError() {
        if (get().countError !== null) set({ countError: null });
      },

      setLinesFilter(filter) {
        if (filter === get().linesFilter) return;
        set({ linesFilter: filter });
        get().reloadLines();
      },
      setLinesTextInput(text) {
        set({ linesTextInput: text });
        if (textTimer) clearTimeout(textTimer);
        textTimer = setTimeout(() => get().applyLinesTextNow(), TEXT_DEBOUNCE_MS);
      },
      applyLinesTextNow() {
        if (textTimer) clearTimeout(textTimer);
        textTimer = null;
        const text = get().linesTextInput.trim().slice(0, 100);
        if (text === get().linesText && get().linesTotal !== null) return;
        set({ linesText: text });
        get().reloadLines();
      },
      reloadLines() {
        const generation = ++generationCounter;
        set({ linesGeneration: generation, linesPages: new Map(), linesTotal: null, linesError: null });
        if (get().openId !== null) void fetchLinesPage(0, generation);
      },
      ensureLines(start, end) {
        const { linesGeneration, openId } = get();
        if (openId === null) return;
        for (let p = Math.floor(start / LINE_PAGE_SIZE); p <= Math.floor(end / LINE_PAGE_SIZE); p++) void fetchLinesPage(p, linesGeneration);
      },
      lineAt(index) {
        return get().linesPages.get(Math.floor(index / LINE_PAGE_SIZE))?.[index % LINE_PAGE_SIZE];
      },

      async loadExceptions() {
        const id = get().openId;
        if (id === null) return;
        const seq = ++exceptionsSeq;
        const result = await transport.invoke('stocktake.exceptions', { id });
        if (seq !== exceptionsSeq || get().openId !== id) return;
        if (!result.ok) {
          onError(result.error);
          set({ exceptionsError: result.error });
          return;
        }
        set({ exceptions: result.value, exceptionsError: null });
      },

      async loadApprovalCheck() {
        const id = get().openId;
        if (id === null) return;
        const seq = ++checkSeq;
        set({ approvalError: null });
        const result = await transport.invoke('stocktake.approvalCheck', { id });
        if (seq !== checkSeq || get().openId !== id) return;
        if (!result.ok) {
          onError(result.error);
          set({ approvalError: result.error, approvalCheck: null });
          return;
        }
        set({ approvalCheck: result.value });
      },

      approve(uncounted) {
        return serial(async (): Promise<Result<Saved>> => {
          const id = get().openId;
          const check = get().approvalCheck;
          if (id === null || check === null) return err('no-check', 'no approval check');
          set({ approving: true, approvalError: null });
          const result = await transport.invoke('stocktake.approve', { id, uncounted, digest: check.digest });
          set({ approving: false });
          if (!result.ok) {
            onError(result.error);
            set({ approvalError: result.error });
            return result;
          }
          await Promise.all([get().open(id), get().loadList()]);
          get().reloadLines();
          return result;
        });
      },

      async loadInvestigation() {
        const result = await transport.invoke('stocktake.investigation', {});
        if (!result.ok) {
          onError(result.error);
          set({ investigationError: result.error });
          return;
        }
        set({ investigation: result.value, investigationError: null });
      },

      async resolveInvestigation(args) {
        const valid = parseWith(contract['stocktake.resolveInvestigation'].input, args);
        if (!valid.ok) return valid;
        const result = await transport.invoke('stocktake.resolveInvestigation', valid.value);
        if (!result.ok) onError(result.error);
        else await get().loadInvestigation();
        return result;
      },
    };
  });

  /** At most one refresh per REFRESH_MS: the first change at once, the rest gathered into one. */
  const refreshSoon = () => {
    if (refreshTimer !== null) return;
    const wait = Math.max(0, lastRefresh + REFRESH_MS - clock.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void store.getState().refresh();
    }, wait);
  };

  transport.on('data.changed', ({ tables }) => {
    if (!tables.some((t) => STOCKTAKE_TABLES.has(t))) return;
    const s = store.getState();
    if (s.shown.list) void s.loadList();
    if (s.shown.investigation) void s.loadInvestigation();
    if (s.shown.stocktake && s.openId !== null && s.view !== null) refreshSoon();
  });
  return store;
}
