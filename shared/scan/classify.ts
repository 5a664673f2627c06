/**
 * One classifier for every scan, so that every screen understands a scan the same way.
 * The precedence is documented in docs/scanning.md; keep the two in step.
 */
import type { AppError } from '../result';
import { isAllDigits, isValidHsaId, parseCaseNumber, parsePersonalNumber, type PersonalNumber } from '../identifiers';
import { gs1CheckDigitValid, hasSymbologyPrefix, looksLikeUri, parseGs1Text, type Gs1Data } from './gs1';
import { parseHibcText, type HibcData } from './hibc';

export type ScanKind =
  | 'gs1'
  | 'hibc'
  | 'individualNo'
  | 'articleNo'
  | 'caseNumber'
  | 'personalNumber'
  | 'hsaId'
  | 'unknown';

interface ScanBase {
  /** The scanned text after removing terminators (CR, LF, Tab) and the AIM symbology prefix. */
  text: string;
  /** AIM symbology identifier, e.g. `]d2`, from the scanner or the text. */
  symbology?: string;
  /**
   * Other kinds the same text also fits under the active rules, most likely first. A screen that
   * expects one of them (e.g. goods receipt expects a case number) may take it instead.
   */
  alternatives: readonly ScanKind[];
}

export type ScanMeaning =
  | (ScanBase & { kind: 'gs1'; gs1: Gs1Data })
  | (ScanBase & { kind: 'hibc'; hibc: HibcData })
  | (ScanBase & { kind: 'individualNo'; individualNo: string })
  | (ScanBase & { kind: 'articleNo'; articleNo: string })
  | (ScanBase & { kind: 'caseNumber'; caseNumber: string; isoWeekYear: number; week: number; seq: number })
  | (ScanBase & { kind: 'personalNumber'; personalNumber: PersonalNumber })
  | (ScanBase & { kind: 'hsaId'; hsaId: string })
  | (ScanBase & { kind: 'unknown'; error: AppError });

/** Region-specific numbering. Defaults: see `DEFAULT_SCAN_RULES` and docs/scanning.md. */
export interface ScanRules {
  /** Digit counts that are Sesam article numbers. */
  articleNoDigits: readonly number[];
  /** Prefixes that mark an article number, followed by digits (the prefix is kept). */
  articleNoPrefixes: readonly string[];
  /** Plain digit strings of this length range are individual numbers. */
  individualNoMinDigits: number;
  individualNoMaxDigits: number;
  /** Prefixes that mark an individual number, followed by letters/digits (the prefix is kept). */
  individualNoPrefixes: readonly string[];
  /** Recognise YYWWNNNN order / activity / pick-up numbers at all. */
  caseNumbers: boolean;
  /** What an 8-digit number that is both a plausible case number and an individual number means. */
  eightDigitPreference: 'caseNumber' | 'individualNo';
  /** Case numbers are plausible for ISO week-years from (this year − back) to (this year + ahead). */
  caseNumberYearsBack: number;
  caseNumberYearsAhead: number;
  /** A valid 12-digit personnummer (YYYYMMDDNNNC) without separator is a personal number. */
  twelveDigitPersonalNumbers: boolean;
  /** A valid 10-digit personnummer without separator is a personal number (off: too easily an individual number). */
  tenDigitPersonalNumbers: boolean;
  /** 13/14 digits with a valid GS1 check digit and no symbology identifier are a GTIN (EAN-13, ITF-14). */
  bareGtins: boolean;
  /** Reference date (personnummer century, case-number window, GS1 dates). Defaults to now. */
  today?: Date;
}

export const DEFAULT_SCAN_RULES: Readonly<ScanRules> = Object.freeze({
  articleNoDigits: Object.freeze([5]),
  articleNoPrefixes: Object.freeze([]),
  individualNoMinDigits: 6,
  individualNoMaxDigits: 20,
  individualNoPrefixes: Object.freeze([]),
  caseNumbers: true,
  eightDigitPreference: 'caseNumber',
  caseNumberYearsBack: 10,
  caseNumberYearsAhead: 1,
  twelveDigitPersonalNumbers: true,
  tenDigitPersonalNumbers: false,
  bareGtins: true,
});

/** Symbologies whose content is always GS1 data. */
const GS1_SYMBOLOGIES = new Set([']C1', ']e0', ']d2', ']Q3', ']J1', ']E0', ']E4']);
const URI_SYMBOLOGIES = new Set([']d1', ']Q1']);

const NONE: readonly ScanKind[] = Object.freeze([]);
const ALT_INDIVIDUAL: readonly ScanKind[] = Object.freeze(['individualNo']);
const ALT_CASE: readonly ScanKind[] = Object.freeze(['caseNumber']);

function unknown(text: string, symbology: string | undefined, code: string, message: string): ScanMeaning {
  const error: AppError = { code, message };
  return symbology === undefined
    ? { kind: 'unknown', text, alternatives: NONE, error }
    : { kind: 'unknown', text, symbology, alternatives: NONE, error };
}

function withSymbology(value: ScanMeaning, symbology: string | undefined): ScanMeaning {
  if (symbology !== undefined) value.symbology = symbology;
  return value;
}

function isUpperAlnumOrDash(s: string, from: number): boolean {
  if (from >= s.length) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    if (!ok) return false;
  }
  return true;
}

function firstPrefix(s: string, prefixes: readonly string[]): string | undefined {
  for (const p of prefixes) if (p.length > 0 && s.startsWith(p)) return p;
  return undefined;
}

/** Personnummer written with a separator: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN. */
function looksLikeSeparatedPersonalNumber(s: string): boolean {
  const len = s.length;
  if (len !== 11 && len !== 13) return false;
  const sep = s.charCodeAt(len - 5);
  if (sep !== 45 && sep !== 43) return false;
  for (let i = 0; i < len; i++) {
    if (i === len - 5) continue;
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Starts with AI 01/02 + 14 digits or AI 00 + 18 digits. */
function looksLikeBareElementString(s: string): boolean {
  if (s.charCodeAt(0) !== 48) return false;
  const ai = s.charCodeAt(1);
  const need = ai === 48 ? 20 : ai === 49 || ai === 50 ? 16 : 0;
  if (need === 0 || s.length < need) return false;
  for (let i = 2; i < need; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export type ScanClassifier = (text: string, symbology?: string) => ScanMeaning;

export function createScanClassifier(options: Partial<ScanRules> = {}): ScanClassifier {
  const rules: ScanRules = { ...DEFAULT_SCAN_RULES, ...options };
  const articleDigits = new Set(rules.articleNoDigits);
  const fixedToday = rules.today;
  const gs1Options = fixedToday === undefined ? {} : { today: fixedToday };

  function classifyDigits(d: string, symbology: string | undefined): ScanMeaning {
    const len = d.length;
    const individual = len >= rules.individualNoMinDigits && len <= rules.individualNoMaxDigits;

    if (articleDigits.has(len)) {
      return withSymbology({ kind: 'articleNo', text: d, articleNo: d, alternatives: individual ? ALT_INDIVIDUAL : NONE }, symbology);
    }
    if (len === 8 && rules.caseNumbers) {
      const parsed = parseCaseNumber(d);
      if (parsed.ok) {
        const year = (fixedToday ?? new Date()).getFullYear();
        const c = parsed.value;
        const plausible = c.isoWeekYear >= year - rules.caseNumberYearsBack && c.isoWeekYear <= year + rules.caseNumberYearsAhead;
        if (plausible && (!individual || rules.eightDigitPreference === 'caseNumber')) {
          return withSymbology(
            { kind: 'caseNumber', text: d, caseNumber: d, isoWeekYear: c.isoWeekYear, week: c.week, seq: c.seq, alternatives: individual ? ALT_INDIVIDUAL : NONE },
            symbology,
          );
        }
        if (plausible) {
          return withSymbology({ kind: 'individualNo', text: d, individualNo: d, alternatives: ALT_CASE }, symbology);
        }
      }
    }
    if ((len === 12 && rules.twelveDigitPersonalNumbers) || (len === 10 && rules.tenDigitPersonalNumbers)) {
      const parsed = parsePersonalNumber(d, fixedToday ?? new Date());
      if (parsed.ok) {
        return withSymbology(
          { kind: 'personalNumber', text: d, personalNumber: parsed.value, alternatives: individual ? ALT_INDIVIDUAL : NONE },
          symbology,
        );
      }
    }
    if ((len === 13 || len === 14) && rules.bareGtins && gs1CheckDigitValid(d)) {
      const gtin = len === 13 ? '0' + d : d;
      return withSymbology(
        { kind: 'gs1', text: d, gs1: { elements: [{ ai: '01', value: gtin }], gtin }, alternatives: individual ? ALT_INDIVIDUAL : NONE },
        symbology,
      );
    }
    if (individual) {
      return withSymbology({ kind: 'individualNo', text: d, individualNo: d, alternatives: NONE }, symbology);
    }
    return unknown(
      d,
      symbology,
      'scan.unknownNumber',
      `Numret ${d} (${len} siffror) är inget känt nummer: artikelnummer har ${[...articleDigits].join(' eller ')} siffror, individnummer ${rules.individualNoMinDigits}–${rules.individualNoMaxDigits} siffror.`,
    );
  }

  function fromGs1(text: string, symbology: string | undefined): ScanMeaning {
    const parsed = parseGs1Text(text, symbology, gs1Options);
    if (!parsed.ok) return unknown(text, symbology, parsed.error.code, parsed.error.message);
    return withSymbology({ kind: 'gs1', text, gs1: parsed.value, alternatives: NONE }, symbology);
  }

  return function classify(raw: string, symbologyArg?: string): ScanMeaning {
    if (typeof raw !== 'string') return unknown('', undefined, 'scan.empty', 'Ingen kod lästes.');
    // Scanners end a scan with CR, LF or Tab: not part of the data.
    let end = raw.length;
    while (end > 0) {
      const c = raw.charCodeAt(end - 1);
      if (c !== 13 && c !== 10 && c !== 9) break;
      end--;
    }
    let start = 0;
    let symbology = symbologyArg;
    if (hasSymbologyPrefix(raw)) {
      if (symbology === undefined) symbology = raw.slice(0, 3);
      start = 3;
    }
    const text = start === 0 && end === raw.length ? raw : raw.slice(start, Math.max(start, end));
    if (text.length === 0) return unknown(text, symbology, 'scan.empty', 'Ingen kod lästes.');
    if (text.length > 4096) return unknown(text.slice(0, 64), symbology, 'scan.tooLong', 'Koden är orimligt lång.');

    let hasGs = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x1d) hasGs = true;
      else if (c < 32 || c === 127) {
        return unknown(text, symbology, 'scan.control', `Koden innehåller ett styrtecken (0x${c.toString(16).padStart(2, '0').toUpperCase()}) på plats ${i + 1}. Kontrollera läsarens inställningar.`);
      } else if (c === 0xfffd) {
        return unknown(text, symbology, 'scan.garbled', 'Läsaren skickade tecken som inte kunde tolkas. Kontrollera tangentbordslayout och läsarens inställningar, och skanna igen.');
      }
    }

    if (symbology !== undefined) {
      if (GS1_SYMBOLOGIES.has(symbology)) return fromGs1(text, symbology);
      if (URI_SYMBOLOGIES.has(symbology) && looksLikeUri(text)) return fromGs1(text, symbology);
    }
    const first = text.charCodeAt(0);
    if (hasGs || first === 40 /* ( */ || looksLikeUri(text)) return fromGs1(text, symbology);
    if (first === 43 /* + */) {
      const parsed = parseHibcText(text, gs1Options);
      if (!parsed.ok) return unknown(text, symbology, parsed.error.code, parsed.error.message);
      return withSymbology({ kind: 'hibc', text, hibc: parsed.value, alternatives: NONE }, symbology);
    }

    // A GS1 element string whose variable-length field comes last needs no GS at all; without
    // an AIM identifier it reaches us as e.g. "01095011010209171719050810ABCD". Try GS1 when
    // it starts with an SSCC or GTIN and is long enough; the check digit keeps this honest.
    if (looksLikeBareElementString(text)) {
      const parsed = parseGs1Text(text, symbology, gs1Options);
      if (parsed.ok) {
        const digits = isAllDigits(text) && text.length <= rules.individualNoMaxDigits;
        return withSymbology({ kind: 'gs1', text, gs1: parsed.value, alternatives: digits ? ALT_INDIVIDUAL : NONE }, symbology);
      }
    }

    // Everything below is typed-style text: surrounding spaces carry no meaning.
    const t = text.trim();
    if (t.length === 0) return unknown(text, symbology, 'scan.empty', 'Ingen kod lästes.');
    if (t.charCodeAt(0) === 83 && t.charCodeAt(1) === 69 && t.charCodeAt(2) >= 48 && t.charCodeAt(2) <= 57) {
      if (isValidHsaId(t)) return withSymbology({ kind: 'hsaId', text: t, hsaId: t, alternatives: NONE }, symbology);
      return unknown(t, symbology, 'scan.hsaId', 'Koden liknar ett HSA-id men är ogiltig (SE + 10 eller 12 siffror + "-" + bokstäver/siffror, högst 31 tecken).');
    }
    if (isAllDigits(t)) return classifyDigits(t, symbology);
    if (looksLikeSeparatedPersonalNumber(t)) {
      const parsed = parsePersonalNumber(t, fixedToday ?? new Date());
      if (!parsed.ok) return unknown(t, symbology, parsed.error.code, parsed.error.message);
      return withSymbology({ kind: 'personalNumber', text: t, personalNumber: parsed.value, alternatives: NONE }, symbology);
    }
    const individualPrefix = firstPrefix(t, rules.individualNoPrefixes);
    if (individualPrefix !== undefined && isUpperAlnumOrDash(t, individualPrefix.length)) {
      return withSymbology({ kind: 'individualNo', text: t, individualNo: t, alternatives: NONE }, symbology);
    }
    const articlePrefix = firstPrefix(t, rules.articleNoPrefixes);
    if (articlePrefix !== undefined && isAllDigits(t.slice(articlePrefix.length))) {
      return withSymbology({ kind: 'articleNo', text: t, articleNo: t, alternatives: NONE }, symbology);
    }
    return unknown(t, symbology, 'scan.unknown', 'Koden känns inte igen som artikel-, individ-, order- eller personnummer, GS1- eller HIBC-kod.');
  };
}

let defaultClassifier: ScanClassifier | undefined;

/**
 * Classifies one scan with the default rules. For region rules, build a classifier once with
 * `createScanClassifier(rules)` or pass them here.
 */
export function classifyScan(text: string, symbology?: string, rules?: Partial<ScanRules>): ScanMeaning {
  if (rules !== undefined) return createScanClassifier(rules)(text, symbology);
  defaultClassifier ??= createScanClassifier();
  return defaultClassifier(text, symbology);
}
