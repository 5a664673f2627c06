import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend } from '../backend/backend';
import { acceptLostChangesFrom, syncOptionsFromEnv } from '../backend/config';
import { defaultDataDir, restrictNewFiles } from '../backend/db/data-dir';
import { ReplicaOpenError, startupErrorOf } from '../backend/db/replica';
import { machineConfigFile, MachineConfigError, machineConfigStartupError, machineSettings, readMachineConfig, withMachineConfig } from '../backend/machine-config/machine-config';
import type { Backend } from '../backend/backend';
import type { AppError } from '../../shared/result';
import { newWebSecret, webSecretFrom } from './auth';
import { startWebHost } from './server';
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

async function main(): Promise<void> {
  const started = Date.now();
  restrictNewFiles();
  let backend: Backend | null = null;
  let startupError: AppError | undefined;
  try {
    // IT's machine configuration laid over the environment (decision 0033); BUFFERT_MACHINE_CONFIG
    // may point elsewhere here (the web host is for development and tests, never installed).
    const machine = readMachineConfig(machineConfigFile({ platform: process.platform, env: process.env, allowOverride: true }));
    const env = withMachineConfig(process.env, machine);
    backend = openBackend({
      dataDir,
      replicaKey: webHostKeyStore({ env, keyFile: values['key-file'], dataDir }),
      appVersion: process.env.npm_package_version ?? '0.1.0',
      ...syncOptionsFromEnv(env),
      acceptLostChanges: acceptLostChangesFrom(env, process.argv),
      machineConfig: { config: machine.config, view: machineSettings(process.env, machine) },
    });
  } catch (error) {
    if (!(error instanceof ReplicaOpenError) && !(error instanceof MachineConfigError)) throw error;
    // Serve the UI anyway so that it can show the startup-error screen (not a blank window).
    startupError = error instanceof MachineConfigError ? machineConfigStartupError(error) : startupErrorOf(error);
    console.error(startupError.message);
  }
  // The secret of this launch (decision 0017): the parent's when it gave one (tests, which call the
  // API themselves), otherwise random. The launch link goes to stdout, which only the parent reads
  // (scripts/start.mjs opens it in Chromium); it works once.
  const secret = webSecretFrom(process.env);
  delete process.env.BUFFERT_WEB_SECRET;
  const host = await startWebHost({ backend, startupError, port: Number(values.port), staticDir, secret, launchToken: newWebSecret() });
  console.log(`Buffert körs på ${host.launchUrl ?? host.url}  (data: ${dataDir}, startade på ${Date.now() - started} ms)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    backend?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
