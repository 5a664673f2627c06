import { randomUUID } from 'node:crypto';
import type { IncomingDelivery, ReceiptView } from '../../../shared/api/goods-receipt';
import { draftMissing, draftTotal, lineComplete, ReceiptDraft } from '../../../shared/domain/goods-receipt/draft';
import type { PurchaseOrderStatus } from '../../../shared/domain/model';
import type { Db } from '../db/replica';

interface PurchaseOrderHeader {
  id: string;
  purchase_order_no: string;
  order_id: string;
  order_no: string | null;
  provisional_no: string | null;
  status: PurchaseOrderStatus;
  supplier_name: string | null;
  store_id: string;
  store_name: string;
  created_at: string;
  delivered_at: string | null;
}

/**
 * The replica's side of goods receipt: what is on its way to the store, purchase orders and their
 * lines, the drafts of receipts being scanned (kept here so a receipt survives a restart) and this
 * workstation's individual number blocks.
 */
export class GoodsReceiptRepository {
  private readonly s;
  private readonly cache = new Map<string, ReceiptDraft>();

  constructor(db: Db) {
    this.s = {
      header: db.prepare<[string], PurchaseOrderHeader>(
        `SELECT p.id, p.purchase_order_no, p.order_id, o.order_no, o.provisional_no, p.status, s.name AS supplier_name,
            p.store_id, st.name AS store_name, p.created_at, p.delivered_at
         FROM purchase_order p JOIN customer_order o ON o.id = p.order_id LEFT JOIN supplier s ON s.id = p.supplier_id
           JOIN store st ON st.id = p.store_id
         WHERE p.id = ?`,
      ),
      lines: db.prepare<[string], { line_no: number; article_id: string; article_no: string; name: string; tracked: number; quantity: number; price_ore: number }>(
        `SELECT l.line_no, l.article_id, a.article_no, a.name, a.tracked_individually AS tracked, l.quantity, l.price_ore
         FROM customer_order_line l JOIN article a ON a.id = l.article_id WHERE l.purchase_order_id = ? ORDER BY l.line_no`,
      ),
      closedBy: db.prepare<[string], { outcome: 'approved' | 'cancelled'; at: string; user_name: string | null; reason: string | null }>(
        `SELECT r.outcome, r.at, u.name AS user_name, r.reason FROM goods_receipt r LEFT JOIN app_user u ON u.id = r.user_id
         WHERE r.purchase_order_id = ? ORDER BY r.at LIMIT 1`,
      ),
      draftRows: db.prepare<[string], { line_no: number; data: string }>('SELECT line_no, data FROM receipt_draft WHERE purchase_order_id = ? ORDER BY line_no'),
      saveLine: db.prepare<[string, number, string, string]>(
        `INSERT INTO receipt_draft (purchase_order_id, line_no, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (purchase_order_id, line_no) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ),
      releaseNumbers: db.prepare<[string, number]>('DELETE FROM receipt_draft_number WHERE purchase_order_id = ? AND line_no = ?'),
      holdNumber: db.prepare<[string, string, number]>('INSERT INTO receipt_draft_number (individual_no, purchase_order_id, line_no) VALUES (?, ?, ?)'),
      numberHolder: db.prepare<[string], { purchase_order_id: string }>('SELECT purchase_order_id FROM receipt_draft_number WHERE individual_no = ?'),
      deleteDraft: db.prepare<[string]>('DELETE FROM receipt_draft WHERE purchase_order_id = ?'),
      deleteNumbers: db.prepare<[string]>('DELETE FROM receipt_draft_number WHERE purchase_order_id = ?'),

      incomingDirect: db.prepare<{ store: string; unreceived: number; user: string | null }, IncomingRow>(
        `SELECT 'direct' AS kind, p.id AS purchase_order_id, p.purchase_order_no, o.id AS order_id, o.order_no, o.provisional_no, p.status,
            s.name AS supplier_name, u.name AS user_name, p.created_at, p.delivered_at,
            (SELECT count(*) FROM customer_order_line l WHERE l.purchase_order_id = p.id) AS lines,
            EXISTS (SELECT 1 FROM receipt_draft d WHERE d.purchase_order_id = p.id AND d.line_no = 0) AS draft
         FROM purchase_order p JOIN customer_order o ON o.id = p.order_id LEFT JOIN supplier s ON s.id = p.supplier_id
           LEFT JOIN app_user u ON u.id = o.user_id
         WHERE p.store_id = @store AND (@unreceived = 0 OR p.status IN ('ordered','delivered')) AND (@user IS NULL OR o.user_id = @user)
         ORDER BY p.status = 'delivered' DESC, p.created_at DESC LIMIT 500`,
      ),
      incomingCentral: db.prepare<{ store: string; user: string | null }, IncomingRow>(
        `SELECT 'central' AS kind, NULL AS purchase_order_id, NULL AS purchase_order_no, o.id AS order_id, o.order_no, o.provisional_no,
            'shipped' AS status, NULL AS supplier_name, u.name AS user_name, o.created_at, o.shipped_at AS delivered_at,
            (SELECT count(*) FROM customer_order_line l WHERE l.order_id = o.id AND l.route = 'central') AS lines, 0 AS draft
         FROM customer_order o LEFT JOIN app_user u ON u.id = o.user_id
         WHERE o.store_id = @store AND o.shipped_at IS NOT NULL AND (@user IS NULL OR o.user_id = @user)
         ORDER BY o.shipped_at DESC LIMIT 100`,
      ),
      byPurchaseOrderNo: db.prepare<[string, string], { id: string; order_id: string }>('SELECT id, order_id FROM purchase_order WHERE purchase_order_no = ? AND store_id = ?'),
      byOrderNo: db.prepare<[string, string, string], { id: string }>('SELECT id FROM customer_order WHERE (order_no = ? OR provisional_no = ?) AND store_id = ?'),
      purchaseOrdersOf: db.prepare<[string], { id: string; status: PurchaseOrderStatus; purchase_order_no: string }>(
        'SELECT id, status, purchase_order_no FROM purchase_order WHERE order_id = ? ORDER BY purchase_order_no',
      ),
      openWithArticle: db.prepare<[string, string, string], { purchase_order_no: string; order_no: string | null }>(
        `SELECT p.purchase_order_no, o.order_no FROM customer_order_line l JOIN purchase_order p ON p.id = l.purchase_order_id
           JOIN customer_order o ON o.id = p.order_id
         WHERE l.article_id = ? AND p.store_id = ? AND p.id <> ? AND p.status IN ('ordered','delivered') ORDER BY p.purchase_order_no LIMIT 1`,
      ),
    };
  }

  header(purchaseOrderId: string): PurchaseOrderHeader | null {
    return this.s.header.get(purchaseOrderId) ?? null;
  }

  /**
   * The saved draft, or a new one from the purchase order's lines (not saved until the first
   * change). Drafts are read from the replica once and then kept in memory: this process is the
   * only writer of its drafts, and a scan then costs one small row instead of the whole receipt.
   */
  draft(purchaseOrderId: string, at: string): { draft: ReceiptDraft; saved: boolean } {
    const cached = this.cache.get(purchaseOrderId);
    if (cached) return { draft: cached, saved: true };
    const rows = this.s.draftRows.all(purchaseOrderId);
    if (rows.length > 0 && rows[0]!.line_no === 0) {
      const header = JSON.parse(rows[0]!.data) as { receiptId: string; updatedAt: string };
      const parsed = ReceiptDraft.safeParse({ purchaseOrderId, ...header, lines: rows.slice(1).map((r) => JSON.parse(r.data) as unknown) });
      if (parsed.success) {
        this.cache.set(purchaseOrderId, parsed.data);
        return { draft: parsed.data, saved: true };
      }
    }
    return {
      saved: false,
      draft: {
        purchaseOrderId,
        receiptId: randomUUID(),
        updatedAt: at,
        lines: this.s.lines.all(purchaseOrderId).map((l) => ({
          lineNo: l.line_no,
          articleId: l.article_id,
          articleNo: l.article_no,
          name: l.name,
          tracked: l.tracked === 1,
          ordered: l.quantity,
          received: 0,
          orderedPriceOre: l.price_ore,
          priceOre: null,
          movementId: randomUUID(),
          units: [],
        })),
      },
    };
  }

  /**
   * Saves the draft's header and the given lines (all lines for a draft saved the first time),
   * with the individual numbers its units hold. Run inside the caller's transaction.
   */
  saveDraft(draft: ReceiptDraft, changedLineNos?: readonly number[]): void {
    const first = !this.cache.has(draft.purchaseOrderId);
    const po = draft.purchaseOrderId;
    this.s.saveLine.run(po, 0, JSON.stringify({ receiptId: draft.receiptId, updatedAt: draft.updatedAt }), draft.updatedAt);
    for (const line of draft.lines) {
      if (!first && changedLineNos && !changedLineNos.includes(line.lineNo)) continue;
      this.s.saveLine.run(po, line.lineNo, JSON.stringify(line), draft.updatedAt);
      this.s.releaseNumbers.run(po, line.lineNo);
      for (const u of line.units) if (u.individualNo !== null) this.s.holdNumber.run(u.individualNo, po, line.lineNo);
    }
    this.cache.set(po, draft);
  }

  /** The other draft on this workstation that holds an individual number (null: none does). */
  numberHeldBy(individualNo: string, exceptPurchaseOrderId: string): string | null {
    const holder = this.s.numberHolder.get(individualNo)?.purchase_order_id ?? null;
    return holder === exceptPurchaseOrderId ? null : holder;
  }

  deleteDraft(purchaseOrderId: string): void {
    this.s.deleteDraft.run(purchaseOrderId);
    this.s.deleteNumbers.run(purchaseOrderId);
    this.cache.delete(purchaseOrderId);
  }

  /** Forgets the drafts read into memory (after a rolled-back transaction that may have changed one). */
  forget(purchaseOrderId: string): void {
    this.cache.delete(purchaseOrderId);
  }

  view(purchaseOrderId: string, draft: ReceiptDraft, saved: boolean, numbersLeft: number): ReceiptView | null {
    const h = this.header(purchaseOrderId);
    if (!h) return null;
    const closed = this.s.closedBy.get(purchaseOrderId);
    const missing = draftMissing(draft);
    return {
      purchaseOrderId: h.id,
      purchaseOrderNo: h.purchase_order_no,
      orderId: h.order_id,
      orderNo: h.order_no,
      provisionalNo: h.provisional_no,
      status: h.status,
      supplierName: h.supplier_name,
      storeId: h.store_id,
      storeName: h.store_name,
      createdAt: h.created_at,
      deliveredAt: h.delivered_at,
      lines: draft.lines.map((l) => ({ ...l, complete: lineComplete(l) })),
      totalOre: draftTotal(draft),
      ready: missing.length === 0,
      missing,
      numbersLeft,
      updatedAt: saved ? draft.updatedAt : null,
      closed: closed ? { outcome: closed.outcome, at: closed.at, userName: closed.user_name, reason: closed.reason } : null,
    };
  }

  incoming(storeId: string, onlyUnreceived: boolean, userId: string | null): IncomingDelivery[] {
    const direct = this.s.incomingDirect.all({ store: storeId, unreceived: onlyUnreceived ? 1 : 0, user: userId });
    const central = this.s.incomingCentral.all({ store: storeId, user: userId });
    return [...direct, ...central].map((r) => ({
      kind: r.kind,
      purchaseOrderId: r.purchase_order_id,
      purchaseOrderNo: r.purchase_order_no,
      orderId: r.order_id,
      orderNo: r.order_no,
      provisionalNo: r.provisional_no,
      status: r.status,
      supplierName: r.supplier_name,
      userName: r.user_name,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      lines: r.lines,
      draft: r.draft === 1,
    }));
  }

  /** A delivery by the number on its delivery note: purchase order number, "Märk lev:" order number or provisional number. */
  find(storeId: string, number: string): { purchaseOrderId: string | null; orderId: string; purchaseOrders: { id: string; status: PurchaseOrderStatus; no: string }[] } | null {
    const po = this.s.byPurchaseOrderNo.get(number, storeId);
    if (po) return { purchaseOrderId: po.id, orderId: po.order_id, purchaseOrders: [] };
    const order = this.s.byOrderNo.get(number, number, storeId);
    if (!order) return null;
    const pos = this.s.purchaseOrdersOf.all(order.id).map((p) => ({ id: p.id, status: p.status, no: p.purchase_order_no }));
    const open = pos.find((p) => p.status === 'ordered' || p.status === 'delivered') ?? pos[0];
    return { purchaseOrderId: open?.id ?? null, orderId: order.id, purchaseOrders: pos };
  }

  /** Another open purchase order of the store that has the article (a scan for another delivery). */
  otherOpenWith(articleId: string, storeId: string, purchaseOrderId: string): { purchaseOrderNo: string; orderNo: string | null } | null {
    const r = this.s.openWithArticle.get(articleId, storeId, purchaseOrderId);
    return r ? { purchaseOrderNo: r.purchase_order_no, orderNo: r.order_no } : null;
  }

}

interface IncomingRow {
  kind: 'direct' | 'central';
  purchase_order_id: string | null;
  purchase_order_no: string | null;
  order_id: string;
  order_no: string | null;
  provisional_no: string | null;
  status: IncomingDelivery['status'];
  supplier_name: string | null;
  user_name: string | null;
  created_at: string;
  delivered_at: string | null;
  lines: number;
  draft: number;
}
