import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { loanDueDate } from '../../shared/domain/loan-basket/mutations';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 11 item 5: the loan basket (varukorg). A prescriber borrows aids from the own store; they
 * are reserved on the prescriber (the available balance drops, an individual becomes Reserverad);
 * then one line is prescribed to a patient (onto the aids list, out of stock) and the rest returned.
 * Central re-runs every rule; a colleague may handle an open basket; an overdue basket is flagged.
 */

let central: CentralUnderTest;
let station: Workstation;
let now = new Date();
beforeAll(async () => {
  central = await startCentral();
  station = workstation('basket', central.url, central.enrolmentKey, { now: () => now, sync: { autoStart: false } });
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
const db = () => station.backend.context.db;
const balance = (articleId: string) => db().prepare("SELECT on_hand, reserved FROM stock_balance WHERE store_id = '50301' AND article_id = ?").get(articleId) as { on_hand: number; reserved: number };
const centralBalance = async (articleId: string) => (await sql<{ on_hand: number; reserved: number }>("SELECT on_hand, reserved FROM stock_balance WHERE store_id = '50301' AND article_id = $1", [articleId]))[0]!;

interface Basket {
  id: string;
  status: string;
  overdue: boolean;
  dueDate: string;
  mine: boolean;
  prescriberName: string;
  lines: { id: string; articleId: string; individualId: string | null; quantity: number; status: string; handledByName: string | null }[];
}

describe('varukorg: lend, prescribe one line, return the rest', () => {
  let plain: { id: string; article_no: string };
  let tracked: { individual_id: string; individual_no: string; article_id: string };
  let basketId: string;

  it('lends an article and an individual for 5 working days, reserved on the prescriber', async () => {
    plain = db()
      .prepare(
        `SELECT a.id, a.article_no FROM stock_balance b JOIN article a ON a.id = b.article_id
         WHERE b.store_id = '50301' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 5 ORDER BY a.article_no LIMIT 1`,
      )
      .get() as { id: string; article_no: string };
    tracked = db()
      .prepare(
        `SELECT i.id AS individual_id, i.individual_no, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.store_id = '50301' AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no LIMIT 1`,
      )
      .get() as typeof tracked;
    as('U3');
    // The demo region's colleague (U5) has two open baskets, one of them overdue (shared/demo/generator.ts).
    expect(call(station.backend, 'loanBasket.summary', {})).toEqual({ open: 2, overdue: 1, mineOpen: 0, mineOverdue: 0 });
    expect(call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', { who: 'all' }).baskets.map((b) => [b.prescriberName, b.overdue, b.mine])).toEqual([
      ['Sara Fysioterapeut', true, false],
      ['Sara Fysioterapeut', false, false],
    ]);
    // Looked up as typed or scanned.
    expect(call(station.backend, 'loanBasket.lookup', { code: tracked.individual_no })).toMatchObject({ individualId: tracked.individual_id, available: 1 });
    expect(call(station.backend, 'loanBasket.lookup', { code: plain.article_no })).toMatchObject({ articleId: plain.id, trackedIndividually: false });
    const before = balance(plain.id);
    const trackedBefore = balance(tracked.article_id);

    now = new Date();
    const saved = call<{ id: string }>(station.backend, 'loanBasket.lend', {
      lines: [
        { articleId: plain.id, individualId: null, quantity: 2 },
        { articleId: tracked.article_id, individualId: tracked.individual_id, quantity: 1 },
      ],
    });
    basketId = saved.id;
    expect(balance(plain.id)).toEqual({ on_hand: before.on_hand, reserved: before.reserved + 2 });
    expect(balance(tracked.article_id).reserved).toBe(trackedBefore.reserved + 1);
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(tracked.individual_id)).toBe('reserved');
    const [basket] = call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', {}).baskets;
    // Five Swedish working days on (shared/domain/loan-basket/working-days.test.ts has the calendar).
    expect(basket).toMatchObject({ id: basketId, status: 'open', dueDate: loanDueDate(now.toISOString()), overdue: false, mine: true });

    await settle(station.backend);
    expect(await centralBalance(plain.id)).toEqual({ on_hand: before.on_hand, reserved: before.reserved + 2 });
    expect((await sql<{ status: string }>('SELECT status FROM individual WHERE id = $1', [tracked.individual_id]))[0]!.status).toBe('reserved');
    // A reserved individual cannot be lent twice.
    expect(dispatch(station.backend, 'loanBasket.lend', { lines: [{ articleId: tracked.article_id, individualId: tracked.individual_id, quantity: 1 }] })).toMatchObject({
      ok: false,
      error: { code: 'individual-not-available' },
    });
  });

  it('refuses bad lending: a technician, a tracked article without its individual, more than is available', () => {
    as('U2');
    expect(dispatch(station.backend, 'loanBasket.lend', { lines: [{ articleId: plain.id, individualId: null, quantity: 1 }] })).toMatchObject({ ok: false, error: { code: 'forbidden-role' } });
    as('U3');
    expect(dispatch(station.backend, 'loanBasket.lend', { lines: [{ articleId: tracked.article_id, individualId: null, quantity: 1 }] })).toMatchObject({
      ok: false,
      error: { code: 'individual-required', message: expect.stringContaining('är individmärkt') },
    });
    expect(dispatch(station.backend, 'loanBasket.lend', { lines: [{ articleId: plain.id, individualId: null, quantity: 100 }] })).toMatchObject({
      ok: false,
      error: { code: 'not-enough-stock', message: expect.stringContaining('disponibla i lagret') },
    });
  });

  it('is flagged overdue after its due date, on the start page summary too', () => {
    const [basket] = call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', {}).baskets;
    expect(call(station.backend, 'loanBasket.summary', {})).toEqual({ open: 3, overdue: 1, mineOpen: 1, mineOverdue: 0 });
    // The day after the due date (the workstation's clock moved on; back again after).
    now = new Date(Date.parse(`${basket!.dueDate}T12:00:00.000Z`) + 86_400_000);
    try {
      expect(call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', {}).baskets[0]!.overdue).toBe(true);
      // The demo's open basket was lent before this one: overdue by then too.
      expect(call(station.backend, 'loanBasket.summary', {})).toEqual({ open: 3, overdue: 3, mineOpen: 1, mineOverdue: 1 });
    } finally {
      now = new Date();
    }
  });

  it('the individual is prescribed to a patient and a colleague returns the rest: aids list, stock and the basket closed, at central too', async () => {
    as('U1'); // a store admin cannot prescribe…
    const basket = call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', { who: 'all' }).baskets.find((b) => b.id === basketId);
    expect(basket!.mine).toBe(false);
    const indLine = basket!.lines.find((l) => l.individualId !== null)!;
    const plainLine = basket!.lines.find((l) => l.individualId === null)!;
    const recipientId = db().prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY id LIMIT 1").pluck().get() as string;
    expect(dispatch(station.backend, 'loanBasket.handle', { basketId, recipientId, actions: [{ lineId: indLine.id, action: 'prescribe' }] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-role' },
    });
    // …a prescriber can. (A colleague's handling is shown by the technician's return below.)
    as('U3');
    const onHandBefore = balance(tracked.article_id).on_hand;
    expect(dispatch(station.backend, 'loanBasket.handle', { basketId, recipientId: null, actions: [{ lineId: indLine.id, action: 'prescribe' }] })).toMatchObject({
      ok: false,
      error: { code: 'recipient-required' },
    });
    call(station.backend, 'loanBasket.handle', { basketId, recipientId, actions: [{ lineId: indLine.id, action: 'prescribe' }] });
    const aid = db().prepare('SELECT recipient_id, individual_id, quantity, prescribed, delivered_at, order_id FROM aid WHERE individual_id = ?').get(tracked.individual_id);
    expect(aid).toMatchObject({ recipient_id: recipientId, quantity: 1, prescribed: 1, delivered_at: expect.any(String), order_id: null });
    expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(tracked.individual_id)).toEqual({ status: 'atRecipient', store_id: null });
    expect(balance(tracked.article_id).on_hand).toBe(onHandBefore - 1);
    expect(call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', {}).baskets[0]!.status).toBe('open');

    // The rest goes back to the store, by a technician.
    as('U2');
    const plainBefore = balance(plain.id);
    call(station.backend, 'loanBasket.handle', { basketId, recipientId: null, actions: [{ lineId: plainLine.id, action: 'return' }] });
    expect(balance(plain.id)).toEqual({ on_hand: plainBefore.on_hand, reserved: plainBefore.reserved - 2 });
    expect(dispatch(station.backend, 'loanBasket.handle', { basketId, recipientId: null, actions: [{ lineId: plainLine.id, action: 'return' }] })).toMatchObject({
      ok: false,
      error: { code: 'line-not-lent' },
    });
    as('U3');
    const all = call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', { includeClosed: true }).baskets;
    expect(all[0]).toMatchObject({ status: 'closed', overdue: false });
    expect(all[0]!.lines.map((l) => [l.status, l.handledByName])).toEqual([
      ['returned', 'Ahmed Lagerman'],
      ['prescribed', 'Karin Arbetsterapeut'],
    ]);
    expect(call(station.backend, 'loanBasket.summary', {})).toEqual({ open: 2, overdue: 1, mineOpen: 0, mineOverdue: 0 });

    await settle(station.backend);
    expect(station.backend.context.sync!.outbox.pendingCount()).toBe(0);
    expect(call<{ id: string; code: string }[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    expect((await sql<{ status: string }>('SELECT status FROM loan_basket WHERE id = $1', [basketId]))[0]!.status).toBe('closed');
    expect(await centralBalance(plain.id)).toEqual({ on_hand: plainBefore.on_hand, reserved: plainBefore.reserved - 2 });
    expect((await sql<{ status: string; store_id: string | null }>('SELECT status, store_id FROM individual WHERE id = $1', [tracked.individual_id]))[0]).toEqual({
      status: 'atRecipient',
      store_id: null,
    });
    expect(await sql('SELECT recipient_id, quantity FROM aid WHERE individual_id = $1', [tracked.individual_id])).toEqual([{ recipient_id: recipientId, quantity: 1 }]);
    expect((await sql<{ action: string; user_id: string }>('SELECT action, user_id FROM loan_basket_event WHERE basket_id = $1 ORDER BY at', [basketId])).map((e) => [e.action, e.user_id])).toEqual([
      ['prescribed', 'U3'],
      ['returned', 'U2'],
    ]);
  });

  it("the demo colleague's overdue basket is handled by another prescriber: its reserved individual back in the store, here and at central", async () => {
    as('U3');
    const overdue = call<{ baskets: Basket[] }>(station.backend, 'loanBasket.list', { who: 'all' }).baskets.find((b) => b.overdue)!;
    expect(overdue).toMatchObject({ prescriberName: 'Sara Fysioterapeut', status: 'open', mine: false });
    const line = overdue.lines[0]!;
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(line.individualId)).toBe('reserved');
    const before = balance(line.articleId);
    call(station.backend, 'loanBasket.handle', { basketId: overdue.id, recipientId: null, actions: [{ lineId: line.id, action: 'return' }] });
    expect(db().prepare('SELECT status FROM individual WHERE id = ?').pluck().get(line.individualId)).toBe('inStore');
    expect(balance(line.articleId)).toEqual({ on_hand: before.on_hand, reserved: before.reserved - 1 });
    expect(call(station.backend, 'loanBasket.summary', {})).toEqual({ open: 1, overdue: 0, mineOpen: 0, mineOverdue: 0 });
    await settle(station.backend);
    expect(call<{ id: string; code: string }[]>(station.backend, 'sync.conflicts', {})).toEqual([]);
    expect((await sql<{ status: string }>('SELECT status FROM loan_basket WHERE id = $1', [overdue.id]))[0]!.status).toBe('closed');
    expect((await sql<{ status: string }>('SELECT status FROM individual WHERE id = $1', [line.individualId]))[0]!.status).toBe('inStore');
    expect(await centralBalance(line.articleId)).toEqual({ on_hand: before.on_hand, reserved: before.reserved - 1 });
  });
});
