import { describe, expect, it } from 'vitest';
import {
  decideAddIndividualText,
  decideChangeIndividualNo,
  decideRegisterIndividual,
  decideStockAdjustment,
  mutationArgs,
  type Actor,
  type ArticleFacts,
  type IndividualFacts,
} from './mutations';

const at = '2026-11-22T09:30:00.000Z';
const technician: Actor = { userId: 'U2', userName: 'Ahmed Lagerman', roles: ['technician'], storeIds: ['50301'] };
const admin: Actor = { userId: 'U1', userName: 'Lena Tekniker', roles: ['technician', 'storeAdmin'], storeIds: ['50301'] };
const prescriber: Actor = { userId: 'U3', userName: 'Karin Arbetsterapeut', roles: ['prescriber'], storeIds: ['50301'] };
const rollator: ArticleFacts = { id: 'A10000', articleNo: '10000', trackedIndividually: true, aidCategory: 'B', articleStatus: 'active' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const register = {
  individualId: uuid(1),
  movementId: uuid(2),
  textId: uuid(3),
  articleId: 'A10000',
  individualNo: '900001',
  serialNo: 'SN-1',
  estimatedAgeYears: 0,
  storeId: '50301',
  text: null,
};
const individual: IndividualFacts = { id: 'I1', individualNo: '100000', articleId: 'A10000', status: 'inStore', storeId: '50301' };

describe('registering a new individual (B-aids, manual 003 "Registrera ny individ")', () => {
  const facts = { actor: technician, article: rollator, individualNoTaken: false, individualIdTaken: false, at };

  it('puts the individual in the store with a +1 movement and an audit entry by the user', () => {
    const r = decideRegisterIndividual(register, facts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.insertIndividual).toMatchObject({ individualNo: '900001', status: 'inStore', storeId: '50301', estimatedAgeYears: 0 });
    expect(r.value.movement).toMatchObject({ quantity: 1, reason: 'registration', userId: 'U2', storeId: '50301' });
    expect(r.value.audit).toMatchObject({ action: 'individual.register', userId: 'U2', at });
    expect(r.value.insertText).toBeUndefined();
  });

  it('keeps an optional description as text information', () => {
    const r = decideRegisterIndividual({ ...register, text: 'Begagnad, ny broms' }, facts);
    expect(r.ok && r.value.insertText?.text).toBe('Begagnad, ny broms');
  });

  it.each([
    ['duplicate-individual-no', { individualNoTaken: true }],
    ['unknown-article', { article: null }],
    ['article-not-tracked', { article: { ...rollator, trackedIndividually: false } }],
    ['article-not-b-aid', { article: { ...rollator, aidCategory: 'A' as const } }],
    ['forbidden-role', { actor: prescriber }],
    ['forbidden-store', { actor: { ...technician, storeIds: ['402'] } }],
  ])('is refused: %s', (code, change) => {
    const r = decideRegisterIndividual(register, { ...facts, ...change });
    expect(r).toMatchObject({ ok: false, error: { code } });
    if (!r.ok) expect(r.error.message).toMatch(/[a-zåäö]/);
  });

  it('validates its arguments with Swedish messages', () => {
    const bad = mutationArgs['individual.register'].safeParse({ ...register, individualNo: '12 34', estimatedAgeYears: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message).join(' ')).toMatch(/Individnumret får bara.*negativ/);
  });
});

describe('changing an individual number (manual 000 §2.3)', () => {
  const args = { individualId: 'I1', newIndividualNo: '100999', reason: 'Etiketten oläslig', confirmed: true as const, textId: uuid(4) };

  it('updates the number and leaves a text with date, old number, reason and user', () => {
    const r = decideChangeIndividualNo(args, { actor: technician, individual, newNumberTaken: false, at });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.updateIndividualNo).toEqual({ id: 'I1', individualNo: '100999' });
    expect(r.value.insertText?.text).toBe('2026-11-22 Byte av individnummer. Tidigare individnummer: 100000. Anledning: Etiketten oläslig. /Ahmed Lagerman');
  });

  it('needs the explicit confirmation', () => {
    const parsed = mutationArgs['individual.changeNumber'].safeParse({ ...args, confirmed: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/Bekräfta/);
  });

  it.each([
    ['duplicate-individual-no', { newNumberTaken: true }],
    ['unknown-individual', { individual: null }],
    ['forbidden-role', { actor: prescriber }],
  ])('is refused: %s', (code, change) => {
    expect(decideChangeIndividualNo(args, { actor: technician, individual, newNumberTaken: false, at, ...change })).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses the same number', () => {
    expect(decideChangeIndividualNo({ ...args, newIndividualNo: '100000' }, { actor: technician, individual, newNumberTaken: true, at })).toMatchObject({
      ok: false,
      error: { code: 'same-individual-no' },
    });
  });
});

describe('text information on an individual', () => {
  it('is added with the user and time', () => {
    const r = decideAddIndividualText({ individualId: 'I1', textId: uuid(5), text: 'Kontrollerad' }, { actor: technician, individual, at });
    expect(r.ok && r.value.insertText).toMatchObject({ text: 'Kontrollerad', userId: 'U2', at });
  });
  it('needs an existing individual and at most 255 characters', () => {
    expect(decideAddIndividualText({ individualId: 'I9', textId: uuid(5), text: 'x' }, { actor: technician, individual: null, at }).ok).toBe(false);
    expect(mutationArgs['individual.addText'].safeParse({ individualId: 'I1', textId: uuid(5), text: 'x'.repeat(256) }).success).toBe(false);
  });
});

describe('stock adjustment by a store admin', () => {
  const hink: ArticleFacts = { id: 'A10032', articleNo: '10032', trackedIndividually: false, aidCategory: 'A', articleStatus: 'active' };
  const args = { movementId: uuid(6), articleId: 'A10032', storeId: '50301', quantity: -2, reason: 'Inventeringsdifferens' };

  it('writes an adjustment movement with the reason', () => {
    const r = decideStockAdjustment(args, { actor: admin, article: hink, at });
    expect(r.ok && r.value.movement).toMatchObject({ quantity: -2, reason: 'adjustment', note: 'Inventeringsdifferens', userId: 'U1' });
  });

  it('is for store admins only', () => {
    const r = decideStockAdjustment(args, { actor: technician, article: hink, at });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden-role', message: 'Bara lageradministratörer får göra detta.' } });
  });

  it('refuses individually tracked articles (their balance follows the individuals)', () => {
    expect(decideStockAdjustment(args, { actor: admin, article: rollator, at })).toMatchObject({ ok: false, error: { code: 'article-tracked' } });
  });

  it('refuses a zero quantity', () => {
    expect(mutationArgs['stock.adjust'].safeParse({ ...args, quantity: 0 }).success).toBe(false);
  });
});
