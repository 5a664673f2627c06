import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import type { PlacedOrder } from '../../shared/api/recipient-order';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Orders to a recipient through real sync: a direct prescription made and handed out offline gets
 * central's case number after the push, and central keeps the same truth (stock, individual, the
 * patient's aids). Two workstations of the store that hand out the same individual offline: the
 * first to push wins, the second's order and utleverans become conflicts on its Synk page, and after
 * its next pull nothing is doubled — one movement, one aid, the individual at one recipient.
 */

let central: CentralUnderTest;
let a: Workstation;
let b: Workstation;
beforeAll(async () => {
  central = await startCentral();
  a = workstation('orders-a', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  b = workstation('orders-b', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await Promise.all([settle(a.backend), settle(b.backend)]);
  login(a.backend, 'U3');
  login(b.backend, 'U3');
}, 120_000);
afterAll(async () => {
  a?.cleanup();
  b?.cleanup();
  await central?.close();
});

const call = <T>(w: Backend, name: string, input: unknown): T => {
  const r = dispatch(w, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const q = async <T>(sql: string, params: unknown[] = []) => central.query!<T>(sql, params);
const pick = (w: Backend, skip: number) =>
  w.context.db
    .prepare(
      `SELECT i.id, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
        WHERE i.store_id = '50301' AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no LIMIT 1 OFFSET ?`,
    )
    .get(skip) as { id: string; article_id: string };
const patient = (w: Backend, skip: number) => w.context.db.prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1 OFFSET ?").pluck().get(skip) as string;

function directPrescription(w: Backend, recipientId: string, ind: { id: string; article_id: string }): PlacedOrder {
  const placed = call<PlacedOrder>(w, 'order.place', {
    kind: 'directPrescription',
    recipientId,
    servicePointId: '50312',
    header: emptyHeader(),
    lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
  });
  call(w, 'order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] });
  return placed;
}

describe('direktförskrivning through sync', () => {
  it('made offline under a provisional number, it gets the case number after the push; central holds the same utleverans', async () => {
    const ind = pick(a.backend, 5);
    const placed = directPrescription(a.backend, patient(a.backend, 0), ind);
    await settle(a.backend);
    const [order] = await q<{ order_no: string | null; status: string; provisional_no: string }>('SELECT order_no, status, provisional_no FROM customer_order WHERE id = $1', [placed.orderId]);
    expect(order).toMatchObject({ status: 'shipped', provisional_no: placed.provisionalNo });
    expect(order!.order_no).toMatch(/^[0-9]{8}$/);
    expect(a.backend.context.db.prepare('SELECT order_no, status FROM customer_order WHERE id = ?').get(placed.orderId)).toEqual({ order_no: order!.order_no, status: 'shipped' });
    expect(await q('SELECT status, store_id FROM individual WHERE id = $1', [ind.id])).toEqual([{ status: 'atRecipient', store_id: null }]);
    expect(await q('SELECT quantity, delivered_at IS NOT NULL AS delivered FROM aid WHERE order_id = $1', [placed.orderId])).toEqual([{ quantity: 1, delivered: true }]);
  });

  it('two workstations hand out the same individual offline: the second becomes a conflict, nothing is doubled', async () => {
    await settle(b.backend);
    const ind = pick(a.backend, 7);
    expect(pick(b.backend, 7)).toEqual(ind);
    const first = directPrescription(a.backend, patient(a.backend, 1), ind);
    const second = directPrescription(b.backend, patient(b.backend, 2), ind);
    await settle(a.backend);
    await settle(b.backend);

    const conflicts = b.backend.context.db.prepare('SELECT name, code FROM sync_conflicts WHERE dismissed_at IS NULL ORDER BY mutation_id').all();
    expect(conflicts).toEqual([
      { name: 'order.place', code: 'individual-not-available' },
      { name: 'order.issue', code: 'unknown-order' },
    ]);
    expect(await q('SELECT id FROM customer_order WHERE id = ANY($1::text[])', [[first.orderId, second.orderId]])).toEqual([{ id: first.orderId }]);
    expect(await q("SELECT count(*)::int AS n FROM stock_movement WHERE individual_id = $1 AND reason = 'issue'", [ind.id])).toEqual([{ n: 1 }]);
    expect(await q('SELECT count(*)::int AS n FROM aid WHERE individual_id = $1', [ind.id])).toEqual([{ n: 1 }]);
    // The second workstation's optimistic order is gone after its pull; it sees the first one's truth.
    const db = b.backend.context.db;
    expect(db.prepare('SELECT count(*) FROM customer_order WHERE id = ?').pluck().get(second.orderId)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM aid WHERE individual_id = ?').pluck().get(ind.id)).toBe(1);
    expect(db.prepare('SELECT status FROM individual WHERE id = ?').pluck().get(ind.id)).toBe('atRecipient');
    expect(db.prepare("SELECT count(*) FROM stock_movement WHERE individual_id = ? AND reason = 'issue'").pluck().get(ind.id)).toBe(1);
  });

  it('a förskrivning from the central store: numbered at push, `central ship` delivers it to the patient, the workstation sees Levererad after sync', async () => {
    const article = a.backend.context.db
      .prepare("SELECT id FROM article WHERE NOT tracked_individually AND article_status = 'active' AND article_type = 'accessory' ORDER BY article_no LIMIT 1")
      .pluck()
      .get() as string;
    await central.query!("UPDATE stock_balance SET on_hand = on_hand + 5 WHERE store_id = '10' AND article_id = $1", [article]);
    await central.query!("INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved) SELECT '10', id, article_no, 5, 0 FROM article WHERE id = $1 ON CONFLICT DO NOTHING", [article]);
    const recipientId = patient(a.backend, 4);
    const placed = call<PlacedOrder>(a.backend, 'order.place', { kind: 'prescription', recipientId, servicePointId: '50312', header: emptyHeader(), lines: [{ articleId: article, quantity: 2 }] });
    await settle(a.backend);
    const db = a.backend.context.db;
    const orderNo = db.prepare('SELECT order_no FROM customer_order WHERE id = ?').pluck().get(placed.orderId) as string;
    expect(orderNo).toMatch(/^[0-9]{8}$/);
    expect(db.prepare('SELECT quantity, delivered_at FROM aid WHERE order_id = ?').get(placed.orderId)).toEqual({ quantity: 0, delivered_at: null });
    await central.admin(['ship', orderNo]);
    await settle(a.backend);
    expect(db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(placed.orderId)).toBe('delivered');
    expect(db.prepare('SELECT quantity, delivered_at IS NOT NULL AS delivered FROM aid WHERE order_id = ?').get(placed.orderId)).toEqual({ quantity: 2, delivered: 1 });
  });

  it('För plock: a printed pick list is synced, central then refuses a colleague\'s offline cancellation; `central pick` of a central order blocks cancelling and ship still sends it', async () => {
    await settle(b.backend);
    const plain = a.backend.context.db
      .prepare(
        `SELECT a.id FROM stock_balance b JOIN article a ON a.id = b.article_id
          WHERE b.store_id = '50301' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 2 ORDER BY a.article_no LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const placed = call<PlacedOrder>(a.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient(a.backend, 5),
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: plain, quantity: 1 }],
    });
    await settle(a.backend);
    await settle(b.backend);
    // A prints the pick list; B, not yet knowing, cancels the order offline (its own rule lets it).
    call(a.backend, 'order.pickList', { orderId: placed.orderId });
    call(b.backend, 'customerOrder.cancel', { orderId: placed.orderId });
    expect(b.backend.context.db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(placed.orderId)).toBe('cancelled');
    await settle(a.backend);
    await settle(b.backend);
    expect(await q('SELECT status FROM customer_order WHERE id = $1', [placed.orderId])).toEqual([{ status: 'picking' }]);
    expect(await q('SELECT count(*)::int AS n FROM order_pick_list WHERE order_id = $1', [placed.orderId])).toEqual([{ n: 1 }]);
    const conflicts = b.backend.context.db.prepare("SELECT code FROM sync_conflicts WHERE dismissed_at IS NULL AND name = 'customerOrder.cancel'").pluck().all();
    expect(conflicts).toEqual(['order-not-registered']);
    expect(b.backend.context.db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(placed.orderId)).toBe('picking');

    // From the central store: central starts picking, the workstation sees För plock and may not cancel.
    const article = a.backend.context.db
      .prepare("SELECT id FROM article WHERE NOT tracked_individually AND article_status = 'active' AND article_type = 'accessory' ORDER BY article_no LIMIT 1 OFFSET 1")
      .pluck()
      .get() as string;
    await central.query!("INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved) SELECT '10', id, article_no, 5, 0 FROM article WHERE id = $1 ON CONFLICT DO NOTHING", [article]);
    await central.query!("UPDATE stock_balance SET on_hand = on_hand + 5 WHERE store_id = '10' AND article_id = $1", [article]);
    const central1 = call<PlacedOrder>(a.backend, 'order.place', { kind: 'prescription', recipientId: patient(a.backend, 6), servicePointId: '50312', header: emptyHeader(), lines: [{ articleId: article, quantity: 1 }] });
    await settle(a.backend);
    const db = a.backend.context.db;
    const orderNo = db.prepare('SELECT order_no FROM customer_order WHERE id = ?').pluck().get(central1.orderId) as string;
    await expect(central.admin(['pick', placed.provisionalNo])).rejects.toThrow(/eget förråd/);
    expect(await central.admin(['pick', orderNo])).toContain('har status För plock');
    expect(await central.admin(['pick', orderNo])).toContain('har redan status För plock');
    await settle(a.backend);
    expect(db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(central1.orderId)).toBe('picking');
    const r = dispatch(a.backend, 'customerOrder.cancel', { orderId: central1.orderId });
    expect(r.ok ? null : r.error.message).toMatch(/har status För plock och kan inte makuleras/);
    expect(await central.admin(['ship', orderNo])).toContain(orderNo);
    await settle(a.backend);
    expect(db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(central1.orderId)).toBe('delivered');
  });

  it('utleverans line by line: two workstations issuing the same line offline, the second is a conflict; the rest later closes the order', async () => {
    await settle(b.backend);
    const ind = pick(a.backend, 9);
    const plain = a.backend.context.db
      .prepare(
        `SELECT a.id FROM stock_balance b JOIN article a ON a.id = b.article_id
          WHERE b.store_id = '50301' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 2 ORDER BY a.article_no LIMIT 1 OFFSET 1`,
      )
      .pluck()
      .get() as string;
    const placed = call<PlacedOrder>(a.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient(a.backend, 7),
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [
        { articleId: ind.article_id, quantity: 1, individualId: ind.id },
        { articleId: plain, quantity: 2 },
      ],
    });
    await settle(a.backend);
    await settle(b.backend);
    const [before] = await q<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [plain]);
    const earlier = b.backend.context.db.prepare('SELECT count(*) FROM sync_conflicts').pluck().get() as number;
    call(a.backend, 'order.issue', { orderId: placed.orderId, lines: [{ lineNo: 2, individualId: null, quantity: 2 }] });
    call(b.backend, 'order.issue', { orderId: placed.orderId, lines: [{ lineNo: 2, individualId: null, quantity: 2 }] });
    await settle(a.backend);
    await settle(b.backend);
    const conflicts = b.backend.context.db.prepare("SELECT code, message FROM sync_conflicts WHERE dismissed_at IS NULL AND name = 'order.issue' ORDER BY mutation_id").all() as { code: string; message: string }[];
    expect(b.backend.context.db.prepare('SELECT count(*) FROM sync_conflicts').pluck().get()).toBe(earlier + 1);
    expect(conflicts.map((c) => c.code).at(-1)).toBe('already-issued');
    expect(conflicts.at(-1)!.message).toMatch(/Rad 2 .* är redan utlevererad/);
    expect(await q('SELECT on_hand FROM stock_balance WHERE store_id = $1 AND article_id = $2', ['50301', plain])).toEqual([{ on_hand: before!.on_hand - 2 }]);
    expect(await q('SELECT status FROM customer_order WHERE id = $1', [placed.orderId])).toEqual([{ status: 'picking' }]);
    expect(b.backend.context.db.prepare('SELECT on_hand FROM stock_balance WHERE store_id = ? AND article_id = ?').pluck().get('50301', plain)).toBe(before!.on_hand - 2);
    // B hands out the individual later: the order is out.
    call(b.backend, 'order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] });
    await settle(b.backend);
    expect(await q('SELECT status FROM customer_order WHERE id = $1', [placed.orderId])).toEqual([{ status: 'shipped' }]);
    expect(await q('SELECT quantity FROM aid WHERE order_id = $1 ORDER BY line_no', [placed.orderId])).toEqual([{ quantity: 1 }, { quantity: 2 }]);
  });

  it('a cancelled order: central runs the same rule, its undelivered aid is Makulerad there and on the other workstation', async () => {
    const ind = pick(a.backend, 11);
    const placed = call<PlacedOrder>(a.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient(a.backend, 8),
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    call(a.backend, 'customerOrder.cancel', { orderId: placed.orderId });
    await settle(a.backend);
    await settle(b.backend);
    expect(await q('SELECT status FROM customer_order WHERE id = $1', [placed.orderId])).toEqual([{ status: 'cancelled' }]);
    expect(await q('SELECT cancelled_at IS NOT NULL AS cancelled, quantity FROM aid WHERE order_id = $1', [placed.orderId])).toEqual([{ cancelled: true, quantity: 0 }]);
    expect(b.backend.context.db.prepare('SELECT cancelled_at IS NOT NULL AS cancelled FROM aid WHERE order_id = ?').all(placed.orderId)).toEqual([{ cancelled: 1 }]);
    expect(await q('SELECT status FROM individual WHERE id = $1', [ind.id])).toEqual([{ status: 'inStore' }]);
  });

  it('central refuses a prescription by a user without prescribing rights even when the workstation sent it', async () => {
    login(a.backend, 'U2');
    const r = dispatch(a.backend, 'order.place', { kind: 'prescription', recipientId: patient(a.backend, 3), servicePointId: '50311', header: emptyHeader(), lines: [{ articleId: pick(a.backend, 0).article_id, quantity: 1 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/förskrivningsrätt/);
    login(a.backend, 'U3');
  });
});

describe('region setting directOrderNeedsIssue (decision 0038), set on central', () => {
  const placeDirect = (skip: number, patientSkip: number) => {
    const ind = pick(a.backend, skip);
    const placed = call<PlacedOrder>(a.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient(a.backend, patientSkip),
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    return { ind, placed };
  };
  const local = (sql: string, ...params: unknown[]) => a.backend.context.db.prepare(sql).get(...params);

  it('false: placing a direct prescription hands it out too, on the workstation and on central; true: it waits for its utleverans', async () => {
    login(a.backend, 'U3');
    await central.admin(['region-setting', 'directOrderNeedsIssue', 'false']);
    await settle(a.backend);
    expect(a.backend.context.regionSettings.settings.directOrderNeedsIssue).toBe(false);

    const handedOut = placeDirect(13, 10);
    expect(handedOut.placed.message).toMatch(/sparad och utlämnad/);
    expect(local('SELECT status FROM customer_order WHERE id = ?', handedOut.placed.orderId)).toEqual({ status: 'shipped' });
    expect(local('SELECT status, store_id FROM individual WHERE id = ?', handedOut.ind.id)).toEqual({ status: 'atRecipient', store_id: null });
    expect(local('SELECT quantity, delivered_at IS NOT NULL AS delivered FROM aid WHERE order_id = ?', handedOut.placed.orderId)).toEqual({ quantity: 1, delivered: 1 });
    await settle(a.backend);
    expect(await q('SELECT status, order_no IS NOT NULL AS numbered FROM customer_order WHERE id = $1', [handedOut.placed.orderId])).toEqual([{ status: 'shipped', numbered: true }]);
    expect(await q("SELECT count(*)::int AS n FROM stock_movement WHERE individual_id = $1 AND reason = 'issue'", [handedOut.ind.id])).toEqual([{ n: 1 }]);
    expect(await q('SELECT status FROM individual WHERE id = $1', [handedOut.ind.id])).toEqual([{ status: 'atRecipient' }]);
    expect(a.backend.context.db.prepare('SELECT count(*) FROM sync_conflicts WHERE dismissed_at IS NULL').pluck().get()).toBe(0);

    await central.admin(['region-setting', 'directOrderNeedsIssue', 'true']);
    await settle(a.backend);
    const waiting = placeDirect(15, 11);
    expect(waiting.placed.message).toMatch(/gör utleveransen/);
    expect(local('SELECT status FROM customer_order WHERE id = ?', waiting.placed.orderId)).toEqual({ status: 'registered' });
    expect(local('SELECT status FROM individual WHERE id = ?', waiting.ind.id)).toEqual({ status: 'reserved' });
    await settle(a.backend);
    expect(await q('SELECT status FROM customer_order WHERE id = $1', [waiting.placed.orderId])).toEqual([{ status: 'registered' }]);
    expect(await q('SELECT status FROM individual WHERE id = $1', [waiting.ind.id])).toEqual([{ status: 'reserved' }]);
  });
});
