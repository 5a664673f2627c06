/**
 * Builds an FTS5 MATCH expression that finds every term as a substring (trigram tokenizer):
 * each term becomes a quoted string, so user text is never parsed as FTS syntax.
 */
export function ftsSubstringQuery(terms: readonly string[], columns?: readonly string[]): string {
  const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
  return columns ? `{${columns.join(' ')}} : (${match})` : match;
}

/** The article columns the stock list searches (Artiklar searches every column of article_fts). */
export const ARTICLE_TEXT_COLUMNS = ['article_no', 'name', 'product_name', 'supplier_article_no'] as const;

/** Escapes a LIKE pattern's wildcards; use with `ESCAPE '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
