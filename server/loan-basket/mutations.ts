import type { HandleFacts, LendFacts } from '../../shared/domain/loan-basket/mutations';
import type { IndividualStatus } from '../../shared/domain/model';
import { toArticleFacts } from '../article/facts';
import type { ServerMutationGroup } from '../mutations';

/**
 * Server half of the loan-basket mutations. The store's balances and the individuals a basket
 * lends or hands out are locked for the batch (the rules decide on them); a balance is the
 * database's value plus what the batch itself has added.
 */
export const loanBasketServerMutations: ServerMutationGroup<'loanBasket'> = {
  'loanBasket.lend': {
    locks: (args, storeId) => [
      ...[...new Set(args.lines.map((l) => l.articleId))].map((a) => ({ table: 'stock_balance' as const, id: `${storeId}|${a}` })),
      ...args.lines.filter((l) => l.individualId).map((l) => ({ table: 'individual' as const, id: l.individualId! })),
    ],
    async facts(batch, args) {
      const articleIds = [...new Set(args.lines.map((l) => l.articleId))];
      const individualIds = args.lines.map((l) => l.individualId).filter((i): i is string => i !== null);
      const { rows } = await batch.tx.query<{ articles: unknown; individuals: unknown }>(
        `SELECT
           (SELECT json_agg(json_build_object('article', row_to_json(a), 'on_hand', b.on_hand, 'reserved', b.reserved))
            FROM (SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = ANY($1::text[])) a
            LEFT JOIN stock_balance b ON b.store_id = $3 AND b.article_id = a.id) AS articles,
           (SELECT json_agg(json_build_object('id', i.id, 'article_id', i.article_id, 'individual_no', i.individual_no, 'status', i.status, 'store_id', i.store_id))
            FROM individual i WHERE i.id = ANY($2::text[])) AS individuals`,
        [articleIds, individualIds, args.storeId],
        { name: 'loanBasket.lend.facts' },
      );
      const parse = <T>(raw: unknown): T[] => ((typeof raw === 'string' ? JSON.parse(raw) : raw) as T[] | null) ?? [];
      const facts: LendFacts = { articles: {}, balances: {}, individuals: {} };
      for (const r of parse<{ article: unknown; on_hand: number | null; reserved: number | null }>(rows[0]!.articles)) {
        const a = toArticleFacts(r.article);
        if (!a) continue;
        const key = { store_id: args.storeId, article_id: a.id };
        facts.articles[a.id] = a;
        facts.balances[a.id] = {
          onHand: (r.on_hand ?? 0) + batch.pendingCount('stock_balance', key, 'on_hand'),
          reserved: (r.reserved ?? 0) + batch.pendingCount('stock_balance', key, 'reserved'),
        };
      }
      for (const i of parse<{ id: string; article_id: string; individual_no: string; status: IndividualStatus; store_id: string | null }>(rows[0]!.individuals)) {
        facts.individuals[i.id] = { articleId: i.article_id, individualNo: i.individual_no, status: i.status, storeId: i.store_id };
      }
      return facts;
    },
  },
  'loanBasket.handle': {
    locks: (args) => [{ table: 'loan_basket', id: args.basketId }, ...args.actions.map((a) => ({ table: 'loan_basket_line' as const, id: a.lineId }))],
    async facts(batch, args): Promise<HandleFacts> {
      const { rows } = await batch.tx.query<{ basket: unknown; recipient: unknown }>(
        `SELECT
           (SELECT json_build_object('store_id', k.store_id, 'prescriber_id', k.prescriber_id, 'status', k.status,
              'lines', (SELECT json_agg(json_build_object('id', l.id, 'line_no', l.line_no, 'article_id', l.article_id, 'article_no', a.article_no,
                 'individual_id', l.individual_id, 'quantity', l.quantity, 'status', l.status) ORDER BY l.line_no)
               FROM loan_basket_line l JOIN article a ON a.id = l.article_id WHERE l.basket_id = k.id))
            FROM loan_basket k WHERE k.id = $1) AS basket,
           (SELECT json_build_object('id', r.id, 'kind', r.kind) FROM recipient r WHERE r.id = $2) AS recipient`,
        [args.basketId, args.recipientId],
        { name: 'loanBasket.handle.facts' },
      );
      const parse = <T>(raw: unknown): T | null => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T | null));
      type BasketJson = {
        store_id: string;
        prescriber_id: string;
        status: 'open' | 'closed';
        lines: { id: string; line_no: number; article_id: string; article_no: string; individual_id: string | null; quantity: number; status: 'lent' | 'prescribed' | 'returned' }[] | null;
      };
      const b = parse<BasketJson>(rows[0]!.basket);
      const r = parse<{ id: string; kind: 'patient' | 'careUnit' }>(rows[0]!.recipient);
      return {
        basket: b
          ? {
              storeId: b.store_id,
              prescriberId: b.prescriber_id,
              status: b.status,
              lines: (b.lines ?? []).map((l) => ({ id: l.id, lineNo: l.line_no, articleId: l.article_id, articleNo: l.article_no, individualId: l.individual_id, quantity: l.quantity, status: l.status })),
            }
          : null,
        recipient: r,
      };
    },
  },
};
