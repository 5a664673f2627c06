import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndividualDetails, IndividualSearchResult } from '../../../shared/api/schemas';
import { dispatch } from '../api/dispatch';
import { appendAudit } from '../db/audit';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

let t: TempBackend;
beforeAll(() => {
  t = tempBackend();
  dispatch(t.backend, 'session.login', { userId: 'U2', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

const search = (query: string, limit?: number) => dispatch(t.backend, 'individual.search', limit ? { query, limit } : { query });
const list = (query: string) => {
  const r = search(query, 500);
  if (!r.ok) throw new Error(r.error.message);
  const v = r.value as IndividualSearchResult;
  if (v.match !== 'list') throw new Error(`expected a list for ${query}`);
  return v;
};
const db = () => t.backend.context.db;

describe('Individer: search by individual or serial number', () => {
  it('a complete individual number opens the individual directly', () => {
    const no = db().prepare('SELECT individual_no FROM individual LIMIT 1 OFFSET 10').pluck().get() as string;
    const r = search(no);
    expect(r).toMatchObject({ ok: true, value: { match: 'exact', individual: { individualNo: no } } });
  });

  it('3+ characters match anywhere in the individual number (manual 003: "2245" finds 224559 and 212245)', () => {
    const v = list('0008');
    expect(v.rows.length).toBeGreaterThan(0);
    expect(v.rows.every((r) => r.individualNo.includes('0008') || (r.serialNo ?? '').includes('0008'))).toBe(true);
    const expected = db().prepare("SELECT count(*) FROM individual WHERE individual_no LIKE '%0008%' OR serial_no LIKE '%0008%'").pluck().get();
    expect(v.total).toBe(expected);
    expect(v.rows.some((r) => !r.individualNo.startsWith('0008'))).toBe(true);
  });

  it('matches serial numbers too, ignoring case', () => {
    const serial = db().prepare('SELECT serial_no FROM individual WHERE serial_no IS NOT NULL LIMIT 1 OFFSET 5').pluck().get() as string;
    const part = serial.slice(3, 10);
    const v = list(part.toLowerCase());
    expect(v.rows.map((r) => r.serialNo)).toContain(serial);
  });

  it('"12*" lists numbers that start with 12 and "*12" those that end with 12 (manual 000 §2.1)', () => {
    const starts = list('1001*');
    expect(starts.rows.length).toBeGreaterThan(0);
    expect(starts.rows.every((r) => r.individualNo.startsWith('1001'))).toBe(true);
    expect(starts.total).toBe(db().prepare("SELECT count(*) FROM individual WHERE individual_no LIKE '1001%'").pluck().get());
    const ends = list('*12');
    expect(ends.rows.length).toBeGreaterThan(0);
    expect(ends.rows.every((r) => r.individualNo.endsWith('12'))).toBe(true);
    expect(ends.total).toBe(db().prepare("SELECT count(*) FROM individual WHERE individual_no LIKE '%12'").pluck().get());
  });

  it('fewer than 3 characters gives a clear message and no query', () => {
    for (const q of ['', '1', '12', '  7 ']) {
      const r = search(q);
      expect(r.ok, q).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/minst|Skriv/);
    }
  });

  it('counts matches up to a cap and says when there are more', () => {
    const v = search('1*', 10);
    expect(v.ok).toBe(false);
    const many = search('10*', 10);
    expect(many.ok).toBe(true);
    if (many.ok && (many.value as IndividualSearchResult).match === 'list') {
      const value = many.value as Extract<IndividualSearchResult, { match: 'list' }>;
      expect(value.rows).toHaveLength(10);
      expect(value.total).toBeGreaterThan(10);
    }
  });

  it('an unknown number gives an empty list, not an error', () => {
    expect(list('Q9Q9Q9Q9').rows).toEqual([]);
  });

  it('SQL-looking text is treated as text', () => {
    const r = search("1' OR '1'='1");
    expect(r).toMatchObject({ ok: false, error: { code: 'query-invalid-characters' } });
    expect(db().prepare('SELECT count(*) FROM individual').pluck().get()).toBeGreaterThan(0);
  });
});

describe('an individual\'s details', () => {
  it('show article, supplier, ISO code, purchase date, value, warranty, status, location and history', () => {
    const id = db().prepare("SELECT id FROM individual WHERE status = 'inStore' AND warranty_end IS NOT NULL LIMIT 1").pluck().get() as string;
    const r = dispatch(t.backend, 'individual.get', { id });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value as IndividualDetails;
    expect(d.articleNo).toMatch(/^\d{5}$/);
    expect(d.supplierName).toBeTruthy();
    expect(d.isoCode).toMatch(/^\d{6}$/);
    expect(d.isoName).toBeTruthy();
    expect(d.purchaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.acquisitionValueOre).toBeGreaterThan(0);
    expect(d.warrantyEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.status).toBe('inStore');
    expect(d.storeName).toContain('Buffertlager');
    expect(d.location).toMatch(/^Hylla/);
    expect(d.history).toContainEqual(expect.objectContaining({ kind: 'movement', action: 'initial', quantity: 1, storeId: '50301' }));
  });

  it('include audit and text entries, newest first', () => {
    const id = db().prepare('SELECT id FROM individual LIMIT 1').pluck().get() as string;
    appendAudit(db(), { at: '2026-11-20T10:00:00Z', userId: 'U1', action: 'changeNumber', entity: 'individual', entityId: id, details: 'från 1 till 2' });
    db().prepare("INSERT INTO individual_text (id, individual_id, at, user_id, text) VALUES ('t1', ?, '2026-11-21T10:00:00Z', 'U2', 'Bromsen justerad')").run(id);
    const r = dispatch(t.backend, 'individual.get', { id });
    if (!r.ok) throw new Error(r.error.message);
    const h = (r.value as IndividualDetails).history;
    expect(h[0]).toMatchObject({ kind: 'text', text: 'Bromsen justerad', userName: 'Ahmed Lagerman' });
    expect(h[1]).toMatchObject({ kind: 'audit', action: 'changeNumber', userName: 'Lena Tekniker' });
  });

  it('an unknown id is a Swedish "not found"', () => {
    expect(dispatch(t.backend, 'individual.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
