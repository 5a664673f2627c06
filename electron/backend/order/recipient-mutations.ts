import type { IndividualStatus, OrderKind, OrderStatus, StoreKind } from '../../../shared/domain/model';
import { recipientOrderKindSv, type IssueOrderFacts, type OrderIndividualFacts } from '../../../shared/domain/order/recipient-orders';
import type { Db } from '../db/replica';
import type { LocalMutation } from '../mutations';
import type { StartPickingFacts } from '../../../shared/domain/order/picking';
import { orderArticlesReader } from './facts';

interface IndividualRow {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

const toIndividual = (r: IndividualRow): OrderIndividualFacts => ({ id: r.id, individualNo: r.individual_no, articleId: r.article_id, status: r.status, storeId: r.store_id });

/** Individuals by id, as the order rules see them (missing ids left out). */
export function orderIndividualsReader(db: Db): (ids: readonly string[]) => Record<string, OrderIndividualFacts | undefined> {
  const stmt = db.prepare<[string], IndividualRow>('SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ?');
  return (ids) => {
    const out: Record<string, OrderIndividualFacts | undefined> = {};
    for (const id of ids) {
      const r = stmt.get(id);
      if (r) out[id] = toIndividual(r);
    }
    return out;
  };
}

/** The workstation half of `order.place` and `order.issue`: their facts from the replica. */
export function recipientOrderLocalMutations(db: Db): {
  'order.place': LocalMutation<'order.place'>;
  'order.issue': LocalMutation<'order.issue'>;
  'order.startPicking': LocalMutation<'order.startPicking'>;
} {
  const articles = orderArticlesReader(db);
  const individuals = orderIndividualsReader(db);
  const recipient = db.prepare<[string], { id: string; kind: 'patient' | 'careUnit' }>('SELECT id, kind FROM recipient WHERE id = ?');
  const servicePoint = db.prepare<[string], { id: string; store_id: string }>('SELECT id, store_id FROM service_point WHERE id = ?');
  const storeKind = db.prepare<[string], { kind: StoreKind }>('SELECT kind FROM store WHERE id = ?');
  const available = db.prepare<[string, string], { available: number }>('SELECT on_hand - reserved AS available FROM stock_balance WHERE store_id = ? AND article_id = ?');
  const order = db.prepare<
    [string],
    { id: string; order_no: string | null; provisional_no: string | null; kind: OrderKind; status: OrderStatus; store_id: string; from_store_id: string; recipient_id: string | null }
  >('SELECT id, order_no, provisional_no, kind, status, store_id, from_store_id, recipient_id FROM customer_order WHERE id = ?');
  const lines = db.prepare<[string], { line_no: number; article_id: string; article_no: string; quantity: number; individual_id: string | null; tracked: number; status: string }>(
    `SELECT l.line_no, l.article_id, a.article_no, l.quantity, l.individual_id, a.tracked_individually AS tracked, l.status
       FROM customer_order_line l JOIN article a ON a.id = l.article_id WHERE l.order_id = ? ORDER BY l.line_no`,
  );
  const aids = db.prepare<[string], { id: string; line_no: number }>('SELECT id, line_no FROM aid WHERE order_id = ? AND line_no IS NOT NULL');
  const openActivities = db.prepare<[string], { no: string }>(
    "SELECT coalesce(activity_no, provisional_no, id) AS no FROM activity WHERE order_id = ? AND status <> 'closed' ORDER BY created_at",
  );
  const orderName = db.prepare<[string], { no: string | null }>('SELECT coalesce(order_no, provisional_no) AS no FROM customer_order WHERE id = ?');
  const pickOrder = db.prepare<[string], { id: string; shown_no: string; kind: OrderKind; status: OrderStatus; store_id: string; from_store_id: string }>(
    'SELECT id, coalesce(order_no, provisional_no, id) AS shown_no, kind, status, store_id, from_store_id FROM customer_order WHERE id = ?',
  );

  return {
    'order.place': {
      facts: (args) => {
        const ids = [...new Set(args.lines.map((l) => l.articleId))];
        const avail: Record<string, number> = {};
        for (const id of ids) avail[id] = available.get(args.fromStoreId, id)?.available ?? 0;
        const sp = servicePoint.get(args.servicePointId);
        return {
          articles: articles(ids),
          recipient: recipient.get(args.recipientId) ?? null,
          servicePoint: sp ? { id: sp.id, storeId: sp.store_id } : null,
          fromStoreKind: storeKind.get(args.fromStoreId)?.kind ?? null,
          individuals: individuals(args.lines.flatMap((l) => (l.individualId ? [l.individualId] : []))),
          available: avail,
          central: null,
        };
      },
      describe: (args) => `${recipientOrderKindSv(args.kind)} ${args.provisionalNo} (${args.lines.length} ${args.lines.length === 1 ? 'rad' : 'rader'})`,
    },
    'order.issue': {
      facts: (args): IssueOrderFacts => {
        const o = order.get(args.orderId);
        if (!o) return { order: null, lines: [], aids: {}, individuals: {}, openActivities: [] };
        const ls = lines.all(args.orderId);
        return {
          order: { id: o.id, orderNo: o.order_no, provisionalNo: o.provisional_no, kind: o.kind, status: o.status, storeId: o.store_id, fromStoreId: o.from_store_id, recipientId: o.recipient_id },
          lines: ls.map((l) => ({ lineNo: l.line_no, articleId: l.article_id, articleNo: l.article_no, quantity: l.quantity, individualId: l.individual_id, tracked: l.tracked === 1, status: l.status })),
          aids: Object.fromEntries(aids.all(args.orderId).map((a) => [a.line_no, a.id])),
          individuals: individuals(args.lines.flatMap((l) => (l.individualId ? [l.individualId] : []))),
          openActivities: openActivities.all(args.orderId).map((a) => a.no),
        };
      },
      describe: (args) => `Utleverans av order ${orderName.get(args.orderId)?.no ?? args.orderId} (${args.lines.length} ${args.lines.length === 1 ? 'rad' : 'rader'})`,
    },
    'order.startPicking': {
      facts: (args): StartPickingFacts => {
        const o = pickOrder.get(args.orderId);
        return { order: o ? { id: o.id, shownNo: o.shown_no, kind: o.kind, status: o.status, storeId: o.store_id, fromStoreId: o.from_store_id } : null };
      },
      describe: (args) => `Plocklista för order ${orderName.get(args.orderId)?.no ?? args.orderId} (För plock)`,
    },
  };
}
