import { describe, expect, it } from 'vitest';
import { matchesExactArticle, parseArticleQuery, parseArticleText } from './search';

describe('article free text (manual 003: terms in any order, at least 3 characters each)', () => {
  it('splits terms on white space', () => {
    expect(parseArticleText('  cross   rollator ')).toEqual({ ok: true, value: ['cross', 'rollator'] });
    expect(parseArticleText('')).toEqual({ ok: true, value: [] });
  });
  it('refuses a short term and names it', () => {
    const r = parseArticleText('rollator xl');
    expect(r).toMatchObject({ ok: false, error: { code: 'query-too-short' } });
    if (!r.ok) expect(r.error.message).toContain('"xl"');
  });
});

describe('region setting articleSearch', () => {
  it("'substringPerTerm' (the default): terms of at least 3 characters, short ones refused", () => {
    expect(parseArticleQuery('  cross   rollator ', 'substringPerTerm')).toEqual({ ok: true, value: { kind: 'terms', terms: ['cross', 'rollator'] } });
    expect(parseArticleQuery('cross rollator')).toEqual(parseArticleQuery('cross rollator', 'substringPerTerm'));
    expect(parseArticleQuery('   ', 'substringPerTerm')).toEqual({ ok: true, value: { kind: 'none' } });
    expect(parseArticleQuery('cross 45', 'substringPerTerm')).toMatchObject({ ok: false, error: { code: 'query-too-short', message: expect.stringContaining('"45"') } });
    expect(parseArticleQuery('aaa bbb ccc ddd eee fff ggg hhh iii', 'substringPerTerm')).toMatchObject({ ok: false, error: { code: 'query-too-many-terms' } });
  });

  it("'exact': the whole text, spaces inside kept as one, no length minimum", () => {
    expect(parseArticleQuery('  Cross   45 ', 'exact')).toEqual({ ok: true, value: { kind: 'exact', text: 'Cross 45' } });
    expect(parseArticleQuery('12', 'exact')).toEqual({ ok: true, value: { kind: 'exact', text: '12' } });
    expect(parseArticleQuery('', 'exact')).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it("'exact' matches the whole article or supplier's number, or the beginning of the name or product name", () => {
    const a = { articleNo: '10045', supplierArticleNo: 'RB-200', name: 'Rollator Cross 45 lång', productName: 'Rebel' };
    expect(matchesExactArticle('10045', a)).toBe(true);
    expect(matchesExactArticle('1004', a)).toBe(false);
    expect(matchesExactArticle('rb-200', a)).toBe(true);
    expect(matchesExactArticle('RB-20', a)).toBe(false);
    expect(matchesExactArticle('rollator cross', a)).toBe(true);
    expect(matchesExactArticle('Cross 45', a)).toBe(false);
    expect(matchesExactArticle('rebel', a)).toBe(true);
    // A name's beginning needs 3 characters, as every indexed text search.
    expect(matchesExactArticle('Ro', a)).toBe(false);
    expect(matchesExactArticle('Öga', { ...a, name: 'Ögonduschflaska' })).toBe(false);
    expect(matchesExactArticle('ögon', { ...a, name: 'Ögonduschflaska' })).toBe(true);
  });
});
