import { insert, type InsertEffect } from '../effects';

/**
 * Messages (meddelanden) central sends a store's workstations (manual 003 "Meddelanden"): an
 * order's delivery date moved, an order shipped (Utlevererad) or delivered (Levererad), and (issue
 * 12) a work order closed. They reach the workstation as replicated rows; each person marks them
 * read or deleted (message.mark). Texts are made here so the central events and their tests agree.
 */
export const MESSAGE_KINDS = ['deliveryDateMoved', 'orderShipped', 'orderDelivered', 'workOrderClosed', 'notice'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_MARKS = ['read', 'deleted'] as const;
export type MessageMark = (typeof MESSAGE_MARKS)[number];

/** The Swedish name of a message kind (the inbox's column). */
export const MESSAGE_KIND_SV: Record<MessageKind, string> = {
  deliveryDateMoved: 'Ändrat leveransdatum',
  orderShipped: 'Utlevererad',
  orderDelivered: 'Levererad',
  workOrderClosed: 'Avslutad arbetsorder',
  notice: 'Meddelande',
};

export interface OrderEvent {
  orderNo: string;
  /** The recipient's name is personal data and never in a message text: only "patient" or "vårdenhet". */
  recipientKind: 'patient' | 'careUnit' | null;
}

const toWhom = (e: OrderEvent) => (e.recipientKind === 'patient' ? ' till patient' : e.recipientKind === 'careUnit' ? ' till vårdenhet' : '');

/** "Leveransdatum för order 26450003 är ändrat från 2026-12-01 till 2026-12-04." */
export function deliveryDateMovedText(e: OrderEvent, from: string | null, to: string): string {
  return `Leveransdatum för order ${e.orderNo}${toWhom(e)} är ändrat ${from ? `från ${from} ` : ''}till ${to}.`;
}

export function orderShippedText(e: OrderEvent, fromStoreId: string): string {
  return `Order ${e.orderNo}${toWhom(e)} är utlevererad från lager ${fromStoreId}.`;
}

export function orderDeliveredText(e: OrderEvent): string {
  return `Order ${e.orderNo}${toWhom(e)} är levererad.`;
}

export interface NewMessage {
  id: string;
  storeId: string;
  /** Null: everyone in the store. */
  userId: string | null;
  kind: MessageKind;
  orderId: string | null;
  text: string;
  at: string;
}

/** The insert of a message (central's events add it to their effects). */
export function messageEffect(m: NewMessage): InsertEffect<'message'> {
  return insert('message', { id: m.id, store_id: m.storeId, user_id: m.userId, kind: m.kind, order_id: m.orderId, text: m.text, at: m.at });
}

/** Whether a person sees a message: it is for them or for everyone in the store. */
export const isAddressedTo = (message: { userId: string | null }, userId: string): boolean => message.userId === null || message.userId === userId;
