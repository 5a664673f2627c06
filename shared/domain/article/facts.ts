import type { AidCategory, ArticleStatus } from '../model';

/** What the rules need to know of an article. */
export interface ArticleFacts {
  id: string;
  articleNo: string;
  trackedIndividually: boolean;
  aidCategory: AidCategory;
  articleStatus: ArticleStatus;
}
