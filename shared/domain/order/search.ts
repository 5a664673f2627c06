import { isoWeeksInYear, parseCaseNumber } from '../../identifiers';
import { err, ok, type Result } from '../../result';
import { PROVISIONAL_ORDER_NO } from './rules';

/**
 * The order-number field of Sök kundorder (manual 000 §7.3): the whole case number (ÅÅVVNNNN), the
 * year ("26": every order of 2026's ISO weeks) or the year and week ("2645"), or an offline order's
 * provisional number. Empty: no number filter (the period and the other filters decide).
 */
export type OrderNumberQuery =
  | { kind: 'none' }
  | { kind: 'full'; orderNo: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'provisional'; provisionalNo: string };

const HINT = 'Ange år (ÅÅ), år och vecka (ÅÅVV) eller hela ordernumret (ÅÅVVNNNN), t.ex. 26, 2645 eller 26450001.';

export function parseOrderNumberQuery(input: string): Result<OrderNumberQuery> {
  const s = input.trim();
  if (s === '') return ok({ kind: 'none' });
  if (PROVISIONAL_ORDER_NO.test(s)) return ok({ kind: 'provisional', provisionalNo: s });
  if (!/^[0-9]+$/.test(s)) return err('invalid-order-number', `${s} är inget ordernummer. ${HINT}`);
  if (s.length === 8) {
    const parsed = parseCaseNumber(s);
    return parsed.ok ? ok({ kind: 'full', orderNo: s }) : err('invalid-order-number', parsed.error.message);
  }
  if (s.length === 2) return ok({ kind: 'prefix', prefix: s });
  if (s.length === 4) {
    const week = Number(s.slice(2));
    const weeks = isoWeeksInYear(2000 + Number(s.slice(0, 2)));
    if (week < 1 || week > weeks) return err('invalid-order-number', `Vecka ${s.slice(2)} finns inte år 20${s.slice(0, 2)}. ${HINT}`);
    return ok({ kind: 'prefix', prefix: s });
  }
  return err('invalid-order-number', HINT);
}

/**
 * The instant (UTC ISO) a Swedish calendar day begins: a period's "from" day is searched from it,
 * its "to" day up to the next day's start. Sweden is UTC+1 or +2; both changes happen at 01:00 UTC,
 * so the offset at the day's UTC midnight is the offset at its local midnight.
 */
export function swedishDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const localHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', hourCycle: 'h23' }).format(new Date(utcMidnight)),
  );
  return new Date(utcMidnight - localHour * 3_600_000).toISOString();
}

/** The day after (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
