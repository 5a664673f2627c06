import { formatCaseNumber } from '../../shared/identifiers';
import type { Queryable } from '../db/db';

/**
 * Central's running numbers (docs/decisions/0011-orders-and-receipts.md). Case numbers (kundorder)
 * and purchase order numbers (inköpsorder) are both YYWWNNNN and share one running series per ISO
 * week, the counter `order|YYWW` in server_counter: a number scanned from any delivery note names
 * exactly one order or purchase order, and neither kind's capacity is cut in half. The counter row
 * is taken with INSERT … ON CONFLICT DO UPDATE … RETURNING, so concurrent transactions (also on
 * two server nodes) serialize on it and never get the same number; a transaction that rolls back
 * gives its numbers back.
 */

/** The week's counter of an instant: `order|2645` for 2026, ISO week 45. */
export const caseSeries = (at: Date): string => `order|${formatCaseNumber(at, 1).slice(0, 4)}`;

/** The series has run out for the week (more than 9,999 numbers): a bug or an attack, not a business refusal. */
export class CaseNumbersExhausted extends Error {
  constructor(series: string) {
    super(`the case number series ${series} is exhausted (9999 numbers a week)`);
    this.name = 'CaseNumbersExhausted';
  }
}

/** `count` consecutive numbers of the ISO week of `at`, in order. */
export async function allocateCaseNumbers(tx: Queryable, at: string, count: number): Promise<string[]> {
  const date = new Date(at);
  const series = caseSeries(date);
  const { rows } = await tx.query<{ value: number }>(
    `INSERT INTO server_counter (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = server_counter.value + $2 RETURNING value`,
    [series, count],
    { name: 'order.allocateCaseNumbers' },
  );
  const last = Number(rows[0]!.value);
  if (last > 9999) throw new CaseNumbersExhausted(series);
  return Array.from({ length: count }, (_, i) => formatCaseNumber(date, last - count + 1 + i));
}
