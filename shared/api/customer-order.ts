import { z } from 'zod';
import { ORDER_KINDS, ORDER_STATUSES } from '../domain/model';
import { IsoDate } from './schemas';

/**
 * The contract's schemas of Mina beställningar / Sök kundorder, makulering and "Rekvirerat per
 * förskrivare" (manual 000 §7.2–7.3, 001 Dina uppgifter, 003 Makulera beställning).
 */

const Id = z.string().min(1).max(64);

const period = <T extends { from?: string | undefined; to?: string | undefined }>(q: T) => !q.from || !q.to || q.from <= q.to;
const PERIOD_MESSAGE = { message: 'Från-datumet ska vara före till-datumet.', path: ['to'] };

export const OrderSearchQuery = z
  .object({
    /** Whole case number, YY or YYWW prefix, or a provisional number; empty: any. */
    number: z.string().max(40).default(''),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    servicePointId: Id.optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    /** me: the person's own orders (Mina beställningar); all: everyone's in the store; user: a colleague's. */
    who: z.enum(['me', 'all', 'user']).default('me'),
    userId: Id.optional(),
    /** Replenishments of the store too (default: orders to patients and care units only). */
    includeStoreOrders: z.boolean().default(false),
    limit: z.number().int().min(1).max(1000).default(300),
  })
  .strict()
  .refine(period, PERIOD_MESSAGE)
  .refine((q) => q.who !== 'user' || q.userId !== undefined, { message: 'Välj vems beställningar som ska visas.', path: ['userId'] });
export type OrderSearchQuery = z.input<typeof OrderSearchQuery>;

export const OrderSearchRow = z.object({
  id: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  kind: z.enum(ORDER_KINDS),
  status: z.enum(ORDER_STATUSES),
  createdAt: z.string(),
  deliveryDate: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  servicePointId: z.string().nullable(),
  servicePointName: z.string().nullable(),
  /** Whom it is for: a patient or a care unit (the name is on the order page, not in lists). */
  recipientKind: z.enum(['patient', 'careUnit']).nullable(),
  lines: z.number().int(),
  quantity: z.number().int(),
});
export type OrderSearchRow = z.infer<typeof OrderSearchRow>;

export const OrderSearchResult = z.object({
  rows: z.array(OrderSearchRow),
  /** More matched than `limit`: narrow the search. */
  truncated: z.boolean(),
  /** The filters' choices: the store's users and service points. */
  users: z.array(z.object({ id: Id, name: z.string() })),
  servicePoints: z.array(z.object({ id: Id, name: z.string() })),
});
export type OrderSearchResult = z.infer<typeof OrderSearchResult>;

/** Whether an order can be cancelled now, and why not (the cancel rule's message). */
export const CancelCheck = z.object({ cancellable: z.boolean(), reason: z.string().nullable() });
export type CancelCheck = z.infer<typeof CancelCheck>;

export const PrescriberReportQuery = z
  .object({
    from: IsoDate,
    to: IsoDate,
    /** One prescriber; absent: every prescriber of the store. */
    userId: Id.optional(),
  })
  .strict()
  .refine(period, PERIOD_MESSAGE);
export type PrescriberReportQuery = z.input<typeof PrescriberReportQuery>;

export const PrescriberReportRow = z.object({
  userId: z.string().nullable(),
  userName: z.string(),
  articleId: Id,
  articleNo: z.string(),
  articleName: z.string(),
  orders: z.number().int(),
  quantity: z.number().int(),
  valueOre: z.number().int(),
});
export type PrescriberReportRow = z.infer<typeof PrescriberReportRow>;

export const PrescriberReport = z.object({
  from: IsoDate,
  to: IsoDate,
  rows: z.array(PrescriberReportRow),
  /** Per prescriber: orders, quantity and value in the period. */
  totals: z.array(z.object({ userId: z.string().nullable(), userName: z.string(), orders: z.number().int(), quantity: z.number().int(), valueOre: z.number().int() })),
});
export type PrescriberReport = z.infer<typeof PrescriberReport>;
