import { z } from 'zod';
import { err, ok, type Result } from '../result';
import type { SETTING_SOURCES } from './settings';
import { LABEL_PRINTER_PRESET_IDS } from './print';
import { HID_POS_PROFILE_NAMES, KEYBOARD_LAYOUTS, ScannerDeviceRef, ScannerMode } from './scanner';

/**
 * The machine configuration (issue 13; docs/deploy-workstation.md, decision 0033): one JSON file
 * that municipal IT deploys to the machine-wide config folder (`%ProgramData%\Buffert\config.json`,
 * `/etc/buffert/config.json`). Every field is optional: what the file leaves out comes from the
 * environment (development, tests) or the default. What the file sets wins, so a user cannot turn
 * the lock off or point the workstation at another central with an environment variable.
 *
 * Pure: the shells read the file, this parses it, with Swedish messages that name the file and the
 * field.
 */

const Text = (max: number) => z.string().trim().min(1, 'får inte vara tomt').max(max, `högst ${max} tecken`);
/** A file on the machine (a CA bundle, a CRL): an absolute path. */
const FilePath = Text(1024).refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'ska vara en absolut sökväg (t.ex. C:\\ProgramData\\Buffert\\ca.pem eller /etc/buffert/ca.pem)');
/** An http(s) address with a host and no user name or password in it. */
const WebUrl = Text(2048).regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'ska vara en webbadress som börjar med https:// (utan användarnamn eller lösenord)');

export const MachineConfig = z
  .object({
    /** The region's central server and the store this workstation belongs to. */
    central: z
      .object({
        url: WebUrl,
        storeId: z.string().trim().regex(/^\d{5}$/, 'ska vara lagrets nummer, fem siffror (t.ex. 50301)'),
        /** The region's enrolment key for the workstation's first registration. */
        enrolmentKey: Text(512),
        /** PEM of central's TLS CA when the operating system does not know it. */
        caFile: FilePath,
      })
      .partial()
      .strict(),
    login: z
      .object({
        method: z.enum(['siths', 'password']),
        /** Inactivity before the lock, 0 = never. */
        lockMinutes: z.number().int('ska vara ett heltal').min(0, 'minst 0').max(240, 'högst 240'),
        offlineLoginDays: z.number().int('ska vara ett heltal').min(1, 'minst 1').max(30, 'högst 30'),
        cardReaders: z.enum(['pcsc', 'off']),
      })
      .partial()
      .strict(),
    /** SITHS on the workstation: which person issuing CAs' certificates are offered at login. */
    siths: z
      .object({
        /** PEM bundle of the SITHS root and person issuing CAs (never the function CA). */
        caBundle: FilePath,
        /** The issuing CAs' CRL files (PEM or DER), which IT keeps current (as on central: docs/security.md). */
        crl: z.array(FilePath).min(1, 'ange minst en plats, eller ta bort fältet').max(20, 'högst 20 platser'),
        /** Common names of the issuing CAs; default: the issuing CAs of caBundle. */
        issuers: z.array(Text(200)).min(1, 'ange minst en utfärdare, eller ta bort fältet').max(20, 'högst 20 utfärdare'),
      })
      .partial()
      .strict(),
    /** The scanner this machine has: the defaults of its scanner settings, and whether users may change them. */
    scanner: z
      .object({
        mode: ScannerMode,
        profile: z.enum(HID_POS_PROFILE_NAMES),
        layout: z.enum(KEYBOARD_LAYOUTS),
        device: ScannerDeviceRef.nullable(),
        userMayChange: z.boolean(),
      })
      .partial()
      .strict(),
    /** The label printer at this workstation (a printer name as the operating system knows it). */
    labelPrinter: z
      .object({
        name: Text(200),
        /** The printer and roll (shared/api/print.ts): the label PDF's page size. */
        preset: z.enum(LABEL_PRINTER_PRESET_IDS, { error: `ska vara en av ${LABEL_PRINTER_PRESET_IDS.join(', ')}` }),
      })
      .partial()
      .strict(),
    /** The region's update server (electron-updater's generic provider). */
    updates: z
      .object({
        url: WebUrl,
        enabled: z.boolean(),
        /** `latest` (default) or another channel the region publishes (beta → beta.yml). */
        channel: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'ska vara kanalens namn: små bokstäver, siffror och bindestreck (t.ex. latest eller beta)'),
        /** A UUID that places this machine in a staged rollout (latest.yml's stagingPercentage). */
        stagingId: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'ska vara ett UUID (t.ex. 6f1c2b9e-0d4a-4e8e-9b1a-2f3c4d5e6f70)'),
      })
      .partial()
      .strict(),
    backup: z
      .object({
        /** Daily backups of the replica are kept this many days. */
        keepDays: z.number().int('ska vara ett heltal').min(1, 'minst 1').max(365, 'högst 365'),
      })
      .partial()
      .strict(),
    log: z
      .object({
        level: z.enum(['error', 'warn', 'info', 'debug']),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type MachineConfig = z.infer<typeof MachineConfig>;

const swedish = z.locales.sv().localeError;

/** "fältet "login.lockMinutes" högst 240" style sentences, at most five. */
function describe(file: string, error: z.ZodError): string {
  const problems = error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `okänt fält ${issue.keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')} (stavfel?)`;
    }
    const field = issue.path.length > 0 ? `fältet "${issue.path.join('.')}"` : 'filen';
    return `${field}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (och ${error.issues.length - 5} fel till)` : '';
  return `Maskinkonfigurationen ${file} är felaktig – ${problems.join('; ')}${more}. Rätta filen (eller be IT göra det) och starta Buffert igen.`;
}

/** Line and column of a JSON syntax error, when the engine says where. */
function jsonPosition(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` på rad ${lineColumn[1]}, kolumn ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` på rad ${line}, kolumn ${column}`;
}

/**
 * The machine configuration in `text` (the content of `file`), or a Swedish message naming the
 * file and each wrong field. A UTF-8 byte-order mark (Notepad) and a `$schema` key are allowed.
 */
export function parseMachineConfig(text: string, file: string): Result<MachineConfig> {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(clean);
  } catch (error) {
    return err('machine-config', `Maskinkonfigurationen ${file} är inte giltig JSON${jsonPosition(clean, (error as Error).message)}. Rätta filen (eller be IT göra det) och starta Buffert igen.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err('machine-config', `Maskinkonfigurationen ${file} ska innehålla ett JSON-objekt ({ … }). Rätta filen (eller be IT göra det) och starta Buffert igen.`);
  }
  const { $schema: _schema, ...fields } = json as Record<string, unknown>;
  const parsed = MachineConfig.safeParse(fields, { error: swedish });
  if (!parsed.success) return err('machine-config', describe(file, parsed.error));
  return ok(parsed.data);
}

/** Where a setting's value came from, as the Inställningar page shows it (one list: settings.ts). */
export type SettingSource = (typeof SETTING_SOURCES)[number];
