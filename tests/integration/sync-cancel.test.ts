import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdfText, renderPage } from '../helpers/pdf';

/**
 * Issue 11 item 6: makulera (cancel) an order — only while Registrerad, before a pick list or
 * purchase order, and on the day it was placed where the region says so — checked at the
 * workstation and again by central; Mina beställningar / Sök kundorder by number, YY / YYWW prefix,
 * period, service point, status and colleague; Rekvirerat per förskrivare as a table and a PDF.
 */

let central: CentralUnderTest;
let station: Workstation;
beforeAll(async () => {
  central = await startCentral();
  station = workstation('cancel', central.url, central.enrolmentKey, { sync: { autoStart: false } });
  await settle(station.backend);
}, 60_000);
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
const as = (userId: string) => {
  if (station.backend.context.session.user) call(station.backend, 'session.logout', {});
  login(station.backend, userId);
};
const idOf = (orderNo: string) => station.backend.context.db.prepare('SELECT id FROM customer_order WHERE order_no = ?').pluck().get(orderNo) as string;
const localStatus = (id: string) => station.backend.context.db.prepare('SELECT status FROM customer_order WHERE id = ?').pluck().get(id);
const centralReserved = async (articleId: string) => (await sql<{ reserved: number }>("SELECT reserved FROM stock_balance WHERE store_id = '10' AND article_id = $1", [articleId]))[0]!.reserved;

interface Search {
  rows: { id: string; orderNo: string | null; status: string; userId: string | null; kind: string }[];
  users: { id: string }[];
}

describe('makulera: cancelling an order', () => {
  it('cancels a Registrerad order placed today: order and lines Makulerad, the central reservation released, after sync at central too', async () => {
    as('U2');
    const [article] = await sql<{ id: string }>(
      `SELECT a.id FROM stock_balance b JOIN article a ON a.id = b.article_id
       WHERE b.store_id = '10' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 10 ORDER BY a.article_no DESC LIMIT 1`,
    );
    const created = call<{ orders: { orderId: string }[] }>(station.backend, 'order.create', { kind: 'stockTransfer', lines: [{ articleId: article!.id, quantity: 3 }] });
    const orderId = created.orders[0]!.orderId;
    await settle(station.backend);
    const reservedBefore = await centralReserved(article!.id);
    expect(call(station.backend, 'customerOrder.cancelCheck', { orderId })).toEqual({ cancellable: true, reason: null });

    call(station.backend, 'customerOrder.cancel', { orderId });
    expect(localStatus(orderId)).toBe('cancelled');
    expect(station.backend.context.db.prepare('SELECT DISTINCT status FROM customer_order_line WHERE order_id = ?').pluck().all(orderId)).toEqual(['cancelled']);
    await settle(station.backend);
    expect(localStatus(orderId)).toBe('cancelled');
    expect((await sql<{ status: string }>('SELECT status FROM customer_order WHERE id = $1', [orderId]))[0]!.status).toBe('cancelled');
    expect(await centralReserved(article!.id)).toBe(reservedBefore - 3);
    expect(await sql('SELECT user_id FROM order_cancellation WHERE order_id = $1', [orderId])).toEqual([{ user_id: 'U2' }]);
    // Central will not ship it any more.
    const no = (await sql<{ order_no: string }>('SELECT order_no FROM customer_order WHERE id = $1', [orderId]))[0]!.order_no;
    await expect(central.admin(['ship', no])).rejects.toThrow('har status Makulerad och kan inte utlevereras');
  });

  it('refuses past Registrerad, in Swedish, and changes nothing', async () => {
    as('U1');
    await central.admin(['ship', '26450001']);
    await settle(station.backend);
    const id = idOf('26450001');
    expect(call(station.backend, 'customerOrder.cancelCheck', { orderId: id })).toEqual({
      cancellable: false,
      reason: expect.stringContaining('Order 26450001 har status Utlevererad och kan inte makuleras: bara en order med status Registrerad kan makuleras.'),
    });
    const refused = dispatch(station.backend, 'customerOrder.cancel', { orderId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'order-not-registered', message: expect.stringContaining('har status Utlevererad') } });
    expect(localStatus(id)).toBe('shipped');
    expect(station.backend.context.sync!.outbox.pendingCount()).toBe(0);
  });

  it('the same-day limit is the region setting cancelSameDayOnly on both sides: central re-checks, and refuses what a stale workstation let through', async () => {
    as('U1');
    const id = idOf('26450003'); // placed 2026-11-02 (the demo's "now")
    expect(dispatch(station.backend, 'customerOrder.cancel', { orderId: id })).toMatchObject({
      ok: false,
      error: { code: 'order-not-today', message: expect.stringContaining('lades 2026-11-02 och kan bara makuleras samma dag') },
    });
    // The workstation's copy of the setting off (as a replica that has not yet pulled central's
    // change back), central's still on: central refuses, the cancellation is undone.
    station.backend.context.db.prepare("UPDATE region_setting SET value = 'false' WHERE key = 'cancelSameDayOnly'").run();
    station.backend.context.regionSettings.invalidate();
    expect(call<{ settings: { cancelSameDayOnly: boolean } }>(station.backend, 'regionSettings.get', {}).settings.cancelSameDayOnly).toBe(false);
    call(station.backend, 'customerOrder.cancel', { orderId: id });
    expect(localStatus(id)).toBe('cancelled');
    await settle(station.backend);
    expect(localStatus(id)).toBe('registered');
    const conflicts = call<{ code: string }[]>(station.backend, 'sync.conflicts', {});
    expect(conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'order-not-today' })]));
    // Central's region setting off: it reaches the workstation by sync, and both accept.
    await central.admin(['region-setting', 'cancelSameDayOnly', 'false']);
    await settle(station.backend);
    call(station.backend, 'customerOrder.cancel', { orderId: id });
    await settle(station.backend);
    expect(localStatus(id)).toBe('cancelled');
    expect((await sql<{ status: string }>('SELECT status FROM customer_order WHERE id = $1', [id]))[0]!.status).toBe('cancelled');
  });

  it('only the one who placed it or a store admin cancels', async () => {
    as('U4');
    const id = idOf('26450002');
    expect(call(station.backend, 'customerOrder.cancelCheck', { orderId: id })).toMatchObject({ cancellable: false, reason: expect.stringContaining('Bara den som lade ordern') });
    expect(dispatch(station.backend, 'customerOrder.cancel', { orderId: id })).toMatchObject({ ok: false, error: { code: 'not-your-order' } });
  });
});

/** A prescription by U3 to a patient, placed at central and delivered (so it reaches the store). */
async function deliveredPrescription(orderNo: string, quantity: number): Promise<string> {
  const [recipient] = await sql<{ id: string }>("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1");
  const [article] = await sql<{ id: string; price_ore: number }>(
    `SELECT a.id, a.price_ore FROM stock_balance b JOIN article a ON a.id = b.article_id
     WHERE b.store_id = '10' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 10 ORDER BY a.article_no LIMIT 1`,
  );
  const orderId = randomUUID();
  await sql(
    `INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, created_at, user_id, recipient_id, service_point_id)
     VALUES ($1, $2, 'prescription', '50301', '10', 'registered', $3, 'U3', $4, '50312')`,
    [orderId, orderNo, new Date().toISOString(), recipient!.id],
  );
  await sql(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, price_ore) VALUES ($1, 1, $2, $3, 'registered', 'central', $4)`, [
    orderId,
    article!.id,
    quantity,
    article!.price_ore,
  ]);
  await central.admin(['ship', orderNo]);
  return orderId;
}

describe('Mina beställningar, order search and Rekvirerat per förskrivare', () => {
  it('finds orders by whole number, YY / YYWW prefix, period, service point, status and whose', async () => {
    await deliveredPrescription('26499001', 2);
    await deliveredPrescription('26499002', 5);
    await settle(station.backend);
    as('U3');
    const search = (q: Record<string, unknown>) => call<Search>(station.backend, 'customerOrder.search', q);
    // Mina beställningar: the prescriber's own.
    expect(search({}).rows.map((r) => r.orderNo)).toEqual(['26499002', '26499001']);
    expect(search({ number: '26499001' }).rows.map((r) => r.orderNo)).toEqual(['26499001']);
    expect(search({ number: '2649' }).rows).toHaveLength(2);
    expect(search({ number: '2645' }).rows).toHaveLength(0);
    expect(search({ number: '26', who: 'all', includeStoreOrders: true }).rows.map((r) => r.orderNo)).toEqual(expect.arrayContaining(['26450001', '26450002', '26450003', '26499001']));
    expect(search({ number: '2645', who: 'all', includeStoreOrders: true, status: 'shipped' }).rows.map((r) => r.orderNo)).toEqual(['26450001']);
    expect(search({ servicePointId: '50312' }).rows).toHaveLength(2);
    expect(search({ servicePointId: '50311' }).rows).toHaveLength(0);
    expect(search({ from: '2026-01-01', to: '2026-01-31' }).rows).toHaveLength(0);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    expect(search({ from: today, to: today }).rows).toHaveLength(2);
    // A colleague's orders, as a store admin looks them up.
    as('U1');
    expect(search({}).rows).toHaveLength(0);
    const colleague = search({ who: 'user', userId: 'U3' });
    expect(colleague.rows.map((r) => r.orderNo)).toEqual(['26499002', '26499001']);
    expect(colleague.users.map((u) => u.id)).toEqual(expect.arrayContaining(['U1', 'U2', 'U3', 'U4']));
    // Bad input: a clear message.
    expect(dispatch(station.backend, 'customerOrder.search', { number: '264' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Ange år (ÅÅ), år och vecka (ÅÅVV)') } });
    expect(dispatch(station.backend, 'customerOrder.search', { from: '2026-12-05', to: '2026-12-01' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Från-datumet ska vara före till-datumet') } });
  });

  it('Rekvirerat per förskrivare: per prescriber and article over a period, as a table and a PDF', async () => {
    as('U1');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const report = call<{ rows: { userId: string; quantity: number; orders: number; valueOre: number }[]; totals: { userName: string; orders: number; quantity: number }[] }>(
      station.backend,
      'customerOrder.byPrescriber',
      { from: today, to: today },
    );
    expect(report.totals).toEqual([expect.objectContaining({ userName: 'Karin Arbetsterapeut', orders: 2, quantity: 7 })]);
    expect(report.rows).toEqual([expect.objectContaining({ userId: 'U3', orders: 2, quantity: 7 })]);
    expect(call<{ rows: unknown[] }>(station.backend, 'customerOrder.byPrescriber', { from: '2026-01-01', to: '2026-01-31' }).rows).toEqual([]);
    const pdf = call<{ fileName: string; base64: string; pages: number }>(station.backend, 'customerOrder.byPrescriberPdf', { from: today, to: today });
    expect(pdf.fileName).toMatch(/^Rekvirerat per förskrivare 50301/);
    expect(pdf.pages).toBe(1);
    const bytes = Buffer.from(pdf.base64, 'base64');
    const words = pdfText(bytes, 1);
    expect(words).toContain('Rekvirerat per förskrivare');
    expect(words).toContain('Karin Arbetsterapeut');
    // Rendered to PNG for a person to look at: docs/images with BUFFERT_DOC_IMAGES=1 (as the e2e's doc screenshots), else the temp dir.
    const { png } = renderPage(bytes, 1, 60);
    const dir = process.env.BUFFERT_DOC_IMAGES === '1' ? path.resolve(import.meta.dirname, '../../docs/images') : os.tmpdir();
    fs.writeFileSync(path.join(dir, 'messages-prescriber-report.png'), png);
    expect(png.length).toBeGreaterThan(5_000);
  });
});

describe('makulering of an order from the own store', () => {
  it('a direct prescription from the own store (the orders flow) cancelled the same day: its individual and reservation are free again, at central too', async () => {
    as('U3');
    const db = station.backend.context.db;
    const patient = db.prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    const ind = db
      .prepare(
        `SELECT i.id, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.store_id = '50301' AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no DESC LIMIT 1`,
      )
      .get() as { id: string; article_id: string };
    const reserved = () => db.prepare("SELECT reserved FROM stock_balance WHERE store_id = '50301' AND article_id = ?").pluck().get(ind.article_id) as number;
    const before = reserved();
    const placed = call<{ orderId: string }>(station.backend, 'order.place', {
      kind: 'directPrescription',
      recipientId: patient,
      servicePointId: '50312',
      header: emptyHeader(),
      lines: [{ articleId: ind.article_id, quantity: 1, individualId: ind.id }],
    });
    expect(db.prepare('SELECT status FROM individual WHERE id = ?').pluck().get(ind.id)).toBe('reserved');
    expect(reserved()).toBe(before + 1);
    await settle(station.backend);
    call(station.backend, 'customerOrder.cancel', { orderId: placed.orderId });
    expect(db.prepare('SELECT status FROM individual WHERE id = ?').pluck().get(ind.id)).toBe('inStore');
    expect(reserved()).toBe(before);
    await settle(station.backend);
    expect(localStatus(placed.orderId)).toBe('cancelled');
    expect((await sql<{ status: string }>('SELECT status FROM individual WHERE id = $1', [ind.id]))[0]!.status).toBe('inStore');
    expect((await sql<{ reserved: number }>("SELECT reserved FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [ind.article_id]))[0]!.reserved).toBe(before);
  });
});
