import { z } from 'zod';
import { add, insert, update, type Effect } from '../effects';
import type { OrderKind, OrderLineRoute, OrderLineStatus, OrderStatus } from '../model';
import { decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { ROLES } from '../model';
import type { RegionSettings } from '../region-settings/settings';

/**
 * Makulera kundorder (manual 000 §7.2, 001 "Makulera registrerad kundorder", 003 "Makulera
 * beställning"): a whole order is cancelled, only while it is Registrerad and before a pick list or
 * a purchase order has been made for it; in regions that follow manual 000 only on the day it was
 * placed (the same-day limit, a region setting: `sameDayOnly`). Past that the customer service of
 * the aids centre cancels it. One rule, run by the workstation and again by central.
 */

/** The cancel rule's setting: the region's `cancelSameDayOnly` (shared/domain/region-settings). */
export interface CancelSettings {
  /** true: only on the day the order was placed (Swedish calendar day); false: any day while Registrerad. */
  sameDayOnly: boolean;
}
export const DEFAULT_CANCEL_SETTINGS: CancelSettings = { sameDayOnly: true };
/** The cancel rule's settings from the region's (`cancelSameDayOnly`). */
export const cancelSettingsOf = (region: Pick<RegionSettings, 'cancelSameDayOnly'>): CancelSettings => ({ sameDayOnly: region.cancelSameDayOnly });

export interface CancelOrderFacts {
  order: {
    id: string;
    /** The case number, or the provisional number until central has given one. */
    shownNo: string;
    storeId: string;
    fromStoreId: string;
    kind: OrderKind;
    status: OrderStatus;
    createdAt: string;
    userId: string | null;
    lines: { lineNo: number; articleId: string; articleNo: string; quantity: number; route: OrderLineRoute | null; status: OrderLineStatus; individualId: string | null }[];
    /** Purchase orders made for it (any status but cancelled). */
    purchaseOrders: number;
    /** A pick list has been printed for it (plocklista; utleverans). */
    pickList: boolean;
    /** The rows the order put on the recipient's aids list (orders to a recipient); `delivered`: quantity or a delivery date. */
    aids: { id: string; delivered: boolean }[];
  } | null;
  settings: CancelSettings;
  /**
   * What is reserved in the sending store per article of the order (central knows it; null on a
   * workstation, which does not hold the central store's balances): a release never goes below zero.
   */
  sendingReserved: Record<string, number> | null;
}

const STATUS_SV: Record<OrderStatus, string> = {
  registered: 'Registrerad',
  picking: 'För plock',
  shipped: 'Utlevererad',
  delivered: 'Levererad',
  cancelled: 'Makulerad',
};

/** Orders taken from the own store (uttag ur eget förråd, direktbeställning): reserved when placed. */
const DIRECT_KINDS: readonly OrderKind[] = ['directPrescription', 'directCareUnitOrder'];

const CONTACT = 'Kontakta hjälpmedelscentralens kundtjänst om ordern ändå ska makuleras.';

/** The Swedish calendar day of an instant (YYYY-MM-DD, Europe/Stockholm). */
export function swedishDay(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export type CancelRefusalCode = 'order-not-registered' | 'order-has-purchase-order' | 'order-has-pick-list' | 'order-not-today';

/**
 * Why the order cannot be cancelled at `at`, or null when it can. The screens use it to show or
 * hide "Makulera order" and to say why; the mutation refuses with the same words.
 */
export function cancelRefusal(
  order: NonNullable<CancelOrderFacts['order']>,
  at: string,
  settings: CancelSettings,
): { code: CancelRefusalCode; message: string } | null {
  if (order.status !== 'registered') {
    return {
      code: 'order-not-registered',
      message: `Order ${order.shownNo} har status ${STATUS_SV[order.status]} och kan inte makuleras: bara en order med status Registrerad kan makuleras. ${CONTACT}`,
    };
  }
  if (order.purchaseOrders > 0 || order.lines.some((l) => l.route === 'purchase' || l.status === 'ordered')) {
    return { code: 'order-has-purchase-order', message: `Order ${order.shownNo} kan inte makuleras: en inköpsorder är redan skapad. ${CONTACT}` };
  }
  if (order.pickList || order.lines.some((l) => l.status !== 'registered')) {
    return { code: 'order-has-pick-list', message: `Order ${order.shownNo} kan inte makuleras: en plocklista är redan skapad. ${CONTACT}` };
  }
  if (settings.sameDayOnly && swedishDay(order.createdAt) !== swedishDay(at)) {
    return {
      code: 'order-not-today',
      message: `Order ${order.shownNo} lades ${swedishDay(order.createdAt)} och kan bara makuleras samma dag som den lades. ${CONTACT}`,
    };
  }
  return null;
}

/**
 * Cancels a whole order: the order and its lines become Makulerad, what central had reserved for
 * it in the sending store is released, its not-yet-delivered rows on the recipient's aids list are
 * Makulerad (`aid.cancelled_at`), and the cancellation is recorded (who, when). The person who
 * placed the order may cancel it, and a store admin of the store.
 */
export const cancelOrder = defineMutation({
  args: z.object({ cancellationId: Uuid, orderId: RowId, storeId: RowId }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-order', 'not-your-order', 'order-not-registered', 'order-has-purchase-order', 'order-has-pick-list', 'order-not-today'],
  decide(args, facts: CancelOrderFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, ROLES);
    if (forbidden) return forbidden;
    const order = facts.order;
    if (!order || order.storeId !== args.storeId) return refuse('unknown-order', 'Ordern finns inte i lagrets order.');
    if (order.userId !== actor.userId && !actor.roles.includes('storeAdmin')) {
      return refuse('not-your-order', `Order ${order.shownNo} är lagd av en annan användare: bara den som lade ordern eller en lageradministratör kan makulera den.`);
    }
    const why = cancelRefusal(order, at, facts.settings);
    if (why) return refuse(why.code, why.message);
    const effects: Effect[] = [
      insert('order_cancellation', { id: args.cancellationId, order_id: order.id, store_id: order.storeId, user_id: actor.userId, at }),
      update('customer_order', { id: order.id }, { status: 'cancelled' }),
    ];
    const reservedLeft = new Map(Object.entries(facts.sendingReserved ?? {}));
    for (const l of order.lines) {
      effects.push(update('customer_order_line', { order_id: order.id, line_no: l.lineNo }, { status: 'cancelled' }));
      // A chosen individual was reserved for the line: it is free again.
      if (l.individualId !== null) effects.push(update('individual', { id: l.individualId }, { status: 'inStore' }));
      // What was reserved in the sending store: by central when it routed the line there, or at once
      // for an order from the own store (orders placed before schema 3 reserved nothing: never below zero).
      if (l.route !== 'central' && !DIRECT_KINDS.includes(order.kind)) continue;
      const left = facts.sendingReserved === null ? l.quantity : (reservedLeft.get(l.articleId) ?? 0);
      const release = Math.min(l.quantity, Math.max(0, left));
      reservedLeft.set(l.articleId, left - release);
      if (release > 0) {
        effects.push(add('stock_balance', { store_id: order.fromStoreId, article_id: l.articleId }, { reserved: -release }, { article_no: l.articleNo, on_hand: 0 }));
      }
    }
    // The recipient's aids list: what was ordered and never delivered is Makulerad (struck, no open order).
    for (const a of order.aids) if (!a.delivered) effects.push(update('aid', { id: a.id }, { cancelled_at: at }));
    return decided({
      effects,
      audit: { action: 'order.cancel', entity: 'customer_order', entityId: order.id, details: { orderNo: order.shownNo, lines: order.lines.length } },
    });
  },
});

export const cancelMutations = { 'customerOrder.cancel': cancelOrder } as const;
