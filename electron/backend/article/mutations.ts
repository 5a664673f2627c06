import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { articleFactsReader, articleNoReader } from './facts';

/** The workstation half of the article mutations. */
export function articleLocalMutations(db: Db): LocalMutationGroup<'article'> {
  const article = articleFactsReader(db);
  const articleNo = articleNoReader(db);
  const linked = db.prepare<[string], { article_id: string; article_no: string }>(
    'SELECT g.article_id, a.article_no FROM article_gtin g JOIN article a ON a.id = g.article_id WHERE g.gtin = ?',
  );
  return {
    'article.linkGtin': {
      facts: (args) => {
        const l = linked.get(args.gtin);
        return { article: article(args.articleId), linkedTo: l ? { articleId: l.article_id, articleNo: l.article_no } : null };
      },
      describe: (args) => `GTIN ${args.gtin} kopplad till artikel ${articleNo(args.articleId)}`,
    },
  };
}
