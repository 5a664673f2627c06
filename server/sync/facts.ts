import type { ArticleFacts, IndividualFacts } from '../../shared/domain/mutations';
import type { AidCategory, ArticleStatus, IndividualStatus } from '../../shared/domain/model';
import type { Tx } from '../db/db';

/** Facts for the shared rules, gathered from the central database. */

export async function articleFacts(tx: Tx, articleId: string): Promise<ArticleFacts | null> {
  const { rows } = await tx.query<{ id: string; article_no: string; tracked_individually: boolean; aid_category: AidCategory; article_status: ArticleStatus }>(
    'SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = $1',
    [articleId],
  );
  const a = rows[0];
  return a
    ? { id: a.id, articleNo: a.article_no, trackedIndividually: a.tracked_individually, aidCategory: a.aid_category, articleStatus: a.article_status }
    : null;
}

/**
 * An individual as the client's store sees it: individuals outside the store's scope are
 * "unknown", so a workstation can neither touch nor probe another store's individuals.
 * `lock` takes the row lock, so concurrent changes of one individual serialize.
 */
export async function individualFacts(tx: Tx, individualId: string, storeId: string, lock: boolean): Promise<IndividualFacts | null> {
  const { rows } = await tx.query<{ id: string; individual_no: string; article_id: string; status: IndividualStatus; store_id: string | null }>(
    `SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = $1 AND $2 = ANY(scope_store_ids)${lock ? ' FOR UPDATE' : ''}`,
    [individualId, storeId],
  );
  const i = rows[0];
  return i ? { id: i.id, individualNo: i.individual_no, articleId: i.article_id, status: i.status, storeId: i.store_id } : null;
}

/** Which of the ids a mutation brings are already used (client-made UUIDs must be new). */
export async function idsTaken(tx: Tx, ids: { movement?: string; text?: string; individual?: string }): Promise<string[]> {
  const { rows } = await tx.query<{ movement: boolean; text: boolean; individual: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM stock_movement WHERE id = $1) AS movement,
            EXISTS (SELECT 1 FROM individual_text WHERE id = $2) AS text,
            EXISTS (SELECT 1 FROM individual WHERE id = $3) AS individual`,
    [ids.movement ?? null, ids.text ?? null, ids.individual ?? null],
  );
  const r = rows[0]!;
  return (['movement', 'text', 'individual'] as const).filter((k) => r[k]);
}
