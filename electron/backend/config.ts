import fs from 'node:fs';
import path from 'node:path';
import type { BackendOptions, LoginSettings } from './backend';
import { ACCEPT_LOST_CHANGES_ENV, ACCEPT_LOST_CHANGES_FLAG } from './db/replica';
import type { DiagnosticsOptions } from './diagnostics/service';
import { LOG_LEVELS, type LogLevel } from './log/logger';

/**
 * The workstation's sync settings from the environment, read the same way by the Electron main
 * process and the web host: `BUFFERT_CENTRAL_URL` (unset: works alone on a local demo replica),
 * `BUFFERT_STORE_ID` (the store this workstation registers for) and `BUFFERT_ENROLMENT_KEY`.
 */
export function syncOptionsFromEnv(env: NodeJS.ProcessEnv): Pick<BackendOptions, 'centralUrl' | 'storeId' | 'sync' | 'login'> {
  const enrolmentKey = env.BUFFERT_ENROLMENT_KEY?.trim();
  // BUFFERT_CENTRAL_CA: a PEM file with the CA of central's TLS certificate, when the system does not know it.
  const caFile = env.BUFFERT_CENTRAL_CA?.trim();
  const centralCa = caFile ? fs.readFileSync(caFile, 'utf8') : undefined;
  const sync = { ...(enrolmentKey ? { enrolmentKey } : {}), ...(centralCa ? { centralCa } : {}) };
  return {
    // With a central server the replica starts empty and the first sync fills it (sync/engine.ts).
    centralUrl: env.BUFFERT_CENTRAL_URL?.trim() || null,
    storeId: env.BUFFERT_STORE_ID?.trim() || undefined,
    sync: Object.keys(sync).length > 0 ? sync : undefined,
    login: loginOptionsFromEnv(env),
  };
}

/**
 * Login settings: BUFFERT_LOGIN_METHOD (`password` or `siths`), BUFFERT_OFFLINE_LOGIN_DAYS
 * (1–30), BUFFERT_LOCK_MINUTES (0–240, 0 = never) and BUFFERT_CARD_READERS (`pcsc` or `off`;
 * default `pcsc` with SITHS). Values out of range fall back to the default.
 */
export function loginOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<LoginSettings> {
  const number = (value: string | undefined, min: number, max: number): number | undefined => {
    const n = Number(value?.trim());
    return value?.trim() && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const method = env.BUFFERT_LOGIN_METHOD?.trim();
  const days = number(env.BUFFERT_OFFLINE_LOGIN_DAYS, 1, 30);
  const lock = number(env.BUFFERT_LOCK_MINUTES, 0, 240);
  const cards = env.BUFFERT_CARD_READERS?.trim();
  return {
    ...(method === 'siths' || method === 'password' ? { method } : {}),
    ...(days !== undefined ? { offlineValidDays: days } : {}),
    ...(lock !== undefined ? { lockAfterMinutes: lock } : {}),
    // The card lock watches PC/SC readers where the region logs in with SITHS, unless turned off.
    ...(cards === 'pcsc' || cards === 'off' ? { cardReaders: cards } : method === 'siths' ? { cardReaders: 'pcsc' as const } : {}),
    ...(env.BUFFERT_DEMO_LOGIN === '1' ? { demoLogin: true } : {}),
  };
}

/**
 * Support's explicit acceptance of a replica that lacks committed changes (db/replica.ts, reason
 * `behind`): `--accept-lost-changes=N` on the command line or `BUFFERT_ACCEPT_LOST_CHANGES=N`,
 * where N is the number the startup-error screen shows. Anything that is not such a number
 * accepts nothing.
 */
export function acceptLostChangesFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): number | null {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`${ACCEPT_LOST_CHANGES_FLAG}=`)) value = arg.slice(ACCEPT_LOST_CHANGES_FLAG.length + 1);
    else if (arg === ACCEPT_LOST_CHANGES_FLAG) value = argv[i + 1];
  }
  value = (value ?? env[ACCEPT_LOST_CHANGES_ENV])?.trim();
  return value && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/**
 * Logs and backups (docs/diagnostics-and-backups.md), until the machine configuration file sets
 * them: BUFFERT_LOG_DIR (default `<data dir>/logs`), BUFFERT_LOG_LEVEL (`error`, `warn`, `info`,
 * `debug`; default `info`), BUFFERT_BACKUP_DIR (default `<data dir>/backups`) and
 * BUFFERT_BACKUP_KEEP_DAYS (1–365, default 14). Values out of range fall back to the default.
 */
export function diagnosticsOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): { logDir: string; logLevel: LogLevel; diagnostics: DiagnosticsOptions } {
  const level = env.BUFFERT_LOG_LEVEL?.trim().toLowerCase();
  const keep = Number(env.BUFFERT_BACKUP_KEEP_DAYS?.trim());
  const logDir = env.BUFFERT_LOG_DIR?.trim() ? path.resolve(env.BUFFERT_LOG_DIR.trim()) : path.join(dataDir, 'logs');
  return {
    logDir,
    logLevel: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : 'info',
    diagnostics: {
      logDir,
      ...(env.BUFFERT_BACKUP_DIR?.trim() ? { backupDir: path.resolve(env.BUFFERT_BACKUP_DIR.trim()) } : {}),
      ...(env.BUFFERT_BACKUP_KEEP_DAYS?.trim() && Number.isInteger(keep) && keep >= 1 && keep <= 365 ? { backupKeepDays: keep } : {}),
    },
  };
}
