import { describe, expect, it } from 'vitest';
import { careUnitCodeForm, isUndelivered, parseRecipientQuery } from './search';

const today = new Date('2026-12-01T10:00:00Z');

describe('a recipient is searched by 12-digit personnummer or care-unit code', () => {
  it('a valid 12-digit personnummer is a patient search (a hyphen after the date is tolerated)', () => {
    expect(parseRecipientQuery('191212121212', undefined, today)).toEqual({ ok: true, value: { kind: 'personalNumber', personalNumber: '191212121212' } });
    expect(parseRecipientQuery(' 19121212-1212 ', undefined, today)).toEqual({ ok: true, value: { kind: 'personalNumber', personalNumber: '191212121212' } });
  });
  it('an invalid check digit is refused with a Swedish message, no lookup', () => {
    const r = parseRecipientQuery('191212121213', undefined, today);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('personalNumber.checkDigit');
      expect(r.error.message).toMatch(/Kontrollsiffran/);
    }
  });
  it('a date that does not exist is refused', () => {
    const r = parseRecipientQuery('198202301234', undefined, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('personalNumber.date');
  });
  it('ten digits ask for the century', () => {
    const r = parseRecipientQuery('121212-1212', undefined, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/12 siffror/);
  });
  it('a care unit by its code, 4–5 digits by default', () => {
    expect(parseRecipientQuery('5025', undefined, today)).toEqual({ ok: true, value: { kind: 'careUnit', code: '5025' } });
    expect(parseRecipientQuery('50250', undefined, today)).toEqual({ ok: true, value: { kind: 'careUnit', code: '50250' } });
    expect(parseRecipientQuery('502', undefined, today).ok).toBe(false);
    expect(parseRecipientQuery('5025001', undefined, today).ok).toBe(false);
  });
  it("the region's own form of care-unit codes is a setting", () => {
    const form = careUnitCodeForm('VE\\d{3}', 'VE och 3 siffror')!;
    expect(parseRecipientQuery('VE123', form, today)).toEqual({ ok: true, value: { kind: 'careUnit', code: 'VE123' } });
    const r = parseRecipientQuery('5025', form, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/VE och 3 siffror/);
    expect(careUnitCodeForm('(', 'x')).toBeNull();
  });
  it('empty and other text is refused', () => {
    expect(parseRecipientQuery('', undefined, today).ok).toBe(false);
    expect(parseRecipientQuery('Anna', undefined, today).ok).toBe(false);
  });
  it('quantity 0 and no delivery date means not yet delivered', () => {
    expect(isUndelivered({ quantity: 0, deliveredAt: null })).toBe(true);
    expect(isUndelivered({ quantity: 1, deliveredAt: '2026-01-01' })).toBe(false);
    expect(isUndelivered({ quantity: 0, deliveredAt: '2026-01-01' })).toBe(false);
  });
});
