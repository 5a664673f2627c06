import path from 'node:path';
import { parseArgs } from 'node:util';
import electronLog from 'electron-log/node';
import { openBackend, replicaPath, type BackendOptions } from '../backend/backend';
import { messages as printMessages, noDirectPrinting } from '../backend/print/host';
import { acceptLostChangesFrom, diagnosticsOptionsFromEnv, syncOptionsFromEnv } from '../backend/config';
import { BackupError, DEFAULT_BACKUP_KEEP_DAYS, listBackups, planRestore } from '../backend/db/backup';
import { defaultDataDir, restrictNewFiles } from '../backend/db/data-dir';
import { ReplicaOpenError, startupErrorOf } from '../backend/db/replica';
import { machineConfigFile, MachineConfigError, machineConfigStartupError, machineSettings, readMachineConfig, withMachineConfig, type MachineConfigState } from '../backend/machine-config/machine-config';
import { backupDirOf, restoreAndReopen, restoreKeyOf } from '../backend/diagnostics/restore';
import { configureFileLog } from '../backend/log/logger';
import type { Backend } from '../backend/backend';
import { parseCall } from '../../shared/api/validate';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { newWebSecret, webSecretFrom } from './auth';
import { startWebHost, type WebHost } from './server';
import { webHostKeyStore } from './replica-key';

/**
 * `npx tsx electron/web-host/main.ts [--port 5174] [--data-dir DIR] [--key-file FILE]`: runs the
 * workstation backend and serves the built renderer on 127.0.0.1. Used by `npm start` where
 * Electron cannot run, and by the end-to-end tests. The replica key comes from
 * BUFFERT_REPLICA_KEY or the key file (replica-key.ts). Never part of an
 * installer (electron-builder.yml, decision 0017).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BUFFERT_PORT ?? '5174' },
    'data-dir': { type: 'string' },
    'static-dir': { type: 'string' },
    'key-file': { type: 'string' },
    // Read by acceptLostChangesFrom; declared so that the strict parser lets it through.
    'accept-lost-changes': { type: 'string' },
  },
});

const dataDir = path.resolve(values['data-dir'] ?? (process.env.BUFFERT_DATA_DIR?.trim() || defaultDataDir()));
const staticDir = values['static-dir'] ?? path.resolve(import.meta.dirname, '../../dist/renderer');
let host: WebHost | null = null;

/** The calls the startup-error screen may make without a backend: the backups (restore from there). */
const RECOVERY_CALLS: ReadonlySet<string> = new Set(['backup.list', 'backup.plan', 'backup.restore']);

async function main(): Promise<void> {
  const started = Date.now();
  restrictNewFiles();
  // IT's machine configuration laid over the environment (decision 0034); BUFFERT_MACHINE_CONFIG
  // may point elsewhere here (the web host is for development and tests, never installed). A file
  // that cannot be used is the startup-error screen, never a start with half the settings.
  let machine: MachineConfigState | null = null;
  let machineFailure: MachineConfigError | null = null;
  try {
    machine = readMachineConfig(machineConfigFile({ platform: process.platform, env: process.env, allowOverride: true }));
  } catch (error) {
    if (!(error instanceof MachineConfigError)) throw error;
    machineFailure = error;
  }
  const env = machine ? withMachineConfig(process.env, machine) : process.env;
  // The same rotating, redacted log file as the Electron app (electron-log, plain Node here).
  const settings = diagnosticsOptionsFromEnv(env, dataDir);
  const log = configureFileLog(electronLog, { dir: settings.logDir, level: settings.logLevel });
  let backend: Backend | null = null;
  let startupError: AppError | undefined;
  const backendOptions: BackendOptions = {
    dataDir,
    replicaKey: webHostKeyStore({ env, keyFile: values['key-file'], dataDir }),
    appVersion: process.env.npm_package_version ?? '0.1.0',
    ...syncOptionsFromEnv(env),
    acceptLostChanges: acceptLostChangesFrom(env, process.argv),
    ...(machine ? { machineConfig: { config: machine.config, view: machineSettings(process.env, machine) } } : {}),
    log,
    diagnostics: settings.diagnostics,
    // Felsökning's restore: close, put the backup in place, reopen (the page reloads).
    onRestoreRequested: (name) => void restore(name),
    // The page runs in a browser: it opens PDFs in a tab and prints from there (decision 0039).
    print: noDirectPrinting(printMessages.webHost),
  };
  const opened = (error: unknown): void => {
    if (!(error instanceof ReplicaOpenError) && !(error instanceof MachineConfigError)) throw error;
    // Serve the UI anyway so that it can show the startup-error screen (not a blank window).
    startupError = error instanceof MachineConfigError ? machineConfigStartupError(error) : startupErrorOf(error);
    log.error(startupError.message);
  };
  if (machineFailure) {
    opened(machineFailure);
  } else {
    try {
      backend = openBackend(backendOptions);
    } catch (error) {
      opened(error);
    }
  }

  /** Restores backup `name` in place of the replica and swaps the host over to the reopened backend. */
  const restore = (name: string): Result<{ restarting: true; lostChanges: number }> => {
    const before = backend;
    backend = null;
    host?.setBackend(null, { code: 'restarting', message: 'Buffert återställer en säkerhetskopia. Vänta.' });
    try {
      const { backend: reopened, outcome } = restoreAndReopen(before, backendOptions, name);
      backend = reopened;
      startupError = undefined;
      host?.setBackend(reopened);
      return ok({ restarting: true as const, lostChanges: outcome.lostChanges });
    } catch (error) {
      log.error(`Buffert: restoring backup ${name} failed`, error);
      // A backup refused before anything was moved leaves the replica as it was: open it again.
      if (error instanceof BackupError) {
        try {
          backend = openBackend(backendOptions);
        } catch (again) {
          opened(again);
        }
        host?.setBackend(backend, startupError);
        return err(`backup-${error.code}`, error.message);
      }
      opened(error);
      host?.setBackend(null, startupError);
      return err('restore-failed', startupError?.message ?? 'Återställningen misslyckades.');
    }
  };

  /** The startup-error screen's calls (no backend, no login possible): list, plan and restore backups. */
  const recovery = (name: string, input: unknown): Result<unknown> => {
    const callOk = parseCall(name, input);
    if (!callOk.ok) return callOk;
    let key;
    try {
      key = restoreKeyOf(backendOptions);
    } catch (error) {
      log.error('Buffert: no replica key for the backups', error);
      return err('backup-unreadable', 'Säkerhetskopiorna kan inte läsas utan den här datorns nyckel.');
    }
    const dir = backupDirOf(backendOptions);
    try {
      if (name === 'backup.list') return ok({ dir, keepDays: settings.diagnostics.backupKeepDays ?? DEFAULT_BACKUP_KEEP_DAYS, backups: listBackups(dir, key), lastError: null });
      const backupName = (callOk.value.input as { name: string }).name;
      if (name === 'backup.plan') {
        const p = planRestore(replicaPath(dataDir), dir, backupName, key);
        return ok({ backup: p.restored, lostChanges: p.lostChanges, unsyncedChanges: null });
      }
      return restore(backupName);
    } catch (error) {
      if (error instanceof BackupError) return err(`backup-${error.code}`, error.message);
      throw error;
    }
  };

  // The secret of this launch (decision 0017): the parent's when it gave one (tests, which call the
  // API themselves), otherwise random. The launch link goes to stdout, which only the parent reads
  // (scripts/start.mjs opens it in Chromium); it works once.
  const secret = webSecretFrom(process.env);
  delete process.env.BUFFERT_WEB_SECRET;
  host = await startWebHost({
    backend,
    startupError,
    port: Number(values.port),
    staticDir,
    secret,
    launchToken: newWebSecret(),
    recovery: { names: RECOVERY_CALLS, call: recovery },
    log,
  });
  log.info(`Buffert web host ${backendOptions.appVersion ?? ''} started on port ${host.port} (data: ${dataDir}, ${backend ? 'replica open' : 'startup error'})`);
  console.log(`Buffert körs på ${host.launchUrl ?? host.url}  (data: ${dataDir}, startade på ${Date.now() - started} ms)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host?.close();
    backend?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
