import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { ArticleSearchRow, IsoBrowseView } from '../../../shared/api/article';
import type { ArticleTextQuery } from '../../../shared/domain/article/search';
import { ARTICLE_TERM_MIN_LENGTH } from '../../../shared/domain/article/search';
import type { ArticleStatus, ArticleType } from '../../../shared/domain/model';
import type { Db } from '../db/replica';
import { ftsSubstringQuery } from '../db/fts';

export interface ArticleSearchFilter {
  /** The text as the region's rule read it (parseArticleQuery). */
  text: ArticleTextQuery;
  articleType: 'all' | ArticleType;
  isoCode: string | null;
}

interface Row {
  id: string;
  article_no: string;
  name: string;
  product_name: string | null;
  article_type: ArticleType;
  article_status: ArticleStatus;
  unit: string;
  iso_code: string;
  supplier_name: string | null;
  supplier_article_no: string | null;
  own: number | null;
  central: number | null;
}

/** The end of an ISO code's prefix range (its subclasses): "1206" → "1207" is too far for "12069"; '~' sorts after digits. */
const isoEnd = (code: string) => `${code}~`;

/** An FTS5 phrase that must start its column (the trigram index folds case, Unicode too). */
const initialPhrase = (text: string) => `^ "${text.replaceAll('"', '""')}"`;

/**
 * Article search (Artiklar) over the whole catalogue. Terms ('substringPerTerm') go through the
 * trigram index, whose columns are article number, name, product name, supplier's article number,
 * supplier name, ISO code and the article type in Swedish (replica migration 12), so every term may
 * match any of them; rows come in the index's (rowid) order, which needs no sort of every match.
 * An 'exact' text is the whole article number (its unique index) or supplier's article number, or
 * the beginning of the name or product name (the index's initial phrase, from 3 characters).
 * Without terms, rows come in article-number order, where a deep page first finds its first key on
 * the narrow index.
 */
export class ArticleSearch {
  private readonly cache = new Map<string, Statement<unknown[], unknown>>();
  private readonly isoName: Statement<[string], { code: string; name: string }>;
  private readonly isoChildren: Statement<[string, number], { code: string; name: string }>;
  private readonly isoTop: Statement<[], { code: string; name: string }>;
  private readonly isoCounts: Statement<[], { iso_code: string; n: number }>;
  private readonly changes: Statement<[], { n: number }>;
  private counts: { at: number; byCode: Map<string, number> } | null = null;

  constructor(private readonly db: Db) {
    this.isoName = db.prepare('SELECT code, name FROM iso_class WHERE code = ?');
    this.isoChildren = db.prepare('SELECT code, name FROM iso_class WHERE parent_code = ? AND length(code) = ? ORDER BY code');
    this.isoTop = db.prepare('SELECT code, name FROM iso_class WHERE length(code) = 2 ORDER BY code');
    this.isoCounts = db.prepare('SELECT iso_code, count(*) AS n FROM article GROUP BY iso_code');
    this.changes = db.prepare('SELECT total_changes() AS n');
  }

  private statement(sql: string) {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  private where(filter: ArticleSearchFilter): { from: string; where: string[]; params: unknown[] } {
    const params: unknown[] = [];
    const where: string[] = [];
    let from = 'article a';
    const q = filter.text;
    if (q.kind === 'terms') {
      from = 'article_fts f JOIN article a ON a.seq = f.rowid';
      where.push('article_fts MATCH ?');
      params.push(ftsSubstringQuery(q.terms));
    } else if (q.kind === 'exact') {
      const matches = ['SELECT seq FROM article WHERE article_no IN (?, upper(?))'];
      params.push(q.text, q.text);
      if (q.text.length >= ARTICLE_TERM_MIN_LENGTH) {
        matches.push('SELECT rowid FROM article_fts WHERE article_fts MATCH ?');
        params.push(`{name product_name} : ${initialPhrase(q.text)}`);
        matches.push('SELECT seq FROM article WHERE seq IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?) AND supplier_article_no = ? COLLATE NOCASE');
        params.push(`{supplier_article_no} : ${initialPhrase(q.text)}`, q.text);
      } else {
        // Too short for the index: a whole supplier's number is looked for in every article.
        matches.push('SELECT seq FROM article WHERE supplier_article_no = ? COLLATE NOCASE');
        params.push(q.text);
      }
      where.push(`a.seq IN (${matches.join(' UNION ')})`);
    }
    if (filter.articleType !== 'all') {
      where.push('a.article_type = ?');
      params.push(filter.articleType);
    }
    if (filter.isoCode !== null) {
      where.push('a.iso_code >= ? AND a.iso_code < ?');
      params.push(filter.isoCode, isoEnd(filter.isoCode));
    }
    return { from, where, params };
  }

  page(filter: ArticleSearchFilter, stores: { own: string; central: string | null }, offset: number, limit: number): { rows: Row[]; hasMore: boolean } {
    const { from, where, params } = this.where(filter);
    const text = filter.text.kind === 'terms';
    const order = text ? 'f.rowid' : 'a.article_no';
    const select = `a.id, a.article_no, a.name, a.product_name, a.article_type, a.article_status, a.unit, a.iso_code,
      (SELECT s.name FROM supplier s WHERE s.id = a.supplier_id) AS supplier_name, a.supplier_article_no,
      (SELECT on_hand - reserved FROM stock_balance WHERE store_id = ? AND article_id = a.id) AS own,
      (SELECT on_hand - reserved FROM stock_balance WHERE store_id = ? AND article_id = a.id) AS central`;
    const cond = (extra: string[]) => (extra.length ? ` WHERE ${extra.join(' AND ')}` : '');
    let rows: Row[];
    if (!text && offset > 0) {
      // A deep page without text: its first article number on the index, then just the page.
      const first = this.statement(`SELECT a.article_no FROM ${from}${cond(where)} ORDER BY a.article_no LIMIT 1 OFFSET ?`)
        .pluck()
        .get(...params, offset) as string | undefined;
      if (first === undefined) return { rows: [], hasMore: false };
      rows = this.statement(`SELECT ${select} FROM ${from}${cond([...where, 'a.article_no >= ?'])} ORDER BY ${order} LIMIT ?`).all(
        stores.own,
        stores.central,
        ...params,
        first,
        limit + 1,
      ) as Row[];
    } else {
      rows = this.statement(`SELECT ${select} FROM ${from}${cond(where)} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        stores.own,
        stores.central,
        ...params,
        limit + 1,
        offset,
      ) as Row[];
    }
    const hasMore = rows.length > limit;
    return { rows: hasMore ? rows.slice(0, limit) : rows, hasMore };
  }

  count(filter: ArticleSearchFilter): number {
    const { where, params } = this.where(filter);
    // Text alone is counted on the index without reading the articles.
    const from = filter.text.kind === 'terms' && filter.articleType === 'all' && filter.isoCode === null ? 'article_fts f' : this.where(filter).from;
    return (this.statement(`SELECT count(*) AS n FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`).get(...params) as { n: number }).n;
  }

  /** ISO 9999 browsing: the chosen class's path, its subclasses with their article counts. */
  iso(code: string | null): IsoBrowseView | null {
    const path: IsoBrowseView['path'] = [];
    if (code !== null) {
      for (let len = 2; len <= code.length; len += 2) {
        const c = this.isoName.get(code.slice(0, len));
        if (c) path.push(c);
      }
      if (path[path.length - 1]?.code !== code) return null;
    }
    const children = code === null ? this.isoTop.all() : code.length < 6 ? this.isoChildren.all(code, code.length + 2) : [];
    const byCode = this.articlesPerCode();
    const under = (prefix: string) => {
      let n = 0;
      for (const [c, k] of byCode) if (c.startsWith(prefix)) n += k;
      return n;
    };
    return { path, children: children.map((c) => ({ ...c, articles: under(c.code) })), articles: under(code ?? '') };
  }

  /**
   * Articles per ISO code, counted once on the ISO index and again only after a write on this
   * connection (every write of the replica, pulls included, goes through it).
   */
  private articlesPerCode(): Map<string, number> {
    const at = this.changes.get()!.n;
    if (this.counts?.at !== at) this.counts = { at, byCode: new Map(this.isoCounts.all().map((r) => [r.iso_code, r.n])) };
    return this.counts.byCode;
  }
}

export function searchRow(r: Row, centralKnown: boolean): ArticleSearchRow {
  return {
    articleId: r.id,
    articleNo: r.article_no,
    name: r.name,
    productName: r.product_name,
    articleType: r.article_type,
    articleStatus: r.article_status,
    unit: r.unit,
    isoCode: r.iso_code,
    supplierName: r.supplier_name,
    supplierArticleNo: r.supplier_article_no,
    ownAvailable: r.own ?? 0,
    centralAvailable: centralKnown ? (r.central ?? 0) : null,
  };
}
