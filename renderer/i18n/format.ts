/**
 * Formats for the Swedish UI, independent of the UI language: dates as YYYY-MM-DD (the manuals'
 * and the region's convention), numbers and kronor in sv-SE.
 */

const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const kronorWhole = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const kronorOre = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 2, maximumFractionDigits: 2 });

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatNumber(value: number): string {
  return integer.format(value);
}

/** Money in the contract is integer öre; whole kronor are shown without decimals. */
export function formatKronor(ore: number): string {
  return ore % 100 === 0 ? kronorWhole.format(ore / 100) : kronorOre.format(ore / 100);
}

/** `2024-05-01` stays as it is; a timestamp becomes its local calendar date. */
export function formatDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A timestamp as local `YYYY-MM-DD HH:mm`. */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${formatDate(value)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** ISO 9999 codes are written in pairs of digits: `120606` → `12 06 06`. */
export function formatIsoCode(code: string): string {
  return /^\d+$/.test(code) ? (code.match(/.{1,2}/g) ?? [code]).join(' ') : code;
}

/** Today's local date as YYYY-MM-DD (for comparisons with contract dates). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
