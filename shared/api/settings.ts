import { z } from 'zod';
import { LABEL_PRINTER_PRESET_IDS, PrinterName } from './print';

/**
 * Inställningar (issue 13, decision 0033): what IT set for this machine (read-only: the machine
 * configuration file, else the environment, else the default) and what each person chooses for
 * themselves on this workstation.
 */

export const SETTING_SOURCES = ['machine', 'environment', 'default'] as const;

export const MachineSettingView = z.object({
  /** The field's name in the machine configuration, e.g. `login.lockMinutes`. */
  path: z.string(),
  /** The value in effect as text; null: the app's default; secrets are never shown. */
  value: z.string().nullable(),
  source: z.enum(SETTING_SOURCES),
});
export type MachineSettingView = z.infer<typeof MachineSettingView>;

export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** A person's own choices on this workstation (kept in the data directory, per user, never synced). */
export const UserSettings = z
  .object({
    /** The size of all text (older screens, reading distance at the counter). */
    textSize: z.enum(TEXT_SIZES),
    /** The printers last printed to here, per kind (the print preview proposes them). */
    printers: z.object({ document: PrinterName.nullable(), label: PrinterName.nullable() }).strict().default({ document: null, label: null }),
    /** The label printer preset last printed labels with (else the machine's). */
    labelPreset: z.enum(LABEL_PRINTER_PRESET_IDS).nullable().default(null),
  })
  .strict();
export type UserSettings = z.infer<typeof UserSettings>;

export const DEFAULT_USER_SETTINGS: UserSettings = Object.freeze({ textSize: 'normal', printers: Object.freeze({ document: null, label: null }), labelPreset: null });

export const SettingsView = z.object({
  machine: z.object({
    /** Where the machine configuration is looked for, and whether it is there. */
    file: z.string(),
    present: z.boolean(),
    settings: z.array(MachineSettingView),
    /** The scanner settings IT fixed (the Skannrar page cannot change them). */
    scannerLocked: z.array(z.string()),
  }),
  user: UserSettings,
});
export type SettingsView = z.infer<typeof SettingsView>;
