import { randomUUID } from 'node:crypto';
import { MAX_ORDER_LINES, replenishmentSuggestion, splitBySupplier, SUGGESTION_ISSUE_DAYS } from '../../../shared/domain/order/rules';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import type { PendingWrite } from '../sync/writer';
import { provisionalNumbers } from './numbers';
import { OrderRepository } from './repository';
import { recipientOrderHandlers } from './recipient-handlers';

const DAY_MS = 24 * 3600 * 1000;

export function orderHandlers(ctx: BackendContext): HandlerGroup<'order'> & HandlerGroup<'orderTemplate'> {
  const repo = new OrderRepository(ctx.db);
  const numbers = provisionalNumbers(ctx);
  return {
    ...recipientOrderHandlers(ctx),
    'order.suggestion': () => {
      const store = ctx.ownStoreId;
      const levels = repo.levelsInForce(store);
      const articles = new Map(levels.flatMap((l) => {
        const a = repo.article(store, l.articleId);
        return a ? [[l.articleId, a] as const] : [];
      }));
      const since = new Date(ctx.now().getTime() - SUGGESTION_ISSUE_DAYS * DAY_MS).toISOString();
      const rows = replenishmentSuggestion(
        levels,
        new Map([...articles].map(([id, a]) => [id, a.available])),
        repo.issuedSince(store, since),
        new Map([...articles].map(([id, a]) => [id, { articleNo: a.articleNo, articleStatus: a.articleStatus }])),
        repo.onOrder(store),
      );
      return ok({ days: SUGGESTION_ISSUE_DAYS, rows: rows.map((r) => ({ ...articles.get(r.articleId)!, ...r })) });
    },
    'order.article': ({ code }) => {
      const article = repo.articleByCode(ctx.ownStoreId, code);
      return article ? ok(article) : err('not-found', `Ingen artikel med artikelnummer eller streckkod ${code} finns i sortimentet.`);
    },
    'order.create': ({ kind, lines }, user) => {
      const store = ctx.ownStoreId;
      const from = repo.sendingStore(store);
      if (from === null) return err('no-central-store', 'Regionens centrallager saknas i lagrets data: synka och försök igen.');
      const articles = new Map<string, NonNullable<ReturnType<typeof repo.article>>>();
      for (const line of lines) {
        const article = repo.article(store, line.articleId);
        if (!article) return err('unknown-article', `Artikeln ${line.articleId} finns inte i sortimentet.`);
        if (article.refusal) return err('article-gone', article.refusal);
        articles.set(line.articleId, article);
      }
      const groups =
        kind === 'replenishment'
          ? splitBySupplier(lines, (id) => articles.get(id)!.supplierId)
          : splitBySupplier(lines, () => null).map((g) => ({ ...g, supplierId: null }));
      const tooLong = groups.find((g) => g.lines.length > MAX_ORDER_LINES);
      if (tooLong) return err('too-many-lines', `En order får ha högst ${MAX_ORDER_LINES} rader: dela upp beställningen i flera mindre.`);
      const taken = numbers.take(groups.length);
      const planned = groups.map((g, i) => ({ ...g, orderId: randomUUID(), provisionalNo: taken.numbers[i]! }));
      const writes: PendingWrite[] = planned.map((g) => ({
        name: 'order.replenish',
        args: { orderId: g.orderId, provisionalNo: g.provisionalNo, kind, storeId: store, fromStoreId: from, supplierId: g.supplierId, lines: g.lines },
      }));
      const saved = ctx.writer.writeAll(writes, user.id, taken.commit);
      if (!saved.ok) return saved;
      const supplierName = (g: (typeof planned)[number]) => (g.supplierId ? articles.get(g.lines[0]!.articleId)!.supplierName : null);
      const what = kind === 'stockTransfer' ? 'Lagerflytt' : 'Lagerpåfyllnad';
      const message =
        planned.length === 1
          ? `${what} ${planned[0]!.provisionalNo} är registrerad. Centralen ger den ett ordernummer vid nästa synk.`
          : `Raderna gällde ${planned.length} leverantörer och delades upp i ${planned.length} lagerpåfyllnader, en per leverantör: ` +
            planned.map((g) => `${g.provisionalNo} (${supplierName(g) ?? 'ingen leverantör'})`).join(', ') +
            '.';
      return ok({
        orders: planned.map((g, i) => ({ orderId: g.orderId, provisionalNo: g.provisionalNo, supplierName: supplierName(g), lines: g.lines.length, mutationId: saved.value[i]! })),
        message,
        warnings: [...articles.values()].flatMap((a) => (a.warning ? [a.warning] : [])),
      });
    },
    'order.list': ({ show, text, limit }) => ok(repo.orders(ctx.ownStoreId, show === 'open', text.trim(), limit)),
    'order.get': ({ id }) => {
      const order = repo.order(ctx.ownStoreId, id);
      return order ? ok(order) : err('not-found', 'Ordern finns inte i lagrets data.');
    },
    'orderTemplate.list': () => ok(repo.templates(ctx.ownStoreId)),
    'orderTemplate.save': ({ templateId, name, lines }, user) => {
      const id = templateId ?? randomUUID();
      const saved = ctx.writer.write('orderTemplate.save', { versionId: randomUUID(), templateId: id, storeId: ctx.ownStoreId, name, lines }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id }) : saved;
    },
    'orderTemplate.delete': ({ templateId }, user) => {
      const saved = ctx.writer.write('orderTemplate.delete', { versionId: randomUUID(), templateId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: templateId }) : saved;
    },
  };
}
