import type { ArticleType, IndividualStatus } from '../model';
import { MAX_COUNT_QUANTITY } from './mutations';
import { articleInScope, individualInScope, type StocktakeScope } from './scope';
import { HELD_STATUSES } from './facts';

/**
 * The rules of a count import (a first count done on paper, typed into a spreadsheet): a CSV's
 * rows, already split into cells, checked one by one against the catalogue, the store and the
 * stocktake's scope. Either every row is right and each becomes one count event, or nothing is
 * imported and each wrong row says why, by its row number in the file (the header is row 1, as a
 * spreadsheet numbers it).
 */

export const IMPORT_MAX_ROWS = 20_000;
/** Errors listed before the rest are summed up in one line. */
export const IMPORT_MAX_ERRORS = 500;

export const IMPORT_FORMAT_HELP =
  'Filen ska ha en rubrikrad och en räkning per rad, med semikolon eller komma mellan kolumnerna: ' +
  'artikelnr och antal för artiklar utan individnummer, individnr för individer (en rad per individ). ' +
  'Exempel: "artikelnr;antal" följt av "40025;12", eller "individnr" följt av "100007".';

const normalize = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .toLocaleLowerCase('sv-SE')
    .replace(/[\s.\-_:]+/g, '');

/** The columns read, by their Swedish names (case, spaces, dots and dashes do not matter). */
const COLUMN_NAMES = {
  articleNo: ['artikelnr', 'artikelnummer', 'artnr', 'artikel'],
  quantity: ['antal', 'räknat', 'räknatantal', 'kvantitet'],
  individualNo: ['individnr', 'individnummer', 'individ'],
} as const;
type ColumnKey = keyof typeof COLUMN_NAMES;

/** Columns a count sheet or an export may carry beside them: read past. */
const IGNORED = new Set(['benämning', 'namn', 'enhet', 'hyllplats', 'serienr', 'serienummer', 'iso', 'isoklass', 'kommentar', 'anteckning', 'förväntat', 'zon']);

export interface ImportArticle {
  id: string;
  articleNo: string;
  articleType: ArticleType;
  isoCode: string;
  trackedIndividually: boolean;
}

export interface ImportIndividual {
  id: string;
  individualNo: string;
  storeId: string | null;
  status: IndividualStatus;
  location: string | null;
  article: ImportArticle;
}

export interface ImportLookups {
  /** An article by its article number (or a GTIN linked to it). */
  article(code: string): ImportArticle | null;
  individual(individualNo: string): ImportIndividual | null;
}

export interface ImportContext {
  ownStoreId: string;
  /** The stocktake's scope and those of the stocktakes joined into it. */
  scopes: readonly StocktakeScope[];
  scopeText: string;
}

export type ImportCount =
  | { row: number; kind: 'add'; articleId: string; quantity: number }
  | { row: number; kind: 'scan'; articleId: string; individualId: string; code: string };

export interface ImportError {
  row: number;
  /** Swedish, without the row number (the row is beside it). */
  message: string;
}

export interface ImportCheck {
  /** Rows with something on them (the header and empty rows not counted). */
  rows: number;
  counts: ImportCount[];
  errors: ImportError[];
}

/** A typed quantity: a whole number 0–100 000; "1 000" and "2,0" are read, "2,5", "-1" and "tio" are not. */
export function parseImportQuantity(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const shown = text.trim();
  const s = shown.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: false, message: 'Antal saknas.' };
  const whole = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!whole) return { ok: false, message: `Antalet ”${shown}” är inte ett tal. Skriv ett heltal, till exempel 12.` };
  if (whole[3] !== undefined && /[^0]/.test(whole[3])) return { ok: false, message: `Antalet ”${shown}” är inte ett heltal: räkna hela enheter, decimaltal går inte.` };
  const value = Number(whole[2]);
  if (whole[1] === '-' && value !== 0) return { ok: false, message: `Antalet ”${shown}” är negativt. Skriv det antal som finns, 0 eller mer.` };
  if (!Number.isSafeInteger(value) || value > MAX_COUNT_QUANTITY) {
    return { ok: false, message: `Antalet ”${shown}” är för stort: högst ${MAX_COUNT_QUANTITY.toLocaleString('sv-SE')} per rad.` };
  }
  return { ok: true, value };
}

const INDIVIDUAL_NO = /^[0-9A-Za-z-]{1,30}$/;

type Header = { ok: true; columns: Partial<Record<ColumnKey, number>>; width: number } | { ok: false; message: string };

function readHeader(cells: readonly string[]): Header {
  const columns: Partial<Record<ColumnKey, number>> = {};
  const unknown: string[] = [];
  for (const [i, raw] of cells.entries()) {
    const name = normalize(raw);
    if (name === '') continue;
    const key = (Object.keys(COLUMN_NAMES) as ColumnKey[]).find((k) => (COLUMN_NAMES[k] as readonly string[]).includes(name));
    if (key) {
      if (columns[key] !== undefined) return { ok: false, message: `Kolumnen ”${raw.trim()}” finns två gånger i rubrikraden. ${IMPORT_FORMAT_HELP}` };
      columns[key] = i;
    } else if (!IGNORED.has(name)) unknown.push(`”${raw.trim().slice(0, 40)}”`);
  }
  if (unknown.length > 0) {
    return { ok: false, message: `Okänd kolumn ${unknown.slice(0, 5).join(', ')} i rubrikraden. ${IMPORT_FORMAT_HELP}` };
  }
  if (columns.individualNo === undefined && (columns.articleNo === undefined || columns.quantity === undefined)) {
    const missing = columns.articleNo === undefined && columns.quantity === undefined ? 'artikelnr och antal (eller individnr)' : columns.articleNo === undefined ? 'artikelnr' : 'antal';
    return { ok: false, message: `Rubrikraden saknar kolumnen ${missing}. ${IMPORT_FORMAT_HELP}` };
  }
  return { ok: true, columns, width: cells.length };
}

/**
 * Checks a parsed CSV (the header row first) row by row. Empty rows are skipped; a file of more
 * than IMPORT_MAX_ROWS rows is refused whole.
 */
export function checkImportRows(table: readonly (readonly string[])[], lookups: ImportLookups, context: ImportContext): ImportCheck {
  const headerAt = table.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) return { rows: 0, counts: [], errors: [{ row: 1, message: `Filen är tom. ${IMPORT_FORMAT_HELP}` }] };
  const header = readHeader(table[headerAt]!);
  if (!header.ok) return { rows: 0, counts: [], errors: [{ row: headerAt + 1, message: header.message }] };
  const col = header.columns;

  const data: { row: number; cells: readonly string[] }[] = [];
  for (let i = headerAt + 1; i < table.length; i++) {
    if (table[i]!.some((c) => c.trim() !== '')) data.push({ row: i + 1, cells: table[i]! });
  }
  if (data.length === 0) return { rows: 0, counts: [], errors: [{ row: headerAt + 2, message: `Filen har inga rader med räkningar under rubrikraden. ${IMPORT_FORMAT_HELP}` }] };
  if (data.length > IMPORT_MAX_ROWS) {
    return {
      rows: data.length,
      counts: [],
      errors: [{ row: data[IMPORT_MAX_ROWS]!.row, message: `Filen har ${data.length.toLocaleString('sv-SE')} rader; högst ${IMPORT_MAX_ROWS.toLocaleString('sv-SE')} kan läsas in åt gången. Dela upp filen.` }],
    };
  }

  const counts: ImportCount[] = [];
  const errors: ImportError[] = [];
  const seenIndividual = new Map<string, number>();
  const inScope = (a: ImportArticle) => context.scopes.some((s) => articleInScope(s, a));
  const cell = (cells: readonly string[], key: ColumnKey) => (col[key] === undefined ? '' : (cells[col[key]] ?? '').trim());

  for (const { row, cells } of data) {
    const fail = (message: string) => errors.push({ row, message });
    if (cells.length > header.width && cells.slice(header.width).some((c) => c.trim() !== '')) {
      fail(`Raden har ${cells.length} fält men rubrikraden ${header.width}. Kontrollera avgränsaren (semikolon eller komma) och citattecknen.`);
      continue;
    }
    const individualNo = cell(cells, 'individualNo');
    const articleNo = cell(cells, 'articleNo');
    const quantity = cell(cells, 'quantity');

    if (individualNo !== '') {
      if (!INDIVIDUAL_NO.test(individualNo)) {
        fail(`Individnumret ”${individualNo.slice(0, 40)}” är ogiltigt: bara siffror, bokstäver och bindestreck, högst 30 tecken.`);
        continue;
      }
      const ind = lookups.individual(individualNo);
      if (!ind) {
        fail(`Individnummer ${individualNo} finns inte. Kontrollera numret, eller registrera individen och skanna den.`);
        continue;
      }
      if (articleNo !== '' && articleNo !== ind.article.articleNo) {
        fail(`Individ ${individualNo} hör till artikel ${ind.article.articleNo}, inte ${articleNo.slice(0, 30)}.`);
        continue;
      }
      if (quantity !== '' && quantity !== '1') {
        fail(`Individ ${individualNo} har antal ”${quantity.slice(0, 20)}”: en individ räknas en gång. Lämna antal tomt eller skriv 1.`);
        continue;
      }
      const earlier = seenIndividual.get(ind.id);
      if (earlier !== undefined) {
        fail(`Individ ${individualNo} står redan på rad ${earlier}. Ta bort den ena raden.`);
        continue;
      }
      const own = ind.storeId === context.ownStoreId && HELD_STATUSES.includes(ind.status);
      if (own && !context.scopes.some((s) => individualInScope(s, ind.article, ind.location))) {
        fail(`Individ ${individualNo} (artikel ${ind.article.articleNo}${ind.location ? `, ${ind.location}` : ''}) ingår inte i inventeringen (${context.scopeText}). Ta bort raden, eller skanna individen och bekräfta.`);
        continue;
      }
      seenIndividual.set(ind.id, row);
      counts.push({ row, kind: 'scan', articleId: ind.article.id, individualId: ind.id, code: ind.individualNo });
      continue;
    }

    if (articleNo === '') {
      fail(col.individualNo === undefined ? 'Artikelnummer saknas.' : 'Ange artikelnr och antal, eller individnr.');
      continue;
    }
    const a = lookups.article(articleNo);
    if (!a) {
      fail(`Artikel ${articleNo.slice(0, 30)} finns inte i sortimentet.`);
      continue;
    }
    if (a.articleType === 'service') {
      fail(`Artikel ${a.articleNo} är en tjänst och inventeras inte.`);
      continue;
    }
    if (a.trackedIndividually) {
      fail(`Artikel ${a.articleNo} är individmärkt: ange individnumren i kolumnen individnr, en rad per individ, i stället för ett antal.`);
      continue;
    }
    if (!inScope(a)) {
      fail(`Artikel ${a.articleNo} ingår inte i inventeringen (${context.scopeText}). Ta bort raden, eller skanna artikeln och bekräfta.`);
      continue;
    }
    if (col.quantity === undefined) {
      fail(`Artikel ${a.articleNo}: kolumnen antal saknas i rubrikraden.`);
      continue;
    }
    const q = parseImportQuantity(quantity);
    if (!q.ok) {
      fail(q.message);
      continue;
    }
    counts.push({ row, kind: 'add', articleId: a.id, quantity: q.value });
  }

  if (errors.length > IMPORT_MAX_ERRORS) {
    const rest = errors.length - IMPORT_MAX_ERRORS;
    const next = errors[IMPORT_MAX_ERRORS]!.row;
    errors.length = IMPORT_MAX_ERRORS;
    errors.push({ row: next, message: `… och ${rest.toLocaleString('sv-SE')} rader till har fel. Rätta de första och läs in filen igen.` });
  }
  return { rows: data.length, counts: errors.length > 0 ? [] : counts, errors };
}
