import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../../shared/api/documents';
import type { AidRow } from '../../../shared/api/recipient';
import type { IssueView, NewOrderContext, OrderLineLookup, OrderRecipient, PlacedOrder, WaitingOrder } from '../../../shared/api/recipient-order';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { emptyHeader } from '../../../shared/domain/order/recipient-orders';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { hasPoppler, pdfText, renderPage } from '../../../tests/helpers/pdf';
import { dispatch } from '../api/dispatch';

/** Orders to a recipient and their utleverans on the workstation, offline (no central behind it). */
let t: TempBackend;
const STORE = '50301';
const db = () => t.backend.context.db;
const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const attempt = (name: string, input: unknown) => dispatch(t.backend, name, input);
const refusal = (name: string, input: unknown): string => {
  const r = attempt(name, input);
  if (r.ok) throw new Error(`${name} was accepted`);
  return r.error.message;
};
const outboxCount = () => db().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
const login = (userId: string) => call('session.login', { userId, secret: DEMO_PASSWORD });
const patient = () => db().prepare("SELECT id, personal_number FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").get() as { id: string; personal_number: string };
const freeIndividual = (skip = 0) =>
  db()
    .prepare(
      `SELECT i.id, i.individual_no, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
        WHERE i.store_id = ? AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no LIMIT 1 OFFSET ?`,
    )
    .get(STORE, skip) as { id: string; individual_no: string; article_id: string };
const stocked = () =>
  db()
    .prepare(
      `SELECT a.id, a.article_no, b.on_hand, b.reserved FROM stock_balance b JOIN article a ON a.id = b.article_id
        WHERE b.store_id = ? AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 3 ORDER BY a.article_no LIMIT 1`,
    )
    .get(STORE) as { id: string; article_no: string; on_hand: number; reserved: number };
const balance = (articleId: string) => db().prepare('SELECT on_hand, reserved FROM stock_balance WHERE store_id = ? AND article_id = ?').get(STORE, articleId) as { on_hand: number; reserved: number };

beforeEach(() => {
  let tick = 0;
  t = tempBackend({ now: () => new Date(Date.UTC(2026, 10, 22, 10, 0, tick++)) });
  login('U3');
});
afterEach(() => t.cleanup());

describe('direktförskrivning: a patient found by personal number, an individual scanned, then utleverans', () => {
  it('saves at once under a provisional number, waits for its utleverans, and the utleverans moves stock, individual and aid together', () => {
    const p = patient();
    const found = call<OrderRecipient>('order.findRecipient', { text: p.personal_number });
    expect(found.id).toBe(p.id);
    // The look-up is logged: who, whom, never the number itself.
    const audit = db().prepare("SELECT details FROM audit_log WHERE action = 'recipient.view' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(p.id) as { details: string };
    expect(audit.details).not.toContain(p.personal_number);
    const context = call<NewOrderContext>('order.newContext', { recipientId: p.id });
    expect(context.mayPrescribe).toBe(true);
    expect(context.servicePoints.map((s) => s.id)).toEqual(['50312']);

    const ind = freeIndividual();
    const line = call<OrderLineLookup>('order.lineLookup', { code: ind.individual_no, kind: 'directPrescription' });
    expect(line.individual?.id).toBe(ind.id);
    const plain = stocked();
    const before = balance(plain.id);
    const placed = call<PlacedOrder>('order.place', {
      kind: 'directPrescription',
      recipientId: p.id,
      servicePointId: '50312',
      header: { ...emptyHeader(), otherInformation: 'Ring innan leverans.' },
      lines: [
        { articleId: line.article.articleId, quantity: 1, individualId: ind.id },
        { articleId: plain.id, quantity: 2, payerId: '50399', text: 'Vänster sida' },
      ],
    });
    expect(placed.provisionalNo).toMatch(/^P50301-[0-9A-F]{4}-0001$/);
    expect(db().prepare('SELECT status, order_no, recipient_id, from_store_id FROM customer_order WHERE id = ?').get(placed.orderId)).toEqual({
      status: 'registered',
      order_no: null,
      recipient_id: p.id,
      from_store_id: STORE,
    });
    expect(db().prepare('SELECT line_no, payer_id, note FROM customer_order_line WHERE order_id = ? ORDER BY line_no').all(placed.orderId)).toEqual([
      { line_no: 1, payer_id: '50312', note: null },
      { line_no: 2, payer_id: '50399', note: 'Vänster sida' },
    ]);
    // Reserved, not yet out of the store; on the patient's list as ordered, not delivered.
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(ind.id)).toBe('reserved');
    expect(balance(plain.id)).toEqual({ on_hand: before.on_hand, reserved: before.reserved + 2 });
    expect(db().prepare('SELECT quantity, ordered_quantity, delivered_at, prescribed FROM aid WHERE order_id = ? ORDER BY line_no').all(placed.orderId)).toEqual([
      { quantity: 0, ordered_quantity: 1, delivered_at: null, prescribed: 1 },
      { quantity: 0, ordered_quantity: 2, delivered_at: null, prescribed: 1 },
    ]);
    expect(call<WaitingOrder[]>('order.waiting', {}).map((w) => w.orderId)).toEqual([placed.orderId]);

    const queuedBeforePrint = outboxCount();
    const pick = call<PdfDocument>('order.pickList', { orderId: placed.orderId });
    expect(pick.pages).toBe(1);
    // Printed: the order is För plock (a synced mutation) and can no longer be cancelled.
    expect(db().prepare("SELECT count(*) FROM document_print WHERE kind = 'pickList' AND ref = ?").pluck().get(placed.orderId)).toBe(1);
    expect(db().prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(placed.orderId)).toBe('picking');
    expect(db().prepare('SELECT count(*) FROM order_pick_list WHERE order_id = ?').pluck().get(placed.orderId)).toBe(1);
    expect(outboxCount()).toBe(queuedBeforePrint + 1);
    expect(call<IssueView>('order.issueView', { orderId: placed.orderId }).status).toBe('picking');
    expect(call<WaitingOrder[]>('order.waiting', {}).map((w) => [w.orderId, w.status])).toEqual([[placed.orderId, 'picking']]);
    expect(refusal('customerOrder.cancel', { orderId: placed.orderId })).toMatch(/har status För plock och kan inte makuleras/);
    // A reprint while För plock queues nothing more.
    call<PdfDocument>('order.pickList', { orderId: placed.orderId });
    expect(outboxCount()).toBe(queuedBeforePrint + 1);
    if (hasPoppler) {
      const pdf = Buffer.from(pick.base64, 'base64');
      const text = pdfText(pdf);
      expect(text).toContain('Plocklista');
      expect(text).toContain(ind.individual_no);
      expect(text).toContain('Ring innan leverans.');
      const out = process.env.BUFFERT_PICKLIST_PNG;
      if (out) fs.writeFileSync(path.resolve(out), renderPage(pdf, 1, 60).png);
    }

    // Line by line: the individual now, the rest later. Stock and aid of that line only; the order keeps waiting.
    call('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] });
    expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(ind.id)).toEqual({ status: 'atRecipient', store_id: null });
    expect(balance(plain.id)).toEqual({ on_hand: before.on_hand, reserved: before.reserved + 2 });
    expect(db().prepare('SELECT quantity, delivered_at IS NOT NULL AS delivered FROM aid WHERE order_id = ? ORDER BY line_no').all(placed.orderId)).toEqual([
      { quantity: 1, delivered: 1 },
      { quantity: 0, delivered: 0 },
    ]);
    expect(call<IssueView>('order.issueView', { orderId: placed.orderId }).status).toBe('picking');
    expect(call<WaitingOrder[]>('order.waiting', {}).map((w) => w.orderId)).toEqual([placed.orderId]);
    // The same line twice: refused in Swedish, nothing written.
    const queued = outboxCount();
    expect(refusal('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }] })).toBe('Rad 1 (artikel ' + line.article.articleNo + ') är redan utlevererad.');
    expect(refusal('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 2, individualId: null, quantity: 2 }, { lineNo: 2, individualId: null, quantity: 2 }] })).toMatch(/Samma rad får bara lämnas ut en gång/);
    expect(outboxCount()).toBe(queued);

    call('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 2, individualId: null, quantity: 2 }] });
    expect(balance(plain.id)).toEqual({ on_hand: before.on_hand - 2, reserved: before.reserved });
    expect(db().prepare("SELECT count(*) FROM stock_movement WHERE reason = 'issue' AND reference = ?").pluck().get(placed.provisionalNo)).toBe(2);
    expect(db().prepare('SELECT quantity, delivered_at IS NOT NULL AS delivered FROM aid WHERE order_id = ? ORDER BY line_no').all(placed.orderId)).toEqual([
      { quantity: 1, delivered: 1 },
      { quantity: 2, delivered: 1 },
    ]);
    expect(call<IssueView>('order.issueView', { orderId: placed.orderId }).status).toBe('shipped');
    expect(call<WaitingOrder[]>('order.waiting', {})).toEqual([]);
    // Issued once: a second utleverans is refused.
    expect(refusal('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: ind.id, quantity: 1 }, { lineNo: 2, individualId: null, quantity: 2 }] })).toMatch(/redan utlevererad/);
  });

  it('a direktbeställning to a care unit puts the aids on its fictitious recipient, not back into the store', () => {
    login('U4');
    const unit = db().prepare("SELECT id, care_unit_code FROM recipient WHERE kind = 'careUnit' ORDER BY id LIMIT 1").get() as { id: string; care_unit_code: string };
    expect(call<OrderRecipient>('order.findRecipient', { text: unit.care_unit_code }).id).toBe(unit.id);
    const plain = stocked();
    const before = balance(plain.id);
    const placed = call<PlacedOrder>('order.place', { kind: 'directCareUnitOrder', recipientId: unit.id, servicePointId: '50311', header: emptyHeader(), lines: [{ articleId: plain.id, quantity: 3 }] });
    call('order.issue', { orderId: placed.orderId, lines: [{ lineNo: 1, individualId: null, quantity: 3 }] });
    expect(balance(plain.id).on_hand).toBe(before.on_hand - 3);
    expect(db().prepare('SELECT recipient_id, quantity, prescribed FROM aid WHERE order_id = ?').get(placed.orderId)).toEqual({ recipient_id: unit.id, quantity: 3, prescribed: 0 });
  });
});

describe('makulera: the cancelled order on the patient\'s list', () => {
  it('its not-yet-delivered aids are Makulerad: struck on Hjälpmedel, not held, no open order; the individual is back in the store', () => {
    const p = patient();
    const ind = freeIndividual(2);
    const countsBefore = call<{ counts: { aids: number; ordered: number } }>('recipient.get', { id: p.id }).counts;
    const placed = call<PlacedOrder>('order.place', {
      kind: 'directPrescription',
      recipientId: p.id,
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    const ordered = call<{ counts: { aids: number; ordered: number } }>('recipient.get', { id: p.id }).counts;
    expect(ordered).toMatchObject({ aids: countsBefore.aids + 1, ordered: countsBefore.ordered + 1 });
    call('customerOrder.cancel', { orderId: placed.orderId });
    expect(db().prepare('SELECT cancelled_at IS NOT NULL AS cancelled, quantity FROM aid WHERE order_id = ?').all(placed.orderId)).toEqual([{ cancelled: 1, quantity: 0 }]);
    const row = call<AidRow[]>('recipient.aids', { recipientId: p.id, tab: 'aids' }).find((a) => a.individualId === ind.id);
    expect(row).toMatchObject({ undelivered: false, cancelledAt: expect.any(String), orderNo: placed.provisionalNo });
    expect(call<{ counts: { aids: number; ordered: number } }>('recipient.get', { id: p.id }).counts).toMatchObject({ aids: countsBefore.aids, ordered: countsBefore.ordered });
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(ind.id)).toBe('inStore');
    // Not on the printed aids list either.
    if (hasPoppler) {
      const pdf = call<PdfDocument>('recipient.aidsPdf', { recipientId: p.id, prescribedOnly: false });
      expect(pdfText(Buffer.from(pdf.base64, 'base64'))).not.toContain(ind.individual_no);
    }
  });
});

describe('bad input: a clear Swedish message, nothing changed', () => {
  it('invalid personal numbers are refused before any look-up', () => {
    const audits = () => db().prepare("SELECT count(*) FROM audit_log WHERE action = 'recipient.view'").pluck().get() as number;
    const n = audits();
    expect(refusal('order.findRecipient', { text: '19821105-9955' })).toMatch(/kontrollsiffra|personnummer/i);
    expect(refusal('order.findRecipient', { text: '198213059954' })).toMatch(/[a-zåäö]/i);
    expect(audits()).toBe(n);
  });

  it('a prescription by a user without prescribing rights, a gone article, quantity ≠ 1 for a tracked article, an unavailable individual', () => {
    const p = patient();
    const ind = freeIndividual();
    const plain = stocked();
    const order = (lines: unknown[], kind = 'directPrescription') => ({ kind, recipientId: p.id, servicePointId: '50312', header: emptyHeader(), lines });
    const before = outboxCount();

    login('U2');
    expect(refusal('order.place', order([{ articleId: plain.id, quantity: 1 }]))).toMatch(/förskrivningsrätt/);
    expect(refusal('order.place', order([{ articleId: plain.id, quantity: 1 }], 'prescription'))).toMatch(/förskrivningsrätt/);
    login('U3');
    const gone = db().prepare("SELECT id, article_no FROM article WHERE article_status = 'gone' ORDER BY article_no LIMIT 1").get() as { id: string; article_no: string };
    expect(refusal('order.place', order([{ articleId: gone.id, quantity: 1 }], 'prescription'))).toContain(`Artikel ${gone.article_no} är utgången`);
    expect(refusal('order.lineLookup', { code: gone.article_no, kind: 'prescription' })).toContain('utgången');
    expect(refusal('order.place', order([{ articleId: ind.article_id, quantity: 2, individualId: ind.id }]))).toMatch(/antalet är alltid 1/);
    expect(refusal('order.place', order([{ articleId: ind.article_id, quantity: 1 }]))).toMatch(/skanna individnumret/);
    const reserved = db()
      .prepare("SELECT i.individual_no FROM individual i JOIN article a ON a.id = i.article_id WHERE i.status = 'reserved' AND i.store_id = ? AND a.article_status = 'active' LIMIT 1")
      .pluck()
      .get(STORE) as string;
    expect(refusal('order.lineLookup', { code: reserved, kind: 'directPrescription' })).toMatch(/inte tillgänglig/);
    // The same individual on two lines.
    expect(refusal('order.place', order([{ articleId: ind.article_id, quantity: 1, individualId: ind.id }, { articleId: ind.article_id, quantity: 1, individualId: ind.id }]))).toMatch(/inte tillgänglig/);
    expect(refusal('order.place', { ...order([{ articleId: plain.id, quantity: 1 }]), header: { ...emptyHeader(), manual: true } })).toMatch(/MANUELL order måste ha en kommentar/);
    expect(refusal('order.place', order([{ articleId: plain.id, quantity: 1, payerId: '123' }]))).toMatch(/5 siffror/);
    expect(refusal('order.place', order([{ articleId: plain.id, quantity: 99_99 }]))).toMatch(/finns bara/);
    expect(outboxCount()).toBe(before);

    // Once reserved by one order, the individual is not available to the next.
    call('order.place', order([{ articleId: ind.article_id, quantity: 1, individualId: ind.id }]));
    expect(refusal('order.place', order([{ articleId: ind.article_id, quantity: 1, individualId: ind.id }]))).toMatch(/inte tillgänglig/);
  });
});
