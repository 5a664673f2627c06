import { z } from 'zod';
import { STOCK_ARTICLE_TYPE_FILTERS } from '../model';

/**
 * The region's settings (issue 13 item 4): the places where the four regions' manuals disagree
 * (DOMAIN.md: "when the seeds disagree with each other, the behaviour is a setting"). Central owns
 * them (table `region_setting`, one row per key, the value as JSON) and they reach every
 * workstation through the change feed like any other central-owned master data. The workstation
 * and central run the same rules with the same values.
 *
 * Each key is validated on its own: a row central cannot parse is never used, the key falls back to
 * its default and the problem is shown (never silently accepted).
 *
 * The defaults are what Buffert did before the settings existed.
 */

const StoreNo = z.string().regex(/^[0-9A-Za-z]{1,10}$/, 'Ett lagernummer är 1–10 siffror eller bokstäver.');

export const REGION_SETTING_SCHEMAS = {
  /** Inloggning: SITHS card + PIN (manuals 002, 003) or user name + password (001). */
  loginMode: z.enum(['siths', 'password']),
  /** Vårdenhetens kod: a regular expression's source (whole code) and its Swedish description. */
  careUnitCode: z.object({ pattern: z.string().min(1).max(200), description: z.string().min(1).max(80) }),
  /** Samleverans: the joint-delivery flag's default on a new order. */
  jointDeliveryDefault: z.boolean(),
  /** Makulera: only while Registrerad (false), or also only on the day it was placed (true, manual 000). */
  cancelSameDayOnly: z.boolean(),
  /** Hämtorder: whether the region's reason list is required (true) — reasons themselves are rows of `pickup_reason`. */
  pickupReasonRequired: z.boolean(),
  /** Artikelsök: each term a substring of at least 3 characters in any order (003), or the whole text exactly. */
  articleSearch: z.enum(['substringPerTerm', 'exact']),
  /** Individsök: `*` wildcards (000), a substring of ≥ 3 characters anywhere (003), or both. */
  individualSearch: z.enum(['both', 'wildcards', 'substring']),
  /** Lagernummer: the central store, the purchase store (inköpslager) and the investigation store (utredningslager). */
  storeNumbers: z.object({ central: StoreNo, purchase: StoreNo, investigation: StoreNo }),
  /** Direktförskrivning / direktbeställning: needs a separate utleverans (true) or is issued when placed (false). */
  directOrderNeedsIssue: z.boolean(),
  /** Who registers new individuals: the store may register B-aids (store) or only central does (central). */
  individualRegistration: z.enum(['store', 'central']),
  /** Lagersaldo: the article-type filter the stock list starts with (the user can still change it). */
  stockListType: z.enum(STOCK_ARTICLE_TYPE_FILTERS),
  /** Retur: returned individuals pass rekond / rengöring before they are available. */
  returnRekond: z.boolean(),
} as const;

export type RegionSettingKey = keyof typeof REGION_SETTING_SCHEMAS;
export type RegionSettings = { [K in RegionSettingKey]: z.infer<(typeof REGION_SETTING_SCHEMAS)[K]> };
export const REGION_SETTING_KEYS = Object.keys(REGION_SETTING_SCHEMAS) as RegionSettingKey[];

export const DEFAULT_REGION_SETTINGS: RegionSettings = {
  loginMode: 'password',
  careUnitCode: { pattern: '\\d{4,5}', description: '4–5 siffror' },
  jointDeliveryDefault: false,
  cancelSameDayOnly: true,
  pickupReasonRequired: true,
  articleSearch: 'substringPerTerm',
  individualSearch: 'both',
  storeNumbers: { central: '10', purchase: '800', investigation: '999' },
  directOrderNeedsIssue: true,
  individualRegistration: 'store',
  stockListType: 'all',
  returnRekond: true,
};
