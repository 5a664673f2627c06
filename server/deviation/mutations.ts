import type { RegisterDeviationFacts } from '../../shared/domain/deviation/mutations';
import type { ServerMutationGroup } from '../mutations';

/** Server half of the deviation mutations: the articles, individuals, recipient and receipt difference it names, in one round trip. */
export const deviationServerMutations: ServerMutationGroup<'deviation'> = {
  'deviation.register': {
    async facts(batch, args): Promise<RegisterDeviationFacts> {
      const { rows } = await batch.tx.query<{ articles: unknown; individuals: unknown; recipient: unknown; delivery: unknown }>(
        `SELECT
           (SELECT json_agg(json_build_object('id', a.id, 'article_no', a.article_no)) FROM article a WHERE a.id = ANY($1::text[])) AS articles,
           (SELECT json_agg(json_build_object('id', i.id, 'article_id', i.article_id, 'individual_no', i.individual_no)) FROM individual i WHERE i.id = ANY($2::text[])) AS individuals,
           (SELECT json_build_object('id', r.id) FROM recipient r WHERE r.id = $3) AS recipient,
           (SELECT json_build_object('store_id', d.store_id, 'reported', EXISTS (SELECT 1 FROM deviation v WHERE v.delivery_deviation_id = d.id))
            FROM delivery_deviation d WHERE d.id = $4) AS delivery`,
        [args.items.map((i) => i.articleId), args.items.map((i) => i.individualId).filter((i): i is string => i !== null), args.recipientId, args.deliveryDeviationId],
        { name: 'deviation.register.facts' },
      );
      const parse = <T>(raw: unknown): T | null => (typeof raw === 'string' ? (JSON.parse(raw) as T) : ((raw as T | null) ?? null));
      const r = rows[0]!;
      const facts: RegisterDeviationFacts = { articles: {}, individuals: {}, recipient: parse<{ id: string }>(r.recipient), deliveryDeviation: null };
      for (const a of parse<{ id: string; article_no: string }[]>(r.articles) ?? []) facts.articles[a.id] = { articleNo: a.article_no };
      for (const i of parse<{ id: string; article_id: string; individual_no: string }[]>(r.individuals) ?? []) facts.individuals[i.id] = { articleId: i.article_id, individualNo: i.individual_no };
      const d = parse<{ store_id: string; reported: boolean }>(r.delivery);
      facts.deliveryDeviation = d ? { storeId: d.store_id, reported: d.reported } : null;
      return facts;
    },
  },
};
