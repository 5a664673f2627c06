import type { StockArticleTypeFilter, StockBalanceFilter } from '../../../shared/domain/model';
import type { StockBalanceRow } from '../../../shared/api/schemas';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/replica';
import { ARTICLE_TEXT_COLUMNS, ftsSubstringQuery } from '../db/fts';

export interface BalanceFilter {
  storeId: string;
  articleType: StockArticleTypeFilter;
  balance: StockBalanceFilter;
  terms: string[];
}

interface Row {
  id: string;
  article_no: string;
  name: string;
  article_type: StockBalanceRow['articleType'];
  article_status: StockBalanceRow['articleStatus'];
  unit: string;
  iso_code: string;
  on_hand: number | null;
  reserved: number | null;
}

const ARTICLE_COLUMNS = `a.id, a.article_no, a.name, a.article_type, a.article_status, a.unit, a.iso_code`;

/**
 * The stock list (Lager): the own store's balance per article. "med saldo" walks the store's
 * non-zero balances in article-number order (partial index); "alla" walks the article catalogue
 * and joins the balance (missing = 0). Text terms go through the trigram index.
 */
type Shape = 'page' | 'count' | 'firstKey';

function balanceSql(filter: BalanceFilter, shape: Shape, fromKey = false): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const withBalance = filter.balance === 'withBalance';
  // With free text the trigram index drives and rows come in its (rowid) order, so a page needs
  // no sort of every match ("hjul" matches tens of thousands of articles at region scale).
  const order = filter.terms.length > 0 ? 'f.rowid' : withBalance ? 'b.article_no' : 'a.article_no';
  let from: string;
  let select: string;
  if (withBalance) {
    select = shape === 'page' ? `${ARTICLE_COLUMNS}, b.on_hand, b.reserved` : shape === 'count' ? 'count(*) AS n' : order;
    // Counting or finding a page's first key needs the article only to filter on it.
    const needsArticle = shape === 'page' || filter.articleType !== 'all' || filter.terms.length > 0;
    from = needsArticle ? 'stock_balance b JOIN article a ON a.id = b.article_id' : 'stock_balance b';
    where.push('b.store_id = ?', 'b.on_hand <> 0');
    params.push(filter.storeId);
  } else {
    // Scalar subqueries, not a LEFT JOIN: for the join SQLite builds a Bloom filter over the
    // whole balance table first (~5 ms at region scale) before it can return the first page.
    select =
      shape === 'page'
        ? `${ARTICLE_COLUMNS},
         (SELECT on_hand FROM stock_balance WHERE store_id = ? AND article_id = a.id) AS on_hand,
         (SELECT reserved FROM stock_balance WHERE store_id = ? AND article_id = a.id) AS reserved`
        : shape === 'count'
          ? 'count(*) AS n'
          : order;
    from = 'article a';
    if (shape === 'page') params.push(filter.storeId, filter.storeId);
  }
  if (filter.terms.length > 0) {
    from += ' JOIN article_fts f ON f.rowid = a.seq';
    where.push('article_fts MATCH ?');
    params.push(ftsSubstringQuery(filter.terms, ARTICLE_TEXT_COLUMNS));
  }
  if (filter.articleType !== 'all') {
    where.push('a.article_type = ?');
    params.push(filter.articleType);
  }
  if (fromKey) where.push(`${order} >= ?`);
  const tail = shape === 'count' ? '' : ` ORDER BY ${order} LIMIT ? OFFSET ?`;
  return { sql: `SELECT ${select} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${tail}`, params };
}

export class StockRepository {
  private readonly cache = new Map<string, Statement<unknown[], unknown>>();
  constructor(private readonly db: Db) {}

  private statement(sql: string) {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  listBalances(filter: BalanceFilter, offset: number, limit: number): { rows: StockBalanceRow[]; hasMore: boolean } {
    let raw: Row[];
    if (offset > 0 && filter.terms.length === 0) {
      // Deep pages (the virtualized list jumps anywhere in 200k rows): find the page's first
      // article number on the narrow index, then read just the page from there. OFFSET on the
      // full query would evaluate every skipped row (~40 ms at offset 50 000 with balances).
      const key = balanceSql(filter, 'firstKey');
      const first = this.statement(key.sql).pluck().get(...key.params, 1, offset) as string | undefined;
      if (first === undefined) return { rows: [], hasMore: false };
      const page = balanceSql(filter, 'page', true);
      raw = this.statement(page.sql).all(...page.params, first, limit + 1, 0) as Row[];
    } else {
      const page = balanceSql(filter, 'page');
      raw = this.statement(page.sql).all(...page.params, limit + 1, offset) as Row[];
    }
    const hasMore = raw.length > limit;
    const rows = (hasMore ? raw.slice(0, limit) : raw).map((r) => {
      const onHand = r.on_hand ?? 0;
      const reserved = r.reserved ?? 0;
      return {
        articleId: r.id,
        articleNo: r.article_no,
        name: r.name,
        articleType: r.article_type,
        articleStatus: r.article_status,
        unit: r.unit,
        isoCode: r.iso_code,
        onHand,
        reserved,
        available: onHand - reserved,
      };
    });
    return { rows, hasMore };
  }

  countBalances(filter: BalanceFilter): number {
    const { sql, params } = balanceSql(filter, 'count');
    return (this.statement(sql).get(...params) as { n: number }).n;
  }
}
