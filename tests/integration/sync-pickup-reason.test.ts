import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import type { PickupForm, PickupSearchResult, RegisteredPickup } from '../../shared/api/pickup-order';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * The region setting pickupReasonRequired (decision 0038) against the real central server, set with
 * `central region-setting pickupReasonRequired false`: true (the default) — a pick-up without a
 * reason is refused by the workstation, and by central when a stale workstation let it through;
 * false — it is registered without one, central accepts it (reason_id null, central's number) and
 * it comes back by the pull.
 */

let central: CentralUnderTest;
let ws: Workstation;
beforeAll(async () => {
  central = await startCentral();
  ws = workstation('pickup-reason', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(ws.backend);
  login(ws.backend, 'U3');
}, 120_000);
afterAll(async () => {
  ws?.cleanup();
  await central?.close();
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const call = <T>(w: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = dispatch(w, name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const input = (aidIds: string[]) => ({ recipientId: 'R2', reasonId: null, address: null, phone: '0411-12345', doorCode: null, instructions: null, comment: null, contactPrescriber: false, aidIds });
const required = () => call<{ settings: { pickupReasonRequired: boolean } }>(ws.backend, 'regionSettings.get', {}).settings.pickupReasonRequired;
const freeAid = (): string => call<PickupForm>(ws.backend, 'pickupOrder.form', { recipientId: 'R2' }).aids.find((a) => a.openPickupNo === null)!.aidId;
const localRow = (id: string) => ws.backend.context.db.prepare('SELECT reason_id, order_no FROM pickup_order WHERE id = ?').get(id) as { reason_id: string | null; order_no: string | null } | undefined;

describe('Hämtorder without a reason, by the region setting pickupReasonRequired', () => {
  it('true (the default): the workstation refuses a pick-up without a reason and queues nothing', () => {
    expect(required()).toBe(true);
    const pending = ws.backend.context.sync!.outbox.pendingCount();
    expect(dispatch(ws.backend, 'pickupOrder.register', input([freeAid()]) as never)).toMatchObject({
      ok: false,
      error: { code: 'unknown-reason', message: 'Välj en orsak till hämtningen ur listan.' },
    });
    expect(ws.backend.context.sync!.outbox.pendingCount()).toBe(pending);
  });

  it('true at central: what a stale workstation accepted without a reason is refused by central and undone', async () => {
    // The workstation's copy says false (as one that pulled an old value), central's is true.
    ws.backend.context.db
      .prepare("INSERT OR REPLACE INTO region_setting (key, value, updated_at, updated_by) VALUES ('pickupReasonRequired', 'false', '2026-12-03T08:00:00.000Z', 'test')")
      .run();
    ws.backend.context.regionSettings.invalidate();
    expect(required()).toBe(false);
    const saved = call<RegisteredPickup>(ws.backend, 'pickupOrder.register', input([freeAid()]));
    expect(localRow(saved.pickupOrderId)).toEqual({ reason_id: null, order_no: null });
    await settle(ws.backend);
    expect(await sql('SELECT id FROM pickup_order WHERE id = $1', [saved.pickupOrderId])).toEqual([]);
    const conflicts = call<{ name: string; code: string; message: string }[]>(ws.backend, 'sync.conflicts', {});
    expect(conflicts.find((c) => c.name === 'pickupOrder.register')).toMatchObject({ code: 'unknown-reason', message: 'Välj en orsak till hämtningen ur listan.' });
    expect(localRow(saved.pickupOrderId)).toBeUndefined();
  }, 120_000);

  it('false, set with the central CLI: reaches the workstation, and central accepts a pick-up without a reason', async () => {
    expect(await central.admin(['region-setting', 'pickupReasonRequired', 'false'])).toMatch(/^pickupReasonRequired = false\./);
    await settle(ws.backend);
    expect(required()).toBe(false);
    const saved = call<RegisteredPickup>(ws.backend, 'pickupOrder.register', input([freeAid()]));
    await settle(ws.backend);
    const [row] = await sql<{ reason_id: string | null; order_no: string; status: string }>('SELECT reason_id, order_no, status FROM pickup_order WHERE id = $1', [saved.pickupOrderId]);
    expect(row).toMatchObject({ reason_id: null, status: 'registered', order_no: expect.stringMatching(/^\d{8}$/) });
    // Back by the pull with central's number; listed without a reason, on the workstation and at central.
    expect(localRow(saved.pickupOrderId)).toEqual({ reason_id: null, order_no: row!.order_no });
    expect(call<PickupSearchResult>(ws.backend, 'pickupOrder.search', { number: row!.order_no }).rows).toMatchObject([{ id: saved.pickupOrderId, reasonName: null }]);
    expect(await central.admin(['pickups'])).toMatch(new RegExp(`^\\s*${row!.order_no} .*Registrerad  \\(ingen orsak\\)`, 'm'));

    // Central back to true: after the pull the workstation refuses again.
    await central.admin(['region-setting', 'pickupReasonRequired', 'true']);
    await settle(ws.backend);
    expect(required()).toBe(true);
    expect(dispatch(ws.backend, 'pickupOrder.register', input([freeAid()]) as never)).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
  }, 120_000);
});
