import { describe, expect, it } from 'vitest';
import { contract, type HandlerName } from '../../../shared/api/contract';
import type { IncomingDelivery, ReceiptView } from '../../../shared/api/goods-receipt';
import type { Transport } from '../../../shared/api/transport';
import { applyReceiptScan, draftMissing, draftTotal, editDraft, lineComplete, type ReceiptDraft, type ResolvedReceiptScan } from '../../../shared/domain/goods-receipt/draft';
import { parseWholeKronor } from '../../../shared/domain/order/rules';
import { err, ok, type Result } from '../../../shared/result';
import { createReceiptStore } from './receiptStore';

/**
 * A workstation backend in miniature for one purchase order: the receipt draft is kept and changed
 * by the same shared rules the real handlers use (applyReceiptScan, editDraft, draftMissing), and
 * every call and answer is checked against the contract's schemas, so the store is tested against
 * what the real transport would carry.
 */
function fakeBackend() {
  const PO = 'po-1';
  let n = 0;
  const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  let status: ReceiptView['status'] = 'delivered';
  let closed: ReceiptView['closed'] = null;
  let draft: ReceiptDraft = {
    purchaseOrderId: PO,
    receiptId: uuid(),
    updatedAt: '2026-11-22T10:00:00.000Z',
    lines: [
      { lineNo: 1, articleId: 'A10001', articleNo: '10001', name: 'Gåbock med hjul 50 cm', tracked: true, ordered: 2, received: 0, orderedPriceOre: 711_700, priceOre: null, movementId: uuid(), units: [] },
      { lineNo: 2, articleId: 'A10007', articleNo: '10007', name: 'Toalettförhöjning', tracked: false, ordered: 3, received: 0, orderedPriceOre: 45_050, priceOre: null, movementId: uuid(), units: [] },
    ],
  };
  const view = (): ReceiptView => {
    const missing = draftMissing(draft);
    return {
      purchaseOrderId: PO,
      purchaseOrderNo: '26485001',
      orderId: 'order-1',
      orderNo: '26480007',
      provisionalNo: 'P50301-AB12-0001',
      status,
      supplierName: 'Etac Sverige AB',
      storeId: '50301',
      storeName: 'Buffertlager Exempelby kommun',
      createdAt: '2026-11-20T09:00:00Z',
      deliveredAt: '2026-11-21T12:00:00Z',
      lines: draft.lines.map((l) => ({ ...l, complete: lineComplete(l) })),
      totalOre: draftTotal(draft),
      ready: missing.length === 0,
      missing,
      numbersLeft: 10,
      updatedAt: draft.updatedAt,
      closed,
    };
  };
  const resolve = (text: string): ResolvedReceiptScan | null => {
    const gs1 = /^01(\d{14})21(.+)$/.exec(text);
    if (gs1) return { kind: 'article', articleId: 'A10001', articleNo: '10001', serialNo: gs1[2]!, batch: null, expiry: null };
    const line = draft.lines.find((l) => l.articleNo === text);
    if (line) return { kind: 'article', articleId: line.articleId, articleNo: line.articleNo, serialNo: null, batch: null, expiry: null };
    if (/^\d{7}$/.test(text)) return { kind: 'individualNo', individualNo: text };
    return null;
  };
  const at = () => '2026-11-22T10:05:00.000Z';
  const openOnly = (): Result<null> => (status === 'delivered' ? ok(null) : err('already-received', 'Inköpsorder 26485001 är redan kvitterad.'));

  const handlers: Partial<Record<HandlerName, (args: Record<string, unknown>) => Result<unknown>>> = {
    'goodsReceipt.incoming': () => ok([] satisfies IncomingDelivery[]),
    'goodsReceipt.find': ({ number }) =>
      number === '26480007' ? ok({ purchaseOrderId: PO, orderId: 'order-1', kind: 'direct' }) : err('not-found', `Ingen leverans till lagret har order- eller inköpsordernummer ${String(number)}.`),
    'goodsReceipt.open': () => ok(view()),
    'goodsReceipt.scan': ({ text }) => {
      const open = openOnly();
      if (!open.ok) return open;
      const resolved = resolve(String(text));
      if (!resolved) return ok({ view: view(), outcome: 'refused', lineNo: null, message: `Artikelnummer ${String(text)} finns inte i sortimentet.` });
      const applied = applyReceiptScan(draft, resolved, { individualId: uuid(), movementId: uuid() }, at());
      if (!applied.ok) return ok({ view: view(), outcome: 'refused', lineNo: null, message: applied.error.message });
      draft = applied.value.draft;
      return ok({ view: view(), outcome: 'ok', lineNo: applied.value.lineNo, message: applied.value.message });
    },
    'goodsReceipt.edit': ({ edit }) => {
      const e = edit as { kind: string; lineNo: number; price?: string };
      if (e.kind === 'price') {
        const price = parseWholeKronor(e.price ?? '');
        if (!price.ok) return price;
        const next = editDraft(draft, { kind: 'price', lineNo: e.lineNo, priceOre: price.value }, at());
        if (!next.ok) return next;
        draft = next.value;
        return ok(view());
      }
      const next = editDraft(draft, edit as Parameters<typeof editDraft>[1], at());
      if (!next.ok) return next;
      draft = next.value;
      return ok(view());
    },
    'goodsReceipt.takeNumbers': () => {
      let next = 9_200_000;
      draft = { ...draft, lines: draft.lines.map((l) => ({ ...l, units: l.units.map((u) => (u.individualNo === null ? { ...u, individualNo: String(next++), numberSource: 'block' as const } : u)) })) };
      return ok(view());
    },
    'goodsReceipt.approve': () => {
      const open = openOnly();
      if (!open.ok) return open;
      const partial = draft.lines.find((l) => l.received < l.ordered);
      if (partial) {
        return err('partial-line', `Rad ${partial.lineNo} (artikel ${partial.articleNo}): ${partial.received} av ${partial.ordered}. Delkvittens av en rad går inte: vänta med kvittensen tills hela antalet har levererats.`);
      }
      status = 'received';
      closed = { outcome: 'approved', at: at(), userName: 'Ahmed Lagerman', reason: null };
      return ok({ mutationId: 7, id: draft.receiptId });
    },
    'goodsReceipt.cancel': ({ reason }) => {
      const open = openOnly();
      if (!open.ok) return open;
      status = 'cancelled';
      closed = { outcome: 'cancelled', at: at(), userName: 'Ahmed Lagerman', reason: String(reason) };
      return ok({ mutationId: 8, id: uuid() });
    },
  };

  const calls: { name: HandlerName; args: Record<string, unknown> }[] = [];
  /** While held, answers wait until released (a slow backend). */
  let held: (() => void)[] | null = null;
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const input = contract[name].input.safeParse(args);
      if (!input.success) throw new Error(`${name}: the store sent what the contract refuses: ${input.error.message}`);
      if (held) await new Promise<void>((resolve) => held!.push(resolve));
      const handler = handlers[name];
      if (!handler) throw new Error(`${name} is not expected here`);
      const result = handler(input.data as Record<string, unknown>);
      if (result.ok) {
        const output = contract[name].output.safeParse(result.value);
        if (!output.success) throw new Error(`${name}: the fake answered outside the contract: ${output.error.message}`);
      }
      return result;
    }) as Transport['invoke'],
    on: (() => () => {}) as Transport['on'],
  };
  return {
    PO,
    transport,
    calls,
    hold: () => (held = []),
    release: () => {
      const waiting = held ?? [];
      held = null;
      waiting.forEach((r) => r());
    },
    waitingCount: () => held?.length ?? 0,
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('Kvittens: every scan enters through receiptStore.scan', () => {
  it('a scan ticks its line and says so in green; a scan that does not fit is refused in red and changes nothing', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    expect(store.getState().view?.ready).toBe(false);

    await store.getState().scan('0107350000000019' + '21SN-1');
    expect(store.getState().lastScan).toMatchObject({ outcome: 'ok', lineNo: 1, message: expect.stringContaining('Rad 1 (10001): 1 av 2') });
    expect(store.getState().view?.lines[0]?.units).toEqual([expect.objectContaining({ serialNo: 'SN-1', individualNo: null })]);

    await store.getState().scan('0107350000000019' + '21SN-1');
    expect(store.getState().lastScan).toMatchObject({ outcome: 'refused', lineNo: null, message: expect.stringContaining('SN-1') });
    expect(store.getState().view?.lines[0]?.received).toBe(1);

    // The manual field sends the same way; an empty text sends nothing.
    const before = backend.calls.length;
    await store.getState().scan('   ');
    expect(backend.calls.length).toBe(before);
  });

  it('scans are sent one at a time, in the order they came, however fast the scanner is', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    backend.hold();
    const first = store.getState().scan('10007');
    const second = store.getState().scan('10007');
    await settle();
    // The second scan waits for the first answer before it is sent.
    expect(backend.calls.filter((c) => c.name === 'goodsReceipt.scan')).toHaveLength(1);
    backend.release();
    await first;
    await second;
    expect(backend.calls.filter((c) => c.name === 'goodsReceipt.scan')).toHaveLength(2);
    expect(store.getState().lastScan).toMatchObject({ outcome: 'ok', lineNo: 2, message: 'Rad 2 (10007): 2 av 3.' });
    expect(store.getState().lastScan?.seq).toBeGreaterThan(1);
  });
});

describe('Kvittens by hand', () => {
  it('a price with öre is refused at its own field; whole kronor are taken and the total follows', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    for (let i = 0; i < 3; i++) await store.getState().scan('10007');

    const refused = await store.getState().setPrice(2, '450,50');
    expect(refused.ok).toBe(false);
    expect(store.getState().fieldErrors['price:2']).toEqual({ text: 'Ange priset i hela kronor, utan ören eller decimaltecken (avrunda).' });
    expect(store.getState().fieldErrors['price:1']).toBeUndefined();

    await store.getState().setPrice(2, '1 250');
    expect(store.getState().fieldErrors['price:2']).toBeUndefined();
    // Line 1 has no units yet; line 2: 3 × 1 250 kr.
    expect(store.getState().view?.totalOre).toBe(3 * 125_000);
  });

  it('a negative quantity is refused before anything is sent; a quantity over the ordered one is refused by the rule', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    const before = backend.calls.length;
    await store.getState().setQuantity(2, -1);
    expect(backend.calls.length).toBe(before);
    expect(store.getState().fieldErrors['quantity:2']).toEqual({ key: 'receipt.errors.quantityInvalid' });
    await store.getState().setQuantity(2, 4);
    expect(store.getState().fieldErrors['quantity:2']).toEqual({ text: expect.stringContaining('fler än de 3 beställda') });
    await store.getState().setQuantity(2, 3);
    expect(store.getState().fieldErrors['quantity:2']).toBeUndefined();
    expect(store.getState().view?.lines[1]?.complete).toBe(true);
  });

  it('Godkänn with a partial line shows the refusal; complete, it confirms with the individuals it created and the receipt is closed', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    await store.getState().scan('0107350000000019' + '21SN-1');
    await store.getState().setQuantity(2, 3);

    expect(await store.getState().approve()).toBe(false);
    expect(store.getState().actionError).toEqual({ text: expect.stringContaining('Delkvittens av en rad går inte') });
    expect(store.getState().approved).toBeNull();

    await store.getState().scan('0107350000000019' + '21SN-2');
    await store.getState().takeNumbers();
    expect(store.getState().view?.lines[0]?.units.map((u) => u.individualNo)).toEqual(['9200000', '9200001']);
    expect(store.getState().view?.ready).toBe(true);

    expect(await store.getState().approve()).toBe(true);
    expect(store.getState().actionError).toBeNull();
    expect(store.getState().approved).toMatchObject({
      purchaseOrderNo: '26485001',
      individuals: [
        { lineNo: 1, articleNo: '10001', individualNo: '9200000', serialNo: 'SN-1' },
        { lineNo: 1, articleNo: '10001', individualNo: '9200001', serialNo: 'SN-2' },
      ],
    });
    expect(store.getState().view?.closed).toMatchObject({ outcome: 'approved' });
    // The last scan's message belonged to the open receipt.
    expect(store.getState().lastScan).toBeNull();
    // A scan into a received delivery is refused with the backend's words.
    await store.getState().scan('10007');
    expect(store.getState().lastScan).toMatchObject({ outcome: 'refused', message: 'Inköpsorder 26485001 är redan kvitterad.' });
  });

  it('Makulera needs a reason (nothing is sent without one) and shows who cancelled and why', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().open(backend.PO);
    const refused = await store.getState().cancel('  ');
    expect(refused.ok).toBe(false);
    expect(backend.calls.some((c) => c.name === 'goodsReceipt.cancel')).toBe(false);
    expect((await store.getState().cancel('Fel levererat')).ok).toBe(true);
    expect(store.getState().view?.closed).toMatchObject({ outcome: 'cancelled', reason: 'Fel levererat', userName: 'Ahmed Lagerman' });
  });
});

describe('Godsmottagning', () => {
  it('lists unreceived direct deliveries of everyone by default; the two choices change the query', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    await store.getState().loadIncoming();
    expect(backend.calls.at(-1)).toEqual({ name: 'goodsReceipt.incoming', args: { onlyUnreceived: true, mine: false } });
    store.getState().setIncomingQuery({ onlyUnreceived: false });
    store.getState().setIncomingQuery({ mine: true });
    await settle();
    expect(backend.calls.at(-1)).toEqual({ name: 'goodsReceipt.incoming', args: { onlyUnreceived: false, mine: true } });
  });

  it('the number on the delivery note opens the delivery; an empty or unknown number says why', async () => {
    const backend = fakeBackend();
    const store = createReceiptStore(backend.transport, () => {});
    const empty = await store.getState().find('  ');
    expect(empty.ok).toBe(false);
    expect(store.getState().findError).toBe('Ange ordernummer eller inköpsordernummer.');
    expect(backend.calls).toEqual([]);
    const unknown = await store.getState().find('26489999');
    expect(unknown.ok).toBe(false);
    expect(store.getState().findError).toContain('26489999');
    const found = await store.getState().find(' 26480007 ');
    expect(found).toEqual({ ok: true, value: { purchaseOrderId: backend.PO, orderId: 'order-1', kind: 'direct' } });
    expect(store.getState().findError).toBeNull();
  });
});
