import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AidRow, RecipientCard, RecipientOrderRow, RecipientSearchResult } from '../../../shared/api/recipient';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';

let t: TempBackend;
beforeAll(() => {
  t = tempBackend();
});
afterAll(() => t.cleanup());

const db = () => t.backend.context.db;
const call = (name: string, input: unknown = {}) => dispatch(t.backend, name, input, { error: () => {} });
const value = <T,>(name: string, input: unknown = {}): T => {
  const r = call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const login = (userId: string) => value('session.login', { userId, secret: DEMO_PASSWORD });
const auditCount = () => db().prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

/** The demo's first patient (R2) has the long aids list. */
const patient = () => db().prepare("SELECT id, personal_number, name FROM recipient WHERE id = 'R2'").get() as { id: string; personal_number: string; name: string };

describe('Mottagare: a patient is found by 12-digit personnummer, a care unit by its code', () => {
  it('a valid personnummer of a recipient of this store opens their card', () => {
    login('U3');
    const p = patient();
    expect(value<RecipientSearchResult>('recipient.search', { query: p.personal_number })).toEqual({ found: true, recipientId: p.id, kind: 'patient' });
    expect(value<RecipientSearchResult>('recipient.search', { query: `${p.personal_number.slice(0, 8)}-${p.personal_number.slice(8)}` })).toMatchObject({ found: true, recipientId: p.id });
  });

  it('an invalid personnummer is refused in Swedish and nothing is looked up or logged', () => {
    login('U3');
    const before = auditCount();
    const p = patient().personal_number;
    const wrongCheck = p.slice(0, 11) + String((Number(p[11]) + 1) % 10);
    expect(call('recipient.search', { query: wrongCheck })).toMatchObject({ ok: false, error: { code: 'personalNumber.checkDigit', message: expect.stringMatching(/Kontrollsiffran/) } });
    expect(call('recipient.search', { query: p.slice(2) })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/12 siffror/) } });
    expect(auditCount()).toBe(before);
  });

  it('a valid personnummer the store has no relation to points to the population register', () => {
    login('U3');
    const r = value<RecipientSearchResult>('recipient.search', { query: '191212121212' });
    expect(r).toMatchObject({ found: false, kind: 'personalNumber', value: '191212121212', message: expect.stringMatching(/folkbokföringen \(CFR\)/) });
  });

  it('a care unit by its 4–5 digit code', () => {
    login('U3');
    const unit = db().prepare("SELECT id, care_unit_code FROM recipient WHERE kind = 'careUnit' LIMIT 1").get() as { id: string; care_unit_code: string };
    expect(value<RecipientSearchResult>('recipient.search', { query: unit.care_unit_code })).toEqual({ found: true, recipientId: unit.id, kind: 'careUnit' });
    expect(value<RecipientSearchResult>('recipient.search', { query: '4999' })).toMatchObject({ found: false, kind: 'careUnit' });
  });
});

describe('the recipient card', () => {
  it('shows register data, contact fields and the contact-prescriber flag; the look-up is logged without personal data', () => {
    login('U3');
    const p = patient();
    const before = auditCount();
    const card = value<RecipientCard>('recipient.get', { id: p.id });
    expect(card).toMatchObject({ id: p.id, kind: 'patient', personalNumber: p.personal_number, name: p.name, contactPrescriber: false });
    expect(card.address).toBeTruthy();
    expect(auditCount()).toBe(before + 1);
    const entry = db().prepare("SELECT user_id, action, entity_id, details FROM audit_log ORDER BY seq DESC LIMIT 1").get() as Record<string, string>;
    expect(entry).toEqual({ user_id: 'U3', action: 'recipient.view', entity_id: p.id, details: '{"via":"recipient.card"}' });
    expect(JSON.stringify(entry)).not.toContain(p.personal_number);
    expect(card.counts.aids + card.counts.returned + card.counts.consumables).toBe(db().prepare('SELECT count(*) FROM aid WHERE recipient_id = ?').pluck().get(p.id));
  });

  it('an unknown id is a Swedish refusal', () => {
    login('U3');
    expect(call('recipient.get', { id: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Mottagaren finns inte i lagrets register.' } });
  });
});

describe('the tabs: Hjälpmedel newest first, Återlämnat, Förbrukning, Beställt', () => {
  const insertAid = (id: string, recipientId: string, articleId: string, o: { q: number; delivered: string | null; returned?: string | null; ordered: string; individualId?: string | null }) =>
    db()
      .prepare(`INSERT INTO aid (id, recipient_id, article_id, individual_id, ordered_quantity, quantity, store_id, prescribed, ordered_at, delivered_at, returned_at)
        VALUES (?,?,?,?,1,?,'50301',1,?,?,?)`)
      .run(id, recipientId, articleId, o.individualId ?? null, o.q, o.ordered, o.delivered, o.returned ?? null);

  it('aids are listed newest first; quantity 0 without a delivery date is "not yet delivered"', () => {
    login('U3');
    const tracked = db().prepare("SELECT id, iso_code, article_type FROM article WHERE tracked_individually = 1 AND article_type = 'mainAid' LIMIT 1").get() as { id: string; iso_code: string; article_type: string };
    const r = db().prepare("INSERT INTO recipient (id, kind, personal_number, name) VALUES ('RT1', 'patient', '194001019803', 'Test Testsson') RETURNING id").get() as { id: string };
    insertAid('T-old', r.id, tracked.id, { q: 1, delivered: '2024-01-02T10:00:00.000Z', ordered: '2024-01-01T10:00:00.000Z' });
    insertAid('T-new', r.id, tracked.id, { q: 1, delivered: '2026-05-02T10:00:00.000Z', ordered: '2026-05-01T10:00:00.000Z' });
    insertAid('T-waiting', r.id, tracked.id, { q: 0, delivered: null, ordered: '2026-11-20T10:00:00.000Z' });
    insertAid('T-back', r.id, tracked.id, { q: 1, delivered: '2025-01-02T10:00:00.000Z', ordered: '2025-01-01T10:00:00.000Z', returned: '2026-02-01T10:00:00.000Z' });
    const aids = value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids' });
    expect(aids.map((a) => a.id)).toEqual(['T-waiting', 'T-new', 'T-old']);
    expect(aids.map((a) => a.undelivered)).toEqual([true, false, false]);
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'returned' }).map((a) => a.id)).toEqual(['T-back']);
    // Filters: ISO code (its start, spaces ignored) and article type.
    const iso = tracked.iso_code.replace(/\s/g, '');
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids', isoCode: iso.slice(0, 2) })).toHaveLength(3);
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids', isoCode: `${iso.slice(0, 2)} ${iso.slice(2, 4)}` })).toHaveLength(3);
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids', isoCode: iso.startsWith('99') ? '98' : '99' })).toHaveLength(0);
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids', articleType: 'consumable' })).toHaveLength(0);
    expect(value<AidRow[]>('recipient.aids', { recipientId: r.id, tab: 'aids', articleType: 'mainAid' })).toHaveLength(3);
    expect(call('recipient.aids', { recipientId: r.id, tab: 'aids', isoCode: '12x' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ISO-koden/) } });
  });

  it('non-tracked articles are under Förbrukning, and Beställt lists the customer orders to the recipient', () => {
    login('U3');
    const plain = db().prepare('SELECT id FROM article WHERE tracked_individually = 0 LIMIT 1').pluck().get() as string;
    insertAid('T-cons', 'RT1', plain, { q: 1, delivered: '2026-03-02T10:00:00.000Z', ordered: '2026-03-01T10:00:00.000Z' });
    expect(value<AidRow[]>('recipient.aids', { recipientId: 'RT1', tab: 'consumables' }).map((a) => a.id)).toEqual(['T-cons']);
    expect(value<AidRow[]>('recipient.aids', { recipientId: 'RT1', tab: 'aids' }).map((a) => a.id)).not.toContain('T-cons');
    db().prepare(`INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, created_at, recipient_id)
      VALUES ('O-rt1', '26470001', 'prescription', '50301', '10', 'registered', '2026-11-20T10:00:00.000Z', 'RT1')`).run();
    db().prepare("INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, price_ore) VALUES ('O-rt1', 1, ?, 2, 'registered', 0)").run(plain);
    const orders = value<RecipientOrderRow[]>('recipient.orders', { recipientId: 'RT1' });
    expect(orders).toEqual([expect.objectContaining({ id: 'O-rt1', number: '26470001', kind: 'prescription', status: 'registered', lines: 1, summary: expect.stringMatching(/×2$/) })]);
    const card = value<RecipientCard>('recipient.get', { id: 'RT1' });
    expect(card.counts).toEqual({ aids: 3, ordered: 1, returned: 1, consumables: 1, activities: 0, deviations: 0 });
  });

  it('the demo store has recipients with aids (npm start shows them)', () => {
    const n = db().prepare("SELECT count(DISTINCT recipient_id) FROM aid WHERE id LIKE 'AID-demo-%'").pluck().get() as number;
    expect(n).toBeGreaterThan(50);
    expect(db().prepare("SELECT count(*) FROM aid WHERE recipient_id = 'R2'").pluck().get()).toBe(14);
  });
});

describe('the aids list as PDF (all, or prescribed only)', () => {
  it('lists the held aids newest first with the recipient, "Ej levererad" where not delivered; prescribed only leaves the care-unit orders out', async () => {
    const { pdfInfo, pdfText, renderPage, hasPoppler } = await import('../../../tests/helpers/pdf');
    login('U3');
    const before = auditCount();
    const r = call('recipient.aidsPdf', { recipientId: 'RT1' });
    expect(r.ok).toBe(true);
    const doc = (r as { value: { fileName: string; base64: string } }).value;
    expect(doc.fileName).not.toContain('Test');
    expect(auditCount()).toBe(before + 1);
    if (!hasPoppler) return;
    const pdf = Buffer.from(doc.base64, 'base64');
    expect(pdfInfo(pdf).pages).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain('Hjälpmedelslista');
    expect(text).toContain('Test Testsson');
    expect(text).toContain('Personnummer 19400101-9803');
    expect(text).toContain('Ej levererad');
    // Held aids only: the returned one is not on the list; newest first.
    const rows = db().prepare("SELECT count(*) FROM aid WHERE recipient_id = 'RT1' AND returned_at IS NULL").pluck().get() as number;
    expect(text).toMatch(new RegExp(`Rader\\s+${rows}\\b`));
    const png = renderPage(pdf, 1, 60).png;
    const fs = await import('node:fs');
    fs.mkdirSync('tests/e2e/screenshots', { recursive: true });
    fs.writeFileSync('tests/e2e/screenshots/recipient-aids-list.png', png);

    db().prepare("UPDATE aid SET prescribed = 0 WHERE id = 'T-cons'").run();
    const prescribed = Buffer.from((call('recipient.aidsPdf', { recipientId: 'RT1', prescribedOnly: true }) as { value: { base64: string } }).value.base64, 'base64');
    expect(pdfText(prescribed)).toContain('Förskrivna hjälpmedel hos mottagaren');
    expect(pdfText(prescribed)).toMatch(new RegExp(`Rader\\s+${rows - 1}\\b`));
  });
});
