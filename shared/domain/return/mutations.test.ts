import { describe, expect, it } from 'vitest';
import type { Effect } from '../effects';
import { emptyHeader, place, type PlaceOrderFacts } from '../order/recipient-orders';
import { register, rekondDone, type RegisterReturnFacts, type ReturnAidFacts } from './mutations';

const uuid = (n: number) => `0b6b2b35-3c59-4d1f-9a3e-1f0a0a0a0c${String(n).padStart(2, '0')}`;
const AT = '2026-12-02T10:00:00.000Z';
const prescriber = { userId: 'U3', userName: 'U3', roles: ['prescriber' as const], storeIds: ['50301'] };
const technician = { userId: 'U2', userName: 'U2', roles: ['technician' as const], storeIds: ['50301'] };

/** A sale article (förbrukning) the recipient was given, 2 pieces, and a tracked rollator. */
const sale: ReturnAidFacts = { recipientId: 'R7', articleId: 'A-SALE', articleNo: '31010', articleType: 'consumable', individualId: null, quantity: 2, deliveredAt: AT, returnedAt: null };
const rollator: ReturnAidFacts = { recipientId: 'R7', articleId: 'A-ROLL', articleNo: '10702', articleType: 'mainAid', individualId: 'I1', quantity: 1, deliveredAt: AT, returnedAt: null };
const facts = (rekond = true): RegisterReturnFacts => ({
  receipt: { id: 'K1', recipientId: 'R7', aidIds: ['aid-sale', 'aid-roll'] },
  recipient: { id: 'R7' },
  aids: { 'aid-sale': sale, 'aid-roll': rollator },
  individuals: { I1: { individualNo: '100637', status: 'atRecipient' } },
  settings: { rekond },
});
const line = (aidId: string, outcome: 'stock' | 'scrap' | 'deregister', n: number) => ({ lineId: uuid(n), aidId, outcome, movementId: uuid(n + 10), outMovementId: uuid(n + 20), textId: uuid(n + 30) });
const args = (lines: ReturnType<typeof line>[]) => ({ returnId: uuid(0), storeId: '50301', recipientId: 'R7', receiptId: 'K1', contactPrescriber: true, lines });

/** What the effects add to the store's balance of an article. */
const balanceChange = (effects: readonly Effect[], articleId: string) =>
  effects.reduce((sum, e) => (e.kind === 'add' && e.table === 'stock_balance' && e.key.article_id === articleId ? sum + Number(e.amounts.on_hand ?? 0) : sum), 0);

describe('retur: the rekond status and sale articles (manual 002)', () => {
  it('a returned individual goes to status rekond when the setting is on, with the infection flag on its line; inStore when it is off', () => {
    const d = register.decide(args([line('aid-roll', 'stock', 1)]), facts(true), { actor: prescriber, at: AT });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.effects).toContainEqual(expect.objectContaining({ kind: 'update', table: 'individual', key: { id: 'I1' }, set: { status: 'rekond', store_id: '50301', location: null } }));
    expect(d.value.effects).toContainEqual(expect.objectContaining({ kind: 'insert', table: 'aid_return_line', row: expect.objectContaining({ rekond: 'pending', contact_prescriber: true }) }));
    const off = register.decide(args([line('aid-roll', 'stock', 1)]), facts(false), { actor: prescriber, at: AT });
    expect(off.ok && off.value.effects).toContainEqual(expect.objectContaining({ kind: 'update', table: 'individual', set: { status: 'inStore', store_id: '50301', location: null } }));
  });

  it('rekond klar needs the individual in status rekond in the store: then inStore', () => {
    const lineFacts = { line: { storeId: '50301', individualId: 'I1', rekond: 'pending' as const }, individual: { individualNo: '100637', status: 'rekond' as const, storeId: '50301' } };
    const d = rekondDone.decide({ lineId: uuid(1), storeId: '50301', textId: uuid(2) }, lineFacts, { actor: technician, at: AT });
    expect(d.ok && d.value.effects).toContainEqual(expect.objectContaining({ kind: 'update', table: 'individual', key: { id: 'I1' }, set: { status: 'inStore' } }));
    const moved = rekondDone.decide({ lineId: uuid(1), storeId: '50301', textId: uuid(2) }, { ...lineFacts, individual: { ...lineFacts.individual, status: 'inStore' } }, { actor: technician, at: AT });
    expect(moved.ok ? null : moved.error.code).toBe('individual-moved');
  });

  it('a de-registered sale article leaves the list, goes into the ledger and out again: the balance does not grow', () => {
    const d = register.decide(args([line('aid-sale', 'deregister', 1)]), facts(), { actor: prescriber, at: AT });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const moves = d.value.effects.filter((e) => e.kind === 'insert' && e.table === 'stock_movement').map((e) => (e.kind === 'insert' ? { quantity: e.row.quantity, reason: e.row.reason } : null));
    expect(moves).toEqual([
      { quantity: 2, reason: 'return' },
      { quantity: -2, reason: 'scrap' },
    ]);
    expect(balanceChange(d.value.effects, 'A-SALE')).toBe(0);
    expect(d.value.effects).toContainEqual(expect.objectContaining({ kind: 'update', table: 'aid', key: { id: 'aid-sale' }, set: { returned_at: AT } }));
    // It can never be returned into stock instead.
    const back = register.decide(args([line('aid-sale', 'stock', 1)]), facts(), { actor: prescriber, at: AT });
    expect(back.ok ? null : back.error.code).toBe('sale-article');
  });

  it('prescribing it again from the own store: the balance never held it, so the order is refused instead of making the balance negative', () => {
    // The store had 1 of the article; the 2 de-registered pieces kept "for later use" are not in the balance.
    const deregistered = register.decide(args([line('aid-sale', 'deregister', 1)]), facts(), { actor: prescriber, at: AT });
    if (!deregistered.ok) throw new Error(deregistered.error.message);
    const available = 1 + balanceChange(deregistered.value.effects, 'A-SALE');
    expect(available).toBe(1);
    const orderFacts: PlaceOrderFacts = {
      articles: { 'A-SALE': { id: 'A-SALE', articleNo: '31010', name: 'Inkontinensskydd', articleStatus: 'active', articleType: 'consumable', trackedIndividually: false, supplierId: null, priceOre: 1200 } },
      recipient: { id: 'R8', kind: 'patient' },
      servicePoint: { id: '50312', storeId: '50301' },
      fromStoreKind: 'buffer',
      individuals: {},
      available: { 'A-SALE': available },
      central: null,
    };
    const order = (quantity: number) =>
      place.decide(
        {
          orderId: uuid(40),
          provisionalNo: 'P50301-7F3A-0001',
          kind: 'directPrescription',
          storeId: '50301',
          fromStoreId: '50301',
          recipientId: 'R8',
          servicePointId: '50312',
          header: emptyHeader(),
          lines: [{ aidId: uuid(41), articleId: 'A-SALE', quantity, individualId: null, payerId: '50301', text: null, replacesArticleId: null }],
        },
        orderFacts,
        { actor: prescriber, at: AT },
      );
    const refused = order(2);
    expect(refused.ok ? null : refused.error).toEqual({ code: 'not-in-stock', message: 'Artikel 31010 finns bara 1 st tillgänglig i lager 50301; ordern behöver 2.' });
    // What the balance does hold can still be prescribed.
    expect(order(1).ok).toBe(true);
  });
});
