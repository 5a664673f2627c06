import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult, LinesPage } from '../../../shared/api/stocktake';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';
import { csvSeparator, parseCsv } from './import';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/**
 * Counts from a CSV file (a first count done on paper) into a real replica: checked row by row,
 * written as count events in one transaction only when every row is right, never on a dry run.
 */

let t: TempBackend;
let clock = Date.parse('2026-11-22T10:00:00Z');
const call = <T>(name: string, args: unknown): T => {
  const r = dispatch(t.backend, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
};
const importCsv = (csv: string, dryRun: boolean, extra: object = {}) => call<ImportResult>('stocktake.importCounts', { id, csv, dryRun, ...extra });

let id: string;
let plain: { id: string; article_no: string; on_hand: number }[];
let tracked: { article_no: string; individual_no: string; article_id: string };
const written = () => {
  const db = t.backend.context.db;
  return {
    counts: (db.prepare('SELECT count(*) AS n FROM stocktake_count').get() as { n: number }).n,
    outbox: (db.prepare("SELECT count(*) AS n FROM outbox WHERE name = 'stocktake.count'").get() as { n: number }).n,
  };
};
const line = (a: { id: string; article_no: string }) => call<LinesPage>('stocktake.lines', { id, filter: 'all', text: a.article_no, offset: 0, limit: 500 }).lines.find((l) => l.articleId === a.id);

beforeAll(() => {
  t = tempBackend({ now: () => new Date(clock) });
  const db = t.backend.context.db;
  call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  id = call<{ id: string }>('stocktake.create', { name: 'Pappersräkning', scope: { isoCodes: [], articleTypes: [], locations: [] }, zones: [{ name: 'Förråd', locations: [] }], blind: false }).id;
  plain = db
    .prepare<[], { id: string; article_no: string; on_hand: number }>(
      `SELECT a.id, a.article_no, b.on_hand FROM stock_balance b JOIN article a ON a.id = b.article_id
       WHERE b.store_id = '50301' AND a.tracked_individually = 0 AND a.article_type <> 'service' AND b.on_hand > 2 ORDER BY a.article_no LIMIT 3`,
    )
    .all();
  tracked = db
    .prepare<[], typeof tracked>(
      `SELECT a.article_no, i.individual_no, a.id AS article_id FROM individual i JOIN article a ON a.id = i.article_id
       WHERE i.store_id = '50301' AND i.status = 'inStore' ORDER BY i.individual_no LIMIT 1`,
    )
    .get()!;
});
afterAll(() => t.cleanup());

describe('reading the CSV', () => {
  it('semicolons (Swedish Excel), commas or tabs: the first found outside quotes on the first line', () => {
    expect(csvSeparator('artikelnr;antal\r\n1,5;2')).toBe(';');
    expect(csvSeparator('"artikel;nr",antal\n')).toBe(',');
    expect(csvSeparator('artikelnr\tantal\n')).toBe('\t');
    expect(csvSeparator('individnr\n100007')).toBe(';');
  });

  it('quotes, doubled quotes and a byte-order mark', () => {
    expect(parseCsv('\uFEFFartikelnr;antal;anteckning\r\n40025;3;"hylla ""B"";\r\nbakre"\r\n')).toEqual({
      ok: true,
      rows: [
        ['artikelnr', 'antal', 'anteckning'],
        ['40025', '3', 'hylla "B";\r\nbakre'],
      ],
    });
  });
});

describe('importing counts', () => {
  beforeEach(() => {
    clock += 60_000;
  });

  it('a dry run checks every row and writes nothing', () => {
    const before = written();
    const csv = `\uFEFFArtikelnr;Antal;Individnr\r\n${plain[0]!.article_no};${plain[0]!.on_hand};\r\n${plain[1]!.article_no};1 000;\r\n;;${tracked.individual_no}\r\n;;\r\n`;
    expect(importCsv(csv, true)).toEqual({ rows: 3, imported: 0, errors: [] });
    expect(written()).toEqual(before);
  });

  it('a good file: one count event per row in one go, source "import", the zone given; the lines count them', () => {
    const before = written();
    const csv = `artikelnr,antal,individnr\n${plain[0]!.article_no},${plain[0]!.on_hand},\n${plain[1]!.article_no},"2,0",\n,,${tracked.individual_no}\n`;
    expect(importCsv(csv, false, { zoneId: 'z1' })).toEqual({ rows: 3, imported: 3, errors: [] });
    expect(written()).toEqual({ counts: before.counts + 3, outbox: before.outbox + 3 });
    const rows = t.backend.context.db
      .prepare<[string], { kind: string; article_id: string; individual_id: string | null; code: string | null; quantity: number; source: string; zone_id: string | null; user_id: string }>(
        'SELECT kind, article_id, individual_id, code, quantity, source, zone_id, user_id FROM stocktake_count WHERE stocktake_id = ? ORDER BY rowid',
      )
      .all(id);
    expect(rows.slice(-3)).toEqual([
      { kind: 'add', article_id: plain[0]!.id, individual_id: null, code: null, quantity: plain[0]!.on_hand, source: 'import', zone_id: 'z1', user_id: 'U1' },
      { kind: 'add', article_id: plain[1]!.id, individual_id: null, code: null, quantity: 2, source: 'import', zone_id: 'z1', user_id: 'U1' },
      { kind: 'scan', article_id: tracked.article_id, individual_id: expect.any(String), code: tracked.individual_no, quantity: 1, source: 'import', zone_id: 'z1', user_id: 'U1' },
    ]);
    expect(line(plain[0]!)).toMatchObject({ counted: true, quantity: plain[0]!.on_hand, difference: 0 });
    expect(line(plain[1]!)).toMatchObject({ counted: true, quantity: 2 });
    expect(line({ id: tracked.article_id, article_no: tracked.article_no })!.individuals.find((i) => i.individualNo === tracked.individual_no)).toMatchObject({ outcome: 'found' });
    // A second paper count of the same article adds up, as counts do.
    expect(importCsv(`artikelnr;antal\r\n${plain[1]!.article_no};3\r\n`, false).imported).toBe(1);
    expect(line(plain[1]!)).toMatchObject({ quantity: 5 });
  });

  it.each([
    ['wrong columns', 'vara;mängd\r\n40025;2\r\n', 1, /^Okänd kolumn ”vara”, ”mängd” i rubrikraden\. Filen ska ha en rubrikrad/],
    ['an unknown article', 'artikelnr;antal\r\n{plain0};2\r\n0000000;1\r\n', 3, /^Artikel 0000000 finns inte i sortimentet\.$/],
    ['a decimal comma', 'artikelnr;antal\r\n{plain0};2,5\r\n', 2, /^Antalet ”2,5” är inte ett heltal/],
    ['a negative quantity', 'artikelnr;antal\r\n{plain0};-4\r\n', 2, /^Antalet ”-4” är negativt/],
    ['a huge quantity', 'artikelnr;antal\r\n{plain0};123456789\r\n', 2, /^Antalet ”123456789” är för stort/],
    ['a quantity that is no number', 'artikelnr;antal\r\n{plain0};många\r\n', 2, /^Antalet ”många” är inte ett tal/],
    ['a tracked article with a quantity', 'artikelnr;antal\r\n{tracked};2\r\n', 2, /^Artikel {tracked} är individmärkt: ange individnumren/],
    ['an unknown individual number', 'individnr\r\n999999999\r\n', 2, /^Individnummer 999999999 finns inte/],
    ['an unfinished quote', 'artikelnr;antal\r\n"{plain0};2\r\n', 0, /^Filen kunde inte läsas som CSV/],
  ])('%s: the row says why, and nothing is written', (_, template, row, message) => {
    const csv = template.replace(/\{plain0\}/g, plain[0]!.article_no).replace(/\{tracked\}/g, tracked.article_no);
    const before = written();
    for (const dryRun of [true, false]) {
      const r = importCsv(csv, dryRun);
      expect(r.imported).toBe(0);
      const m = new RegExp(message.source.replace(/\{tracked\}/g, tracked.article_no));
      expect(r.errors.find((e) => e.row === row && m.test(e.message)), JSON.stringify(r.errors)).toBeDefined();
    }
    expect(written()).toEqual(before);
  });

  it('an unknown zone or stocktake is refused before any row is read', () => {
    expect(dispatch(t.backend, 'stocktake.importCounts', { id, csv: 'artikelnr;antal\r\n', dryRun: true, zoneId: 'z9' })).toMatchObject({ ok: false, error: { code: 'unknown-zone' } });
    expect(dispatch(t.backend, 'stocktake.importCounts', { id: 'nope', csv: 'artikelnr;antal\r\n', dryRun: true })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('an approved stocktake takes no counts', () => {
    clock += 3_600_000;
    const check = call<{ digest: string }>('stocktake.approvalCheck', { id });
    call('stocktake.approve', { id, uncounted: 'keep', digest: check.digest });
    const before = written();
    const r = dispatch(t.backend, 'stocktake.importCounts', { id, csv: `artikelnr;antal\r\n${plain[2]!.article_no};1\r\n`, dryRun: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'stocktake-approved', message: expect.stringContaining('Inget har lästs in') } });
    expect(written()).toEqual(before);
  });
});
