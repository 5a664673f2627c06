import { z } from 'zod';
import { DraftLine } from '../domain/goods-receipt/draft';
import { PURCHASE_ORDER_STATUSES } from '../domain/model';

/** The contract's schemas of incoming deliveries (Godsmottagning) and goods receipt (kvittens). */

const Id = z.string().min(1).max(64);

export const IncomingQuery = z
  .object({
    /** "Visa endast okvitterade direktleveranser": purchase orders still to be received. */
    onlyUnreceived: z.boolean().default(true),
    /** Only orders this user registered (colleagues' orders are shown too by default). */
    mine: z.boolean().default(false),
  })
  .strict();
export type IncomingQuery = z.input<typeof IncomingQuery>;

export const IncomingDelivery = z.object({
  /** A supplier's direct delivery (to be received) or a delivery from the central store (arrives confirmed). */
  kind: z.enum(['direct', 'central']),
  purchaseOrderId: Id.nullable(),
  purchaseOrderNo: z.string().nullable(),
  orderId: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  status: z.enum([...PURCHASE_ORDER_STATUSES, 'shipped']),
  supplierName: z.string().nullable(),
  userName: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  lines: z.number().int(),
  /** A receipt is being scanned on this workstation (kvittens påbörjad). */
  draft: z.boolean(),
});
export type IncomingDelivery = z.infer<typeof IncomingDelivery>;

/** "Märk lev:" order number, the purchase order number or a provisional number. */
export const FindDeliveryInput = z.object({ number: z.string().trim().min(1, 'Ange ordernummer eller inköpsordernummer.').max(40) }).strict();
export const FoundDelivery = z.object({ purchaseOrderId: Id.nullable(), orderId: Id, kind: z.enum(['direct', 'central']) });

export const ReceiptView = z.object({
  purchaseOrderId: Id,
  purchaseOrderNo: z.string(),
  orderId: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  supplierName: z.string().nullable(),
  storeId: z.string(),
  storeName: z.string(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  lines: z.array(DraftLine.extend({ complete: z.boolean() })),
  totalOre: z.number().int(),
  /** Every line complete: the receipt can be approved. */
  ready: z.boolean(),
  /** What is still missing before approval, one Swedish line each. */
  missing: z.array(z.string()),
  /** Individual numbers left in this workstation's block(s). */
  numbersLeft: z.number().int(),
  updatedAt: z.string().nullable(),
  /** The receipt that closed it (approved or cancelled), when it is closed. */
  closed: z.object({ outcome: z.enum(['approved', 'cancelled']), at: z.string(), userName: z.string().nullable(), reason: z.string().nullable() }).nullable(),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

export const ReceiptScanInput = z
  .object({ purchaseOrderId: Id, text: z.string().min(1).max(4096), symbology: z.string().max(8).optional() })
  .strict();

export const ReceiptScanResult = z.object({
  view: ReceiptView,
  /** ok: what the scan did; refused: why nothing changed. */
  outcome: z.enum(['ok', 'refused']),
  lineNo: z.number().int().nullable(),
  message: z.string(),
  /** A valid GTIN no article has: a store admin may link it to one of the delivery's articles. */
  unknownGtin: z.string().optional(),
});
export type ReceiptScanResult = z.infer<typeof ReceiptScanResult>;

export const ReceiptEditInput = z
  .object({
    purchaseOrderId: Id,
    edit: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('unit'),
          lineNo: z.number().int(),
          individualId: z.string().uuid(),
          serialNo: z.string().trim().max(40, 'Serienumret får vara högst 40 tecken.').nullable().optional(),
          individualNo: z.string().trim().max(30, 'Individnumret får vara högst 30 tecken.').nullable().optional(),
        })
        .strict(),
      z.object({ kind: z.literal('removeUnit'), lineNo: z.number().int(), individualId: z.string().uuid() }).strict(),
      z.object({ kind: z.literal('quantity'), lineNo: z.number().int(), received: z.number().int().min(0).max(10_000) }).strict(),
      /** The à-pris as typed (whole kronor; decimals are refused with a message). */
      z.object({ kind: z.literal('price'), lineNo: z.number().int(), price: z.string().max(20) }).strict(),
    ]),
  })
  .strict();
export type ReceiptEditInput = z.input<typeof ReceiptEditInput>;

export const ReceiptCancelInput = z
  .object({ purchaseOrderId: Id, reason: z.string().max(200) })
  .strict();

/** A delivery from the central store (it arrives confirmed): what was shipped, to check by scanning. */
export const CentralDeliveryView = z.object({
  orderId: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  shippedAt: z.string().nullable(),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      articleId: Id,
      articleNo: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      trackedIndividually: z.boolean(),
      gtins: z.array(z.string()),
    }),
  ),
  deviations: z.array(z.object({ at: z.string(), userName: z.string().nullable(), text: z.string() })),
});
export type CentralDeliveryView = z.infer<typeof CentralDeliveryView>;

export const ReportDeviationInput = z
  .object({
    orderId: Id,
    text: z.string().max(1000),
    lines: z
      .array(z.object({ articleId: Id, expected: z.number().int().min(0).max(10_000), counted: z.number().int().min(0).max(10_000) }).strict())
      .max(1000),
  })
  .strict();
export type ReportDeviationInput = z.input<typeof ReportDeviationInput>;
