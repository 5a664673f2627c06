import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { HistoryEntry } from '../../../shared/api/schemas';

/** The audit details the shared rules write (shared/domain/mutations.ts, `audit.details`). */
const RegisterDetails = z.object({
  individualNo: z.string(),
  articleNo: z.string(),
  serialNo: z.string().nullable(),
  estimatedAgeYears: z.number(),
});
const ChangeNumberDetails = z.object({ from: z.string(), to: z.string(), reason: z.string() });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The text column of a history line. Audit entries carry their details as JSON: the writes of
 * issue 4 are worded in Swedish; the text entry that goes with "Text tillagd" already shows the
 * text, so the audit line stays short. Anything else is shown as it came.
 */
export function historyText(entry: HistoryEntry, t: TFunction): string {
  if (entry.text === null) return '';
  if (entry.kind !== 'audit') return entry.text;
  const details = parseJson(entry.text);
  switch (entry.action) {
    case 'individual.register': {
      const d = RegisterDetails.safeParse(details);
      if (!d.success) break;
      return t('individual.auditText.register', {
        individualNo: d.data.individualNo,
        articleNo: d.data.articleNo,
        serialNo: d.data.serialNo ?? t('common.none'),
        age: d.data.estimatedAgeYears,
      });
    }
    case 'individual.changeNumber': {
      const d = ChangeNumberDetails.safeParse(details);
      if (!d.success) break;
      return t('individual.auditText.changeNumber', d.data);
    }
    // Returns write a text entry of their own beside the audit line (shared/domain/return).
    case 'individual.addText':
    case 'return.rekondDone':
    case 'return.toSupplier':
      return '';
  }
  return entry.text;
}
