import type { Db } from '../db/replica';

export interface CodedArticle {
  id: string;
  articleNo: string;
  name: string;
}

/** GTINs are stored as 14 digits; an EAN-13 (or shorter GTIN) read bare is the same number with leading zeros. */
export const gtin14 = (gtin: string): string => (/^\d{8,14}$/.test(gtin) ? gtin.padStart(14, '0') : gtin);

/**
 * An article by a code read from a scan or typed: its article number, or a GTIN linked to it
 * (`article_gtin`). One place for every screen: the scan router, goods receipt and ordering.
 */
export function articleCodes(db: Db) {
  const byNo = db.prepare<[string], { id: string; article_no: string; name: string }>('SELECT id, article_no, name FROM article WHERE article_no = ?');
  const byGtin = db.prepare<[string], { id: string; article_no: string; name: string }>(
    'SELECT a.id, a.article_no, a.name FROM article_gtin g JOIN article a ON a.id = g.article_id WHERE g.gtin = ?',
  );
  const coded = (r: { id: string; article_no: string; name: string } | undefined): CodedArticle | null => (r ? { id: r.id, articleNo: r.article_no, name: r.name } : null);
  return {
    byArticleNo: (articleNo: string): CodedArticle | null => coded(byNo.get(articleNo)),
    byGtin: (gtin: string): CodedArticle | null => coded(byGtin.get(gtin14(gtin))),
  };
}
