import { describe, expect, it } from 'vitest';
import { parseOrderNumberQuery } from './search';

describe('the order-number field of order search', () => {
  it('takes a year, a year and week, a whole case number or a provisional number', () => {
    expect(parseOrderNumberQuery('')).toEqual({ ok: true, value: { kind: 'none' } });
    expect(parseOrderNumberQuery(' 26 ')).toEqual({ ok: true, value: { kind: 'prefix', prefix: '26' } });
    expect(parseOrderNumberQuery('2645')).toEqual({ ok: true, value: { kind: 'prefix', prefix: '2645' } });
    expect(parseOrderNumberQuery('2053')).toEqual({ ok: true, value: { kind: 'prefix', prefix: '2053' } });
    expect(parseOrderNumberQuery('26450001')).toEqual({ ok: true, value: { kind: 'full', orderNo: '26450001' } });
    expect(parseOrderNumberQuery('P50301-7F3A-0042')).toEqual({ ok: true, value: { kind: 'provisional', provisionalNo: 'P50301-7F3A-0042' } });
  });

  it('refuses other lengths, letters and weeks that do not exist, in Swedish', () => {
    expect(parseOrderNumberQuery('264')).toMatchObject({ ok: false, error: { message: expect.stringContaining('Ange år (ÅÅ), år och vecka (ÅÅVV)') } });
    expect(parseOrderNumberQuery('2645001')).toMatchObject({ ok: false });
    expect(parseOrderNumberQuery('abc')).toMatchObject({ ok: false, error: { message: expect.stringContaining('abc är inget ordernummer') } });
    // 2026 has 53 ISO weeks, 2025 has 52.
    expect(parseOrderNumberQuery('2653')).toMatchObject({ ok: true });
    expect(parseOrderNumberQuery('2553')).toMatchObject({ ok: false, error: { message: expect.stringContaining('Vecka 53 finns inte år 2025') } });
    expect(parseOrderNumberQuery('2600')).toMatchObject({ ok: false });
    expect(parseOrderNumberQuery('26990001')).toMatchObject({ ok: false });
  });
});

describe('Swedish days as instants', () => {
  it('a day begins at 23:00 UTC the day before in winter and 22:00 in summer', async () => {
    const { swedishDayStart, nextDay } = await import('./search');
    expect(swedishDayStart('2026-12-02')).toBe('2026-12-01T23:00:00.000Z');
    expect(swedishDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // The spring change (29 March 2026) and the autumn change (25 October 2026).
    expect(swedishDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(swedishDayStart('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
    expect(swedishDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
