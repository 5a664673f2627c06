import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 11 item 6: the status of an order from central and the messages (meddelanden) that come
 * with it. `central ship` of an order to a patient delivers it (Levererad): the order, its aid on
 * the patient's list and a message to the prescriber reach the workstation with the next sync; a
 * moved delivery date sends a message too. Reading and deleting are the person's own synced marks.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('messages', central.url, central.enrolmentKey, { sync: { autoStart: false } });
}, 60_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const call = <T>(b: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = dispatch(b, name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
interface Inbox {
  messages: { id: string; kind: string; text: string; read: boolean; personal: boolean; orderNo: string | null }[];
  unread: number;
}
const inbox = (b: Backend, show: 'all' | 'unread' = 'all') => call<Inbox>(b, 'message.list', { show });
/** Central's database (startCentral always gives the query hook). */
const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const unreadInStatus = (b: Backend) => call<{ unreadMessages: number }>(b, 'app.status', {}).unreadMessages;

/** A prescription to a patient from the central store, as central holds it once placed (the orders flow places it). */
async function placePrescription(orderNo: string): Promise<{ orderId: string; aidId: string; recipientId: string }> {
  const [recipient] = await sql<{ id: string }>("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1");
  const [article] = await sql<{ id: string; price_ore: number }>(
    `SELECT a.id, a.price_ore FROM stock_balance b JOIN article a ON a.id = b.article_id
     WHERE b.store_id = '10' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 5 ORDER BY a.article_no DESC LIMIT 1`,
  );
  const orderId = randomUUID();
  const aidId = randomUUID();
  const now = new Date().toISOString();
  await sql(
    `INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, delivery_date, created_at, user_id, recipient_id, service_point_id)
     VALUES ($1, $2, 'prescription', '50301', '10', 'registered', '2026-12-10', $3, 'U3', $4, '50312')`,
    [orderId, orderNo, now, recipient!.id],
  );
  await sql(
    `INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, individual_id, status, route, price_ore) VALUES ($1, 1, $2, 2, NULL, 'registered', 'central', $3)`,
    [orderId, article!.id, article!.price_ore],
  );
  await sql(
    `INSERT INTO aid (id, recipient_id, article_id, individual_id, ordered_quantity, quantity, store_id, order_id, line_no, prescribed, user_id, ordered_at)
     VALUES ($1, $2, $3, NULL, 2, 0, '50301', $4, 1, true, 'U3', $5)`,
    [aidId, recipient!.id, article!.id, orderId, now],
  );
  return { orderId, aidId, recipientId: recipient!.id };
}

describe('status and messages from central', () => {
  it('bootstraps the demo welcome message for everyone in the store, unread', async () => {
    await settle(station.backend);
    login(station.backend, 'U3');
    const box = inbox(station.backend);
    expect(box.messages).toEqual([expect.objectContaining({ id: 'MSG-demo-welcome', kind: 'notice', read: false, personal: false })]);
    expect(box.unread).toBe(1);
    expect(unreadInStatus(station.backend)).toBe(1);
  });

  it('central ship delivers a prescription (Levererad): status, aid and a message to the prescriber arrive after sync', async () => {
    const { orderId, aidId } = await placePrescription('26459901');
    const out = await central.admin(['ship', '26459901']);
    expect(out).toContain('är levererad från lager 10 till mottagaren');
    const db = station.backend.context.db;
    // Nothing locally until the workstation syncs.
    expect(db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(orderId)).toBeUndefined();

    await settle(station.backend);
    expect(db.prepare('SELECT status, shipped_at FROM customer_order WHERE id = ?').get(orderId)).toMatchObject({ status: 'delivered', shipped_at: expect.any(String) });
    expect(db.prepare('SELECT quantity, ordered_quantity, delivered_at FROM aid WHERE id = ?').get(aidId)).toMatchObject({ quantity: 2, ordered_quantity: 2, delivered_at: expect.any(String) });
    // Nothing went into the buffer store: the goods went to the patient.
    expect(db.prepare("SELECT count(*) FROM stock_movement WHERE reference = '26459901' AND store_id = '50301'").pluck().get()).toBe(0);

    const box = inbox(station.backend);
    expect(box.unread).toBe(2);
    const delivered = box.messages.find((m) => m.kind === 'orderDelivered')!;
    expect(delivered).toMatchObject({ text: 'Order 26459901 till patient är levererad.', personal: true, orderNo: '26459901', read: false });
    expect(unreadInStatus(station.backend)).toBe(2);
    // A message to the prescriber is not a colleague's.
    call(station.backend, 'session.logout', {});
    login(station.backend, 'U1');
    expect(inbox(station.backend).messages.map((m) => m.kind)).toEqual(['notice']);
    const foreign = dispatch(station.backend, 'message.mark', { messageId: delivered.id, mark: 'read' });
    expect(foreign).toMatchObject({ ok: false, error: { message: 'Meddelandet är till en annan användare.' } });
    call(station.backend, 'session.logout', {});
    login(station.backend, 'U3');
  });

  it('a moved delivery date is a message too; read and delete are the person\'s own marks and reach central', async () => {
    await central.admin(['move-delivery-date', '26450003', '2026-12-04']);
    await settle(station.backend);
    const moved = inbox(station.backend).messages.find((m) => m.kind === 'deliveryDateMoved')!;
    // Demo order 26450003 was placed centrally (no orderer): the message is for the whole store.
    expect(moved).toMatchObject({ text: 'Leveransdatum för order 26450003 är ändrat från 2026-11-10 till 2026-12-04.', personal: false, read: false });
    expect(inbox(station.backend).unread).toBe(3);

    call(station.backend, 'message.mark', { messageId: moved.id, mark: 'read' });
    expect(inbox(station.backend).messages.find((m) => m.id === moved.id)?.read).toBe(true);
    expect(inbox(station.backend, 'unread').messages.map((m) => m.id)).not.toContain(moved.id);
    expect(unreadInStatus(station.backend)).toBe(2);
    call(station.backend, 'message.mark', { messageId: 'MSG-demo-welcome', mark: 'deleted' });
    expect(inbox(station.backend).messages.map((m) => m.id)).not.toContain('MSG-demo-welcome');
    expect(unreadInStatus(station.backend)).toBe(1);

    await settle(station.backend);
    const marks = await sql<{ message_id: string; user_id: string; mark: string }>('SELECT message_id, user_id, mark FROM message_mark ORDER BY at');
    expect(marks).toEqual([
      { message_id: moved.id, user_id: 'U3', mark: 'read' },
      { message_id: 'MSG-demo-welcome', user_id: 'U3', mark: 'deleted' },
    ]);
    // Still unread for a colleague: marks are per person.
    call(station.backend, 'session.logout', {});
    login(station.backend, 'U1');
    expect(inbox(station.backend).unread).toBe(2);
    expect(dispatch(station.backend, 'message.mark', { messageId: 'nope', mark: 'read' })).toMatchObject({ ok: false, error: { message: 'Meddelandet finns inte.' } });
  });
});
