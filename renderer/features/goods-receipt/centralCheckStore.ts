import { createStore } from 'zustand/vanilla';
import type { CentralDeliveryView } from '../../../shared/api/goods-receipt';
import type { Transport } from '../../../shared/api/transport';
import type { ScanMeaning } from '../../../shared/scan';
import { err, type AppError, type Result } from '../../../shared/result';
import { uiKey, uiText, type UiText } from '../../i18n/uiText';

type Line = CentralDeliveryView['lines'][number];

/** Tables whose change alters the delivery or its deviations (a sync, another workstation). */
const CENTRAL_TABLES = new Set(['customer_order', 'customer_order_line', 'delivery_deviation']);

/** The description of a deviation: mandatory, at most this long. */
export const DEVIATION_TEXT_MAX = 500;

/** What the last scan (or typed code) did. `over`: counted, but more than was delivered. */
export interface CentralScanFeedback {
  outcome: 'ok' | 'over' | 'refused';
  message: UiText;
  lineNo: number | null;
  /** Bumped on every scan, so the same message twice is announced and highlighted again. */
  seq: number;
}

export interface CentralCheckState {
  orderId: string | null;
  view: CentralDeliveryView | null;
  viewError: AppError | null;
  /**
   * Counted per line number. Kept here only, never written: the delivery is already confirmed by
   * central, so checking it is no receipt; only a reported deviation is a write.
   */
  counted: Record<number, number>;
  lastScan: CentralScanFeedback | null;
  reporting: boolean;
  /** Why the deviation was not sent (a missing description, the backend's refusal). */
  reportError: UiText | null;
  /** "Avvikelsen är skickad till centralen" after a report of this delivery. */
  reported: boolean;

  open(orderId: string): Promise<void>;
  /** Every scan of the screen and every code typed into "Skanna/skriv kod" enters here. Null: no delivery open. */
  scan(meaning: ScanMeaning): CentralScanFeedback | null;
  setCounted(lineNo: number, counted: number): void;
  report(text: string): Promise<Result<unknown>>;
  clearReportError(): void;
}

export type CentralCheckStore = ReturnType<typeof createCentralCheckStore>;

const gtin14 = (code: string): string => code.padStart(14, '0');

/**
 * The line a scan counts on: an article number of a line, or a GTIN (from a GS1 code or a bare
 * GTIN-13/14) among a line's GTINs. With the same article on two lines, the first one not yet
 * full takes it.
 */
export function lineOfScan(lines: readonly Line[], counted: Record<number, number>, meaning: ScanMeaning): Line | null {
  const text = meaning.text.trim();
  const articleNo = meaning.kind === 'articleNo' ? meaning.articleNo : text;
  const gtin = meaning.kind === 'gs1' ? meaning.gs1.gtin : /^\d{13,14}$/.test(text) ? text : undefined;
  const wanted = gtin ? gtin14(gtin) : null;
  const matching = lines.filter((l) => l.articleNo === articleNo || (wanted !== null && l.gtins.some((g) => gtin14(g) === wanted)));
  return matching.find((l) => (counted[l.lineNo] ?? 0) < l.quantity) ?? matching[0] ?? null;
}

/** The lines whose counted quantity is not what central delivered. */
export function differingLines(view: CentralDeliveryView, counted: Record<number, number>): Line[] {
  return view.lines.filter((l) => (counted[l.lineNo] ?? 0) !== l.quantity);
}

export function createCentralCheckStore(transport: Transport, onError: (error: AppError) => void) {
  let openSeq = 0;
  let scanSeq = 0;

  const store = createStore<CentralCheckState>()((set, get) => ({
    orderId: null,
    view: null,
    viewError: null,
    counted: {},
    lastScan: null,
    reporting: false,
    reportError: null,
    reported: false,

    async open(orderId) {
      const seq = ++openSeq;
      const same = get().orderId === orderId;
      set({ orderId, viewError: null, ...(same ? {} : { view: null, counted: {}, lastScan: null, reportError: null, reported: false }) });
      const result = await transport.invoke('goodsReceipt.centralDelivery', { orderId });
      if (seq !== openSeq) return;
      if (!result.ok) {
        onError(result.error);
        set({ view: null, viewError: result.error });
        return;
      }
      // A reload (a sync) keeps what was counted on the lines that are still there.
      const before = get().counted;
      const counted: Record<number, number> = {};
      for (const l of result.value.lines) counted[l.lineNo] = before[l.lineNo] ?? 0;
      set({ view: result.value, counted });
    },

    scan(meaning) {
      const view = get().view;
      if (view === null) return null;
      const seq = ++scanSeq;
      const line = lineOfScan(view.lines, get().counted, meaning);
      if (!line) {
        const message =
          meaning.kind === 'unknown' && meaning.text.trim() !== ''
            ? uiKey('centralDelivery.scan.unknown', { code: meaning.text.trim(), reason: meaning.error.message })
            : meaning.kind === 'unknown'
              ? uiText(meaning.error.message)
              : uiKey('centralDelivery.scan.noLine', { code: meaning.text.trim() });
        const feedback: CentralScanFeedback = { outcome: 'refused', message, lineNo: null, seq };
        set({ lastScan: feedback });
        return feedback;
      }
      const counted = (get().counted[line.lineNo] ?? 0) + 1;
      const over = counted > line.quantity;
      const values = { lineNo: line.lineNo, articleNo: line.articleNo, counted, expected: line.quantity };
      const feedback: CentralScanFeedback = {
        outcome: over ? 'over' : 'ok',
        message: uiKey(over ? 'centralDelivery.scan.over' : 'centralDelivery.scan.counted', values),
        lineNo: line.lineNo,
        seq,
      };
      set({ counted: { ...get().counted, [line.lineNo]: counted }, lastScan: feedback, reported: false });
      return feedback;
    },

    setCounted(lineNo, counted) {
      if (!Number.isInteger(counted) || counted < 0) return;
      set({ counted: { ...get().counted, [lineNo]: Math.min(counted, 10_000) }, reported: false });
    },

    async report(text) {
      const { orderId, view, counted } = get();
      if (orderId === null || view === null) return err('no-delivery', 'no delivery open');
      const description = text.trim();
      if (description === '') {
        set({ reportError: uiKey('centralDelivery.report.textMissing') });
        return err('text-missing', 'text');
      }
      if (description.length > DEVIATION_TEXT_MAX) {
        set({ reportError: uiKey('centralDelivery.report.textTooLong', { max: DEVIATION_TEXT_MAX }) });
        return err('text-too-long', 'text');
      }
      set({ reporting: true, reportError: null });
      // Every line, matching or not: central sees the whole check.
      const lines = view.lines.map((l) => ({ articleId: l.articleId, expected: l.quantity, counted: counted[l.lineNo] ?? 0 }));
      const result = await transport.invoke('goodsReceipt.reportDeviation', { orderId, text: description, lines });
      if (get().orderId !== orderId) return result;
      if (!result.ok) {
        onError(result.error);
        set({ reporting: false, reportError: uiText(result.error.message) });
        return result;
      }
      set({ reporting: false, reported: true });
      await get().open(orderId);
      return result;
    },

    clearReportError() {
      if (get().reportError !== null) set({ reportError: null });
    },
  }));

  transport.on('data.changed', ({ tables }) => {
    const s = store.getState();
    if (s.orderId !== null && s.view !== null && tables.some((t) => CENTRAL_TABLES.has(t))) void s.open(s.orderId);
  });
  return store;
}
