import { describe, expect, it } from 'vitest';
import { contract, type HandlerName } from '../../../shared/api/contract';
import type { OrderArticleView, OrderTemplate, SuggestionRow } from '../../../shared/api/order';
import type { Transport } from '../../../shared/api/transport';
import { orderRefusal, orderWarning, splitBySupplier } from '../../../shared/domain/order/rules';
import { err, ok, type Result } from '../../../shared/result';
import { createOrderStore } from './orderStore';

const article = (no: string, supplierId: string | null, status: OrderArticleView['articleStatus'] = 'active'): OrderArticleView => ({
  articleId: `A${no}`,
  articleNo: no,
  name: `Artikel ${no}`,
  unit: 'st',
  articleStatus: status,
  trackedIndividually: false,
  supplierId,
  supplierName: supplierId ? `Leverantör ${supplierId}` : null,
  priceOre: 10_000,
  warning: orderWarning({ articleNo: no, articleStatus: status }),
  refusal: orderRefusal({ articleNo: no, articleStatus: status }),
  available: 0,
});

const ARTICLES = [article('10001', 'S010'), article('10003', 'S003'), article('10004', 'S003', 'phasingOut'), article('10005', 'S001', 'gone')];
const byCode = (code: string) => ARTICLES.find((a) => a.articleNo === code || `0${a.articleNo}`.padStart(14, '0') === code);

/**
 * The replenishment handlers in miniature: lines split per supplier by the shared rule, the
 * answer's message as the backend words it; calls and answers checked against the contract.
 */
function fakeBackend(options: { suggestion?: SuggestionRow[]; templates?: OrderTemplate[] } = {}) {
  const calls: { name: HandlerName; args: Record<string, unknown> }[] = [];
  let seq = 0;
  const handlers: Partial<Record<HandlerName, (args: Record<string, unknown>) => Result<unknown>>> = {
    'order.suggestion': () => ok({ days: 90, rows: options.suggestion ?? [] }),
    'order.article': ({ code }) => {
      const a = byCode(String(code));
      return a ? ok(a) : err('not-found', `Ingen artikel med artikelnummer eller streckkod ${String(code)} finns i sortimentet.`);
    },
    'order.create': ({ kind, lines }) => {
      const input = lines as { articleId: string; quantity: number }[];
      const groups = kind === 'replenishment' ? splitBySupplier(input, (id) => ARTICLES.find((a) => a.articleId === id)!.supplierId) : [{ supplierId: null, lines: input }];
      const orders = groups.map((g) => ({
        orderId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
        provisionalNo: `P50301-AB12-${String(seq).padStart(4, '0')}`,
        supplierName: g.supplierId ? `Leverantör ${g.supplierId}` : null,
        lines: g.lines.length,
        mutationId: seq,
      }));
      const message =
        orders.length === 1
          ? `Lagerpåfyllnad ${orders[0]!.provisionalNo} är registrerad. Centralen ger den ett ordernummer vid nästa synk.`
          : `Raderna gällde ${orders.length} leverantörer och delades upp i ${orders.length} lagerpåfyllnader, en per leverantör: ` +
            orders.map((o) => `${o.provisionalNo} (${o.supplierName})`).join(', ') +
            '.';
      return ok({ orders, message, warnings: [] });
    },
    'order.list': () => ok([]),
    'orderTemplate.list': () => ok(options.templates ?? []),
    'orderTemplate.save': () => ok({ mutationId: 1, id: '00000000-0000-4000-8000-000000000099' }),
    'stock.levels': () => ok([]),
    'stock.setLevel': ({ articleId }) => ok({ mutationId: 2, id: String(articleId) }),
  };
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const input = contract[name].input.safeParse(args);
      if (!input.success) throw new Error(`${name}: the store sent what the contract refuses: ${input.error.message}`);
      const result = handlers[name]!(input.data as Record<string, unknown>);
      if (result.ok && !contract[name].output.safeParse(result.value).success) throw new Error(`${name}: the fake answered outside the contract`);
      return result;
    }) as Transport['invoke'],
    on: (() => () => {}) as Transport['on'],
  };
  return { transport, calls };
}

const suggestionRow = (a: OrderArticleView, quantity: number): SuggestionRow => ({ ...a, quantity, onOrder: 0, minLevel: 2, maxLevel: quantity, issuedLast90Days: 4 });

describe('Lagerpåfyllnad: the cart', () => {
  it('the suggestion fills the cart ticked, with its levels and issues; fetched again, nothing doubles', async () => {
    const backend = fakeBackend({ suggestion: [suggestionRow(ARTICLES[0]!, 5), suggestionRow(ARTICLES[1]!, 3)] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadSuggestion();
    expect(store.getState().lines.map((l) => [l.article.articleNo, l.quantity, l.ticked, l.suggestion?.issuedLast90Days])).toEqual([
      ['10001', 5, true, 4],
      ['10003', 3, true, 4],
    ]);
    store.getState().setQuantity('A10001', 7);
    await store.getState().loadSuggestion();
    expect(store.getState().lines.map((l) => [l.article.articleNo, l.quantity])).toEqual([
      ['10001', 7],
      ['10003', 3],
    ]);
  });

  it('Ny: an article number or GTIN adds a line; the same article again adds to it; utgången is refused, utgående warned', async () => {
    const backend = fakeBackend();
    const store = createOrderStore(backend.transport, () => {});
    expect((await store.getState().addArticle('10001', 2)).ok).toBe(true);
    expect((await store.getState().addArticle('00000000010001')).ok).toBe(true);
    expect(store.getState().lines.map((l) => [l.article.articleNo, l.quantity])).toEqual([['10001', 3]]);
    expect(store.getState().addFeedback).toMatchObject({ kind: 'added', articleNo: '10001', total: 3, warning: null });

    const gone = await store.getState().addArticle('10005');
    expect(gone.ok).toBe(false);
    expect(store.getState().addFeedback).toEqual({ kind: 'refused', message: { text: 'Artikel 10005 är utgången och kan inte beställas.' } });
    expect(store.getState().lines).toHaveLength(1);

    await store.getState().addArticle('10004');
    expect(store.getState().addFeedback).toMatchObject({ kind: 'added', warning: expect.stringContaining('utgående') });

    await store.getState().addArticle('99999');
    expect(store.getState().addFeedback).toEqual({ kind: 'refused', message: { text: expect.stringContaining('99999') } });
    // An empty field is refused by the contract's own words, without a call.
    const calls = backend.calls.length;
    await store.getState().addArticle('  ');
    expect(backend.calls.length).toBe(calls);
    expect(store.getState().addFeedback).toEqual({ kind: 'refused', message: { text: 'Ange ett artikelnummer eller skanna artikeln.' } });
  });

  it('a template adds its lines (quantities add up); an utgången line comes unticked and cannot be ticked', async () => {
    const template: OrderTemplate = {
      templateId: '00000000-0000-4000-8000-000000000001',
      name: 'Veckopåfyllnad',
      updatedAt: '2026-11-20T09:00:00Z',
      userName: 'Lena Tekniker',
      lines: [
        { ...ARTICLES[0]!, quantity: 4 },
        { ...ARTICLES[3]!, quantity: 1 },
      ],
    };
    const backend = fakeBackend({ templates: [template] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadTemplates();
    await store.getState().addArticle('10001', 1);
    store.getState().addTemplate(template.templateId);
    expect(store.getState().lines.map((l) => [l.article.articleNo, l.quantity, l.ticked])).toEqual([
      ['10001', 5, true],
      ['10005', 1, false],
    ]);
    store.getState().setTicked('A10005', true);
    store.getState().setAllTicked(true);
    expect(store.getState().lines.find((l) => l.article.articleNo === '10005')?.ticked).toBe(false);
  });

  it('Registrera sends the ticked lines only; two suppliers are split and the answer is kept; ordered lines leave the cart', async () => {
    const backend = fakeBackend({ suggestion: [suggestionRow(ARTICLES[0]!, 5), suggestionRow(ARTICLES[1]!, 3), suggestionRow(ARTICLES[2]!, 2)] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadSuggestion();
    store.getState().setTicked('A10004', false);
    const result = await store.getState().register();
    expect(result.ok).toBe(true);
    expect(backend.calls.find((c) => c.name === 'order.create')?.args).toEqual({
      kind: 'replenishment',
      lines: [
        { articleId: 'A10001', quantity: 5 },
        { articleId: 'A10003', quantity: 3 },
      ],
    });
    expect(store.getState().created?.message).toMatch(/delades upp i 2 lagerpåfyllnader, en per leverantör: P50301-AB12-0001 \(Leverantör S010\), P50301-AB12-0002 \(Leverantör S003\)/);
    expect(store.getState().lines.map((l) => l.article.articleNo)).toEqual(['10004']);
    // The list of orders is fetched again.
    expect(backend.calls.at(-1)?.name).toBe('order.list');
  });

  it('nothing ticked, or a quantity that is not valid, is said before anything is sent', async () => {
    const backend = fakeBackend({ suggestion: [suggestionRow(ARTICLES[0]!, 5)] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadSuggestion();
    store.getState().setAllTicked(false);
    await store.getState().register();
    expect(store.getState().registerError).toEqual({ key: 'order.cart.errors.noLines' });

    store.getState().setAllTicked(true);
    store.getState().setQuantity('A10001', null);
    await store.getState().register();
    expect(store.getState().lineErrors).toEqual({ A10001: { key: 'order.cart.errors.quantityMissing' } });
    store.getState().setQuantity('A10001', 20_000);
    await store.getState().register();
    expect(store.getState().lineErrors).toEqual({ A10001: { text: expect.stringMatching(/^Antalet får vara högst 10\s000 på en rad\.$/) } });
    expect(backend.calls.some((c) => c.name === 'order.create')).toBe(false);

    store.getState().setQuantity('A10001', 5);
    expect(store.getState().lineErrors).toEqual({});
    store.getState().setKind('stockTransfer');
    await store.getState().register();
    expect(backend.calls.find((c) => c.name === 'order.create')?.args.kind).toBe('stockTransfer');
  });
});

describe('Lagerpåfyllnad: Börja från', () => {
  it('switching the source starts the cart over; Förslag fetches the suggestion again', async () => {
    const backend = fakeBackend({ suggestion: [suggestionRow(ARTICLES[0]!, 5)] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadSuggestion();
    store.getState().setSource('new');
    expect(store.getState().lines).toEqual([]);
    await store.getState().addArticle('10003', 2);
    store.getState().setSource('suggestion');
    expect(store.getState().lines).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().lines.map((l) => l.article.articleNo)).toEqual(['10001']);
  });
});

describe('Lagerpåfyllnad: nothing is ordered twice by fetching the suggestion again', () => {
  it('removed and just ordered articles stay out of the cart until it starts over', async () => {
    const backend = fakeBackend({ suggestion: [suggestionRow(ARTICLES[0]!, 5), suggestionRow(ARTICLES[1]!, 3)] });
    const store = createOrderStore(backend.transport, () => {});
    await store.getState().loadSuggestion();
    store.getState().removeLine('A10003');
    await store.getState().register();
    expect(store.getState().lines).toEqual([]);
    await store.getState().loadSuggestion();
    expect(store.getState().lines).toEqual([]);
    store.getState().clearCart();
    await store.getState().loadSuggestion();
    expect(store.getState().lines.map((l) => l.article.articleNo)).toEqual(['10001', '10003']);
  });
});
