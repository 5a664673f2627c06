import type { ArticleFacts, IndividualFacts } from '../../shared/domain/mutations';
import type { AidCategory, ArticleStatus, IndividualStatus } from '../../shared/domain/model';
import type { WriteBatch } from './batch';

/**
 * Facts for the shared rules, gathered from the central database in one round trip per mutation
 * (a push of 10,000 mutations is mostly round trips). Ids the batch itself has written but not
 * yet flushed count as taken too.
 */
export interface FactsQuery {
  articleId?: string;
  /** An individual as the client's store sees it (outside the store's scope it is "unknown"). */
  individual?: { id: string; storeId: string };
  individualNo?: string;
  newIndividualId?: string;
  movementId?: string;
  textId?: string;
}

export interface Facts {
  article: ArticleFacts | null;
  individual: IndividualFacts | null;
  individualNoTaken: boolean;
  individualIdTaken: boolean;
  movementIdTaken: boolean;
  textIdTaken: boolean;
}

interface ArticleJson {
  id: string;
  article_no: string;
  tracked_individually: boolean;
  aid_category: AidCategory;
  article_status: ArticleStatus;
}
interface IndividualJson {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

export async function gatherFacts(batch: WriteBatch, q: FactsQuery): Promise<Facts> {
  const { rows } = await batch.tx.query<{
    article: ArticleJson | null;
    individual: IndividualJson | null;
    no_taken: boolean;
    id_taken: boolean;
    movement_taken: boolean;
    text_taken: boolean;
  }>(
    `SELECT
       (SELECT row_to_json(a) FROM (SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = $1) a) AS article,
       (SELECT row_to_json(i) FROM (SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = $2 AND $3 = ANY(scope_store_ids)) i) AS individual,
       EXISTS (SELECT 1 FROM individual WHERE individual_no = $4) AS no_taken,
       EXISTS (SELECT 1 FROM individual WHERE id = $5) AS id_taken,
       EXISTS (SELECT 1 FROM stock_movement WHERE id = $6) AS movement_taken,
       EXISTS (SELECT 1 FROM individual_text WHERE id = $7) AS text_taken`,
    [
      q.articleId ?? null,
      q.individual?.id ?? null,
      q.individual?.storeId ?? null,
      q.individualNo ?? null,
      q.newIndividualId ?? null,
      q.movementId ?? null,
      q.textId ?? null,
    ],
    { name: 'sync.facts' },
  );
  const r = rows[0]!;
  const a = typeof r.article === 'string' ? (JSON.parse(r.article) as ArticleJson) : r.article;
  const i = typeof r.individual === 'string' ? (JSON.parse(r.individual) as IndividualJson) : r.individual;
  return {
    article: a ? { id: a.id, articleNo: a.article_no, trackedIndividually: a.tracked_individually, aidCategory: a.aid_category, articleStatus: a.article_status } : null,
    individual: i ? { id: i.id, individualNo: i.individual_no, articleId: i.article_id, status: i.status, storeId: i.store_id } : null,
    individualNoTaken: r.no_taken,
    individualIdTaken: r.id_taken,
    movementIdTaken: r.movement_taken || (q.movementId !== undefined && batch.wrote('stock_movement', q.movementId)),
    textIdTaken: r.text_taken || (q.textId !== undefined && batch.wrote('individual_text', q.textId)),
  };
}

/** Takes the row lock of an individual of the store (concurrent changes of one individual serialize). */
export async function lockIndividual(batch: WriteBatch, individualId: string, storeId: string): Promise<void> {
  await batch.tx.query('SELECT 1 FROM individual WHERE id = $1 AND $2 = ANY(scope_store_ids) FOR UPDATE', [individualId, storeId], { name: 'sync.lockIndividual' });
}
