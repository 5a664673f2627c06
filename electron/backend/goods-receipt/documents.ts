import type { PdfDocument } from '../../../shared/api/documents';
import { err, ok, type Result } from '../../../shared/result';
import type { Db } from '../db/replica';
import { pdfAnswer as pdf, renderGoodsReceipt, renderPurchaseOrder, rendered } from '../documents';

/**
 * The goods receipt's documents from the replica: the purchase order
 * (inköpsorder, "Kopia" when printed again on this workstation) and the receipt (kvittens).
 */

interface Header {
  id: string;
  purchase_order_no: string;
  order_no: string | null;
  provisional_no: string | null;
  status: string;
  supplier_name: string | null;
  supplier_id: string | null;
  store_id: string;
  store_name: string;
  issuer: string | null;
  created_at: string;
  user_name: string | null;
}

interface ReceiptRecordLine {
  lineNo: number;
  articleId: string;
  articleNo: string;
  quantity: number;
  priceOre: number;
  individuals: { id: string; individualNo: string; serialNo: string | null }[];
}

export class GoodsReceiptDocuments {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      header: db.prepare<[string], Header>(
        `SELECT p.id, p.purchase_order_no, o.order_no, o.provisional_no, p.status, s.name AS supplier_name, p.supplier_id, p.store_id,
           st.name AS store_name, (SELECT c.name FROM store c WHERE c.id = st.parent_store_id) AS issuer, p.created_at, u.name AS user_name
         FROM purchase_order p JOIN customer_order o ON o.id = p.order_id LEFT JOIN supplier s ON s.id = p.supplier_id
           JOIN store st ON st.id = p.store_id LEFT JOIN app_user u ON u.id = o.user_id
         WHERE p.id = ?`,
      ),
      orderLines: db.prepare<[string], { line_no: number; article_no: string; supplier_article_no: string | null; name: string; unit: string; quantity: number; price_ore: number }>(
        `SELECT l.line_no, a.article_no, a.supplier_article_no, a.name, a.unit, l.quantity, l.price_ore
         FROM customer_order_line l JOIN article a ON a.id = l.article_id WHERE l.purchase_order_id = ? ORDER BY l.line_no`,
      ),
      receipt: db.prepare<[string], { at: string; lines: string; user_name: string | null }>(
        `SELECT r.at, r.lines, u.name AS user_name FROM goods_receipt r LEFT JOIN app_user u ON u.id = r.user_id
         WHERE r.purchase_order_id = ? AND r.outcome = 'approved'`,
      ),
      article: db.prepare<[string], { name: string; unit: string }>('SELECT name, unit FROM article WHERE id = ?'),
      printed: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM document_print WHERE kind = ? AND ref = ?'),
      print: db.prepare<[string, string, string, string | null]>('INSERT INTO document_print (kind, ref, at, user_id) VALUES (?, ?, ?, ?)'),
    };
  }

  private recordPrint(kind: string, ref: string, at: string, userId: string | null): boolean {
    const copy = this.s.printed.get(kind, ref)!.n > 0;
    this.s.print.run(kind, ref, at, userId);
    return copy;
  }

  /** The individuals an approved receipt created (for their labels). */
  receivedIndividualIds(purchaseOrderId: string): Result<string[]> {
    const r = this.s.receipt.get(purchaseOrderId);
    if (!r) return err('not-received', 'Leveransen är inte kvitterad: etiketterna skrivs ut efter godkänd kvittens.');
    const lines = JSON.parse(r.lines) as ReceiptRecordLine[];
    const ids = lines.flatMap((l) => l.individuals.map((i) => i.id));
    return ids.length > 0 ? ok(ids) : err('no-individuals', 'Kvittensen skapade inga individer (inga individmärkta artiklar).');
  }

  purchaseOrder(purchaseOrderId: string, printedAt: string, userId: string | null): Result<PdfDocument> {
    const h = this.s.header.get(purchaseOrderId);
    if (!h) return err('not-found', 'Inköpsordern finns inte för det här lagret.');
    const lines = this.s.orderLines.all(purchaseOrderId);
    return this.db.transaction((): Result<PdfDocument> => {
      const copy = this.recordPrint('purchaseOrder', purchaseOrderId, printedAt, userId);
      const bytes = rendered(() =>
        renderPurchaseOrder({
          issuer: { name: h.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
          supplier: { name: h.supplier_name ?? 'Leverantör saknas', supplierNo: h.supplier_id, addressLines: [] },
          store: { id: h.store_id, name: h.store_name, addressLines: [] },
          purchaseOrderNo: h.purchase_order_no,
          customerOrderNo: h.order_no,
          provisionalNo: h.provisional_no,
          orderDate: h.created_at.slice(0, 10),
          orderedBy: { name: h.user_name ?? 'Hjälpmedelscentralen', phone: null },
          lines: lines.map((l) => ({
            lineNo: l.line_no,
            articleNo: l.article_no,
            supplierArticleNo: l.supplier_article_no,
            name: l.name,
            quantity: l.quantity,
            unit: l.unit,
            unitPriceOre: l.price_ore,
          })),
          totalOre: lines.reduce((sum, l) => sum + l.quantity * l.price_ore, 0),
          copy,
          printedAt,
        }),
      );
      if (!bytes.ok) throw new DocumentRefused(bytes);
      return ok(pdf(`Inköpsorder ${h.purchase_order_no}${copy ? ' (kopia)' : ''}.pdf`, bytes.value, copy));
    })();
  }

  goodsReceipt(purchaseOrderId: string, printedAt: string, userId: string | null): Result<PdfDocument> {
    const h = this.s.header.get(purchaseOrderId);
    if (!h) return err('not-found', 'Inköpsordern finns inte för det här lagret.');
    const r = this.s.receipt.get(purchaseOrderId);
    if (!r) return err('not-received', 'Leveransen är inte kvitterad ännu.');
    const lines = JSON.parse(r.lines) as ReceiptRecordLine[];
    const at = new Date(r.at);
    return this.db.transaction((): Result<PdfDocument> => {
      const copy = this.recordPrint('goodsReceipt', purchaseOrderId, printedAt, userId);
      const bytes = rendered(() =>
        renderGoodsReceipt({
          issuer: { name: h.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
          supplier: { name: h.supplier_name ?? 'Leverantör saknas', supplierNo: h.supplier_id, addressLines: [] },
          store: { id: h.store_id, name: h.store_name, addressLines: [] },
          purchaseOrderNo: h.purchase_order_no,
          customerOrderNo: h.order_no,
          provisionalNo: h.provisional_no,
          receivedDate: localDate(at),
          receivedTime: localTime(at),
          receivedBy: { name: r.user_name ?? 'okänd användare', phone: null },
          lines: lines.map((l) => {
            const a = this.s.article.get(l.articleId);
            return {
              lineNo: l.lineNo,
              articleNo: l.articleNo,
              name: a?.name ?? l.articleNo,
              unit: a?.unit ?? 'st',
              quantity: l.quantity,
              unitPriceOre: l.priceOre,
              individuals: l.individuals.map((i) => ({ individualNo: i.individualNo, serialNo: i.serialNo })),
            };
          }),
          totalOre: lines.reduce((sum, l) => sum + l.quantity * l.priceOre, 0),
          copy,
          printedAt,
        }),
      );
      if (!bytes.ok) throw new DocumentRefused(bytes);
      return ok(pdf(`Kvittens ${h.purchase_order_no}${copy ? ' (kopia)' : ''}.pdf`, bytes.value, copy));
    })();
  }
}

/** Rolls the print record back when the document is refused. */
class DocumentRefused extends Error {
  constructor(readonly refusal: Extract<Result<never>, { ok: false }>) {
    super(refusal.error.message);
  }
}

/** Catches a refused document (its print was not recorded) as its refusal. */
export function documentResult(f: () => Result<PdfDocument>): Result<PdfDocument> {
  try {
    return f();
  } catch (e) {
    if (e instanceof DocumentRefused) return e.refusal;
    throw e;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Dates and times on documents are Swedish local time. */
const swedish = (d: Date) => new Date(d.toLocaleString('en-US', { timeZone: 'Europe/Stockholm' }));
const localDate = (d: Date) => {
  const s = swedish(d);
  return `${s.getFullYear()}-${pad(s.getMonth() + 1)}-${pad(s.getDate())}`;
};
const localTime = (d: Date) => {
  const s = swedish(d);
  return `${pad(s.getHours())}:${pad(s.getMinutes())}`;
};
