/**
 * What a log line may never hold: personal numbers, names, addresses (issue 13 item 6; decision
 * on logs and backups). Two layers, both pure and run by every host before a line is written:
 *
 * - `redactText` masks anything shaped like a Swedish personnummer or samordningsnummer (10 or 12
 *   digits, with or without `-`/`+`, the day 01–31 or 61–91), wherever it stands in a text —
 *   an error message that quotes a search, a URL, a SQL detail. Other long digit runs that happen
 *   to look like a date are masked too: a log loses a number, never leaks one.
 * - `redactValue` walks structured data (objects, arrays, errors) and replaces the value of every
 *   field known to hold personal data (`PERSONAL_FIELDS`: name, address, personalNumber …) whole,
 *   and masks the texts of the rest.
 */

export const REDACTED = '[borttaget]';
export const MASKED_NUMBER = '[personnr]';

// Century (optional), year, month 01–12, day 01–31 or 61–91 (samordningsnummer), separator, four digits.
const PERSONAL_NUMBER = /(?<![\d])(?:(?:18|19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?![\d])/g;

/** Field names (compared without case, `_` and `-`) whose values are personal data. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(
  [
    'personalNumber', 'personnummer', 'pnr', 'ssn', 'coordinationNumber', 'samordningsnummer',
    'name', 'firstName', 'lastName', 'fullName', 'recipientName', 'patientName', 'displayName', 'userName',
    'address', 'street', 'streetAddress', 'postalCode', 'zip', 'city', 'coAddress', 'careOf',
    'phone', 'phoneNumber', 'mobile', 'email', 'text', 'note', 'comment', 'password', 'pin', 'token', 'authorization', 'cookie',
  ].map(normalise),
);

function normalise(field: string): string {
  return field.replace(/[_-]/g, '').toLowerCase();
}

export function isPersonalField(field: string): boolean {
  return PERSONAL_FIELDS.has(normalise(field));
}

/** The text with every personnummer/samordningsnummer-shaped number masked. */
export function redactText(text: string): string {
  return text.replace(PERSONAL_NUMBER, MASKED_NUMBER);
}

/**
 * A copy of `value` that is safe to log: personal fields replaced, texts masked, errors turned
 * into `{ name, message, stack }` (masked), cycles and depth past 6 cut. Never throws.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[cirkulär]';
  if (depth > 6) return '[djup]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    if (value.stack !== undefined) out.stack = redactText(value.stack);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    if (value.cause !== undefined) out.cause = redactValue(value.cause, depth + 1, seen);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isPersonalField(key) && v !== null && v !== undefined ? REDACTED : redactValue(v, depth + 1, seen);
  return out;
}

/** The arguments of one log call (console style: a message, then values), each made safe. */
export function redactLogArguments(args: readonly unknown[]): unknown[] {
  return args.map((a) => redactValue(a));
}
