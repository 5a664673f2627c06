/**
 * Vocabulary of the domain (see ../shared/docs/DOMAIN.md's glossary). Enumerations are shared by the
 * contract (zod), the local replica (CHECK constraints) and the server.
 */

export const ARTICLE_TYPES = ['mainAid', 'accessory', 'sparePart', 'setting', 'service', 'consumable'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const ARTICLE_STATUSES = ['active', 'phasingOut', 'gone'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const INDIVIDUAL_STATUSES = ['inStore', 'atRecipient', 'reserved', 'inRepair', 'scrapped', 'investigation'] as const;
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
