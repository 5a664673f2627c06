import type { HandleFacts, LendFacts } from '../../../shared/domain/loan-basket/mutations';
import type { IndividualStatus } from '../../../shared/domain/model';
import { articleFactsReader } from '../article/facts';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

/** The workstation half of the loan-basket mutations: facts from the replica. */
export function loanBasketLocalMutations(db: Db): LocalMutationGroup<'loanBasket'> {
  const article = articleFactsReader(db);
  const balance = db.prepare<[string, string], { on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM stock_balance WHERE store_id = ? AND article_id = ?');
  const individual = db.prepare<[string], { article_id: string; individual_no: string; status: IndividualStatus; store_id: string | null }>(
    'SELECT article_id, individual_no, status, store_id FROM individual WHERE id = ?',
  );
  const basket = db.prepare<[string], { store_id: string; prescriber_id: string; status: 'open' | 'closed' }>('SELECT store_id, prescriber_id, status FROM loan_basket WHERE id = ?');
  const lines = db.prepare<[string], { id: string; line_no: number; article_id: string; article_no: string; individual_id: string | null; quantity: number; status: 'lent' | 'prescribed' | 'returned' }>(
    'SELECT l.id, l.line_no, l.article_id, a.article_no, l.individual_id, l.quantity, l.status FROM loan_basket_line l JOIN article a ON a.id = l.article_id WHERE l.basket_id = ? ORDER BY l.line_no',
  );
  const recipient = db.prepare<[string], { id: string; kind: 'patient' | 'careUnit' }>('SELECT id, kind FROM recipient WHERE id = ?');
  return {
    'loanBasket.lend': {
      facts: (args) => {
        const facts: LendFacts = { articles: {}, balances: {}, individuals: {} };
        for (const l of args.lines) {
          facts.articles[l.articleId] = article(l.articleId) ?? undefined;
          const b = balance.get(args.storeId, l.articleId);
          facts.balances[l.articleId] = b ? { onHand: b.on_hand, reserved: b.reserved } : undefined;
          if (l.individualId) {
            const i = individual.get(l.individualId);
            facts.individuals[l.individualId] = i ? { articleId: i.article_id, individualNo: i.individual_no, status: i.status, storeId: i.store_id } : undefined;
          }
        }
        return facts;
      },
      describe: (args) => `Varukorg: ${args.lines.length} ${args.lines.length === 1 ? 'rad lånad' : 'rader lånade'}`,
    },
    'loanBasket.handle': {
      facts: (args): HandleFacts => {
        const b = basket.get(args.basketId);
        const r = args.recipientId ? recipient.get(args.recipientId) : undefined;
        return {
          basket: b
            ? {
                storeId: b.store_id,
                prescriberId: b.prescriber_id,
                status: b.status,
                lines: lines.all(args.basketId).map((l) => ({
                  id: l.id,
                  lineNo: l.line_no,
                  articleId: l.article_id,
                  articleNo: l.article_no,
                  individualId: l.individual_id,
                  quantity: l.quantity,
                  status: l.status,
                })),
              }
            : null,
          recipient: r ? { id: r.id, kind: r.kind } : null,
        };
      },
      describe: (args) => {
        const p = args.actions.filter((a) => a.action === 'prescribe').length;
        const r = args.actions.length - p;
        return `Varukorg: ${[p > 0 ? `${p} förskrivna` : '', r > 0 ? `${r} återlämnade` : ''].filter(Boolean).join(', ')}`;
      },
    },
  };
}
