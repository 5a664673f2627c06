import { describe, expect, it } from 'vitest';
import { approve, cancel, type ReceiptFacts } from './mutations';

const actor = { userId: 'U1', userName: 'Lena', roles: ['technician' as const], storeIds: ['50301'] };
const ctx = { actor, at: '2026-11-22T10:00:00.000Z' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const facts = (over: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  purchaseOrder: { id: 'po', purchaseOrderNo: '26485001', orderId: 'o', orderNo: '26480001', storeId: '50301', status: 'delivered' },
  lines: [
    { lineNo: 1, articleId: 'T', quantity: 2, priceOre: 100_000, status: 'delivered' },
    { lineNo: 2, articleId: 'P', quantity: 3, priceOre: 0, status: 'delivered' },
  ],
  articles: {
    T: { id: 'T', articleNo: '111', trackedIndividually: true, aidCategory: 'A', articleStatus: 'active' },
    P: { id: 'P', articleNo: '222', trackedIndividually: false, aidCategory: 'A', articleStatus: 'active' },
  },
  takenIndividualNos: [],
  takenSerials: [],
  otherOpenLines: 0,
  otherDoneLines: 0,
  ...over,
});

const unit = (n: number, serial: string | null = `S${n}`) => ({ individualId: uuid(n), movementId: uuid(100 + n), individualNo: `910000${n}`, serialNo: serial });
const args = (over: { units?: ReturnType<typeof unit>[]; quantity?: number; price?: number } = {}) =>
  approve.args.parse({
    receiptId: uuid(999),
    purchaseOrderId: 'po',
    storeId: '50301',
    lines: [
      { lineNo: 1, quantity: 2, priceOre: 100_000, movementId: null, individuals: over.units ?? [unit(1), unit(2)] },
      { lineNo: 2, quantity: over.quantity ?? 3, priceOre: over.price ?? 5_000, movementId: uuid(500), individuals: [] },
    ],
  });
const code = (r: ReturnType<typeof approve.decide>) => (r.ok ? 'ok' : r.error.code);

describe('goodsReceipt.approve', () => {
  it('accepts a complete receipt: stock in, individuals in store, lines and purchase order received, order delivered', () => {
    const r = approve.decide(args(), facts(), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const tables = r.value.effects.map((e) => `${e.kind}:${e.table}`);
    expect(tables[0]).toBe('insert:goods_receipt');
    expect(tables.filter((t) => t === 'insert:individual')).toHaveLength(2);
    expect(tables.filter((t) => t === 'insert:stock_movement')).toHaveLength(3);
    expect(tables).toContain('update:purchase_order');
    expect(tables).toContain('update:customer_order');
    const receipt = r.value.effects[0]!;
    if (receipt.kind === 'insert' && receipt.table === 'goods_receipt') expect(receipt.row.total_ore).toBe(2 * 100_000 + 3 * 5_000);
  });

  it('refuses partial lines, more than ordered, zero prices, missing serials and taken numbers', () => {
    expect(code(approve.decide(args({ units: [unit(1)] }), facts(), ctx))).toBe('partial-line');
    expect(code(approve.decide(args({ quantity: 2 }), facts(), ctx))).toBe('partial-line');
    expect(code(approve.decide(args({ quantity: 4 }), facts(), ctx))).toBe('quantity-over-ordered');
    expect(code(approve.decide(args({ price: 0 }), facts(), ctx))).toBe('price-missing');
    expect(code(approve.decide(args({ units: [unit(1), unit(2, null)] }), facts(), ctx))).toBe('serial-missing');
    expect(code(approve.decide(args({ units: [unit(1), { ...unit(2), individualNo: '9100001' }] }), facts(), ctx))).toBe('duplicate-individual-no');
    expect(code(approve.decide(args(), facts({ takenIndividualNos: ['9100002'] }), ctx))).toBe('duplicate-individual-no');
    expect(code(approve.decide(args({ units: [unit(1), { ...unit(2), serialNo: 'S1' }] }), facts(), ctx))).toBe('duplicate-serial');
    expect(code(approve.decide(args(), facts({ takenSerials: [{ articleId: 'T', serialNo: 'S2' }] }), ctx))).toBe('duplicate-serial');
  });

  it('refuses a purchase order already received (a second workstation) or cancelled, or of another store', () => {
    const po = facts().purchaseOrder!;
    expect(code(approve.decide(args(), facts({ purchaseOrder: { ...po, status: 'received' } }), ctx))).toBe('already-received');
    expect(code(approve.decide(args(), facts({ purchaseOrder: { ...po, status: 'cancelled' } }), ctx))).toBe('purchase-order-cancelled');
    expect(code(approve.decide(args(), facts({ purchaseOrder: { ...po, storeId: '402' } }), ctx))).toBe('unknown-purchase-order');
    expect(code(approve.decide(args(), facts({ purchaseOrder: null }), ctx))).toBe('unknown-purchase-order');
  });

  it('refuses öre in the args schema', () => {
    const parsed = approve.args.safeParse({ ...args(), lines: [{ ...args().lines[1]!, priceOre: 5_050 }] });
    expect(parsed.success).toBe(false);
  });

  it('leaves the order open while other lines are on their way', () => {
    const r = approve.decide(args(), facts({ otherOpenLines: 1 }), ctx);
    expect(r.ok && r.value.effects.some((e) => e.table === 'customer_order')).toBe(false);
  });
});

describe('goodsReceipt.cancel', () => {
  it('moves no stock and closes the purchase order; the order is delivered when its other lines came', () => {
    const r = cancel.decide({ receiptId: uuid(1), purchaseOrderId: 'po', storeId: '50301', reason: 'Fel vara' }, facts({ otherDoneLines: 2 }), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.effects.some((e) => e.table === 'stock_movement' || e.table === 'stock_balance')).toBe(false);
    expect(r.value.effects.at(-1)).toMatchObject({ table: 'customer_order', set: { status: 'delivered' } });
  });
});
