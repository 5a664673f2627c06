import { randomUUID } from 'node:crypto';
import { parseArticleText } from '../../../shared/domain/article/search';
import { ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { OrderRepository } from '../order/repository';
import { stockReport } from './report';

export function stockHandlers(ctx: BackendContext): HandlerGroup<'stock'> {
  const orders = new OrderRepository(ctx.db);
  const report = stockReport(ctx);
  return {
    'stock.balances': ({ articleType, balance, text, offset, limit }) => {
      const terms = parseArticleText(text);
      if (!terms.ok) return terms;
      return ok(ctx.repos.stock.listBalances({ storeId: ctx.ownStoreId, articleType, balance, terms: terms.value }, offset, limit));
    },
    'stock.balancesCount': ({ articleType, balance, text }) => {
      const terms = parseArticleText(text);
      if (!terms.ok) return terms;
      return ok({ total: ctx.repos.stock.countBalances({ storeId: ctx.ownStoreId, articleType, balance, terms: terms.value }) });
    },
    /** The stock report (lagersaldorapport) PDF with the list's filters. */
    'stock.report': (input, user) => report(input, user),
    'stock.individuals': ({ status, offset, limit }) => ok(ctx.repos.individuals.listInStore(ctx.ownStoreId, status, offset, limit)),
    // A stock adjustment with a reason, by a store admin (rule in shared/domain/stock/mutations.ts).
    'stock.adjust': (input, user) => {
      const saved = ctx.writer.write('stock.adjust', { ...input, movementId: randomUUID(), storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: input.articleId }) : saved;
    },
    'stock.levels': ({ text, offset, limit }) => ok(orders.levelRows(ctx.ownStoreId, text.trim(), offset, limit)),
    // Min and max levels, by a store admin (rule in shared/domain/stock/mutations.ts).
    'stock.setLevel': (input, user) => {
      const saved = ctx.writer.write('stock.setLevel', { ...input, levelId: randomUUID(), storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: input.articleId }) : saved;
    },
  };
}
