import type { ArticleType, IndividualStatus, MovementReason, StocktakeCountKind, StocktakeCountSource, StocktakeStatus } from '../model';
import type { StocktakeMergeFacts } from './merge';
import type { StocktakeRef } from './mutations';
import { parseScope, parseZones } from './scope';

/**
 * The rows a stocktake's facts are made of, as both databases return them (snake_case, the
 * replicated columns): the workstation reads them from SQLite, central from PostgreSQL, and this
 * one conversion makes the facts the rules read, so the two sides cannot read them differently.
 */
export interface StocktakeRow {
  id: string;
  store_id: string;
  name: string;
  scope: string;
  zones: string;
  blind: boolean | number;
  status: StocktakeStatus;
  joined_id: string | null;
  created_at: string;
  approved_at: string | null;
}

export interface StocktakeRows {
  /** The stocktake, the one it joined (if any) and those joined into it. */
  stocktakes: StocktakeRow[];
  counts: {
    id: string;
    zone_id: string | null;
    kind: StocktakeCountKind;
    article_id: string | null;
    individual_id: string | null;
    code: string | null;
    quantity: number;
    source: StocktakeCountSource;
    user_id: string | null;
    client_id: string;
    workstation: string;
    at: string;
  }[];
  balances: { article_id: string; on_hand: number }[];
  ledger: { article_id: string; in_qty: number; out_qty: number; last_reason: MovementReason | null; last_reference: string | null; last_at: string | null }[];
  movements: { article_id: string; individual_id: string | null; quantity: number; reason: MovementReason; reference: string | null; at: string }[];
  individuals: {
    id: string;
    individual_no: string;
    article_id: string;
    store_id: string | null;
    status: IndividualStatus;
    location: string | null;
    acquisition_value_ore: number | null;
  }[];
  articles: { id: string; article_no: string; name: string; article_type: ArticleType; iso_code: string; tracked_individually: boolean | number; price_ore: number; unit: string }[];
}

/** The statuses of individuals that are part of a store's stock (merge.ts HELD). */
export const HELD_STATUSES: readonly IndividualStatus[] = ['inStore', 'reserved', 'inRepair', 'rekond'];

/** The stocktake a count goes to: itself, or the one it joined. */
export function stocktakeRef(own: StocktakeRow, target: StocktakeRow | null): StocktakeRef {
  const t = own.status === 'joined' && target ? target : own;
  return {
    id: own.id,
    name: own.name,
    storeId: own.store_id,
    status: own.status,
    zones: parseZones(t.zones),
    target: { id: t.id, name: t.name, status: t.status, approvedAt: t.approved_at },
  };
}

/** The earliest count of these stocktakes (the merge needs the ledger after it), or null. */
export const earliestCount = (counts: readonly { at: string }[]): string | null =>
  counts.reduce<string | null>((min, c) => (min === null || c.at < min ? c.at : min), null);

/** The ids of the stocktake's family: itself and those joined into it. */
export const familyOf = (id: string, stocktakes: readonly StocktakeRow[]): StocktakeRow[] => stocktakes.filter((s) => s.id === id || s.joined_id === id);

export function mergeFactsOf(stocktakeId: string, rows: StocktakeRows): Omit<StocktakeMergeFacts, 'now'> | null {
  const own = rows.stocktakes.find((s) => s.id === stocktakeId);
  if (!own) return null;
  const family = familyOf(stocktakeId, rows.stocktakes);
  return {
    storeId: own.store_id,
    scopes: family.map((s) => parseScope(s.scope)),
    zones: parseZones(own.zones),
    articles: rows.articles.map((a) => ({
      id: a.id,
      articleNo: a.article_no,
      name: a.name,
      articleType: a.article_type,
      isoCode: a.iso_code,
      trackedIndividually: Boolean(a.tracked_individually),
      priceOre: Number(a.price_ore),
      unit: a.unit,
    })),
    balances: Object.fromEntries(rows.balances.map((b) => [b.article_id, Number(b.on_hand)])),
    ledgerSince: Object.fromEntries(
      rows.ledger.map((l) => [
        l.article_id,
        {
          in: Number(l.in_qty),
          out: Number(l.out_qty),
          lastOut: l.last_at !== null && l.last_reason !== null ? { reason: l.last_reason, reference: l.last_reference, at: l.last_at } : null,
        },
      ]),
    ),
    individuals: rows.individuals.map((i) => ({
      id: i.id,
      individualNo: i.individual_no,
      articleId: i.article_id,
      storeId: i.store_id,
      status: i.status,
      location: i.location,
      acquisitionValueOre: i.acquisition_value_ore === null ? null : Number(i.acquisition_value_ore),
    })),
    movements: rows.movements.map((m) => ({ articleId: m.article_id, individualId: m.individual_id, quantity: Number(m.quantity), reason: m.reason, reference: m.reference, at: m.at })),
    counts: rows.counts.map((c) => ({
      id: c.id,
      zoneId: c.zone_id,
      kind: c.kind,
      articleId: c.article_id,
      individualId: c.individual_id,
      code: c.code,
      quantity: Number(c.quantity),
      source: c.source,
      userId: c.user_id,
      clientId: c.client_id,
      workstation: c.workstation,
      at: c.at,
    })),
  };
}
