import type { CancelOrderFacts, CancelSettings } from '../../../shared/domain/order/cancel';
import { cancelSettingsOf } from '../../../shared/domain/order/cancel';
import { regionSettingsOf } from '../region-settings/settings';
import type { OrderKind, OrderLineRoute, OrderLineStatus, OrderStatus } from '../../../shared/domain/model';
import type { Db } from '../db/replica';
import type { LocalMutation } from '../mutations';

/** The document_print kind of a pick list (plocklista) printed for an order (utleverans). */
export const PICK_LIST_DOCUMENT = 'pickList';

/** The cancel rule's facts from the replica (the screens' "Makulera order" asks the same). */
export function cancelFactsReader(db: Db): (orderId: string) => CancelOrderFacts {
  const order = db.prepare<[string], { id: string; shown_no: string; kind: OrderKind; store_id: string; from_store_id: string; status: OrderStatus; created_at: string; user_id: string | null }>(
    'SELECT id, coalesce(order_no, provisional_no, id) AS shown_no, kind, store_id, from_store_id, status, created_at, user_id FROM customer_order WHERE id = ?',
  );
  const lines = db.prepare<[string], { line_no: number; article_id: string; article_no: string; quantity: number; route: OrderLineRoute | null; status: OrderLineStatus; individual_id: string | null }>(
    `SELECT l.line_no, l.article_id, a.article_no, l.quantity, l.route, l.status, l.individual_id FROM customer_order_line l JOIN article a ON a.id = l.article_id
     WHERE l.order_id = ? ORDER BY l.line_no`,
  );
  const aids = db.prepare<[string], { id: string; delivered: number }>(
    'SELECT id, (quantity > 0 OR delivered_at IS NOT NULL) AS delivered FROM aid WHERE order_id = ? AND cancelled_at IS NULL ORDER BY id',
  );
  const purchaseOrders = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM purchase_order WHERE order_id = ? AND status <> 'cancelled'");
  // A pick list printed here (document_print) or anywhere, synced (order_pick_list: för plock).
  const pickList = db.prepare<[string, string, string], { n: number }>(
    'SELECT (SELECT count(*) FROM document_print WHERE kind = ? AND ref = ?) + (SELECT count(*) FROM order_pick_list WHERE order_id = ?) AS n',
  );
  // The same-day limit is the region's setting (central's region_setting, pulled).
  const settings = (): CancelSettings => cancelSettingsOf(regionSettingsOf(db));
  return (orderId) => {
    const o = order.get(orderId);
    return {
      order: o
        ? {
            id: o.id,
            shownNo: o.shown_no,
            kind: o.kind,
            storeId: o.store_id,
            fromStoreId: o.from_store_id,
            status: o.status,
            createdAt: o.created_at,
            userId: o.user_id,
            lines: lines.all(orderId).map((l) => ({ lineNo: l.line_no, articleId: l.article_id, articleNo: l.article_no, quantity: l.quantity, route: l.route, status: l.status, individualId: l.individual_id })),
            purchaseOrders: purchaseOrders.get(orderId)!.n,
            pickList: pickList.get(PICK_LIST_DOCUMENT, orderId, orderId)!.n > 0,
            aids: aids.all(orderId).map((a) => ({ id: a.id, delivered: a.delivered === 1 })),
          }
        : null,
      settings: settings(),
      sendingReserved: null,
    };
  };
}

/** The workstation half of customerOrder.cancel. */
export function cancelLocalMutations(db: Db): { 'customerOrder.cancel': LocalMutation<'customerOrder.cancel'> } {
  const facts = cancelFactsReader(db);
  const no = db.prepare<[string], { n: string }>('SELECT coalesce(order_no, provisional_no, id) AS n FROM customer_order WHERE id = ?');
  return {
    'customerOrder.cancel': {
      facts: (args) => facts(args.orderId),
      describe: (args) => `Order ${no.get(args.orderId)?.n ?? args.orderId} makulerad`,
    },
  };
}
