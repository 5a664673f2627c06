import { ARTICLE_FACTS_SQL, toArticleFacts } from '../article/facts';
import type { ServerMutationGroup } from '../mutations';

/**
 * Server half of the stock mutations. A batch's adjustments read their articles and the store's
 * balances in one query up front: articles are master data no mutation changes, and a balance is
 * the database's value at the start of the batch plus what the batch itself has added (counters
 * are written at its end), so the cache is exact for the whole batch.
 */
const cacheKey = (articleId: string, storeId: string) => `stock.adjust|${storeId}|${articleId}`;

export const stockServerMutations: ServerMutationGroup<'stock'> = {
  'stock.adjust': {
    async prefetch(batch, args) {
      const wanted = [...new Set(args.map((a) => `${a.storeId}|${a.articleId}`))];
      const stores = wanted.map((w) => w.slice(0, w.indexOf('|')));
      const articles = wanted.map((w) => w.slice(w.indexOf('|') + 1));
      const { rows } = await batch.tx.query<{ store_id: string; article_id: string; article: unknown; on_hand: number | null }>(
        `SELECT k.store_id, k.article_id, ${ARTICLE_FACTS_SQL('k.article_id')} AS article,
           (SELECT on_hand FROM stock_balance b WHERE b.store_id = k.store_id AND b.article_id = k.article_id) AS on_hand
         FROM unnest($1::text[], $2::text[]) AS k(store_id, article_id)`,
        [stores, articles],
        { name: 'stock.adjust.prefetch' },
      );
      for (const r of rows) batch.cache.set(cacheKey(r.article_id, r.store_id), { article: toArticleFacts(r.article), onHand: r.on_hand ?? 0 });
    },
    async facts(batch, args) {
      const key = { store_id: args.storeId, article_id: args.articleId };
      let read = batch.cache.get(cacheKey(args.articleId, args.storeId)) as { article: ReturnType<typeof toArticleFacts>; onHand: number } | undefined;
      if (!read) {
        const { rows } = await batch.tx.query<{ article: unknown; on_hand: number | null }>(
          `SELECT ${ARTICLE_FACTS_SQL('$1')} AS article, (SELECT on_hand FROM stock_balance WHERE store_id = $2 AND article_id = $1) AS on_hand`,
          [args.articleId, args.storeId],
          { name: 'stock.adjust.facts' },
        );
        read = { article: toArticleFacts(rows[0]!.article), onHand: rows[0]!.on_hand ?? 0 };
      }
      return { article: read.article, onHand: read.onHand + batch.pendingCount('stock_balance', key, 'on_hand') };
    },
  },
  'stock.setLevel': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ article: unknown }>(`SELECT ${ARTICLE_FACTS_SQL('$1')} AS article`, [args.articleId], { name: 'stock.setLevel.facts' });
      return { article: toArticleFacts(rows[0]!.article) };
    },
  },
};
