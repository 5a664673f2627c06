import type { IndividualQuery } from '../../../shared/domain/individual/search';
import type { IndividualStatus } from '../../../shared/domain/model';
import type { HistoryEntry, IndividualDetails, IndividualSummary } from '../../../shared/api/schemas';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/replica';
import { escapeLike, ftsSubstringQuery } from '../db/fts';
import { reverseText as reverseNumber } from '../../../shared/sync/tables';

/** `*12` searches are an index range over the reversed number (shared/sync/tables.ts). */
export { reverseText as reverseNumber } from '../../../shared/sync/tables';

/** Upper bound of an index range that holds every string starting with `prefix`. */
const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;

const SUMMARY = `i.id, i.individual_no, i.serial_no, i.article_id, a.article_no, a.name AS article_name, i.status, i.store_id`;
const FROM = `individual i JOIN article a ON a.id = i.article_id`;

interface SummaryRow {
  id: string;
  individual_no: string;
  serial_no: string | null;
  article_id: string;
  article_no: string;
  article_name: string;
  status: IndividualStatus;
  store_id: string | null;
}

const toSummary = (r: SummaryRow): IndividualSummary => ({
  id: r.id,
  individualNo: r.individual_no,
  serialNo: r.serial_no,
  articleId: r.article_id,
  articleNo: r.article_no,
  articleName: r.article_name,
  status: r.status,
  storeId: r.store_id,
});

const sortByNumber = (rows: IndividualSummary[]): IndividualSummary[] =>
  rows.sort((a, b) => (a.individualNo < b.individualNo ? -1 : a.individualNo > b.individualNo ? 1 : 0));

/** How many matches are counted before "more than N" is shown. */
export const SEARCH_COUNT_CAP = 1000;

export class IndividualRepository {
  private readonly byNo;
  private readonly byId;
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Db) {
    this.byNo = db.prepare<[string], SummaryRow>(`SELECT ${SUMMARY} FROM ${FROM} WHERE i.individual_no = ?`);
    this.byId = db.prepare<[string], SummaryRow>(`SELECT ${SUMMARY} FROM ${FROM} WHERE i.id = ?`);
  }

  private statement(sql: string) {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  findByNumber(individualNo: string): IndividualSummary | null {
    const row = this.byNo.get(individualNo);
    return row ? toSummary(row) : null;
  }

  /** WHERE clause and parameters for a parsed query (see shared/domain/individual/search). */
  private matchClause(query: IndividualQuery): { from: string; where: string; params: unknown[]; order: string } {
    switch (query.kind) {
      case 'substring':
        // Fewer than 3 characters between stars ("*12*"): the trigram index cannot help.
        return {
          from: FROM,
          where: `(i.individual_no LIKE ? ESCAPE '\\' OR i.serial_no LIKE ? ESCAPE '\\')`,
          params: [`%${escapeLike(query.text)}%`, `%${escapeLike(query.text)}%`],
          order: 'i.seq',
        };
      case 'prefix':
        return { from: FROM, where: 'i.individual_no >= ? AND i.individual_no < ?', params: [query.text, prefixEnd(query.text)], order: 'i.individual_no' };
      case 'suffix': {
        const rev = reverseNumber(query.text);
        return { from: FROM, where: 'i.individual_no_rev >= ? AND i.individual_no_rev < ?', params: [rev, prefixEnd(rev)], order: 'i.individual_no_rev' };
      }
      case 'pattern': {
        const glob = `${query.anchoredStart ? '' : '*'}${query.parts.map((p) => p.replace(/[[\]*?]/g, (c) => `[${c}]`)).join('*')}${query.anchoredEnd ? '' : '*'}`;
        if (query.anchoredStart) {
          const first = query.parts[0]!;
          return {
            from: FROM,
            where: 'i.individual_no >= ? AND i.individual_no < ? AND i.individual_no GLOB ?',
            params: [first, prefixEnd(first), glob],
            order: 'i.individual_no',
          };
        }
        return { from: FROM, where: 'i.individual_no GLOB ?', params: [glob], order: 'i.seq' };
      }
    }
  }

  search(query: IndividualQuery, limit: number): { rows: IndividualSummary[]; total: number; totalCapped: boolean } {
    if (query.kind === 'substring' && query.text.length >= 3) return this.searchFullText(query.text, limit);
    const { from, where, params, order } = this.matchClause(query);
    const rows = (this.statement(`SELECT ${SUMMARY} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ?`).all(
      ...params,
      limit,
    ) as SummaryRow[]).map(toSummary);
    let total = rows.length;
    let totalCapped = false;
    if (rows.length === limit) {
      const counted = (this.statement(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ?)`).get(
        ...params,
        SEARCH_COUNT_CAP + 1,
      ) as { n: number }).n;
      totalCapped = counted > SEARCH_COUNT_CAP;
      total = Math.min(counted, SEARCH_COUNT_CAP);
    }
    return { rows: sortByNumber(rows), total, totalCapped };
  }

  /**
   * One pass over the trigram index gives both the count (up to the cap) and the page: matches
   * come in index (rowid) order so LIMIT stops early — sorting every match of a common trigram
   * ("100") first costs ~50 ms over a million individuals. The page is shown sorted by number.
   */
  private searchFullText(text: string, limit: number): { rows: IndividualSummary[]; total: number; totalCapped: boolean } {
    const seqs = this.statement('SELECT rowid FROM individual_fts WHERE individual_fts MATCH ? ORDER BY rowid LIMIT ?')
      .pluck()
      .all(ftsSubstringQuery([text]), Math.max(limit, SEARCH_COUNT_CAP + 1)) as number[];
    const page = seqs.slice(0, limit);
    const rows = (this.statement(`SELECT ${SUMMARY} FROM ${FROM} WHERE i.seq IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(page),
    ) as SummaryRow[]).map(toSummary);
    return { rows: sortByNumber(rows), total: Math.min(seqs.length, SEARCH_COUNT_CAP), totalCapped: seqs.length > SEARCH_COUNT_CAP };
  }

  listInStore(storeId: string, status: IndividualStatus | 'all', offset: number, limit: number): { rows: IndividualSummary[]; hasMore: boolean } {
    const sql =
      status === 'all'
        ? `SELECT ${SUMMARY} FROM ${FROM} WHERE i.store_id = ? ORDER BY i.individual_no LIMIT ? OFFSET ?`
        : `SELECT ${SUMMARY} FROM ${FROM} WHERE i.store_id = ? AND i.status = ? ORDER BY i.individual_no LIMIT ? OFFSET ?`;
    const params = status === 'all' ? [storeId, limit + 1, offset] : [storeId, status, limit + 1, offset];
    const raw = this.statement(sql).all(...params) as SummaryRow[];
    const hasMore = raw.length > limit;
    return { rows: (hasMore ? raw.slice(0, limit) : raw).map(toSummary), hasMore };
  }

  details(id: string): IndividualDetails | null {
    const base = this.byId.get(id);
    if (!base) return null;
    const extra = this.statement(`SELECT a.article_type, s.name AS supplier_name, a.supplier_article_no, a.iso_code, ic.name AS iso_name,
        i.purchase_date, i.acquisition_value_ore, i.warranty_end, i.estimated_age_years, st.name AS store_name, i.location
      FROM individual i JOIN article a ON a.id = i.article_id
      LEFT JOIN supplier s ON s.id = a.supplier_id
      LEFT JOIN iso_class ic ON ic.code = a.iso_code
      LEFT JOIN store st ON st.id = i.store_id
      WHERE i.id = ?`).get(id) as {
      article_type: IndividualDetails['articleType'];
      supplier_name: string | null;
      supplier_article_no: string | null;
      iso_code: string;
      iso_name: string | null;
      purchase_date: string | null;
      acquisition_value_ore: number | null;
      warranty_end: string | null;
      estimated_age_years: number | null;
      store_name: string | null;
      location: string | null;
    };
    return {
      ...toSummary(base),
      articleType: extra.article_type,
      supplierName: extra.supplier_name,
      supplierArticleNo: extra.supplier_article_no,
      isoCode: extra.iso_code,
      isoName: extra.iso_name,
      purchaseDate: extra.purchase_date,
      acquisitionValueOre: extra.acquisition_value_ore,
      warrantyEnd: extra.warranty_end,
      estimatedAgeYears: extra.estimated_age_years,
      storeName: extra.store_name,
      location: extra.location,
      history: this.history(id),
      ...this.card(id, base.status),
    };
  }

  /** The rest of the individual card: who holds it, its order, activities and components. */
  card(id: string, status: string): Pick<IndividualDetails, 'holder' | 'order' | 'activities' | 'components'> {
    const holder = this.statement(`SELECT r.id, r.name, r.kind, ad.delivered_at FROM aid ad JOIN recipient r ON r.id = ad.recipient_id
        WHERE ad.individual_id = ? AND ad.returned_at IS NULL AND ad.delivered_at IS NOT NULL ORDER BY ad.delivered_at DESC LIMIT 1`).get(id) as
      | { id: string; name: string; kind: 'patient' | 'careUnit'; delivered_at: string | null }
      | undefined;
    // Reserved: the open order whose line names it; at a recipient: the order it went out with.
    const order = this.statement(`SELECT o.id, coalesce(o.order_no, o.provisional_no, o.id) AS no, o.status FROM customer_order_line l JOIN customer_order o ON o.id = l.order_id
        WHERE l.individual_id = ? ORDER BY (o.status IN ('registered','picking')) DESC, o.created_at DESC LIMIT 1`).get(id) as { id: string; no: string; status: string } | undefined;
    const activities = this.statement(`SELECT id, coalesce(activity_no, provisional_no, id) AS no, kind, status, title, created_at FROM activity
        WHERE individual_id = ? ORDER BY created_at DESC LIMIT 200`).all(id) as { id: string; no: string; kind: string; status: 'registered' | 'reported' | 'closed'; title: string; created_at: string }[];
    const components = this.statement(`SELECT a.article_no, a.name, c.kind, c.quantity FROM individual i JOIN article_component c ON c.article_id = i.article_id
        JOIN article a ON a.id = c.component_article_id WHERE i.id = ? ORDER BY c.position, a.article_no`).all(id) as { article_no: string; name: string; kind: 'standard' | 'other'; quantity: number }[];
    const showOrder = order && (status === 'reserved' || status === 'atRecipient' || order.status === 'registered' || order.status === 'picking');
    return {
      holder: holder && status === 'atRecipient' ? { recipientId: holder.id, name: holder.name, kind: holder.kind, since: holder.delivered_at } : null,
      order: showOrder ? { orderId: order.id, orderNo: order.no, status: order.status } : null,
      activities: activities.map((a) => ({ id: a.id, no: a.no, kind: a.kind, status: a.status, title: a.title, createdAt: a.created_at })),
      components: components.map((c) => ({ articleNo: c.article_no, name: c.name, kind: c.kind, quantity: c.quantity })),
    };
  }

  /** Ledger movements, audit entries and free-text entries of one individual, newest first. */
  history(id: string): HistoryEntry[] {
    const rows = this.statement(`
      SELECT m.at, 'movement' AS kind, m.reason AS what, m.quantity, m.store_id, m.reference AS text, u.name AS user_name
        FROM stock_movement m LEFT JOIN app_user u ON u.id = m.user_id WHERE m.individual_id = ?
      UNION ALL
      SELECT l.at, 'audit', l.action, NULL, NULL, l.details, u.name
        FROM audit_log l LEFT JOIN app_user u ON u.id = l.user_id WHERE l.entity = 'individual' AND l.entity_id = ?
      UNION ALL
      SELECT t.at, 'text', NULL, NULL, NULL, t.text, u.name
        FROM individual_text t LEFT JOIN app_user u ON u.id = t.user_id WHERE t.individual_id = ?
      ORDER BY 1 DESC LIMIT 500`).all(id, id, id) as {
      at: string;
      kind: HistoryEntry['kind'];
      what: string | null;
      quantity: number | null;
      store_id: string | null;
      text: string | null;
      user_name: string | null;
    }[];
    return rows.map((r) => ({
      at: r.at,
      kind: r.kind,
      action: r.what,
      quantity: r.quantity,
      storeId: r.store_id,
      text: r.text,
      userName: r.user_name,
    }));
  }
}
