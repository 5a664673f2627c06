import { z } from 'zod';
import { INDIVIDUAL_STATUSES, ORDER_STATUSES, ORDER_LINE_STATUSES } from '../domain/model';
import { OrderHeader, PAYER_ID, RECIPIENT_ORDER_KINDS, LINE_TEXT_MAX } from '../domain/order/recipient-orders';
import { MAX_ORDER_LINES, MAX_ORDER_QUANTITY } from '../domain/order/rules';
import { OrderArticleView } from './order';
import { RecipientContactView } from './recipient';

/** The contract's schemas of orders to a recipient (förskrivning, beställning, their direct kinds) and utleverans. */

const Id = z.string().min(1).max(64);

export const RecipientOrderKind = z.enum(RECIPIENT_ORDER_KINDS);

/** A recipient as the order page shows them (read through the logged recipient path). */
export const OrderRecipient = RecipientContactView;
export type OrderRecipient = z.infer<typeof OrderRecipient>;

export const FindRecipientInput = z
  .object({ text: z.string().trim().min(1, 'Ange ett personnummer (12 siffror) eller en vårdenhetskod.').max(40, 'För långt för ett personnummer.') })
  .strict();

export const NewOrderContextInput = z.object({ recipientId: Id.nullable().default(null) }).strict();

export const NewOrderContext = z.object({
  recipient: OrderRecipient.nullable(),
  /** The user's service points of this store: the first is the default. */
  servicePoints: z.array(z.object({ id: z.string(), name: z.string() })),
  ownStoreId: z.string(),
  centralStoreId: z.string().nullable(),
  mayPrescribe: z.boolean(),
  /** The default of "samleverans" (a setting). */
  jointDeliveryDefault: z.boolean(),
});
export type NewOrderContext = z.infer<typeof NewOrderContext>;

export const OrderLineLookupInput = z
  .object({
    code: z.string().trim().min(1, 'Ange ett artikelnummer eller individnummer.').max(64),
    kind: RecipientOrderKind,
    /** A tracked article from the own store by its number: take its first individual in the store (a chosen replacement). */
    pickIndividual: z.boolean().default(false),
  })
  .strict();

export const LineIndividual = z.object({ id: Id, individualNo: z.string(), serialNo: z.string().nullable(), location: z.string().nullable(), status: z.enum(INDIVIDUAL_STATUSES) });

export const OrderLineLookup = z.object({
  article: OrderArticleView,
  /** Scanned individual (a tracked article from the own store). */
  individual: LineIndividual.nullable(),
});
export type OrderLineLookup = z.infer<typeof OrderLineLookup>;

export const PlaceOrderLineInput = z
  .object({
    articleId: Id,
    quantity: z.number().int('Antalet ska vara ett heltal.').min(1, 'Antalet ska vara minst 1.').max(MAX_ORDER_QUANTITY),
    individualId: Id.nullable().default(null),
    /** Null: the service point's payer. */
    payerId: z.string().trim().regex(PAYER_ID, 'Betalaren anges med 5 siffror.').nullable().default(null),
    text: z.string().max(LINE_TEXT_MAX, `Tilläggstexten får vara högst ${LINE_TEXT_MAX} tecken.`).nullable().default(null),
    replacesArticleId: Id.nullable().default(null),
  })
  .strict();

export const PlaceOrderInput = z
  .object({
    kind: RecipientOrderKind,
    recipientId: Id,
    servicePointId: Id,
    header: OrderHeader,
    lines: z.array(PlaceOrderLineInput).min(1, 'Lägg till minst en rad.').max(MAX_ORDER_LINES),
  })
  .strict();
export type PlaceOrderInput = z.input<typeof PlaceOrderInput>;

export const PlacedOrder = z.object({ orderId: Id, provisionalNo: z.string(), mutationId: z.number().int(), message: z.string(), warnings: z.array(z.string()) });
export type PlacedOrder = z.infer<typeof PlacedOrder>;

export const IssueViewLine = z.object({
  lineNo: z.number().int(),
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  tracked: z.boolean(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  location: z.string().nullable(),
  status: z.enum(ORDER_LINE_STATUSES),
  payerId: z.string().nullable(),
  note: z.string().nullable(),
});

export const IssueView = z.object({
  orderId: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  kind: RecipientOrderKind,
  status: z.enum(ORDER_STATUSES),
  direct: z.boolean(),
  createdAt: z.string(),
  shippedAt: z.string().nullable(),
  userName: z.string().nullable(),
  servicePointId: z.string().nullable(),
  recipient: z.object({ id: Id, name: z.string(), idLine: z.string(), kind: z.enum(['patient', 'careUnit']) }),
  header: OrderHeader,
  lines: z.array(IssueViewLine),
});
export type IssueView = z.infer<typeof IssueView>;

export const IssueInput = z
  .object({
    orderId: Id,
    lines: z
      .array(z.object({ lineNo: z.number().int().min(1), individualId: Id.nullable(), quantity: z.number().int().min(1).max(MAX_ORDER_QUANTITY) }).strict())
      .min(1, 'Inget att lämna ut.')
      .max(MAX_ORDER_LINES)
      .refine((ls) => new Set(ls.map((l) => l.lineNo)).size === ls.length, 'Samma rad får bara lämnas ut en gång.'),
  })
  .strict();

export const WaitingOrder = z.object({
  orderId: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  kind: RecipientOrderKind,
  status: z.enum(ORDER_STATUSES),
  recipientName: z.string(),
  createdAt: z.string(),
  lines: z.number().int(),
});
export type WaitingOrder = z.infer<typeof WaitingOrder>;
