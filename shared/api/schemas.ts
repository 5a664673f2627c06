import { z } from 'zod';
import {
  AID_CATEGORIES,
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
import { mutationArgs } from '../domain/mutations';

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
  /** The workstation is locked (inactivity, card removed): only unlocking or logging out helps. */
  locked: z.boolean(),
  /** Minutes without input before the workstation locks itself (0: never). */
  lockAfterMinutes: z.number().int().min(0),
  /**
   * The card lock of a SITHS login (shared/domain/session/card.ts): null when the session is no
   * SITHS login or card readers are not watched here; else whether it works, and why not.
   */
  cardLock: z.object({ watching: z.boolean(), reason: z.string().nullable() }).nullable(),
  /** Central server address, or null when this workstation works alone (no sync configured). */
  centralUrl: z.string().nullable(),
  online: z.boolean(),
  pendingChanges: z.number().int(),
  lastSyncAt: IsoDateTime.nullable(),
  /** The person's unread messages, newest first (at most 20), and how many are unread in all (the status bar). */
  messages: z.array(z.object({ id: Id, at: IsoDateTime, text: z.string() })),
  unreadMessages: z.number().int().min(0),
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
  // The complete individual card (issue 12 item 6).
  /** Who holds it: the recipient whose aids list has it, delivered and not returned. */
  holder: z.object({ recipientId: Id, name: z.string(), kind: z.enum(['patient', 'careUnit']), since: IsoDateTime.nullable() }).nullable(),
  /** The order it is reserved for or was handed out with (the status's order number). */
  order: z.object({ orderId: Id, orderNo: z.string(), status: z.string() }).nullable(),
  /** Its activities (work orders), newest first. */
  activities: z.array(
    z.object({ id: Id, no: z.string(), kind: z.string(), status: z.enum(['registered', 'reported', 'closed']), title: z.string(), createdAt: IsoDateTime }),
  ),
  /** Its components: the article's individmall (standard and other components). */
  components: z.array(z.object({ articleNo: z.string(), name: z.string(), kind: z.enum(['standard', 'other']), quantity: z.number().int() })),
});
export type IndividualDetails = z.infer<typeof IndividualDetails>;

export const Empty = z.object({}).strict();
export const Nothing = z.null();

/* ---- Sync (issue 4): status, progress, conflicts ---- */

export const SyncState = z.enum([
  /** No central server configured: this workstation works alone. */
  'disabled',
  'idle',
  'syncing',
  /** First sync of a new workstation (progress in the `sync.progress` event). */
  'bootstrapping',
  /** A controlled re-bootstrap after the server lost track of this workstation's position. */
  'resyncing',
  /** No contact with the server; retried automatically (nextRetryAt). */
  'offline',
  /** The last attempt failed (see error); retried automatically when nextRetryAt is set. */
  'error',
  /** A pull would delete most of a table's rows: stopped until a person confirms (sync.confirmDeletion). */
  'failsafe',
  /** The server does not speak this version: stopped until Buffert is updated. */
  'version-not-supported',
]);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  state: SyncState,
  /** The last request reached the server. */
  online: z.boolean(),
  /** Mutations saved here and not yet acknowledged by the server. */
  pendingChanges: z.number().int(),
  lastSyncAt: IsoDateTime.nullable(),
  lastAttemptAt: IsoDateTime.nullable(),
  nextRetryAt: IsoDateTime.nullable(),
  /** Swedish explanation of what went wrong, for the Synk page; null when all is well. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Refused mutations a person has not yet looked at (sync.conflicts). */
  conflicts: z.number().int(),
  /** Something the engine did on its own that a person must hear about (work renumbered after a restored backup). */
  notice: z.object({ id: z.number().int(), at: IsoDateTime, code: z.string(), message: z.string() }).nullable(),
  /** The first sync has finished (the replica holds the store's data). */
  bootstrapped: z.boolean(),
  failsafe: z
    .object({ table: z.string(), rows: z.number().int(), deletions: z.number().int(), message: z.string() })
    .nullable(),
  centralUrl: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncProgress = z.object({
  phase: z.enum(['bootstrap', 'resync', 'pull', 'push']),
  /** Rows (pull) or mutations (push) done so far in this phase. */
  rows: z.number().int(),
  /** Expected total, when the server said (bootstrap) or it is known (push). */
  total: z.number().int().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  secondsLeft: z.number().nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncConflict = z.object({
  id: z.number().int(),
  mutationId: z.number().int(),
  /** Mutation name, e.g. individual.register. */
  name: z.string(),
  /** What was refused, in Swedish. */
  summary: z.string(),
  /** The server's Swedish explanation. */
  message: z.string(),
  /** The refusal code; what to do about it is in the i18n catalogue (sync.advice.<code>). */
  code: z.string(),
  userName: z.string().nullable(),
  createdAt: IsoDateTime,
  rejectedAt: IsoDateTime,
  dismissedAt: IsoDateTime.nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const SyncConflictsQuery = z
  .object({
    includeDismissed: z.boolean().default(false),
    limit: Limit.default(200),
  })
  .strict();

/* ---- The first mutations (issue 4): what the screens send; ids and the store are the backend's ---- */

const RegisterArgs = mutationArgs['individual.register'].shape;
export const RegisterIndividualInput = z
  .object({
    articleId: RegisterArgs.articleId,
    individualNo: RegisterArgs.individualNo,
    serialNo: RegisterArgs.serialNo.default(null),
    estimatedAgeYears: RegisterArgs.estimatedAgeYears,
    /** Optional first text entry (description). */
    text: RegisterArgs.text.default(null),
  })
  .strict();

const ChangeNoArgs = mutationArgs['individual.changeNumber'].shape;
export const ChangeIndividualNoInput = z
  .object({
    individualId: ChangeNoArgs.individualId,
    newIndividualNo: ChangeNoArgs.newIndividualNo,
    reason: ChangeNoArgs.reason,
    confirmed: ChangeNoArgs.confirmed,
  })
  .strict();

const AddTextArgs = mutationArgs['individual.addText'].shape;
export const AddIndividualTextInput = z.object({ individualId: AddTextArgs.individualId, text: AddTextArgs.text }).strict();

const AdjustArgs = mutationArgs['stock.adjust'].shape;
export const StockAdjustInput = z
  .object({ articleId: AdjustArgs.articleId, quantity: AdjustArgs.quantity, reason: AdjustArgs.reason })
  .strict();

/** "Sparat": the write is committed locally and queued for the central server. */
export const Saved = z.object({
  /** The outbox id of the queued mutation. */
  mutationId: z.number().int(),
  /** The row the write created or changed (individual, text or article). */
  id: Id,
});
export type Saved = z.infer<typeof Saved>;

export const ArticleLookupQuery = z
  .object({ articleNo: z.string().trim().min(1, 'Ange ett artikelnummer.').max(30, 'Artikelnumret får vara högst 30 tecken.') })
  .strict();

export const ArticleLookup = z.object({
  id: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  isoCode: z.string(),
  unit: z.string(),
  trackedIndividually: z.boolean(),
  aidCategory: z.enum(AID_CATEGORIES),
  /** Balance in the own store (0 when there is none). */
  onHand: z.number().int(),
});
export type ArticleLookup = z.infer<typeof ArticleLookup>;
