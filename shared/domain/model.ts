/**
 * Vocabulary of the domain (see ../shared/docs/DOMAIN.md's glossary). Enumerations are shared by the
 * contract (zod), the local replica (CHECK constraints) and the server.
 */

export const ARTICLE_TYPES = ['mainAid', 'accessory', 'sparePart', 'setting', 'service', 'consumable'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const ARTICLE_STATUSES = ['active', 'phasingOut', 'gone'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const INDIVIDUAL_STATUSES = ['inStore', 'atRecipient', 'reserved', 'inRepair', 'rekond', 'scrapped', 'investigation'] as const;
export type IndividualStatus = (typeof INDIVIDUAL_STATUSES)[number];

export const STORE_KINDS = ['central', 'buffer', 'purchase', 'investigation'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const ROLES = ['technician', 'prescriber', 'orderer', 'storeAdmin'] as const;
export type Role = (typeof ROLES)[number];

/** Reasons of stock movements in the ledger. */
export const MOVEMENT_REASONS = [
  'goodsReceipt',
  'issue',
  'return',
  'stockTransfer',
  'stocktake',
  'adjustment',
  'scrap',
  'initial',
  'registration',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** The article-type filter of the stock list (Lager): the three types a store keeps, or all. */
export const STOCK_ARTICLE_TYPE_FILTERS = ['all', 'mainAid', 'accessory', 'sparePart'] as const;
export type StockArticleTypeFilter = (typeof STOCK_ARTICLE_TYPE_FILTERS)[number];

/** "med saldo" (balance ≠ 0) or "alla" (zero and negative balances too). */
export const STOCK_BALANCE_FILTERS = ['withBalance', 'all'] as const;
export type StockBalanceFilter = (typeof STOCK_BALANCE_FILTERS)[number];

/** A-aids are owned and registered by the central service; B-aids are the municipality's own. */
export const AID_CATEGORIES = ['A', 'B'] as const;
export type AidCategory = (typeof AID_CATEGORIES)[number];

/** Kinds of customer orders (kundorder); this issue builds replenishment and stock transfer. */
export const ORDER_KINDS = ['replenishment', 'stockTransfer', 'directPrescription', 'prescription', 'careUnitOrder', 'directCareUnitOrder'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** Registrerad → För plock → Utlevererad / Levererad; Makulerad when cancelled. */
export const ORDER_STATUSES = ['registered', 'picking', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where an order line is: registered (waiting for central), shipped (from the central store, which
 * confirms its own deliveries), ordered from the supplier (on a purchase order), delivered by the
 * supplier (waiting for the store's receipt), received (kvitterad), cancelled.
 */
export const ORDER_LINE_STATUSES = ['registered', 'shipped', 'ordered', 'delivered', 'received', 'cancelled'] as const;
export type OrderLineStatus = (typeof ORDER_LINE_STATUSES)[number];

/** Central routes a line to the central store when it has the stock there, else to purchase (store 800). */
export const ORDER_LINE_ROUTES = ['central', 'purchase'] as const;
export type OrderLineRoute = (typeof ORDER_LINE_ROUTES)[number];

export const PURCHASE_ORDER_STATUSES = ['ordered', 'delivered', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const GOODS_RECEIPT_OUTCOMES = ['approved', 'cancelled'] as const;
export type GoodsReceiptOutcome = (typeof GOODS_RECEIPT_OUTCOMES)[number];

/** Inventering: counting, approved (locked), or joined into an earlier one that overlapped it. */
export const STOCKTAKE_STATUSES = ['counting', 'approved', 'joined'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];

/**
 * What one count event says (docs/stocktake.md): `scan` an individual seen (quantity 1) or taken
 * back (0); `add` units of an article counted (several people's add up); `replace` ("ersätt") the
 * same person's own earlier count of the line; `recount` ("räkna om") the line starts over; `keep`
 * ("behåll räkningen") the count stands although stock moved after it.
 */
export const STOCKTAKE_COUNT_KINDS = ['scan', 'add', 'replace', 'recount', 'keep'] as const;
export type StocktakeCountKind = (typeof STOCKTAKE_COUNT_KINDS)[number];

export const STOCKTAKE_COUNT_SOURCES = ['scan', 'manual', 'import'] as const;
export type StocktakeCountSource = (typeof STOCKTAKE_COUNT_SOURCES)[number];

/** At approval, lines nobody counted are left as they are, or taken as counted to 0. */
export const STOCKTAKE_UNCOUNTED = ['keep', 'zero'] as const;
export type StocktakeUncounted = (typeof STOCKTAKE_UNCOUNTED)[number];
