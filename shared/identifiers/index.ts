/**
 * Swedish and webSesam identifiers: personnummer / samordningsnummer, HSA-ID, case numbers
 * (order / activity / pick-up numbers) and ISO 9999 codes.
 *
 * Pure functions. Anything a person may have typed or scanned comes back as a `Result` with a
 * Swedish message; nothing here throws on a string. See docs/scanning.md and
 * docs/decisions/0002-identifier-libraries.md.
 */
import { getISOWeek, getISOWeekYear, getISOWeeksInYear } from 'date-fns';
import { err, ok, type Result } from '../result';

// ---------------------------------------------------------------------------------------------
// Small character helpers (no regex on the hot path: scans run through these on every keypress)

const CODE_0 = 48;
const CODE_9 = 57;

/** Digit value of the UTF-16 unit at `i`, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= CODE_0 && c <= CODE_9 ? c - CODE_0 : -1;
}

/** Number formed by `len` decimal digits starting at `i`, or -1 if any is not a digit. */
function numberAt(s: string, i: number, len: number): number {
  let n = 0;
  for (let k = 0; k < len; k++) {
    const d = digitAt(s, i + k);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < CODE_0 || c > CODE_9) return false;
  }
  return true;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Luhn (mod 10) check over a digit string whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digitAt(digits, i);
    if (d < 0) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------
// Personnummer / samordningsnummer

export interface PersonalNumber {
  /** 12 digits, YYYYMMDDNNNC, day as written (+60 for a samordningsnummer). */
  normalized: string;
  /** YYYY-MM-DD, the real birth date (day − 60 for a samordningsnummer). */
  birthDate: string;
  coordination: boolean;
  sex: 'female' | 'male';
}

const PNR_FORMAT_MESSAGE =
  'Personnumret ska skrivas med 10 eller 12 siffror, t.ex. 19121212-1212, 191212121212 eller 121212-1212.';

/**
 * Parses a Swedish personnummer or samordningsnummer.
 *
 * Accepts `YYYYMMDDNNNC`, `YYMMDDNNNC`, and the same with `-` or `+` between date and birth
 * number. For 10 digits the century follows Skatteverket's rule: `-` (or nothing) means the
 * person is younger than 100 on `today`, `+` means 100 or older.
 */
export function parsePersonalNumber(input: string, today: Date = new Date()): Result<PersonalNumber> {
  if (typeof input !== 'string') return err('personalNumber.format', PNR_FORMAT_MESSAGE);
  const s = input.trim();
  const len = s.length;
  let dateDigits: number; // 6 or 8
  let sep = '';
  if (len === 10 || len === 12) {
    dateDigits = len - 4;
  } else if (len === 11 || len === 13) {
    dateDigits = len - 5;
    sep = s.charAt(dateDigits);
    if (sep !== '-' && sep !== '+') return err('personalNumber.format', PNR_FORMAT_MESSAGE);
  } else {
    return err('personalNumber.format', PNR_FORMAT_MESSAGE);
  }
  const datePart = s.slice(0, dateDigits);
  const numberPart = s.slice(len - 4);
  if (!isAllDigits(datePart) || !isAllDigits(numberPart)) {
    return err('personalNumber.format', PNR_FORMAT_MESSAGE);
  }

  const yy = numberAt(datePart, dateDigits - 6, 2);
  const month = numberAt(datePart, dateDigits - 4, 2);
  const writtenDay = numberAt(datePart, dateDigits - 2, 2);
  const coordination = writtenDay > 60;
  const day = coordination ? writtenDay - 60 : writtenDay;

  const todayYear = today.getFullYear();
  const todayMonthDay = (today.getMonth() + 1) * 100 + today.getDate();
  const monthDay = month * 100 + day;

  let year: number;
  if (dateDigits === 8) {
    year = numberAt(datePart, 0, 4);
    if (year < 1800) {
      return err('personalNumber.date', `Året ${pad(year, 4)} är inte rimligt i ett personnummer.`);
    }
  } else {
    // Latest year ending in yy whose birthday is not after the reference date; `+` moves the
    // reference date 100 years back.
    const refYear = sep === '+' ? todayYear - 100 : todayYear;
    year = refYear - ((((refYear - yy) % 100) + 100) % 100);
    if (year === refYear && monthDay > todayMonthDay) year -= 100;
  }

  if (month < 1 || month > 12) {
    return err('personalNumber.date', `Månaden ${pad(month, 2)} finns inte. Kontrollera personnumret.`);
  }
  if (!isValidDate(year, month, day)) {
    return err(
      'personalNumber.date',
      coordination
        ? `Samordningsnumret har ett datum som inte finns (dag ${pad(writtenDay, 2)} = ${pad(day, 2)} + 60).`
        : `Datumet ${isoDate(year, month, day)} finns inte. Kontrollera personnumret.`,
    );
  }
  const birthOrdinal = year * 10000 + monthDay;
  const todayOrdinal = todayYear * 10000 + todayMonthDay;
  if (birthOrdinal > todayOrdinal) {
    return err('personalNumber.future', `Födelsedatumet ${isoDate(year, month, day)} ligger i framtiden.`);
  }
  if (dateDigits === 8 && sep === '+' && birthOrdinal > todayOrdinal - 1000000) {
    return err('personalNumber.plus', 'Plustecken används bara för personer som fyllt 100 år. Kontrollera personnumret.');
  }
  if (numberPart.startsWith('000')) {
    return err('personalNumber.birthNumber', 'Födelsenumret 000 används inte. Kontrollera personnumret.');
  }
  const tenDigits = datePart.slice(dateDigits - 6) + numberPart;
  if (!luhnValid(tenDigits)) {
    return err('personalNumber.checkDigit', 'Kontrollsiffran stämmer inte. Kontrollera personnumret.');
  }
  const sexDigit = digitAt(numberPart, 2);
  return ok({
    normalized: pad(year, 4) + tenDigits.slice(2),
    birthDate: isoDate(year, month, day),
    coordination,
    sex: sexDigit % 2 === 1 ? 'male' : 'female',
  });
}

// ---------------------------------------------------------------------------------------------
// HSA-ID

const HSA_MAX_LENGTH = 31;

/**
 * `SE` + organisation number (10 digits, or 12 with the `16` prefix) + `-` + one or more ASCII
 * letters or digits, at most 31 characters in all (e.g. `SE2321000016-39KJ`).
 */
export function isValidHsaId(input: string): boolean {
  if (typeof input !== 'string') return false;
  const len = input.length;
  if (len > HSA_MAX_LENGTH || len < 14) return false;
  if (input.charCodeAt(0) !== 83 /* S */ || input.charCodeAt(1) !== 69 /* E */) return false;
  let i = 2;
  while (i < len && digitAt(input, i) >= 0) i++;
  const orgDigits = i - 2;
  if (orgDigits !== 10 && orgDigits !== 12) return false;
  if (input.charCodeAt(i) !== 45 /* - */) return false;
  i++;
  if (i >= len) return false;
  for (; i < len; i++) {
    const c = input.charCodeAt(i);
    const alnum = (c >= CODE_0 && c <= CODE_9) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Case numbers: YY (ISO week-year) + WW (ISO week) + NNNN (running number)

export interface CaseNumber {
  /** Full ISO week-year, e.g. 2025 for `25010001`. */
  isoWeekYear: number;
  week: number;
  seq: number;
}

/** Case numbers carry a 2-digit year; webSesam numbers are 2000–2099. */
const CASE_CENTURY = 2000;

const weeksInYearCache = new Map<number, number>();

/** 52 or 53. Uses date-fns on a date well inside the ISO year, cached per year. */
export function isoWeeksInYear(isoWeekYear: number): number {
  let weeks = weeksInYearCache.get(isoWeekYear);
  if (weeks === undefined) {
    weeks = getISOWeeksInYear(new Date(isoWeekYear, 6, 1));
    weeksInYearCache.set(isoWeekYear, weeks);
  }
  return weeks;
}

/**
 * webSesam order / activity / pick-up number for a local calendar date. Uses the ISO week-year,
 * not the calendar year: 2024-12-30 is week 1 of 2025 → `2501NNNN`.
 * Throws RangeError for a `seq` outside 1–9999 or a date outside 2000–2099: that is a bug in the
 * caller, not something a person typed.
 */
export function formatCaseNumber(date: Date, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) {
    throw new RangeError(`Case number sequence must be an integer 1–9999, got ${seq}`);
  }
  const weekYear = getISOWeekYear(date);
  if (!(weekYear >= CASE_CENTURY && weekYear <= CASE_CENTURY + 99)) {
    throw new RangeError(`Case numbers cover ISO week-years 2000–2099, got ${weekYear}`);
  }
  return pad(weekYear - CASE_CENTURY, 2) + pad(getISOWeek(date), 2) + pad(seq, 4);
}

export function parseCaseNumber(input: string): Result<CaseNumber> {
  if (typeof input !== 'string') return err('caseNumber.format', 'Numret ska ha 8 siffror: år, vecka och löpnummer (ÅÅVVNNNN).');
  const s = input.trim();
  if (s.length !== 8 || !isAllDigits(s)) {
    return err('caseNumber.format', 'Numret ska ha 8 siffror: år, vecka och löpnummer (ÅÅVVNNNN).');
  }
  const isoWeekYear = CASE_CENTURY + numberAt(s, 0, 2);
  const week = numberAt(s, 2, 2);
  const seq = numberAt(s, 4, 4);
  if (week < 1 || week > isoWeeksInYear(isoWeekYear)) {
    return err('caseNumber.week', `Vecka ${pad(week, 2)} finns inte år ${isoWeekYear}.`);
  }
  if (seq < 1) return err('caseNumber.seq', 'Löpnumret 0000 används inte.');
  return ok({ isoWeekYear, week, seq });
}

// ---------------------------------------------------------------------------------------------
// ISO 9999 codes

export interface IsoCode {
  /** 2, 4 or 6 digits without separators. */
  code: string;
  level: 1 | 2 | 3;
  /** Codes of the enclosing classes, outermost first: `122203` → [`12`, `1222`]. */
  parents: string[];
}

const ISO_CODE_MESSAGE = 'ISO-koden ska ha 2, 4 eller 6 siffror, t.ex. 12, 12 22 eller 12 22 03 (även 12.22.03).';

/** Accepts `122203`, `12 22 03`, `12.22.03` (one kind of separator, between digit pairs). */
export function parseIsoCode(input: string): Result<IsoCode> {
  if (typeof input !== 'string') return err('isoCode.format', ISO_CODE_MESSAGE);
  const s = input.trim();
  const separator = s.includes(' ') ? ' ' : s.includes('.') ? '.' : '';
  let digits: string;
  if (separator === '') {
    digits = s;
  } else {
    // Pairs of digits, one kind of separator between them.
    const groups = s.split(separator);
    for (const g of groups) if (g.length !== 2) return err('isoCode.format', ISO_CODE_MESSAGE);
    digits = groups.join('');
  }
  if (!isAllDigits(digits)) return err('isoCode.format', ISO_CODE_MESSAGE);
  if (digits.length !== 2 && digits.length !== 4 && digits.length !== 6) {
    return err('isoCode.format', ISO_CODE_MESSAGE);
  }
  const level = (digits.length / 2) as 1 | 2 | 3;
  const parents: string[] = [];
  for (let n = 2; n < digits.length; n += 2) parents.push(digits.slice(0, n));
  return ok({ code: digits, level, parents });
}
