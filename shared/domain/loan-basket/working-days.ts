/**
 * Swedish working days (arbetsdagar) for the loan basket's "at most 5 working days": Monday to
 * Friday except the public holidays (allmänna helgdagar) and the eves that are days off in
 * practice (midsommarafton, julafton, nyårsafton). A small pure function instead of a holiday
 * library: sixteen dates a year, and the eves are a convention the libraries treat differently.
 */

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm) as [month 1–12, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const DAY = 86_400_000;

const cache = new Map<number, Map<string, string>>();

/** The year's days off that fall on weekdays or weekends alike, date → Swedish name. */
export function swedishHolidays(year: number): Map<string, string> {
  let found = cache.get(year);
  if (found) return found;
  const [em, ed] = easterSunday(year);
  const easter = utc(year, em, ed);
  // Midsommarafton: the Friday between 19 and 25 June; Alla helgons dag: the Saturday 31 Oct–6 Nov.
  const friday = (from: number) => from + ((5 - new Date(from).getUTCDay() + 7) % 7) * DAY;
  const saturday = (from: number) => from + ((6 - new Date(from).getUTCDay() + 7) % 7) * DAY;
  const midsummerEve = friday(utc(year, 6, 19));
  found = new Map([
    [iso(utc(year, 1, 1)), 'Nyårsdagen'],
    [iso(utc(year, 1, 6)), 'Trettondedag jul'],
    [iso(easter - 2 * DAY), 'Långfredagen'],
    [iso(easter), 'Påskdagen'],
    [iso(easter + DAY), 'Annandag påsk'],
    [iso(utc(year, 5, 1)), 'Första maj'],
    [iso(easter + 39 * DAY), 'Kristi himmelsfärdsdag'],
    [iso(easter + 49 * DAY), 'Pingstdagen'],
    [iso(utc(year, 6, 6)), 'Sveriges nationaldag'],
    [iso(midsummerEve), 'Midsommarafton'],
    [iso(midsummerEve + DAY), 'Midsommardagen'],
    [iso(saturday(utc(year, 10, 31))), 'Alla helgons dag'],
    [iso(utc(year, 12, 24)), 'Julafton'],
    [iso(utc(year, 12, 25)), 'Juldagen'],
    [iso(utc(year, 12, 26)), 'Annandag jul'],
    [iso(utc(year, 12, 31)), 'Nyårsafton'],
  ]);
  cache.set(year, found);
  return found;
}

/** Whether a date (YYYY-MM-DD) is a Swedish working day. */
export function isWorkingDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(utc(y, m, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !swedishHolidays(y).has(day);
}

/** The date `n` working days after `day` (not counting `day` itself). */
export function addWorkingDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let t = utc(y, m, d);
  let left = n;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(iso(t))) left -= 1;
  }
  return iso(t);
}
