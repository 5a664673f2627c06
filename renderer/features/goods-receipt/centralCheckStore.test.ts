import { describe, expect, it } from 'vitest';
import { contract, type HandlerName } from '../../../shared/api/contract';
import type { CentralDeliveryView } from '../../../shared/api/goods-receipt';
import type { Transport } from '../../../shared/api/transport';
import { err, ok, type Result } from '../../../shared/result';
import { classifyScan } from '../../../shared/scan';
import { createCentralCheckStore, differingLines } from './centralCheckStore';

/** The backend of one shipped central delivery, answering within the contract. */
function fakeBackend() {
  const ORDER = 'order-c';
  const deviations: CentralDeliveryView['deviations'] = [];
  const view = (): CentralDeliveryView => ({
    orderId: ORDER,
    orderNo: '26480009',
    provisionalNo: 'P50301-AB12-0003',
    shippedAt: '2026-11-21T07:00:00Z',
    lines: [
      { lineNo: 1, articleId: 'A10001', articleNo: '10001', name: 'Rollator Cross', quantity: 2, trackedIndividually: true, gtins: ['07350000000016'] },
      { lineNo: 2, articleId: 'A10007', articleNo: '10007', name: 'Toalettförhöjning', quantity: 4, trackedIndividually: false, gtins: ['07350000000023'] },
    ],
    deviations: [...deviations],
  });
  const handlers: Partial<Record<HandlerName, (args: Record<string, unknown>) => Result<unknown>>> = {
    'goodsReceipt.centralDelivery': ({ orderId }) => (orderId === ORDER ? ok(view()) : err('not-found', 'Ordern finns inte för det här lagret.')),
    'goodsReceipt.reportDeviation': ({ text }) => {
      deviations.push({ at: '2026-11-22T10:05:00.000Z', userName: 'Ahmed Lagerman', text: String(text) });
      return ok({ mutationId: 9, id: 'dev-1' });
    },
  };
  const calls: { name: HandlerName; args: Record<string, unknown> }[] = [];
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const input = contract[name].input.safeParse(args);
      if (!input.success) throw new Error(`${name}: the store sent what the contract refuses: ${input.error.message}`);
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
  return { ORDER, transport, calls };
}

const scan = (text: string) => classifyScan(text);

describe('Kontroll av leverans från centrallagret: every scan counts on its line', () => {
  it('an article number, a GS1 code or a bare GTIN-13 counts one on its line; past the delivered quantity it still counts but says so', async () => {
    const backend = fakeBackend();
    const store = createCentralCheckStore(backend.transport, () => {});
    await store.getState().open(backend.ORDER);
    expect(store.getState().counted).toEqual({ 1: 0, 2: 0 });

    expect(store.getState().scan(scan('10001'))).toMatchObject({ outcome: 'ok', lineNo: 1, message: { key: 'centralDelivery.scan.counted', values: { counted: 1, expected: 2 } } });
    // GS1 with a serial number: the GTIN decides the line.
    expect(store.getState().scan(scan('0107350000000016' + '21SN-1'))).toMatchObject({ outcome: 'ok', lineNo: 1, message: { values: { counted: 2, expected: 2 } } });
    // A bare GTIN-13 (no leading zero) is the same GTIN-14.
    expect(store.getState().scan(scan('7350000000023'))).toMatchObject({ outcome: 'ok', lineNo: 2 });
    expect(store.getState().scan(scan('10001'))).toMatchObject({ outcome: 'over', lineNo: 1, message: { key: 'centralDelivery.scan.over', values: { counted: 3, expected: 2 } } });
    expect(store.getState().counted).toEqual({ 1: 3, 2: 1 });
    // Counting is a check, not a write: nothing but the opening went to the backend.
    expect(backend.calls.map((c) => c.name)).toEqual(['goodsReceipt.centralDelivery']);
  });

  it('a code of no line is refused with the code and changes nothing; with no delivery open the scan passes on', async () => {
    const backend = fakeBackend();
    const store = createCentralCheckStore(backend.transport, () => {});
    expect(store.getState().scan(scan('10001'))).toBeNull();
    await store.getState().open(backend.ORDER);
    expect(store.getState().scan(scan('14540'))).toMatchObject({ outcome: 'refused', lineNo: null, message: { key: 'centralDelivery.scan.noLine', values: { code: '14540' } } });
    expect(store.getState().scan(scan('xyz'))).toMatchObject({ outcome: 'refused', lineNo: null });
    expect(store.getState().counted).toEqual({ 1: 0, 2: 0 });
    const seq = store.getState().lastScan?.seq ?? 0;
    store.getState().scan(scan('14540'));
    expect(store.getState().lastScan?.seq).toBeGreaterThan(seq);
  });

  it('a count typed by hand replaces the scanned one; lines that differ are the ones counted otherwise than delivered', async () => {
    const backend = fakeBackend();
    const store = createCentralCheckStore(backend.transport, () => {});
    await store.getState().open(backend.ORDER);
    const view = store.getState().view!;
    expect(differingLines(view, store.getState().counted).map((l) => l.lineNo)).toEqual([1, 2]);
    store.getState().setCounted(1, 2);
    store.getState().setCounted(2, 4);
    expect(differingLines(view, store.getState().counted)).toEqual([]);
    store.getState().setCounted(2, -1);
    store.getState().setCounted(2, 1.5);
    expect(store.getState().counted[2]).toBe(4);
    store.getState().setCounted(2, 3);
    expect(differingLines(view, store.getState().counted).map((l) => l.lineNo)).toEqual([2]);
  });

  it('Rapportera avvikelse needs a description; it sends every line with delivered and counted, then lists the deviation', async () => {
    const backend = fakeBackend();
    const store = createCentralCheckStore(backend.transport, () => {});
    await store.getState().open(backend.ORDER);
    store.getState().setCounted(1, 2);
    store.getState().setCounted(2, 3);

    expect((await store.getState().report('   ')).ok).toBe(false);
    expect(store.getState().reportError).toEqual({ key: 'centralDelivery.report.textMissing' });
    expect((await store.getState().report('x'.repeat(501))).ok).toBe(false);
    expect(store.getState().reportError).toEqual({ key: 'centralDelivery.report.textTooLong', values: { max: 500 } });
    expect(backend.calls.some((c) => c.name === 'goodsReceipt.reportDeviation')).toBe(false);

    expect((await store.getState().report(' En toalettförhöjning saknades. ')).ok).toBe(true);
    expect(backend.calls.find((c) => c.name === 'goodsReceipt.reportDeviation')?.args).toEqual({
      orderId: backend.ORDER,
      text: 'En toalettförhöjning saknades.',
      lines: [
        { articleId: 'A10001', expected: 2, counted: 2 },
        { articleId: 'A10007', expected: 4, counted: 3 },
      ],
    });
    expect(store.getState()).toMatchObject({ reported: true, reportError: null, reporting: false });
    expect(store.getState().view?.deviations).toEqual([expect.objectContaining({ text: 'En toalettförhöjning saknades.', userName: 'Ahmed Lagerman' })]);
    // The reload after the report keeps the count.
    expect(store.getState().counted).toEqual({ 1: 2, 2: 3 });
  });

  it('an unknown order shows the backend refusal; another delivery starts from zero', async () => {
    const backend = fakeBackend();
    const store = createCentralCheckStore(backend.transport, () => {});
    await store.getState().open(backend.ORDER);
    store.getState().scan(scan('10001'));
    await store.getState().open('order-x');
    expect(store.getState()).toMatchObject({ view: null, counted: {}, lastScan: null, viewError: { message: 'Ordern finns inte för det här lagret.' } });
  });
});
