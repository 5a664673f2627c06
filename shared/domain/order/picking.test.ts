import { describe, expect, it } from 'vitest';
import { cancelRefusal } from './cancel';
import { startPicking, startPickingRefusal, type StartPickingFacts } from './picking';

const order = (over: Partial<NonNullable<StartPickingFacts['order']>> = {}): NonNullable<StartPickingFacts['order']> => ({
  id: 'o1',
  shownNo: 'P50301-7F3A-0001',
  kind: 'directPrescription',
  status: 'registered',
  storeId: '50301',
  fromStoreId: '50301',
  ...over,
});
const actor = (roles: ('prescriber' | 'orderer' | 'technician')[] = ['prescriber'], storeIds = ['50301']) => ({ userId: 'U3', userName: 'U3', roles, storeIds });
const AT = '2026-12-02T10:00:00.000Z';
const args = { pickListId: '0b6b2b35-3c59-4d1f-9a3e-1f0a0a0a0a01', orderId: 'o1' };

describe('för plock: printing the pick list of a direct order', () => {
  it('records the pick list and moves a Registrerad order to För plock', () => {
    const d = startPicking.decide(args, { order: order() }, { actor: actor(), at: AT });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.effects).toEqual([
      { kind: 'insert', table: 'order_pick_list', row: { id: args.pickListId, order_id: 'o1', store_id: '50301', user_id: 'U3', at: AT } },
      expect.objectContaining({ kind: 'update', table: 'customer_order', key: { id: 'o1' }, set: { status: 'picking' } }),
    ]);
  });

  it('a second print (or a second workstation offline) records another pick list and leaves the status', () => {
    const d = startPicking.decide(args, { order: order({ status: 'picking' }) }, { actor: actor(), at: AT });
    expect(d.ok && d.value.effects.map((e) => e.table)).toEqual(['order_pick_list']);
  });

  it('refuses an order from the central store, an issued or cancelled one, another store and a role that may not hand out', () => {
    const refused = (facts: StartPickingFacts, a = actor()) => {
      const d = startPicking.decide(args, facts, { actor: a, at: AT });
      return d.ok ? null : d.error;
    };
    expect(refused({ order: order({ kind: 'prescription', fromStoreId: '10' }) })?.code).toBe('not-direct');
    expect(refused({ order: order({ status: 'shipped' }) })).toEqual({ code: 'already-issued', message: 'Order P50301-7F3A-0001 är redan utlevererad.' });
    expect(refused({ order: order({ status: 'cancelled' }) })?.message).toContain('makulerad');
    expect(refused({ order: null })?.code).toBe('unknown-order');
    expect(refused({ order: order() }, actor(['prescriber'], ['50302']))?.code).toBe('forbidden-store');
    expect(startPickingRefusal(order())).toBeNull();
  });

  it('once För plock, the shared cancel rule refuses the order', () => {
    const facts = { ...order({ status: 'picking' }), createdAt: AT, userId: 'U3', lines: [], purchaseOrders: 0, pickList: true, aids: [] };
    expect(cancelRefusal(facts, AT, { sameDayOnly: true })).toEqual({
      code: 'order-not-registered',
      message: expect.stringContaining('har status För plock och kan inte makuleras'),
    });
  });
});
