import type { IndividualFacts } from '../../shared/domain/individual/mutations';
import type { IndividualStatus } from '../../shared/domain/model';
import { ARTICLE_FACTS_SQL, toArticleFacts } from '../article/facts';
import type { ServerMutationGroup } from '../mutations';

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

export const individualServerMutations: ServerMutationGroup<'individual'> = {
  'individual.register': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ article: unknown; no_taken: boolean }>(
        `SELECT ${ARTICLE_FACTS_SQL('$1')} AS article, EXISTS (SELECT 1 FROM individual WHERE individual_no = $2) AS no_taken`,
        [args.articleId, args.individualNo],
        { name: 'individual.register.facts' },
      );
      return { article: toArticleFacts(rows[0]!.article), individualNoTaken: rows[0]!.no_taken };
    },
  },
  'individual.changeNumber': {
    locks: (args) => [{ table: 'individual', id: args.individualId }],
    async facts(batch, args, _actor, storeId) {
      const { rows } = await batch.tx.query<{ individual: unknown; no_taken: boolean }>(
        `SELECT ${INDIVIDUAL_SQL('$1', '$2')} AS individual, EXISTS (SELECT 1 FROM individual WHERE individual_no = $3) AS no_taken`,
        [args.individualId, storeId, args.newIndividualNo],
        { name: 'individual.changeNumber.facts' },
      );
      return { individual: toIndividualFacts(rows[0]!.individual), newNumberTaken: rows[0]!.no_taken };
    },
  },
  'individual.addText': {
    async facts(batch, args, _actor, storeId) {
      const { rows } = await batch.tx.query<{ individual: unknown }>(`SELECT ${INDIVIDUAL_SQL('$1', '$2')} AS individual`, [args.individualId, storeId], {
        name: 'individual.addText.facts',
      });
      return { individual: toIndividualFacts(rows[0]!.individual) };
    },
  },
};
