import { describe, expect, it } from 'vitest';
import type { ArticleFacts } from '../article/facts';
import type { Actor } from '../mutation';
import { adjust, balanceRefusal, MAX_BALANCE } from './mutations';

const at = '2026-11-22T09:30:00.000Z';
const technician: Actor = { userId: 'U2', userName: 'Ahmed Lagerman', roles: ['technician'], storeIds: ['50301'] };
const admin: Actor = { userId: 'U1', userName: 'Lena Tekniker', roles: ['technician', 'storeAdmin'], storeIds: ['50301'] };
const hink: ArticleFacts = { id: 'A10032', articleNo: '10032', trackedIndividually: false, aidCategory: 'A', articleStatus: 'active' };
const rollator: ArticleFacts = { ...hink, id: 'A10000', articleNo: '10000', trackedIndividually: true };
const args = { movementId: '00000000-0000-4000-8000-000000000006', articleId: 'A10032', storeId: '50301', quantity: -2, reason: 'Inventeringsdifferens' };

describe('stock adjustment by a store admin', () => {
  it('writes an adjustment movement with the reason, and the balance follows', () => {
    const r = adjust.decide(args, { article: hink, onHand: 5 }, { actor: admin, at });
    expect(r.ok && r.value.effects).toMatchObject([
      { kind: 'insert', table: 'stock_movement', row: { quantity: -2, reason: 'adjustment', note: 'Inventeringsdifferens', user_id: 'U1' } },
      { kind: 'add', table: 'stock_balance', key: { store_id: '50301', article_id: 'A10032' }, amounts: { on_hand: -2 }, init: { article_no: '10032' } },
    ]);
  });

  it('is for store admins only', () => {
    const r = adjust.decide(args, { article: hink, onHand: 5 }, { actor: technician, at });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden-role', message: 'Bara lageradministratörer får göra detta.' } });
  });

  it('refuses individually tracked articles (their balance follows the individuals)', () => {
    expect(adjust.decide(args, { article: rollator, onHand: 5 }, { actor: admin, at })).toMatchObject({ ok: false, error: { code: 'article-tracked' } });
  });

  it('refuses a zero quantity, quantities over 10,000 and control characters in the reason', () => {
    expect(adjust.args.safeParse({ ...args, quantity: 0 }).success).toBe(false);
    expect(adjust.args.safeParse({ ...args, quantity: 10_001 }).success).toBe(false);
    expect(adjust.args.safeParse({ ...args, quantity: 1e300 }).success).toBe(false);
    expect(adjust.args.safeParse({ ...args, reason: 'a\u0000' }).success).toBe(false);
  });

  it('cannot take a balance below zero', () => {
    const r = adjust.decide({ ...args, quantity: -6 }, { article: hink, onHand: 5 }, { actor: admin, at });
    expect(r).toMatchObject({ ok: false, error: { code: 'balance-below-zero' } });
    if (!r.ok) expect(r.error.message).toBe('Saldot för artikel 10032 är 5; en justering med -6 skulle ge -1. En justering kan inte göra saldot negativt.');
  });
});

describe('how far a balance may go', () => {
  it('a negative balance (aids handed out without stock) may be corrected upwards, never further down', () => {
    expect(balanceRefusal(-3, 1, '1')).toBeNull();
    expect(balanceRefusal(-3, 3, '1')).toBeNull();
    expect(balanceRefusal(-3, -1, '1')).toMatchObject({ error: { code: 'balance-below-zero' } });
  });
  it('down to exactly zero is fine; over the maximum is not', () => {
    expect(balanceRefusal(2, -2, '1')).toBeNull();
    expect(balanceRefusal(MAX_BALANCE, 1, '1')).toMatchObject({ error: { code: 'balance-too-large' } });
  });
});
