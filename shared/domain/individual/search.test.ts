import { describe, expect, it } from 'vitest';
import { parseIndividualQuery } from './search';

describe('individual search query (manuals 000 §2.1 and 003 "Individer")', () => {
  it('3+ characters search anywhere', () => {
    expect(parseIndividualQuery(' 2245 ')).toEqual({ ok: true, value: { kind: 'substring', text: '2245' } });
  });
  it('"12*" starts with, "*12" ends with, "*12*" contains', () => {
    expect(parseIndividualQuery('12*')).toEqual({ ok: true, value: { kind: 'prefix', text: '12' } });
    expect(parseIndividualQuery('*12')).toEqual({ ok: true, value: { kind: 'suffix', text: '12' } });
    expect(parseIndividualQuery('*12*')).toEqual({ ok: true, value: { kind: 'substring', text: '12' } });
    expect(parseIndividualQuery('1*2')).toEqual({ ok: true, value: { kind: 'pattern', parts: ['1', '2'], anchoredStart: true, anchoredEnd: true } });
  });
  it.each([
    ['', 'query-empty'],
    ['12', 'query-too-short'],
    ['1*', 'query-too-short'],
    ['***', 'query-too-short'],
    ["1' OR 1=1", 'query-invalid-characters'],
    ['x'.repeat(65), 'query-too-long'],
  ])('refuses %j with %s', (input, code) => {
    const r = parseIndividualQuery(input);
    expect(r).toMatchObject({ ok: false, error: { code } });
  });
  describe('region setting individualSearch', () => {
    it("'substring' (manual 003) searches parts and refuses * with a message", () => {
      expect(parseIndividualQuery('2245', 'substring')).toEqual({ ok: true, value: { kind: 'substring', text: '2245' } });
      expect(parseIndividualQuery('12*', 'substring')).toMatchObject({ ok: false, error: { code: 'query-wildcard-not-allowed', message: expect.stringContaining('utan * (stjärna)') } });
    });
    it("'wildcards' (manual 000) takes * and reads plain text as the whole number", () => {
      expect(parseIndividualQuery('12*', 'wildcards')).toEqual({ ok: true, value: { kind: 'prefix', text: '12' } });
      expect(parseIndividualQuery('2245', 'wildcards')).toEqual({ ok: true, value: { kind: 'pattern', parts: ['2245'], anchoredStart: true, anchoredEnd: true } });
      expect(parseIndividualQuery('2', 'wildcards')).toMatchObject({ ok: false, error: { code: 'query-too-short' } });
    });
    it("'both' (default) is unchanged", () => {
      expect(parseIndividualQuery('2245', 'both')).toEqual(parseIndividualQuery('2245'));
      expect(parseIndividualQuery('*12', 'both')).toEqual({ ok: true, value: { kind: 'suffix', text: '12' } });
    });
  });
});
