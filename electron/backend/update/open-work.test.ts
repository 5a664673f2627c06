import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { emptyHeader } from '../../../shared/domain/order/recipient-orders';
import { mayInstallUpdate } from '../../../shared/domain/update/install';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';
import { openWorkReader } from './open-work';

/**
 * What keeps a downloaded update waiting, read from a real replica after real calls: a goods
 * receipt scanned into a draft, a stocktake counted in, an utleverans begun with a pick list.
 */

let t: TempBackend;
const STORE = '50301';
const PO = 'po-upd-1';
const db = () => t.backend.context.db;
const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const openWork = () => openWorkReader(db(), t.backend.context.ownStoreId)();
const nothing = { goodsReceipts: 0, stocktakeCounts: 0, handOuts: 0 };

beforeEach(() => {
  t = tempBackend();
  call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
});
afterEach(() => t.cleanup());

/** A delivered purchase order of two units of a tracked article, as central replicates it. */
function deliveredPurchaseOrder(): { gtin: string } {
  const tracked = db()
    .prepare(
      `SELECT a.id, (SELECT gtin FROM article_gtin g WHERE g.article_id = a.id) AS gtin FROM article a
        WHERE a.tracked_individually = 1 AND a.article_status = 'active' AND EXISTS (SELECT 1 FROM article_gtin g WHERE g.article_id = a.id) ORDER BY a.article_no LIMIT 1`,
    )
    .get() as { id: string; gtin: string };
  db().transaction(() => {
    db()
      .prepare(`INSERT INTO customer_order (id, order_no, provisional_no, kind, store_id, from_store_id, supplier_id, status, created_at, user_id)
        VALUES ('order-upd-1', '26480077', 'P50301-AB12-0077', 'replenishment', ?, '10', 'S001', 'registered', '2026-11-20T09:00:00Z', 'U1')`)
      .run(STORE);
    db()
      .prepare(`INSERT INTO purchase_order (id, purchase_order_no, order_id, store_id, supplier_id, status, created_at, delivered_at)
        VALUES (?, '26485077', 'order-upd-1', ?, 'S001', 'delivered', '2026-11-20T09:00:01Z', '2026-11-21T12:00:00Z')`)
      .run(PO, STORE);
    db()
      .prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, purchase_order_id, price_ore)
        VALUES ('order-upd-1', 1, ?, 2, 'delivered', 'purchase', ?, 1234550)`)
      .run(tracked.id, PO);
  })();
  return { gtin: tracked.gtin };
}

describe('open work on this workstation (what an update waits for)', () => {
  it('is nothing on a fresh demo replica, so an update may be installed', () => {
    expect(openWork()).toEqual(nothing);
    expect(mayInstallUpdate(openWork())).toEqual({ install: true });
  });

  it('counts a goods receipt from its first scan until it is cancelled', () => {
    const { gtin } = deliveredPurchaseOrder();
    call('goodsReceipt.open', { purchaseOrderId: PO });
    // Opening the delivery is not yet a receipt in progress: nothing is saved.
    expect(openWork().goodsReceipts).toBe(0);
    const scanned = call<{ refused?: string }>('goodsReceipt.scan', { purchaseOrderId: PO, text: `01${gtin}21SN-UPD-1` });
    expect(scanned.refused).toBeUndefined();
    expect(openWork()).toEqual({ ...nothing, goodsReceipts: 1 });
    expect(mayInstallUpdate(openWork())).toMatchObject({ install: false, reason: 'open-work', message: expect.stringContaining('pågående godsmottagning') });
    // The draft survives a restart of the app, and so does the wait.
    t.backend.close();
    t = tempBackend({ dataDir: t.dataDir });
    expect(openWork().goodsReceipts).toBe(1);
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    call('goodsReceipt.cancel', { purchaseOrderId: PO, reason: 'Fel leverans' });
    expect(openWork()).toEqual(nothing);
  });

  it('counts a stocktake this workstation counts in, not one it has not touched', () => {
    const id = call<{ id: string }>('stocktake.create', { name: 'Inventering 2026', scope: { isoCodes: [], articleTypes: [], locations: [] }, blind: false }).id;
    // Created, but nobody has counted here yet.
    expect(openWork().stocktakeCounts).toBe(0);
    const articleId = db().prepare("SELECT article_id FROM stock_balance WHERE store_id = ? AND on_hand > 0 AND article_id IN (SELECT id FROM article WHERE tracked_individually = 0) LIMIT 1").pluck().get(STORE) as string;
    call('stocktake.count', { id, articleId, kind: 'add', quantity: 2 });
    expect(openWork()).toEqual({ ...nothing, stocktakeCounts: 1 });
    // Approved (as the approval writes it; its own checks are in stocktake.test.ts): the count is over.
    db().prepare("UPDATE stocktake SET status = 'approved' WHERE id = ?").run(id);
    expect(openWork().stocktakeCounts).toBe(0);
  });

  it('counts an utleverans begun with a pick list printed here, until its last line is out', () => {
    const ind = db()
      .prepare(
        `SELECT i.id, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
          WHERE i.store_id = ? AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no LIMIT 1`,
      )
      .get(STORE) as { id: string; article_id: string };
    const recipientId = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    // A prescriber places the direct order; the store technician prints the pick list and hands out.
    call('session.login', { userId: 'U3', secret: DEMO_PASSWORD });
    const placed = call<{ orderId: string }>('order.place', {
      kind: 'directPrescription',
      recipientId,
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    expect(openWork().handOuts).toBe(0);
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    call('order.pickList', { orderId: placed.orderId });
    expect(db().prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(placed.orderId)).toBe('picking');
    expect(openWork()).toEqual({ ...nothing, handOuts: 1 });
    call('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] });
    expect(openWork()).toEqual(nothing);
  });
});
