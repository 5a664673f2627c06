import { describe, expect, it } from 'vitest';
import type { ArticleFacts } from '../article/facts';
import type { Actor } from '../mutation';
import { addText, changeNumber, register, type IndividualFacts } from './mutations';

const at = '2026-11-22T09:30:00.000Z';
const technician: Actor = { userId: 'U2', userName: 'Ahmed Lagerman', roles: ['technician'], storeIds: ['50301'] };
const prescriber: Actor = { userId: 'U3', userName: 'Karin Arbetsterapeut', roles: ['prescriber'], storeIds: ['50301'] };
const rollator: ArticleFacts = { id: 'A10000', articleNo: '10000', trackedIndividually: true, aidCategory: 'B', articleStatus: 'active' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const registerArgs = {
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
const ctx = { actor: technician, at };

describe('registering a new individual (B-aids, manual 003 "Registrera ny individ")', () => {
  const facts = { article: rollator, individualNoTaken: false, registration: 'store' as const };

  it('puts the individual in the store with a +1 movement on the balance and an audit entry', () => {
    const r = register.decide(registerArgs, facts, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [ind, movement, balance, ...rest] = r.value.effects;
    expect(ind).toMatchObject({ kind: 'insert', table: 'individual', row: { individual_no: '900001', status: 'inStore', store_id: '50301', estimated_age_years: 0 } });
    expect(movement).toMatchObject({ kind: 'insert', table: 'stock_movement', row: { quantity: 1, reason: 'registration', user_id: 'U2', store_id: '50301' } });
    expect(balance).toMatchObject({ kind: 'add', table: 'stock_balance', key: { store_id: '50301', article_id: 'A10000' }, amounts: { on_hand: 1 } });
    expect(rest).toEqual([]);
    expect(r.value.audit).toMatchObject({ action: 'individual.register', entityId: uuid(1) });
  });

  it('keeps an optional description as text information', () => {
    const r = register.decide({ ...registerArgs, text: 'Begagnad, ny broms' }, facts, ctx);
    expect(r.ok && r.value.effects.at(-1)).toMatchObject({ table: 'individual_text', row: { text: 'Begagnad, ny broms', user_id: 'U2', at } });
  });

  it.each([
    ['duplicate-individual-no', { individualNoTaken: true }, technician],
    ['unknown-article', { article: null }, technician],
    ['article-not-tracked', { article: { ...rollator, trackedIndividually: false } }, technician],
    ['article-not-b-aid', { article: { ...rollator, aidCategory: 'A' as const } }, technician],
    ['registration-by-central', { registration: 'central' as const }, technician],
    ['forbidden-role', {}, prescriber],
    ['forbidden-store', {}, { ...technician, storeIds: ['402'] }],
  ])('is refused: %s', (code, change, actor) => {
    const r = register.decide(registerArgs, { ...facts, ...change }, { actor, at });
    expect(r).toMatchObject({ ok: false, error: { code } });
    if (!r.ok) expect(r.error.message).toMatch(/[a-zåäö]/);
    expect(register.refusals).toContain(code);
  });

  it('validates its arguments with Swedish messages', () => {
    const bad = register.args.safeParse({ ...registerArgs, individualNo: '12 34', estimatedAgeYears: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message).join(' ')).toMatch(/Individnumret får bara.*negativ/);
  });

  it.each(['a\u0000b', 'rad\nbrytning', 'x\u001bx', '\ud800'])('refuses a serial number with control characters or broken text (%j)', (serialNo) => {
    const bad = register.args.safeParse({ ...registerArgs, serialNo });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/styrtecken/);
  });

  it('refuses ids that are no ids', () => {
    expect(register.args.safeParse({ ...registerArgs, articleId: 'A1\u0000' }).success).toBe(false);
    expect(register.args.safeParse({ ...registerArgs, storeId: 'x'.repeat(65) }).success).toBe(false);
  });
});

describe('changing an individual number (manual 000 §2.3)', () => {
  const args = { individualId: 'I1', newIndividualNo: '100999', reason: 'Etiketten oläslig', confirmed: true as const, textId: uuid(4) };
  const facts = { individual, newNumberTaken: false };

  it('leaves a text with date, old number, reason and user, and updates the number', () => {
    const r = changeNumber.decide(args, facts, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.effects).toEqual([
      {
        kind: 'insert',
        table: 'individual_text',
        row: {
          id: uuid(4),
          individual_id: 'I1',
          at,
          user_id: 'U2',
          text: '2026-11-22 Byte av individnummer. Tidigare individnummer: 100000. Anledning: Etiketten oläslig. /Ahmed Lagerman',
        },
      },
      { kind: 'update', table: 'individual', key: { id: 'I1' }, set: { individual_no: '100999' } },
    ]);
  });

  it('needs the explicit confirmation', () => {
    const parsed = changeNumber.args.safeParse({ ...args, confirmed: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/Bekräfta/);
  });

  it.each([
    ['duplicate-individual-no', { newNumberTaken: true }, technician],
    ['unknown-individual', { individual: null }, technician],
    ['forbidden-role', {}, prescriber],
    ['individual-elsewhere', { individual: { ...individual, storeId: '402' } }, technician],
    ['individual-elsewhere', { individual: { ...individual, storeId: null, status: 'atRecipient' as const } }, technician],
  ])('is refused: %s', (code, change, actor) => {
    expect(changeNumber.decide(args, { ...facts, ...change }, { actor, at })).toMatchObject({ ok: false, error: { code } });
    expect(changeNumber.refusals).toContain(code);
  });

  it('refuses the same number', () => {
    expect(changeNumber.decide({ ...args, newIndividualNo: '100000' }, { individual, newNumberTaken: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'same-individual-no' },
    });
  });
});

describe('text information on an individual', () => {
  const args = { individualId: 'I1', textId: uuid(5), text: 'Kontrollerad' };

  it('is added with the user and time', () => {
    const r = addText.decide(args, { individual }, ctx);
    expect(r.ok && r.value.effects).toEqual([{ kind: 'insert', table: 'individual_text', row: { id: uuid(5), individual_id: 'I1', at, user_id: 'U2', text: 'Kontrollerad' } }]);
  });

  it('may be written on an aid out at a recipient (the store that handed it out follows it up)', () => {
    expect(addText.decide(args, { individual: { ...individual, storeId: null, status: 'atRecipient' } }, ctx).ok).toBe(true);
  });

  it('is refused on an individual another store now holds', () => {
    expect(addText.decide(args, { individual: { ...individual, storeId: '402' } }, ctx)).toMatchObject({ ok: false, error: { code: 'individual-elsewhere' } });
  });

  it('needs an existing individual and at most 255 characters; line breaks are kept', () => {
    expect(addText.decide(args, { individual: null }, ctx).ok).toBe(false);
    expect(addText.args.safeParse({ ...args, text: 'x'.repeat(256) }).success).toBe(false);
    expect(addText.args.safeParse({ ...args, text: 'rad 1\nrad 2' }).success).toBe(true);
    expect(addText.args.safeParse({ ...args, text: 'noll\u0000tecken' }).success).toBe(false);
  });
});
