import { z } from 'zod';
import type { ArticleFacts } from '../article/facts';
import { insert, update, type Effect } from '../effects';
import { cleanText, decided, defineMutation, IndividualNo, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import type { OrderLineStatus, PurchaseOrderStatus } from '../model';
import { movementEffects } from '../stock/mutations';
import { MAX_ORDER_LINES, MAX_ORDER_QUANTITY } from '../order/rules';

/** The most units of tracked articles one receipt creates. */
export const MAX_RECEIPT_INDIVIDUALS = 1000;
export const SERIAL_NO_MAX = 40;

const Individual = z
  .object({
    individualId: Uuid,
    movementId: Uuid,
    individualNo: IndividualNo,
    serialNo: cleanText(SERIAL_NO_MAX, `Serienumret får vara högst ${SERIAL_NO_MAX} tecken.`).nullable(),
  })
  .strict();

const ReceiptLine = z
  .object({
    lineNo: z.number().int().min(1).max(MAX_ORDER_LINES * 10),
    quantity: z.number().int('Antalet ska vara ett heltal.').min(0).max(MAX_ORDER_QUANTITY),
    /** À-pris in öre, whole kronor only. */
    priceOre: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .refine((p) => p % 100 === 0, 'Priset ska anges i hela kronor, utan ören.'),
    /** The ledger movement of an article that is not tracked (null for tracked lines). */
    movementId: Uuid.nullable(),
    individuals: z.array(Individual).max(MAX_ORDER_QUANTITY),
  })
  .strict();

/** The purchase order a receipt confirms, as both sides read it. */
export interface PurchaseOrderFacts {
  id: string;
  purchaseOrderNo: string;
  orderId: string;
  orderNo: string | null;
  storeId: string;
  status: PurchaseOrderStatus;
}

export interface PurchaseOrderLineFacts {
  lineNo: number;
  articleId: string;
  quantity: number;
  priceOre: number;
  status: OrderLineStatus;
}

export interface ReceiptFacts {
  purchaseOrder: PurchaseOrderFacts | null;
  lines: PurchaseOrderLineFacts[];
  articles: Record<string, ArticleFacts | undefined>;
  /** Of the receipt's individual numbers, those some individual already has. */
  takenIndividualNos: string[];
  /** Of the receipt's (article, serial) pairs, those an individual of the article already has. */
  takenSerials: { articleId: string; serialNo: string }[];
  /** Lines of the same customer order outside this purchase order that are still on their way. */
  otherOpenLines: number;
  /** Lines of the same customer order outside this purchase order that have arrived (shipped or received). */
  otherDoneLines: number;
}

const STATUS_REFUSALS = ['unknown-purchase-order', 'already-received', 'purchase-order-cancelled'] as const;

function statusRefusal(po: PurchaseOrderFacts | null, storeId: string) {
  if (!po || po.storeId !== storeId) return refuse('unknown-purchase-order', 'Inköpsordern finns inte för det här lagret.');
  if (po.status === 'received') {
    return refuse('already-received', `Inköpsorder ${po.purchaseOrderNo} är redan kvitterad (kanske på en annan arbetsstation). Inget har ändrats.`);
  }
  if (po.status === 'cancelled') return refuse('purchase-order-cancelled', `Inköpsorder ${po.purchaseOrderNo} är makulerad och kan inte kvitteras.`);
  return null;
}

/** The refusal of a line received with less than its full quantity (the rule's, and the workstation's before it builds the mutation). */
export const partialLineMessage = (where: string, received: number, ordered: number): string =>
  `${where}: ${received} av ${ordered}. Delkvittens av en rad går inte: vänta med kvittensen tills hela antalet har levererats.`;

const kr = (ore: number) => `${(ore / 100).toLocaleString('sv-SE')} kr`;

/**
 * Confirms (kvitterar) a supplier's delivery against its purchase order: the sakattest the invoice
 * is matched against. Every line with its full quantity (no partial receipt of a line), real whole
 * kronor prices (a line ordered at 0 kr needs the price on the delivery note), one individual per
 * unit of a tracked article with a unique individual number and serial number. One transaction:
 * ledger movements into the store, individuals "i lager", lines and purchase order received.
 */
export const approve = defineMutation({
  args: z
    .object({
      receiptId: Uuid,
      purchaseOrderId: RowId,
      storeId: RowId,
      lines: z.array(ReceiptLine).min(1, 'Kvittensen har inga rader.').max(MAX_ORDER_LINES),
    })
    .strict()
    .refine((a) => a.lines.reduce((n, l) => n + l.individuals.length, 0) <= MAX_RECEIPT_INDIVIDUALS, {
      message: `En kvittens får skapa högst ${MAX_RECEIPT_INDIVIDUALS} individer.`,
    }),
  refusals: [
    ...STORE_REFUSALS,
    ...STATUS_REFUSALS,
    'unknown-line',
    'line-missing',
    'partial-line',
    'quantity-over-ordered',
    'price-missing',
    'individuals-not-tracked',
    'serial-missing',
    'duplicate-individual-no',
    'duplicate-serial',
    'unknown-article',
  ],
  decide(args, facts: ReceiptFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const po = facts.purchaseOrder;
    const status = statusRefusal(po, args.storeId);
    if (status || !po) return status!;
    const ordered = new Map(facts.lines.map((l) => [l.lineNo, l]));
    const given = new Map<number, (typeof args.lines)[number]>();
    for (const line of args.lines) {
      if (!ordered.has(line.lineNo) || given.has(line.lineNo)) {
        return refuse('unknown-line', `Rad ${line.lineNo} finns inte (eller står två gånger) på inköpsorder ${po.purchaseOrderNo}.`);
      }
      given.set(line.lineNo, line);
    }
    const takenNos = new Set(facts.takenIndividualNos);
    const takenSerials = new Set(facts.takenSerials.map((t) => `${t.articleId}\u0000${t.serialNo}`));
    const seenNos = new Set<string>();
    const seenSerials = new Set<string>();
    for (const orderedLine of facts.lines) {
      const line = given.get(orderedLine.lineNo);
      const article = facts.articles[orderedLine.articleId];
      if (!article) return refuse('unknown-article', `Artikeln på rad ${orderedLine.lineNo} finns inte i sortimentet.`);
      const where = `Rad ${orderedLine.lineNo} (artikel ${article.articleNo})`;
      if (!line) {
        return refuse('line-missing', `${where} är inte kvitterad. En leverans kvitteras med alla sina rader; spara och fortsätt när allt har kommit.`);
      }
      const quantity = article.trackedIndividually ? line.individuals.length : line.quantity;
      if (quantity > orderedLine.quantity) {
        return refuse('quantity-over-ordered', `${where}: ${quantity} mottagna men ${orderedLine.quantity} beställda. Kontakta leverantören om överleveransen.`);
      }
      if (quantity < orderedLine.quantity) {
        return refuse('partial-line', partialLineMessage(where, quantity, orderedLine.quantity));
      }
      if (line.priceOre === 0) {
        return refuse('price-missing', `${where} saknar pris. Fyll i rätt à-pris i hela kronor från följesedeln (kontakta leverantören om det saknas).`);
      }
      if (!article.trackedIndividually) {
        if (line.individuals.length > 0) return refuse('individuals-not-tracked', `${where} är inte individmärkt: ange antal, inga individer.`);
        continue;
      }
      for (const ind of line.individuals) {
        if (ind.serialNo === null || ind.serialNo === '') return refuse('serial-missing', `${where}: individ ${ind.individualNo} saknar serienummer.`);
        if (takenNos.has(ind.individualNo) || seenNos.has(ind.individualNo)) {
          return refuse('duplicate-individual-no', `Individnummer ${ind.individualNo} finns redan. Varje individ ska ha ett eget nummer.`);
        }
        const serialKey = `${orderedLine.articleId}\u0000${ind.serialNo}`;
        if (takenSerials.has(serialKey) || seenSerials.has(serialKey)) {
          return refuse('duplicate-serial', `Serienummer ${ind.serialNo} finns redan för artikel ${article.articleNo}.`);
        }
        seenNos.add(ind.individualNo);
        seenSerials.add(serialKey);
      }
    }

    const date = at.slice(0, 10);
    const reference = po.purchaseOrderNo;
    let total = 0;
    const record: unknown[] = [];
    const effects: Effect[] = [];
    const rest: Effect[] = [];
    for (const orderedLine of facts.lines) {
      const line = given.get(orderedLine.lineNo)!;
      const article = facts.articles[orderedLine.articleId]!;
      total += orderedLine.quantity * line.priceOre;
      record.push({
        lineNo: line.lineNo,
        articleId: article.id,
        articleNo: article.articleNo,
        quantity: orderedLine.quantity,
        priceOre: line.priceOre,
        individuals: line.individuals.map((i) => ({ id: i.individualId, individualNo: i.individualNo, serialNo: i.serialNo })),
      });
      const movement = { storeId: args.storeId, articleId: article.id, articleNo: article.articleNo, reason: 'goodsReceipt' as const, reference, note: null, userId: actor.userId, at };
      if (article.trackedIndividually) {
        for (const ind of line.individuals) {
          rest.push(
            insert('individual', {
              id: ind.individualId,
              individual_no: ind.individualNo,
              article_id: article.id,
              serial_no: ind.serialNo,
              purchase_date: date,
              acquisition_value_ore: line.priceOre,
              warranty_end: null,
              estimated_age_years: 0,
              status: 'inStore',
              store_id: args.storeId,
              location: null,
            }),
            ...movementEffects({ ...movement, id: ind.movementId, individualId: ind.individualId, quantity: 1 }),
          );
        }
      } else {
        rest.push(...movementEffects({ ...movement, id: line.movementId ?? args.receiptId, individualId: null, quantity: orderedLine.quantity }));
      }
      rest.push(update('customer_order_line', { order_id: po.orderId, line_no: orderedLine.lineNo }, { status: 'received' }));
    }
    effects.push(
      insert('goods_receipt', {
        id: args.receiptId,
        purchase_order_id: po.id,
        store_id: args.storeId,
        outcome: 'approved',
        user_id: actor.userId,
        at,
        total_ore: total,
        reason: null,
        lines: JSON.stringify(record),
      }),
      ...rest,
      update('purchase_order', { id: po.id }, { status: 'received', closed_at: at }),
    );
    if (facts.otherOpenLines === 0) effects.push(update('customer_order', { id: po.orderId }, { status: 'delivered' }));
    return decided({
      effects,
      audit: {
        action: 'goodsReceipt.approve',
        entity: 'purchase_order',
        entityId: po.id,
        details: { purchaseOrderNo: po.purchaseOrderNo, orderNo: po.orderNo, lines: facts.lines.length, individuals: seenNos.size, totalOre: total, total: kr(total) },
      },
    });
  },
});

/**
 * Cancels (makulerar) a purchase order's delivery: nothing is received and no stock moves; the
 * store is responsible for telling the supplier.
 */
export const cancel = defineMutation({
  args: z
    .object({
      receiptId: Uuid,
      purchaseOrderId: RowId,
      storeId: RowId,
      reason: cleanText(200, 'Anledningen får vara högst 200 tecken.', { required: 'Ange varför inköpsordern makuleras.' }),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, ...STATUS_REFUSALS],
  decide(args, facts: ReceiptFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const po = facts.purchaseOrder;
    const status = statusRefusal(po, args.storeId);
    if (status || !po) return status!;
    const effects: Effect[] = [
      insert('goods_receipt', {
        id: args.receiptId,
        purchase_order_id: po.id,
        store_id: args.storeId,
        outcome: 'cancelled',
        user_id: actor.userId,
        at,
        total_ore: 0,
        reason: args.reason,
        lines: '[]',
      }),
      ...facts.lines.map((l) => update('customer_order_line', { order_id: po.orderId, line_no: l.lineNo }, { status: 'cancelled' })),
      update('purchase_order', { id: po.id }, { status: 'cancelled', closed_at: at }),
    ];
    if (facts.otherOpenLines === 0) effects.push(update('customer_order', { id: po.orderId }, { status: facts.otherDoneLines > 0 ? 'delivered' : 'cancelled' }));
    return decided({
      effects,
      audit: { action: 'goodsReceipt.cancel', entity: 'purchase_order', entityId: po.id, details: { purchaseOrderNo: po.purchaseOrderNo, reason: args.reason } },
    });
  },
});

export interface DeviationFacts {
  /** The delivered order (null: not an order of the store). */
  order: { id: string; storeId: string; orderNo: string | null; shipped: boolean } | null;
}

const DeviationLine = z
  .object({
    articleId: RowId,
    expected: z.number().int().min(0).max(MAX_ORDER_QUANTITY),
    counted: z.number().int('Antalet ska vara ett heltal.').min(0, 'Antalet kan inte vara negativt.').max(MAX_ORDER_QUANTITY),
  })
  .strict();

/**
 * Reports a difference found when the store checked a delivery from the central store (it arrives
 * confirmed, so nothing is booked here): central handles it as a deviation (avvikelse).
 */
export const reportDeviation = defineMutation({
  args: z
    .object({
      deviationId: Uuid,
      orderId: RowId,
      storeId: RowId,
      text: cleanText(500, 'Beskrivningen får vara högst 500 tecken.', { multiLine: true, required: 'Beskriv avvikelsen.' }),
      lines: z.array(DeviationLine).max(MAX_ORDER_LINES),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-order', 'order-not-shipped'],
  decide(args, facts: DeviationFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const order = facts.order;
    if (!order || order.storeId !== args.storeId) return refuse('unknown-order', 'Ordern finns inte för det här lagret.');
    if (!order.shipped) return refuse('order-not-shipped', `Ordern${order.orderNo ? ` ${order.orderNo}` : ''} har inte levererats från centrallagret ännu.`);
    return decided({
      effects: [
        insert('delivery_deviation', {
          id: args.deviationId,
          order_id: order.id,
          store_id: args.storeId,
          user_id: actor.userId,
          at,
          text: args.text,
          lines: JSON.stringify(args.lines.filter((l) => l.counted !== l.expected)),
        }),
      ],
      audit: { action: 'goodsReceipt.reportDeviation', entity: 'customer_order', entityId: order.id, details: { orderNo: order.orderNo, lines: args.lines.length } },
    });
  },
});

export const goodsReceiptMutations = { 'goodsReceipt.approve': approve, 'goodsReceipt.cancel': cancel, 'goodsReceipt.reportDeviation': reportDeviation } as const;
