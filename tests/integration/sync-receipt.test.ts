import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import type { ReceiptScanResult, ReceiptView } from '../../shared/api/goods-receipt';
import type { CreatedOrders, Suggestion } from '../../shared/api/order';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 8 end to end below the UI, on a real central server: a replenishment made offline on a
 * workstation is numbered and routed centrally (central stock → the central store, the rest → a
 * purchase order via store 800), shipped and delivered with the admin CLI, received by scans with
 * individual numbers from the workstation's own block, and pushed. A second workstation that
 * received the same delivery offline is refused at sync with a conflict entry; nothing is doubled.
 */

let central: CentralUnderTest;
let a: Workstation;
let b: Workstation;

const call = <T>(backend: Backend, name: string, input: unknown): T => {
  const r = dispatch(backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const onHand = (backend: Backend, articleId: string) =>
  (backend.context.db.prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(articleId) as number | undefined) ?? 0;

beforeAll(async () => {
  central = await startCentral();
  a = workstation('receipt-a', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  b = workstation('receipt-b', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await Promise.all([settle(a.backend), settle(b.backend)]);
  login(a.backend, 'U1');
  login(b.backend, 'U2');
}, 180_000);
afterAll(async () => {
  a?.cleanup();
  b?.cleanup();
  await central?.close();
});

describe('replenish, route, deliver and receive through a real central server', () => {
  let purchaseOrderNo = '';
  let purchaseOrderId = '';

  it('a replenishment from the suggestion gets its case number and routing at push; the purchase order comes back', async () => {
    const suggestion = call<Suggestion>(a.backend, 'order.suggestion', {});
    expect(suggestion.rows.length).toBeGreaterThan(3);
    // The demo's purchase supplier has no central stock: its lines become a purchase order.
    const purchase = suggestion.rows.filter((r) => r.supplierId === 'S001');
    const centralRows = suggestion.rows.filter((r) => r.supplierId === 'S002');
    expect(purchase.length).toBeGreaterThan(1);
    expect(centralRows.length).toBeGreaterThan(0);
    const created = call<CreatedOrders>(a.backend, 'order.create', {
      kind: 'replenishment',
      lines: [...purchase, ...centralRows].map((r) => ({ articleId: r.articleId, quantity: r.quantity })),
    });
    expect(created.orders).toHaveLength(2);
    await settle(a.backend);
    const rows = a.backend.context.db
      .prepare('SELECT id, order_no, provisional_no, supplier_id FROM customer_order WHERE id IN (?, ?) ORDER BY supplier_id')
      .all(created.orders[0]!.orderId, created.orders[1]!.orderId) as { id: string; order_no: string | null; provisional_no: string; supplier_id: string }[];
    expect(rows.every((r) => /^[0-9]{8}$/.test(r.order_no ?? ''))).toBe(true);
    expect(rows.map((r) => r.provisional_no).sort()).toEqual(created.orders.map((o) => o.provisionalNo).sort());
    const s001 = rows.find((r) => r.supplier_id === 'S001')!;
    const po = a.backend.context.db.prepare('SELECT id, purchase_order_no, status FROM purchase_order WHERE order_id = ?').get(s001.id) as { id: string; purchase_order_no: string; status: string };
    expect(po.status).toBe('ordered');
    purchaseOrderNo = po.purchase_order_no;
    purchaseOrderId = po.id;
    const routes = a.backend.context.db.prepare('SELECT DISTINCT route FROM customer_order_line WHERE order_id = ?').pluck().all(s001.id);
    expect(routes).toEqual(['purchase']);
    // The workstation got its own block of individual numbers in the same cycles.
    expect(call<ReceiptView>(a.backend, 'goodsReceipt.open', { purchaseOrderId }).numbersLeft).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('the supplier delivers; both workstations see it; A receives it by scans and B, offline, too: B is refused at sync', async () => {
    expect(await central.admin(['deliver', purchaseOrderNo])).toContain(purchaseOrderNo);
    await Promise.all([settle(a.backend), settle(b.backend)]);
    for (const w of [a, b]) {
      expect(call<{ purchaseOrderNo: string; status: string }[]>(w.backend, 'goodsReceipt.incoming', {})).toContainEqual(
        expect.objectContaining({ purchaseOrderNo, status: 'delivered' }),
      );
    }
    const receive = (w: Workstation, serialPrefix: string): ReceiptView => {
      let view = call<ReceiptView>(w.backend, 'goodsReceipt.open', { purchaseOrderId });
      for (const line of view.lines) {
        const gtin = w.backend.context.db.prepare('SELECT gtin FROM article_gtin WHERE article_id = ? LIMIT 1').pluck().get(line.articleId) as string;
        for (let u = 0; u < line.ordered; u++) {
          const text = line.tracked ? `01${gtin}21${serialPrefix}${line.lineNo}-${u}` : line.articleNo;
          const r = call<ReceiptScanResult>(w.backend, 'goodsReceipt.scan', { purchaseOrderId, text });
          expect(r.outcome, r.message).toBe('ok');
        }
        if (line.orderedPriceOre === 0) call(w.backend, 'goodsReceipt.edit', { purchaseOrderId, edit: { kind: 'price', lineNo: line.lineNo, price: '350' } });
      }
      view = call<ReceiptView>(w.backend, 'goodsReceipt.takeNumbers', { purchaseOrderId });
      expect(view.missing).toEqual([]);
      return view;
    };
    const viewA = receive(a, 'A');
    const viewB = receive(b, 'B');
    const tracked = viewA.lines.find((l) => l.tracked)!;
    const plain = viewA.lines.find((l) => !l.tracked)!;
    // Each workstation numbers from its own block: no number in common.
    const numbers = (v: ReceiptView) => v.lines.flatMap((l) => l.units.map((u) => u.individualNo));
    expect(numbers(viewA).filter((n) => numbers(viewB).includes(n))).toEqual([]);
    const before = onHand(a.backend, plain.articleId);

    call(a.backend, 'goodsReceipt.approve', { purchaseOrderId });
    call(b.backend, 'goodsReceipt.approve', { purchaseOrderId });
    await settle(a.backend);
    await settle(b.backend);

    // Central counted A's receipt once and refused B's.
    const conflicts = call<{ code: string; message: string }[]>(b.backend, 'sync.conflicts', {});
    expect(conflicts).toContainEqual(expect.objectContaining({ code: 'already-received' }));
    const truth = await central.query!<{ n: number }>('SELECT count(*)::int AS n FROM goods_receipt WHERE purchase_order_id = $1', [purchaseOrderId]);
    expect(truth[0]!.n).toBe(1);
    const individuals = await central.query!<{ individual_no: string }>('SELECT individual_no FROM individual WHERE individual_no = ANY($1::text[])', [
      [...numbers(viewA), ...numbers(viewB)],
    ]);
    expect(individuals.map((r) => r.individual_no).sort()).toEqual(numbers(viewA).filter((n): n is string => n !== null).sort());
    // Both replicas converge on A's receipt: balances once, B's optimistic individuals gone.
    for (const w of [a, b]) {
      expect(onHand(w.backend, plain.articleId)).toBe(before + plain.ordered);
      expect(w.backend.context.db.prepare('SELECT status FROM purchase_order WHERE id = ?').pluck().get(purchaseOrderId)).toBe('received');
      const have = w.backend.context.db.prepare(`SELECT count(*) FROM individual WHERE article_id = ? AND serial_no LIKE 'B%'`).pluck().get(tracked.articleId);
      expect(have).toBe(0);
    }
  }, 180_000);
});
