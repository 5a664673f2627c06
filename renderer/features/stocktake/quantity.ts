import { CountQuantity } from '../../../shared/domain/stocktake/mutations';
import { uiKey, uiText, type UiText } from '../../i18n/uiText';

/**
 * A quantity typed on the counting screen: a whole number 0–100 000 (spaces as thousands
 * separators are fine). Decimals, signs and letters are refused with a Swedish reason; the range
 * is the shared rule's (CountQuantity), so the screen and the backend say the same.
 */
export function parseCountQuantity(text: string): { ok: true; value: number } | { ok: false; error: UiText } {
  const t = text.replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return { ok: false, error: uiKey('stocktake.quantity.missing') };
  if (/^[+-]?\d*[.,]\d+$/.test(t)) return { ok: false, error: uiKey('stocktake.quantity.decimals') };
  if (!/^-?\d+$/.test(t)) return { ok: false, error: uiKey('stocktake.quantity.notNumber') };
  const parsed = CountQuantity.safeParse(Number(t));
  if (!parsed.success) return { ok: false, error: uiText(parsed.error.issues[0]?.message ?? 'Ogiltigt antal.') };
  return { ok: true, value: parsed.data };
}
