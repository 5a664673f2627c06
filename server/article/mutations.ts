import type { ServerMutationGroup } from '../mutations';
import { ARTICLE_FACTS_SQL, toArticleFacts } from './facts';

/** Server half of the article mutations: linking a GTIN met at goods receipt to its article. */
export const articleServerMutations: ServerMutationGroup<'article'> = {
  'article.linkGtin': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ article: unknown; linked_id: string | null; linked_no: string | null }>(
        `SELECT ${ARTICLE_FACTS_SQL('$1')} AS article, g.article_id AS linked_id, a.article_no AS linked_no
         FROM (SELECT 1) one LEFT JOIN article_gtin g ON g.gtin = $2 LEFT JOIN article a ON a.id = g.article_id`,
        [args.articleId, args.gtin],
        { name: 'article.linkGtin.facts' },
      );
      const r = rows[0]!;
      return { article: toArticleFacts(r.article), linkedTo: r.linked_id ? { articleId: r.linked_id, articleNo: r.linked_no ?? r.linked_id } : null };
    },
  },
};
