import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../model';
import { issue, type IssueOrderFacts } from './recipient-orders';

const ORDER = '0b6b2b35-3c59-4d1f-9a3e-1f0a0a0a0a01';
const uuid = (n: number) => `0b6b2b35-3c59-4d1f-9a3e-1f0a0a0a0b${String(n).padStart(2, '0')}`;
const facts = (lineStatus: [string, string] = ['registered', 'registered'], status: OrderStatus = 'registered'): IssueOrderFacts => ({
  order: { id: ORDER, orderNo: null, provisionalNo: 'P50301-7F3A-0001', kind: 'directPrescription', status, storeId: '50301', fromStoreId: '50301', recipientId: 'R7' },
  lines: [
    { lineNo: 1, articleId: 'A1', articleNo: '10702', quantity: 1, individualId: 'I1', tracked: true, status: lineStatus[0] },
    { lineNo: 2, articleId: 'A2', articleNo: '20001', quantity: 3, individualId: null, tracked: false, status: lineStatus[1] },
  ],
  aids: { 1: 'aid-1', 2: 'aid-2' },
  individuals: { I1: { id: 'I1', individualNo: '100637', articleId: 'A1', status: 'reserved', storeId: '50301' } },
  openActivities: [],
});
const actor = { userId: 'U3', userName: 'U3', roles: ['prescriber' as const], storeIds: ['50301'] };
const AT = '2026-12-02T10:00:00.000Z';
const line1 = { lineNo: 1, movementId: uuid(1), individualId: 'I1', quantity: 1 };
const line2 = { lineNo: 2, movementId: uuid(2), individualId: null, quantity: 3 };
const orderUpdates = (d: ReturnType<typeof issue.decide>) =>
  d.ok ? d.value.effects.filter((e) => e.kind === 'update' && e.table === 'customer_order').map((e) => (e.kind === 'update' ? e.set : null)) : null;

describe('utleverans line by line', () => {
  it('hands out some lines now: those lines, their stock and aids move; the order is För plock and keeps waiting', () => {
    const d = issue.decide({ orderId: ORDER, lines: [line1] }, facts(), { actor, at: AT });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const tables = d.value.effects.map((e) => `${e.kind}:${e.table}`);
    expect(tables).toContain('update:individual');
    expect(d.value.effects.filter((e) => e.kind === 'update' && e.table === 'aid')).toEqual([expect.objectContaining({ key: { id: 'aid-1' }, set: { quantity: 1, delivered_at: AT } })]);
    expect(d.value.effects.filter((e) => e.kind === 'update' && e.table === 'customer_order_line')).toEqual([expect.objectContaining({ key: { order_id: ORDER, line_no: 1 } })]);
    expect(orderUpdates(d)).toEqual([{ status: 'picking' }]);
  });

  it('the last line out makes the order Utlevererad', () => {
    expect(orderUpdates(issue.decide({ orderId: ORDER, lines: [line2] }, facts(['shipped', 'registered'], 'picking'), { actor, at: AT }))).toEqual([{ status: 'shipped', shipped_at: AT }]);
    expect(orderUpdates(issue.decide({ orderId: ORDER, lines: [line1, line2] }, facts(), { actor, at: AT }))).toEqual([{ status: 'shipped', shipped_at: AT }]);
  });

  it('a line already out is refused in Swedish (a second workstation offline: a conflict, nothing doubled)', () => {
    const d = issue.decide({ orderId: ORDER, lines: [line1] }, facts(['shipped', 'registered'], 'picking'), { actor, at: AT });
    expect(d.ok ? null : d.error).toEqual({ code: 'already-issued', message: 'Rad 1 (artikel 10702) är redan utlevererad.' });
    expect(issue.args.safeParse({ orderId: ORDER, lines: [line1, { ...line1, movementId: uuid(3) }] }).success).toBe(false);
  });

  it('a line is issued whole, by the individual it reserved; an unknown line is refused', () => {
    const refused = (lines: (typeof line1 | typeof line2)[]) => {
      const d = issue.decide({ orderId: ORDER, lines }, facts(), { actor, at: AT });
      return d.ok ? null : d.error.message;
    };
    expect(refused([{ ...line2, quantity: 2 }])).toBe('Rad 2: 3 st ska lämnas ut, 2 är plockade.');
    expect(refused([{ ...line1, individualId: 'I9' }])).toBe('Rad 1: skanna individen som ordern reserverade.');
    expect(refused([{ ...line1, lineNo: 5 }])).toBe('Order P50301-7F3A-0001 har ingen rad 5.');
  });

  it('an order with an open linked activity is not handed out until the activity is closed (aktivitet kopplad till kundorder)', () => {
    const d = issue.decide({ orderId: ORDER, lines: [line1, line2] }, { ...facts(), openActivities: ['26490003'] }, { actor, at: AT });
    expect(d).toEqual({ ok: false, error: { code: 'activity-open', message: 'Order P50301-7F3A-0001 kan inte lämnas ut förrän aktivitet 26490003 är avslutad.' } });
    expect(issue.decide({ orderId: ORDER, lines: [line1, line2] }, facts(), { actor, at: AT }).ok).toBe(true);
  });
});
