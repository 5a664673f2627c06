import type { RegisterDeviationFacts } from '../../../shared/domain/deviation/mutations';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

/** The workstation half of the deviation mutations: facts from the replica. */
export function deviationLocalMutations(db: Db): LocalMutationGroup<'deviation'> {
  const article = db.prepare<[string], { article_no: string }>('SELECT article_no FROM article WHERE id = ?');
  const individual = db.prepare<[string], { article_id: string; individual_no: string }>('SELECT article_id, individual_no FROM individual WHERE id = ?');
  const recipient = db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE id = ?');
  const delivery = db.prepare<[string], { store_id: string; reported: number }>(
    'SELECT d.store_id, EXISTS (SELECT 1 FROM deviation v WHERE v.delivery_deviation_id = d.id) AS reported FROM delivery_deviation d WHERE d.id = ?',
  );
  return {
    'deviation.register': {
      facts: (args): RegisterDeviationFacts => {
        const facts: RegisterDeviationFacts = { articles: {}, individuals: {}, recipient: null, deliveryDeviation: null };
        for (const item of args.items) {
          const a = article.get(item.articleId);
          facts.articles[item.articleId] = a ? { articleNo: a.article_no } : undefined;
          if (item.individualId) {
            const i = individual.get(item.individualId);
            facts.individuals[item.individualId] = i ? { articleId: i.article_id, individualNo: i.individual_no } : undefined;
          }
        }
        if (args.recipientId) facts.recipient = recipient.get(args.recipientId) ?? null;
        if (args.deliveryDeviationId) {
          const d = delivery.get(args.deliveryDeviationId);
          facts.deliveryDeviation = d ? { storeId: d.store_id, reported: d.reported === 1 } : null;
        }
        return facts;
      },
      describe: (args) => `Avvikelse ${args.deviationNo}`,
    },
  };
}
