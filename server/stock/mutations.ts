import { decideStockAdjustment } from '../../shared/domain/mutations';
import type { Target } from '../sync/batch';
import { gatherFacts } from '../sync/facts';
import { duplicateId, idArg, type ServerMutation } from '../sync/mutation';

/** A stock adjustment with a reason, by a store admin: the shared rule decides, the ledger records. */
const adjust: ServerMutation<'stock.adjust'> = {
  async decide(batch, args, actor, at) {
    const facts = await gatherFacts(batch, { articleId: args.articleId, movementId: args.movementId });
    const decision = decideStockAdjustment(args, { actor, article: facts.article, at });
    if (!decision.ok) return decision;
    return facts.movementIdTaken ? duplicateId() : decision;
  },
  targets(args, storeId) {
    const t: Target[] = [];
    const movementId = idArg(args, 'movementId');
    const articleId = idArg(args, 'articleId');
    if (movementId) t.push({ table: 'stock_movement', id: movementId });
    if (articleId) t.push({ table: 'stock_balance', id: `${storeId}|${articleId}` });
    return t;
  },
};

export const stockMutations = { 'stock.adjust': adjust };
