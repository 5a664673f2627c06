import { describe, expect, it } from 'vitest';
import { register, type RegisterPickupArgs, type RegisterPickupFacts } from './mutations';

const actor = { userId: 'U1', userName: 'U1', roles: ['prescriber' as const], storeIds: ['50301'] };
const at = '2026-12-03T08:00:00.000Z';
const args = (reasonId: string | null): RegisterPickupArgs => ({
  pickupOrderId: '8e4b6a3c-6a3e-4f57-9f55-2b0f3f1c1a11',
  provisionalNo: 'P50301-A1B2-0001',
  storeId: '50301',
  recipientId: 'R1',
  reasonId,
  address: null,
  phone: '070-123 45 67',
  doorCode: null,
  instructions: null,
  comment: null,
  contactPrescriber: false,
  lines: [{ lineId: '9e4b6a3c-6a3e-4f57-9f55-2b0f3f1c1a12', aidId: 'AID1' }],
});
const facts = (reasonRequired: boolean, reason: RegisterPickupFacts['reason'] = null): RegisterPickupFacts => ({
  recipient: { id: 'R1' },
  reason,
  reasonRequired,
  aids: { AID1: { recipientId: 'R1', articleId: 'A1', articleNo: '100001', individualId: null, quantity: 1, delivered: true, returned: false, openPickupNo: null } },
  central: null,
});
const lift = { id: 'PR1', name: 'Taklyft', active: true };

describe('hämtorder: the reason follows the region setting pickupReasonRequired', () => {
  it('the args schema takes a null reason', () => {
    expect(register.args.safeParse(args(null)).success).toBe(true);
    expect(register.args.safeParse({ ...args(null), reasonId: '' }).success).toBe(false);
  });

  it('true: a pick-up without a reason is refused in Swedish, one with an active reason of the list is registered', () => {
    expect(register.decide(args(null), facts(true), { actor, at })).toEqual({ ok: false, error: { code: 'unknown-reason', message: 'Välj en orsak till hämtningen ur listan.' } });
    const done = register.decide(args('PR1'), facts(true, lift), { actor, at });
    expect(done.ok).toBe(true);
    if (done.ok) expect(done.value.effects[0]).toMatchObject({ table: 'pickup_order', row: { reason_id: 'PR1' } });
  });

  it('false: a pick-up without a reason is registered with reason_id null', () => {
    const done = register.decide(args(null), facts(false), { actor, at });
    expect(done.ok).toBe(true);
    if (done.ok) {
      expect(done.value.effects[0]).toMatchObject({ table: 'pickup_order', row: { reason_id: null } });
      expect(done.value.audit.details).toMatchObject({ reasonId: null });
    }
  });

  it('either value: a reason given must be a known, active one of the list', () => {
    for (const required of [true, false]) {
      expect(register.decide(args('PR9'), facts(required, null), { actor, at })).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
      expect(register.decide(args('PR1'), facts(required, { ...lift, active: false }), { actor, at })).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
      expect(register.decide(args('PR1'), facts(required, lift), { actor, at }).ok).toBe(true);
    }
  });
});
