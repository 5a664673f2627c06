import { z } from 'zod';
import { cleanText, IndividualNo } from '../../../shared/domain/mutation';
import { isValidDate, parseCaseNumber } from '../../../shared/identifiers';

/**
 * The inputs of the documents: plain data, self-contained, validated here (a caller maps its own
 * model onto them). Every message is Swedish and names the field, so a refusal can be shown as
 * it is. Money is in öre (integers), dates YYYY-MM-DD.
 */

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const optionalText = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`).nullable().default(null);
const addressLines = (label: string) =>
  z
    .array(cleanText(60, `En rad i ${label} får vara högst 60 tecken.`))
    .max(4, `${label[0]!.toUpperCase()}${label.slice(1)} får ha högst 4 rader.`)
    .default([]);

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ska skrivas ÅÅÅÅ-MM-DD.')
  .refine((s) => isValidDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), 'Datumet finns inte.');

/** When the document is made: the PDF's creation date and "Utskriven …"; passed in so the output depends on the input only. */
export const PrintedAt = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'Utskriftstiden ska vara en tidpunkt med tidszon (ISO 8601).')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Utskriftstiden finns inte.');

/** YYWWNNNN, checked like every case number (shared/identifiers). */
export const CaseNo = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const parsed = parseCaseNumber(s);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
  });

const Ore = (label: string) =>
  z
    .number({ error: `${label} ska vara ett belopp i öre.` })
    .int(`${label} ska vara ett helt antal öre.`)
    .min(0, `${label} kan inte vara negativt.`)
    .max(100_000_000_00, `${label} är orimligt stort.`);

const Quantity = z.number({ error: 'Antalet ska vara ett tal.' }).int('Antalet ska vara ett heltal.').min(1, 'Antalet ska vara minst 1.').max(99_999, 'Antalet får vara högst 99 999.');

export const Store = z.object({
  id: text('Lagernummer', 10),
  name: text('Lagrets namn', 60),
  addressLines: addressLines('lagrets adress'),
});

export const Supplier = z.object({
  name: text('Leverantörens namn', 60),
  supplierNo: optionalText('Leverantörsnumret', 20),
  addressLines: addressLines('leverantörens adress'),
});

/** Who sends the order: the region's assistive-device service (the letterhead). */
export const Issuer = z.object({
  name: text('Avsändarens namn', 60),
  addressLines: addressLines('avsändarens adress'),
});

export const Person = z.object({
  name: text('Namnet', 60),
  phone: optionalText('Telefonnumret', 30),
});

/**
 * The numbers an order is known by: the central case number (YYWWNNNN) once central has given
 * one, the provisional number a workstation gives offline until then (ARCHITECTURE.md, Sync).
 */
const OrderNumbers = {
  purchaseOrderNo: CaseNo.nullable().default(null),
  customerOrderNo: CaseNo.nullable().default(null),
  provisionalNo: optionalText('Det preliminära numret', 20),
};

/** The total must be the lines' sum: a mismatch is a mapping bug that would reach the supplier's invoice check. */
const totalMatches = (d: { lines: { quantity: number; unitPriceOre: number }[]; totalOre: number }, ctx: z.RefinementCtx) => {
  // zod runs this even when a line is already refused; its own message says enough then.
  if (d.lines.some((l) => !Number.isInteger(l.quantity) || l.quantity < 1 || !Number.isInteger(l.unitPriceOre) || l.unitPriceOre < 0)) return;
  const sum = d.lines.reduce((acc, l) => acc + l.quantity * l.unitPriceOre, 0);
  if (sum !== d.totalOre) ctx.addIssue({ code: 'custom', path: ['totalOre'], message: `Totalen (${d.totalOre} öre) är inte radernas summa (${sum} öre).` });
};

const needsANumber = (d: { customerOrderNo: string | null; provisionalNo: string | null }) => d.customerOrderNo !== null || d.provisionalNo !== null;
const NUMBER_MISSING = { message: 'Ange kundordernumret eller det preliminära numret: leverantören ska märka följesedeln med det.', path: ['customerOrderNo'] };

export const PurchaseOrderLine = z.object({
  lineNo: z.number().int().min(1, 'Radnumret ska vara minst 1.').max(9999),
  articleNo: text('Artikelnumret', 30),
  supplierArticleNo: optionalText('Leverantörens artikelnummer', 30),
  name: text('Benämningen', 120),
  quantity: Quantity,
  unit: text('Enheten', 10),
  unitPriceOre: Ore('À-priset'),
});

/** The purchase order (inköpsorder) sent to a supplier; `copy` marks a reprint "KOPIA" (manual 000: avoid a double order). */
export const PurchaseOrderDocument = z
  .object({
    issuer: Issuer,
    supplier: Supplier,
    /** The delivery address: the store that receives the goods. */
    store: Store,
    ...OrderNumbers,
    orderDate: IsoDate,
    deliveryDate: IsoDate.nullable().default(null),
    orderedBy: Person,
    /** "Övrig information", printed under the delivery address. */
    note: cleanText(500, 'Övrig information får vara högst 500 tecken.', { multiLine: true }).nullable().default(null),
    lines: z.array(PurchaseOrderLine).min(1, 'Inköpsordern har inga rader.').max(500, 'En inköpsorder får ha högst 500 rader.'),
    totalOre: Ore('Totalen'),
    copy: z.boolean().default(false),
    printedAt: PrintedAt,
  })
  .refine(needsANumber, NUMBER_MISSING)
  .superRefine(totalMatches);

export const ReceivedIndividual = z.object({
  individualNo: IndividualNo,
  serialNo: optionalText('Serienumret', 40),
});

export const GoodsReceiptLine = z.object({
  lineNo: z.number().int().min(1, 'Radnumret ska vara minst 1.').max(9999),
  articleNo: text('Artikelnumret', 30),
  name: text('Benämningen', 120),
  unit: text('Enheten', 10),
  quantity: Quantity,
  /** Whole kronor (manual 000, 7.7: "avrunda till hela kronor"), given in öre like every amount. */
  unitPriceOre: Ore('À-priset').refine((ore) => ore % 100 === 0, 'À-priset på en kvittens ska vara i hela kronor.'),
  /** Individually tracked lines: one individual per unit received. */
  individuals: z.array(ReceivedIndividual).max(99_999).default([]),
});

/** The goods receipt (kvittens): what was received, by whom, at what prices; the invoice is matched against its total. */
export const GoodsReceiptDocument = z
  .object({
    issuer: Issuer,
    supplier: Supplier,
    store: Store,
    ...OrderNumbers,
    deliveryNoteNo: optionalText('Följesedelns nummer', 30),
    receivedDate: IsoDate,
    receivedTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Klockslaget ska skrivas TT:MM.')
      .nullable()
      .default(null),
    receivedBy: Person,
    lines: z.array(GoodsReceiptLine).min(1, 'Kvittensen har inga rader.').max(500, 'En kvittens får ha högst 500 rader.'),
    totalOre: Ore('Totalen'),
    copy: z.boolean().default(false),
    printedAt: PrintedAt,
  })
  .refine(needsANumber, NUMBER_MISSING)
  .superRefine(totalMatches)
  .superRefine((d, ctx) => {
    d.lines.forEach((line, i) => {
      if (line.individuals.length > 0 && line.individuals.length !== line.quantity) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'individuals'],
          message: `${line.quantity} mottagna men ${line.individuals.length} individnummer; en individ per mottagen enhet.`,
        });
      }
    });
  });

/* ---------- stocktake (inventering) and stock ---------- */

const Count = (label: string) => z.number({ error: `${label} ska vara ett tal.` }).int(`${label} ska vara ett heltal.`).min(-9_999_999).max(9_999_999, `${label} är orimligt stort.`);
/** A signed amount in öre (a difference's value may be negative). */
const SignedOre = (label: string) =>
  z.number({ error: `${label} ska vara ett belopp i öre.` }).int(`${label} ska vara ett helt antal öre.`).min(-100_000_000_000_00, `${label} är orimligt stort.`).max(100_000_000_000_00, `${label} är orimligt stort.`);
const Location = optionalText('Hyllplatsen', 40);
const IsoClass = z.string().trim().regex(/^[0-9 ]{0,12}$/, 'ISO-klassen ska vara siffror.');
const Unit = text('Enheten', 10);
const ArticleNo = text('Artikelnumret', 30);
const ArticleName = text('Benämningen', 120);

/** What a stocktake is, on each of its documents. */
export const StocktakeHead = z.object({
  name: text('Inventeringens namn', 60),
  /** "Hela lagret", "ISO 12 06 · Huvudhjälpmedel" … */
  scopeText: text('Omfattningen', 300),
  blind: z.boolean(),
  status: z.enum(['counting', 'joined', 'approved']),
  createdAt: PrintedAt,
  approvedAt: PrintedAt.nullable().default(null),
  approvedBy: optionalText('Godkännarens namn', 60),
});

export const CountSheetIndividual = z.object({
  individualNo: IndividualNo,
  serialNo: optionalText('Serienumret', 40),
  location: Location,
  /** Not on the shelf in the usual way: "reserverad", "på reparation" (null: in store). */
  note: optionalText('Anmärkningen', 30),
});

export const CountSheetArticle = z.object({
  articleNo: ArticleNo,
  name: ArticleName,
  isoCode: IsoClass,
  unit: Unit,
  tracked: z.boolean(),
  /** The shelf location the entry is for: a tracked article is listed once per shelf its individuals are on (non-tracked articles have none in the system). */
  shelf: Location,
  /** Expected quantity (open stocktake); null on a blind one. */
  expected: Count('Det förväntade antalet').nullable(),
  /** Expected individuals (open stocktake); none on a blind one. */
  individuals: z.array(CountSheetIndividual).max(10_000).default([]),
});

export const CountSheetSection = z.object({
  /** "Zon A – Förråd 1", "Individmärkta artiklar", "Artiklar utan individnummer" … */
  title: text('Avsnittets rubrik', 80),
  note: optionalText('Avsnittets anmärkning', 300),
  articles: z.array(CountSheetArticle).max(50_000),
});

/**
 * The count sheets (inventeringslistor) of a stocktake or one of its zones: what to count, in
 * walking order, with a box to tick per expected individual or a box to write a quantity in. A
 * blind stocktake's sheets carry no expected quantity and no individual: refused if they do.
 */
export const CountSheetsDocument = z
  .object({
    issuer: Issuer,
    store: Store,
    stocktake: StocktakeHead,
    /** The zone printed (null: the whole stocktake). */
    zone: z.object({ name: text('Zonens namn', 40), locations: z.array(cleanText(40, 'En hyllplats får vara högst 40 tecken.')).max(100).default([]) }).nullable(),
    sections: z.array(CountSheetSection).max(40),
    /** Blank lines for finds that are not on the list, at the end. */
    extraLines: z.number().int().min(0).max(60).default(12),
    printedBy: text('Namnet på den som skriver ut', 60),
    printedAt: PrintedAt,
  })
  .superRefine((d, ctx) => {
    if (!d.stocktake.blind) return;
    d.sections.forEach((s, i) =>
      s.articles.forEach((a, k) => {
        if (a.expected !== null || a.individuals.length > 0) {
          ctx.addIssue({ code: 'custom', path: ['sections', i, 'articles', k], message: `Artikel ${a.articleNo}: en blindinventerings lista får inte visa förväntade antal eller individer.` });
        }
      }),
    );
  });

export const VARIANCE_FLAGS = ['uncounted', 'recounted', 'kept', 'outOfScope', 'negative', 'needsDecision'] as const;
export const VARIANCE_OUTCOMES = ['found', 'missing', 'uncounted', 'arrivedAfter', 'leftAfter', 'wrongPlace', 'outOfScope'] as const;

export const VarianceIndividual = z.object({
  individualNo: IndividualNo,
  serialNo: optionalText('Serienumret', 40),
  outcome: z.enum(VARIANCE_OUTCOMES),
  /** Times scanned (2 or more: a duplicate, counted once). */
  scans: z.number().int().min(0).max(100_000),
  location: Location,
  valueOre: SignedOre('Individens värde'),
  /** Where the system believes it is (wrong place). */
  believed: optionalText('Var den finns enligt systemet', 120),
});

export const VarianceLine = z.object({
  articleNo: ArticleNo,
  name: ArticleName,
  isoCode: IsoClass,
  unit: Unit,
  tracked: z.boolean(),
  expected: Count('Det förväntade antalet'),
  /** Null: not counted. */
  counted: Count('Det räknade antalet').nullable(),
  difference: Count('Differensen').nullable(),
  priceOre: SignedOre('À-priset'),
  valueOre: SignedOre('Differensens värde').nullable(),
  flags: z.array(z.enum(VARIANCE_FLAGS)).max(VARIANCE_FLAGS.length).default([]),
  /** Why the balance was negative (a sold aid prescribed again …). */
  negativeText: optionalText('Förklaringen till det negativa saldot', 600),
  individuals: z.array(VarianceIndividual).max(100_000).default([]),
});

export const WrongPlaceIndividual = VarianceIndividual.extend({ articleNo: ArticleNo, name: ArticleName });

export const UnknownNumber = z.object({
  code: text('Numret', 40),
  scans: z.number().int().min(0),
  firstAt: PrintedAt,
  workstations: z.array(text('Arbetsstationen', 64)).max(100),
});

export const VarianceTotals = z.object({
  lines: z.number().int().min(0),
  countedLines: z.number().int().min(0),
  uncountedLines: z.number().int().min(0),
  linesWithDifference: z.number().int().min(0),
  needsDecision: z.number().int().min(0),
  plusOre: SignedOre('Plus'),
  minusOre: SignedOre('Minus'),
  missing: z.number().int().min(0),
  wrongPlace: z.number().int().min(0),
  unknown: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  negative: z.number().int().min(0),
});

/** The variance report (differenslista) of a stocktake: as PDF, Excel and CSV from the same data. */
export const VarianceReportDocument = z
  .object({
    issuer: Issuer,
    store: Store,
    stocktake: StocktakeHead,
    totals: VarianceTotals,
    lines: z.array(VarianceLine).max(100_000, 'Differenslistan får ha högst 100 000 rader.'),
    wrongPlace: z.array(WrongPlaceIndividual).max(100_000),
    unknown: z.array(UnknownNumber).max(100_000),
    printedBy: text('Namnet på den som skriver ut', 60),
    printedAt: PrintedAt,
  })
  .superRefine((d, ctx) => {
    if (d.totals.plusOre < 0) ctx.addIssue({ code: 'custom', path: ['totals', 'plusOre'], message: 'Plusvärdet kan inte vara negativt.' });
    if (d.totals.minusOre > 0) ctx.addIssue({ code: 'custom', path: ['totals', 'minusOre'], message: 'Minusvärdet kan inte vara positivt.' });
  });

export const StockReportIndividual = z.object({
  individualNo: IndividualNo,
  serialNo: optionalText('Serienumret', 40),
  location: Location,
  /** "I lager", "Reserverad", "På reparation". */
  status: text('Status', 30),
});

export const StockReportArticle = z.object({
  articleNo: ArticleNo,
  name: ArticleName,
  unit: Unit,
  tracked: z.boolean(),
  onHand: Count('Saldot'),
  reserved: Count('Det reserverade antalet'),
  available: Count('Det disponibla antalet'),
  valueOre: SignedOre('Lagervärdet'),
  individuals: z.array(StockReportIndividual).max(100_000).default([]),
});

/** The stock report (lagersaldorapport): the store's balances with the stock list's filters. */
export const StockReportDocument = z.object({
  issuer: Issuer,
  store: Store,
  /** The filters in words: "Alla artikeltyper · med saldo · sökt: rollator". */
  filterText: text('Urvalet', 200),
  articles: z.array(StockReportArticle).max(50_000, 'Lagersaldorapporten får ha högst 50 000 artiklar.'),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
});

/* ---------- the recipient's aids list (Mottagarinformation / hjälpmedelslista) ---------- */

export const AidsListAid = z.object({
  articleNo: text('Artikelnumret', 20),
  name: text('Benämningen', 120),
  individualNo: optionalText('Individnumret', 30),
  isoCode: text('ISO-koden', 12),
  orderedQuantity: z.number().int().min(0).max(100_000),
  quantity: z.number().int().min(0).max(100_000),
  /** YYYY-MM-DD; null: not yet delivered. */
  deliveredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Leveransdatum ska skrivas ÅÅÅÅ-MM-DD.').nullable(),
  prescribed: z.boolean(),
});

export const AidsListDocument = z.object({
  issuer: Issuer,
  store: Store,
  recipient: z.object({
    name: text('Mottagarens namn', 120),
    /** "Personnummer 19121212-1212" or "Vårdenhet 5025". */
    identity: text('Mottagarens nummer', 40),
    addressLines: addressLines('mottagarens adress'),
  }),
  /** Every aid the recipient holds, or only the prescribed ones. */
  prescribedOnly: z.boolean(),
  aids: z.array(AidsListAid).max(5_000, 'Hjälpmedelslistan får ha högst 5 000 rader.'),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
});

/* ---------- labels ---------- */

/** A roll (thermal) label: one label per page of exactly this size. */
export interface RollLabelSize {
  widthMm: number;
  heightMm: number;
  title: string;
}

/** An A4 sheet of labels: the grid as the label maker specifies it. */
export interface LabelSheet {
  title: string;
  columns: number;
  rows: number;
  labelWidthMm: number;
  labelHeightMm: number;
  /** From the page's top-left corner to the first label's. */
  topMm: number;
  leftMm: number;
  /** Label to label, edge to edge (the label plus the gap). */
  pitchXMm: number;
  pitchYMm: number;
}

export const ROLL_LABEL_SIZES = {
  '57x32': { widthMm: 57, heightMm: 32, title: '57 × 32 mm (rulle)' },
  '62x29': { widthMm: 62, heightMm: 29, title: '62 × 29 mm (rulle)' },
  '100x50': { widthMm: 100, heightMm: 50, title: '100 × 50 mm (rulle)' },
  '102x51': { widthMm: 102, heightMm: 51, title: '102 × 51 mm (rulle)' },
} as const satisfies Record<string, RollLabelSize>;

export const LABEL_SHEETS = {
  /** 24 per sheet, edge to edge across (e.g. Avery 3474). */
  'a4-3x8-70x37': { title: 'A4, 3 × 8 etiketter à 70 × 37 mm', columns: 3, rows: 8, labelWidthMm: 70, labelHeightMm: 37, topMm: 0.5, leftMm: 0, pitchXMm: 70, pitchYMm: 37 },
  /** 14 per sheet with a 2.5 mm gap between the columns (e.g. Avery L7163). */
  'a4-2x7-99x38': { title: 'A4, 2 × 7 etiketter à 99,1 × 38,1 mm', columns: 2, rows: 7, labelWidthMm: 99.1, labelHeightMm: 38.1, topMm: 15.15, leftMm: 4.65, pitchXMm: 101.6, pitchYMm: 38.1 },
} as const satisfies Record<string, LabelSheet>;

export type RollLabelSizeId = keyof typeof ROLL_LABEL_SIZES;
export type LabelSheetId = keyof typeof LABEL_SHEETS;

const rollIds = Object.keys(ROLL_LABEL_SIZES) as [RollLabelSizeId, ...RollLabelSizeId[]];
const sheetIds = Object.keys(LABEL_SHEETS) as [LabelSheetId, ...LabelSheetId[]];

export const IndividualLabel = z.object({
  individualNo: IndividualNo,
  articleNo: text('Artikelnumret', 30),
  articleName: text('Benämningen', 120),
  serialNo: optionalText('Serienumret', 40),
  storeName: optionalText('Lagrets namn', 60),
});

export const LabelLayout = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('roll'),
      size: z.enum(rollIds, { error: `Okänd etikettstorlek. Välj en av: ${rollIds.join(', ')}.` }),
    }),
    z.object({
      kind: z.literal('sheet'),
      sheet: z.enum(sheetIds, { error: `Okänt etikettark. Välj ett av: ${sheetIds.join(', ')}.` }),
      /** 1-based, row by row: where the first label goes on a sheet that is already partly used. */
      startPosition: z.number().int('Startpositionen ska vara ett heltal.').min(1, 'Startpositionen ska vara minst 1.').default(1),
    }),
  ],
  { error: 'Ange rulle (kind: "roll") eller ark (kind: "sheet").' },
);

/** Individual-number labels: Code 128 and DataMatrix of the number, the number itself, the article. */
export const LabelSheetInput = z
  .object({
    labels: z.array(IndividualLabel).min(1, 'Inga etiketter att skriva ut.').max(2000, 'Högst 2 000 etiketter åt gången.'),
    layout: LabelLayout,
    printedAt: PrintedAt,
  })
  .superRefine((input, ctx) => {
    if (input.layout.kind !== 'sheet') return;
    const sheet = LABEL_SHEETS[input.layout.sheet];
    const perSheet = sheet.columns * sheet.rows;
    if (input.layout.startPosition > perSheet) {
      ctx.addIssue({ code: 'custom', path: ['layout', 'startPosition'], message: `Startpositionen kan vara högst ${perSheet} på arket ${sheet.title}.` });
    }
  });

export type PurchaseOrderDocumentInput = z.input<typeof PurchaseOrderDocument>;
export type PurchaseOrderDocument = z.output<typeof PurchaseOrderDocument>;
export type GoodsReceiptDocumentInput = z.input<typeof GoodsReceiptDocument>;
export type GoodsReceiptDocument = z.output<typeof GoodsReceiptDocument>;
export type LabelSheetInputData = z.input<typeof LabelSheetInput>;
export type LabelSheetInput = z.output<typeof LabelSheetInput>;
export type IndividualLabel = z.output<typeof IndividualLabel>;
export type CountSheetsDocumentInput = z.input<typeof CountSheetsDocument>;
export type CountSheetsDocument = z.output<typeof CountSheetsDocument>;
export type VarianceReportDocumentInput = z.input<typeof VarianceReportDocument>;
export type VarianceReportDocument = z.output<typeof VarianceReportDocument>;
export type StockReportDocumentInput = z.input<typeof StockReportDocument>;
export type StockReportDocument = z.output<typeof StockReportDocument>;
export type AidsListDocument = z.output<typeof AidsListDocument>;
export type AidsListDocumentInput = z.input<typeof AidsListDocument>;
