import { err, ok, type Result } from '../../result';

export const ARTICLE_TERM_MIN_LENGTH = 3;

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
  if (terms.length > 8) return err('query-too-many-terms', 'Ange högst 8 sökord.');
  return ok(terms);
}
