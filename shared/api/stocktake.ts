import { z } from 'zod';
import { ARTICLE_TYPES, INDIVIDUAL_STATUSES, MOVEMENT_REASONS, STOCKTAKE_STATUSES, STOCKTAKE_UNCOUNTED } from '../domain/model';
import { CountQuantity, STOCKTAKE_NAME_MAX } from '../domain/stocktake/mutations';
import { MAX_ZONES, StocktakeScope, StocktakeZone } from '../domain/stocktake/scope';
import { cleanText } from '../domain/mutation';

/** The contract's schemas of the stocktake (inventering): docs/stocktake.md. */

const Id = z.string().min(1).max(64);
const ZoneId = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);

export const CreateStocktakeInput = z
  .object({
    name: cleanText(STOCKTAKE_NAME_MAX, `Namnet får vara högst ${STOCKTAKE_NAME_MAX} tecken.`, { required: 'Ge inventeringen ett namn.' }),
    scope: StocktakeScope,
    /** Zone names and their shelf locations; ids are given by the backend. */
    zones: z
      .array(StocktakeZone.omit({ id: true }))
      .max(MAX_ZONES, `Högst ${MAX_ZONES} zoner.`)
      .default([]),
    blind: z.boolean(),
  })
  .strict();
export type CreateStocktakeInput = z.input<typeof CreateStocktakeInput>;

export const ZoneView = z.object({
  id: ZoneId,
  name: z.string(),
  locations: z.array(z.string()),
  expected: z.number().int(),
  counted: z.number().int(),
  /** The workstation the zone was last handed to (null: nobody yet). */
  assignedTo: z.string().nullable(),
  /** Handed to this workstation. */
  mine: z.boolean(),
});
export type ZoneView = z.infer<typeof ZoneView>;

export const WorkstationView = z.object({
  clientId: z.string(),
  workstation: z.string(),
  counts: z.number().int(),
  lastAt: z.string(),
  /** This workstation. */
  self: z.boolean(),
});

export const StocktakeSummary = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(STOCKTAKE_STATUSES),
  blind: z.boolean(),
  scope: StocktakeScope,
  /** "Hela lagret", "ISO 12 06 · Huvudhjälpmedel"… */
  scopeText: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  /** The stocktake this one joined (it overlapped one already counting). */
  joined: z.object({ id: Id, name: z.string() }).nullable(),
  counts: z.number().int(),
  progress: z.object({ expected: z.number().int(), counted: z.number().int() }),
});
export type StocktakeSummary = z.infer<typeof StocktakeSummary>;

export const Totals = z.object({
  lines: z.number().int(),
  countedLines: z.number().int(),
  uncountedLines: z.number().int(),
  linesWithDifference: z.number().int(),
  needsDecision: z.number().int(),
  plusOre: z.number().int(),
  minusOre: z.number().int(),
  missing: z.number().int(),
  wrongPlace: z.number().int(),
  unknown: z.number().int(),
  duplicates: z.number().int(),
  negative: z.number().int(),
});

export const StocktakeView = z.object({
  summary: StocktakeSummary,
  zones: z.array(ZoneView),
  /** Articles without a shelf location (counted anywhere): lines and counted lines. */
  unzoned: z.object({ expected: z.number().int(), counted: z.number().int() }),
  workstations: z.array(WorkstationView),
  /** Hidden (null) while a blind stocktake is counting, except for store admins. */
  totals: Totals.nullable(),
  /** This workstation's counts of the stocktake not yet at central. */
  unsynced: z.number().int(),
  /** Expected quantities may be shown to this user now. */
  showExpected: z.boolean(),
});
export type StocktakeView = z.infer<typeof StocktakeView>;

export const LINE_FILTERS = ['all', 'uncounted', 'counted', 'differences', 'decision', 'outOfScope'] as const;
export const LinesQuery = z
  .object({
    id: Id,
    filter: z.enum(LINE_FILTERS).default('all'),
    text: z.string().max(100).default(''),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type LinesQuery = z.input<typeof LinesQuery>;

export const IndividualLine = z.object({
  id: Id,
  individualNo: z.string(),
  outcome: z.enum(['found', 'missing', 'uncounted', 'arrivedAfter', 'leftAfter', 'wrongPlace', 'outOfScope']),
  scans: z.number().int(),
  location: z.string().nullable(),
  zoneId: z.string().nullable(),
  valueOre: z.number().int(),
  /** Where the system believes it is (wrong place): "lager 402", "hos mottagare", "skrotad"… */
  believed: z.string().nullable(),
  status: z.enum(INDIVIDUAL_STATUSES),
});
export type IndividualLine = z.infer<typeof IndividualLine>;

export const LineView = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: z.enum(ARTICLE_TYPES),
  isoCode: z.string(),
  unit: z.string(),
  tracked: z.boolean(),
  inScope: z.boolean(),
  counted: z.boolean(),
  countedAt: z.string().nullable(),
  /** Null while hidden (blind). */
  expected: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  difference: z.number().int().nullable(),
  valueOre: z.number().int().nullable(),
  priceOre: z.number().int(),
  balanceNow: z.number().int().nullable(),
  inAfter: z.number().int(),
  outAfter: z.number().int(),
  needsDecision: z.boolean(),
  keptAt: z.string().nullable(),
  recountedAt: z.string().nullable(),
  supersededEvents: z.number().int(),
  /** Who counted what (names), the person's own first. */
  contributions: z.array(z.object({ user: z.string(), workstation: z.string(), quantity: z.number().int(), replaced: z.boolean(), self: z.boolean() })),
  /** This user's own count of the line (what "ersätt" replaces). */
  mine: z.number().int().nullable(),
  negative: z
    .object({ in: z.number().int(), out: z.number().int(), lastOut: z.object({ reason: z.enum(MOVEMENT_REASONS), reference: z.string().nullable(), at: z.string() }).nullable(), text: z.string() })
    .nullable(),
  individuals: z.array(IndividualLine),
});
export type LineView = z.infer<typeof LineView>;

export const LinesPage = z.object({ total: z.number().int(), lines: z.array(LineView) });
export type LinesPage = z.infer<typeof LinesPage>;

export const UnknownView = z.object({ code: z.string(), scans: z.number().int(), firstAt: z.string(), workstations: z.array(z.string()) });
export const ExceptionsView = z.object({ wrongPlace: z.array(IndividualLine.extend({ articleNo: z.string(), name: z.string() })), unknown: z.array(UnknownView) });
export type ExceptionsView = z.infer<typeof ExceptionsView>;

export const StocktakeScanInput = z
  .object({
    id: Id,
    text: z.string().min(1, 'Skanna eller skriv en kod.').max(4096),
    zoneId: ZoneId.nullable().default(null),
    /** The person confirmed counting an article or individual outside the scope. */
    confirmOutOfScope: z.boolean().default(false),
  })
  .strict();
export type StocktakeScanInput = z.input<typeof StocktakeScanInput>;

export const SCAN_OUTCOMES = ['found', 'duplicate', 'wrongPlace', 'unknown', 'article', 'outOfScope', 'invalid'] as const;
export const StocktakeScanResult = z.object({
  outcome: z.enum(SCAN_OUTCOMES),
  /** Swedish, for the banner and the screen reader. */
  message: z.string(),
  /** Written as a count (false: nothing changed, e.g. a question or an error). */
  recorded: z.boolean(),
  individualNo: z.string().nullable(),
  line: LineView.nullable(),
});
export type StocktakeScanResult = z.infer<typeof StocktakeScanResult>;

export const StocktakeCountInput = z
  .object({
    id: Id,
    articleId: Id,
    kind: z.enum(['add', 'replace', 'recount', 'keep']),
    quantity: CountQuantity.default(0),
    zoneId: ZoneId.nullable().default(null),
  })
  .strict();
export type StocktakeCountInput = z.input<typeof StocktakeCountInput>;

/** Takes an individual's scan back ("ångra"): it counts as not found again. */
export const UndoScanInput = z.object({ id: Id, individualNo: z.string().min(1).max(30), zoneId: ZoneId.nullable().default(null) }).strict();

export const ApprovalCheck = z.object({
  digest: z.string(),
  counts: z.number().int(),
  /** Counts of this workstation still waiting to go to central. */
  unsynced: z.number().int(),
  lastSyncAt: z.string().nullable(),
  workstations: z.array(WorkstationView),
  totals: Totals,
  adjustments: z.number().int(),
  toInvestigation: z.number().int(),
  /** With uncounted lines taken as 0. */
  zero: z.object({ adjustments: z.number().int(), toInvestigation: z.number().int(), valueOre: z.number().int() }),
  valueOre: z.number().int(),
  /** Why approval cannot go ahead yet (null: it can). */
  blocked: z.string().nullable(),
});
export type ApprovalCheck = z.infer<typeof ApprovalCheck>;

export const ApproveInput = z.object({ id: Id, uncounted: z.enum(STOCKTAKE_UNCOUNTED), digest: z.string().max(40) }).strict();

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
/** A file made by the backend (a report), for the page to save. */
export const FileDocument = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });
export type FileDocument = z.infer<typeof FileDocument>;

export const ImportCountsInput = z
  .object({
    id: Id,
    /** The CSV file's text (semicolon or comma separated; header row). */
    csv: z.string().max(5_000_000, 'Filen är för stor (högst 5 MB).'),
    zoneId: ZoneId.nullable().default(null),
    /** Only check: nothing is written. */
    dryRun: z.boolean().default(true),
  })
  .strict();
export type ImportCountsInput = z.input<typeof ImportCountsInput>;

export const ImportResult = z.object({
  rows: z.number().int(),
  /** Count events written (0 on a dry run or when a row is wrong). */
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const InvestigationRow = z.object({
  individualId: Id,
  individualNo: z.string(),
  articleNo: z.string(),
  name: z.string(),
  serialNo: z.string().nullable(),
  valueOre: z.number().int().nullable(),
  /** When and from which store it went to the investigation store (its last stocktake movement). */
  since: z.string().nullable(),
  fromStoreId: z.string().nullable(),
  note: z.string().nullable(),
});
export type InvestigationRow = z.infer<typeof InvestigationRow>;

export const ResolveInvestigationInput = z
  .object({
    individualId: Id,
    outcome: z.enum(['restock', 'scrap']),
    location: cleanText(40, 'En hyllplats får vara högst 40 tecken.').nullable().default(null),
  })
  .strict();

export const StockReportInput = z
  .object({
    articleType: z.enum(['all', 'mainAid', 'accessory', 'sparePart']).default('all'),
    balance: z.enum(['withBalance', 'all']).default('withBalance'),
    text: z.string().max(100).default(''),
    /** List the individuals in the store under their article. */
    individuals: z.boolean().default(true),
  })
  .strict();
export type StockReportInput = z.input<typeof StockReportInput>;
