import { err, ok, type Result } from '../../result';
import type { RegionSettings } from '../region-settings/settings';

export const ARTICLE_TERM_MIN_LENGTH = 3;
export const ARTICLE_TERMS_MAX = 8;

/** The region's article search (region setting articleSearch). */
export type ArticleSearchMode = RegionSettings['articleSearch'];

/** What an article search looks for. */
export type ArticleTextQuery =
  /** No text: no text filter. */
  | { kind: 'none' }
  /** 'substringPerTerm' (manual 003): every term occurs somewhere, in any order. */
  | { kind: 'terms'; terms: string[] }
  /**
   * 'exact' (manuals 000, 001, 002): the whole text is the article number or the supplier's article
   * number, or the name or product name begins with it (at least 3 characters, as every indexed text
   * search; a shorter text finds only a whole number). Case is ignored, spaces inside are kept (one).
   */
  | { kind: 'exact'; text: string };

/**
 * Free-text article search (manual 003 "Artiklar"): terms separated by spaces, in any order, each
 * at least 3 characters; every term must occur somewhere in the article number, name, product name
 * or supplier article number. An empty text means no text filter.
 */
export function parseArticleText(input: string): Result<string[]> {
  const terms = input
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const short = terms.find((t) => t.length < ARTICLE_TERM_MIN_LENGTH);
  if (short !== undefined) {
    return err(
      'query-too-short',
      `Varje sökord behöver vara minst ${ARTICLE_TERM_MIN_LENGTH} tecken ("${short}" är för kort).`,
    );
  }
  if (terms.length > ARTICLE_TERMS_MAX) return err('query-too-many-terms', `Ange högst ${ARTICLE_TERMS_MAX} sökord.`);
  return ok(terms);
}

/** The Artiklar search text read by the region's rule (region setting articleSearch). */
export function parseArticleQuery(input: string, mode: ArticleSearchMode = 'substringPerTerm'): Result<ArticleTextQuery> {
  if (mode === 'exact') {
    const text = input.trim().replace(/\s+/g, ' ');
    return ok(text.length === 0 ? { kind: 'none' } : { kind: 'exact', text });
  }
  const terms = parseArticleText(input);
  if (!terms.ok) return terms;
  return ok(terms.value.length === 0 ? { kind: 'none' } : { kind: 'terms', terms: terms.value });
}

/** Whether an article matches an 'exact' query (the definition the backend's indexed query must agree with). */
export function matchesExactArticle(text: string, a: { articleNo: string; supplierArticleNo: string | null; name: string; productName: string | null }): boolean {
  const t = text.toLocaleLowerCase('sv-SE');
  const same = (v: string | null) => v !== null && v.toLocaleLowerCase('sv-SE') === t;
  const begins = (v: string | null) => t.length >= ARTICLE_TERM_MIN_LENGTH && v !== null && v.toLocaleLowerCase('sv-SE').startsWith(t);
  return same(a.articleNo) || same(a.supplierArticleNo) || begins(a.name) || begins(a.productName);
}
