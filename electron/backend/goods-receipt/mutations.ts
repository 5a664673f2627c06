import type { ReceiptFacts } from '../../../shared/domain/goods-receipt/mutations';
import type { OrderLineStatus, PurchaseOrderStatus } from '../../../shared/domain/model';
import { articleFactsReader } from '../article/facts';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

interface PurchaseOrderRow {
  id: string;
  purchase_order_no: string;
  order_id: string;
  order_no: string | null;
  store_id: string;
  status: PurchaseOrderStatus;
}

const OPEN: readonly OrderLineStatus[] = ['registered', 'ordered', 'delivered'];
const DONE: readonly OrderLineStatus[] = ['shipped', 'received'];

/** A purchase order's facts for the receipt rules, from the replica. */
export function receiptFactsReader(db: Db): (purchaseOrderId: string, individualNos: readonly string[], serials: readonly { articleId: string; serialNo: string }[]) => ReceiptFacts {
  const po = db.prepare<[string], PurchaseOrderRow>(
    `SELECT p.id, p.purchase_order_no, p.order_id, o.order_no, p.store_id, p.status
     FROM purchase_order p JOIN customer_order o ON o.id = p.order_id WHERE p.id = ?`,
  );
  const lines = db.prepare<[string], { line_no: number; article_id: string; quantity: number; price_ore: number; status: OrderLineStatus; purchase_order_id: string | null }>(
    'SELECT line_no, article_id, quantity, price_ore, status, purchase_order_id FROM customer_order_line WHERE order_id = ? ORDER BY line_no',
  );
  const article = articleFactsReader(db);
  const numberTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM individual WHERE individual_no = ?');
  const serialTaken = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM individual WHERE article_id = ? AND serial_no = ?');
  return (purchaseOrderId, individualNos, serials) => {
    const row = po.get(purchaseOrderId);
    if (!row) return { purchaseOrder: null, lines: [], articles: {}, takenIndividualNos: [], takenSerials: [], otherOpenLines: 0, otherDoneLines: 0 };
    const all = lines.all(row.order_id);
    const own = all.filter((l) => l.purchase_order_id === row.id);
    const others = all.filter((l) => l.purchase_order_id !== row.id);
    const articles: ReceiptFacts['articles'] = {};
    for (const l of own) articles[l.article_id] = article(l.article_id) ?? undefined;
    return {
      purchaseOrder: { id: row.id, purchaseOrderNo: row.purchase_order_no, orderId: row.order_id, orderNo: row.order_no, storeId: row.store_id, status: row.status },
      lines: own.map((l) => ({ lineNo: l.line_no, articleId: l.article_id, quantity: l.quantity, priceOre: l.price_ore, status: l.status })),
      articles,
      takenIndividualNos: individualNos.filter((n) => numberTaken.get(n) !== undefined),
      takenSerials: serials.filter((s) => serialTaken.get(s.articleId, s.serialNo) !== undefined),
      otherOpenLines: others.filter((l) => OPEN.includes(l.status)).length,
      otherDoneLines: others.filter((l) => DONE.includes(l.status)).length,
    };
  };
}

/** The workstation half of the goods receipt mutations. */
export function goodsReceiptLocalMutations(db: Db): LocalMutationGroup<'goodsReceipt'> {
  const facts = receiptFactsReader(db);
  const poNo = db.prepare<[string], { purchase_order_no: string }>('SELECT purchase_order_no FROM purchase_order WHERE id = ?');
  const shown = (id: string) => poNo.get(id)?.purchase_order_no ?? id;
  const order = db.prepare<[string], { id: string; store_id: string; order_no: string | null; provisional_no: string | null; shipped_at: string | null }>(
    'SELECT id, store_id, order_no, provisional_no, shipped_at FROM customer_order WHERE id = ?',
  );
  return {
    'goodsReceipt.reportDeviation': {
      facts: (args) => {
        const o = order.get(args.orderId);
        return { order: o ? { id: o.id, storeId: o.store_id, orderNo: o.order_no, shipped: o.shipped_at !== null } : null };
      },
      describe: (args) => {
        const o = order.get(args.orderId);
        return `Avvikelse på leverans ${o?.order_no ?? o?.provisional_no ?? args.orderId} från centrallagret`;
      },
    },
    'goodsReceipt.approve': {
      facts: (args) => {
        const articleOf = new Map(facts(args.purchaseOrderId, [], []).lines.map((l) => [l.lineNo, l.articleId]));
        const individuals = args.lines.flatMap((l) => l.individuals.map((i) => ({ ...i, articleId: articleOf.get(l.lineNo) ?? '' })));
        return facts(
          args.purchaseOrderId,
          individuals.map((i) => i.individualNo),
          individuals.filter((i) => i.serialNo !== null).map((i) => ({ articleId: i.articleId, serialNo: i.serialNo! })),
        );
      },
      describe: (args) => `Kvittens av inköpsorder ${shown(args.purchaseOrderId)} (${args.lines.length} rader)`,
    },
    'goodsReceipt.cancel': {
      facts: (args) => facts(args.purchaseOrderId, [], []),
      describe: (args) => `Makulering av inköpsorder ${shown(args.purchaseOrderId)} (${args.reason})`,
    },
  };
}
