import { z } from 'zod';
import { REGION_SETTING_SCHEMAS } from '../domain/region-settings/settings';

/** The region's settings as the workstation uses them: every key's value in effect (a bad stored one: its default). */
export const RegionSettingsValues = z.object(REGION_SETTING_SCHEMAS).strict();

/** `regionSettings.get`: the values in effect, the stored values that were refused, and which keys central has set. */
export const RegionSettingsView = z
  .object({
    settings: RegionSettingsValues,
    problems: z.array(z.object({ key: z.string(), message: z.string() }).strict()),
    /** Keys with a row from central (the others are the defaults). */
    stored: z.array(z.string()),
  })
  .strict();
export type RegionSettingsView = z.infer<typeof RegionSettingsView>;
