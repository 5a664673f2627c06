import { describe, expect, it } from 'vitest';
import { parseArticleText } from './search';

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
