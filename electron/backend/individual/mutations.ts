import type { IndividualFacts } from '../../../shared/domain/individual/mutations';
import type { IndividualStatus } from '../../../shared/domain/model';
import { articleFactsReader, articleNoReader } from '../article/facts';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { regionSettingsOf } from '../region-settings/settings';

interface IndividualRow {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

/** The workstation half of the individual mutations: their facts from the replica, and what they say in the conflicts list. */
export function individualLocalMutations(db: Db): LocalMutationGroup<'individual'> {
  const article = articleFactsReader(db);
  const articleNo = articleNoReader(db);
  const byId = db.prepare<[string], IndividualRow>('SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ?');
  const numberTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM individual WHERE individual_no = ?');
  const individual = (id: string): IndividualFacts | null => {
    const r = byId.get(id);
    return r ? { id: r.id, individualNo: r.individual_no, articleId: r.article_id, status: r.status, storeId: r.store_id } : null;
  };
  const shown = (id: string) => byId.get(id)?.individual_no ?? null;
  return {
    'individual.register': {
      facts: (args) => ({ article: article(args.articleId), individualNoTaken: numberTaken.get(args.individualNo) !== undefined, registration: regionSettingsOf(db).individualRegistration }),
      describe: (args) => `Registrering av individ ${args.individualNo} på artikel ${articleNo(args.articleId)}`,
    },
    'individual.changeNumber': {
      facts: (args) => ({ individual: individual(args.individualId), newNumberTaken: numberTaken.get(args.newIndividualNo) !== undefined }),
      describe: (args) => {
        const current = shown(args.individualId);
        return `Byte av individnummer${current ? ` för ${current}` : ''} till ${args.newIndividualNo}`;
      },
    },
    'individual.addText': {
      facts: (args) => ({ individual: individual(args.individualId) }),
      describe: (args) => {
        const current = shown(args.individualId);
        return `Text på individ${current ? ` ${current}` : ''}: "${args.text.length > 60 ? `${args.text.slice(0, 57)}…` : args.text}"`;
      },
    },
  };
}
