import type { ScanMeaning } from '../../../shared/scan';

/**
 * What a scan means for Mottagare's search: a personnummer (normalized to 12 digits by the
 * classifier), or a short number that may be a care unit's code; null for anything else.
 */
export function recipientQueryOfScan(meaning: ScanMeaning): string | null {
  if (meaning.kind === 'personalNumber') return meaning.personalNumber.normalized;
  const text = meaning.text.trim();
  if (/^\d{4,5}$/.test(text)) return text;
  return null;
}
