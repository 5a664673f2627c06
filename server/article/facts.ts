import type { ArticleFacts } from '../../shared/domain/article/facts';
import type { AidCategory, ArticleStatus } from '../../shared/domain/model';

/** An article as the rules see it, selected as JSON by the features' facts queries. */
export const ARTICLE_FACTS_SQL = (idParam: string) =>
  `(SELECT row_to_json(a) FROM (SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = ${idParam}) a)`;

interface ArticleJson {
  id: string;
  article_no: string;
  tracked_individually: boolean;
  aid_category: AidCategory;
  article_status: ArticleStatus;
}

/** PGlite and pg both hand row_to_json back parsed or as text: accept both. */
export function toArticleFacts(raw: unknown): ArticleFacts | null {
  const a = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ArticleJson | null;
  return a ? { id: a.id, articleNo: a.article_no, trackedIndividually: a.tracked_individually, aidCategory: a.aid_category, articleStatus: a.article_status } : null;
}
