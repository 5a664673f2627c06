/** Swedish number and money formats for the documents (DOMAIN.md: kronor, dates YYYY-MM-DD). */

const kronor = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wholeKronor = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** 123450 öre → "1 234,50 kr" (no-break spaces, as sv-SE writes them). */
export const formatKronor = (ore: number): string => kronor.format(ore / 100);

/** 123400 öre → "1 234 kr": receipts are in whole kronor. */
export const formatWholeKronor = (ore: number): string => wholeKronor.format(ore / 100);

/** 12345 → "12 345". */
export const formatInteger = (n: number): string => integer.format(n);

/** "2025-01-14T09:05:00+01:00" → "2025-01-14 09:05" in Swedish time, whatever the machine's zone. */
export function formatPrintedAt(iso: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
