import type { IndividualFacts } from '../../shared/domain/individual/mutations';
import type { IndividualStatus } from '../../shared/domain/model';
import { ARTICLE_FACTS_SQL, toArticleFacts } from '../article/facts';
import type { ArticleFacts } from '../../shared/domain/article/facts';
import type { ServerMutationGroup } from '../mutations';
import type { WriteBatch } from '../sync/batch';
import { batchRegionSettings } from '../region-settings/settings';

/** Server half of the individual mutations: their facts from PostgreSQL (the shared rules decide). */

interface IndividualJson {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

/** An individual as the client's store sees it: outside the store's scope it is unknown there. */
const INDIVIDUAL_SQL = (idParam: string, storeParam: string) =>
  `(SELECT row_to_json(i) FROM (SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ${idParam} AND ${storeParam} = ANY(scope_store_ids)) i)`;

function toIndividualFacts(raw: unknown): IndividualFacts | null {
  const i = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IndividualJson | null;
  return i ? { id: i.id, individualNo: i.individual_no, articleId: i.article_id, status: i.status, storeId: i.store_id } : null;
}

/**
 * A batch's mutations read their articles, individuals and taken numbers in one query per kind up
 * front (prefetch). What the batch itself writes is not in that picture: a row the batch has
 * touched is read again, and a number is taken when the batch has given it out or, if the
 * prefetch said so, when the database still says so.
 */
const articleKey = (id: string) => `article|${id}`;
const numberKey = (no: string) => `individual.no|${no}`;
const individualKey = (id: string) => `individual|${id}`;

async function prefetchArticles(batch: WriteBatch, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)].filter((id) => !batch.cache.has(articleKey(id)));
  if (wanted.length === 0) return;
  const { rows } = await batch.tx.query<{ id: string; article: unknown }>(
    `SELECT k.id, ${ARTICLE_FACTS_SQL('k.id')} AS article FROM unnest($1::text[]) AS k(id)`,
    [wanted],
    { name: 'individual.prefetchArticles' },
  );
  for (const r of rows) batch.cache.set(articleKey(r.id), toArticleFacts(r.article));
}

async function prefetchNumbers(batch: WriteBatch, numbers: readonly string[]): Promise<void> {
  const wanted = [...new Set(numbers)];
  const { rows } = await batch.tx.query<{ individual_no: string }>('SELECT individual_no FROM individual WHERE individual_no = ANY($1::text[])', [wanted], {
    name: 'individual.prefetchNumbers',
  });
  const taken = new Set(rows.map((r) => r.individual_no));
  for (const no of wanted) batch.cache.set(numberKey(no), taken.has(no));
}

async function prefetchIndividuals(batch: WriteBatch, ids: readonly string[], storeId: string): Promise<void> {
  const wanted = [...new Set(ids)];
  const { rows } = await batch.tx.query<{ id: string; individual: unknown }>(
    `SELECT k.id, ${INDIVIDUAL_SQL('k.id', '$2')} AS individual FROM unnest($1::text[]) AS k(id)`,
    [wanted, storeId],
    { name: 'individual.prefetchIndividuals' },
  );
  for (const r of rows) batch.cache.set(individualKey(r.id), toIndividualFacts(r.individual));
}

async function article(batch: WriteBatch, id: string): Promise<ArticleFacts | null> {
  if (!batch.cache.has(articleKey(id))) await prefetchArticles(batch, [id]);
  return (batch.cache.get(articleKey(id)) as ArticleFacts | null | undefined) ?? null;
}

async function numberTaken(batch: WriteBatch, no: string): Promise<boolean> {
  if (batch.hasWrittenUnique('individual', 'individual_no', no)) return true;
  // Free at the start of the batch stays free unless the batch gave it out (above) or another
  // transaction takes it meanwhile (its insert then fails and the batch is retried).
  if (batch.cache.get(numberKey(no)) === false) return false;
  const { rows } = await batch.tx.query<{ taken: boolean }>('SELECT EXISTS (SELECT 1 FROM individual WHERE individual_no = $1) AS taken', [no], {
    name: 'individual.numberTaken',
  });
  return rows[0]!.taken;
}

async function individual(batch: WriteBatch, id: string, storeId: string): Promise<IndividualFacts | null> {
  const key = individualKey(id);
  if (batch.cache.has(key) && !batch.hasTouched('individual', id)) return batch.cache.get(key) as IndividualFacts | null;
  const { rows } = await batch.tx.query<{ individual: unknown }>(`SELECT ${INDIVIDUAL_SQL('$1', '$2')} AS individual`, [id, storeId], {
    name: 'individual.facts',
  });
  return toIndividualFacts(rows[0]!.individual);
}

export const individualServerMutations: ServerMutationGroup<'individual'> = {
  'individual.register': {
    async prefetch(batch, args) {
      await prefetchArticles(
        batch,
        args.map((a) => a.articleId),
      );
      await prefetchNumbers(
        batch,
        args.map((a) => a.individualNo),
      );
    },
    async facts(batch, args) {
      return {
        article: await article(batch, args.articleId),
        individualNoTaken: await numberTaken(batch, args.individualNo),
        registration: (await batchRegionSettings(batch)).individualRegistration,
      };
    },
  },
  'individual.changeNumber': {
    locks: (args) => [{ table: 'individual', id: args.individualId }],
    async facts(batch, args, _actor, storeId) {
      return { individual: await individual(batch, args.individualId, storeId), newNumberTaken: await numberTaken(batch, args.newIndividualNo) };
    },
  },
  'individual.addText': {
    async prefetch(batch, args, storeId) {
      await prefetchIndividuals(
        batch,
        args.map((a) => a.individualId),
        storeId,
      );
    },
    async facts(batch, args, _actor, storeId) {
      return { individual: await individual(batch, args.individualId, storeId) };
    },
  },
};
