import { describe, expect, it } from 'vitest';
import { dateProblem, detailParts } from './details';

describe('the Logg page details', () => {
  it('labels known keys and codes in Swedish, shows the rest as stored', () => {
    expect(detailParts('{"reason":"card-removed"}')).toEqual([{ label: 'Anledning', value: 'kortet togs ut' }]);
    expect(detailParts('{"quantity":1200,"orderNo":"26480001","extra":true}')).toEqual([
      { label: 'Antal', value: (1200).toLocaleString('sv-SE') },
      { label: 'Ordernummer', value: '26480001' },
      { label: 'extra', value: 'ja' },
    ]);
    expect(detailParts('{"via":"individual.get","individualId":"I1"}')).toEqual([
      { label: 'Via', value: 'individual.get' },
      { label: 'individualId', value: 'I1' },
    ]);
  });

  it('never hides what is stored: non-object JSON and plain text are shown as they are', () => {
    expect(detailParts(null)).toEqual([]);
    expect(detailParts('[1,2]')).toEqual([{ label: '', value: '[1,2]' }]);
    expect(detailParts('not json')).toEqual([{ label: '', value: 'not json' }]);
  });

  it('date filters are ÅÅÅÅ-MM-DD, whatever the browser locale', () => {
    expect(dateProblem('')).toBeNull();
    expect(dateProblem('2026-12-01')).toBeNull();
    expect(dateProblem('12/01/2026')).toMatch(/ÅÅÅÅ-MM-DD/);
    expect(dateProblem('2026-02-30')).toBe('2026-02-30 är inget giltigt datum.');
  });
});
