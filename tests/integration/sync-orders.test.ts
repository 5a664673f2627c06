import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend';
import { startCentral } from '../helpers/central';
import { settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * The store's orders reach the workstation's replica (schema version 2): the bootstrap brings the
 * orders and their lines, and central order events (a delivery date moved, an order shipped) arrive
 * with the next sync.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('orders', central.url, central.enrolmentKey, { sync: { autoStart: false } });
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

interface OrderRow {
  id: string;
  order_no: string;
  store_id: string;
  from_store_id: string;
  status: string;
  delivery_date: string | null;
  shipped_at: string | null;
}
const orders = (b: Backend) =>
  b.context.db.prepare('SELECT id, order_no, store_id, from_store_id, status, delivery_date, shipped_at FROM customer_order ORDER BY order_no').all() as OrderRow[];
const order = (b: Backend, orderNo: string) => orders(b).find((o) => o.order_no === orderNo);
const onHand = (b: Backend, articleId: string) =>
  (b.context.db.prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(articleId) as number | undefined) ?? 0;

describe("a workstation follows its store's central orders", () => {
  it('bootstraps the orders of its store with their lines', async () => {
    await settle(station.backend);
    const found = orders(station.backend);
    expect(found.length).toBe(3);
    expect(found.every((o) => o.store_id === '50301' && o.from_store_id === '10' && o.status === 'registered' && o.shipped_at === null)).toBe(true);
    const lines = station.backend.context.db
      .prepare('SELECT order_id, line_no, article_id, quantity, status, route FROM customer_order_line ORDER BY order_id, line_no')
      .all();
    expect(lines.length).toBe(4);
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ order_id: found[0]!.id, line_no: 1, status: 'registered', route: 'central' })]));
  });

  it('learns a moved delivery date and a shipment after a sync', async () => {
    const [first, , third] = orders(station.backend);
    const line = station.backend.context.db
      .prepare('SELECT article_id, quantity FROM customer_order_line WHERE order_id = ? AND line_no = 1')
      .get(first!.id) as { article_id: string; quantity: number };
    const before = onHand(station.backend, line.article_id);

    await central.admin(['move-delivery-date', third!.order_no, '2026-12-01']);
    await central.admin(['ship', first!.order_no]);
    // Nothing changes locally until the workstation syncs.
    expect(order(station.backend, third!.order_no)?.delivery_date).not.toBe('2026-12-01');
    expect(order(station.backend, first!.order_no)?.status).toBe('registered');

    await settle(station.backend);
    expect(order(station.backend, third!.order_no)).toMatchObject({ delivery_date: '2026-12-01', status: 'registered' });
    expect(order(station.backend, first!.order_no)).toMatchObject({ status: 'shipped', shipped_at: expect.any(String) });
    // The shipment's goods receipt arrives with it.
    expect(onHand(station.backend, line.article_id)).toBe(before + line.quantity);
  });
});
