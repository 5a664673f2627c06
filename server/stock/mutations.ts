import { ARTICLE_FACTS_SQL, toArticleFacts } from '../article/facts';
import type { ServerMutationGroup } from '../mutations';

/** Server half of the stock mutations: the article and the store's balance, including what this batch has added. */
export const stockServerMutations: ServerMutationGroup<'stock'> = {
  'stock.adjust': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ article: unknown; on_hand: number | null }>(
        `SELECT ${ARTICLE_FACTS_SQL('$1')} AS article, (SELECT on_hand FROM stock_balance WHERE store_id = $2 AND article_id = $1) AS on_hand`,
        [args.articleId, args.storeId],
        { name: 'stock.adjust.facts' },
      );
      const key = { store_id: args.storeId, article_id: args.articleId };
      return { article: toArticleFacts(rows[0]!.article), onHand: (rows[0]!.on_hand ?? 0) + batch.pendingCount('stock_balance', key, 'on_hand') };
    },
  },
};
