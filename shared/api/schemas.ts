import { z } from 'zod';
import {
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  INDIVIDUAL_STATUSES,
  MOVEMENT_REASONS,
  ROLES,
  STOCK_ARTICLE_TYPE_FILTERS,
  STOCK_BALANCE_FILTERS,
  STORE_KINDS,
} from '../domain/model';
import { INDIVIDUAL_QUERY_MAX_LENGTH } from '../domain/individual/search';

/** Building blocks of the contract. Every string has an upper bound: oversized input is refused. */

export const Id = z.string().min(1).max(64);
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ska skrivas ÅÅÅÅ-MM-DD.');
export const IsoDateTime = z.string().max(40);
export const FreeText = z.string().max(200);
export const Offset = z.number().int().min(0).max(10_000_000);
export const Limit = z.number().int().min(1).max(500);

export const ArticleType = z.enum(ARTICLE_TYPES);
export const ArticleStatus = z.enum(ARTICLE_STATUSES);
export const IndividualStatus = z.enum(INDIVIDUAL_STATUSES);
export const StoreKind = z.enum(STORE_KINDS);
export const Role = z.enum(ROLES);
export const MovementReason = z.enum(MOVEMENT_REASONS);

export const Store = z.object({
  id: Id,
  name: z.string(),
  kind: StoreKind,
});
export type Store = z.infer<typeof Store>;

export const UserSummary = z.object({
  id: Id,
  hsaId: z.string(),
  name: z.string(),
  roles: z.array(Role),
  storeIds: z.array(Id),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const AppStatus = z.object({
  appVersion: z.string(),
  dataDir: z.string(),
  store: Store,
  user: UserSummary.nullable(),
  /** Central server address, or null when this workstation works alone (no sync configured). */
  centralUrl: z.string().nullable(),
  online: z.boolean(),
  pendingChanges: z.number().int(),
  lastSyncAt: IsoDateTime.nullable(),
  messages: z.array(z.object({ id: Id, at: IsoDateTime, text: z.string() })),
});
export type AppStatus = z.infer<typeof AppStatus>;

export const StockBalanceQuery = z
  .object({
    articleType: z.enum(STOCK_ARTICLE_TYPE_FILTERS).default('all'),
    balance: z.enum(STOCK_BALANCE_FILTERS).default('withBalance'),
    text: FreeText.default(''),
    offset: Offset.default(0),
    limit: Limit.default(100),
  })
  .strict();
export type StockBalanceQuery = z.input<typeof StockBalanceQuery>;

export const StockBalanceRow = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  unit: z.string(),
  isoCode: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});
export type StockBalanceRow = z.infer<typeof StockBalanceRow>;

export const StockBalancePage = z.object({
  rows: z.array(StockBalanceRow),
  hasMore: z.boolean(),
});
export type StockBalancePage = z.infer<typeof StockBalancePage>;

export const StockBalanceCountQuery = StockBalanceQuery.pick({ articleType: true, balance: true, text: true }).strict();
export const Count = z.object({ total: z.number().int() });

export const IndividualSummary = z.object({
  id: Id,
  individualNo: z.string(),
  serialNo: z.string().nullable(),
  articleId: Id,
  articleNo: z.string(),
  articleName: z.string(),
  status: IndividualStatus,
  storeId: Id.nullable(),
});
export type IndividualSummary = z.infer<typeof IndividualSummary>;

export const StoreIndividualsQuery = z
  .object({
    status: z.union([IndividualStatus, z.literal('all')]).default('all'),
    offset: Offset.default(0),
    limit: Limit.default(100),
  })
  .strict();

export const IndividualPage = z.object({
  rows: z.array(IndividualSummary),
  hasMore: z.boolean(),
});

export const IndividualSearchQuery = z
  .object({
    query: z.string().max(INDIVIDUAL_QUERY_MAX_LENGTH, `Sökbegreppet får vara högst ${INDIVIDUAL_QUERY_MAX_LENGTH} tecken.`),
    limit: Limit.default(200),
  })
  .strict();

export const IndividualSearchResult = z.discriminatedUnion('match', [
  /** A complete individual number: open the individual directly. */
  z.object({ match: z.literal('exact'), individual: IndividualSummary }),
  z.object({
    match: z.literal('list'),
    rows: z.array(IndividualSummary),
    /** How many individuals match, counted up to `totalCap`; `total > totalCap` never happens. */
    total: z.number().int(),
    totalCapped: z.boolean(),
  }),
]);
export type IndividualSearchResult = z.infer<typeof IndividualSearchResult>;

/** One line of an individual's history; the UI words it (movement reason / audit action). */
export const HistoryEntry = z.object({
  at: IsoDateTime,
  kind: z.enum(['movement', 'audit', 'text']),
  /** Movement reason (kind movement) or audit action (kind audit). */
  action: z.string().nullable(),
  quantity: z.number().int().nullable(),
  storeId: z.string().nullable(),
  text: z.string().nullable(),
  userName: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const IndividualDetails = IndividualSummary.extend({
  articleType: ArticleType,
  supplierName: z.string().nullable(),
  supplierArticleNo: z.string().nullable(),
  isoCode: z.string(),
  isoName: z.string().nullable(),
  purchaseDate: IsoDate.nullable(),
  acquisitionValueOre: z.number().int().nullable(),
  warrantyEnd: IsoDate.nullable(),
  estimatedAgeYears: z.number().int().nullable(),
  storeName: z.string().nullable(),
  location: z.string().nullable(),
  history: z.array(HistoryEntry),
});
export type IndividualDetails = z.infer<typeof IndividualDetails>;

export const Empty = z.object({}).strict();
export const Nothing = z.null();
