import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiptScanResult, ReceiptView } from '../../../shared/api/goods-receipt';
import { gs1CheckDigit } from '../../../shared/scan';
import { dispatch } from '../api/dispatch';
import { openBackend } from '../backend';
import { tempBackend, type TempBackend, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { pdfInfo, pdfText, renderPage, scan as decode } from '../../../tests/helpers/pdf';
import type { PdfDocument } from '../../../shared/api/documents';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/**
 * Goods receipt on the workstation: a purchase order as central replicates it (rows written as the
 * pull writes them), received by scans into a draft that survives a restart, approved in one
 * transaction. The central side (routing, a second workstation's receipt) is in
 * tests/integration/sync-orders.test.ts.
 */

let t: TempBackend;
const STORE = '50301';
const PO = 'po-1';
const db = () => t.backend.context.db;

interface Art {
  id: string;
  article_no: string;
  gtin: string | null;
}
let tracked: Art;
let plain: Art;
let service: Art;

const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const attempt = (name: string, input: unknown) => dispatch(t.backend, name, input);
const scan = (text: string) => call<ReceiptScanResult>('goodsReceipt.scan', { purchaseOrderId: PO, text });
const gs1 = (gtin: string, serial: string) => `01${gtin}21${serial}`;

/** A purchase order of three lines as central sends it: 2 tracked units, 3 untracked, 1 service at 0 kr. */
function insertPurchaseOrder() {
  const d = db();
  const pick = (sql: string) => d.prepare(sql).get() as Art;
  tracked = pick(`SELECT a.id, a.article_no, (SELECT gtin FROM article_gtin g WHERE g.article_id = a.id) AS gtin FROM article a
    WHERE a.tracked_individually = 1 AND a.article_status = 'active' AND EXISTS (SELECT 1 FROM article_gtin g WHERE g.article_id = a.id) ORDER BY a.article_no LIMIT 1`);
  plain = pick(`SELECT a.id, a.article_no, NULL AS gtin FROM article a WHERE a.tracked_individually = 0 AND a.article_type = 'accessory' AND a.article_status = 'active' ORDER BY a.article_no LIMIT 1`);
  service = pick(`SELECT a.id, a.article_no, NULL AS gtin FROM article a WHERE a.tracked_individually = 0 AND a.article_type = 'service' ORDER BY a.article_no LIMIT 1`);
  d.transaction(() => {
    d.prepare(`INSERT INTO customer_order (id, order_no, provisional_no, kind, store_id, from_store_id, supplier_id, status, created_at, user_id)
      VALUES ('order-1', '26480007', 'P50301-AB12-0001', 'replenishment', ?, '10', 'S001', 'registered', '2026-11-20T09:00:00Z', 'U1')`).run(STORE);
    d.prepare(`INSERT INTO purchase_order (id, purchase_order_no, order_id, store_id, supplier_id, status, created_at, delivered_at)
      VALUES (?, '26485001', 'order-1', ?, 'S001', 'delivered', '2026-11-20T09:00:01Z', '2026-11-21T12:00:00Z')`).run(PO, STORE);
    const line = d.prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, purchase_order_id, price_ore)
      VALUES ('order-1', ?, ?, ?, 'delivered', 'purchase', ?, ?)`);
    line.run(1, tracked.id, 2, PO, 1_234_550);
    line.run(2, plain.id, 3, PO, 45_000);
    line.run(3, service.id, 1, PO, 0);
  })();
}

const balance = (articleId: string) =>
  (db().prepare('SELECT on_hand FROM stock_balance WHERE store_id = ? AND article_id = ?').pluck().get(STORE, articleId) as number | undefined) ?? 0;

beforeEach(() => {
  t = tempBackend();
  call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
  insertPurchaseOrder();
});
afterEach(() => t.cleanup());

describe('Godsmottagning: the delivery is found by the numbers on the delivery note', () => {
  it('by purchase order number, "Märk lev:" order number and provisional number; unknown numbers say so', () => {
    for (const n of ['26485001', '26480007', 'P50301-AB12-0001']) {
      expect(call('goodsReceipt.find', { number: n })).toEqual({ purchaseOrderId: PO, orderId: 'order-1', kind: 'direct' });
    }
    const r = attempt('goodsReceipt.find', { number: '26489999' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('26489999');
    const incoming = call<{ purchaseOrderNo: string; status: string }[]>('goodsReceipt.incoming', {});
    expect(incoming).toEqual([expect.objectContaining({ purchaseOrderNo: '26485001', status: 'delivered', kind: 'direct' })]);
  });
});

describe('Kvittens by scanning', () => {
  it('ticks lines by GS1 code and article number, numbers units by label, refuses what does not fit, and approves in one go', () => {
    const open = call<ReceiptView>('goodsReceipt.open', { purchaseOrderId: PO });
    expect(open.lines.map((l) => [l.lineNo, l.ordered, l.received])).toEqual([[1, 2, 0], [2, 3, 0], [3, 1, 0]]);
    expect(open.ready).toBe(false);

    // GS1 DataMatrix of the tracked article: GTIN + serial.
    let r = scan(gs1(tracked.gtin!, 'SN-A1'));
    expect(r).toMatchObject({ outcome: 'ok', lineNo: 1 });
    expect(r.view.lines[0]!.units).toEqual([expect.objectContaining({ serialNo: 'SN-A1', individualNo: null })]);
    // The same unit again: refused, nothing changes.
    r = scan(gs1(tracked.gtin!, 'SN-A1'));
    expect(r.outcome).toBe('refused');
    expect(r.message).toContain('SN-A1');
    expect(r.view.lines[0]!.received).toBe(1);
    // The region's individual label gives the waiting unit its number.
    r = scan('9100001');
    expect(r).toMatchObject({ outcome: 'ok', lineNo: 1 });
    expect(r.view.lines[0]!.units[0]!.individualNo).toBe('9100001');
    // A damaged GS1 code (bad check digit; a DataMatrix read with its AIM id) changes nothing and says why.
    const body = tracked.gtin!.slice(0, 13);
    const wrong = `${body}${(gs1CheckDigit(body) + 1) % 10}`;
    r = scan(`]d2${gs1(wrong, 'SN-A2')}`);
    expect(r.outcome).toBe('refused');
    expect(r.message).toMatch(/kontrollsiffra/i);
    // An article that is not on this delivery.
    const other = db().prepare("SELECT article_no FROM article WHERE id NOT IN (?, ?, ?) AND article_status = 'active' LIMIT 1").pluck().get(tracked.id, plain.id, service.id) as string;
    r = scan(other);
    expect(r.outcome).toBe('refused');
    expect(r.message).toContain(`Artikel ${other} finns inte på den här leveransen`);
    // Untracked: one scan of the article number is one unit; a fourth is more than ordered.
    for (let i = 1; i <= 3; i++) expect(scan(plain.article_no)).toMatchObject({ outcome: 'ok', lineNo: 2 });
    r = scan(plain.article_no);
    expect(r.outcome).toBe('refused');
    expect(r.message).toMatch(/3 av 3/);
    expect(scan(service.article_no)).toMatchObject({ outcome: 'ok', lineNo: 3 });

    // Partial line: 1 of 2 tracked units. Approval is refused and nothing is written.
    const outboxBefore = db().prepare('SELECT count(*) FROM outbox').pluck().get();
    let approved = attempt('goodsReceipt.approve', { purchaseOrderId: PO });
    expect(approved.ok).toBe(false);
    if (!approved.ok) expect(approved.error.message).toMatch(/Delkvittens av en rad går inte/);
    expect(db().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(outboxBefore);

    r = scan(gs1(tracked.gtin!, 'SN-A2'));
    expect(r).toMatchObject({ outcome: 'ok', lineNo: 1 });
    r = scan('9100002');
    expect(r.view.lines[0]!.complete).toBe(true);

    // The service line was ordered at 0 kr: approval needs the real price, in whole kronor.
    approved = attempt('goodsReceipt.approve', { purchaseOrderId: PO });
    expect(approved.ok).toBe(false);
    if (!approved.ok) expect(approved.error.message).toMatch(/saknar pris/);
    const ore = attempt('goodsReceipt.edit', { purchaseOrderId: PO, edit: { kind: 'price', lineNo: 3, price: '12,50' } });
    expect(ore.ok).toBe(false);
    if (!ore.ok) expect(ore.error.message).toMatch(/hela kronor/);
    const priced = call<ReceiptView>('goodsReceipt.edit', { purchaseOrderId: PO, edit: { kind: 'price', lineNo: 3, price: '1 250' } });
    expect(priced.ready).toBe(true);
    // Ordered 12 345,50 kr → received at whole kronor 12 346; 3 × 450; 1 × 1 250.
    expect(priced.totalOre).toBe(2 * 1_234_600 + 3 * 45_000 + 125_000);

    const trackedBefore = balance(tracked.id);
    const plainBefore = balance(plain.id);
    call('goodsReceipt.approve', { purchaseOrderId: PO });
    expect(balance(tracked.id)).toBe(trackedBefore + 2);
    expect(balance(plain.id)).toBe(plainBefore + 3);
    const individuals = db().prepare("SELECT individual_no, serial_no, status, store_id, estimated_age_years, acquisition_value_ore FROM individual WHERE individual_no IN ('9100001','9100002') ORDER BY individual_no").all();
    expect(individuals).toEqual([
      { individual_no: '9100001', serial_no: 'SN-A1', status: 'inStore', store_id: STORE, estimated_age_years: 0, acquisition_value_ore: 1_234_600 },
      { individual_no: '9100002', serial_no: 'SN-A2', status: 'inStore', store_id: STORE, estimated_age_years: 0, acquisition_value_ore: 1_234_600 },
    ]);
    expect(db().prepare('SELECT status FROM purchase_order WHERE id = ?').pluck().get(PO)).toBe('received');
    expect(db().prepare("SELECT DISTINCT status FROM customer_order_line WHERE order_id = 'order-1'").pluck().all()).toEqual(['received']);
    expect(db().prepare("SELECT status FROM customer_order WHERE id = 'order-1'").pluck().get()).toBe('delivered');
    expect(db().prepare('SELECT count(*) FROM receipt_draft').pluck().get()).toBe(0);
    const receipt = db().prepare('SELECT outcome, total_ore FROM goods_receipt WHERE purchase_order_id = ?').get(PO);
    expect(receipt).toEqual({ outcome: 'approved', total_ore: priced.totalOre });
    expect(db().prepare("SELECT name FROM outbox ORDER BY id DESC LIMIT 1").pluck().get()).toBe('goodsReceipt.approve');

    // The documents: labels of the two new individuals (barcodes that scan), the receipt, the purchase order.
    const labels = call<PdfDocument>('goodsReceipt.labels', { purchaseOrderId: PO, layout: { kind: 'roll', size: '57x32' } });
    const labelPdf = Buffer.from(labels.base64, 'base64');
    expect(pdfInfo(labelPdf).pages).toBe(2);
    expect(decode(renderPage(labelPdf, 1, 600).raster, 'code128')).toBe('9100001');
    const receiptPdf = call<PdfDocument>('goodsReceipt.receiptPdf', { purchaseOrderId: PO });
    const receiptText = pdfText(Buffer.from(receiptPdf.base64, 'base64'));
    expect(receiptText).toContain('26485001');
    expect(receiptText).toContain('SN-A2');
    expect(receiptText).toMatch(/Ahmed Lagerman/);
    expect(receiptPdf.copy).toBe(false);
    const po = call<PdfDocument>('goodsReceipt.purchaseOrderPdf', { purchaseOrderId: PO });
    expect(po.copy).toBe(false);
    expect(pdfText(Buffer.from(po.base64, 'base64'))).not.toContain('KOPIA');
    const reprint = call<PdfDocument>('goodsReceipt.purchaseOrderPdf', { purchaseOrderId: PO });
    expect(reprint.copy).toBe(true);
    expect(pdfText(Buffer.from(reprint.base64, 'base64'))).toContain('KOPIA');

    // Received: no more scans, no second approval.
    const again = attempt('goodsReceipt.scan', { purchaseOrderId: PO, text: plain.article_no });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('already-received');
  });

  it('an unknown but valid GTIN is refused until a store admin links it to the article once; then it is known', () => {
    const body = '0735999999999';
    const gtin = `${body}${gs1CheckDigit(body)}`;
    let r = scan(gs1(gtin, 'SN-G1'));
    expect(r.outcome).toBe('refused');
    expect(r.message).toContain(`GTIN ${gtin} är inte kopplad till någon artikel`);
    expect(r.unknownGtin).toBe(gtin);
    // A technician may not link; a store admin may, once.
    expect(attempt('article.linkGtin', { gtin, articleId: tracked.id }).ok).toBe(false);
    call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    call('article.linkGtin', { gtin, articleId: tracked.id });
    const twice = attempt('article.linkGtin', { gtin, articleId: plain.id });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toContain(`redan kopplad till artikel ${tracked.article_no}`);
    r = scan(gs1(gtin, 'SN-G1'));
    expect(r).toMatchObject({ outcome: 'ok', lineNo: 1 });
    const damaged = attempt('article.linkGtin', { gtin: `${body}${(gs1CheckDigit(body) + 1) % 10}`, articleId: tracked.id });
    expect(damaged.ok).toBe(false);
    if (!damaged.ok) expect(damaged.error.message).toMatch(/kontrollsiffra/);
  });

  it('an individual number that already exists is refused at the scan', () => {
    const existing = db().prepare("SELECT individual_no FROM individual LIMIT 1").pluck().get() as string;
    scan(gs1(tracked.gtin!, 'SN-X'));
    const r = scan(existing);
    expect(r.outcome).toBe('refused');
    expect(r.message).toContain(`Individnummer ${existing} finns redan`);
  });

  it('a receipt being scanned survives a restart of the workstation', () => {
    scan(gs1(tracked.gtin!, 'SN-R1'));
    scan(plain.article_no);
    t.backend.close();
    t.backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: t.dataDir, now: () => new Date('2026-11-22T10:05:00Z') });
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    const view = call<ReceiptView>('goodsReceipt.open', { purchaseOrderId: PO });
    expect(view.lines.map((l) => l.received)).toEqual([1, 1, 0]);
    expect(view.lines[0]!.units[0]!.serialNo).toBe('SN-R1');
    expect(view.updatedAt).not.toBeNull();
  });

  it('cancelling (makulera) needs a reason, moves no stock and closes the purchase order', () => {
    const before = balance(plain.id);
    const noReason = attempt('goodsReceipt.cancel', { purchaseOrderId: PO, reason: '  ' });
    expect(noReason.ok).toBe(false);
    call('goodsReceipt.cancel', { purchaseOrderId: PO, reason: 'Fel levererat, returnerat till leverantören' });
    expect(balance(plain.id)).toBe(before);
    expect(db().prepare('SELECT status FROM purchase_order WHERE id = ?').pluck().get(PO)).toBe('cancelled');
    const view = call<ReceiptView>('goodsReceipt.open', { purchaseOrderId: PO });
    expect(view.closed).toMatchObject({ outcome: 'cancelled', reason: 'Fel levererat, returnerat till leverantören' });
  });
});

describe('a delivery from the central store', () => {
  it('arrives confirmed; a difference found by checking it is reported to central as a deviation', () => {
    db().prepare(`INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, created_at, shipped_at)
      VALUES ('order-c', '26480009', 'replenishment', ?, '10', 'shipped', '2026-11-20T09:00:00Z', '2026-11-21T07:00:00Z')`).run(STORE);
    db().prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, price_ore)
      VALUES ('order-c', 1, ?, 4, 'shipped', 'central', 45000)`).run(plain.id);
    db().prepare(`INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, created_at)
      VALUES ('order-r', '26480010', 'replenishment', ?, '10', 'registered', '2026-11-20T09:00:00Z')`).run(STORE);
    const incoming = call<{ kind: string; orderNo: string }[]>('goodsReceipt.incoming', {});
    expect(incoming).toContainEqual(expect.objectContaining({ kind: 'central', orderNo: '26480009' }));
    const view = call<{ lines: { articleId: string; quantity: number }[] }>('goodsReceipt.centralDelivery', { orderId: 'order-c' });
    expect(view.lines).toEqual([expect.objectContaining({ articleId: plain.id, quantity: 4 })]);
    const lines = [{ articleId: plain.id, expected: 4, counted: 3 }];
    expect(attempt('goodsReceipt.reportDeviation', { orderId: 'order-c', text: ' ', lines }).ok).toBe(false);
    const notShipped = attempt('goodsReceipt.reportDeviation', { orderId: 'order-r', text: 'Saknas', lines });
    expect(notShipped.ok).toBe(false);
    if (!notShipped.ok) expect(notShipped.error.message).toContain('har inte levererats');
    const before = balance(plain.id);
    call('goodsReceipt.reportDeviation', { orderId: 'order-c', text: 'En korg saknades i kartongen.', lines });
    expect(balance(plain.id)).toBe(before);
    const stored = db().prepare("SELECT text, lines FROM delivery_deviation WHERE order_id = 'order-c'").get() as { text: string; lines: string };
    expect(stored.text).toBe('En korg saknades i kartongen.');
    expect(JSON.parse(stored.lines)).toEqual(lines);
    expect(call<{ deviations: unknown[] }>('goodsReceipt.centralDelivery', { orderId: 'order-c' }).deviations).toHaveLength(1);
  });
});

describe('a delivery received on another workstation', () => {
  it('closes the draft here when the receipt comes in by sync: its individual numbers are free again', () => {
    scan(gs1(tracked.gtin!, 'SN-W1'));
    scan('9100007');
    expect(db().prepare('SELECT count(*) FROM receipt_draft_number').pluck().get()).toBe(1);
    // The pull brings the other workstation's receipt.
    db().prepare("UPDATE purchase_order SET status = 'received', closed_at = '2026-11-22T09:00:00Z' WHERE id = ?").run(PO);
    db().prepare(`INSERT INTO goods_receipt (id, purchase_order_id, store_id, outcome, user_id, at, total_ore, lines)
      VALUES ('r-other', ?, ?, 'approved', 'U1', '2026-11-22T09:00:00Z', 0, '[]')`).run(PO, STORE);
    const view = call<ReceiptView>('goodsReceipt.open', { purchaseOrderId: PO });
    expect(view.closed).toMatchObject({ outcome: 'approved', userName: 'Lena Tekniker' });
    expect(db().prepare('SELECT count(*) FROM receipt_draft_number').pluck().get()).toBe(0);
    const r = attempt('goodsReceipt.scan', { purchaseOrderId: PO, text: plain.article_no });
    expect(r.ok).toBe(false);
  });
});
