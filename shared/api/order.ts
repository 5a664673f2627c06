import { z } from 'zod';
import { ARTICLE_STATUSES, ORDER_KINDS, ORDER_LINE_ROUTES, ORDER_LINE_STATUSES, ORDER_STATUSES } from '../domain/model';
import { MAX_ORDER_LINES, MAX_ORDER_QUANTITY } from '../domain/order/rules';
import { TEMPLATE_NAME_MAX } from '../domain/order/mutations';

/** The contract's schemas of replenishment (lagerpåfyllnad), stock transfer, templates and levels. */

const Id = z.string().min(1).max(64);

export const OrderLineInput = z
  .object({
    articleId: Id,
    quantity: z
      .number()
      .int('Antalet ska vara ett heltal.')
      .min(1, 'Antalet ska vara minst 1.')
      .max(MAX_ORDER_QUANTITY, `Antalet får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')} på en rad.`),
  })
  .strict();

/** An article as an order line shows it. */
export const OrderArticleView = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  unit: z.string(),
  articleStatus: z.enum(ARTICLE_STATUSES),
  trackedIndividually: z.boolean(),
  supplierId: z.string().nullable(),
  supplierName: z.string().nullable(),
  priceOre: z.number().int(),
  /** Utgående: may be ordered, with this warning. */
  warning: z.string().nullable(),
  /** Utgången: cannot be ordered, and why. */
  refusal: z.string().nullable(),
  available: z.number().int(),
});
export type OrderArticleView = z.infer<typeof OrderArticleView>;

export const SuggestionRow = OrderArticleView.extend({
  quantity: z.number().int(),
  /** Already on order (the store's replenishments not yet received). */
  onOrder: z.number().int(),
  minLevel: z.number().int(),
  maxLevel: z.number().int(),
  issuedLast90Days: z.number().int(),
});
export type SuggestionRow = z.infer<typeof SuggestionRow>;

export const Suggestion = z.object({ rows: z.array(SuggestionRow), days: z.number().int() });
export type Suggestion = z.infer<typeof Suggestion>;

export const CreateOrderInput = z
  .object({
    kind: z.enum(['replenishment', 'stockTransfer']),
    lines: z.array(OrderLineInput).min(1, 'Lägg till minst en rad.').max(MAX_ORDER_LINES * 5),
  })
  .strict();
export type CreateOrderInput = z.input<typeof CreateOrderInput>;

export const CreatedOrders = z.object({
  orders: z.array(z.object({ orderId: Id, provisionalNo: z.string(), supplierName: z.string().nullable(), lines: z.number().int(), mutationId: z.number().int() })),
  /** Said to the person when the lines were split: one order per supplier. */
  message: z.string(),
  warnings: z.array(z.string()),
});
export type CreatedOrders = z.infer<typeof CreatedOrders>;

export const OrderListQuery = z
  .object({
    show: z.enum(['open', 'all']).default('open'),
    text: z.string().max(60).default(''),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export type OrderListQuery = z.input<typeof OrderListQuery>;

export const OrderSummary = z.object({
  id: Id,
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  kind: z.enum(ORDER_KINDS),
  status: z.enum(ORDER_STATUSES),
  fromStoreId: z.string(),
  supplierName: z.string().nullable(),
  createdAt: z.string(),
  userName: z.string().nullable(),
  lines: z.number().int(),
  /** True until the central server has the order (it has no case number yet). */
  pendingCentral: z.boolean(),
  purchaseOrderNos: z.array(z.string()),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderLineView = z.object({
  lineNo: z.number().int(),
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  status: z.enum(ORDER_LINE_STATUSES),
  route: z.enum(ORDER_LINE_ROUTES).nullable(),
  purchaseOrderNo: z.string().nullable(),
  priceOre: z.number().int(),
});

export const OrderDetails = OrderSummary.extend({ orderLines: z.array(OrderLineView), deliveryDate: z.string().nullable(), shippedAt: z.string().nullable() });
export type OrderDetails = z.infer<typeof OrderDetails>;

/* ---------- templates ---------- */

export const OrderTemplate = z.object({
  templateId: Id,
  name: z.string(),
  updatedAt: z.string(),
  userName: z.string().nullable(),
  lines: z.array(OrderArticleView.extend({ quantity: z.number().int() })),
});
export type OrderTemplate = z.infer<typeof OrderTemplate>;

export const SaveTemplateInput = z
  .object({
    /** Null: a new template. */
    templateId: z.string().uuid().nullable(),
    name: z.string().max(TEMPLATE_NAME_MAX * 2),
    lines: z.array(OrderLineInput).min(1, 'En mall behöver minst en rad.').max(MAX_ORDER_LINES),
  })
  .strict();
export type SaveTemplateInput = z.input<typeof SaveTemplateInput>;

/* ---------- min/max levels ---------- */

export const StockLevelQuery = z
  .object({ text: z.string().max(60).default(''), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(200) })
  .strict();
export type StockLevelQuery = z.input<typeof StockLevelQuery>;

export const StockLevelRow = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  minLevel: z.number().int(),
  maxLevel: z.number().int(),
  available: z.number().int(),
  updatedAt: z.string(),
  userName: z.string().nullable(),
});
export type StockLevelRow = z.infer<typeof StockLevelRow>;

export const SetLevelInput = z
  .object({
    articleId: Id,
    minLevel: z.number().int('Nivåerna ska vara heltal.').min(0, 'Miniminivån kan inte vara negativ.').max(MAX_ORDER_QUANTITY),
    maxLevel: z.number().int('Nivåerna ska vara heltal.').min(0).max(MAX_ORDER_QUANTITY, `Maxnivån får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')}.`),
  })
  .strict();
export type SetLevelInput = z.input<typeof SetLevelInput>;

/** An article found for an order line by article number, GTIN or text. */
export const OrderArticleQuery = z.object({ code: z.string().trim().min(1, 'Ange ett artikelnummer eller skanna artikeln.').max(200) }).strict();
