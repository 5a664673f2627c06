import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay, swedishHolidays } from './working-days';

describe('Swedish working days', () => {
  it('Easter Sunday', () => {
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(easterSunday(2038)).toEqual([4, 25]);
  });

  it("the holidays of 2026, with midsummer and All Saints' on their moving days", () => {
    const h = swedishHolidays(2026);
    expect(h.get('2026-04-03')).toBe('Långfredagen');
    expect(h.get('2026-04-06')).toBe('Annandag påsk');
    expect(h.get('2026-05-14')).toBe('Kristi himmelsfärdsdag');
    expect(h.get('2026-05-24')).toBe('Pingstdagen');
    expect(h.get('2026-06-19')).toBe('Midsommarafton');
    expect(h.get('2026-06-20')).toBe('Midsommardagen');
    expect(h.get('2026-10-31')).toBe('Alla helgons dag');
    expect(h.size).toBe(16);
    expect(swedishHolidays(2027).get('2027-06-25')).toBe('Midsommarafton');
    expect(swedishHolidays(2027).get('2027-11-06')).toBe('Alla helgons dag');
  });

  it('weekends and holidays are no working days', () => {
    expect(isWorkingDay('2026-12-02')).toBe(true); // a Wednesday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-24')).toBe(false);
    expect(isWorkingDay('2026-01-06')).toBe(false);
  });

  it('five working days on, skipping weekends and holidays', () => {
    expect(addWorkingDays('2026-12-02', 5)).toBe('2026-12-09'); // Wed → next Wed
    expect(addWorkingDays('2026-12-04', 5)).toBe('2026-12-11'); // Fri → next Fri
    // Christmas: 23 Dec (Wed) + 5 = 24, 25, 26, 27 off, 28, 29, 30 on, 31 off, 1 Jan off, 2, 3 weekend, 4, 5.
    expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-05');
    // Easter 2026: Thursday 2 April + 5 = 7, 8, 9, 10, 13 April.
    expect(addWorkingDays('2026-04-02', 5)).toBe('2026-04-13');
  });
});
