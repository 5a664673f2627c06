import { z } from 'zod';
import { insert, update, type Effect } from '../effects';
import type { OrderKind, OrderStatus } from '../model';
import { decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { isDirectOrder, ISSUE_ROLES } from './recipient-orders';

/**
 * För plock (manual 003, "Status på beställningar": Registrerad → För plock → Utlevererad): a
 * direct order moves to `picking` when its pick list (plocklista) is printed. The print is a
 * replicated row of its own (`order_pick_list`: who, when), so central knows a pick list exists
 * and its cancel rule refuses like the workstation's. A second print (or two workstations printing
 * offline) records another row and leaves the status as it is. Central's own picking of an order
 * from the central store is `central pick` (server/order/admin.ts), with the same row.
 */

export const StartPickingArgs = z.object({ pickListId: Uuid, orderId: RowId }).strict();
export type StartPickingArgs = z.infer<typeof StartPickingArgs>;

export interface StartPickingFacts {
  order: { id: string; shownNo: string; kind: OrderKind; status: OrderStatus; storeId: string; fromStoreId: string } | null;
}

/** Statuses a pick list may be printed in: before the utleverans (a reprint while För plock). */
export const PICKABLE_STATUSES: readonly OrderStatus[] = ['registered', 'picking'];

/** Why no pick list may start picking the order (null: it may); the screens and the rule alike. */
export function startPickingRefusal(order: NonNullable<StartPickingFacts['order']>) {
  if (!isDirectOrder(order.kind)) return refuse('not-direct', `Order ${order.shownNo} skickas från centrallagret: plocklistan gäller order ur eget förråd.`);
  if (!PICKABLE_STATUSES.includes(order.status)) {
    return refuse('already-issued', order.status === 'cancelled' ? `Order ${order.shownNo} är makulerad: den plockas inte.` : `Order ${order.shownNo} är redan utlevererad.`);
  }
  return null;
}

/** The pick-list row of a print (central writes the same row when it starts picking). */
export const pickListRow = (p: { id: string; orderId: string; storeId: string; userId: string | null; at: string }) =>
  insert('order_pick_list', { id: p.id, order_id: p.orderId, store_id: p.storeId, user_id: p.userId, at: p.at });

export const startPicking = defineMutation({
  args: StartPickingArgs,
  refusals: [...STORE_REFUSALS, 'unknown-order', 'not-direct', 'already-issued'],
  decide(args, facts: StartPickingFacts, { actor, at }) {
    const order = facts.order;
    if (!order || order.id !== args.orderId) return refuse('unknown-order', 'Ordern finns inte (den kan ha avvisats av centralen).');
    const why = startPickingRefusal(order);
    if (why) return why;
    const forbidden = mayWorkInStore(actor, order.fromStoreId, ISSUE_ROLES);
    if (forbidden) return forbidden;
    const effects: Effect[] = [pickListRow({ id: args.pickListId, orderId: order.id, storeId: order.storeId, userId: actor.userId, at })];
    if (order.status === 'registered') effects.push(update('customer_order', { id: order.id }, { status: 'picking' }));
    return decided({
      effects,
      audit: { action: 'order.startPicking', entity: 'customer_order', entityId: order.id, details: { orderNo: order.shownNo, from: order.status } },
    });
  },
});

export const pickingMutations = { 'order.startPicking': startPicking } as const;
