import { randomUUID } from 'node:crypto';
import type { ArticleStatus, ArticleType, StoreKind } from '../../shared/domain/model';
import { replenish } from '../../shared/domain/order/mutations';
import { routeLines, type OrderArticle } from '../../shared/domain/order/rules';
import type { ServerMutationGroup } from '../mutations';
import type { WriteBatch } from '../sync/batch';
import { allocateCaseNumbers } from './numbers';
import { recipientOrderServerMutations } from './recipient-mutations';
import { batchRegionStore } from '../region-settings/settings';

/**
 * Server half of the order mutations. `order.replenish` is where central decides: the case number,
 * the route of each line (the central store when it has the quantity available, else purchase via
 * store 800, the shared `routeLines`) and the purchase order. The sending store's balances are
 * locked up front (`locks`, sorted with the batch's other locks), so two stores ordering the
 * central store's last units at once are decided one after the other on the real available
 * quantity; numbers come from server_counter (server/order/numbers.ts).
 */

interface OrderArticleJson {
  id: string;
  article_no: string;
  name: string;
  article_status: ArticleStatus;
  article_type: ArticleType;
  tracked_individually: boolean;
  supplier_id: string | null;
  price_ore: number;
}

/** PGlite and pg both hand json back parsed or as text: accept both. */
const json = <T>(raw: unknown): T => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T));

const ORDER_ARTICLES_SQL = (idsParam: string) =>
  `(SELECT json_agg(row_to_json(a)) FROM (SELECT id, article_no, name, article_status, article_type, tracked_individually, supplier_id, price_ore
     FROM article WHERE id = ANY(${idsParam})) a)`;

function toOrderArticles(raw: unknown): Record<string, OrderArticle | undefined> {
  const out: Record<string, OrderArticle | undefined> = {};
  for (const a of json<OrderArticleJson[] | null>(raw) ?? []) {
    out[a.id] = {
      id: a.id,
      articleNo: a.article_no,
      name: a.name,
      articleStatus: a.article_status,
      articleType: a.article_type,
      trackedIndividually: a.tracked_individually,
      supplierId: a.supplier_id,
      priceOre: a.price_ore,
    };
  }
  return out;
}

/** The version of a template in force: the latest by updated_at, then id (byte order, as SQLite compares). */
const CURRENT_TEMPLATE_SQL = `SELECT store_id, name, deleted FROM order_template WHERE template_id = $1
  ORDER BY updated_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT 1`;

async function currentTemplate(batch: WriteBatch, templateId: string) {
  const { rows } = await batch.tx.query<{ store_id: string; name: string; deleted: boolean }>(CURRENT_TEMPLATE_SQL, [templateId], { name: 'orderTemplate.current' });
  return rows[0] ?? null;
}

export const orderServerMutations: ServerMutationGroup<'order' | 'orderTemplate'> = {
  ...recipientOrderServerMutations,
  'order.replenish': {
    // The sending store's balances of the order's articles: the rule decides on their available
    // quantity and reserves from them.
    locks: (args) => args.lines.map((l) => ({ table: 'stock_balance', id: `${args.fromStoreId}|${l.articleId}` })),
    async facts(batch, args, actor, _storeId, { at }) {
      const ids = args.lines.map((l) => l.articleId);
      const { rows } = await batch.tx.query<{ from_kind: StoreKind | null; articles: unknown; balances: unknown }>(
        `SELECT (SELECT kind FROM store WHERE id = $1) AS from_kind,
                ${ORDER_ARTICLES_SQL('$2::text[]')} AS articles,
                (SELECT json_agg(json_build_object('article_id', article_id, 'on_hand', on_hand, 'reserved', reserved))
                   FROM stock_balance WHERE store_id = $1 AND article_id = ANY($2::text[])) AS balances`,
        [args.fromStoreId, ids],
        { name: 'order.replenish.facts' },
      );
      const row = rows[0]!;
      const facts = { articles: toOrderArticles(row.articles), fromStoreKind: row.from_kind, central: null };
      // A refusal does not depend on central's part: decided without it first, so a refused order
      // takes no case number (the series has no holes from refusals).
      if (!replenish.decide(args, facts, { actor, at }).ok) return facts;

      const available: Record<string, number> = {};
      for (const id of ids) available[id] = 0;
      for (const b of json<{ article_id: string; on_hand: number; reserved: number }[] | null>(row.balances) ?? []) {
        available[b.article_id] = b.on_hand - b.reserved;
      }
      for (const id of ids) {
        // What earlier mutations of this batch added (counters are written at its end).
        const key = { store_id: args.fromStoreId, article_id: id };
        available[id] = available[id]! + batch.pendingCount('stock_balance', key, 'on_hand') - batch.pendingCount('stock_balance', key, 'reserved');
      }
      // The region's purchase store (region setting storeNumbers).
      const purchaseStore = await batchRegionStore(batch, 'purchase');
      const toPurchase = routeLines(args.lines, new Map(Object.entries(available)), args.kind).includes('purchase') && purchaseStore !== null;
      const [orderNo, purchaseOrderNo] = await allocateCaseNumbers(batch.tx, at, toPurchase ? 2 : 1);
      return {
        ...facts,
        central: {
          orderNo: orderNo!,
          available,
          purchaseOrder: toPurchase ? { id: randomUUID(), purchaseOrderNo: purchaseOrderNo!, purchaseStoreId: purchaseStore! } : null,
        },
      };
    },
  },
  'orderTemplate.save': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ articles: unknown; store_id: string | null }>(
        `SELECT ${ORDER_ARTICLES_SQL('$1::text[]')} AS articles,
                (SELECT store_id FROM order_template WHERE template_id = $2 LIMIT 1) AS store_id`,
        [args.lines.map((l) => l.articleId), args.templateId],
        { name: 'orderTemplate.save.facts' },
      );
      return { articles: toOrderArticles(rows[0]!.articles), existingStoreId: rows[0]!.store_id };
    },
  },
  'orderTemplate.delete': {
    async facts(batch, args) {
      const current = await currentTemplate(batch, args.templateId);
      return { current: current && !current.deleted ? { storeId: current.store_id, name: current.name } : null };
    },
  },
};
