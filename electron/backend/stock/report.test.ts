import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../../shared/api/documents';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { hasPoppler, pdfInfo, pdfText, POPPLER_MISSING } from '../../../tests/helpers/pdf';
import { dispatch } from '../api/dispatch';
import { filterText } from './report';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/** The stock report (lagersaldorapport) of the own store from a real replica, with the stock list's filters. */

if (!hasPoppler) console.warn(`Lagersaldorapporten hoppas över: ${POPPLER_MISSING}`);

let t: TempBackend;
const report = (args: object) => {
  const r = dispatch(t.backend, 'stock.report', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as PdfDocument;
};
const kr = (ore: number) => `${new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ore / 100).replace(/\s/g, ' ')} kr`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(() => {
  t = tempBackend();
  dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

describe.skipIf(!hasPoppler)('the stock report', () => {
  it('every article with a balance: balance, reserved, available, value; the individuals in the store under their article; the totals', () => {
    const db = t.backend.context.db;
    const doc = report({});
    expect(doc.fileName).toBe('Lagersaldorapport 50301 2026-11-22.pdf');
    const pdf = Buffer.from(doc.base64, 'base64');
    expect(doc.pages).toBe(pdfInfo(pdf).pages);
    const text = pdfText(pdf);
    expect(text).toMatch(/Urval: Alla artikeltyper · med saldo/);
    const balances = db.prepare<[], { n: number; units: number }>("SELECT count(*) AS n, sum(on_hand) AS units FROM stock_balance WHERE store_id = '50301' AND on_hand <> 0").get()!;
    expect(text).toMatch(new RegExp(`Artiklar\\s+${balances.n}`));
    expect(text).toMatch(new RegExp(`Saldo totalt\\s+${new Intl.NumberFormat('sv-SE').format(balances.units).replace(/\s/g, ' ')}`));

    const plain = db
      .prepare<[], { article_no: string; name: string; on_hand: number; reserved: number; price_ore: number; unit: string }>(
        `SELECT a.article_no, a.name, b.on_hand, b.reserved, a.price_ore, a.unit FROM stock_balance b JOIN article a ON a.id = b.article_id
         WHERE b.store_id = '50301' AND b.on_hand > 0 AND a.tracked_individually = 0 AND length(a.name) < 30 ORDER BY a.article_no LIMIT 1`,
      )
      .get()!;
    expect(text).toMatch(new RegExp(`${plain.article_no}\\s+${escape(plain.name)}\\s+${plain.unit}\\s+${plain.on_hand}\\s+${plain.reserved}\\s+${plain.on_hand - plain.reserved}\\s+${escape(kr(plain.on_hand * plain.price_ore))}`));

    const individual = db
      .prepare<[], { individual_no: string; serial_no: string; location: string; article_no: string }>(
        `SELECT i.individual_no, i.serial_no, i.location, a.article_no FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.store_id = '50301' AND i.status = 'reserved' AND i.serial_no IS NOT NULL AND i.location IS NOT NULL ORDER BY i.individual_no LIMIT 1`,
      )
      .get()!;
    expect(text).toMatch(new RegExp(`Individnr ${individual.individual_no}\\s+Serienr ${escape(individual.serial_no)}\\s+${escape(individual.location)}\\s+Reserverad`));
    const rows = text.split('\n');
    const articleRow = rows.findIndex((r) => r.startsWith(`${individual.article_no} `));
    const individualRow = rows.findIndex((r) => r.includes(`Individnr ${individual.individual_no}`));
    expect(individualRow).toBeGreaterThan(articleRow);
    // Individuals at a recipient are not in the store.
    const away = db.prepare<[], { individual_no: string }>("SELECT individual_no FROM individual WHERE store_id IS NULL AND status = 'atRecipient' LIMIT 1").get();
    if (away) expect(text).not.toContain(`Individnr ${away.individual_no}`);
    expect(text).toMatch(/Lagervärde\s+[\d ]+,\d\d kr/);
  });

  it('the list’s filters: article type, text, without individuals', () => {
    const db = t.backend.context.db;
    const accessory = db
      .prepare<[], { article_no: string }>(
        "SELECT a.article_no FROM stock_balance b JOIN article a ON a.id = b.article_id WHERE b.store_id = '50301' AND b.on_hand <> 0 AND a.article_type = 'accessory' ORDER BY a.article_no LIMIT 1",
      )
      .get()!;
    const mainAids = pdfText(Buffer.from(report({ articleType: 'mainAid' }).base64, 'base64'));
    expect(mainAids).toMatch(/Urval: Huvudhjälpmedel · med saldo/);
    expect(mainAids).not.toMatch(new RegExp(`^${accessory.article_no} `, 'm'));

    const rollators = pdfText(Buffer.from(report({ text: 'rollator', individuals: false }).base64, 'base64'));
    expect(rollators).toMatch(/Urval: Alla artikeltyper · med saldo · sökt: ”rollator” · utan/);
    expect(rollators).toContain('Rollator');
    expect(rollators).not.toContain('Individnr');
    for (const row of rollators.split('\n').filter((r) => /^\d{5} /.test(r))) expect(row.toLocaleLowerCase('sv-SE')).toContain('rollator');
  });
});

describe('the stock report refuses', () => {
  it('a search term too short, as the list does', () => {
    expect(dispatch(t.backend, 'stock.report', { text: 'r' })).toMatchObject({ ok: false });
  });

  it('the filters in words', () => {
    expect(filterText({ articleType: 'sparePart', balance: 'all', text: ' hjul ', individuals: true })).toBe('Reservdelar · alla artiklar, även saldo 0 · sökt: ”hjul”');
  });
});
