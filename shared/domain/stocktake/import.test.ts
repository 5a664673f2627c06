import { describe, expect, it } from 'vitest';
import { checkImportRows, IMPORT_FORMAT_HELP, IMPORT_MAX_ERRORS, IMPORT_MAX_ROWS, parseImportQuantity, type ImportArticle, type ImportIndividual } from './import';
import { WHOLE_STORE, type StocktakeScope } from './scope';

const articles: ImportArticle[] = [
  { id: 'A1', articleNo: '40025', articleType: 'accessory', isoCode: '242103', trackedIndividually: false },
  { id: 'A2', articleNo: '14540', articleType: 'mainAid', isoCode: '120606', trackedIndividually: true },
  { id: 'A3', articleNo: '90001', articleType: 'service', isoCode: '000000', trackedIndividually: false },
  { id: 'A4', articleNo: '70004', articleType: 'consumable', isoCode: '093306', trackedIndividually: false },
];
const individuals: ImportIndividual[] = [
  { id: 'I1', individualNo: '100007', storeId: '50301', status: 'inStore', location: 'Hylla A1', article: articles[1]! },
  { id: 'I2', individualNo: '100021', storeId: '50301', status: 'reserved', location: 'Hylla B2', article: articles[1]! },
  { id: 'I3', individualNo: '100230', storeId: '50302', status: 'inStore', location: null, article: articles[1]! },
];
const lookups = {
  article: (code: string) => articles.find((a) => a.articleNo === code) ?? null,
  individual: (no: string) => individuals.find((i) => i.individualNo === no) ?? null,
};
const context = (scopes: StocktakeScope[] = [WHOLE_STORE]) => ({ ownStoreId: '50301', scopes, scopeText: 'hela lagret' });
const check = (rows: string[][], scopes?: StocktakeScope[]) => checkImportRows(rows, lookups, context(scopes));
const errorsOf = (rows: string[][], scopes?: StocktakeScope[]) => check(rows, scopes).errors;

describe('a count import: the header', () => {
  it('reads Swedish column names whatever their case, spaces and a byte-order mark; other columns of a count sheet are read past', () => {
    const r = check([
      ['\uFEFFArtikel nr', ' ANTAL ', 'Benämning', 'Individnr'],
      ['40025', '12', 'Griptång', ''],
      ['', '', 'Rollator', '100007'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(2);
    expect(r.counts).toEqual([
      { row: 2, kind: 'add', articleId: 'A1', quantity: 12 },
      { row: 3, kind: 'scan', articleId: 'A2', individualId: 'I1', code: '100007' },
    ]);
  });

  it('an unknown column names itself and says what the file should look like', () => {
    expect(errorsOf([['artikelnr', 'mängd'], ['40025', '2']])).toEqual([{ row: 1, message: `Okänd kolumn ”mängd” i rubrikraden. ${IMPORT_FORMAT_HELP}` }]);
  });

  it('a missing column', () => {
    expect(errorsOf([['artikelnr'], ['40025']])[0]!.message).toMatch(/^Rubrikraden saknar kolumnen antal\. /);
    expect(errorsOf([['antal'], ['2']])[0]!.message).toMatch(/^Rubrikraden saknar kolumnen artikelnr\. /);
    expect(errorsOf([['benämning'], ['Griptång']])[0]!.message).toMatch(/^Rubrikraden saknar kolumnen artikelnr och antal \(eller individnr\)\. /);
  });

  it('a column twice', () => {
    expect(errorsOf([['artikelnr', 'antal', 'Antal'], ['40025', '1', '2']])[0]).toEqual({ row: 1, message: `Kolumnen ”Antal” finns två gånger i rubrikraden. ${IMPORT_FORMAT_HELP}` });
  });

  it('an empty file, and a header without rows', () => {
    expect(errorsOf([])).toEqual([{ row: 1, message: `Filen är tom. ${IMPORT_FORMAT_HELP}` }]);
    expect(errorsOf([[''], ['', '']])).toEqual([{ row: 1, message: `Filen är tom. ${IMPORT_FORMAT_HELP}` }]);
    expect(errorsOf([['artikelnr', 'antal'], ['', '']])).toEqual([{ row: 2, message: `Filen har inga rader med räkningar under rubrikraden. ${IMPORT_FORMAT_HELP}` }]);
  });
});

describe('a count import: row by row', () => {
  const header = ['artikelnr', 'antal', 'individnr'];

  it('empty rows are skipped; row numbers are the file’s (header = 1)', () => {
    const r = check([header, ['40025', '3', ''], ['', '', ''], [' ', '', ''], ['70004', '0', '']]);
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(2);
    expect(r.counts.map((c) => c.row)).toEqual([2, 5]);
  });

  it('each wrong row says why; nothing is counted when one is wrong', () => {
    const r = check([
      header,
      ['40025', '3', ''],
      ['99999', '1', ''],
      ['90001', '1', ''],
      ['14540', '2', ''],
      ['40025', '-3', ''],
      ['40025', '2,5', ''],
      ['40025', 'tio', ''],
      ['40025', '1000000', ''],
      ['40025', '', ''],
      ['', '', '999999'],
      ['', '2', '100007'],
      ['', '', '100021'],
      ['', '', '100021'],
      ['40025', '', '100007'],
      ['', '', 'ÅÄÖ!'],
      ['40025', '1', '', 'extra'],
      ['', '5', ''],
    ]);
    expect(r.counts).toEqual([]);
    expect(r.rows).toBe(17);
    expect(r.errors).toEqual([
      { row: 3, message: 'Artikel 99999 finns inte i sortimentet.' },
      { row: 4, message: 'Artikel 90001 är en tjänst och inventeras inte.' },
      { row: 5, message: 'Artikel 14540 är individmärkt: ange individnumren i kolumnen individnr, en rad per individ, i stället för ett antal.' },
      { row: 6, message: 'Antalet ”-3” är negativt. Skriv det antal som finns, 0 eller mer.' },
      { row: 7, message: 'Antalet ”2,5” är inte ett heltal: räkna hela enheter, decimaltal går inte.' },
      { row: 8, message: 'Antalet ”tio” är inte ett tal. Skriv ett heltal, till exempel 12.' },
      { row: 9, message: 'Antalet ”1000000” är för stort: högst 100\u00a0000 per rad.' },
      { row: 10, message: 'Antal saknas.' },
      { row: 11, message: 'Individnummer 999999 finns inte. Kontrollera numret, eller registrera individen och skanna den.' },
      { row: 12, message: 'Individ 100007 har antal ”2”: en individ räknas en gång. Lämna antal tomt eller skriv 1.' },
      { row: 14, message: 'Individ 100021 står redan på rad 13. Ta bort den ena raden.' },
      { row: 15, message: 'Individ 100007 hör till artikel 14540, inte 40025.' },
      { row: 16, message: 'Individnumret ”ÅÄÖ!” är ogiltigt: bara siffror, bokstäver och bindestreck, högst 30 tecken.' },
      { row: 17, message: 'Raden har 4 fält men rubrikraden 3. Kontrollera avgränsaren (semikolon eller komma) och citattecknen.' },
      { row: 18, message: 'Ange artikelnr och antal, eller individnr.' },
    ]);
  });

  it('outside the scope: asked of a person when scanning, refused on import', () => {
    const iso12: StocktakeScope = { isoCodes: ['12'], articleTypes: [], locations: [] };
    expect(errorsOf([header, ['40025', '2', '']], [iso12])).toEqual([
      { row: 2, message: 'Artikel 40025 ingår inte i inventeringen (hela lagret). Ta bort raden, eller skanna artikeln och bekräfta.' },
    ]);
    const shelfA: StocktakeScope = { isoCodes: [], articleTypes: [], locations: ['Hylla A'] };
    expect(errorsOf([header, ['', '', '100021']], [shelfA])[0]!.message).toMatch(/^Individ 100021 \(artikel 14540, Hylla B2\) ingår inte i inventeringen/);
    expect(errorsOf([header, ['', '', '100007']], [shelfA])).toEqual([]);
  });

  it('an individual the system places elsewhere is counted (it shows as wrong place), its article given or not', () => {
    expect(check([header, ['14540', '1', '100230']]).counts).toEqual([{ row: 2, kind: 'scan', articleId: 'A2', individualId: 'I3', code: '100230' }]);
  });

  it(`more than ${IMPORT_MAX_ROWS.toLocaleString('sv-SE')} rows: refused whole, naming the first row too many`, () => {
    const rows = [['artikelnr', 'antal'], ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, () => ['40025', '1'])];
    expect(check(rows)).toEqual({ rows: IMPORT_MAX_ROWS + 1, counts: [], errors: [{ row: IMPORT_MAX_ROWS + 2, message: 'Filen har 20\u00a0001 rader; högst 20\u00a0000 kan läsas in åt gången. Dela upp filen.' }] });
    expect(check(rows.slice(0, IMPORT_MAX_ROWS + 1)).counts).toHaveLength(IMPORT_MAX_ROWS);
  });

  it(`at most ${IMPORT_MAX_ERRORS} errors, the rest summed up`, () => {
    const rows = [['artikelnr', 'antal'], ...Array.from({ length: 700 }, () => ['40025', 'x'])];
    const errors = check(rows).errors;
    expect(errors).toHaveLength(IMPORT_MAX_ERRORS + 1);
    expect(errors[IMPORT_MAX_ERRORS]).toEqual({ row: IMPORT_MAX_ERRORS + 2, message: '… och 200 rader till har fel. Rätta de första och läs in filen igen.' });
  });
});

describe('a typed quantity', () => {
  it.each([
    ['12', 12],
    [' 0 ', 0],
    ['1 000', 1000],
    ['2,0', 2],
    ['3.00', 3],
    ['+4', 4],
    ['-0', 0],
    ['100000', 100_000],
  ])('%j is %d', (text, value) => expect(parseImportQuantity(text)).toEqual({ ok: true, value }));

  it.each(['2,5', '0.1', '-1', 'tio', '1e3', '0x10', '100001', '99999999999999999999', '', '1,2,3'])('%j is refused', (text) => expect(parseImportQuantity(text).ok).toBe(false));
});
