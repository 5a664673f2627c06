import { articleFactsReader, articleNoReader } from '../article/facts';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

/** The workstation half of the stock mutations. */
export function stockLocalMutations(db: Db): LocalMutationGroup<'stock'> {
  const article = articleFactsReader(db);
  const articleNo = articleNoReader(db);
  const onHand = db.prepare<[string, string], { on_hand: number }>('SELECT on_hand FROM stock_balance WHERE store_id = ? AND article_id = ?');
  return {
    'stock.adjust': {
      facts: (args) => ({ article: article(args.articleId), onHand: onHand.get(args.storeId, args.articleId)?.on_hand ?? 0 }),
      describe: (args) => `Saldojustering ${args.quantity > 0 ? '+' : ''}${args.quantity} på artikel ${articleNo(args.articleId)} (${args.reason})`,
    },
    'stock.setLevel': {
      facts: (args) => ({ article: article(args.articleId) }),
      describe: (args) => `Min/max för artikel ${articleNo(args.articleId)}: ${args.minLevel}–${args.maxLevel}`,
    },
  };
}
