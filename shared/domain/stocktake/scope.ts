import { z } from 'zod';
import { ARTICLE_TYPES, type ArticleType } from '../model';
import { cleanText } from '../mutation';

/**
 * What a stocktake (inventering) covers, as a predicate over articles and individuals: ISO classes
 * (a class covers its sub-classes), article types and shelf locations (a location covers the
 * locations it begins: "Hylla A" covers "Hylla A3"). An empty list does not limit. Service articles
 * are never counted (manual 000 §8.4). Non-tracked articles have no shelf location in the system:
 * a stocktake limited to locations counts individuals only.
 */

export const MAX_SCOPE_VALUES = 100;
export const MAX_ZONES = 30;

const IsoCode = z
  .string()
  .trim()
  .regex(/^[0-9]{2}(?: ?[0-9]{2}){0,2}$/, 'En ISO-klass anges med 2, 4 eller 6 siffror, till exempel 12 06.')
  .transform((s) => s.replace(/ /g, ''));
const Location = cleanText(40, 'En hyllplats får vara högst 40 tecken.', { required: 'Ange en hyllplats.' });

export const StocktakeScope = z
  .object({
    isoCodes: z.array(IsoCode).max(MAX_SCOPE_VALUES, `Högst ${MAX_SCOPE_VALUES} ISO-klasser.`),
    articleTypes: z.array(z.enum(ARTICLE_TYPES).refine((t) => t !== 'service', 'Tjänsteartiklar inventeras inte.')).max(ARTICLE_TYPES.length),
    locations: z.array(Location).max(MAX_SCOPE_VALUES, `Högst ${MAX_SCOPE_VALUES} hyllplatser.`),
  })
  .strict();
export type StocktakeScope = z.output<typeof StocktakeScope>;

export const StocktakeZone = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
    name: cleanText(40, 'Zonens namn får vara högst 40 tecken.', { required: 'Ge zonen ett namn.' }),
    /** Shelf locations (prefixes) the zone covers; an empty list: what no other zone covers. */
    locations: z.array(Location).max(MAX_SCOPE_VALUES),
  })
  .strict();
export type StocktakeZone = z.output<typeof StocktakeZone>;

export const WHOLE_STORE: StocktakeScope = { isoCodes: [], articleTypes: [], locations: [] };

/** What the scope predicate needs of an article. */
export interface ScopeArticle {
  articleType: ArticleType;
  isoCode: string;
  trackedIndividually: boolean;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv-SE');
const startsWithAny = (value: string, prefixes: readonly string[]) => prefixes.some((p) => value.startsWith(p));

/** The article may be counted in this scope (its individuals may still be limited by location). */
export function articleInScope(scope: StocktakeScope, article: ScopeArticle): boolean {
  if (article.articleType === 'service') return false;
  if (scope.isoCodes.length > 0 && !startsWithAny(article.isoCode.replace(/ /g, ''), scope.isoCodes)) return false;
  if (scope.articleTypes.length > 0 && !scope.articleTypes.includes(article.articleType)) return false;
  if (scope.locations.length > 0 && !article.trackedIndividually) return false;
  return true;
}

/** A shelf location is covered by a list of locations (empty: everything). */
export function locationIn(locations: readonly string[], location: string | null): boolean {
  if (locations.length === 0) return true;
  if (location === null) return false;
  const l = norm(location);
  return locations.some((p) => l.startsWith(norm(p)));
}

/** An individual of an article in scope is counted here (its location is in the scope's). */
export const individualInScope = (scope: StocktakeScope, article: ScopeArticle, location: string | null): boolean =>
  articleInScope(scope, article) && locationIn(scope.locations, location);

/** The zone an individual's shelf location belongs to: the first that names it, else the catch-all zone. */
export function zoneOf(zones: readonly StocktakeZone[], location: string | null): string | null {
  const named = zones.find((z) => z.locations.length > 0 && locationIn(z.locations, location));
  if (named) return named.id;
  return zones.find((z) => z.locations.length === 0)?.id ?? null;
}

const listsOverlap = <T>(a: readonly T[], b: readonly T[], related: (x: T, y: T) => boolean) =>
  a.length === 0 || b.length === 0 || a.some((x) => b.some((y) => related(x, y)));
const prefixRelated = (x: string, y: string) => x.startsWith(y) || y.startsWith(x);

/** Two scopes may cover a common article or individual (two stocktakes of them would count it twice). */
export function scopesOverlap(a: StocktakeScope, b: StocktakeScope): boolean {
  const typesA = a.articleTypes;
  const typesB = b.articleTypes;
  // A scope limited to locations covers tracked articles only; any article type can be tracked.
  return (
    listsOverlap(a.isoCodes, b.isoCodes, prefixRelated) &&
    listsOverlap(typesA, typesB, (x, y) => x === y) &&
    listsOverlap(
      a.locations.map(norm),
      b.locations.map(norm),
      prefixRelated,
    )
  );
}

/** Swedish words for a scope (lists, PDFs). */
export function describeScope(scope: StocktakeScope, typeName: (t: ArticleType) => string): string {
  const parts: string[] = [];
  if (scope.isoCodes.length > 0) parts.push(`ISO ${scope.isoCodes.map(formatIso).join(', ')}`);
  if (scope.articleTypes.length > 0) parts.push(scope.articleTypes.map(typeName).join(', '));
  if (scope.locations.length > 0) parts.push(`hyllplats ${scope.locations.join(', ')}`);
  return parts.length === 0 ? 'Hela lagret' : parts.join(' · ');
}

/** "120603" → "12 06 03". */
export const formatIso = (code: string): string => code.replace(/ /g, '').replace(/(\d{2})(?=\d)/g, '$1 ');

/** Parses the JSON text of a stored scope (a damaged one counts as the whole store, never throws). */
export function parseScope(text: string): StocktakeScope {
  try {
    const parsed = StocktakeScope.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : WHOLE_STORE;
  } catch {
    return WHOLE_STORE;
  }
}

/** Built once: a zod schema is costly to build, and zones are parsed on every count. */
const StoredZones = z.array(StocktakeZone).max(MAX_ZONES);

export function parseZones(text: string): StocktakeZone[] {
  try {
    const parsed = StoredZones.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
