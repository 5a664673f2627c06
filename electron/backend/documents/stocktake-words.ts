import { formatIso } from '../../../shared/domain/stocktake/scope';
import type { VARIANCE_FLAGS, VARIANCE_OUTCOMES } from './schemas';

/** The stocktake documents' words, shared by the PDF, the Excel file and the CSV. */

export const FLAG_TEXT: Record<(typeof VARIANCE_FLAGS)[number], string> = {
  uncounted: 'Ej räknad',
  recounted: 'Räknad om',
  kept: 'Behållen',
  outOfScope: 'Utanför omfattningen',
  negative: 'Negativt saldo',
  needsDecision: 'Rörelse efter räkning',
};

export const OUTCOME_TEXT: Record<(typeof VARIANCE_OUTCOMES)[number], string> = {
  found: 'Hittad',
  missing: 'Saknas',
  uncounted: 'Ej räknad',
  arrivedAfter: 'Kom in efter räkningen',
  leftAfter: 'Gick ut efter räkningen',
  wrongPlace: 'Fel plats',
  outOfScope: 'Utanför omfattningen',
};

/** "120603" → "12 06 03" (an empty class stays empty). */
export const isoText = (code: string): string => (code.trim() === '' ? '' : formatIso(code));

/** A stocktake's state in words, for the documents' headers. */
export function stocktakeStateText(s: { status: string; blind: boolean; approvedAt: string | null; approvedBy: string | null }, approvedAtText: (iso: string) => string): string {
  const kind = s.blind ? 'Blindinventering' : 'Öppen inventering';
  if (s.status === 'approved' && s.approvedAt) return `${kind} · godkänd ${approvedAtText(s.approvedAt)}${s.approvedBy ? ` av ${s.approvedBy}` : ''}`;
  return `${kind} · pågår`;
}

/** A file name of safe characters: letters (Swedish too), digits, space, dot, dash, underscore. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[ .-]+|[ .-]+$/g, '');
  return (cleaned || 'Dokument').slice(0, 120);
}
