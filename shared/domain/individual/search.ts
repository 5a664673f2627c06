import { err, ok, type Result } from '../../result';

/** How an individual-number / serial-number search is carried out (manual 003 "Individer", 000 §2.1). */
export type IndividualQuery =
  /** Plain text of ≥ 3 characters: matches anywhere in the individual or serial number; a complete
   *  individual number opens that individual directly. */
  | { kind: 'substring'; text: string }
  /** `12*`: numbers starting with `12`. */
  | { kind: 'prefix'; text: string }
  /** `*12`: numbers ending with `12`. */
  | { kind: 'suffix'; text: string }
  /** `1*2`, `*12*`…: a general pattern; `*` is any run of characters. */
  | { kind: 'pattern'; parts: string[]; anchoredStart: boolean; anchoredEnd: boolean };

/** The region's individual search (region setting individualSearch): `*` wildcards with whole
 *  numbers otherwise (manual 000), substrings without wildcards (manual 003), or both. */
export type IndividualSearchMode = 'both' | 'wildcards' | 'substring';

export const INDIVIDUAL_QUERY_MIN_LENGTH = 3;
export const INDIVIDUAL_WILDCARD_MIN_LENGTH = 2;
export const INDIVIDUAL_QUERY_MAX_LENGTH = 64;

const ALLOWED = /^[0-9A-Za-zÅÄÖåäö\-_./*]+$/;

/**
 * Interprets what a person typed or scanned in the individual search field.
 * Rules: at least 3 characters without wildcards (manual 003); with `*` wildcards at least
 * 2 other characters (manual 000: "12*", "*12"). Case is ignored for serial numbers.
 */
export function parseIndividualQuery(input: string, mode: IndividualSearchMode = 'both'): Result<IndividualQuery> {
  const text = input.trim();
  if (text.length === 0) {
    return err('query-empty', 'Skriv ett individnummer eller serienummer att söka på.');
  }
  if (text.length > INDIVIDUAL_QUERY_MAX_LENGTH) {
    return err('query-too-long', `Sökbegreppet får vara högst ${INDIVIDUAL_QUERY_MAX_LENGTH} tecken.`);
  }
  if (!ALLOWED.test(text)) {
    return err(
      'query-invalid-characters',
      'Sökbegreppet får bara innehålla bokstäver, siffror, bindestreck, punkt, snedstreck och * (stjärna).',
    );
  }
  if (mode === 'substring' && text.includes('*')) {
    return err(
      'query-wildcard-not-allowed',
      `Regionen söker på del av numret: skriv minst ${INDIVIDUAL_QUERY_MIN_LENGTH} tecken utan * (stjärna).`,
    );
  }
  if (!text.includes('*')) {
    if (mode === 'wildcards') {
      // Manual 000: without `*` the text is a whole individual or serial number, never a part.
      if (text.length < INDIVIDUAL_WILDCARD_MIN_LENGTH) {
        return err('query-too-short', `Skriv hela numret, eller använd * (stjärna) före eller efter, t.ex. "12*".`);
      }
      return ok({ kind: 'pattern', parts: [text], anchoredStart: true, anchoredEnd: true });
    }
    if (text.length < INDIVIDUAL_QUERY_MIN_LENGTH) {
      return err(
        'query-too-short',
        `Sökbegreppet behöver vara minst ${INDIVIDUAL_QUERY_MIN_LENGTH} tecken. Använd * före eller efter för att söka på början eller slutet av ett nummer, t.ex. "12*".`,
      );
    }
    return ok({ kind: 'substring', text });
  }
  const parts = text.split('*').filter((p) => p.length > 0);
  const literalLength = parts.reduce((n, p) => n + p.length, 0);
  if (literalLength < INDIVIDUAL_WILDCARD_MIN_LENGTH) {
    return err(
      'query-too-short',
      `Ange minst ${INDIVIDUAL_WILDCARD_MIN_LENGTH} tecken utöver * (stjärna), t.ex. "12*" eller "*12".`,
    );
  }
  const anchoredStart = !text.startsWith('*');
  const anchoredEnd = !text.endsWith('*');
  if (parts.length === 1 && anchoredStart && !anchoredEnd) return ok({ kind: 'prefix', text: parts[0]! });
  if (parts.length === 1 && !anchoredStart && anchoredEnd) return ok({ kind: 'suffix', text: parts[0]! });
  if (parts.length === 1 && !anchoredStart && !anchoredEnd) return ok({ kind: 'substring', text: parts[0]! });
  return ok({ kind: 'pattern', parts, anchoredStart, anchoredEnd });
}
