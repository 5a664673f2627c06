import { createStore } from 'zustand/vanilla';
import { contract, type HandlerArgs } from '../../../shared/api/contract';
import type { IncomingDelivery, ReceiptView } from '../../../shared/api/goods-receipt';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import { err, ok, type AppError, type Result } from '../../../shared/result';
import { uiKey, uiText, type UiText } from '../../i18n/uiText';

/** Tables whose change alters what is on its way to the store, or the open receipt. */
const INCOMING_TABLES = new Set(['purchase_order', 'customer_order', 'customer_order_line', 'goods_receipt', 'receipt_draft']);
/** Changes from elsewhere (a sync, another screen) that close or alter the open receipt. */
const RECEIPT_TABLES = new Set(['purchase_order', 'goods_receipt']);

export interface IncomingQuery {
  /** "Visa endast okvitterade direktleveranser". */
  onlyUnreceived: boolean;
  /** "Bara mina order" (off: colleagues' orders show too, as in the holidays). */
  mine: boolean;
}

/** What the last scan (or typed code) did: the big feedback area of the receipt screen. */
export interface ScanFeedback {
  outcome: 'ok' | 'refused';
  message: string;
  lineNo: number | null;
  /** Bumped on every scan, so the same message twice is announced and highlighted again. */
  seq: number;
  /** The scan was a valid GTIN no article has (a store admin may link it). */
  unknownGtin?: string;
}

/** A field of the receipt that a person edits by hand; a refusal is shown at it. */
export type ReceiptField =
  | { kind: 'price'; lineNo: number }
  | { kind: 'quantity'; lineNo: number }
  | { kind: 'serialNo'; individualId: string }
  | { kind: 'individualNo'; individualId: string };

export const fieldKey = (field: ReceiptField): string =>
  field.kind === 'price' || field.kind === 'quantity' ? `${field.kind}:${field.lineNo}` : `${field.kind}:${field.individualId}`;

/** The individuals a just approved receipt created: shown in the confirmation. */
export interface ApprovedReceipt {
  purchaseOrderNo: string;
  totalOre: number;
  individuals: { lineNo: number; articleNo: string; name: string; individualNo: string; serialNo: string | null }[];
}

type Edit = HandlerArgs<'goodsReceipt.edit'>['edit'];

export interface ReceiptState {
  incomingQuery: IncomingQuery;
  incoming: IncomingDelivery[] | null;
  incomingLoading: boolean;
  incomingError: AppError | null;
  /** Why the number typed into "Märk lev: / inköpsordernummer" opened nothing. */
  findError: string | null;

  purchaseOrderId: string | null;
  view: ReceiptView | null;
  viewError: AppError | null;
  lastScan: ScanFeedback | null;
  /** Refusals of hand edits, at their field (fieldKey → message). */
  fieldErrors: Record<string, UiText>;
  /** A refusal of an action (approve, cancel, take numbers): shown above the buttons. */
  actionError: UiText | null;
  busy: 'approve' | 'cancel' | 'takeNumbers' | null;
  approved: ApprovedReceipt | null;

  setIncomingQuery(query: Partial<IncomingQuery>): void;
  loadIncoming(): Promise<void>;
  /** The number on the delivery note: order ("Märk lev:"), purchase order or provisional number. */
  find(number: string): Promise<Result<{ purchaseOrderId: string | null; orderId: string; kind: 'direct' | 'central' }>>;
  open(purchaseOrderId: string): Promise<void>;
  /**
   * Every scan of the receipt screen enters here, and the manual "Skanna/skriv kod" field too.
   * Scans are sent one at a time in the order they came, so a fast scanner cannot reorder them.
   */
  scan(text: string, symbology?: string): Promise<void>;
  edit(field: ReceiptField, edit: Edit): Promise<Result<ReceiptView>>;
  setPrice(lineNo: number, price: string): Promise<Result<ReceiptView>>;
  setQuantity(lineNo: number, received: number): Promise<Result<ReceiptView>>;
  setSerialNo(lineNo: number, individualId: string, serialNo: string): Promise<Result<ReceiptView>>;
  setIndividualNo(lineNo: number, individualId: string, individualNo: string): Promise<Result<ReceiptView>>;
  removeUnit(lineNo: number, individualId: string): Promise<Result<ReceiptView>>;
  takeNumbers(): Promise<void>;
  approve(): Promise<boolean>;
  cancel(reason: string): Promise<Result<unknown>>;
  clearFieldError(field: ReceiptField): void;
}

export type ReceiptStore = ReturnType<typeof createReceiptStore>;

export function createReceiptStore(transport: Transport, onError: (error: AppError) => void) {
  let incomingSeq = 0;
  let openSeq = 0;
  let scanSeq = 0;
  // One write at a time to the receipt: scans and edits keep their order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const store = createStore<ReceiptState>()((set, get) => {
    /** The open receipt's id, or a refusal when none is open. */
    const current = (): string | null => get().purchaseOrderId;

    return {
      incomingQuery: { onlyUnreceived: true, mine: false },
      incoming: null,
      incomingLoading: false,
      incomingError: null,
      findError: null,

      purchaseOrderId: null,
      view: null,
      viewError: null,
      lastScan: null,
      fieldErrors: {},
      actionError: null,
      busy: null,
      approved: null,

      setIncomingQuery(query) {
        set({ incomingQuery: { ...get().incomingQuery, ...query } });
        void get().loadIncoming();
      },
      async loadIncoming() {
        const seq = ++incomingSeq;
        set({ incomingLoading: true });
        const result = await transport.invoke('goodsReceipt.incoming', get().incomingQuery);
        if (seq !== incomingSeq) return;
        if (!result.ok) {
          onError(result.error);
          set({ incomingLoading: false, incomingError: result.error });
          return;
        }
        set({ incomingLoading: false, incoming: result.value, incomingError: null });
      },
      async find(number) {
        const valid = parseWith(contract['goodsReceipt.find'].input, { number });
        if (!valid.ok) {
          set({ findError: (valid.error.details?.issues as { message: string }[] | undefined)?.[0]?.message ?? valid.error.message });
          return valid;
        }
        const result = await transport.invoke('goodsReceipt.find', { number: valid.value.number });
        if (!result.ok) {
          onError(result.error);
          set({ findError: result.error.message });
          return result;
        }
        set({ findError: null });
        return result;
      },

      async open(purchaseOrderId) {
        const seq = ++openSeq;
        const same = get().purchaseOrderId === purchaseOrderId;
        set({
          purchaseOrderId,
          viewError: null,
          ...(same ? {} : { view: null, lastScan: null, fieldErrors: {}, actionError: null, approved: null }),
        });
        const result = await transport.invoke('goodsReceipt.open', { purchaseOrderId });
        if (seq !== openSeq) return;
        if (!result.ok) {
          onError(result.error);
          set({ viewError: result.error, view: null });
          return;
        }
        set({ view: result.value });
      },

      scan(text, symbology) {
        return serial(async () => {
          const purchaseOrderId = current();
          const seq = ++scanSeq;
          if (purchaseOrderId === null || text.trim() === '') return;
          const args: HandlerArgs<'goodsReceipt.scan'> = symbology ? { purchaseOrderId, text, symbology } : { purchaseOrderId, text };
          const result = await transport.invoke('goodsReceipt.scan', args);
          if (current() !== purchaseOrderId) return;
          if (!result.ok) {
            // Not a scan refusal but a refusal of the receipt itself (already received, cancelled…).
            onError(result.error);
            set({ lastScan: { outcome: 'refused', message: result.error.message, lineNo: null, seq } });
            return;
          }
          const { view, outcome, lineNo, message, unknownGtin } = result.value;
          set({ view, lastScan: { outcome, message, lineNo, seq, ...(unknownGtin ? { unknownGtin } : {}) } });
        });
      },

      edit(field, edit) {
        return serial(async (): Promise<Result<ReceiptView>> => {
          const purchaseOrderId = current();
          if (purchaseOrderId === null) return err('no-receipt', 'no receipt open');
          const key = fieldKey(field);
          const result = await transport.invoke('goodsReceipt.edit', { purchaseOrderId, edit });
          if (current() !== purchaseOrderId) return result;
          const { [key]: _dropped, ...rest } = get().fieldErrors;
          if (!result.ok) {
            onError(result.error);
            set({ fieldErrors: { ...rest, [key]: uiText(result.error.message) } });
            return result;
          }
          set({ view: result.value, fieldErrors: rest, actionError: null });
          return result;
        });
      },
      setPrice(lineNo, price) {
        return get().edit({ kind: 'price', lineNo }, { kind: 'price', lineNo, price });
      },
      setQuantity(lineNo, received) {
        if (!Number.isInteger(received) || received < 0) {
          const key = fieldKey({ kind: 'quantity', lineNo });
          set({ fieldErrors: { ...get().fieldErrors, [key]: uiKey('receipt.errors.quantityInvalid') } });
          return Promise.resolve(err('invalid-quantity', 'quantity'));
        }
        return get().edit({ kind: 'quantity', lineNo }, { kind: 'quantity', lineNo, received });
      },
      setSerialNo(lineNo, individualId, serialNo) {
        return get().edit({ kind: 'serialNo', individualId }, { kind: 'unit', lineNo, individualId, serialNo: serialNo.trim() });
      },
      setIndividualNo(lineNo, individualId, individualNo) {
        return get().edit({ kind: 'individualNo', individualId }, { kind: 'unit', lineNo, individualId, individualNo: individualNo.trim() });
      },
      removeUnit(lineNo, individualId) {
        return get().edit({ kind: 'serialNo', individualId }, { kind: 'removeUnit', lineNo, individualId });
      },

      takeNumbers() {
        return serial(async () => {
          const purchaseOrderId = current();
          if (purchaseOrderId === null) return;
          set({ busy: 'takeNumbers', actionError: null });
          const result = await transport.invoke('goodsReceipt.takeNumbers', { purchaseOrderId });
          if (current() !== purchaseOrderId) return;
          if (!result.ok) {
            onError(result.error);
            set({ busy: null, actionError: uiText(result.error.message) });
            return;
          }
          set({ busy: null, view: result.value });
        });
      },

      approve() {
        return serial(async () => {
          const purchaseOrderId = current();
          const before = get().view;
          if (purchaseOrderId === null || before === null) return false;
          set({ busy: 'approve', actionError: null });
          const result = await transport.invoke('goodsReceipt.approve', { purchaseOrderId });
          if (current() !== purchaseOrderId) return false;
          if (!result.ok) {
            // The partial-line refusal and the like: the backend's own words, visible at the button.
            onError(result.error);
            set({ busy: null, actionError: uiText(result.error.message) });
            return false;
          }
          // The draft is gone once approved: what it created is taken from the last view of it.
          set({
            busy: null,
            lastScan: null,
            approved: {
              purchaseOrderNo: before.purchaseOrderNo,
              totalOre: before.totalOre,
              individuals: before.lines.flatMap((l) =>
                l.units.map((u) => ({ lineNo: l.lineNo, articleNo: l.articleNo, name: l.name, individualNo: u.individualNo ?? '', serialNo: u.serialNo })),
              ),
            },
          });
          await get().open(purchaseOrderId);
          void get().loadIncoming();
          return true;
        });
      },

      cancel(reason) {
        return serial(async (): Promise<Result<unknown>> => {
          const purchaseOrderId = current();
          if (purchaseOrderId === null) return err('no-receipt', 'no receipt open');
          if (reason.trim() === '') return err('reason-missing', 'reason');
          set({ busy: 'cancel', actionError: null });
          const result = await transport.invoke('goodsReceipt.cancel', { purchaseOrderId, reason: reason.trim() });
          if (current() !== purchaseOrderId) return result;
          if (!result.ok) {
            onError(result.error);
            set({ busy: null });
            return result;
          }
          set({ busy: null, lastScan: null });
          await get().open(purchaseOrderId);
          void get().loadIncoming();
          return ok(result.value);
        });
      },

      clearFieldError(field) {
        const key = fieldKey(field);
        if (get().fieldErrors[key] === undefined) return;
        const { [key]: _dropped, ...rest } = get().fieldErrors;
        set({ fieldErrors: rest });
      },
    };
  });

  transport.on('data.changed', ({ tables }) => {
    const s = store.getState();
    if (s.incoming !== null && tables.some((t) => INCOMING_TABLES.has(t))) void s.loadIncoming();
    if (s.purchaseOrderId !== null && s.view !== null && tables.some((t) => RECEIPT_TABLES.has(t))) void s.open(s.purchaseOrderId);
  });
  return store;
}
