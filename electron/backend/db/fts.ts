/**
 * Builds an FTS5 MATCH expression that finds every term as a substring (trigram tokenizer):
 * each term becomes a quoted string, so user text is never parsed as FTS syntax.
 */
export function ftsSubstringQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/** Escapes a LIKE pattern's wildcards; use with `ESCAPE '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
