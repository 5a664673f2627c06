import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../../shared/api/documents';
import type { FileDocument } from '../../../shared/api/stocktake';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { hasPoppler, pdfInfo, pdfText, POPPLER_MISSING } from '../../../tests/helpers/pdf';
import { readWorkbook } from '../../../tests/helpers/xlsx';
import { dispatch } from '../api/dispatch';
import { KRONOR_FORMAT } from '../documents';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/**
 * The stocktake's documents from a real replica (the demo region, store 50301): count sheets per
 * zone and for the whole stocktake, open and blind, and the variance report as PDF, Excel and CSV
 * from the merged counts.
 */

if (!hasPoppler) console.warn(`Inventeringsdokumenten hoppas över: ${POPPLER_MISSING}`);

let t: TempBackend;
/** The workstation's clock: counting in the morning, approving an hour later. */
let clock = Date.parse('2026-11-22T10:00:00Z');
const call = <T>(name: string, args: unknown): T => {
  const r = dispatch(t.backend, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const refusalOf = (name: string, args: unknown) => {
  const r = dispatch(t.backend, name, args);
  if (r.ok) throw new Error(`${name} went through`);
  return r.error;
};
const pdfOf = (d: PdfDocument) => Buffer.from(d.base64, 'base64');
const fileOf = (d: FileDocument) => Buffer.from(d.base64, 'base64');

interface Individual {
  id: string;
  individual_no: string;
  location: string | null;
  serial_no: string | null;
}
const ZONE_A_D = /^Hylla [A-D]\d/;
const zoneOf = (location: string | null) => (location !== null && ZONE_A_D.test(location) ? 'z1' : 'z2');

let id: string;
let tracked: { id: string; article_no: string; individuals: Individual[] };
let plain: { id: string; article_no: string; name: string; on_hand: number; price_ore: number };
let elsewhere: string;
let inZoneA: Individual;
let outsideA: Individual;

beforeAll(() => {
  t = tempBackend({ now: () => new Date(clock) });
  const db = t.backend.context.db;
  call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  id = call<{ id: string }>('stocktake.create', {
    name: 'Årsinventering 2026',
    scope: { isoCodes: [], articleTypes: [], locations: [] },
    zones: [
      { name: 'A–D', locations: ['Hylla A', 'Hylla B', 'Hylla C', 'Hylla D'] },
      { name: 'Övrigt', locations: [] },
    ],
    blind: false,
  }).id;
  const article = db
    .prepare<[], { id: string; article_no: string }>(
      `SELECT a.id, a.article_no FROM individual i JOIN article a ON a.id = i.article_id
       WHERE i.store_id = '50301' AND i.status = 'inStore' GROUP BY a.id HAVING count(*) >= 3 ORDER BY a.article_no LIMIT 1`,
    )
    .get()!;
  const individuals = db
    .prepare<[string], Individual>("SELECT id, individual_no, location, serial_no FROM individual WHERE article_id = ? AND store_id = '50301' AND status = 'inStore' ORDER BY individual_no")
    .all(article.id);
  tracked = { ...article, individuals };
  plain = db
    .prepare<[], typeof plain>(
      `SELECT a.id, a.article_no, a.name, b.on_hand, a.price_ore FROM stock_balance b JOIN article a ON a.id = b.article_id
       WHERE b.store_id = '50301' AND a.tracked_individually = 0 AND a.article_type <> 'service' AND b.on_hand > 3 AND a.price_ore > 0 ORDER BY a.article_no LIMIT 1`,
    )
    .get()!;
  elsewhere = db.prepare<[], { individual_no: string }>("SELECT individual_no FROM individual WHERE store_id <> '50301' AND status = 'inStore' ORDER BY individual_no LIMIT 1").get()!.individual_no;
  const all = db.prepare<[], Individual>("SELECT id, individual_no, location, serial_no FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY individual_no").all();
  inZoneA = all.find((i) => zoneOf(i.location) === 'z1' && i.serial_no !== null)!;
  outsideA = all.find((i) => zoneOf(i.location) === 'z2' && i.location !== null)!;

  // Two individuals of the tracked article found (the first twice), the third missing in its counted zone;
  // the non-tracked article counted two more than expected; one individual of another store; an unknown number.
  const [first, second, third] = tracked.individuals as [Individual, Individual, Individual];
  call('stocktake.scan', { id, text: first.individual_no, zoneId: zoneOf(first.location) });
  call('stocktake.scan', { id, text: first.individual_no, zoneId: zoneOf(first.location) });
  call('stocktake.scan', { id, text: second.individual_no, zoneId: zoneOf(third.location) });
  call('stocktake.count', { id, articleId: plain.id, kind: 'add', quantity: plain.on_hand + 2 });
  call('stocktake.scan', { id, text: elsewhere });
  call('stocktake.scan', { id, text: '899999' });
});
afterAll(() => t.cleanup());

describe.skipIf(!hasPoppler)('count sheets from the replica', () => {
  it('a zone: its shelves’ individuals with serial numbers, nothing of the other zones; the quantities are on the catch-all zone’s sheet', () => {
    const doc = call<PdfDocument>('stocktake.countSheets', { id, zoneId: 'z1' });
    expect(doc.fileName).toBe('Inventeringslista Årsinventering 2026 A-D 2026-11-22.pdf');
    const pdf = pdfOf(doc);
    expect(doc.pages).toBe(pdfInfo(pdf).pages);
    const text = pdfText(pdf);
    expect(text).toMatch(/Zon\s+A–D/);
    expect(text).toContain('Hyllplatser Hylla A, Hylla B, Hylla C, Hylla D');
    expect(text).toMatch(new RegExp(`${inZoneA.individual_no}\\s+Serienr ${inZoneA.serial_no}`));
    expect(text).toContain(inZoneA.location!);
    expect(text).not.toContain(outsideA.individual_no);
    expect(text).not.toContain('Artiklar utan individnummer');

    const other = pdfText(pdfOf(call<PdfDocument>('stocktake.countSheets', { id, zoneId: 'z2' })));
    expect(other).toContain(outsideA.individual_no);
    expect(other).not.toContain(inZoneA.individual_no);
    expect(other).toContain('Artiklar utan individnummer');
    expect(other).toMatch(new RegExp(`${plain.article_no}\\s+${plain.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+[\\d ]+\\s+${plain.on_hand} st`));
  });

  it('the whole stocktake: every zone, each on its own pages, then the articles without individual numbers', () => {
    const doc = call<PdfDocument>('stocktake.countSheets', { id, zoneId: null });
    expect(doc.fileName).toBe('Inventeringslista Årsinventering 2026 2026-11-22.pdf');
    const text = pdfText(pdfOf(doc));
    const rows = text.split('\n');
    const at = (s: string) => rows.findIndex((r) => r.includes(s));
    expect(at('Zon A–D')).toBeGreaterThan(0);
    expect(at('Zon Övrigt')).toBeGreaterThan(at('Zon A–D'));
    expect(at('Artiklar utan individnummer')).toBeGreaterThan(at('Zon Övrigt'));
    expect(text).toContain(inZoneA.individual_no);
    expect(text).toContain(outsideA.individual_no);
    expect(text).toMatch(/Zon\s+Hela inventeringen/);
  });

  it('an unknown zone or stocktake is refused', () => {
    expect(refusalOf('stocktake.countSheets', { id, zoneId: 'z9' })).toMatchObject({ code: 'unknown-zone' });
    expect(refusalOf('stocktake.countSheets', { id: 'nope', zoneId: null })).toMatchObject({ code: 'not-found' });
  });
});

describe('the variance report from the merged counts', () => {
  it.skipIf(!hasPoppler)('PDF: the missing individual, the duplicate, the difference in kronor, wrong place and unknown', () => {
    const doc = call<FileDocument>('stocktake.report', { id, format: 'pdf' });
    expect(doc).toMatchObject({ fileName: 'Differenslista Årsinventering 2026 2026-11-22.pdf', mimeType: 'application/pdf' });
    const text = pdfText(fileOf(doc));
    const [first, , third] = tracked.individuals as [Individual, Individual, Individual];
    expect(text).toMatch(new RegExp(`Saknas\\s+Individnr ${third.individual_no}`));
    expect(text).toMatch(new RegExp(`Hittad, skannad 2 gånger\\s+Individnr ${first.individual_no}`));
    const kr = (ore: number) => new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2 }).format(ore / 100).replace(/\s/g, ' ');
    expect(text).toMatch(new RegExp(`${plain.article_no}\\s+.*\\s+${plain.on_hand}\\s+${plain.on_hand + 2}\\s+\\+2\\s+${kr(plain.price_ore)} kr\\s+\\+${kr(2 * plain.price_ore)} kr`));
    expect(text).toContain('Fel plats: hittade här');
    expect(text).toMatch(new RegExp(`${elsewhere}\\s+\\d+`));
    expect(text).toMatch(/899999\s+1\s+2026-11-22 11:00/);
    expect(text).toMatch(/SUMMERING/);
  });

  it('Excel: the counted line with numbers and kronor; the individuals and the unknown number', async () => {
    const doc = call<FileDocument>('stocktake.report', { id, format: 'xlsx' });
    expect(doc.fileName).toBe('Differenslista Årsinventering 2026 2026-11-22.xlsx');
    expect(doc.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await readWorkbook(fileOf(doc));
    const sheet = wb.getWorksheet('Differenser')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const at = (sheet.getColumn(1).values as unknown[]).indexOf(plain.article_no);
    const row = at > 1 ? sheet.getRow(at) : undefined;
    expect(row).toBeDefined();
    expect(row!.getCell(col('Förväntat')).value).toBe(plain.on_hand);
    expect(row!.getCell(col('Räknat')).value).toBe(plain.on_hand + 2);
    expect(row!.getCell(col('Differens')).value).toBe(2);
    expect(row!.getCell(col('Värde differens')).value).toBe((2 * plain.price_ore) / 100);
    expect(row!.getCell(col('Värde differens')).numFmt).toBe(KRONOR_FORMAT);
    expect(sheet.rowCount).toBe(call<{ totals: { lines: number } }>('stocktake.get', { id }).totals.lines + 1);

    const individuals = wb.getWorksheet('Individer')!;
    const outcome = new Map<string, unknown>();
    individuals.eachRow((r) => outcome.set(String(r.getCell(1).value), r.getCell(5).value));
    expect(outcome.get(tracked.individuals[2]!.individual_no)).toBe('Saknas');
    expect(outcome.get(tracked.individuals[0]!.individual_no)).toBe('Hittad');
    expect(outcome.get(elsewhere)).toBe('Fel plats');
    expect(wb.getWorksheet('Okända')!.getRow(2).getCell(1).value).toBe('899999');
  });

  it('CSV: BOM, semicolons, CRLF, the value with a decimal comma', () => {
    const doc = call<FileDocument>('stocktake.report', { id, format: 'csv' });
    expect(doc).toMatchObject({ fileName: 'Differenslista Årsinventering 2026 2026-11-22.csv', mimeType: 'text/csv; charset=utf-8' });
    const bytes = fileOf(doc);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]!.split(';')).toHaveLength(13);
    const line = lines.find((l) => l.startsWith(`${plain.article_no};`))!;
    const value = `${Math.floor((2 * plain.price_ore) / 100)},${String((2 * plain.price_ore) % 100).padStart(2, '0')}`;
    expect(line).toContain(`;${plain.on_hand};${plain.on_hand + 2};2;`);
    expect(line).toContain(`;${value};`);
  });
});

describe('after approval, and a blind stocktake', () => {
  let blindId: string;
  beforeAll(() => {
    clock += 3_600_000;
    const check = call<{ digest: string; blocked: string | null }>('stocktake.approvalCheck', { id });
    expect(check.blocked).toBeNull();
    call('stocktake.approve', { id, uncounted: 'keep', digest: check.digest });
    blindId = call<{ id: string }>('stocktake.create', { name: 'Blind kontroll', scope: { isoCodes: [], articleTypes: [], locations: [] }, zones: [], blind: true }).id;
  });

  it.skipIf(!hasPoppler)('the approved stocktake’s report says who approved it, and reads as it stood then', () => {
    const text = pdfText(fileOf(call<FileDocument>('stocktake.report', { id, format: 'pdf' })));
    expect(text).toMatch(/godkänd 2026-11-22 av Lena Tekniker/);
    expect(text).toMatch(/Utskriven\s+2026-11-22 12:00/);
    expect(text).not.toContain('preliminär');
    expect(text).toMatch(new RegExp(`Saknas\\s+Individnr ${tracked.individuals[2]!.individual_no}`));
  });

  it.skipIf(!hasPoppler)('blind count sheets: the articles by shelf, no expected quantity, no individual number', () => {
    const text = pdfText(pdfOf(call<PdfDocument>('stocktake.countSheets', { id: blindId, zoneId: null })));
    expect(text).toContain('Blindinventering');
    expect(text).not.toContain('Förväntat');
    expect(text).not.toContain(inZoneA.individual_no);
    expect(text).not.toContain(outsideA.individual_no);
    expect(text).toContain(tracked.article_no);
    expect(text).toContain(inZoneA.location!);
    expect(text).toMatch(/Individnr\s+Serienr\s+Anteckning/);
    expect(text).toContain('Räknat antal');
  });

  it('a blind stocktake’s report shows expected values: only a store admin gets it before approval', () => {
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    try {
      for (const format of ['pdf', 'xlsx', 'csv']) {
        expect(refusalOf('stocktake.report', { id: blindId, format })).toMatchObject({ code: 'forbidden', message: expect.stringContaining('bara lageradministratörer') });
      }
      // The approved (open) stocktake's report is anyone's.
      expect(call<FileDocument>('stocktake.report', { id, format: 'csv' }).fileName).toMatch(/\.csv$/);
    } finally {
      call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    }
    expect(call<FileDocument>('stocktake.report', { id: blindId, format: 'csv' }).fileName).toBe('Differenslista Blind kontroll 2026-11-22.csv');
  });
});
