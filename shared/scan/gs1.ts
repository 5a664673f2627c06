/**
 * GS1 element strings, bracketed human-readable form and GS1 Digital Link URIs.
 *
 * Rules follow the GS1 General Specifications (7.8 "Processing of data from a GS1 symbology",
 * 7.12 "Determination of century in dates") and the GS1 Digital Link URI syntax standard. The
 * reference behaviour we test against is GS1's own open-source Barcode Syntax Engine
 * (github.com/gs1/gs1-barcode-engine).
 */
import { daysInMonth, isoDate } from '../identifiers';
import { err, ok, type Result } from '../result';
import { AI_LENGTH_BY_PREFIX, AI_TABLE, DL_PRIMARY_KEYS, type AiCheck, type AiDefinition } from './ai-table';

export const GS = '\u001d';
const GS_CODE = 0x1d;

export interface Gs1Element {
  ai: string;
  value: string;
}

export interface Gs1Data {
  symbology?: string;
  elements: Gs1Element[];
  gtin?: string;
  batch?: string;
  serial?: string;
  /** AI 17, YYYY-MM-DD (day 00 → last day of the month). */
  expiry?: string;
  /** AI 11, YYYY-MM-DD. */
  productionDate?: string;
}

export interface Gs1Options {
  /** Reference date for GS1's century rule for YY dates. Defaults to now. */
  today?: Date;
}

/** Longest input we look at; a GS1 DataMatrix holds at most 2335 characters. */
export const MAX_SCAN_LENGTH = 4096;

/** AIM symbology identifiers whose data is a GS1 element string (FNC1 in first position). */
const GS1_ELEMENT_SYMBOLOGIES = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);
/** Plain DataMatrix / QR: GS1 only as a Digital Link URI. */
const URI_SYMBOLOGIES = new Set([']d1', ']Q1']);

// ---------------------------------------------------------------------------------------------
// Character sets

/** 1 = allowed in GS1 character set 82 ("X"), 2 = allowed in set 39 ("Y"). */
const CHARSET = new Uint8Array(128);
for (const ch of '!"%&\'()*+,-./:;<=>?_') CHARSET[ch.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) CHARSET[c] = 1 | 2;
for (let c = 65; c <= 90; c++) CHARSET[c] = 1 | 2;
for (let c = 97; c <= 122; c++) CHARSET[c] = 1;
for (const ch of '#-/') CHARSET[ch.charCodeAt(0)] = (CHARSET[ch.charCodeAt(0)] ?? 0) | 2;

function describeChar(c: number): string {
  if (c < 32 || c === 127) return `styrtecken 0x${c.toString(16).padStart(2, '0').toUpperCase()}`;
  return `'${String.fromCharCode(c)}'`;
}

// ---------------------------------------------------------------------------------------------
// Check digits and dates

/** GS1 mod-10 check digit over `s[start, end)`: the last digit checks the others. */
export function gs1CheckDigitValid(s: string, start = 0, end = s.length): boolean {
  let sum = 0;
  let weight = 3;
  for (let i = end - 2; i >= start; i--) {
    sum += (s.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10 === s.charCodeAt(end - 1) - 48;
}

export function gs1CheckDigit(body: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += (body.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * GS1 General Specifications 7.12: a two-digit year is in the current century unless that puts
 * it 51 or more years ahead (→ previous century) or 50 or more years back (→ next century).
 */
export function gs1Year(yy: number, today: Date): number {
  const current = today.getFullYear();
  const cy = current % 100;
  const century = current - cy;
  const diff = yy - cy;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function two(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

/** YYMMDD (day 00 allowed when `allowDay00`) → YYYY-MM-DD, or null. Input is 6 digits. */
export function gs1Date(s: string, allowDay00: boolean, today: Date): string | null {
  const year = gs1Year(two(s, 0), today);
  const month = two(s, 2);
  let day = two(s, 4);
  if (month < 1 || month > 12) return null;
  const last = daysInMonth(year, month);
  if (day === 0) {
    if (!allowDay00) return null;
    day = last;
  }
  if (day > last) return null;
  return isoDate(year, month, day);
}

// ---------------------------------------------------------------------------------------------
// Element validation (shared by every input form)

type Failure = { code: string; message: string };

function checkComponent(ai: string, value: string, check: AiCheck, today: Date): Failure | null {
  switch (check) {
    case 'csum':
      return gs1CheckDigitValid(value)
        ? null
        : {
            code: 'gs1.checkDigit',
            message: `Fel kontrollsiffra i (${ai}) ${value}: sista siffran ska vara ${gs1CheckDigit(value.slice(0, -1))}. Koden är felläst eller felaktig.`,
          };
    case 'yymmd0':
    case 'yymmdd':
      return gs1Date(value, check === 'yymmd0', today) === null
        ? { code: 'gs1.date', message: `Datumet i (${ai}) finns inte: ${value} (ÅÅMMDD).` }
        : null;
    case 'yymmddhh': {
      if (gs1Date(value.slice(0, 6), false, today) === null || two(value, 6) > 23) {
        return { code: 'gs1.date', message: `Tidpunkten i (${ai}) finns inte: ${value} (ÅÅMMDDTT).` };
      }
      return null;
    }
    case 'hhmm':
      return two(value, 0) > 23 || two(value, 2) > 59
        ? { code: 'gs1.date', message: `Klockslaget i (${ai}) finns inte: ${value} (TTMM).` }
        : null;
    case 'zero':
      return value === '0' ? null : { code: 'gs1.format', message: `(${ai}) ska börja med en nolla.` };
  }
}

/** Validates `value` for `def`: length, character set, component checks. */
function validateValue(def: AiDefinition, value: string, today: Date): Failure | null {
  const ai = def.ai;
  if (value.length < def.minLength) {
    return value.length === 0
      ? { code: 'gs1.empty', message: `(${ai}) saknar värde.` }
      : {
          code: 'gs1.tooShort',
          message: `(${ai}) är för kort: ${value.length} tecken, ska vara ${def.minLength === def.maxLength ? '' : 'minst '}${def.minLength}. Koden kan vara avkortad.`,
        };
  }
  if (value.length > def.maxLength) {
    return {
      code: 'gs1.tooLong',
      message: `(${ai}) är för långt: ${value.length} tecken, högst ${def.maxLength}. Troligen har en GS-avskiljare (FNC1) fallit bort – kontrollera läsarens inställningar.`,
    };
  }
  let pos = 0;
  for (const comp of def.components) {
    const len = Math.min(comp.max, value.length - pos);
    if (len < comp.min) {
      return { code: 'gs1.tooShort', message: `(${ai}) är för kort. Koden kan vara avkortad.` };
    }
    const mask = comp.charset === 'Y' ? 2 : 1;
    for (let i = pos; i < pos + len; i++) {
      const c = value.charCodeAt(i);
      const allowed = comp.charset === 'N' ? c >= 48 && c <= 57 : c < 128 && ((CHARSET[c] ?? 0) & mask) !== 0;
      if (!allowed) {
        return {
          code: 'gs1.character',
          message: `(${ai}) innehåller ${describeChar(c)} på plats ${i + 1}, som inte är tillåtet${comp.charset === 'N' ? ' (endast siffror)' : ''}.`,
        };
      }
    }
    if (len > 0) {
      const part = pos === 0 && len === value.length ? value : value.slice(pos, pos + len);
      for (const check of comp.checks) {
        const failure = checkComponent(ai, part, check, today);
        if (failure) return failure;
      }
    }
    pos += len;
  }
  if (pos !== value.length) {
    return { code: 'gs1.tooLong', message: `(${ai}) är för långt.` };
  }
  return null;
}

function lookupAi(s: string, i: number): AiDefinition | null {
  const d0 = s.charCodeAt(i) - 48;
  const d1 = s.charCodeAt(i + 1) - 48;
  if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) return null;
  const len = AI_LENGTH_BY_PREFIX[d0 * 10 + d1] ?? 0;
  if (len === 0 || i + len > s.length) return null;
  return AI_TABLE.get(len === 2 ? s.slice(i, i + 2) : s.slice(i, i + len)) ?? null;
}

function unknownAi(s: string, i: number): Failure {
  const shown = s.slice(i, i + 4).replace(/[^\x20-\x7e]/g, '?');
  return {
    code: 'gs1.unknownAi',
    message: `Okänd eller ogiltig GS1-tillämpningsidentifierare (AI) vid "${shown}" (plats ${i + 1}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// Result assembly

function assemble(symbology: string | undefined, elements: Gs1Element[], today: Date): Result<Gs1Data> {
  if (elements.length === 0) return err('gs1.empty', 'Koden innehåller inga GS1-data.');
  const data: Gs1Data = symbology === undefined ? { elements } : { symbology, elements };
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as Gs1Element;
    for (let j = 0; j < i; j++) {
      const prev = elements[j] as Gs1Element;
      if (prev.ai === el.ai && prev.value !== el.value) {
        return err('gs1.duplicate', `(${el.ai}) förekommer två gånger med olika värden: ${prev.value} och ${el.value}.`);
      }
    }
    switch (el.ai) {
      case '01':
        data.gtin = el.value;
        break;
      case '10':
        data.batch = el.value;
        break;
      case '21':
        data.serial = el.value;
        break;
      case '17': {
        const date = gs1Date(el.value, true, today);
        if (date !== null) data.expiry = date;
        break;
      }
      case '11': {
        const date = gs1Date(el.value, true, today);
        if (date !== null) data.productionDate = date;
        break;
      }
    }
  }
  return ok(data);
}

// ---------------------------------------------------------------------------------------------
// Element string: AI + value, FNC1 transmitted as GS

function parseElementString(s: string, start: number, symbology: string | undefined, today: Date): Result<Gs1Data> {
  const elements: Gs1Element[] = [];
  const n = s.length;
  let i = start;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === GS_CODE) {
      i++; // leading, doubled or trailing separators are harmless
      continue;
    }
    const def = lookupAi(s, i);
    if (def === null) {
      const f = unknownAi(s, i);
      return err(f.code, f.message, { position: i });
    }
    i += def.ai.length;
    let value: string;
    if (def.predefined) {
      const end = i + def.maxLength;
      let stop = i;
      while (stop < end && stop < n && s.charCodeAt(stop) !== GS_CODE) stop++;
      value = s.slice(i, stop);
      i = stop;
    } else {
      let stop = i;
      while (stop < n && s.charCodeAt(stop) !== GS_CODE) stop++;
      value = s.slice(i, stop);
      i = stop;
    }
    const failure = validateValue(def, value, today);
    if (failure) return err(failure.code, failure.message, { ai: def.ai });
    elements.push({ ai: def.ai, value });
  }
  return assemble(symbology, elements, today);
}

// ---------------------------------------------------------------------------------------------
// Bracketed human-readable form: (01)09506000134352(17)201231(10)ABC123

function parseBracketed(s: string, symbology: string | undefined, today: Date): Result<Gs1Data> {
  const elements: Gs1Element[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 40 /* ( */) {
      return err('gs1.format', `Förväntade "(" före en AI på plats ${i + 1}.`);
    }
    const close = s.indexOf(')', i + 1);
    if (close < 0 || close - i - 1 < 2 || close - i - 1 > 4) {
      return err('gs1.format', `AI inom parentes på plats ${i + 1} är ofullständig.`);
    }
    const ai = s.slice(i + 1, close);
    const def = AI_TABLE.get(ai);
    if (def === undefined) {
      return err('gs1.unknownAi', `Okänd GS1-tillämpningsidentifierare (${ai.replace(/[^\x20-\x7e]/g, '?')}).`);
    }
    // The value runs to the next "(" that is not escaped as "\(".
    let j = close + 1;
    let value = '';
    let from = j;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 40) {
        if (j > from && s.charCodeAt(j - 1) === 92 /* \ */) {
          value += s.slice(from, j - 1) + '(';
          from = j + 1;
        } else break;
      }
      j++;
    }
    value += s.slice(from, j);
    // Printed HRI often has spaces around groups; no GS1 value may contain a space.
    let a = 0;
    let b = value.length;
    while (a < b && value.charCodeAt(a) === 32) a++;
    while (b > a && value.charCodeAt(b - 1) === 32) b--;
    if (a !== 0 || b !== value.length) value = value.slice(a, b);
    const failure = validateValue(def, value, today);
    if (failure) return err(failure.code, failure.message, { ai });
    elements.push({ ai, value });
    i = j;
  }
  return assemble(symbology, elements, today);
}

// ---------------------------------------------------------------------------------------------
// GS1 Digital Link URI

/** Characters allowed anywhere in a URI (RFC 3986 unreserved + reserved + %). */
const URI_CHARS = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") {
  URI_CHARS[ch.charCodeAt(0)] = 1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Percent-decoding without decodeURIComponent (which throws on malformed input). */
function percentDecode(s: string): string | null {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const h = hexValue(s.charCodeAt(i + 1));
      const l = hexValue(s.charCodeAt(i + 2));
      if (h < 0 || l < 0) return null;
      out += String.fromCharCode(h * 16 + l);
      i += 2;
    } else {
      out += s.charAt(i);
    }
  }
  return out;
}

export function looksLikeUri(s: string, start = 0): boolean {
  return s.startsWith('https://', start) || s.startsWith('http://', start) || s.startsWith('HTTPS://', start) || s.startsWith('HTTP://', start);
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function dlValue(ai: string, raw: string): string | null {
  const value = percentDecode(raw);
  if (value === null) return null;
  // GTIN-8/12/13 in a Digital Link path are written without leading zeros.
  if (ai === '01' && (value.length === 8 || value.length === 12 || value.length === 13) && isDigits(value)) {
    return value.padStart(14, '0');
  }
  return value;
}

function parseDigitalLink(s: string, start: number, symbology: string | undefined, today: Date): Result<Gs1Data> {
  const uri = start === 0 ? s : s.slice(start);
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c >= 128 || URI_CHARS[c] !== 1) {
      return err('gs1.dl.character', `Webbadressen innehåller ${describeChar(c)} på plats ${i + 1}, som inte får förekomma i en adress.`);
    }
  }
  const schemeEnd = uri.indexOf('://') + 3;
  const pathStart = uri.indexOf('/', schemeEnd);
  if (pathStart <= schemeEnd) return err('gs1.dl.format', 'Webbadressen saknar domän eller sökväg och är ingen GS1 Digital Link.');
  let pathEnd = uri.length;
  const q = uri.indexOf('?', pathStart);
  const h = uri.indexOf('#', pathStart);
  if (q >= 0) pathEnd = q;
  if (h >= 0 && h < pathEnd) pathEnd = h;
  const segments = uri.slice(pathStart + 1, pathEnd).split('/');

  // The GS1 part of the path starts at the rightmost "/<primary key>/<value>" pair.
  let keyIndex = -1;
  for (let k = segments.length - 2; k >= 0; k -= 1) {
    const seg = segments[k] as string;
    if (DL_PRIMARY_KEYS.has(seg) && (segments.length - k) % 2 === 0) {
      keyIndex = k;
      break;
    }
  }
  if (keyIndex < 0) return err('gs1.dl.noKey', 'Webbadressen innehåller ingen GS1-nyckel (t.ex. /01/<GTIN>) och är ingen GS1 Digital Link.');

  const elements: Gs1Element[] = [];
  const primary = segments[keyIndex] as string;
  const sequences = DL_PRIMARY_KEYS.get(primary) ?? [];
  let lastQualifierRank = -1;
  let sequence: readonly string[] | undefined;
  for (let k = keyIndex; k < segments.length; k += 2) {
    const ai = segments[k] as string;
    const raw = segments[k + 1] as string;
    if (k > keyIndex) {
      // Qualifiers must follow the order the standard gives for this key.
      let rank = -1;
      if (sequence === undefined) sequence = sequences.find((seq) => seq.includes(ai));
      if (sequence !== undefined) rank = sequence.indexOf(ai);
      if (rank < 0 || rank <= lastQualifierRank) {
        return err('gs1.dl.qualifier', `(${ai}) får inte stå på denna plats i sökvägen efter (${primary}).`);
      }
      lastQualifierRank = rank;
    }
    const def = AI_TABLE.get(ai);
    if (def === undefined) return err('gs1.unknownAi', `Okänd GS1-tillämpningsidentifierare (${ai}) i webbadressen.`);
    const value = dlValue(ai, raw);
    if (value === null) return err('gs1.dl.encoding', `Felaktig %-kodning i värdet för (${ai}).`);
    const failure = validateValue(def, value, today);
    if (failure) return err(failure.code, failure.message, { ai });
    elements.push({ ai, value });
  }

  if (q >= 0) {
    const queryEnd = h > q ? h : uri.length;
    const params = uri.slice(q + 1, queryEnd).split('&');
    for (const param of params) {
      if (param.length === 0) continue;
      const eq = param.indexOf('=');
      if (eq < 0) continue; // parameters without a value carry no AI
      const key = param.slice(0, eq);
      if (!isDigits(key)) continue; // e.g. linkType: not GS1 data
      const def = AI_TABLE.get(key);
      if (def === undefined) return err('gs1.unknownAi', `Okänd GS1-tillämpningsidentifierare (${key}) i webbadressens parametrar.`);
      const value = dlValue(key, param.slice(eq + 1));
      if (value === null) return err('gs1.dl.encoding', `Felaktig %-kodning i värdet för (${key}).`);
      const failure = validateValue(def, value, today);
      if (failure) return err(failure.code, failure.message, { ai: key });
      elements.push({ ai: key, value });
    }
  }
  return assemble(symbology, elements, today);
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** True if `s` starts with an AIM symbology identifier: "]" + letter + modifier. */
export function hasSymbologyPrefix(s: string): boolean {
  if (s.length < 3 || s.charCodeAt(0) !== 93 /* ] */) return false;
  const code = s.charCodeAt(1);
  const mod = s.charCodeAt(2);
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  const modifier = (mod >= 48 && mod <= 57) || (mod >= 65 && mod <= 90) || (mod >= 97 && mod <= 122);
  return letter && modifier;
}

function firstControlChar(s: string, start: number): number {
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== GS_CODE) || c === 127) return i;
  }
  return -1;
}

/**
 * Parses GS1 data from a scan: an element string (FNC1 = GS, ASCII 29), optionally preceded by
 * an AIM symbology identifier; the bracketed human-readable form; or a GS1 Digital Link URI.
 * `symbology` may also be given separately (e.g. from a HID POS report).
 */
export function parseGs1Text(input: string, symbologyHint?: string, options: Gs1Options = {}): Result<Gs1Data> {
  if (typeof input !== 'string' || input.length === 0) return err('gs1.empty', 'Koden är tom.');
  if (input.length > MAX_SCAN_LENGTH) return err('gs1.tooLongInput', 'Koden är orimligt lång för en GS1-kod.');
  const today = options.today ?? new Date();
  let start = 0;
  let symbology = symbologyHint;
  if (hasSymbologyPrefix(input)) {
    symbology = input.slice(0, 3);
    start = 3;
  }
  const control = firstControlChar(input, start);
  if (control >= 0) {
    return err(
      'gs1.control',
      `Koden innehåller ${describeChar(input.charCodeAt(control))} på plats ${control + 1}. Läsaren eller tangentbordslayouten har troligen förvrängt koden.`,
    );
  }
  if (start === input.length) return err('gs1.empty', 'Koden innehåller inga data efter symbologi-identifieraren.');

  if (looksLikeUri(input, start)) return parseDigitalLink(input, start, symbology, today);
  if (input.charCodeAt(start) === 40 /* ( */) {
    return parseBracketed(start === 0 ? input : input.slice(start), symbology, today);
  }
  if (symbology === undefined || GS1_ELEMENT_SYMBOLOGIES.has(symbology)) {
    return parseElementString(input, start, symbology, today);
  }
  if (symbology === ']E0' || symbology === ']E4') {
    // EAN-13 / UPC-A (as EAN-13) / EAN-8 carry a GTIN without an AI.
    const body = input.slice(start);
    const expected = symbology === ']E0' ? 13 : 8;
    if (body.length !== expected || !isDigits(body)) {
      return err('gs1.ean', `En EAN-${expected}-kod ska ha ${expected} siffror.`);
    }
    if (!gs1CheckDigitValid(body)) {
      return err('gs1.checkDigit', `Fel kontrollsiffra i EAN-koden ${body}. Koden är felläst eller felaktig.`);
    }
    return assemble(symbology, [{ ai: '01', value: body.padStart(14, '0') }], today);
  }
  if (URI_SYMBOLOGIES.has(symbology)) {
    return err('gs1.notGs1', 'Koden är en vanlig DataMatrix/QR-kod utan GS1-data.');
  }
  return err('gs1.notGs1', `Koden är ingen GS1-kod (symbologi ${symbology}).`);
}

export function parseGs1(input: string, options?: Gs1Options): Result<Gs1Data> {
  return parseGs1Text(input, undefined, options);
}
