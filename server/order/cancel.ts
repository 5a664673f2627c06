import { cancelSettingsOf } from '../../shared/domain/order/cancel';
import type { OrderKind, OrderLineRoute, OrderLineStatus, OrderStatus } from '../../shared/domain/model';
import type { ServerMutation } from '../mutations';
import { batchRegionSettings } from '../region-settings/settings';

interface Row {
  id: string;
  shown_no: string;
  kind: OrderKind;
  store_id: string;
  from_store_id: string;
  status: OrderStatus;
  created_at: string;
  user_id: string | null;
  lines: { line_no: number; article_id: string; article_no: string; quantity: number; route: OrderLineRoute | null; status: OrderLineStatus; individual_id: string | null; reserved: number }[] | string | null;
  purchase_orders: number;
  pick_list: boolean;
  aids: { id: string; delivered: boolean }[] | string | null;
}

/** Server half of customerOrder.cancel: the order, its lines and purchase orders, and the sending store's reservations, in one query. */
export const cancelServerMutations: { 'customerOrder.cancel': ServerMutation<'customerOrder.cancel'> } = {
  'customerOrder.cancel': {
    locks: (args) => [{ table: 'customer_order', id: args.orderId }],
    // (The balances it releases are counters: added in bulk at the batch's end, never below zero by the rule's facts.)
    async facts(batch, args) {
      const { rows } = await batch.tx.query<Row>(
        `SELECT o.id, coalesce(o.order_no, o.provisional_no, o.id) AS shown_no, o.kind, o.store_id, o.from_store_id, o.status, o.created_at, o.user_id,
           (SELECT json_agg(json_build_object('line_no', l.line_no, 'article_id', l.article_id, 'article_no', a.article_no, 'quantity', l.quantity,
              'route', l.route, 'status', l.status, 'individual_id', l.individual_id, 'reserved', coalesce(b.reserved, 0)) ORDER BY l.line_no)
            FROM customer_order_line l JOIN article a ON a.id = l.article_id
            LEFT JOIN stock_balance b ON b.store_id = o.from_store_id AND b.article_id = l.article_id
            WHERE l.order_id = o.id) AS lines,
           (SELECT count(*)::int FROM purchase_order p WHERE p.order_id = o.id AND p.status <> 'cancelled') AS purchase_orders,
           EXISTS (SELECT 1 FROM order_pick_list k WHERE k.order_id = o.id) AS pick_list,
           (SELECT json_agg(json_build_object('id', a.id, 'delivered', a.quantity > 0 OR a.delivered_at IS NOT NULL) ORDER BY a.id)
              FROM aid a WHERE a.order_id = o.id AND a.cancelled_at IS NULL) AS aids
         FROM customer_order o WHERE o.id = $1`,
        [args.orderId],
        { name: 'customerOrder.cancel.facts' },
      );
      const o = rows[0];
      // The same-day limit is the region's setting (region_setting), read in this batch's transaction.
      const settings = cancelSettingsOf(await batchRegionSettings(batch));
      if (!o) return { order: null, settings, sendingReserved: {} };
      const lines = (typeof o.lines === 'string' ? (JSON.parse(o.lines) as Exclude<Row['lines'], string>) : o.lines) ?? [];
      return {
        order: {
          id: o.id,
          shownNo: o.shown_no,
          kind: o.kind,
          storeId: o.store_id,
          fromStoreId: o.from_store_id,
          status: o.status,
          createdAt: o.created_at,
          userId: o.user_id,
          lines: lines.map((l) => ({ lineNo: l.line_no, articleId: l.article_id, articleNo: l.article_no, quantity: l.quantity, route: l.route, status: l.status, individualId: l.individual_id })),
          purchaseOrders: o.purchase_orders,
          // A pick list printed at a workstation (or central's own picking) is a synced row.
          pickList: o.pick_list,
          aids: (typeof o.aids === 'string' ? (JSON.parse(o.aids) as { id: string; delivered: boolean }[]) : o.aids) ?? [],
        },
        settings,
        sendingReserved: Object.fromEntries(lines.map((l) => [l.article_id, l.reserved])),
      };
    },
  },
};
