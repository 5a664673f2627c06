import type { AidCategory, ArticleStatus, ArticleType, IndividualStatus, Role, StoreKind } from '../domain/model';
/**
 * Deterministic demo region (fixed seed): central store 10, buffer store 50301 with a service
 * point, purchase store 800 and investigation store 999; ISO classes; suppliers; articles of every
 * type and status; individuals in every status; users; recipients with valid test personal numbers.
 * Rows are produced lazily so the same code fills a demo replica (2,000 articles) and a benchmark
 * region (200,000 articles, 1,000,000 individuals) without holding it in memory.
 */
export declare const DEMO_SEED = 20241122;
export declare const DEMO_OWN_STORE_ID = "50301";
export declare const DEMO_CENTRAL_STORE_ID = "10";
export declare const DEMO_INVESTIGATION_STORE_ID = "999";
/**
 * The demo users' password (and offline PIN) on a demo region or demo replica: shown on the
 * login screen of a demo replica only. A real region gives each user a temporary password
 * (`npm run central -- set-password`) or logs in with SITHS.
 */
export declare const DEMO_PASSWORD = "demo1234";
export declare const DEMO_PIN = "240817";
/** The demo region's one message to the buffer store's staff (both seeds write it, so a sync agrees). */
export declare const DEMO_WELCOME_MESSAGE: {
    readonly id: "MSG-demo-welcome";
    readonly storeId: "50301";
    readonly text: "Välkommen till Buffert. Demodata för buffertlager 50301 är inläst.";
};
export interface DemoOptions {
    seed?: number;
    articles?: number;
    individuals?: number;
    recipients?: number;
    /** ISO timestamp used as "now" for dates and ledger rows, so output never depends on the clock. */
    now?: string;
}
export interface StoreRow {
    id: string;
    name: string;
    kind: StoreKind;
    parentStoreId: string | null;
}
export interface ServicePointRow {
    id: string;
    name: string;
    storeId: string;
}
export interface IsoClassRow {
    code: string;
    name: string;
    parentCode: string | null;
}
export interface SupplierRow {
    id: string;
    name: string;
}
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
export interface UserRow {
    id: string;
    hsaId: string;
    name: string;
    roles: Role[];
    servicePointIds: string[];
}
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
export interface ComponentRow {
    articleId: string;
    componentArticleId: string;
    kind: 'standard' | 'other';
    quantity: number;
    position: number;
}
/** An ersättningsgrupp and its ranked members (rank 1 first). */
export interface ReplacementGroupRow {
    id: string;
    name: string;
    members: {
        articleId: string;
        rank: number;
    }[];
}
/** A document the supplier published for an article (the Dokument tab). */
export interface ArticleDocumentRow {
    id: string;
    articleId: string;
    name: string;
    kind: string;
    url: string;
}
/** Opening balance of a non-tracked article in a store (tracked articles count their individuals). */
export interface OpeningBalanceRow {
    storeId: string;
    articleId: string;
    articleNo: string;
    quantity: number;
}
/** A min/max level of an article in the buffer store (the replenishment suggestion's limits). */
export interface StockLevelRow {
    id: string;
    storeId: string;
    articleId: string;
    articleNo: string;
    minLevel: number;
    maxLevel: number;
}
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
export declare const STORES: readonly StoreRow[];
export declare const SERVICE_POINTS: readonly ServicePointRow[];
export declare const SUPPLIERS: readonly SupplierRow[];
export declare const USERS: readonly UserRow[];
/** Luhn check digit of the 9 digits YYMMDDNNN (personnummer) or of a GTIN body handled separately. */
export declare function luhnDigit(digits: string): number;
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
    counts: {
        articles: number;
        individuals: number;
        recipients: number;
    };
    now: string;
}
export declare function demoRegion(options?: DemoOptions): DemoRegion;
