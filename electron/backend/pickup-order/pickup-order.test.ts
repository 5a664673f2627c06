import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../../shared/api/documents';
import type { PickupForm, PickupSearchResult, RegisteredPickup } from '../../../shared/api/pickup-order';
import type { AidRow } from '../../../shared/api/recipient';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';

let t: TempBackend;
let dir: string;
beforeAll(() => {
  t = tempBackend();
  // The rendered pages stay in test-results/ for a person to look at (git-ignored).
  dir = path.resolve('test-results/pickup-order');
  fs.mkdirSync(dir, { recursive: true });
});
afterAll(() => {
  t.cleanup();
});

const db = () => t.backend.context.db;
const call = (name: string, input: unknown = {}) => dispatch(t.backend, name, input, { error: () => {} });
const value = <T,>(name: string, input: unknown = {}): T => {
  const r = call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const login = (userId: string) => value('session.login', { userId, secret: DEMO_PASSWORD });
const count = (sql: string) => db().prepare(sql).pluck().get() as number;

/** The demo's first patient (R2), with the long aids list. */
const R2 = 'R2';
const patient = () => db().prepare('SELECT personal_number, name, address, postal_code, city FROM recipient WHERE id = ?').get(R2) as { personal_number: string; name: string; address: string; postal_code: string; city: string };

const pdfText = (doc: PdfDocument, name: string): string => {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, Buffer.from(doc.base64, 'base64'));
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.join(dir, name)]);
  expect(fs.statSync(path.join(dir, `${name}.png`)).size).toBeGreaterThan(1000);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
};

const base = (aidIds: string[], reasonId = 'khs-bed') => ({
  recipientId: R2,
  reasonId,
  address: null,
  phone: '070-123 45 67',
  doorCode: '1234',
  instructions: 'Trång hiss',
  comment: 'Brådskande: ny säng levereras på fredag.',
  contactPrescriber: false,
  aidIds,
});

describe('Hämtorder from the recipient card', () => {
  let form: PickupForm;
  beforeAll(() => {
    login('U3');
    form = value<PickupForm>('pickupOrder.form', { recipientId: R2 });
  });

  it('the form offers the region’s reasons, the recipient’s address and contact fields and the aids held', () => {
    expect(form.reasons.map((r) => r.name)).toEqual(['Hämtning av A-hjälpmedel KHS', 'Hämtning av säng/sängtillbehör KHS', 'Hämtning av taklyft Guldmann']);
    expect(form.reasons.find((r) => r.id === 'ceiling-lift')?.supplierCopy).toBe(true);
    expect(form.recipient.name).toBe(patient().name);
    expect(form.aids.length).toBeGreaterThan(2);
    expect(form.aids.every((a) => a.openPickupNo === null)).toBe(true);
    // A prescriber cannot cancel pick-ups.
    expect(form.mayCancel).toBe(false);
  });

  it('the phone number is mandatory and the texts are bounded; nothing is saved', () => {
    const before = count('SELECT count(*) FROM pickup_order');
    const a = form.aids[0]!.aidId;
    expect(call('pickupOrder.register', { ...base([a]), phone: '' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/telefonnummer/) } });
    expect(call('pickupOrder.register', { ...base([a]), comment: 'x'.repeat(256) })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/högst 255 tecken/) } });
    expect(call('pickupOrder.register', { ...base([]) })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/minst ett hjälpmedel/) } });
    expect(call('pickupOrder.register', { ...base([a]), reasonId: 'no-such' })).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
    expect(count('SELECT count(*) FROM pickup_order')).toBe(before);
  });

  it('registers a pick-up offline; the aids list says "Ja"; a second open pick-up of the same aid is refused', () => {
    const [a, b] = [form.aids[0]!.aidId, form.aids[1]!.aidId];
    const saved = value<RegisteredPickup>('pickupOrder.register', base([a, b]));
    expect(saved.provisionalNo).toMatch(/^P50301-/);
    expect(count("SELECT count(*) FROM outbox WHERE name = 'pickupOrder.register'")).toBeGreaterThan(0);
    const aids = value<AidRow[]>('recipient.aids', { recipientId: R2, tab: 'aids' });
    const marked = aids.filter((x) => x.pickupOrderNo !== null).map((x) => x.id);
    expect(marked.sort()).toEqual([a, b].filter((id) => aids.some((x) => x.id === id)).sort());
    const again = call('pickupOrder.register', base([form.aids[2]!.aidId, a]));
    expect(again).toMatchObject({ ok: false, error: { code: 'pickup-already-open', message: expect.stringContaining(`hämtorder ${saved.provisionalNo}`) } });
    const next = value<PickupForm>('pickupOrder.form', { recipientId: R2 });
    expect(next.aids.find((x) => x.aidId === a)?.openPickupNo).toBe(saved.provisionalNo);
  });

  it('an address for this pick-up only is not saved on the recipient', () => {
    const before = patient();
    const aid = form.aids[3]!.aidId;
    value<RegisteredPickup>('pickupOrder.register', { ...base([aid]), address: { address: 'Sommarvägen 3', postalCode: '27131', city: 'Ystad' } });
    expect(patient()).toEqual(before);
    const row = db().prepare('SELECT address, city FROM pickup_order WHERE address IS NOT NULL').get();
    expect(row).toEqual({ address: 'Sommarvägen 3', city: 'Ystad' });
  });

  it('the PDF per reason holds the recipient and address; printing makes it Utskriven', () => {
    const found = value<PickupSearchResult>('pickupOrder.search', { who: 'mine' });
    const p = found.rows.find((r) => r.reasonName?.includes('säng'))!;
    expect(p.status).toBe('registered');
    const text = pdfText(value<PdfDocument>('pickupOrder.pdf', { pickupOrderId: p.id }), 'pickup');
    expect(text).toContain('Hämtning av säng/sängtillbehör KHS');
    expect(text).toContain(patient().name);
    expect(text).toContain('070-123 45 67');
    expect(text).toContain('Brådskande');
    expect(value<PickupSearchResult>('pickupOrder.search', { number: p.provisionalNo! }).rows[0]!.status).toBe('printed');
    // Not a supplier's reason: no supplier copy.
    expect(call('pickupOrder.pdf', { pickupOrderId: p.id, document: 'supplierCopy' })).toMatchObject({ ok: false, error: { code: 'no-supplier-copy' } });
  });

  it('a ceiling lift: the supplier copy holds no name, personal number, address or phone of the patient', () => {
    const aid = form.aids[4]!.aidId;
    const saved = value<RegisteredPickup>('pickupOrder.register', { ...base([aid], 'ceiling-lift'), contactPrescriber: true });
    expect(saved.supplierCopy).toBe(true);
    const text = pdfText(value<PdfDocument>('pickupOrder.pdf', { pickupOrderId: saved.pickupOrderId, document: 'supplierCopy' }), 'supplier');
    expect(text).toContain('Leverantörskopia');
    expect(text).toContain('Guldmann Sverige AB');
    expect(text).toContain('Förskrivare ska kontaktas');
    const pnr = patient().personal_number!;
    const flat = text.replace(/\s+/g, '');
    // The city alone is no personal data (the demo store's municipality has the same name).
    for (const secret of [patient().name, pnr, `${pnr.slice(0, 8)}-${pnr.slice(8)}`, pnr.slice(2), patient().address, patient().postal_code, '070-123 45 67', '1234', 'Trång hiss', 'Brådskande']) {
      if (!secret) continue;
      expect(text, secret).not.toContain(secret);
      expect(flat, secret).not.toContain(secret.replace(/\s+/g, ''));
    }
  });

  it('prescribers cannot cancel; store staff can while Registrerad, not once printed', () => {
    const rows = value<PickupSearchResult>('pickupOrder.search', { who: 'all' }).rows;
    const registered = rows.find((r) => r.status === 'registered')!;
    const printed = rows.find((r) => r.status === 'printed')!;
    expect(call('pickupOrder.cancel', { pickupOrderId: registered.id })).toMatchObject({ ok: false, error: { code: 'forbidden-role', message: expect.stringMatching(/förskrivare kan inte makulera/) } });
    login('U2');
    expect(call('pickupOrder.cancel', { pickupOrderId: printed.id })).toMatchObject({ ok: false, error: { code: 'not-registered', message: expect.stringMatching(/Utskriven/) } });
    value('pickupOrder.cancel', { pickupOrderId: registered.id });
    // Open ones only by default; "inkludera stängda" shows the cancelled one too.
    expect(value<PickupSearchResult>('pickupOrder.search', {}).rows.map((r) => r.id)).not.toContain(registered.id);
    const all = value<PickupSearchResult>('pickupOrder.search', { includeClosed: true }).rows;
    expect(all.find((r) => r.id === registered.id)?.status).toBe('cancelled');
    expect(call('pickupOrder.search', { number: '264' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/hämtordernumret/) } });
  });

  it('the region setting pickupReasonRequired: true refuses a pick-up without a reason; false saves it with none, listed and printed with "–"', () => {
    login('U3');
    const setRequired = (on: boolean) => {
      db().prepare("INSERT OR REPLACE INTO region_setting (key, value, updated_at, updated_by) VALUES ('pickupReasonRequired', ?, '2026-12-03T08:00:00.000Z', 'test')").run(JSON.stringify(on));
      t.backend.context.regionSettings.invalidate();
    };
    const free = value<PickupForm>('pickupOrder.form', { recipientId: R2 }).aids.find((a) => a.openPickupNo === null)!.aidId;
    const before = count('SELECT count(*) FROM pickup_order');
    setRequired(true);
    expect(call('pickupOrder.register', { ...base([free]), reasonId: null })).toMatchObject({ ok: false, error: { code: 'unknown-reason', message: 'Välj en orsak till hämtningen ur listan.' } });
    expect(count('SELECT count(*) FROM pickup_order')).toBe(before);
    setRequired(false);
    // A reason given must still be one of the list.
    expect(call('pickupOrder.register', { ...base([free]), reasonId: 'no-such' })).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
    const saved = value<RegisteredPickup>('pickupOrder.register', { ...base([free]), reasonId: null });
    expect(saved.supplierCopy).toBe(false);
    expect(db().prepare('SELECT reason_id FROM pickup_order WHERE id = ?').pluck().get(saved.pickupOrderId)).toBeNull();
    expect(count("SELECT count(*) FROM outbox WHERE name = 'pickupOrder.register' AND json_extract(args, '$.reasonId') IS NULL")).toBe(1);
    const listed = value<PickupSearchResult>('pickupOrder.search', { number: saved.provisionalNo }).rows[0]!;
    expect(listed).toMatchObject({ id: saved.pickupOrderId, reasonName: null, supplierCopy: false });
    const text = pdfText(value<PdfDocument>('pickupOrder.pdf', { pickupOrderId: saved.pickupOrderId }), 'pickup-no-reason');
    expect(text).toMatch(/Orsak\s+–/);
    expect(text).toContain('Ingen orsak angiven');
    expect(text).toContain(patient().name);
    expect(call('pickupOrder.pdf', { pickupOrderId: saved.pickupOrderId, document: 'supplierCopy' })).toMatchObject({ ok: false, error: { code: 'no-supplier-copy', message: expect.stringContaining('ingen orsak') } });
    setRequired(true);
  });
});
