import { describe, expect, it } from 'vitest';
import { formatDate, formatIsoCode, formatKronor, formatNumber, todayIso } from './format';

const nbsp = /[\u00a0\u202f ]/g;
const plain = (s: string) => s.replace(nbsp, ' ').replace('\u2212', '-');

describe('Swedish formats', () => {
  it('numbers and kronor follow sv-SE; money arrives as integer öre', () => {
    expect(plain(formatNumber(200000))).toBe('200 000');
    expect(plain(formatNumber(-3))).toBe('-3');
    expect(plain(formatKronor(3_433_700))).toBe('34 337 kr');
    expect(plain(formatKronor(12_345))).toBe('123,45 kr');
  });

  it('dates are YYYY-MM-DD', () => {
    expect(formatDate('2023-08-05')).toBe('2023-08-05');
    expect(formatDate(new Date(2024, 0, 2, 12).toISOString())).toBe('2024-01-02');
    expect(todayIso(new Date(2024, 11, 31))).toBe('2024-12-31');
  });

  it('ISO 9999 codes are shown in pairs of digits', () => {
    expect(formatIsoCode('120606')).toBe('12 06 06');
    expect(formatIsoCode('1222')).toBe('12 22');
    expect(formatIsoCode('12')).toBe('12');
  });
});
