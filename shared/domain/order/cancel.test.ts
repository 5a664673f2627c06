import { describe, expect, it } from 'vitest';
import { cancelOrder, cancelRefusal, swedishDay, type CancelOrderFacts } from './cancel';

const order = (over: Partial<NonNullable<CancelOrderFacts['order']>> = {}): NonNullable<CancelOrderFacts['order']> => ({
  id: 'o1',
  shownNo: '26490007',
  kind: 'stockTransfer',
  storeId: '50301',
  fromStoreId: '10',
  status: 'registered',
  createdAt: '2026-12-02T08:00:00.000Z',
  userId: 'U3',
  lines: [{ lineNo: 1, articleId: 'A1', articleNo: '100001', quantity: 3, route: 'central', status: 'registered', individualId: null }],
  purchaseOrders: 0,
  pickList: false,
  aids: [],
  ...over,
});
const sameDay = { sameDayOnly: true };
const anyDay = { sameDayOnly: false };
const actor = (userId: string, roles: ('prescriber' | 'storeAdmin' | 'orderer')[] = ['prescriber']) => ({ userId, userName: userId, roles, storeIds: ['50301'] });

describe('makulera: the cancel rule', () => {
  it('cancels a Registrerad order the same day, before a pick list or purchase order', () => {
    expect(cancelRefusal(order(), '2026-12-02T15:00:00.000Z', sameDay)).toBeNull();
  });

  it('refuses past Registrerad with a Swedish message naming the status', () => {
    for (const [status, sv] of [['picking', 'För plock'], ['shipped', 'Utlevererad'], ['delivered', 'Levererad'], ['cancelled', 'Makulerad']] as const) {
      expect(cancelRefusal(order({ status }), '2026-12-02T15:00:00.000Z', sameDay)).toEqual({
        code: 'order-not-registered',
        message: expect.stringContaining(`Order 26490007 har status ${sv} och kan inte makuleras`),
      });
    }
  });

  it('refuses once a purchase order or a pick list exists', () => {
    expect(cancelRefusal(order({ purchaseOrders: 1 }), '2026-12-02T15:00:00.000Z', sameDay)?.code).toBe('order-has-purchase-order');
    expect(cancelRefusal(order({ lines: [{ ...order().lines[0]!, route: 'purchase', status: 'ordered' }] }), '2026-12-02T15:00:00.000Z', sameDay)?.code).toBe(
      'order-has-purchase-order',
    );
    expect(cancelRefusal(order({ pickList: true }), '2026-12-02T15:00:00.000Z', sameDay)?.code).toBe('order-has-pick-list');
  });

  it('the same-day limit follows the Swedish calendar day, and only when the region has it', () => {
    // 23:30 UTC on 2 December is 00:30 on 3 December in Sweden.
    expect(swedishDay('2026-12-02T23:30:00.000Z')).toBe('2026-12-03');
    const late = order({ createdAt: '2026-12-02T22:30:00.000Z' }); // 23:30 Swedish time, 2 December
    expect(cancelRefusal(late, '2026-12-02T22:50:00.000Z', sameDay)).toBeNull();
    expect(cancelRefusal(late, '2026-12-02T23:10:00.000Z', sameDay)).toEqual({ code: 'order-not-today', message: expect.stringContaining('lades 2026-12-02 och kan bara makuleras samma dag') });
    expect(cancelRefusal(late, '2026-12-09T10:00:00.000Z', anyDay)).toBeNull();
  });

  it('the mutation: the one who placed it or a store admin; order, lines and the reservation go', () => {
    const facts: CancelOrderFacts = { order: order({ lines: [...order().lines, { lineNo: 2, articleId: 'A1', articleNo: '100001', quantity: 2, route: 'central', status: 'registered', individualId: null }] }), settings: sameDay, sendingReserved: { A1: 4 } };
    const args = { cancellationId: '8e4b6a3c-6a3e-4f57-9f55-2b0f3f1c1a11', orderId: 'o1', storeId: '50301' };
    const at = '2026-12-02T09:00:00.000Z';
    expect(cancelOrder.decide(args, facts, { actor: actor('U4', ['orderer']), at })).toMatchObject({ ok: false, error: { code: 'not-your-order' } });
    const done = cancelOrder.decide(args, facts, { actor: actor('U3'), at });
    expect(done.ok).toBe(true);
    const admin = cancelOrder.decide(args, facts, { actor: actor('U1', ['storeAdmin']), at });
    expect(admin.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.effects).toEqual([
      { kind: 'insert', table: 'order_cancellation', row: { id: args.cancellationId, order_id: 'o1', store_id: '50301', user_id: 'U3', at } },
      { kind: 'update', table: 'customer_order', key: { id: 'o1' }, set: { status: 'cancelled' } },
      { kind: 'update', table: 'customer_order_line', key: { order_id: 'o1', line_no: 1 }, set: { status: 'cancelled' } },
      { kind: 'add', table: 'stock_balance', key: { store_id: '10', article_id: 'A1' }, amounts: { reserved: -3 }, init: { article_no: '100001', on_hand: 0 } },
      { kind: 'update', table: 'customer_order_line', key: { order_id: 'o1', line_no: 2 }, set: { status: 'cancelled' } },
      // Only 4 were reserved: the release stops at zero.
      { kind: 'add', table: 'stock_balance', key: { store_id: '10', article_id: 'A1' }, amounts: { reserved: -1 }, init: { article_no: '100001', on_hand: 0 } },
    ]);
    // An order from the own store: its reservation and its individual are released too.
    const direct = cancelOrder.decide(
      args,
      {
        settings: sameDay,
        sendingReserved: null,
        order: order({
          kind: 'directPrescription',
          fromStoreId: '50301',
          lines: [{ lineNo: 1, articleId: 'A2', articleNo: '100002', quantity: 1, route: null, status: 'registered', individualId: 'I9' }],
          aids: [
            { id: 'aid-1', delivered: false },
            { id: 'aid-0', delivered: true },
          ],
        }),
      },
      { actor: actor('U3'), at },
    );
    expect(direct.ok && direct.value.effects.slice(3)).toEqual([
      { kind: 'update', table: 'individual', key: { id: 'I9' }, set: { status: 'inStore' } },
      { kind: 'add', table: 'stock_balance', key: { store_id: '50301', article_id: 'A2' }, amounts: { reserved: -1 }, init: { article_no: '100002', on_hand: 0 } },
      // On the recipient's aids list the undelivered row is Makulerad; a delivered one stays as it is.
      { kind: 'update', table: 'aid', key: { id: 'aid-1' }, set: { cancelled_at: at } },
    ]);
    expect(cancelOrder.decide(args, { ...facts, order: order({ status: 'picking' }) }, { actor: actor('U3'), at })).toMatchObject({ ok: false, error: { code: 'order-not-registered' } });
    expect(cancelOrder.decide(args, { ...facts, order: null }, { actor: actor('U3'), at })).toMatchObject({ ok: false, error: { code: 'unknown-order' } });
  });
});
