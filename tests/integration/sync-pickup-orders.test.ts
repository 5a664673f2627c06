import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import type { PickupForm, PickupSearchResult, RegisteredPickup } from '../../shared/api/pickup-order';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 12 item 2 against the real central server: a pick-up registered offline gets central's
 * number (YYWWNNNN) at push; two workstations putting the same aid on a pick-up offline — central's
 * run of the shared rule refuses the second (pickup-already-open, a conflict on its Synk page, the
 * local pick-up undone); printing makes it Utskriven at central too; `central close-pickup` and
 * `cancel-pickup` reach the workstation by sync; closing returns the fetched aids into the central
 * store (the shared return rules: off the list, ledger, rekond).
 */

let central: CentralUnderTest;
let a: Workstation;
let b: Workstation;
beforeAll(async () => {
  central = await startCentral();
  a = workstation('pickup-a', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  b = workstation('pickup-b', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await Promise.all([settle(a.backend), settle(b.backend)]);
  login(a.backend, 'U3');
  login(b.backend, 'U2');
}, 120_000);
afterAll(async () => {
  a?.cleanup();
  b?.cleanup();
  await central?.close();
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const call = <T>(w: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = dispatch(w, name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const register = (w: Backend, aidIds: string[], reasonId = 'khs-aid') =>
  call<RegisteredPickup>(w, 'pickupOrder.register', { recipientId: 'R2', reasonId, address: null, phone: '0411-12345', doorCode: null, instructions: null, comment: null, contactPrescriber: false, aidIds });
const status = (w: Backend, id: string) => w.context.db.prepare('SELECT status FROM pickup_order WHERE id = ?').pluck().get(id);

describe('Hämtorder synced with central', () => {
  it('gets central’s number; of two offline pick-ups of the same aid the second is refused by central', async () => {
    const form = call<PickupForm>(a.backend, 'pickupOrder.form', { recipientId: 'R2' });
    expect(form.aids.length).toBeGreaterThan(1);
    const aid = form.aids[0]!.aidId;
    // Both offline: neither knows of the other's pick-up.
    const first = register(a.backend, [aid]);
    const second = register(b.backend, [aid, form.aids[1]!.aidId]);
    await settle(a.backend);
    await settle(b.backend);
    const [row] = await sql<{ order_no: string; status: string }>('SELECT order_no, status FROM pickup_order WHERE id = $1', [first.pickupOrderId]);
    expect(row!.order_no).toMatch(/^\d{8}$/);
    expect(row!.status).toBe('registered');
    expect(await sql('SELECT id FROM pickup_order WHERE id = $1', [second.pickupOrderId])).toEqual([]);
    const conflicts = call<{ name: string; code: string; message: string }[]>(b.backend, 'sync.conflicts', {});
    expect(conflicts.find((c) => c.name === 'pickupOrder.register')).toMatchObject({ code: 'pickup-already-open', message: expect.stringContaining(row!.order_no) });
    // Undone on B by the pull; A's pick-up has arrived there with central's number.
    expect(status(b.backend, second.pickupOrderId)).toBeUndefined();
    const seen = call<PickupSearchResult>(b.backend, 'pickupOrder.search', { number: row!.order_no });
    expect(seen.rows.map((r) => r.id)).toEqual([first.pickupOrderId]);
    // Searched by the provisional number on A, it is still found.
    expect(call<PickupSearchResult>(a.backend, 'pickupOrder.search', { number: first.provisionalNo }).rows[0]!.orderNo).toBe(row!.order_no);
  }, 120_000);

  it('printed → Utskriven at central; closed centrally → Stängd after sync, and the fetched aid returned into the central store', async () => {
    const [p] = await sql<{ id: string; order_no: string }>("SELECT id, order_no FROM pickup_order WHERE status = 'registered' ORDER BY created_at LIMIT 1");
    call(a.backend, 'pickupOrder.pdf', { pickupOrderId: p!.id });
    await settle(a.backend);
    expect((await sql<{ status: string }>('SELECT status FROM pickup_order WHERE id = $1', [p!.id]))[0]!.status).toBe('printed');
    // Central's list: number, store, status, what was printed; nothing of the recipient.
    const listed = await central.admin(['pickups']);
    expect(listed).toMatch(new RegExp(`${p!.order_no}  prel\\. \\S+  lager 50301  Utskriven  .*utskriven: hämtorder$`, 'm'));
    expect(listed).not.toContain(call<{ name: string }>(a.backend, 'recipient.get', { id: 'R2' }).name);
    const line = a.backend.context.db.prepare('SELECT aid_id, article_id, individual_id, quantity FROM pickup_order_line WHERE pickup_order_id = ?').get(p!.id) as {
      aid_id: string;
      article_id: string;
      individual_id: string | null;
      quantity: number;
    };
    const centralOnHand = async () => Number((await sql<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '10' AND article_id = $1", [line.article_id]))[0]?.on_hand ?? 0);
    const before = await centralOnHand();
    // Stängd = fetched and reported back: the aid's return into the central store (10) is made with it.
    expect(await central.admin(['close-pickup', p!.order_no])).toMatch(new RegExp(`^Hämtorder ${p!.order_no} är stängd\\. 1 hjälpmedel återlämnade till lager 10`));
    await expect(central.admin(['close-pickup', p!.order_no])).rejects.toThrow(/redan status Stängd/);
    const [ret] = await sql<{ store_id: string; comment: string; outcome: string; rekond: string; returned_at: string | null }>(
      `SELECT r.store_id, k.comment, l.outcome, l.rekond, a.returned_at FROM aid_return_line l JOIN aid_return r ON r.id = l.return_id
       JOIN return_receipt k ON k.id = r.receipt_id JOIN aid a ON a.id = l.aid_id WHERE l.aid_id = $1`,
      [line.aid_id],
    );
    expect(ret).toMatchObject({ store_id: '10', comment: `Hämtorder ${p!.order_no}` });
    expect(ret!.returned_at).not.toBeNull();
    expect(await centralOnHand()).toBe(before + (ret!.outcome === 'stock' ? line.quantity : 0));
    if (line.individual_id) {
      expect(ret!.rekond).toBe('pending');
      expect(await sql('SELECT status, store_id FROM individual WHERE id = $1', [line.individual_id])).toEqual([{ status: 'rekond', store_id: '10' }]);
    }
    await settle(a.backend);
    expect(status(a.backend, p!.id)).toBe('closed');
    expect(call<PickupSearchResult>(a.backend, 'pickupOrder.search', {}).rows.map((r) => r.id)).not.toContain(p!.id);
    expect(call<PickupSearchResult>(a.backend, 'pickupOrder.search', { includeClosed: true }).rows.find((r) => r.id === p!.id)?.status).toBe('closed');
    // At the store: off the recipient's list, under Återlämnat; no longer offered for a pick-up.
    expect(call<{ id: string }[]>(a.backend, 'recipient.aids', { recipientId: 'R2', tab: 'returned' }).map((x) => x.id)).toContain(line.aid_id);
    expect(call<PickupForm>(a.backend, 'pickupOrder.form', { recipientId: 'R2' }).aids.find((x) => x.aidId === line.aid_id)).toBeUndefined();
    if (line.individual_id) expect(a.backend.context.db.prepare('SELECT status, store_id FROM individual WHERE id = ?').get(line.individual_id)).toEqual({ status: 'rekond', store_id: '10' });
    expect(call<unknown[]>(a.backend, 'sync.conflicts', {})).toEqual([]);
  }, 120_000);

  it('central cancel-pickup → Makulerad; a cancellation by store staff made offline reaches central', async () => {
    const form = call<PickupForm>(b.backend, 'pickupOrder.form', { recipientId: 'R2' });
    const free = form.aids.filter((x) => x.openPickupNo === null);
    const one = register(b.backend, [free[0]!.aidId]);
    const two = register(b.backend, [free[1]!.aidId]);
    await settle(b.backend);
    const [n] = await sql<{ order_no: string }>('SELECT order_no FROM pickup_order WHERE id = $1', [one.pickupOrderId]);
    await central.admin(['cancel-pickup', n!.order_no]);
    call(b.backend, 'pickupOrder.cancel', { pickupOrderId: two.pickupOrderId });
    await settle(b.backend);
    expect(status(b.backend, one.pickupOrderId)).toBe('cancelled');
    expect((await sql<{ status: string }>('SELECT status FROM pickup_order WHERE id = $1', [two.pickupOrderId]))[0]!.status).toBe('cancelled');
    expect(call<{ name: string }[]>(b.backend, 'sync.conflicts', {}).filter((c) => c.name === 'pickupOrder.cancel')).toEqual([]);
  }, 120_000);
});
