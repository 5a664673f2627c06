import type { ArticleFacts } from '../../shared/domain/article/facts';
import type { PurchaseOrderFacts, PurchaseOrderLineFacts, ReceiptFacts } from '../../shared/domain/goods-receipt/mutations';
import type { MutationArgs } from '../../shared/domain/mutations';
import type { OrderLineStatus } from '../../shared/domain/model';
import { toArticleFacts } from '../article/facts';
import type { ServerMutationGroup } from '../mutations';
import type { WriteBatch } from '../sync/batch';

/**
 * Server half of the goods receipt (kvittens) mutations. The purchase order is locked at the start
 * of the batch (`locks`) and its customer order right after, before anything is read: a second
 * workstation's receipt of the same delivery waits for the first to commit, then reads the
 * purchase order as received and is refused `already-received` — nothing counted twice, no
 * individual made twice. An individual or serial number that exists anywhere centrally (not only
 * in the store's scope) is taken: individual numbers are unique in the region.
 */

/** Lines still on their way, and lines that have arrived (central deliveries arrive confirmed). */
const OPEN: readonly OrderLineStatus[] = ['registered', 'ordered', 'delivered'];
const DONE: readonly OrderLineStatus[] = ['shipped', 'received'];

const json = <T>(raw: unknown): T => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T));

const EMPTY: ReceiptFacts = { purchaseOrder: null, lines: [], articles: {}, takenIndividualNos: [], takenSerials: [], otherOpenLines: 0, otherDoneLines: 0 };

interface Wanted {
  individualNos: string[];
  /** Serial numbers per receipt line number (their article is the line's). */
  serials: { lineNo: number; serialNo: string }[];
}

async function receiptFacts(batch: WriteBatch, purchaseOrderId: string, wanted: Wanted): Promise<ReceiptFacts> {
  // The customer order is locked before its lines are read: a central shipment of its other lines
  // (which locks it too) is either wholly before or wholly after this receipt.
  const { rows: locked } = await batch.tx.query<{ order_id: string }>(
    `SELECT o.id AS order_id FROM customer_order o WHERE o.id = (SELECT order_id FROM purchase_order WHERE id = $1) FOR NO KEY UPDATE`,
    [purchaseOrderId],
    { name: 'goodsReceipt.lockOrder' },
  );
  if (!locked[0]) return EMPTY;
  const { rows } = await batch.tx.query<{ po: unknown; lines: unknown; articles: unknown; taken_nos: string[] | null; taken_serials: unknown }>(
    `WITH po AS (
       SELECT p.id, p.purchase_order_no, p.order_id, o.order_no, p.store_id, p.status
       FROM purchase_order p JOIN customer_order o ON o.id = p.order_id WHERE p.id = $1
     ), lines AS (
       SELECT l.line_no, l.article_id, l.quantity, l.price_ore, l.status, l.purchase_order_id
       FROM customer_order_line l WHERE l.order_id = (SELECT order_id FROM po)
     ), wanted AS (
       SELECT w.line_no, w.serial_no, l.article_id FROM unnest($3::int[], $4::text[]) AS w(line_no, serial_no)
       JOIN lines l ON l.line_no = w.line_no AND l.purchase_order_id = $1
     )
     SELECT (SELECT row_to_json(po) FROM po) AS po,
            (SELECT json_agg(row_to_json(lines) ORDER BY line_no) FROM lines) AS lines,
            (SELECT json_agg(row_to_json(a)) FROM (SELECT id, article_no, tracked_individually, aid_category, article_status FROM article
               WHERE id IN (SELECT article_id FROM lines WHERE purchase_order_id = $1)) a) AS articles,
            (SELECT array_agg(individual_no) FROM individual WHERE individual_no = ANY($2::text[])) AS taken_nos,
            (SELECT json_agg(json_build_object('articleId', i.article_id, 'serialNo', i.serial_no)) FROM individual i
               JOIN wanted w ON i.article_id = w.article_id AND i.serial_no = w.serial_no) AS taken_serials`,
    [purchaseOrderId, wanted.individualNos, wanted.serials.map((s) => s.lineNo), wanted.serials.map((s) => s.serialNo)],
    { name: 'goodsReceipt.facts' },
  );
  const row = rows[0]!;
  const po = json<{ id: string; purchase_order_no: string; order_id: string; order_no: string | null; store_id: string; status: PurchaseOrderFacts['status'] } | null>(row.po);
  if (!po) return EMPTY;
  const all = json<{ line_no: number; article_id: string; quantity: number; price_ore: number; status: OrderLineStatus; purchase_order_id: string | null }[] | null>(row.lines) ?? [];
  const own = all.filter((l) => l.purchase_order_id === po.id);
  const others = all.filter((l) => l.purchase_order_id !== po.id);
  const articles: Record<string, ArticleFacts | undefined> = {};
  for (const a of json<unknown[] | null>(row.articles) ?? []) {
    const facts = toArticleFacts(a);
    if (facts) articles[facts.id] = facts;
  }
  return {
    purchaseOrder: { id: po.id, purchaseOrderNo: po.purchase_order_no, orderId: po.order_id, orderNo: po.order_no, storeId: po.store_id, status: po.status },
    lines: own.map((l): PurchaseOrderLineFacts => ({ lineNo: l.line_no, articleId: l.article_id, quantity: l.quantity, priceOre: l.price_ore, status: l.status })),
    articles,
    takenIndividualNos: row.taken_nos ?? [],
    takenSerials: json<{ articleId: string; serialNo: string }[] | null>(row.taken_serials) ?? [],
    otherOpenLines: others.filter((l) => OPEN.includes(l.status)).length,
    otherDoneLines: others.filter((l) => DONE.includes(l.status)).length,
  };
}

function wantedOf(args: MutationArgs<'goodsReceipt.approve'>): Wanted {
  return {
    individualNos: args.lines.flatMap((l) => l.individuals.map((i) => i.individualNo)),
    serials: args.lines.flatMap((l) => l.individuals.filter((i) => i.serialNo !== null && i.serialNo !== '').map((i) => ({ lineNo: l.lineNo, serialNo: i.serialNo! }))),
  };
}

export const goodsReceiptServerMutations: ServerMutationGroup<'goodsReceipt'> = {
  'goodsReceipt.approve': {
    locks: (args) => [{ table: 'purchase_order', id: args.purchaseOrderId }],
    facts: (batch, args) => receiptFacts(batch, args.purchaseOrderId, wantedOf(args)),
  },
  'goodsReceipt.cancel': {
    locks: (args) => [{ table: 'purchase_order', id: args.purchaseOrderId }],
    facts: (batch, args) => receiptFacts(batch, args.purchaseOrderId, { individualNos: [], serials: [] }),
  },
  'goodsReceipt.reportDeviation': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ id: string; store_id: string; order_no: string | null; shipped_at: string | null }>(
        'SELECT id, store_id, order_no, shipped_at FROM customer_order WHERE id = $1',
        [args.orderId],
        { name: 'goodsReceipt.reportDeviation.facts' },
      );
      const o = rows[0];
      return { order: o ? { id: o.id, storeId: o.store_id, orderNo: o.order_no, shipped: o.shipped_at !== null } : null };
    },
  },
};
