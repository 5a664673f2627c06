import type { PdfDocument } from '../../../shared/api/documents';
import type { StockReportInput } from '../../../shared/api/stocktake';
import type { UserSummary } from '../../../shared/api/schemas';
import { parseArticleText } from '../../../shared/domain/article/search';
import type { IndividualStatus } from '../../../shared/domain/model';
import { HELD_STATUSES } from '../../../shared/domain/stocktake/facts';
import { err, ok, type Result } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { pdfAnswer, renderStockReport, rendered, safeFileName, type StockReportDocumentInput } from '../documents';

/** More articles than this make a report nobody prints: narrow the selection first. */
export const STOCK_REPORT_MAX_ARTICLES = 20_000;

const TYPE_TEXT = { all: 'Alla artikeltyper', mainAid: 'Huvudhjälpmedel', accessory: 'Tillbehör', sparePart: 'Reservdelar' } as const;
const STATUS_TEXT: Partial<Record<IndividualStatus, string>> = { inStore: 'I lager', reserved: 'Reserverad', inRepair: 'På reparation', rekond: 'Rekond / rengöring' };
const HELD = HELD_STATUSES.map((s) => `'${s}'`).join(',');

type Filters = Required<StockReportInput>;

export function filterText(f: Filters): string {
  return [
    TYPE_TEXT[f.articleType],
    f.balance === 'withBalance' ? 'med saldo' : 'alla artiklar, även saldo 0',
    ...(f.text.trim() ? [`sökt: ”${f.text.trim()}”`] : []),
    ...(f.individuals ? [] : ['utan individer']),
  ].join(' · ');
}

/**
 * The stock report (lagersaldorapport) of the own store from the replica, with the stock list's
 * filters (the same query as the list): balance, reserved and available per article, its value
 * (a tracked article's individuals at their acquisition value, otherwise the article's price), and
 * optionally the individuals in the store under each tracked article.
 */
export function stockReport(ctx: BackendContext) {
  const s = {
    store: ctx.db.prepare<[string], { name: string; issuer: string | null }>('SELECT s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?'),
    articles: ctx.db.prepare<[string], { id: string; price_ore: number; tracked_individually: number }>(
      'SELECT id, price_ore, tracked_individually FROM article WHERE id IN (SELECT value FROM json_each(?))',
    ),
    individuals: ctx.db.prepare<[string], { article_id: string; individual_no: string; serial_no: string | null; location: string | null; status: IndividualStatus; acquisition_value_ore: number | null }>(
      `SELECT article_id, individual_no, serial_no, location, status, acquisition_value_ore FROM individual
       WHERE store_id = ? AND status IN (${HELD}) ORDER BY location IS NULL, location, individual_no`,
    ),
  };

  return (f: Filters, user: UserSummary): Result<PdfDocument> => {
    const terms = parseArticleText(f.text);
    if (!terms.ok) return terms;
    const filter = { storeId: ctx.ownStoreId, articleType: f.articleType, balance: f.balance, terms: terms.value };
    const total = ctx.repos.stock.countBalances(filter);
    if (total > STOCK_REPORT_MAX_ARTICLES) {
      return err(
        'too-large',
        `Urvalet har ${total.toLocaleString('sv-SE')} artiklar; lagersaldorapporten tar högst ${STOCK_REPORT_MAX_ARTICLES.toLocaleString('sv-SE')}. Välj ”med saldo”, en artikeltyp eller sök.`,
      );
    }
    const rows = ctx.repos.stock.listBalances(filter, 0, Math.max(1, total)).rows;
    const articles = new Map(s.articles.all(JSON.stringify(rows.map((r) => r.articleId))).map((a) => [a.id, a]));
    const held = new Map<string, ReturnType<typeof s.individuals.all>>();
    for (const i of s.individuals.all(ctx.ownStoreId)) {
      const list = held.get(i.article_id);
      if (list) list.push(i);
      else held.set(i.article_id, [i]);
    }
    const st = s.store.get(ctx.ownStoreId);
    const printedAt = ctx.now().toISOString();
    const input: StockReportDocumentInput = {
      issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
      store: { id: ctx.ownStoreId, name: st?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
      filterText: filterText(f),
      articles: rows.map((r) => {
        const a = articles.get(r.articleId);
        const price = a?.price_ore ?? 0;
        const tracked = a?.tracked_individually === 1;
        const individuals = tracked ? (held.get(r.articleId) ?? []) : [];
        return {
          articleNo: r.articleNo,
          name: r.name,
          unit: r.unit,
          tracked,
          onHand: r.onHand,
          reserved: r.reserved,
          available: r.available,
          // Individuals at their acquisition value (the article's price when unknown); a balance without individuals at the price.
          valueOre: tracked && individuals.length > 0 ? individuals.reduce((n, i) => n + (i.acquisition_value_ore ?? price), 0) : r.onHand * price,
          individuals: f.individuals
            ? individuals.map((i) => ({ individualNo: i.individual_no, serialNo: i.serial_no, location: i.location, status: STATUS_TEXT[i.status] ?? i.status }))
            : [],
        };
      }),
      printedBy: user.name,
      printedAt,
    };
    const bytes = rendered(() => renderStockReport(input));
    if (!bytes.ok) return bytes;
    const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(printedAt));
    return ok(pdfAnswer(`${safeFileName(`Lagersaldorapport ${ctx.ownStoreId} ${date}`)}.pdf`, bytes.value, false));
  };
}
