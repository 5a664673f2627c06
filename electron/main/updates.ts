import fs from 'node:fs';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { openWorkReader } from '../backend/update/open-work';
import { updateSettingsFromEnv } from '../backend/update/settings';
import { APP_NAME, type MainApp } from './app';
import { driveUpdater, installKind, updatesOffReason, type UpdaterControl } from './updater';

/**
 * Electron's side of the updates (updater.ts has the logic, decision 0033): decides whether this
 * installation updates itself at all (an MSI's does not), then lets electron-updater's own
 * updater for the platform (NSIS on Windows, AppImage or deb on Linux) check the region's server,
 * and arms the install on each quit from the replica's open work. Returns null when updates are off.
 */
export function startUpdates(main: MainApp, options: { env?: NodeJS.ProcessEnv; log?: Pick<Console, 'info' | 'warn' | 'error'> } = {}): UpdaterControl | null {
  // The machine configuration's update settings are in main.env (decision 0034).
  const env = options.env ?? main.env;
  const log = options.log ?? console;
  const settings = updateSettingsFromEnv(env);
  const kind = installKind({
    platform: process.platform,
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    resourcesPath: process.resourcesPath,
    productName: APP_NAME,
    env,
    exists: (file) => fs.existsSync(file),
    readText: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
  });
  const off = updatesOffReason(kind, settings);
  if (off !== null || settings.url === null) {
    log.info(`Buffert: automatiska uppdateringar är avstängda (${off ?? 'ingen uppdateringsserver'}).`);
    return null;
  }
  const control = driveUpdater(autoUpdater, {
    settings: { ...settings, url: settings.url },
    openWork: () => {
      const backend = main.backend();
      return backend === null ? null : openWorkReader(backend.context.db, backend.context.ownStoreId)();
    },
    log,
  });
  // Before the replica closes (app.ts closes it on 'will-quit', which comes after this).
  app.on('before-quit', () => control.beforeQuit());
  void main.ready.then(() => control.start());
  return control;
}
