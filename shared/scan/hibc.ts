/**
 * HIBC Supplier Labeling (ANSI/HIBC 2.x): primary data (LIC, product/catalogue number, unit of
 * measure), secondary data (quantity, expiry, lot or serial) and supplemental data identifiers
 * (/S serial, /14D expiry, /16D production date, /Q quantity), with the mod-43 check character.
 *
 * Forms accepted:
 * - one symbol (2D or a long Code 128/39): `+LIC PCN U / secondary / supplemental… C`, one check
 *   character over everything before it;
 * - a primary line alone: `+LIC PCN U C`;
 * - two (or more) 1D lines read one after the other and concatenated: `+LIC PCN U C` then
 *   `+secondary L C`, where the link character L repeats the primary check character.
 */
import { daysInMonth, isLeapYear, isoDate } from '../identifiers';
import { err, ok, type Result } from '../result';
import { gs1Year, hasSymbologyPrefix } from './gs1';

export interface HibcData {
  /** Labeler Identification Code, 4 characters, first a letter. */
  lic: string;
  /** Labeler's product or catalogue number (PCN). */
  product: string;
  /** Unit of measure / packaging level, one digit. */
  unitOfMeasure: string;
  lot?: string;
  serial?: string;
  /** YYYY-MM-DD; a month-only date (MMYY) means the last day of that month. */
  expiry?: string;
  quantity?: number;
  /** YYYY-MM-DD, from a /16D supplemental field. */
  productionDate?: string;
}

export interface HibcOptions {
  today?: Date;
}

/** Value 0–42 of a character in the HIBC / Code 39 mod-43 table, or -1. */
export function mod43Value(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  switch (c) {
    case 45: // -
      return 36;
    case 46: // .
      return 37;
    case 32: // space
      return 38;
    case 36: // $
      return 39;
    case 47: // /
      return 40;
    case 43: // +
      return 41;
    case 37: // %
      return 42;
    default:
      return -1;
  }
}

const MOD43_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';

/** The mod-43 check character for `s[start, end)`. */
export function mod43CheckChar(s: string, start = 0, end = s.length): string {
  let sum = 0;
  for (let i = start; i < end; i++) sum += mod43Value(s.charCodeAt(i));
  return MOD43_CHARS.charAt(sum % 43);
}

function isUpperAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

function allUpperAlnum(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isUpperAlnum(s.charCodeAt(i))) return false;
  return true;
}

function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

type Failure = { code: string; message: string };
const fail = (code: string, message: string): Failure => ({ code, message });

// ---------------------------------------------------------------------------------------------
// Dates

function num(s: string, i: number, len: number): number {
  return Number(s.slice(i, i + len));
}

function dateFromYmd(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return isoDate(year, month, day);
}

function dateFromJulian(year: number, dayOfYear: number): string | null {
  const length = isLeapYear(year) ? 366 : 365;
  if (dayOfYear < 1 || dayOfYear > length) return null;
  let month = 1;
  let day = dayOfYear;
  while (day > daysInMonth(year, month)) {
    day -= daysInMonth(year, month);
    month++;
  }
  return isoDate(year, month, day);
}

/**
 * Expiry date field after `$$` (and after a quantity): a format digit 2–7 or, without one, MMYY.
 * Returns the date (or undefined for format 7) and the number of characters consumed.
 */
function parseDateField(s: string, today: Date): { date?: string; used: number } | Failure {
  const flag = s.charAt(0);
  const bad = (format: string): Failure =>
    fail('hibc.date', `Utgångsdatumet i HIBC-koden är ogiltigt (format ${format}): ${s.slice(0, 9)}.`);
  const digits = (from: number, len: number): boolean => allDigits(s.slice(from, from + len)) && s.length >= from + len;
  switch (flag) {
    case '2': {
      if (!digits(1, 6)) return bad('MMDDÅÅ');
      const d = dateFromYmd(gs1Year(num(s, 5, 2), today), num(s, 1, 2), num(s, 3, 2));
      return d === null ? bad('MMDDÅÅ') : { date: d, used: 7 };
    }
    case '3':
    case '4': {
      const len = flag === '3' ? 6 : 8;
      if (!digits(1, len)) return bad(flag === '3' ? 'ÅÅMMDD' : 'ÅÅMMDDTT');
      const d = dateFromYmd(gs1Year(num(s, 1, 2), today), num(s, 3, 2), num(s, 5, 2));
      if (d === null || (flag === '4' && num(s, 7, 2) > 23)) return bad(flag === '3' ? 'ÅÅMMDD' : 'ÅÅMMDDTT');
      return { date: d, used: 1 + len };
    }
    case '5':
    case '6': {
      const len = flag === '5' ? 5 : 7;
      if (!digits(1, len)) return bad(flag === '5' ? 'ÅÅDDD' : 'ÅÅDDDTT');
      const d = dateFromJulian(gs1Year(num(s, 1, 2), today), num(s, 3, 3));
      if (d === null || (flag === '6' && num(s, 6, 2) > 23)) return bad(flag === '5' ? 'ÅÅDDD' : 'ÅÅDDDTT');
      return { date: d, used: 1 + len };
    }
    case '7':
      return { used: 1 };
    default: {
      if (!digits(0, 4)) return bad('MMÅÅ');
      const year = gs1Year(num(s, 2, 2), today);
      const month = num(s, 0, 2);
      if (month < 1 || month > 12) return bad('MMÅÅ');
      return { date: isoDate(year, month, daysInMonth(year, month)), used: 4 };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Segments

interface Fields {
  lot?: string;
  serial?: string;
  expiry?: string;
  quantity?: number;
  productionDate?: string;
}

function setOnce<K extends keyof Fields>(fields: Fields, key: K, value: Fields[K], label: string): Failure | null {
  const prev = fields[key];
  if (prev !== undefined && prev !== value) {
    return fail('hibc.conflict', `HIBC-koden anger ${label} två gånger med olika värden (${String(prev)} och ${String(value)}).`);
  }
  fields[key] = value;
  return null;
}

function identifier(kind: 'lot' | 'serial', value: string): Failure | null {
  if (value.length > 18 || !allUpperAlnum(value)) {
    return fail('hibc.format', `${kind === 'lot' ? 'Batch-/lotnumret' : 'Serienumret'} i HIBC-koden är ogiltigt: "${value}".`);
  }
  return null;
}

/** Secondary data: `$…`, `$$…` or the old `YYJJJ…` form. */
function parseSecondary(seg: string, fields: Fields, today: Date): Failure | null {
  let rest: string;
  let serial = false;
  if (seg.startsWith('$$')) {
    rest = seg.slice(2);
    if (rest.startsWith('+')) {
      serial = true;
      rest = rest.slice(1);
    }
    const q = rest.charAt(0);
    if (q === '8' || q === '9') {
      const len = q === '8' ? 2 : 5;
      const digits = rest.slice(1, 1 + len);
      if (digits.length !== len || !allDigits(digits)) {
        return fail('hibc.quantity', 'Antalet i HIBC-koden är ogiltigt.');
      }
      const f = setOnce(fields, 'quantity', Number(digits), 'antal');
      if (f) return f;
      rest = rest.slice(1 + len);
    }
    const date = parseDateField(rest, today);
    if ('code' in date) return date;
    if (date.date !== undefined) {
      const f = setOnce(fields, 'expiry', date.date, 'utgångsdatum');
      if (f) return f;
    }
    rest = rest.slice(date.used);
  } else if (seg.startsWith('$')) {
    rest = seg.slice(1);
    if (rest.startsWith('+')) {
      serial = true;
      rest = rest.slice(1);
    }
  } else {
    // Original secondary format: Julian expiry YYJJJ, then the lot.
    const head = seg.slice(0, 5);
    if (head.length !== 5 || !allDigits(head)) {
      return fail('hibc.format', `Okänt fält i HIBC-koden: "${seg.slice(0, 8)}".`);
    }
    const d = dateFromJulian(gs1Year(num(seg, 0, 2), today), num(seg, 2, 3));
    if (d === null) return fail('hibc.date', `Utgångsdatumet i HIBC-koden är ogiltigt (format ÅÅDDD): ${head}.`);
    const f = setOnce(fields, 'expiry', d, 'utgångsdatum');
    if (f) return f;
    rest = seg.slice(5);
  }
  if (rest.length === 0) return null;
  const kind = serial ? 'serial' : 'lot';
  const bad = identifier(kind, rest);
  if (bad) return bad;
  return setOnce(fields, kind, rest, kind === 'lot' ? 'batch' : 'serienummer');
}

function parseYyyymmdd(value: string, label: string): string | Failure {
  const d = value.length === 8 && allDigits(value) ? dateFromYmd(num(value, 0, 4), num(value, 4, 2), num(value, 6, 2)) : null;
  return d === null ? fail('hibc.date', `${label} i HIBC-koden är ogiltigt: ${value} (ÅÅÅÅMMDD).`) : d;
}

/** One segment after the primary data. */
function parseSegment(seg: string, fields: Fields, today: Date): Failure | null {
  if (seg.length === 0) return fail('hibc.format', 'HIBC-koden har ett tomt fält (två snedstreck i rad).');
  if (seg.startsWith('14D')) {
    const d = parseYyyymmdd(seg.slice(3), 'Utgångsdatumet');
    return typeof d === 'string' ? setOnce(fields, 'expiry', d, 'utgångsdatum') : d;
  }
  if (seg.startsWith('16D')) {
    const d = parseYyyymmdd(seg.slice(3), 'Tillverkningsdatumet');
    return typeof d === 'string' ? setOnce(fields, 'productionDate', d, 'tillverkningsdatum') : d;
  }
  const first = seg.charCodeAt(0);
  if (first === 36 /* $ */ || (first >= 48 && first <= 57)) return parseSecondary(seg, fields, today);
  if (first === 83 /* S */) {
    const value = seg.slice(1);
    const bad = identifier('serial', value);
    return bad ?? setOnce(fields, 'serial', value, 'serienummer');
  }
  if (first === 81 /* Q */) {
    const value = seg.slice(1);
    if (!allDigits(value) || value.length > 5) return fail('hibc.quantity', 'Antalet i HIBC-koden är ogiltigt.');
    return setOnce(fields, 'quantity', Number(value), 'antal');
  }
  return fail('hibc.format', `Okänt fält i HIBC-koden: "${seg.slice(0, 8)}".`);
}

interface Primary {
  lic: string;
  product: string;
  unitOfMeasure: string;
}

/** `+LIC PCN U` without check character. */
function parsePrimary(p: string): Primary | Failure {
  const bad = fail('hibc.primary', 'HIBC-kodens första del ska vara + , fyra tecken tillverkarkod (LIC), artikelnummer och en siffra för förpackningsnivå.');
  if (p.length < 7 || p.length > 24 || p.charCodeAt(0) !== 43) return bad;
  const first = p.charCodeAt(1);
  if (first < 65 || first > 90) return bad;
  const lic = p.slice(1, 5);
  const product = p.slice(5, -1);
  const unit = p.charAt(p.length - 1);
  if (!allUpperAlnum(lic) || product.length === 0 || !allUpperAlnum(product) || !allDigits(unit)) return bad;
  return { lic, product, unitOfMeasure: unit };
}

function build(primary: Primary, fields: Fields): HibcData {
  const out: HibcData = { lic: primary.lic, product: primary.product, unitOfMeasure: primary.unitOfMeasure };
  if (fields.lot !== undefined) out.lot = fields.lot;
  if (fields.serial !== undefined) out.serial = fields.serial;
  if (fields.expiry !== undefined) out.expiry = fields.expiry;
  if (fields.quantity !== undefined) out.quantity = fields.quantity;
  if (fields.productionDate !== undefined) out.productionDate = fields.productionDate;
  return out;
}

/** One symbol: check character over everything before it, fields separated by "/". */
function parseCombined(s: string, today: Date): Result<HibcData> | null {
  const last = s.length - 1;
  if (mod43CheckChar(s, 0, last) !== s.charAt(last)) return null;
  const parts = s.slice(0, last).split('/');
  const primary = parsePrimary(parts[0] as string);
  if ('code' in primary) return err(primary.code, primary.message);
  const fields: Fields = {};
  for (let k = 1; k < parts.length; k++) {
    const f = parseSegment(parts[k] as string, fields, today);
    if (f) return err(f.code, f.message);
  }
  return ok(build(primary, fields));
}

/** Separate 1D lines concatenated: each later line ends in link character + check character. */
function parseLines(s: string, today: Date): Result<HibcData> | null {
  // The primary body is alphanumeric, so the first "+" after position 0 is either the primary
  // check character or the start of the next line.
  const plus = s.indexOf('+', 1);
  if (plus < 0) return null;
  for (const end of [plus, plus + 1]) {
    if (end >= s.length || s.charCodeAt(end) !== 43) continue;
    const check = s.charAt(end - 1);
    if (mod43CheckChar(s, 0, end - 1) !== check) continue;
    const primary = parsePrimary(s.slice(0, end - 1));
    if ('code' in primary) continue;
    const fields: Fields = {};
    let i = end;
    let failure: Failure | null = null;
    while (i < s.length && failure === null) {
      // Shortest line "+ … L C" whose check character fits and that ends the input or is
      // followed by the next "+".
      let j = i + 4;
      for (; j <= s.length; j++) {
        if (j < s.length && s.charCodeAt(j) !== 43) continue;
        if (s.charAt(j - 2) === check && mod43CheckChar(s, i, j - 1) === s.charAt(j - 1)) break;
      }
      if (j > s.length) {
        failure = fail('hibc.link', 'HIBC-kodens rader hör inte ihop (länktecknet eller kontrolltecknet stämmer inte).');
        break;
      }
      failure = parseSegment(s.slice(i + 1, j - 2), fields, today);
      i = j;
    }
    if (failure) return err(failure.code, failure.message);
    return ok(build(primary, fields));
  }
  return null;
}

export function parseHibcText(input: string, options: HibcOptions = {}): Result<HibcData> {
  if (typeof input !== 'string' || input.length === 0) return err('hibc.empty', 'Koden är tom.');
  if (input.length > 512) return err('hibc.tooLongInput', 'Koden är orimligt lång för en HIBC-kod.');
  const today = options.today ?? new Date();
  let s = hasSymbologyPrefix(input) ? input.slice(3) : input;
  // Human-readable captions show Code 39 start/stop as "*": not part of the data.
  if (s.length > 2 && s.startsWith('*') && s.endsWith('*')) s = s.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (mod43Value(c) < 0) {
      const shown = c < 32 || c === 127 ? `styrtecken 0x${c.toString(16).padStart(2, '0').toUpperCase()}` : `'${s.charAt(i)}'`;
      return err('hibc.character', `HIBC-koden innehåller ${shown} på plats ${i + 1}, som inte är tillåtet (endast A–Z, 0–9 och - . mellanslag $ / + %).`);
    }
  }
  if (s.charCodeAt(0) !== 43) return err('hibc.format', 'En HIBC-kod börjar med "+".');
  if (s.length < 3) return err('hibc.format', 'HIBC-koden är för kort.');
  const second = s.charCodeAt(1);
  if (second === 36 || (second >= 48 && second <= 57)) {
    return err('hibc.secondaryOnly', 'Detta är bara HIBC-kodens andra del (batch/utgångsdatum). Skanna även den första delen med tillverkarkod och artikelnummer.');
  }
  const combined = parseCombined(s, today);
  if (combined !== null && combined.ok) return combined;
  const lines = parseLines(s, today);
  if (lines !== null) return lines;
  if (combined !== null) return combined;
  return err('hibc.checkChar', 'HIBC-kodens kontrolltecken stämmer inte. Koden är felläst eller felaktig.');
}

export function parseHibc(input: string, options?: HibcOptions): Result<HibcData> {
  return parseHibcText(input, options);
}
