import type { ArticleType, IndividualStatus } from '../../shared/domain/model';
import { earliestCount, HELD_STATUSES, mergeFactsOf, stocktakeRef, type StocktakeRow, type StocktakeRows } from '../../shared/domain/stocktake/facts';
import type { CountFacts } from '../../shared/domain/stocktake/mutations';
import { parseScope } from '../../shared/domain/stocktake/scope';
import type { ServerMutationGroup } from '../mutations';
import type { Queryable } from '../db/db';
import type { WriteBatch } from '../sync/batch';
import { batchRegionStore } from '../region-settings/settings';

/**
 * Server half of the stocktake (inventering) mutations. A count reads its stocktake (and the one it
 * joined) FOR SHARE: counts of several workstations go in side by side, but never past an approval,
 * which locks the stocktake FOR NO KEY UPDATE up front and then reads every count central holds.
 * So a count is either among those the approval decided on, or is refused as late — never lost
 * silently, never counted after the books were closed. Creating locks the store's row, so two
 * overlapping stocktakes arriving at once are ordered and the second joins the first.
 */

const STOCKTAKE_COLUMNS = 'id, store_id, name, scope, zones, blind, status, joined_id, created_at, approved_at';
const INDIVIDUAL_COLUMNS = 'id, individual_no, article_id, store_id, status, location, acquisition_value_ore';

async function countFacts(batch: WriteBatch, stocktakeId: string, articleId: string | null): Promise<CountFacts> {
  const { rows } = await batch.tx.query<StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM stocktake WHERE id = $1 OR id = (SELECT joined_id FROM stocktake WHERE id = $1) ORDER BY id FOR SHARE`,
    [stocktakeId],
    { name: 'stocktake.count.stocktake' },
  );
  const own = rows.find((r) => r.id === stocktakeId);
  const target = own?.joined_id ? (rows.find((r) => r.id === own.joined_id) ?? null) : null;
  let article: CountFacts['article'] = null;
  if (articleId !== null) {
    const a = await batch.tx.query<{ id: string; article_no: string; article_type: ArticleType; tracked_individually: boolean }>(
      'SELECT id, article_no, article_type, tracked_individually FROM article WHERE id = $1',
      [articleId],
      { name: 'stocktake.count.article' },
    );
    const r = a.rows[0];
    article = r ? { id: r.id, articleNo: r.article_no, articleType: r.article_type, trackedIndividually: r.tracked_individually } : null;
  }
  return { stocktake: own ? stocktakeRef(own, target) : null, article };
}

/**
 * The stocktake's rows as the client's store sees them (individuals outside its scope are unknown there too).
 * Exported for the tests and the bench, which read central's merge the way the approval does.
 */
export async function stocktakeRows(q: Queryable, stocktakeId: string, storeId: string): Promise<StocktakeRows | null> {
  const { rows: stocktakes } = await q.query<StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM stocktake WHERE id = $1 OR joined_id = $1 OR id = (SELECT joined_id FROM stocktake WHERE id = $1)`,
    [stocktakeId],
    { name: 'stocktake.rows.family' },
  );
  const own = stocktakes.find((s) => s.id === stocktakeId);
  if (!own || own.store_id !== storeId) return null;
  const ids = stocktakes.filter((s) => s.id === stocktakeId || s.joined_id === stocktakeId).map((s) => s.id);
  const { rows: counts } = await q.query<StocktakeRows['counts'][number]>(
    `SELECT id, zone_id, kind, article_id, individual_id, code, quantity, source, user_id, client_id, workstation, at
     FROM stocktake_count WHERE stocktake_id = ANY($1::text[])`,
    [ids],
    { name: 'stocktake.rows.counts' },
  );
  const { rows: last } = await q.query<{ at: string | null }>(
    "SELECT max(approved_at) AS at FROM stocktake WHERE store_id = $1 AND status = 'approved' AND approved_at < $2",
    [storeId, own.created_at],
    { name: 'stocktake.rows.lastApproved' },
  );
  const since = last[0]?.at ?? '';
  const first = earliestCount(counts);
  const balances = await q.query<StocktakeRows['balances'][number]>('SELECT article_id, on_hand FROM stock_balance WHERE store_id = $1', [storeId], {
    name: 'stocktake.rows.balances',
  });
  const ledger = await q.query<StocktakeRows['ledger'][number]>(
    `SELECT s.article_id, s.in_qty, s.out_qty, o.reason AS last_reason, o.reference AS last_reference, o.at AS last_at
     FROM (SELECT article_id, sum(CASE WHEN quantity > 0 THEN quantity ELSE 0 END)::int AS in_qty, sum(CASE WHEN quantity < 0 THEN -quantity ELSE 0 END)::int AS out_qty
           FROM stock_movement WHERE store_id = $1 AND at > $2 GROUP BY article_id) s
     LEFT JOIN (SELECT DISTINCT ON (article_id) article_id, reason, reference, at FROM stock_movement
                WHERE store_id = $1 AND at > $2 AND quantity < 0 ORDER BY article_id, at DESC) o ON o.article_id = s.article_id`,
    [storeId, since],
    { name: 'stocktake.rows.ledger' },
  );
  const movements =
    first === null
      ? { rows: [] as StocktakeRows['movements'] }
      : await q.query<StocktakeRows['movements'][number]>('SELECT article_id, individual_id, quantity, reason, reference, at FROM stock_movement WHERE store_id = $1 AND at >= $2', [storeId, first], {
          name: 'stocktake.rows.movements',
        });
  const held = await q.query<StocktakeRows['individuals'][number]>(`SELECT ${INDIVIDUAL_COLUMNS} FROM individual WHERE store_id = $1 AND status = ANY($2::text[])`, [storeId, HELD_STATUSES], {
    name: 'stocktake.rows.held',
  });
  const individuals = new Map(held.rows.map((i) => [i.id, i]));
  const byNo = new Set(held.rows.map((i) => i.individual_no));
  const wantedIds = new Set<string>();
  for (const m of movements.rows) if (m.individual_id !== null && !individuals.has(m.individual_id)) wantedIds.add(m.individual_id);
  const wantedNos = new Set<string>();
  for (const c of counts) {
    if (c.individual_id !== null && !individuals.has(c.individual_id)) wantedIds.add(c.individual_id);
    if (c.kind === 'scan' && c.code !== null && !byNo.has(c.code)) wantedNos.add(c.code);
  }
  if (wantedIds.size > 0 || wantedNos.size > 0) {
    const { rows } = await q.query<StocktakeRows['individuals'][number]>(
      `SELECT ${INDIVIDUAL_COLUMNS} FROM individual WHERE (id = ANY($1::text[]) OR individual_no = ANY($2::text[])) AND $3 = ANY(scope_store_ids)`,
      [[...wantedIds], [...wantedNos], storeId],
      { name: 'stocktake.rows.individuals' },
    );
    for (const i of rows) individuals.set(i.id, i);
  }
  const articleIds = new Set<string>();
  for (const b of balances.rows) articleIds.add(b.article_id);
  for (const l of ledger.rows) articleIds.add(l.article_id);
  for (const i of individuals.values()) articleIds.add(i.article_id);
  for (const c of counts) if (c.article_id !== null) articleIds.add(c.article_id);
  const { rows: articles } = await q.query<StocktakeRows['articles'][number]>(
    'SELECT id, article_no, name, article_type, iso_code, tracked_individually, price_ore, unit FROM article WHERE id = ANY($1::text[])',
    [[...articleIds]],
    { name: 'stocktake.rows.articles' },
  );
  return { stocktakes, counts, balances: balances.rows, ledger: ledger.rows, movements: movements.rows, individuals: [...individuals.values()], articles };
}

export const stocktakeServerMutations: ServerMutationGroup<'stocktake'> = {
  'stocktake.create': {
    locks: (args) => [{ table: 'store', id: args.storeId }],
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ id: string; name: string; scope: string; created_at: string }>(
        "SELECT id, name, scope, created_at FROM stocktake WHERE store_id = $1 AND status = 'counting' ORDER BY created_at, id",
        [args.storeId],
        { name: 'stocktake.create.open' },
      );
      return { open: rows.map((o) => ({ id: o.id, name: o.name, scope: parseScope(o.scope), createdAt: o.created_at })) };
    },
  },
  'stocktake.count': { facts: (batch, args) => countFacts(batch, args.stocktakeId, args.articleId) },
  'stocktake.assignZone': { facts: (batch, args) => countFacts(batch, args.stocktakeId, null) },
  'stocktake.approve': {
    locks: (args) => [{ table: 'stocktake', id: args.stocktakeId }],
    async facts(batch, args, _actor, storeId) {
      const read = await stocktakeRows(batch.tx, args.stocktakeId, storeId);
      const own = read?.stocktakes.find((s) => s.id === args.stocktakeId);
      if (!read || !own) return { stocktake: null, investigationStoreId: null, merge: null };
      const target = own.joined_id ? (read.stocktakes.find((s) => s.id === own.joined_id) ?? null) : null;
      // The region's investigation store (region setting storeNumbers).
      const investigationStoreId = await batchRegionStore(batch, 'investigation');
      return { stocktake: { ...stocktakeRef(own, target), createdAt: own.created_at }, investigationStoreId, merge: mergeFactsOf(args.stocktakeId, read) };
    },
  },
  'stocktake.resolveInvestigation': {
    locks: (args) => [{ table: 'individual', id: args.individualId }],
    async facts(batch, args, _actor, storeId) {
      const { rows } = await batch.tx.query<{ id: string; individual_no: string; article_id: string; article_no: string; status: IndividualStatus; store_id: string | null }>(
        `SELECT i.id, i.individual_no, i.article_id, a.article_no, i.status, i.store_id FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.id = $1 AND $2 = ANY(i.scope_store_ids)`,
        [args.individualId, storeId],
        { name: 'stocktake.resolveInvestigation.facts' },
      );
      const i = rows[0];
      return { individual: i ? { id: i.id, individualNo: i.individual_no, articleId: i.article_id, articleNo: i.article_no, status: i.status, storeId: i.store_id } : null };
    },
  },
};
