import { earliestCount, HELD_STATUSES, type StocktakeRow, type StocktakeRows } from '../../../shared/domain/stocktake/facts';
import type { CountFacts, CreateFacts } from '../../../shared/domain/stocktake/mutations';
import { stocktakeRef } from '../../../shared/domain/stocktake/facts';
import { parseScope, parseZones } from '../../../shared/domain/stocktake/scope';
import type { ArticleType } from '../../../shared/domain/model';
import type { Db } from '../db/replica';

const STOCKTAKE_COLUMNS = 'id, store_id, name, scope, zones, blind, status, joined_id, created_at, approved_at';
const HELD = HELD_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * A stocktake's rows from the replica (shared/domain/stocktake/facts.ts): the stocktake and its
 * family, their counts, and the store's balances, ledger and individuals the merge reads.
 */
export function stocktakeRowsReader(db: Db): (stocktakeId: string) => StocktakeRows | null {
  const family = db.prepare<[string, string, string], StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM stocktake WHERE id = ? OR joined_id = ? OR id = (SELECT joined_id FROM stocktake WHERE id = ?)`,
  );
  const counts = db.prepare<[string], StocktakeRows['counts'][number]>(
    `SELECT id, zone_id, kind, article_id, individual_id, code, quantity, source, user_id, client_id, workstation, at
     FROM stocktake_count WHERE stocktake_id IN (SELECT value FROM json_each(?))`,
  );
  const lastApproved = db.prepare<[string, string], { at: string | null }>(
    "SELECT max(approved_at) AS at FROM stocktake WHERE store_id = ? AND status = 'approved' AND approved_at < ?",
  );
  const balances = db.prepare<[string], StocktakeRows['balances'][number]>('SELECT article_id, on_hand FROM stock_balance WHERE store_id = ?');
  const ledger = db.prepare<[string, string], { article_id: string; in_qty: number; out_qty: number }>(
    `SELECT article_id, sum(CASE WHEN quantity > 0 THEN quantity ELSE 0 END) AS in_qty, sum(CASE WHEN quantity < 0 THEN -quantity ELSE 0 END) AS out_qty
     FROM stock_movement WHERE store_id = ? AND at > ? GROUP BY article_id`,
  );
  // SQLite gives the other columns of the row that holds max(at).
  const lastOut = db.prepare<[string, string], { article_id: string; reason: StocktakeRows['ledger'][number]['last_reason']; reference: string | null; at: string }>(
    'SELECT article_id, reason, reference, max(at) AS at FROM stock_movement WHERE store_id = ? AND at > ? AND quantity < 0 GROUP BY article_id',
  );
  const movements = db.prepare<[string, string], StocktakeRows['movements'][number]>(
    'SELECT article_id, individual_id, quantity, reason, reference, at FROM stock_movement WHERE store_id = ? AND at >= ?',
  );
  const held = db.prepare<[string], StocktakeRows['individuals'][number]>(
    `SELECT id, individual_no, article_id, store_id, status, location, acquisition_value_ore FROM individual WHERE store_id = ? AND status IN (${HELD})`,
  );
  const individualsById = db.prepare<[string], StocktakeRows['individuals'][number]>(
    'SELECT id, individual_no, article_id, store_id, status, location, acquisition_value_ore FROM individual WHERE id IN (SELECT value FROM json_each(?))',
  );
  const individualsByNo = db.prepare<[string], StocktakeRows['individuals'][number]>(
    'SELECT id, individual_no, article_id, store_id, status, location, acquisition_value_ore FROM individual WHERE individual_no IN (SELECT value FROM json_each(?))',
  );
  const articles = db.prepare<[string], StocktakeRows['articles'][number]>(
    'SELECT id, article_no, name, article_type, iso_code, tracked_individually, price_ore, unit FROM article WHERE id IN (SELECT value FROM json_each(?))',
  );

  return (stocktakeId) => {
    const stocktakes = family.all(stocktakeId, stocktakeId, stocktakeId);
    const own = stocktakes.find((s) => s.id === stocktakeId);
    if (!own) return null;
    const storeId = own.store_id;
    const ids = stocktakes.filter((s) => s.id === stocktakeId || s.joined_id === stocktakeId).map((s) => s.id);
    const countRows = counts.all(JSON.stringify(ids));
    const since = lastApproved.get(storeId, own.created_at)?.at ?? '';
    const outs = new Map(lastOut.all(storeId, since).map((r) => [r.article_id, r]));
    const ledgerRows = ledger.all(storeId, since).map((l) => {
      const o = outs.get(l.article_id);
      return { ...l, last_reason: o?.reason ?? null, last_reference: o?.reference ?? null, last_at: o?.at ?? null };
    });
    const first = earliestCount(countRows);
    const movementRows = first === null ? [] : movements.all(storeId, first);
    const individuals = new Map(held.all(storeId).map((i) => [i.id, i]));
    const byNo = new Set([...individuals.values()].map((i) => i.individual_no));
    const wantedIds = new Set<string>();
    for (const m of movementRows) if (m.individual_id !== null && !individuals.has(m.individual_id)) wantedIds.add(m.individual_id);
    const wantedNos = new Set<string>();
    for (const c of countRows) {
      if (c.individual_id !== null && !individuals.has(c.individual_id)) wantedIds.add(c.individual_id);
      if (c.kind === 'scan' && c.code !== null && !byNo.has(c.code)) wantedNos.add(c.code);
    }
    if (wantedIds.size > 0) for (const i of individualsById.all(JSON.stringify([...wantedIds]))) individuals.set(i.id, i);
    if (wantedNos.size > 0) for (const i of individualsByNo.all(JSON.stringify([...wantedNos]))) individuals.set(i.id, i);
    const balanceRows = balances.all(storeId);
    const articleIds = new Set<string>();
    for (const b of balanceRows) articleIds.add(b.article_id);
    for (const l of ledgerRows) articleIds.add(l.article_id);
    for (const i of individuals.values()) articleIds.add(i.article_id);
    for (const c of countRows) if (c.article_id !== null) articleIds.add(c.article_id);
    return {
      stocktakes,
      counts: countRows,
      balances: balanceRows,
      ledger: ledgerRows,
      movements: movementRows,
      individuals: [...individuals.values()],
      articles: articles.all(JSON.stringify([...articleIds])),
    };
  };
}

/** A stocktake and an article as the count rules see them, from the replica. */
export function countFactsReader(db: Db): (stocktakeId: string, articleId: string | null) => CountFacts {
  const stocktake = db.prepare<[string], StocktakeRow>(`SELECT ${STOCKTAKE_COLUMNS} FROM stocktake WHERE id = ?`);
  const article = db.prepare<[string], { id: string; article_no: string; article_type: ArticleType; tracked_individually: number }>(
    'SELECT id, article_no, article_type, tracked_individually FROM article WHERE id = ?',
  );
  return (stocktakeId, articleId) => {
    const own = stocktake.get(stocktakeId);
    const target = own?.joined_id ? (stocktake.get(own.joined_id) ?? null) : null;
    const a = articleId === null ? undefined : article.get(articleId);
    return {
      stocktake: own ? stocktakeRef(own, target) : null,
      article: a ? { id: a.id, articleNo: a.article_no, articleType: a.article_type, trackedIndividually: a.tracked_individually === 1 } : null,
    };
  };
}

/**
 * One line's rows (an article): what a scan answers with, without reading the whole stocktake.
 * The same merge runs on them; zone coverage comes from every event's zone (`countedZones`).
 */
export function lineRowsReader(db: Db): (stocktakeId: string, articleId: string) => (StocktakeRows & { countedZones: string[] }) | null {
  const family = db.prepare<[string, string, string], StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM stocktake WHERE id = ? OR joined_id = ? OR id = (SELECT joined_id FROM stocktake WHERE id = ?)`,
  );
  const counts = db.prepare<[{ ids: string; article: string }], StocktakeRows['counts'][number]>(
    `SELECT id, zone_id, kind, article_id, individual_id, code, quantity, source, user_id, client_id, workstation, at FROM stocktake_count
     WHERE stocktake_id IN (SELECT value FROM json_each(@ids)) AND (article_id = @article
       OR (article_id IS NULL AND EXISTS (SELECT 1 FROM individual WHERE individual_no = stocktake_count.code AND article_id = @article)))`,
  );
  // One indexed probe per zone: a stocktake has a few zones but may have 50,000 counts.
  const zoneCounted = db.prepare<[{ ids: string; zone: string }], { one: number }>(
    'SELECT 1 AS one FROM stocktake_count WHERE stocktake_id IN (SELECT value FROM json_each(@ids)) AND zone_id = @zone LIMIT 1',
  );
  const lastApproved = db.prepare<[string, string], { at: string | null }>(
    "SELECT max(approved_at) AS at FROM stocktake WHERE store_id = ? AND status = 'approved' AND approved_at < ?",
  );
  const balance = db.prepare<[string, string], StocktakeRows['balances'][number]>('SELECT article_id, on_hand FROM stock_balance WHERE store_id = ? AND article_id = ?');
  const ledger = db.prepare<[{ store: string; article: string; since: string }], StocktakeRows['ledger'][number]>(
    `SELECT s.article_id, s.in_qty, s.out_qty, o.reason AS last_reason, o.reference AS last_reference, o.at AS last_at
     FROM (SELECT article_id, sum(CASE WHEN quantity > 0 THEN quantity ELSE 0 END) AS in_qty, sum(CASE WHEN quantity < 0 THEN -quantity ELSE 0 END) AS out_qty
           FROM stock_movement WHERE store_id = @store AND article_id = @article AND at > @since GROUP BY article_id) s
     LEFT JOIN (SELECT article_id, reason, reference, at FROM stock_movement
                WHERE store_id = @store AND article_id = @article AND at > @since AND quantity < 0 ORDER BY at DESC LIMIT 1) o ON o.article_id = s.article_id`,
  );
  const movements = db.prepare<[string, string, string], StocktakeRows['movements'][number]>(
    'SELECT article_id, individual_id, quantity, reason, reference, at FROM stock_movement WHERE store_id = ? AND article_id = ? AND at >= ?',
  );
  const held = db.prepare<[string, string], StocktakeRows['individuals'][number]>(
    `SELECT id, individual_no, article_id, store_id, status, location, acquisition_value_ore FROM individual WHERE article_id = ? AND store_id = ? AND status IN (${HELD})`,
  );
  const byIds = db.prepare<[string, string], StocktakeRows['individuals'][number]>(
    'SELECT id, individual_no, article_id, store_id, status, location, acquisition_value_ore FROM individual WHERE id IN (SELECT value FROM json_each(?)) OR individual_no IN (SELECT value FROM json_each(?))',
  );
  const article = db.prepare<[string], StocktakeRows['articles'][number]>('SELECT id, article_no, name, article_type, iso_code, tracked_individually, price_ore, unit FROM article WHERE id = ?');
  return (stocktakeId, articleId) => {
    const stocktakes = family.all(stocktakeId, stocktakeId, stocktakeId);
    const own = stocktakes.find((s) => s.id === stocktakeId);
    const a = article.get(articleId);
    if (!own || !a) return null;
    const storeId = own.store_id;
    const ids = JSON.stringify(stocktakes.filter((s) => s.id === stocktakeId || s.joined_id === stocktakeId).map((s) => s.id));
    const countRows = counts.all({ ids, article: articleId });
    const since = lastApproved.get(storeId, own.created_at)?.at ?? '';
    const first = earliestCount(countRows);
    const movementRows = first === null ? [] : movements.all(storeId, articleId, first);
    const individuals = new Map(held.all(articleId, storeId).map((i) => [i.id, i]));
    const wantedIds = [...new Set([...movementRows.map((m) => m.individual_id), ...countRows.map((c) => c.individual_id)].filter((x): x is string => x !== null && !individuals.has(x)))];
    const wantedNos = countRows.filter((c) => c.kind === 'scan' && c.code !== null && c.individual_id === null).map((c) => c.code!);
    if (wantedIds.length > 0 || wantedNos.length > 0) for (const i of byIds.all(JSON.stringify(wantedIds), JSON.stringify(wantedNos))) individuals.set(i.id, i);
    const b = balance.get(storeId, articleId);
    const l = ledger.get({ store: storeId, article: articleId, since });
    return {
      stocktakes,
      counts: countRows,
      balances: b ? [b] : [],
      ledger: l ? [l] : [],
      movements: movementRows,
      individuals: [...individuals.values()],
      articles: [a],
      countedZones: parseZones(own.zones)
        .map((z) => z.id)
        .filter((zone) => zoneCounted.get({ ids, zone }) !== undefined),
    };
  };
}

/** The store's stocktakes that are counting, oldest first (what a new one would join). */
export function openStocktakesReader(db: Db): (storeId: string) => CreateFacts['open'] {
  const open = db.prepare<[string], { id: string; name: string; scope: string; created_at: string }>(
    "SELECT id, name, scope, created_at FROM stocktake WHERE store_id = ? AND status = 'counting' ORDER BY created_at, id",
  );
  return (storeId) => open.all(storeId).map((o) => ({ id: o.id, name: o.name, scope: parseScope(o.scope), createdAt: o.created_at }));
}
