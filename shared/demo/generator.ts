import type { AidCategory, ArticleStatus, ArticleType, IndividualStatus, Role, StoreKind } from '../domain/model';
import { loanDueDate } from '../domain/loan-basket/mutations';
import { ISO_CLASSES, isoParent } from './iso';
import { Random } from './random';

/**
 * Deterministic demo region (fixed seed): central store 10, buffer store 50301 with a service
 * point, purchase store 800 and investigation store 999; ISO classes; suppliers; articles of every
 * type and status; individuals in every status; users; recipients with valid test personal numbers.
 * Rows are produced lazily so the same code fills a demo replica (2,000 articles) and a benchmark
 * region (200,000 articles, 1,000,000 individuals) without holding it in memory.
 */

export const DEMO_SEED = 20241122;
export const DEMO_OWN_STORE_ID = '50301';
export const DEMO_CENTRAL_STORE_ID = '10';
export const DEMO_INVESTIGATION_STORE_ID = '999';
/**
 * The demo users' password (and offline PIN) on a demo region or demo replica: shown on the
 * login screen of a demo replica only. A real region gives each user a temporary password
 * (`npm run central -- set-password`) or logs in with SITHS.
 */
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_PIN = '240817';
/** The demo region's one message to the buffer store's staff (both seeds write it, so a sync agrees). */
export const DEMO_WELCOME_MESSAGE = {
  id: 'MSG-demo-welcome',
  storeId: DEMO_OWN_STORE_ID,
  text: 'Välkommen till Buffert. Demodata för buffertlager 50301 är inläst.',
} as const;

export interface DemoOptions {
  seed?: number;
  articles?: number;
  individuals?: number;
  recipients?: number;
  /** ISO timestamp used as "now" for dates and ledger rows, so output never depends on the clock. */
  now?: string;
}

export interface StoreRow { id: string; name: string; kind: StoreKind; parentStoreId: string | null }
export interface ServicePointRow { id: string; name: string; storeId: string }
export interface IsoClassRow { code: string; name: string; parentCode: string | null }
export interface SupplierRow { id: string; name: string }
export interface ArticleRow {
  id: string;
  articleNo: string;
  name: string;
  productName: string | null;
  articleType: ArticleType;
  articleStatus: ArticleStatus;
  unit: string;
  priceOre: number;
  trackedIndividually: boolean;
  aidCategory: AidCategory;
  isoCode: string;
  supplierId: string;
  supplierArticleNo: string;
  gtins: string[];
  /** Antal per förpackning: consumables come in packs, everything else one by one. */
  packSize: number;
}
export interface IndividualRow {
  id: string;
  individualNo: string;
  articleId: string;
  serialNo: string | null;
  purchaseDate: string | null;
  acquisitionValueOre: number | null;
  warrantyEnd: string | null;
  estimatedAgeYears: number | null;
  status: IndividualStatus;
  storeId: string | null;
  location: string | null;
}
export interface UserRow { id: string; hsaId: string; name: string; roles: Role[]; servicePointIds: string[] }
export interface RecipientRow {
  id: string;
  kind: 'patient' | 'careUnit';
  personalNumber: string | null;
  careUnitCode: string | null;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string | null;
}
/**
 * An aid on a recipient's list (table aid): tracked main aids with their individual (status "hos
 * mottagare"), consumables and accessories without one, a few ordered but not yet delivered
 * (quantity 0, no delivery date) and a few returned.
 */
export interface AidDemoRow {
  id: string;
  recipientId: string;
  articleId: string;
  individualId: string | null;
  orderedQuantity: number;
  quantity: number;
  storeId: string;
  prescribed: boolean;
  orderedAt: string;
  deliveredAt: string | null;
  returnedAt: string | null;
}
/** A component of a main aid's individmall: 'standard' is proposed ticked, 'other' offered. */
export interface ComponentRow { articleId: string; componentArticleId: string; kind: 'standard' | 'other'; quantity: number; position: number }
/** An ersättningsgrupp and its ranked members (rank 1 first). */
export interface ReplacementGroupRow { id: string; name: string; members: { articleId: string; rank: number }[] }
/** A document the supplier published for an article (the Dokument tab). */
export interface ArticleDocumentRow { id: string; articleId: string; name: string; kind: string; url: string }
/** A person of the region's population register (CFR; central only, never replicated). */
export interface RegisterPersonRow {
  id: string;
  personalNumber: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  deceased: boolean;
  resident: boolean;
}
/**
 * Register persons who are no recipient of any store yet, fixed so the manuals' cases can be
 * shown on `npm start`: one to take in, one deceased, one who has moved out of the region.
 */
export const DEMO_REGISTER_EXTRA: readonly RegisterPersonRow[] = [
  { id: 'CFR-x1', personalNumber: '194503142384', name: 'Greta Lind', address: 'Lindvägen 4', postalCode: '340 55', city: 'Exempelby', deceased: false, resident: true },
  { id: 'CFR-x2', personalNumber: '195306061010', name: 'Bertil Holm', address: 'Holmgatan 12', postalCode: '340 56', city: 'Exempelby', deceased: false, resident: true },
  { id: 'CFR-x3', personalNumber: '194001019803', name: 'Harald Ek', address: 'Ekstigen 1', postalCode: '340 55', city: 'Exempelby', deceased: true, resident: true },
  { id: 'CFR-x4', personalNumber: '191212121212', name: 'Tolvan Tolvansson', address: 'Annanstans väg 12', postalCode: '111 22', city: 'Annanstans', deceased: false, resident: false },
];
/** Opening balance of a non-tracked article in a store (tracked articles count their individuals). */
export interface OpeningBalanceRow { storeId: string; articleId: string; articleNo: string; quantity: number }
/** A min/max level of an article in the buffer store (the replenishment suggestion's limits). */
export interface StockLevelRow { id: string; storeId: string; articleId: string; articleNo: string; minLevel: number; maxLevel: number }
/**
 * The demo's replenishment situation: the buffer store's levels, and the two suppliers that show
 * central's routing — one whose articles the central store does not hold (every line to purchase:
 * a tracked and an untracked article, and a spare part priced 0 kr), one it holds (lines from the
 * central store; one of them with too little there, so that line goes to purchase).
 */
export interface ReplenishmentDemo {
  levels: StockLevelRow[];
  purchaseSupplierId: string;
  centralSupplierId: string;
}

export const STORES: readonly StoreRow[] = [
  { id: '10', name: 'Centrallager Hjälpmedelscentralen', kind: 'central', parentStoreId: null },
  { id: '50301', name: 'Buffertlager Exempelby kommun', kind: 'buffer', parentStoreId: '10' },
  { id: '800', name: 'Inköpslager', kind: 'purchase', parentStoreId: null },
  { id: '999', name: 'Utredningslager', kind: 'investigation', parentStoreId: null },
];

export const SERVICE_POINTS: readonly ServicePointRow[] = [
  { id: '50311', name: 'Hemsjukvården Exempelby', storeId: '50301' },
  { id: '50312', name: 'Rehab Exempelby vårdcentral', storeId: '50301' },
];

export const SUPPLIERS: readonly SupplierRow[] = [
  { id: 'S001', name: 'Etac Sverige AB' },
  { id: 'S002', name: 'Invacare EC-Hong A/S' },
  { id: 'S003', name: 'Permobil AB' },
  { id: 'S004', name: 'Handicare AB' },
  { id: 'S005', name: 'Sunrise Medical AB' },
  { id: 'S006', name: 'Arjo Scandinavia AB' },
  { id: 'S007', name: 'Human Care HC AB' },
  { id: 'S008', name: 'Topro Sverige' },
  { id: 'S009', name: 'Vermeiren Sverige AB' },
  { id: 'S010', name: 'Hjälpmedelsbolaget Norden AB' },
];

export const USERS: readonly UserRow[] = [
  { id: 'U1', hsaId: 'SE2321000016-1001', name: 'Lena Tekniker', roles: ['technician', 'storeAdmin'], servicePointIds: ['50311'] },
  { id: 'U2', hsaId: 'SE2321000016-1002', name: 'Ahmed Lagerman', roles: ['technician'], servicePointIds: ['50311'] },
  { id: 'U3', hsaId: 'SE2321000016-2001', name: 'Karin Arbetsterapeut', roles: ['prescriber'], servicePointIds: ['50312'] },
  { id: 'U4', hsaId: 'SE2321000016-3001', name: 'Olle Beställare', roles: ['orderer'], servicePointIds: ['50311', '50312'] },
  // A colleague of Karin's at the same service point: her orders and loan baskets are a colleague's.
  { id: 'U5', hsaId: 'SE2321000016-2002', name: 'Sara Fysioterapeut', roles: ['prescriber'], servicePointIds: ['50312'] },
];

/** The demo's loan baskets (Varukorg): U5's, so that "colleagues' baskets" show something on `npm start`. */
export const DEMO_PRESCRIBER_COLLEAGUE_ID = 'U5';

/** A demo loan basket and its lent lines (individuals the generator has reserved in the buffer store). */
export interface LoanBasketDemoRow {
  id: string;
  prescriberId: string;
  createdAt: string;
  dueDate: string;
  lines: { id: string; lineNo: number; articleId: string; individualId: string; quantity: 1 }[];
}

/** Article families per 6-digit ISO class: [family name, main-aid names, accessory names, spare parts]. */
const FAMILIES: readonly (readonly [string, string, readonly string[], readonly string[], readonly string[]])[] = [
  ['120606', 'Rollator', ['Rollator Cross', 'Rollator Gemino', 'Rollator Olympos', 'Rollator Troja', 'Rollator Let\'s Go'], ['Korg till rollator', 'Bricka till rollator', 'Käppshållare', 'Ryggband', 'Byggsats rollator'], ['Handbroms vänster', 'Hjul 200 mm', 'Bromsvajer']],
  ['120603', 'Gåbock', ['Gåbock fast', 'Gåbock med hjul'], ['Gummidopp till gåbock'], ['Gummidopp']],
  ['120612', 'Gåbord', ['Gåbord Careva', 'Gåbord Meywalk'], ['Underarmsstöd'], ['Länkhjul 125 mm']],
  ['122203', 'Rullstol', ['Rullstol Cross 6', 'Rullstol Action 3', 'Rullstol Küschall', 'Rullstol Netti'], ['Benstöd vinkelreglerbart', 'Tippskydd', 'Stödhjul', 'Bord till rullstol'], ['Drivring', 'Däck 24"', 'Bromsback']],
  ['122218', 'Transportrullstol', ['Transportrullstol Prio', 'Transportrullstol Bure'], ['Huvudstöd'], ['Länkhjul 200 mm']],
  ['122306', 'Elrullstol', ['Elrullstol M3', 'Elrullstol F5', 'Elrullstol Minicrosser'], ['Manöverbox', 'Kryckhållare'], ['Batteri 73 Ah', 'Laddare 8 A']],
  ['122409', 'Sittdyna', ['Sittdyna Roho', 'Sittdyna Jay'], ['Överdrag sittdyna'], ['Ventil']],
  ['123603', 'Personlyft', ['Personlyft Molift Smart', 'Personlyft Liko Viking'], ['Vågmodul'], ['Batteri lyft', 'Lyftbygel']],
  ['123612', 'Taklyft', ['Taklyft Likorall', 'Taklyft GH3'], ['Rälsförlängning'], ['Lyftband']],
  ['123621', 'Lyftsele', ['Lyftsele Hög rygg', 'Lyftsele Toalett'], [], []],
  ['181210', 'Säng', ['Säng Carely', 'Säng Opus', 'Säng Sentida'], ['Sänggrind', 'Lyftbåge', 'Förlängningssats'], ['Handkontroll', 'Motor säng']],
  ['181212', 'Sänggrind', ['Sänggrindsskydd'], [], []],
  ['043306', 'Madrass', ['Madrass Viscoflex', 'Madrass Cairwave', 'Luftmadrass Alpha'], ['Överdrag madrass'], ['Kompressor']],
  ['091203', 'Toalettstol', ['Toalettstol Swift', 'Toalettstol Aquatec'], ['Hink med lock'], ['Hjul toalettstol']],
  ['091212', 'Toalettförhöjning', ['Toalettförhöjning Hi-Loo', 'Toalettförhöjning Etac'], ['Armstöd'], ['Fästskruv']],
  ['093303', 'Duschstol', ['Duschstol Swift', 'Duschpall Clean', 'Duschstol Etac Edge'], ['Ryggstöd dusch'], ['Gummifot']],
  ['181803', 'Stödhandtag', ['Stödhandtag Pt Easy', 'Golvstång'], [], []],
  ['242103', 'Griptång', ['Griptång 60 cm', 'Griptång 80 cm'], [], []],
  ['222709', 'Trygghetslarm', ['Trygghetslarm Neat', 'Larmknapp'], ['Dörrsensor'], ['Batteri larm']],
];

const SERVICES = ['Montering', 'Service årlig', 'Transport', 'Reparation timpris'];
const CONSUMABLES = ['Engångsunderlägg', 'Hygienskydd', 'Batterier AA'];
const SETTINGS = ['Inställning sitthöjd', 'Inställning broms'];
const FIRST_NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Nils', 'Ingrid', 'Sven', 'Birgitta', 'Gunnar', 'Elsa', 'Olof'];
const LAST_NAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];
const STREETS = ['Storgatan', 'Kyrkvägen', 'Skolgatan', 'Björkvägen', 'Ängsvägen', 'Tallstigen'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Luhn check digit of the 9 digits YYMMDDNNN (personnummer) or of a GTIN body handled separately. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** GS1 mod-10 check digit for a 13-digit GTIN body. */
function gtinCheckDigit(body13: string): number {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += (body13.charCodeAt(i) - 48) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface DemoRegion {
  stores: readonly StoreRow[];
  servicePoints: readonly ServicePointRow[];
  isoClasses: IsoClassRow[];
  suppliers: readonly SupplierRow[];
  users: readonly UserRow[];
  articles(): Generator<ArticleRow>;
  individuals(): Generator<IndividualRow>;
  /** The buffer store's opening balances, then the central store's (the articles of `replenishment().centralSupplierId`). */
  openingBalances(): Generator<OpeningBalanceRow>;
  replenishment(): ReplenishmentDemo;
  /** Individmall rows of the catalogue's first main aids (accessories and spare parts of their family). */
  components(): Generator<ComponentRow>;
  /**
   * Replacement groups of main aids of one family: rank 1 has no available stock in the buffer
   * store, a lower rank has (the replacement proposal), and a gone article is a member too.
   */
  replacementGroups(): ReplacementGroupRow[];
  documents(): Generator<ArticleDocumentRow>;
  recipients(): Generator<RecipientRow>;
  /** The recipients' aids lists (every one from buffer store 50301). */
  aids(): Generator<AidDemoRow>;
  /** The region's population register: every demo patient, and DEMO_REGISTER_EXTRA. */
  populationRegister(): Generator<RegisterPersonRow>;
  /**
   * Two open loan baskets of the colleague prescriber, lent relative to `seededAt` (the real time of
   * seeding, so the flags hold on any day): one lent then (open, due in 5 working days), one lent 14
   * days before (overdue). Their lines are individuals the generator already has Reserverad in the
   * buffer store, so the balances are the same with and without them.
   */
  loanBaskets(seededAt: Date): LoanBasketDemoRow[];
  counts: { articles: number; individuals: number; recipients: number };
  now: string;
}

export function demoRegion(options: DemoOptions = {}): DemoRegion {
  const seed = options.seed ?? DEMO_SEED;
  const articleCount = Math.max(options.articles ?? 2400, FAMILIES.length * 4);
  const individualCount = options.individuals ?? 800;
  const recipientCount = options.recipients ?? 300;
  const now = options.now ?? '2026-11-02T08:00:00.000Z';
  const nowMs = Date.parse(now);
  const dayMs = 86_400_000;

  const isoClasses: IsoClassRow[] = ISO_CLASSES.map((c) => ({ code: c.code, name: c.name, parentCode: isoParent(c.code) }));

  /** Article i → its deterministic properties, recomputable by index (individuals refer back). */
  function articleAt(i: number): ArticleRow {
    const r = new Random(seed ^ Math.imul(i + 1, 0x9e3779b1));
    const family = FAMILIES[i % FAMILIES.length]!;
    const [isoCode, productName, mains, accessories, spares] = family;
    // Types: about 35 % main aids, 30 % accessories, 25 % spare parts, rest the other types.
    const typeRoll = i % 20;
    let articleType: ArticleType;
    let name: string;
    if (typeRoll < 7) {
      articleType = 'mainAid';
      name = r.pick(mains);
    } else if (typeRoll < 13 && accessories.length > 0) {
      articleType = 'accessory';
      name = r.pick(accessories);
    } else if (typeRoll < 18 && spares.length > 0) {
      articleType = 'sparePart';
      name = r.pick(spares);
    } else if (typeRoll === 18) {
      articleType = r.pick(['service', 'consumable'] as const);
      name = articleType === 'service' ? r.pick(SERVICES) : r.pick(CONSUMABLES);
    } else if (typeRoll === 19) {
      articleType = 'setting';
      name = r.pick(SETTINGS);
    } else {
      articleType = 'mainAid';
      name = r.pick(mains);
    }
    const variant = r.pick(['', ' S', ' M', ' L', ' XL', ' smal', ' bred', ' 45 cm', ' 50 cm', ' Plus']);
    const articleStatus: ArticleStatus = r.weighted([
      ['active', 85],
      ['phasingOut', 10],
      ['gone', 5],
    ]);
    const supplier = SUPPLIERS[(i * 7 + r.int(0, 2)) % SUPPLIERS.length]!;
    const priceKr =
      articleType === 'mainAid' ? r.int(800, 45_000) : articleType === 'service' ? 0 : articleType === 'sparePart' && r.chance(0.2) ? 0 : r.int(20, 3000);
    const articleNo = String(10_000 + i);
    const gtin = `0735${pad(i, 9)}`;
    return {
      id: `A${articleNo}`,
      articleNo,
      name: `${name}${variant}`.trim(),
      productName: articleType === 'mainAid' ? productName : null,
      articleType,
      articleStatus,
      unit: articleType === 'consumable' ? 'förp' : 'st',
      priceOre: priceKr * 100,
      trackedIndividually: articleType === 'mainAid' && !['091212', '242103', '181803', '123621'].includes(isoCode),
      // The municipality's own simple aids (rollators, shower chairs …) are B-aids.
      aidCategory: ['120606', '120603', '093303', '091203', '222709'].includes(isoCode) ? 'B' : 'A',
      isoCode,
      supplierId: supplier.id,
      supplierArticleNo: `${supplier.id.slice(1)}-${pad(r.int(0, 999_999), 6)}`,
      gtins: [`${gtin}${gtinCheckDigit(gtin)}`],
      packSize: articleType === 'consumable' ? [10, 25, 50][i % 3]! : 1,
    };
  }

  /** Indices of tracked main-aid articles, for assigning individuals. */
  function trackedArticleIndex(k: number): number {
    // Main aids are at i % 20 < 7; walk k over them and skip untracked families.
    let guard = 0;
    for (let i = k; guard < 100; guard++) {
      const idx = (Math.floor(i / 7) * 20 + (i % 7)) % articleCount;
      const a = articleAt(idx);
      if (a.trackedIndividually) return idx;
      i += 7919;
    }
    return 0;
  }

  function* articles(): Generator<ArticleRow> {
    for (let i = 0; i < articleCount; i++) yield articleAt(i);
  }

  function* individuals(): Generator<IndividualRow> {
    const trackedPool = Math.max(1, Math.min(articleCount, 2000));
    const poolIdx: number[] = [];
    for (let k = 0; k < trackedPool; k++) poolIdx.push(trackedArticleIndex(k * 7));
    const r = new Random(seed + 17);
    for (let n = 0; n < individualCount; n++) {
      const article = articleAt(poolIdx[r.int(0, poolIdx.length - 1)]!);
      const status: IndividualStatus = r.weighted([
        ['inStore', 40],
        ['atRecipient', 42],
        ['reserved', 5],
        ['inRepair', 6],
        ['scrapped', 5],
        ['investigation', 2],
      ]);
      const ageDays = r.int(0, 365 * 12);
      const purchaseMs = nowMs - ageDays * dayMs;
      const value = Math.round(article.priceOre * (0.8 + r.next() * 0.3) / 100) * 100;
      const storeId =
        status === 'inStore' || status === 'reserved' || status === 'inRepair'
          ? r.chance(0.9) ? DEMO_OWN_STORE_ID : DEMO_CENTRAL_STORE_ID
          : status === 'investigation'
            ? DEMO_INVESTIGATION_STORE_ID
            : null;
      yield {
        id: `I${n + 1}`,
        individualNo: String(100_000 + n * 7 + (n % 7)),
        articleId: article.id,
        serialNo: r.chance(0.85) ? `${article.supplierId.slice(1)}${pad(r.int(0, 99), 2)}-${pad(r.int(0, 9_999_999), 7)}` : null,
        purchaseDate: isoDate(purchaseMs),
        acquisitionValueOre: value,
        warrantyEnd: r.chance(0.7) ? isoDate(purchaseMs + r.pick([2, 3, 5]) * 365 * dayMs) : null,
        estimatedAgeYears: r.chance(0.1) ? Math.floor(ageDays / 365) : null,
        status,
        storeId,
        location:
          status === 'inStore' || status === 'reserved'
            ? `Hylla ${String.fromCharCode(65 + r.int(0, 7))}${r.int(1, 24)}`
            : status === 'inRepair'
              ? 'Verkstad'
              : null,
      };
    }
  }

  function* ownOpeningBalances(): Generator<OpeningBalanceRow> {
    const r = new Random(seed + 31);
    for (let i = 0; i < articleCount; i++) {
      const a = articleAt(i);
      if (a.trackedIndividually || a.articleType === 'service' || a.articleType === 'setting') continue;
      if (!r.chance(0.45)) continue;
      // Most balances positive; a few negative (issued more than received) to show in "alla".
      const quantity = r.chance(0.04) ? -r.int(1, 3) : r.int(1, a.articleType === 'sparePart' ? 40 : 15);
      yield { storeId: DEMO_OWN_STORE_ID, articleId: a.id, articleNo: a.articleNo, quantity };
    }
  }

  function* openingBalances(): Generator<OpeningBalanceRow> {
    yield* ownOpeningBalances();
    yield* replenishment().central;
  }

  let plan: (ReplenishmentDemo & { central: OpeningBalanceRow[] }) | null = null;
  /** Computed once from the buffer store's balances and the individuals (deterministic like the rest). */
  function replenishment(): ReplenishmentDemo & { central: OpeningBalanceRow[] } {
    if (plan) return plan;
    const available = new Map<string, number>();
    const centralUnits = new Set<string>();
    for (const b of ownOpeningBalances()) available.set(b.articleId, b.quantity);
    for (const ind of individuals()) {
      if (ind.status !== 'inStore') continue;
      if (ind.storeId === DEMO_OWN_STORE_ID) available.set(ind.articleId, (available.get(ind.articleId) ?? 0) + 1);
      else if (ind.storeId === DEMO_CENTRAL_STORE_ID) centralUnits.add(ind.articleId);
    }
    const have = (a: ArticleRow) => available.get(a.id) ?? 0;
    const pool: ArticleRow[] = [];
    for (let i = 0; i < Math.min(articleCount, 2000); i++) {
      const a = articleAt(i);
      if (a.articleStatus === 'active' && a.articleType !== 'setting' && have(a) >= 0) pool.push(a);
    }
    const stocked = (a: ArticleRow) => a.articleType !== 'service';
    const tracked = (s: string) => pool.filter((a) => a.supplierId === s && a.trackedIndividually && !centralUnits.has(a.id));
    const plain = (s: string) => pool.filter((a) => a.supplierId === s && stocked(a) && !a.trackedIndividually && a.priceOre > 0);
    const zero = (s: string) => {
      const free = pool.filter((a) => a.supplierId === s && !a.trackedIndividually && a.priceOre === 0);
      return [...free.filter((a) => a.articleType === 'sparePart'), ...free.filter((a) => a.articleType !== 'sparePart')];
    };
    const ids = SUPPLIERS.map((s) => s.id);
    const purchase =
      ids.find((s) => tracked(s).length > 0 && plain(s).length > 0 && zero(s).length > 0) ?? ids.find((s) => tracked(s).length > 0 && plain(s).length > 0) ?? ids[0]!;
    const centralSupplier = ids.find((s) => s !== purchase && plain(s).length >= 6) ?? ids.find((s) => s !== purchase)!;

    const levels: StockLevelRow[] = [];
    const chosen = new Set<string>();
    /** below: the suggestion proposes it (available under min) with `quantity` up to max. */
    const level = (a: ArticleRow, below: boolean, quantity: number) => {
      if (chosen.has(a.id)) return;
      chosen.add(a.id);
      const h = have(a);
      const minLevel = below ? h + 1 : Math.max(0, h - 1);
      levels.push({ id: `SL-demo-${levels.length + 1}`, storeId: DEMO_OWN_STORE_ID, articleId: a.id, articleNo: a.articleNo, minLevel, maxLevel: below ? h + quantity : minLevel + quantity });
    };
    for (const a of tracked(purchase).slice(0, 2)) level(a, true, 2);
    for (const a of plain(purchase).slice(0, 3)) level(a, true, 5);
    for (const a of zero(purchase).slice(0, 1)) level(a, true, 3);
    const centralArticles = plain(centralSupplier).slice(0, 6);
    const central: OpeningBalanceRow[] = [];
    centralArticles.forEach((a, k) => {
      // The fifth has too little in the central store for its suggestion; the sixth needs nothing.
      level(a, k < 5, 5);
      central.push({ storeId: DEMO_CENTRAL_STORE_ID, articleId: a.id, articleNo: a.articleNo, quantity: k === 4 ? 1 : 60 });
    });
    const others = pool.filter((a) => a.supplierId !== purchase && a.supplierId !== centralSupplier && stocked(a));
    for (let k = 0; levels.length < 30 && k < others.length; k += 3) level(others[k]!, (k / 3) % 2 === 0, 4);
    plan = { levels, purchaseSupplierId: purchase, centralSupplierId: centralSupplier, central };
    return plan;
  }

  /** Articles of the same family as article i: i + k · FAMILIES.length. */
  function* familyOf(i: number, limit: number): Generator<ArticleRow> {
    for (let j = i % FAMILIES.length; j < limit; j += FAMILIES.length) yield articleAt(j);
  }

  const COMPONENT_LIMIT = Math.min(articleCount, 4000);
  function* components(): Generator<ComponentRow> {
    for (let i = 0; i < COMPONENT_LIMIT; i++) {
      const a = articleAt(i);
      // Every other main aid has an individmall.
      if (a.articleType !== 'mainAid' || i % 2 === 1) continue;
      const usable = [...familyOf(i, COMPONENT_LIMIT)].filter((c) => c.articleStatus !== 'gone' && c.id !== a.id);
      const accessories = usable.filter((c) => c.articleType === 'accessory');
      const spares = usable.filter((c) => c.articleType === 'sparePart');
      // Two standard accessories, then one more accessory and one spare part as other components.
      const start = Math.floor(i / FAMILIES.length);
      const pickFrom = (list: ArticleRow[], k: number) => (list.length > 0 ? list[(start + k) % list.length]! : null);
      const chosen: [ArticleRow | null, 'standard' | 'other'][] = [
        [pickFrom(accessories, 0), 'standard'],
        [pickFrom(accessories, 1), 'standard'],
        [pickFrom(accessories, 2), 'other'],
        [pickFrom(spares, 0), 'other'],
      ];
      const seen = new Set<string>();
      let position = 0;
      for (const [c, kind] of chosen) {
        if (!c || seen.has(c.id)) continue;
        seen.add(c.id);
        yield { articleId: a.id, componentArticleId: c.id, kind, quantity: 1, position: ++position };
      }
    }
  }

  let groups: ReplacementGroupRow[] | null = null;
  function replacementGroups(): ReplacementGroupRow[] {
    if (groups) return groups;
    const available = new Map<string, number>();
    for (const b of ownOpeningBalances()) available.set(b.articleId, b.quantity);
    for (const ind of individuals()) {
      if (ind.status === 'inStore' && ind.storeId === DEMO_OWN_STORE_ID) available.set(ind.articleId, (available.get(ind.articleId) ?? 0) + 1);
    }
    const have = (a: ArticleRow) => available.get(a.id) ?? 0;
    const limit = Math.min(articleCount, 2000);
    groups = [];
    for (let f = 0; f < FAMILIES.length && groups.length < 12; f++) {
      const mains = [...familyOf(f, limit)].filter((a) => a.articleType === 'mainAid');
      const empty = mains.find((a) => a.articleStatus === 'active' && have(a) <= 0);
      const stocked = mains.filter((a) => a.articleStatus !== 'gone' && have(a) > 0).slice(0, 2);
      const gone = mains.find((a) => a.articleStatus === 'gone');
      if (!empty || stocked.length === 0) continue;
      // A gone article ranked between: it is a member, but never proposed.
      const members = [empty, ...(gone ? [gone] : []), ...stocked].map((a, k) => ({ articleId: a.id, rank: k + 1 }));
      groups.push({ id: `RG${pad(groups.length + 1, 3)}`, name: `${FAMILIES[f]![1]} (ISO ${FAMILIES[f]![0]})`, members });
    }
    return groups;
  }

  function* documents(): Generator<ArticleDocumentRow> {
    for (let i = 0; i < COMPONENT_LIMIT; i++) {
      const a = articleAt(i);
      if (a.articleType !== 'mainAid') continue;
      const slug = a.articleNo;
      yield { id: `D${slug}-1`, articleId: a.id, name: `Bruksanvisning ${a.name}`, kind: 'manual', url: `https://dokument.hjalpmedel.example/${slug}/bruksanvisning.pdf` };
      if (i % 3 === 0) yield { id: `D${slug}-2`, articleId: a.id, name: `Produktblad ${a.name}`, kind: 'datasheet', url: `https://dokument.hjalpmedel.example/${slug}/produktblad.pdf` };
    }
  }

  function* recipients(): Generator<RecipientRow> {
    const r = new Random(seed + 53);
    const used = new Set<string>();
    for (let n = 0; n < recipientCount; n++) {
      const city = 'Exempelby';
      if (n % 25 === 0) {
        const code = String(5000 + n);
        yield { id: `R${n + 1}`, kind: 'careUnit', personalNumber: null, careUnitCode: code, name: `Vårdenhet Solgården avd ${n / 25 + 1}`, address: 'Solgårdsvägen 2', postalCode: '123 45', city, phone: null };
        continue;
      }
      // Personal numbers are unique: draw again on the rare collision.
      let personalNumber: string;
      do {
        const year = r.int(1920, 1999);
        const nine = `${pad(year % 100, 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${pad(r.int(1, 999), 3)}`;
        personalNumber = `19${nine}${luhnDigit(nine)}`;
      } while (used.has(personalNumber));
      used.add(personalNumber);
      yield {
        id: `R${n + 1}`,
        kind: 'patient',
        personalNumber,
        careUnitCode: null,
        name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
        address: `${r.pick(STREETS)} ${r.int(1, 80)}`,
        postalCode: `${r.int(100, 999)} ${pad(r.int(0, 99), 2)}`,
        city,
        phone: r.chance(0.7) ? `070-${pad(r.int(0, 9_999_999), 7)}` : null,
      };
    }
  }

  function* aids(): Generator<AidDemoRow> {
    const r = new Random(seed + 71);
    // Individuals "hos mottagare" go to the patients' lists, each to one aid only.
    const held: { id: string; articleId: string }[] = [];
    for (const ind of individuals()) {
      if (ind.status === 'atRecipient') held.push({ id: ind.id, articleId: ind.articleId });
      if (held.length >= 400) break;
    }
    const plainArticles: string[] = [];
    for (let i = 0; i < articleCount && plainArticles.length < 60; i++) {
      const a = articleAt(i);
      if (!a.trackedIndividually && a.articleStatus !== 'gone' && (a.articleType === 'consumable' || a.articleType === 'accessory' || a.articleType === 'mainAid')) plainArticles.push(a.id);
    }
    let next = 0;
    let aidNo = 0;
    const at = (daysAgo: number) => new Date(nowMs - daysAgo * dayMs).toISOString();
    for (let n = 0; n < recipientCount; n++) {
      const recipientId = `R${n + 1}`;
      const careUnit = n % 25 === 0;
      // The second recipient (the first patient) has a long list; the others a few aids each.
      const count = n === 1 ? 14 : careUnit ? 5 : r.int(0, 4);
      for (let k = 0; k < count; k++) {
        const daysAgo = r.int(1, 365 * 4);
        const tracked = held.length > next && r.chance(0.6);
        const undelivered = !tracked && r.chance(0.12);
        const returned = !undelivered && r.chance(0.12);
        const articleId = tracked ? held[next]!.articleId : r.pick(plainArticles);
        const individualId = tracked ? held[next++]!.id : null;
        const ordered = tracked ? 1 : r.int(1, 3);
        yield {
          id: `AID-demo-${++aidNo}`,
          recipientId,
          articleId,
          individualId,
          orderedQuantity: ordered,
          quantity: undelivered ? 0 : ordered,
          storeId: DEMO_OWN_STORE_ID,
          prescribed: !careUnit,
          orderedAt: at(daysAgo + 2),
          deliveredAt: undelivered ? null : at(daysAgo),
          returnedAt: returned ? at(Math.max(0, daysAgo - r.int(1, Math.max(1, daysAgo - 1)))) : null,
        };
      }
    }
  }

  function* populationRegister(): Generator<RegisterPersonRow> {
    for (const r of recipients()) {
      if (r.kind !== 'patient' || r.personalNumber === null) continue;
      yield { id: `CFR-${r.id}`, personalNumber: r.personalNumber, name: r.name, address: r.address, postalCode: r.postalCode, city: r.city, deceased: false, resident: true };
    }
    yield* DEMO_REGISTER_EXTRA;
  }

  function loanBaskets(seededAt: Date): LoanBasketDemoRow[] {
    const reserved: { id: string; articleId: string }[] = [];
    for (const ind of individuals()) {
      if (ind.status === 'reserved' && ind.storeId === DEMO_OWN_STORE_ID) reserved.push({ id: ind.id, articleId: ind.articleId });
      if (reserved.length === 3) break;
    }
    const basket = (n: number, createdAt: string, held: typeof reserved): LoanBasketDemoRow => ({
      id: `00000000-0000-4000-8000-0000000b0${n}00`,
      prescriberId: DEMO_PRESCRIBER_COLLEAGUE_ID,
      createdAt,
      dueDate: loanDueDate(createdAt),
      lines: held.map((h, i) => ({ id: `00000000-0000-4000-8000-0000000b0${n}${pad(i + 1, 2)}`, lineNo: i + 1, articleId: h.articleId, individualId: h.id, quantity: 1 as const })),
    });
    if (reserved.length < 3) return [];
    return [basket(1, seededAt.toISOString(), reserved.slice(0, 2)), basket(2, new Date(seededAt.getTime() - 14 * dayMs).toISOString(), reserved.slice(2, 3))];
  }

  return {
    stores: STORES,
    servicePoints: SERVICE_POINTS,
    isoClasses,
    suppliers: SUPPLIERS,
    users: USERS,
    articles,
    individuals,
    openingBalances,
    replenishment: () => {
      const { levels, purchaseSupplierId, centralSupplierId } = replenishment();
      return { levels, purchaseSupplierId, centralSupplierId };
    },
    components,
    replacementGroups,
    documents,
    recipients,
    aids,
    populationRegister,
    loanBaskets,
    counts: { articles: articleCount, individuals: individualCount, recipients: recipientCount },
    now,
  };
}
