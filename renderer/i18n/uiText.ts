import type { TFunction } from 'i18next';

/**
 * A message a store hands to a screen: either a catalogue key (the store's own words, translated
 * at the screen) or a text as the backend or a shared rule said it (already Swedish, shown as is).
 */
export type UiText = { key: UiTextKey; values?: Record<string, string | number> } | { text: string };

/** The catalogue keys stores may use (checked against sv.json by the compiler). */
export type UiTextKey =
  | 'order.cart.errors.quantityMissing'
  | 'order.cart.errors.noLines'
  | 'order.cart.errors.fixQuantities'
  | 'receipt.errors.quantityInvalid'
  | 'centralDelivery.scan.counted'
  | 'centralDelivery.scan.over'
  | 'centralDelivery.scan.noLine'
  | 'centralDelivery.scan.unknown'
  | 'centralDelivery.report.textMissing'
  | 'centralDelivery.report.textTooLong'
  | 'stocktake.count.skipped'
  | 'stocktake.quantity.missing'
  | 'stocktake.quantity.decimals'
  | 'stocktake.quantity.notNumber';

export const uiKey = (key: UiTextKey, values?: Record<string, string | number>): UiText => (values ? { key, values } : { key });
export const uiText = (text: string): UiText => ({ text });

export function renderUiText(t: TFunction, value: UiText): string {
  return 'text' in value ? value.text : t(value.key, value.values ?? {});
}
