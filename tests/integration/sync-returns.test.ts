import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { returnDocumentNo } from '../../shared/domain/return/mutations';
import { startCentral } from '../helpers/central';
import { pdfText, renderPage } from '../helpers/pdf';
import { TestClient } from '../helpers/protocol-client';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 12 item 1: Retur. The retursedel comes first (a return without it is refused, here and by
 * central); the return takes aids off the recipient's list into the store's ledger, scrapped or
 * de-registered ones in and out again; a returned individual waits in rekond with the
 * contact-prescriber flag until a technician marks it done; an individual in the store goes back
 * to its supplier with a return note. Central re-runs every rule and ends with the same rows.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('returns', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
}, 90_000);
afterAll(async () => {
  station?.cleanup();
  await central?.close();
});

const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => central.query!<R>(text, params);
const call = <T>(b: Backend, name: Parameters<typeof dispatch>[1], input: unknown): T => {
  const r = dispatch(b, name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const refusal = (b: Backend, name: Parameters<typeof dispatch>[1], input: unknown) => {
  const r = dispatch(b, name, input as never);
  if (r.ok) throw new Error(`${name} was not refused`);
  return r.error;
};
const as = (userId: string) => {
  if (station.backend.context.session.user) call(station.backend, 'session.logout', {});
  login(station.backend, userId);
};
const db = () => station.backend.context.db;
const onHand = (articleId: string) => (db().prepare("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(articleId) as number | undefined) ?? 0;
const look = (name: string, pdf: { base64: string }) => {
  const bytes = Buffer.from(pdf.base64, 'base64');
  const { png } = renderPage(bytes, 1, 60);
  const dir = process.env.BUFFERT_DOC_IMAGES === '1' ? path.resolve(import.meta.dirname, '../../docs/images') : os.tmpdir();
  fs.writeFileSync(path.join(dir, `${name}.png`), png);
  expect(png.length).toBeGreaterThan(5_000);
  return pdfText(bytes, 1);
};

interface Ctx {
  aids: { aidId: string; articleId: string; articleNo: string; individualId: string | null; individualNo: string | null; quantity: number; sale: boolean }[];
  receipts: { id: string }[];
  stores: { id: string }[];
  contactPrescriber: boolean;
  rekond: boolean;
}

describe('retur: retursedel first, then the return, rekond, and a return to the supplier', () => {
  let recipientId: string;
  let tracked: Ctx['aids'][number];
  let plain: Ctx['aids'][number];
  let receiptId: string;
  let trackedBefore: number;
  let plainBefore: number;

  it('a return without its retursedel is refused, with the reason', () => {
    as('U3');
    // A patient holding a tracked aid (its individual at the recipient) and an untracked one.
    recipientId = db()
      .prepare(
        `SELECT a.recipient_id FROM aid a JOIN individual i ON i.id = a.individual_id
         WHERE a.returned_at IS NULL AND a.delivered_at IS NOT NULL AND i.status = 'atRecipient'
           AND EXISTS (SELECT 1 FROM aid b JOIN article ar ON ar.id = b.article_id WHERE b.recipient_id = a.recipient_id AND b.individual_id IS NULL
                       AND b.returned_at IS NULL AND b.delivered_at IS NOT NULL AND b.quantity > 0)
         ORDER BY a.recipient_id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const ctx = call<Ctx>(station.backend, 'return.context', { recipientId });
    expect(ctx.stores[0]!.id).toBe('50301');
    expect(ctx.rekond).toBe(true);
    tracked = ctx.aids.find((a) => a.individualId !== null)!;
    plain = ctx.aids.find((a) => a.individualId === null)!;
    expect(tracked && plain).toBeTruthy();
    const e = refusal(station.backend, 'return.register', {
      recipientId,
      receiptId: null,
      storeId: '50301',
      contactPrescriber: false,
      lines: [{ aidId: tracked.aidId, outcome: 'stock' }],
    });
    expect(e.code).toBe('receipt-required');
    expect(e.message).toContain('Retursedeln måste skapas innan returen görs');
    // A receipt that does not exist is no receipt either.
    expect(refusal(station.backend, 'return.register', { recipientId, receiptId: randomUUID(), storeId: '50301', contactPrescriber: false, lines: [{ aidId: tracked.aidId, outcome: 'stock' }] }).code).toBe(
      'receipt-required',
    );
    expect(db().prepare('SELECT count(*) FROM aid_return').pluck().get()).toBe(0);
    // Bad input: a comment too long, nothing written.
    expect(refusal(station.backend, 'return.createReceipt', { recipientId, aidIds: [tracked.aidId], comment: 'x'.repeat(256) }).message).toContain('högst 255 tecken');
  });

  it('the retursedel lists the ticked aids with the comment (PDF)', () => {
    receiptId = call<{ id: string }>(station.backend, 'return.createReceipt', { recipientId, aidIds: [tracked.aidId, plain.aidId], comment: 'Rollatorn har smuts i handtagen.' }).id;
    const pdf = call<{ fileName: string; base64: string; pages: number }>(station.backend, 'return.receiptPdf', { receiptId });
    expect(pdf.fileName).toMatch(/^Retursedel-[0-9A-F]{8}\.pdf$/);
    const words = look('returns-receipt-pdf', pdf);
    expect(words).toContain('Kvittens på återlämnade hjälpmedel');
    expect(words).toContain(tracked.individualNo!);
    expect(words).toContain(plain.articleNo);
    expect(words).toContain('Rollatorn har smuts i handtagen.');
    expect(call<Ctx>(station.backend, 'return.context', { recipientId }).receipts.map((r) => r.id)).toContain(receiptId);
  });

  it('the return: off the list, under Återlämnat, into the ledger; the individual in rekond with the infection flag', () => {
    trackedBefore = onHand(tracked.articleId);
    plainBefore = onHand(plain.articleId);
    // An aid not on the receipt is refused.
    const other = call<Ctx>(station.backend, 'return.context', { recipientId }).aids.find((a) => a.aidId !== tracked.aidId && a.aidId !== plain.aidId);
    if (other) {
      expect(
        refusal(station.backend, 'return.register', { recipientId, receiptId, storeId: '50301', contactPrescriber: false, lines: [{ aidId: other.aidId, outcome: other.sale ? 'deregister' : 'stock' }] }).code,
      ).toBe('not-on-receipt');
    }
    // A sale article cannot go back into stock; a non-sale one cannot be de-registered.
    const wrong = plain.sale ? 'stock' : 'deregister';
    expect(refusal(station.backend, 'return.register', { recipientId, receiptId, storeId: '50301', contactPrescriber: true, lines: [{ aidId: plain.aidId, outcome: wrong }] }).code).toBe(
      plain.sale ? 'sale-article' : 'not-sale-article',
    );
    call(station.backend, 'return.register', {
      recipientId,
      receiptId,
      storeId: '50301',
      contactPrescriber: true,
      lines: [
        { aidId: tracked.aidId, outcome: 'stock' },
        { aidId: plain.aidId, outcome: plain.sale ? 'deregister' : 'scrap' },
      ],
    });
    const held = call<{ id: string }[]>(station.backend, 'recipient.aids', { recipientId, tab: 'aids' }).map((a) => a.id);
    expect(held).not.toContain(tracked.aidId);
    const returned = call<{ id: string }[]>(station.backend, 'recipient.aids', { recipientId, tab: 'returned' }).map((a) => a.id);
    expect(returned).toEqual(expect.arrayContaining([tracked.aidId, plain.aidId]));
    // Ledger: the individual in (+1); the scrapped / de-registered aid in and out again (balance unchanged).
    expect(onHand(tracked.articleId)).toBe(trackedBefore + 1);
    expect(onHand(plain.articleId)).toBe(plainBefore);
    const moves = db().prepare('SELECT article_id, quantity, reason FROM stock_movement WHERE reference = ? ORDER BY quantity DESC').all(`Retursedel ${returnDocumentNo(receiptId)}`);
    expect(moves).toEqual(
      expect.arrayContaining([
        { article_id: tracked.articleId, quantity: 1, reason: 'return' },
        { article_id: plain.articleId, quantity: plain.quantity, reason: 'return' },
        { article_id: plain.articleId, quantity: -plain.quantity, reason: 'scrap' },
      ]),
    );
    expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(tracked.individualId)).toEqual({ status: 'rekond', store_id: '50301' });
    const state = call<{ rekond: { lineId: string; contactPrescriber: boolean } | null; holder: unknown }>(station.backend, 'return.individual', { individualId: tracked.individualId });
    expect(state.rekond?.contactPrescriber).toBe(true);
    expect(state.holder).toBeNull();
    expect(call<{ individualNo: string }[]>(station.backend, 'return.rekondList', {}).map((r) => r.individualNo)).toContain(tracked.individualNo);
    // Returned twice: refused.
    expect(refusal(station.backend, 'return.register', { recipientId, receiptId, storeId: '50301', contactPrescriber: false, lines: [{ aidId: tracked.aidId, outcome: 'stock' }] }).code).toBe('already-returned');
  });

  it('synced: central re-ran the rule and holds the return, the ledger and the individual in rekond', async () => {
    await settle(station.backend);
    expect(call<unknown[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    expect(await sql('SELECT outcome, rekond, contact_prescriber FROM aid_return_line WHERE aid_id = $1', [tracked.aidId])).toEqual([{ outcome: 'stock', rekond: 'pending', contact_prescriber: true }]);
    expect((await sql<{ returned_at: string | null }>('SELECT returned_at FROM aid WHERE id = $1', [plain.aidId]))[0]!.returned_at).not.toBeNull();
    expect(await sql('SELECT status, store_id FROM individual WHERE id = $1', [tracked.individualId])).toEqual([{ status: 'rekond', store_id: '50301' }]);
    const [b] = await sql<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [tracked.articleId]);
    expect(b!.on_hand).toBe(onHand(tracked.articleId));
  });

  it('central refuses a return whose retursedel was never made, whatever the workstation sent', async () => {
    const other = db()
      .prepare("SELECT a.id, a.recipient_id FROM aid a WHERE a.returned_at IS NULL AND a.delivered_at IS NOT NULL AND a.quantity > 0 AND a.recipient_id <> ? LIMIT 1")
      .get(recipientId) as { id: string; recipient_id: string };
    const client = await TestClient.register(central.url, `ws-ret-${randomUUID().slice(0, 8)}`, '50301');
    const answer = await client.pushOk([
      client.mutation('return.register', 'U3', {
        returnId: randomUUID(),
        storeId: '50301',
        recipientId: other.recipient_id,
        receiptId: randomUUID(),
        contactPrescriber: false,
        lines: [{ lineId: randomUUID(), aidId: other.id, outcome: 'scrap', movementId: randomUUID(), outMovementId: randomUUID(), textId: randomUUID() }],
      }),
    ]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', error: { code: 'receipt-required' } });
    expect((await sql<{ returned_at: string | null }>('SELECT returned_at FROM aid WHERE id = $1', [other.id]))[0]!.returned_at).toBeNull();
  });

  it('rekond klar (a technician): available again; then back to the supplier with its return note', async () => {
    const lineId = call<{ rekond: { lineId: string } }>(station.backend, 'return.individual', { individualId: tracked.individualId }).rekond.lineId;
    // A prescriber may not mark rekond done.
    expect(refusal(station.backend, 'return.rekondDone', { lineId }).code).toBe('forbidden-role');
    // Not available while in rekond: no return to the supplier.
    as('U2');
    expect(refusal(station.backend, 'return.toSupplier', { individualId: tracked.individualId }).message).toContain('rekond');
    call(station.backend, 'return.rekondDone', { lineId });
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(tracked.individualId)).toBe('inStore');
    expect(refusal(station.backend, 'return.rekondDone', { lineId }).code).toBe('not-in-rekond');
    const sent = call<{ id: string }>(station.backend, 'return.toSupplier', { individualId: tracked.individualId, referencePerson: 'Eva Lund', information: 'Fel på bromsen, garantiärende.' });
    expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(tracked.individualId)).toEqual({ status: 'scrapped', store_id: null });
    expect(onHand(tracked.articleId)).toBe(trackedBefore);
    const words = look('returns-supplier-note-pdf', call(station.backend, 'return.supplierNotePdf', { supplierReturnId: sent.id }));
    expect(words).toContain('Retur till leverantör / kreditering');
    expect(words).toContain(tracked.individualNo!);
    expect(words).toContain('Eva Lund');
    expect(words).not.toContain(call<{ name: string }>(station.backend, 'recipient.get', { id: recipientId }).name);
    await settle(station.backend);
    expect(call<unknown[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    expect(await sql('SELECT rekond FROM aid_return_line WHERE id = $1', [lineId])).toEqual([{ rekond: 'done' }]);
    expect(await sql('SELECT reference_person FROM supplier_return WHERE id = $1', [sent.id])).toEqual([{ reference_person: 'Eva Lund' }]);
    expect(await sql('SELECT status FROM individual WHERE id = $1', [tracked.individualId])).toEqual([{ status: 'scrapped' }]);
    // Central's admin view: the return, its rekond done, the return to the supplier; no recipient names.
    const listed = await central.admin!(['returns']);
    expect(listed).toMatch(new RegExp(`artikel ${tracked.articleNo}\\s+individ ${tracked.individualNo}\\s+1 st\\s+till lager\\s+rekond klar\\s+kontakta förskrivaren`));
    expect(listed).toContain(`individ ${tracked.individualNo}  till `);
    expect(listed).not.toContain(call<{ name: string }>(station.backend, 'recipient.get', { id: recipientId }).name);
  });

  it('without rekond (the region setting returnRekond, set on central) a returned individual is available at once, on both sides', async () => {
    as('U1');
    await central.admin!(['region-setting', 'returnRekond', 'false']);
    await settle(station.backend);
    try {
      expect(call<{ settings: { returnRekond: boolean } }>(station.backend, 'regionSettings.get', {}).settings.returnRekond).toBe(false);
      const next = db()
        .prepare(
          `SELECT a.id, a.recipient_id, a.individual_id FROM aid a JOIN individual i ON i.id = a.individual_id
           WHERE a.returned_at IS NULL AND a.delivered_at IS NOT NULL AND i.status = 'atRecipient' ORDER BY a.id LIMIT 1`,
        )
        .get() as { id: string; recipient_id: string; individual_id: string };
      const receipt = call<{ id: string }>(station.backend, 'return.createReceipt', { recipientId: next.recipient_id, aidIds: [next.id] }).id;
      call(station.backend, 'return.register', { recipientId: next.recipient_id, receiptId: receipt, storeId: '50301', contactPrescriber: false, lines: [{ aidId: next.id, outcome: 'stock' }] });
      expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(next.individual_id)).toBe('inStore');
      await settle(station.backend);
      // Central ran the same rule with the same setting: no rekond there either.
      expect(await sql('SELECT status FROM individual WHERE id = $1', [next.individual_id])).toEqual([{ status: 'inStore' }]);
      expect(await sql("SELECT l.rekond FROM aid_return_line l WHERE l.aid_id = $1", [next.id])).toEqual([{ rekond: 'none' }]);
    } finally {
      await central.admin!(['region-setting', 'returnRekond', 'true']);
      await settle(station.backend);
    }
  });

  it('a de-registered sale article is never prescribed again from the store: the balance never held it, so the order is refused (manual 002)', async () => {
    as('U3');
    // A sale article (förbrukning) prescribed and handed out from the own store: the recipient holds 2.
    const consumable = db()
      .prepare(
        `SELECT a.id FROM stock_balance b JOIN article a ON a.id = b.article_id
         WHERE b.store_id = '50301' AND a.article_type = 'consumable' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 2
         ORDER BY a.article_no LIMIT 1`,
      )
      .pluck()
      .get() as string;
    expect(consumable).toBeTruthy();
    const patient = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1 OFFSET 3").pluck().get() as string;
    const given = call<{ orderId: string }>(station.backend, 'order.place', { kind: 'directPrescription', recipientId: patient, servicePointId: '50312', header: emptyHeader(), lines: [{ articleId: consumable, quantity: 2 }] });
    call(station.backend, 'order.issue', { orderId: given.orderId, lines: [{ lineNo: 1, individualId: null, quantity: 2 }] });
    const sold = db()
      .prepare('SELECT a.id, a.recipient_id, a.article_id, a.quantity, ar.article_no FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.order_id = ?')
      .get(given.orderId) as { id: string; recipient_id: string; article_id: string; quantity: number; article_no: string };
    expect(sold.quantity).toBe(2);
    const before = onHand(sold.article_id);
    const receipt = call<{ id: string }>(station.backend, 'return.createReceipt', { recipientId: sold.recipient_id, aidIds: [sold.id] }).id;
    call(station.backend, 'return.register', { recipientId: sold.recipient_id, receiptId: receipt, storeId: '50301', contactPrescriber: false, lines: [{ aidId: sold.id, outcome: 'deregister' }] });
    expect(onHand(sold.article_id)).toBe(before);
    expect(call<{ id: string }[]>(station.backend, 'recipient.aids', { recipientId: sold.recipient_id, tab: 'returned' }).map((a) => a.id)).toContain(sold.id);
    // The pieces kept "for later use" are not in the balance: an uttag of more than it holds is refused, nothing written.
    const reserved = (db().prepare("SELECT reserved FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(sold.article_id) as number | undefined) ?? 0;
    const available = Math.max(0, before - reserved);
    const other = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' AND id <> ? ORDER BY id LIMIT 1").pluck().get(sold.recipient_id) as string;
    const orders = db().prepare('SELECT count(*) FROM customer_order').pluck().get();
    const e = refusal(station.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: other,
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: sold.article_id, quantity: available + sold.quantity }],
    });
    expect(e.code).toBe('not-in-stock');
    expect(e.message).toBe(`Artikel ${sold.article_no} finns bara ${available} st tillgänglig i lager 50301; ordern behöver ${available + sold.quantity}.`);
    expect(db().prepare('SELECT count(*) FROM customer_order').pluck().get()).toBe(orders);
    expect(onHand(sold.article_id)).toBe(before);
    // Central holds the same: the de-registration in and out of the ledger, the balance unchanged and never below zero.
    await settle(station.backend);
    expect(call<unknown[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    const moves = await sql<{ quantity: number; reason: string }>('SELECT quantity, reason FROM stock_movement WHERE reference = $1 ORDER BY quantity DESC', [`Retursedel ${returnDocumentNo(receipt)}`]);
    expect(moves).toEqual([
      { quantity: sold.quantity, reason: 'return' },
      { quantity: -sold.quantity, reason: 'scrap' },
    ]);
    const [b] = await sql<{ on_hand: number }>("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [sold.article_id]);
    expect(b!.on_hand).toBe(before);
    expect(b!.on_hand).toBeGreaterThanOrEqual(0);
  });
});
