import fc from 'fast-check';
import Personnummer from 'personnummer';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { formatCaseNumber, isValidHsaId, parseCaseNumber, parseIsoCode, parsePersonalNumber } from './index';

/** Tests run against a fixed "today" so they do not change meaning with the calendar. */
const TODAY = new Date(2025, 5, 1); // 2025-06-01

/** Independent Luhn implementation for building test numbers. */
function luhnDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid 12-digit number for a date and birth number. */
function pnr(yyyymmdd: string, nnn: string): string {
  return yyyymmdd + nnn + luhnDigit(yyyymmdd.slice(2) + nnn);
}

describe('parsePersonalNumber', () => {
  // Vectors: github.com/personnummer/meta, testdata/list.json (shared test data of the
  // personnummer libraries for ~20 languages). "con" = samordningsnummer.
  const META = [
    { long: '201509160006', sep: '150916-0006', valid: false, male: false },
    { long: '190905271474', sep: '090527+1474', sepLong: '19090527+1474', valid: true, male: true },
    { long: '198707049996', sep: '870704-9996', valid: false, male: true },
    { long: '198211059954', sep: '821105-9954', valid: true, male: true },
    { long: '193901829913', sep: '390182-9913', valid: false, male: true },
    { long: '195705749959', sep: '570574-9959', valid: true, male: true, con: true },
    { long: '201211209941', sep: '121120-9941', valid: false, male: false },
    { long: '199012119948', sep: '901211-9948', valid: true, male: false },
    { long: '201210759984', sep: '121075-9984', valid: false, male: false },
    { long: '197306749982', sep: '730674-9982', valid: true, male: false, con: true },
    { long: '187912219990', sep: '791221+9990', valid: true, male: true },
    { long: '200012099891', sep: '001209-9891', valid: true, male: true },
  ];

  it.each(META)('personnummer/meta vector $long (valid: $valid)', (v) => {
    const long = parsePersonalNumber(v.long, TODAY);
    const separated = parsePersonalNumber(v.sep, TODAY);
    expect(long.ok).toBe(v.valid);
    expect(separated.ok).toBe(v.valid);
    if (long.ok && separated.ok) {
      expect(long.value.normalized).toBe(v.long);
      expect(separated.value.normalized).toBe(v.long);
      expect(long.value.sex).toBe(v.male ? 'male' : 'female');
      expect(long.value.coordination).toBe(v.con === true);
    }
    if (v.sepLong) expect(parsePersonalNumber(v.sepLong, TODAY).ok).toBe(v.valid);
  });

  it('rejects the space separator of the meta vector "19090527 1474" and other separators', () => {
    for (const s of ['19090527 1474', '090527 1474', '821105/9954', '821105.9954', '8211-059954', '82110599549']) {
      const r = parsePersonalNumber(s, TODAY);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('personalNumber.format');
    }
  });

  it('gives the birth date, with day − 60 for a samordningsnummer', () => {
    const r = parsePersonalNumber('195705749959', TODAY);
    expect(r).toEqual({ ok: true, value: { normalized: '195705749959', birthDate: '1957-05-14', coordination: true, sex: 'male' } });
  });

  it('checks that dates exist, leap years included', () => {
    expect(parsePersonalNumber(pnr('20000229', '123'), TODAY).ok).toBe(true); // 2000 is a leap year
    expect(parsePersonalNumber(pnr('20240229', '123'), TODAY).ok).toBe(true);
    const notLeap = parsePersonalNumber(pnr('20230229', '123'), TODAY);
    expect(notLeap.ok).toBe(false);
    if (!notLeap.ok) expect(notLeap.error.code).toBe('personalNumber.date');
    expect(parsePersonalNumber(pnr('19000229', '123'), TODAY).ok).toBe(false); // 1900 is not
    expect(parsePersonalNumber(pnr('19801301', '123'), TODAY).ok).toBe(false);
    expect(parsePersonalNumber(pnr('19800431', '123'), TODAY).ok).toBe(false);
    expect(parsePersonalNumber(pnr('19800491', '123'), TODAY).ok).toBe(false); // 31 + 60 in a 30-day month
  });

  it('rejects birth number 000 and a wrong check digit, saying which', () => {
    const zero = parsePersonalNumber(pnr('19800101', '000'), TODAY);
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.error.code).toBe('personalNumber.birthNumber');
    const good = pnr('19800101', '123');
    const bad = good.slice(0, 11) + ((Number(good[11]) + 1) % 10);
    const r = parsePersonalNumber(bad, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('personalNumber.checkDigit');
      expect(r.error.message).toMatch(/Kontrollsiffran/);
    }
  });

  it('decides the century of a 10-digit number from the separator and today', () => {
    const n = pnr('19250601', '234').slice(2); // 250601NNNC
    // On 2025-03-01 someone born 2025-06-01 does not exist yet: the number means 1925 (99 years).
    const march = new Date(2025, 2, 1);
    expect(parsePersonalNumber(n, march)).toMatchObject({ ok: true, value: { birthDate: '1925-06-01' } });
    expect(parsePersonalNumber(`${n.slice(0, 6)}-${n.slice(6)}`, march)).toMatchObject({ ok: true, value: { birthDate: '1925-06-01' } });
    // On 2025-06-01 the same digits with "-" mean a newborn; with "+" someone born in 1925.
    expect(parsePersonalNumber(n, TODAY)).toMatchObject({ ok: true, value: { birthDate: '2025-06-01' } });
    expect(parsePersonalNumber(`${n.slice(0, 6)}+${n.slice(6)}`, TODAY)).toMatchObject({ ok: true, value: { birthDate: '1925-06-01' } });
    // "+" on 2025-03-01: 100 years or older → 1825.
    expect(parsePersonalNumber(`${n.slice(0, 6)}+${n.slice(6)}`, march)).toMatchObject({ ok: true, value: { birthDate: '1825-06-01' } });
  });

  it('rejects future birth dates and a "+" that contradicts a 12-digit date', () => {
    const future = parsePersonalNumber(pnr('20300101', '123'), TODAY);
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error.code).toBe('personalNumber.future');
    const young = pnr('19800101', '123');
    const plus = parsePersonalNumber(`${young.slice(0, 8)}+${young.slice(8)}`, TODAY);
    expect(plus.ok).toBe(false);
    if (!plus.ok) expect(plus.error.code).toBe('personalNumber.plus');
    expect(parsePersonalNumber(`${young.slice(0, 8)}-${young.slice(8)}`, TODAY).ok).toBe(true);
  });

  it('agrees with the personnummer package on random 12-digit numbers (differential)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(1900, 0, 1), max: new Date(2025, 4, 31), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        (date, birth, check, coordination) => {
          const day = date.getDate() + (coordination ? 60 : 0);
          const s =
            String(date.getFullYear()) +
            String(date.getMonth() + 1).padStart(2, '0') +
            String(day).padStart(2, '0') +
            String(birth).padStart(3, '0') +
            String(check);
          expect(parsePersonalNumber(s, TODAY).ok).toBe(Personnummer.valid(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads the 10-digit "-" form of anyone under 100 as the same person (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(1925, 5, 2), max: new Date(2025, 4, 31), noInvalidDate: true }), fc.integer({ min: 1, max: 999 }), (date, birth) => {
        const ymd = `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`;
        const long = pnr(ymd, String(birth).padStart(3, '0'));
        const short = `${long.slice(2, 8)}-${long.slice(8)}`;
        const a = parsePersonalNumber(long, TODAY);
        const b = parsePersonalNumber(short, TODAY);
        expect(a.ok && b.ok && a.value.normalized === b.value.normalized).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isValidHsaId', () => {
  // Format: Inera, "HSA-id": "SE" + organisation number (with or without the "16" prefix) + "-"
  // + local part of letters and digits; at most 31 characters. Examples from the issue text.
  it.each(['SE2321000016-39KJ', 'SE165565594230-WEBCERT00001', 'SE2321000016-1', 'SE162321000016-abcDEF123'])('accepts %s', (id) => {
    expect(isValidHsaId(id)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['se2321000016-39KJ', 'lower-case country'],
    ['SE232100001-39KJ', '9 digits'],
    ['SE23210000161-39KJ', '11 digits'],
    ['SE2321000016-', 'empty local part'],
    ['SE232100001639KJ', 'no hyphen'],
    ['SE2321000016-39 KJ', 'space'],
    ['SE2321000016-39ÅK', 'non-ASCII letter'],
    ['SE2321000016-39-KJ', 'second hyphen'],
    ['SE165565594230-WEBCERT0000123456', '32 characters'],
    ['SE2321000016-39KJ\n', 'trailing newline'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidHsaId(id)).toBe(false);
  });

  it('accepts exactly 31 characters', () => {
    const id = 'SE165565594230-WEBCERT00001234';
    expect(id.length).toBe(30);
    expect(isValidHsaId(id + '5')).toBe(true);
  });
});

describe('case numbers (YY + ISO week + running number)', () => {
  it('reads the example from the manuals: 24020001 = 2024, week 2, number 1', () => {
    expect(parseCaseNumber('24020001')).toEqual({ ok: true, value: { isoWeekYear: 2024, week: 2, seq: 1 } });
  });

  it('uses the ISO week-year around New Year', () => {
    expect(formatCaseNumber(new Date(2024, 11, 30), 1)).toBe('25010001'); // Monday of week 1, 2025
    expect(formatCaseNumber(new Date(2021, 0, 3), 42)).toBe('20530042'); // Sunday of week 53, 2020
    expect(formatCaseNumber(new Date(2027, 0, 1), 9999)).toBe('26539999'); // 2026 has 53 weeks
    expect(formatCaseNumber(new Date(2024, 0, 10), 1)).toBe('24020001');
  });

  it('accepts week 53 only in ISO years that have it', () => {
    expect(parseCaseNumber('20530001').ok).toBe(true);
    expect(parseCaseNumber('26530001').ok).toBe(true);
    const r = parseCaseNumber('25530001');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('caseNumber.week');
      expect(r.error.message).toBe('Vecka 53 finns inte år 2025.');
    }
    expect(parseCaseNumber('25000001').ok).toBe(false);
    expect(parseCaseNumber('25540001').ok).toBe(false);
  });

  it('rejects running number 0000, wrong lengths and non-digits', () => {
    for (const s of ['24020000', '2402001', '240200011', '2402000a', '24-020001', '']) {
      expect(parseCaseNumber(s).ok, s).toBe(false);
    }
  });

  it('refuses a sequence outside 1–9999 (a caller bug, so it throws)', () => {
    expect(() => formatCaseNumber(new Date(2024, 0, 10), 0)).toThrow(RangeError);
    expect(() => formatCaseNumber(new Date(2024, 0, 10), 10000)).toThrow(RangeError);
    expect(() => formatCaseNumber(new Date(2024, 0, 10), 1.5)).toThrow(RangeError);
  });

  it('round-trips formatCaseNumber → parseCaseNumber for any date and sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(2000, 0, 3), max: new Date(2099, 11, 27), noInvalidDate: true }),
        fc.integer({ min: 1, max: 9999 }),
        (date, seq) => {
          const formatted = formatCaseNumber(date, seq);
          expect(formatted).toMatch(/^\d{8}$/);
          expect(parseCaseNumber(formatted)).toEqual({
            ok: true,
            value: { isoWeekYear: getISOWeekYear(date), week: getISOWeek(date), seq },
          });
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('parseIsoCode', () => {
  it.each([
    ['122203', { code: '122203', level: 3, parents: ['12', '1222'] }],
    ['12 22 03', { code: '122203', level: 3, parents: ['12', '1222'] }],
    ['12.22.03', { code: '122203', level: 3, parents: ['12', '1222'] }],
    ['1222', { code: '1222', level: 2, parents: ['12'] }],
    ['12 22', { code: '1222', level: 2, parents: ['12'] }],
    ['12', { code: '12', level: 1, parents: [] }],
    [' 18 12 10 ', { code: '181210', level: 3, parents: ['18', '1812'] }],
  ])('parses %s', (input, expected) => {
    expect(parseIsoCode(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '1', '123', '12345', '1222033', '12 2203', '12.22 03', '12-22-03', '12  22', '12 22.', 'ab', '12 22 03 01'])('rejects "%s"', (input) => {
    const r = parseIsoCode(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/ISO-koden/);
  });
});
