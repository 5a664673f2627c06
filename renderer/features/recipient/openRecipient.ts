import { DEFAULT_CARE_UNIT_CODE_FORM, type CareUnitCodeForm } from '../../../shared/domain/recipient/search';
import type { ScanMeaning } from '../../../shared/scan';

/**
 * What a scan means for Mottagare's search: a personnummer (normalized to 12 digits by the
 * classifier), or a code of the region's care-unit form (region setting careUnitCode); null for
 * anything else.
 */
export function recipientQueryOfScan(meaning: ScanMeaning, form: CareUnitCodeForm = DEFAULT_CARE_UNIT_CODE_FORM): string | null {
  if (meaning.kind === 'personalNumber') return meaning.personalNumber.normalized;
  const text = meaning.text.trim();
  if (form.pattern.test(text)) return text;
  return null;
}
