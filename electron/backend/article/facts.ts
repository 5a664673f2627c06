import type { ArticleFacts } from '../../../shared/domain/article/facts';
import type { AidCategory, ArticleStatus } from '../../../shared/domain/model';
import type { Db } from '../db/replica';

interface ArticleRow {
  id: string;
  article_no: string;
  tracked_individually: number;
  aid_category: AidCategory;
  article_status: ArticleStatus;
}

/** An article as the rules see it, from the replica (null: not in the assortment). */
export function articleFactsReader(db: Db): (articleId: string) => ArticleFacts | null {
  const stmt = db.prepare<[string], ArticleRow>('SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = ?');
  return (articleId) => {
    const r = stmt.get(articleId);
    return r
      ? { id: r.id, articleNo: r.article_no, trackedIndividually: r.tracked_individually === 1, aidCategory: r.aid_category, articleStatus: r.article_status }
      : null;
  };
}

/** An article's number for a person to read (the id when the article is unknown). */
export function articleNoReader(db: Db): (articleId: string) => string {
  const stmt = db.prepare<[string], { article_no: string }>('SELECT article_no FROM article WHERE id = ?');
  return (articleId) => stmt.get(articleId)?.article_no ?? articleId;
}
