import { err, ok, type Result } from '../../result';
import type { ArticleStatus, ArticleType, OrderLineRoute } from '../model';

/**
 * The rules of replenishment (lagerpåfyllnad) and stock transfer (lagerflytt) that do not write:
 * which articles may be ordered, the suggestion from min/max levels, the split per supplier and
 * central's routing of each line. Pure: the workstation's screens and handlers and the server's
 * facts reader call them alike.
 */

/** What ordering needs to know of an article. */
export interface OrderArticle {
  id: string;
  articleNo: string;
  name: string;
  articleStatus: ArticleStatus;
  articleType: ArticleType;
  trackedIndividually: boolean;
  supplierId: string | null;
  priceOre: number;
}

/** The largest quantity of one order line, and the most lines of one order. */
export const MAX_ORDER_QUANTITY = 10_000;
export const MAX_ORDER_LINES = 200;

/** Why an article cannot be ordered (null: it can). Utgången / utgått can never be ordered anew. */
export function orderRefusal(article: Pick<OrderArticle, 'articleNo' | 'articleStatus'>): string | null {
  return article.articleStatus === 'gone' ? `Artikel ${article.articleNo} är utgången och kan inte beställas.` : null;
}

/** What a person must be told before ordering the article (null: nothing). */
export function orderWarning(article: Pick<OrderArticle, 'articleNo' | 'articleStatus'>): string | null {
  return article.articleStatus === 'phasingOut'
    ? `Artikel ${article.articleNo} är utgående: den kan beställas så länge den finns, men byt gärna till en ersättare.`
    : null;
}

/* ---------- the suggestion ---------- */

export interface LevelFacts {
  articleId: string;
  minLevel: number;
  maxLevel: number;
}

export interface SuggestionLine {
  articleId: string;
  /** Up to the max level: max − available. */
  quantity: number;
  available: number;
  /** Already on order: lines of the store's replenishments not yet in the balance. */
  onOrder: number;
  minLevel: number;
  maxLevel: number;
  /** Issued (utlevererat) from the store in the last 90 days. */
  issuedLast90Days: number;
}

/** Days of issues the suggestion shows beside each line. */
export const SUGGESTION_ISSUE_DAYS = 90;

/**
 * Articles whose available balance (on hand − reserved) plus what is already on order is below the
 * store's min level, with the quantity that brings it up to the max level. Articles that cannot
 * be ordered are left out.
 */
export function replenishmentSuggestion(
  levels: readonly LevelFacts[],
  available: ReadonlyMap<string, number>,
  issued: ReadonlyMap<string, number>,
  articles: ReadonlyMap<string, Pick<OrderArticle, 'articleNo' | 'articleStatus'>>,
  onOrder: ReadonlyMap<string, number> = new Map(),
): SuggestionLine[] {
  const lines: SuggestionLine[] = [];
  for (const level of levels) {
    const article = articles.get(level.articleId);
    if (!article || orderRefusal(article) !== null) continue;
    const inStock = available.get(level.articleId) ?? 0;
    const coming = onOrder.get(level.articleId) ?? 0;
    const have = inStock + coming;
    if (have >= level.minLevel) continue;
    const quantity = Math.min(level.maxLevel - have, MAX_ORDER_QUANTITY);
    if (quantity <= 0) continue;
    lines.push({
      articleId: level.articleId,
      quantity,
      available: inStock,
      onOrder: coming,
      minLevel: level.minLevel,
      maxLevel: level.maxLevel,
      issuedLast90Days: issued.get(level.articleId) ?? 0,
    });
  }
  return lines.sort((a, b) => (articles.get(a.articleId)!.articleNo < articles.get(b.articleId)!.articleNo ? -1 : 1));
}

/** Checks a min/max pair a store admin entered. */
export function levelRefusal(minLevel: number, maxLevel: number): string | null {
  if (!Number.isInteger(minLevel) || !Number.isInteger(maxLevel)) return 'Nivåerna ska vara heltal.';
  if (minLevel < 0) return 'Miniminivån kan inte vara negativ.';
  if (maxLevel < minLevel) return 'Maxnivån kan inte vara lägre än miniminivån.';
  if (maxLevel > MAX_ORDER_QUANTITY) return `Maxnivån får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')}.`;
  return null;
}

/* ---------- one order per supplier ---------- */

export interface OrderLineInput {
  articleId: string;
  quantity: number;
}

export interface SupplierGroup {
  supplierId: string | null;
  lines: OrderLineInput[];
}

/**
 * A replenishment goes to one supplier: lines of several suppliers become one order each, in the
 * order the suppliers first appear. Lines of the same article are added together.
 */
export function splitBySupplier(lines: readonly OrderLineInput[], supplierOf: (articleId: string) => string | null): SupplierGroup[] {
  const groups = new Map<string | null, Map<string, number>>();
  for (const line of lines) {
    const supplier = supplierOf(line.articleId);
    let group = groups.get(supplier);
    if (!group) groups.set(supplier, (group = new Map()));
    group.set(line.articleId, (group.get(line.articleId) ?? 0) + line.quantity);
  }
  return [...groups].map(([supplierId, group]) => ({ supplierId, lines: [...group].map(([articleId, quantity]) => ({ articleId, quantity })) }));
}

/* ---------- central's routing ---------- */

/**
 * Central's routing of an order's lines: a line goes to the central store when the central store
 * has it available (what earlier lines took is no longer available), else to purchase from the
 * supplier via store 800. A stock transfer (lagerflytt) always comes from the central store.
 */
export function routeLines(
  lines: readonly OrderLineInput[],
  centralAvailable: ReadonlyMap<string, number>,
  kind: 'replenishment' | 'stockTransfer',
): OrderLineRoute[] {
  const left = new Map(centralAvailable);
  return lines.map((line) => {
    const have = left.get(line.articleId) ?? 0;
    if (kind === 'stockTransfer' || have >= line.quantity) {
      left.set(line.articleId, have - line.quantity);
      return 'central';
    }
    return 'purchase';
  });
}

/* ---------- numbers ---------- */

/**
 * The number an order made on this workstation is known by until central gives it a case number:
 * "P" + the store + a workstation tag + a running number, e.g. P50301-7F3A-0042. The tag comes
 * from the workstation's sync client id, so two workstations of a store do not share numbers.
 */
export function provisionalOrderNo(storeId: string, clientTag: string, seq: number): string {
  return `P${storeId}-${clientTag.toUpperCase()}-${String(seq).padStart(4, '0')}`;
}

export const PROVISIONAL_ORDER_NO = /^P[0-9A-Za-z]{1,10}-[0-9A-Z]{1,8}-[0-9]{4,9}$/;

/* ---------- money ---------- */

/**
 * A price a person typed, in whole kronor (receipts are in whole kronor: "skriv aldrig in ören
 * eller decimaltecken"), as öre. Spaces as thousands separators are accepted.
 */
export function parseWholeKronor(text: string): Result<number> {
  const t = text.replace(/[\s\u00a0]/g, '').replace(/kr$/i, '');
  if (t === '') return err('price-missing', 'Ange ett à-pris i hela kronor.');
  if (/^[0-9]+[,.][0-9]*$/.test(t)) return err('price-ore', 'Ange priset i hela kronor, utan ören eller decimaltecken (avrunda).');
  if (!/^[0-9]{1,9}$/.test(t)) return err('price-invalid', 'Priset ska vara ett heltal kronor, t.ex. 1250.');
  const kronor = Number(t);
  if (kronor > 10_000_000) return err('price-invalid', 'Priset får vara högst 10 000 000 kr.');
  return ok(kronor * 100);
}
