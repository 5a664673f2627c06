/**
 * Vocabulary of the domain (see ../shared/docs/DOMAIN.md's glossary). Enumerations are shared by the
 * contract (zod), the local replica (CHECK constraints) and the server.
 */
export declare const ARTICLE_TYPES: readonly ["mainAid", "accessory", "sparePart", "setting", "service", "consumable"];
export type ArticleType = (typeof ARTICLE_TYPES)[number];
export declare const ARTICLE_STATUSES: readonly ["active", "phasingOut", "gone"];
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export declare const INDIVIDUAL_STATUSES: readonly ["inStore", "atRecipient", "reserved", "inRepair", "scrapped", "investigation"];
export type IndividualStatus = (typeof INDIVIDUAL_STATUSES)[number];
export declare const STORE_KINDS: readonly ["central", "buffer", "purchase", "investigation"];
export type StoreKind = (typeof STORE_KINDS)[number];
export declare const ROLES: readonly ["technician", "prescriber", "orderer", "storeAdmin"];
export type Role = (typeof ROLES)[number];
/** Reasons of stock movements in the ledger. */
export declare const MOVEMENT_REASONS: readonly ["goodsReceipt", "issue", "return", "stockTransfer", "stocktake", "adjustment", "scrap", "initial", "registration"];
export type MovementReason = (typeof MOVEMENT_REASONS)[number];
/** The article-type filter of the stock list (Lager): the three types a store keeps, or all. */
export declare const STOCK_ARTICLE_TYPE_FILTERS: readonly ["all", "mainAid", "accessory", "sparePart"];
export type StockArticleTypeFilter = (typeof STOCK_ARTICLE_TYPE_FILTERS)[number];
/** "med saldo" (balance ≠ 0) or "alla" (zero and negative balances too). */
export declare const STOCK_BALANCE_FILTERS: readonly ["withBalance", "all"];
export type StockBalanceFilter = (typeof STOCK_BALANCE_FILTERS)[number];
/** A-aids are owned and registered by the central service; B-aids are the municipality's own. */
export declare const AID_CATEGORIES: readonly ["A", "B"];
export type AidCategory = (typeof AID_CATEGORIES)[number];
/** Kinds of customer orders (kundorder); this issue builds replenishment and stock transfer. */
export declare const ORDER_KINDS: readonly ["replenishment", "stockTransfer", "directPrescription", "prescription", "careUnitOrder", "directCareUnitOrder"];
export type OrderKind = (typeof ORDER_KINDS)[number];
/** Registrerad → För plock → Utlevererad / Levererad; Makulerad when cancelled. */
export declare const ORDER_STATUSES: readonly ["registered", "picking", "shipped", "delivered", "cancelled"];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/**
 * Where an order line is: registered (waiting for central), shipped (from the central store, which
 * confirms its own deliveries), ordered from the supplier (on a purchase order), delivered by the
 * supplier (waiting for the store's receipt), received (kvitterad), cancelled.
 */
export declare const ORDER_LINE_STATUSES: readonly ["registered", "shipped", "ordered", "delivered", "received", "cancelled"];
export type OrderLineStatus = (typeof ORDER_LINE_STATUSES)[number];
/** Central routes a line to the central store when it has the stock there, else to purchase (store 800). */
export declare const ORDER_LINE_ROUTES: readonly ["central", "purchase"];
export type OrderLineRoute = (typeof ORDER_LINE_ROUTES)[number];
export declare const PURCHASE_ORDER_STATUSES: readonly ["ordered", "delivered", "received", "cancelled"];
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];
export declare const GOODS_RECEIPT_OUTCOMES: readonly ["approved", "cancelled"];
export type GoodsReceiptOutcome = (typeof GOODS_RECEIPT_OUTCOMES)[number];
/** Inventering: counting, approved (locked), or joined into an earlier one that overlapped it. */
export declare const STOCKTAKE_STATUSES: readonly ["counting", "approved", "joined"];
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];
/**
 * What one count event says (docs/stocktake.md): `scan` an individual seen (quantity 1) or taken
 * back (0); `add` units of an article counted (several people's add up); `replace` ("ersätt") the
 * same person's own earlier count of the line; `recount` ("räkna om") the line starts over; `keep`
 * ("behåll räkningen") the count stands although stock moved after it.
 */
export declare const STOCKTAKE_COUNT_KINDS: readonly ["scan", "add", "replace", "recount", "keep"];
export type StocktakeCountKind = (typeof STOCKTAKE_COUNT_KINDS)[number];
export declare const STOCKTAKE_COUNT_SOURCES: readonly ["scan", "manual", "import"];
export type StocktakeCountSource = (typeof STOCKTAKE_COUNT_SOURCES)[number];
/** At approval, lines nobody counted are left as they are, or taken as counted to 0. */
export declare const STOCKTAKE_UNCOUNTED: readonly ["keep", "zero"];
export type StocktakeUncounted = (typeof STOCKTAKE_UNCOUNTED)[number];
