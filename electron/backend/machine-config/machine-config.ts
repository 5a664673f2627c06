import fs from 'node:fs';
import path from 'node:path';
import { parseMachineConfig, type MachineConfig, type SettingSource } from '../../../shared/api/machine-config';
import type { AppError } from '../../../shared/result';
import type { MachineScanner } from '../scanner/service';

/**
 * The machine configuration file (shared/api/machine-config.ts, decision 0033): where it lives,
 * reading it, and how its values reach the settings that used to come from environment variables
 * only (config.ts). One reader per setting: the file's values are laid over the environment.
 */

export const MACHINE_CONFIG_ENV = 'BUFFERT_MACHINE_CONFIG';

/**
 * The machine-wide file: `%ProgramData%\Buffert\config.json` on Windows, `/Library/Application
 * Support/Buffert/config.json` on macOS, `/etc/buffert/config.json` elsewhere. `BUFFERT_MACHINE_CONFIG`
 * points somewhere else only where `allowOverride` (the web host and tests; never the installed
 * app, where a user could otherwise set their own lock time).
 */
export function machineConfigFile(options: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; allowOverride: boolean }): string {
  const override = options.env[MACHINE_CONFIG_ENV]?.trim();
  if (options.allowOverride && override) return path.resolve(override);
  if (options.platform === 'win32') return path.win32.join(options.env.ProgramData?.trim() || 'C:\\ProgramData', 'Buffert', 'config.json');
  if (options.platform === 'darwin') return '/Library/Application Support/Buffert/config.json';
  return '/etc/buffert/config.json';
}

/** The file as read at start: absent (nothing set by IT) or its validated content. */
export interface MachineConfigState {
  file: string;
  present: boolean;
  config: MachineConfig;
}

/** Thrown for a file that is there but cannot be used; the message names the file and the field. */
export class MachineConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'MachineConfigError';
  }
}

/** What the startup-error screen tells the person to do about a machine configuration that cannot be used. */
export const MACHINE_CONFIG_TODO =
  'Maskinkonfigurationen läggs ut av kommunens IT. Kontakta IT-supporten och ge dem meddelandet ovan; Buffert startar när filen är rättad. Ingenting i lagret har ändrats.';

/** The startup error (the renderer's startup-error screen) for a file that cannot be used. */
export function machineConfigStartupError(error: MachineConfigError): AppError {
  return { code: 'startup-failed', message: error.message, details: { reason: 'machine-config', path: error.file, todo: MACHINE_CONFIG_TODO } };
}

/** Reads and validates the file; a missing file is no configuration, anything wrong throws MachineConfigError. */
export function readMachineConfig(file: string): MachineConfigState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file, present: false, config: {} };
    throw new MachineConfigError(`Maskinkonfigurationen ${file} kunde inte läsas (${code ?? 'fel'}). Kontrollera att filen går att läsa för alla användare.`, file);
  }
  const parsed = parseMachineConfig(text, file);
  if (!parsed.ok) throw new MachineConfigError(parsed.error.message, file);
  return { file, present: true, config: parsed.value };
}

/**
 * Each setting the file can make, with the environment variable it stands for (docs/security.md
 * and the modules that read `BUFFERT_*`): one table, so the file, the environment and the
 * Inställningar page can never disagree about a name.
 */
export const MACHINE_SETTINGS = [
  { path: 'central.url', env: 'BUFFERT_CENTRAL_URL' },
  { path: 'central.storeId', env: 'BUFFERT_STORE_ID' },
  { path: 'central.enrolmentKey', env: 'BUFFERT_ENROLMENT_KEY', secret: true },
  { path: 'central.caFile', env: 'BUFFERT_CENTRAL_CA' },
  { path: 'login.method', env: 'BUFFERT_LOGIN_METHOD' },
  { path: 'login.lockMinutes', env: 'BUFFERT_LOCK_MINUTES' },
  { path: 'login.offlineLoginDays', env: 'BUFFERT_OFFLINE_LOGIN_DAYS' },
  { path: 'login.cardReaders', env: 'BUFFERT_CARD_READERS' },
  { path: 'siths.caBundle', env: 'BUFFERT_SITHS_CA' },
  { path: 'siths.crl', env: 'BUFFERT_SITHS_CRL' },
  { path: 'siths.issuers', env: 'BUFFERT_SITHS_ISSUERS' },
  { path: 'labelPrinter.name', env: 'BUFFERT_LABEL_PRINTER' },
  { path: 'labelPrinter.preset', env: 'BUFFERT_LABEL_PRESET' },
  { path: 'updates.url', env: 'BUFFERT_UPDATE_URL' },
  { path: 'updates.enabled', env: 'BUFFERT_UPDATES' },
  { path: 'updates.channel', env: 'BUFFERT_UPDATE_CHANNEL' },
  { path: 'updates.stagingId', env: 'BUFFERT_UPDATE_STAGING_ID' },
  { path: 'backup.keepDays', env: 'BUFFERT_BACKUP_KEEP_DAYS' },
  { path: 'log.level', env: 'BUFFERT_LOG_LEVEL' },
] as const satisfies ReadonlyArray<{ path: string; env: string; secret?: boolean }>;

export type MachineSettingPath = (typeof MACHINE_SETTINGS)[number]['path'];

/** A value of the file as its environment variable's text (lists comma-separated, on/off for yes/no). */
function valueAt(config: MachineConfig, dotted: string): string | undefined {
  let value: unknown = config;
  for (const key of dotted.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** The environment variables the file's values stand for: only what the file sets. */
export function machineConfigEnv(config: MachineConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const setting of MACHINE_SETTINGS) {
    const value = valueAt(config, setting.path);
    if (value !== undefined) env[setting.env] = value;
  }
  return env;
}

/** The environment the app runs with: the process's, with what the machine configuration sets laid over it. */
export function withMachineConfig(env: NodeJS.ProcessEnv, state: MachineConfigState): NodeJS.ProcessEnv {
  return { ...env, ...machineConfigEnv(state.config) };
}

/** One line of the Inställningar page: the setting, its value in effect (secrets never shown) and where it came from. */
export interface MachineSettingView {
  path: MachineSettingPath;
  value: string | null;
  source: SettingSource;
}

/** The machine's settings as the Inställningar page shows them. */
export interface MachineSettings {
  file: string;
  present: boolean;
  settings: MachineSettingView[];
}

/** What the file sets, what the environment sets, the rest default (null: the app's default applies). */
export function machineSettings(processEnv: NodeJS.ProcessEnv, state: MachineConfigState): MachineSettings {
  const machine = machineConfigEnv(state.config);
  const settings = MACHINE_SETTINGS.map((setting): MachineSettingView => {
    const fromEnv = processEnv[setting.env]?.trim() || undefined;
    const value = machine[setting.env] ?? fromEnv;
    const source: SettingSource = setting.env in machine ? 'machine' : fromEnv !== undefined ? 'environment' : 'default';
    const secret = 'secret' in setting && setting.secret;
    return { path: setting.path, value: value === undefined ? null : secret ? '••••••' : value, source };
  });
  return { file: state.file, present: state.present, settings };
}

/** The file's scanner section as the scanner service takes it (scanner/service.ts). */
export function machineScannerOf(config: MachineConfig | undefined): MachineScanner {
  const { userMayChange, ...defaults } = config?.scanner ?? {};
  return { defaults, locked: userMayChange === false && Object.keys(defaults).length > 0 };
}
