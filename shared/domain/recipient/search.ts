import { parsePersonalNumber } from '../../identifiers';
import { err, ok, type Result } from '../../result';

/**
 * What a person typed or scanned in Mottagare's search field (manuals 000 §1.1, 003 "Mottagare"):
 * a patient by 12-digit personnummer without hyphen (a hyphen after the date is tolerated), or a
 * care unit (vårdenhet, the "fictitious patient") by its code. The code's form is the region's
 * setting; by default 4–5 digits.
 */
export type RecipientQuery = { kind: 'personalNumber'; personalNumber: string } | { kind: 'careUnit'; code: string };

/** The region's form of a care-unit code (a setting): a regular expression and how a person is told. */
export interface CareUnitCodeForm {
  pattern: RegExp;
  /** Swedish, e.g. "4–5 siffror". */
  description: string;
}

export const DEFAULT_CARE_UNIT_CODE_FORM: CareUnitCodeForm = { pattern: /^\d{4,5}$/, description: '4–5 siffror' };

export const RECIPIENT_QUERY_MAX_LENGTH = 40;

/** The region's setting (region-settings/settings.ts `careUnitCode`) as a form; the default when its pattern is no regular expression. */
export function careUnitCodeFormOf(setting: { pattern: string; description: string }): CareUnitCodeForm {
  return careUnitCodeForm(setting.pattern, setting.description) ?? DEFAULT_CARE_UNIT_CODE_FORM;
}

/** Builds the form from a setting (a regular expression's source); null when it is not one. */
export function careUnitCodeForm(source: string, description: string): CareUnitCodeForm | null {
  try {
    return { pattern: new RegExp(`^(?:${source})$`), description };
  } catch {
    return null;
  }
}

/**
 * Interprets the search text. An invalid personnummer is refused with the identifiers module's
 * Swedish message (and nothing is looked up); a 10-digit one asks for the century.
 */
export function parseRecipientQuery(input: string, form: CareUnitCodeForm = DEFAULT_CARE_UNIT_CODE_FORM, today: Date = new Date()): Result<RecipientQuery> {
  const text = input.trim().replace(/\s+/g, '');
  if (text.length === 0) return err('query-empty', `Skriv ett personnummer med 12 siffror eller en vårdenhets kod (${form.description}).`);
  if (text.length > RECIPIENT_QUERY_MAX_LENGTH) return err('query-too-long', `Sökbegreppet får vara högst ${RECIPIENT_QUERY_MAX_LENGTH} tecken.`);
  // The care unit's code first: a region's form may look like anything but a personnummer.
  if (form.pattern.test(text) && !/^\d{8}[-+]?\d{4}$/.test(text)) return ok({ kind: 'careUnit', code: text });
  if (/^\d{8}-?\d{4}$/.test(text)) {
    const parsed = parsePersonalNumber(text, today);
    if (!parsed.ok) return parsed;
    return ok({ kind: 'personalNumber', personalNumber: parsed.value.normalized });
  }
  if (/^\d{6}[-+]?\d{4}$/.test(text)) {
    return err('personalNumber.century', 'Skriv personnumret med 12 siffror, med århundradet först (ÅÅÅÅMMDDNNNN), t.ex. 191212121212.');
  }
  if (/^\d+$/.test(text) && text.length > 5) {
    return err('personalNumber.format', 'Ett personnummer har 12 siffror (ÅÅÅÅMMDDNNNN). Kontrollera att alla siffror kom med.');
  }
  return err('query-invalid', `Skriv ett personnummer med 12 siffror (ÅÅÅÅMMDDNNNN) eller en vårdenhets kod (${form.description}).`);
}

/** Not delivered yet: the manual's rule, quantity 0 and no delivery date. */
export function isUndelivered(aid: { quantity: number; deliveredAt: string | null }): boolean {
  return aid.quantity === 0 && aid.deliveredAt === null;
}

/** A personnummer as shown: YYYYMMDD-NNNN. */
export function formatPersonalNumber(normalized: string): string {
  return normalized.length === 12 ? `${normalized.slice(0, 8)}-${normalized.slice(8)}` : normalized;
}
