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
 * `cancel-pickup` reach the workstation by sync, and a closed pick-up frees the aid.
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

  it('printed → Utskriven at central; closed centrally → Stängd after sync, and the aid is free again', async () => {
    const [p] = await sql<{ id: string; order_no: string }>("SELECT id, order_no FROM pickup_order WHERE status = 'registered' ORDER BY created_at LIMIT 1");
    call(a.backend, 'pickupOrder.pdf', { pickupOrderId: p!.id });
    await settle(a.backend);
    expect((await sql<{ status: string }>('SELECT status FROM pickup_order WHERE id = $1', [p!.id]))[0]!.status).toBe('printed');
    expect(await central.admin(['close-pickup', p!.order_no])).toBe(`Hämtorder ${p!.order_no} är stängd.`);
    await expect(central.admin(['close-pickup', p!.order_no])).rejects.toThrow(/redan status Stängd/);
    await settle(a.backend);
    expect(status(a.backend, p!.id)).toBe('closed');
    expect(call<PickupSearchResult>(a.backend, 'pickupOrder.search', {}).rows.map((r) => r.id)).not.toContain(p!.id);
    expect(call<PickupSearchResult>(a.backend, 'pickupOrder.search', { includeClosed: true }).rows.find((r) => r.id === p!.id)?.status).toBe('closed');
    const aid = a.backend.context.db.prepare('SELECT aid_id FROM pickup_order_line WHERE pickup_order_id = ?').pluck().get(p!.id) as string;
    expect(call<PickupForm>(a.backend, 'pickupOrder.form', { recipientId: 'R2' }).aids.find((x) => x.aidId === aid)?.openPickupNo).toBeNull();
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
