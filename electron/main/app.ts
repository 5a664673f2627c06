import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, shell } from 'electron';
import { eventNames } from '../../shared/api/contract';
import { IPC_EVENT_CHANNEL } from '../../shared/api/transport';
import { openBackend, replicaPath, type Backend } from '../backend/backend';
import { platformPrintHost, PrintError } from '../backend/print/host';
import { acceptLostChangesFrom, diagnosticsOptionsFromEnv, syncOptionsFromEnv } from '../backend/config';
import { ACCEPT_LOST_CHANGES_FLAG, ReplicaOpenError } from '../backend/db/replica';
import { listBackups, planRestore, restoreBackup } from '../backend/db/backup';
import { backupDirOf, restoreKeyOf } from '../backend/diagnostics/restore';
import type { Logger } from '../backend/log/logger';
import { debugFlags, debugRefusedMessage } from './debug-flags';
import { messages } from './messages';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './protocol';
import { restrictNewFiles } from '../backend/db/data-dir';
import { machineConfigFile, MachineConfigError, readMachineConfig, machineSettings, withMachineConfig, type MachineConfigState } from '../backend/machine-config/machine-config';
import { desktopKeyStore } from './replica-key';
import { isRendererUrl, registerRouter, rendererUrl } from './router';
import { installSiths, sithsIssuersFromEnv, sithsRevocationFromEnv } from './siths';
import { describeStartupFailure, htmlDataUrl, startupErrorHtml, type StartupFailure } from './startup-error';
import { errorWindowOptions, hardenWebContents, mainWindowOptions } from './window';
import { centralOriginOf, contentSecurityPolicy } from './csp';

/**
 * The main process's life: one instance per data directory, open the replica, one window, one
 * IPC router, backend events forwarded to the page, and a clean close of the replica on quit.
 */

export interface MainOptions {
  /**
   * Absolute path of the built renderer's index.html. Its folder is what `app://buffert/` serves
   * (protocol.ts); the window loads `app://buffert/index.html`, never this path as `file://`.
   */
  rendererIndex: string;
  /** Absolute path of the bundled CommonJS preload script. */
  preloadPath: string;
  env?: NodeJS.ProcessEnv;
  /** The command line (default process.argv): support's `--accept-lost-changes=N` is read from it. */
  argv?: readonly string[];
  /** Quit on SIGINT/SIGTERM (Ctrl-C in the terminal of `npm start`); off in unit tests. */
  handleSignals?: boolean;
  log?: Pick<Console, 'error' | 'warn' | 'info'>;
  /** The log once the data directory is known (index.ts: electron-log's rotating, redacted file there). */
  makeLog?: (dataDir: string, env: NodeJS.ProcessEnv) => Logger;
}

export interface MainApp {
  /** Settles when start-up is done (window shown or the startup-error screen up). */
  readonly ready: Promise<void>;
  readonly dataDir: string;
  /** The environment with the machine configuration laid over it (decision 0034): what every setting is read from. */
  readonly env: NodeJS.ProcessEnv;
  mainWindow(): BrowserWindow | null;
  backend(): Backend | null;
  /** Closes the router, the event forwarding and the replica; safe to call more than once. */
  shutdown(): void;
}

export const APP_NAME = 'Buffert';

/** `BUFFERT_DATA_DIR` when set (made absolute), otherwise Electron's per-user data directory. */
export function resolveDataDir(env: NodeJS.ProcessEnv, userData: () => string): string {
  const fromEnv = env.BUFFERT_DATA_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : userData();
}

/** Brings a window to the front, restoring it when it is minimised (a second start does this). */
export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * Starts the app. Returns null when another instance already runs: that instance is told (its
 * 'second-instance' event focuses its window) and this one quits without touching the replica.
 */
export function runMain(options: MainOptions): MainApp | null {
  const processEnv = options.env ?? process.env;
  let log: Pick<Console, 'error' | 'warn' | 'info'> = options.log ?? console;
  // IT's machine configuration (decision 0034): its values are laid over the environment. The
  // installed app reads only the machine-wide file; a file that cannot be used is the startup-error
  // screen, never a start with half the settings.
  let machine: MachineConfigState | null = null;
  let machineFailure: MachineConfigError | null = null;
  try {
    machine = readMachineConfig(machineConfigFile({ platform: process.platform, env: processEnv, allowOverride: !app.isPackaged }));
  } catch (error) {
    if (!(error instanceof MachineConfigError)) throw error;
    machineFailure = error;
  }
  const env = machine ? withMachineConfig(processEnv, machine) : processEnv;

  // A packaged app never runs with a debugger attached (decision 0017): quit before anything opens.
  if (app.isPackaged) {
    const flags = debugFlags(options.argv ?? process.argv, env);
    if (flags.length > 0) {
      const message = debugRefusedMessage(flags);
      log.error(message);
      dialog.showErrorBox(messages.startupTitle, message);
      app.exit(1);
      return null;
    }
  }

  // Every file the app creates (the replica, its -wal and -shm, the key, Chromium's own) is the
  // account's alone: 0600 files, 0700 folders (POSIX; docs/decisions/0016-encrypted-replica.md).
  restrictNewFiles();
  // The name decides the default user data directory: the same in development and when packaged.
  app.setName(APP_NAME);
  const dataDir = resolveDataDir(env, () => app.getPath('userData'));
  // Chromium's single-instance lock lives in the user data directory; pointing that at the data
  // directory makes the lock guard exactly the replica (one writer per file).
  if (env.BUFFERT_DATA_DIR?.trim()) app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    log.info(`Buffert körs redan för ${dataDir}; det fönstret visas i stället.`);
    app.quit();
    return null;
  }
  log = options.makeLog?.(dataDir, env) ?? log;
  const diagnostics = diagnosticsOptionsFromEnv(env, dataDir).diagnostics;

  app.enableSandbox();
  // Must happen before 'ready': the renderer's own origin, app://buffert (protocol.ts).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  let mainWindow: BrowserWindow | null = null;
  let backend: Backend | null = null;
  let stopRouter: (() => void) | null = null;
  const stopEvents: Array<() => void> = [];
  let shutDown = false;
  const url = rendererUrl();
  const centralUrl = env.BUFFERT_CENTRAL_URL?.trim() || null;
  // The page reaches the network only for the SITHS login at central (window.ts, csp.ts).
  const network = { centralOrigin: centralOriginOf(centralUrl) };

  // Every web contents the app ever creates is hardened, not only the ones we create on purpose.
  app.on('web-contents-created', (_event, webContents) => hardenWebContents(webContents, log, network));
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('window-all-closed', () => app.quit());

  const shutdown = (): void => {
    if (shutDown) return;
    shutDown = true;
    stopRouter?.();
    for (const stop of stopEvents.splice(0)) stop();
    try {
      backend?.close();
    } catch (error) {
      log.error('Buffert: closing the replica failed', error);
    }
  };
  app.on('will-quit', shutdown);
  if (options.handleSignals ?? true) {
    const quit = () => app.quit();
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
  }

  /** Replaces whatever window there is with the startup-error screen (never a blank window). */
  const showStartupError = (failure: StartupFailure): void => {
    log.error(`Buffert kunde inte starta: ${failure.what}${failure.file ? ` (${failure.file})` : ''}\n${failure.detail}`);
    const previous = mainWindow;
    const window = new BrowserWindow(errorWindowOptions());
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    void window.loadURL(htmlDataUrl(startupErrorHtml(failure)));
    if (previous !== null && !previous.isDestroyed()) previous.destroy();
  };

  /**
   * A restore (Felsökning's button, or the offer on the startup-error screen): the replica closed,
   * the backup put in place (db/backup.ts), and Buffert started again with the acceptance of the
   * confirmed changes the backup lacks (decision 0008's flag, for exactly that number).
   */
  const restoreAndRelaunch = (name: string): void => {
    try {
      stopRouter?.();
      stopRouter = null;
      for (const stop of stopEvents.splice(0)) stop();
      const current = backend;
      backend = null;
      const key = current?.context.diagnostics.key ?? restoreKeyOf({ replicaKey: desktopKeyStore(dataDir, safeStorage, env, log) });
      current?.close();
      const outcome = restoreBackup(replicaPath(dataDir), backupDirOf({ dataDir, diagnostics }), name, key, new Date());
      log.warn(`Buffert: backup ${name} restored (${outcome.lostChanges} confirmed changes not in it; the replaced replica is in ${outcome.replacedDir ?? '-'})`);
      const args = (options.argv ?? process.argv).slice(1).filter((a) => !a.startsWith(ACCEPT_LOST_CHANGES_FLAG));
      if (outcome.lostChanges > 0 && outcome.highWater !== null) args.push(`${ACCEPT_LOST_CHANGES_FLAG}=${outcome.highWater}`);
      app.relaunch({ args });
    } catch (error) {
      log.error(`Buffert: restoring backup ${name} failed`, error);
      dialog.showErrorBox(messages.restoreFailed, error instanceof Error ? error.message : String(error));
      app.relaunch();
    }
    app.exit(0);
  };

  /** On the startup-error screen: the newest backup that passes its check, offered in a dialog. */
  const offerRestore = (window: BrowserWindow): void => {
    let choice: { name: string; createdAt: string; lost: number } | null = null;
    try {
      const key = restoreKeyOf({ replicaKey: desktopKeyStore(dataDir, safeStorage, env, log) });
      const dir = backupDirOf({ dataDir, diagnostics });
      for (const b of listBackups(dir, key)) {
        try {
          choice = { name: b.name, createdAt: b.createdAt, lost: planRestore(replicaPath(dataDir), dir, b.name, key).lostChanges };
          break;
        } catch {
          // A backup that fails its full check is not offered; the next older one may pass.
        }
      }
    } catch (error) {
      log.warn('Buffert: no backup can be offered on the startup-error screen', error);
      return;
    }
    if (choice === null) return;
    const chosen = choice;
    const when = new Date(chosen.createdAt).toLocaleString('sv-SE');
    void dialog
      .showMessageBox(window, {
        type: 'question',
        title: messages.startupTitle,
        message: messages.restoreQuestion,
        detail: messages.restoreDetail(when, chosen.lost),
        buttons: [messages.restoreButton, messages.restoreCancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 0) restoreAndRelaunch(chosen.name);
      });
  };

  /** Events go to the page only while it is our own page (the same check as for calls). */
  const forwardEvents = (source: Backend): void => {
    for (const event of eventNames) {
      stopEvents.push(
        source.events.on(event, (payload) => {
          const webContents = mainWindow?.webContents;
          if (!webContents || webContents.isDestroyed()) return;
          if (!isRendererUrl(webContents.mainFrame.url, url)) return;
          webContents.send(IPC_EVENT_CHANNEL, event, payload);
        }),
      );
    }
  };

  const start = (): void => {
    if (shutDown) return;
    if (app.isPackaged) Menu.setApplicationMenu(null);
    // app://buffert/… is the renderer's dist folder and nothing else (no traversal, no symlinks out).
    protocol.handle(APP_SCHEME, appProtocolHandler(path.dirname(options.rendererIndex), log, contentSecurityPolicy(network.centralOrigin)));
    if (!fs.existsSync(options.rendererIndex)) {
      const what = messages.rendererMissing(options.rendererIndex);
      showStartupError({ what, file: null, todo: messages.unexpectedTodo, detail: what });
      return;
    }
    if (machineFailure !== null || machine === null) {
      showStartupError(describeStartupFailure(machineFailure));
      return;
    }
    const machineConfig = { config: machine.config, view: machineSettings(processEnv, machine) };
    try {
      const fromEnv = syncOptionsFromEnv(env);
      backend = openBackend({
        dataDir,
        // After 'ready': safeStorage needs it. The key never leaves the main process.
        replicaKey: desktopKeyStore(dataDir, safeStorage, env, log),
        appVersion: app.getVersion(),
        ...fromEnv,
        // The page does the SITHS card's mutual TLS with central (siths.ts picks the certificate).
        login: { ...fromEnv.login, sithsAvailable: true },
        acceptLostChanges: acceptLostChangesFrom(env, options.argv ?? process.argv),
        machineConfig,
        // CUPS's lp on Linux and macOS; the system's PDF viewer through shell.openPath (decision 0039).
        print: platformPrintHost(process.platform, async (file) => {
          const failure = await shell.openPath(file);
          if (failure !== '') throw new PrintError(`PDF-visaren kunde inte öppnas (${failure.slice(0, 200)}). Spara PDF:en och öppna den själv.`);
        }),
        log,
        diagnostics,
        onRestoreRequested: restoreAndRelaunch,
      });
    } catch (error) {
      showStartupError(describeStartupFailure(error));
      if (error instanceof ReplicaOpenError && mainWindow !== null) offerRestore(mainWindow);
      return;
    }
    const opened = backend;
    // The SITHS card: which certificate goes to central, and the card's PIN on Linux (siths.ts).
    installSiths({ centralUrl, issuers: sithsIssuersFromEnv(env), isRevoked: sithsRevocationFromEnv(env, log), window: () => mainWindow, log });
    stopRouter = registerRouter(ipcMain, {
      backend: opened,
      trusted: { webContents: () => mainWindow?.webContents ?? null, rendererUrl: url },
      log,
    });
    forwardEvents(opened);

    const window = new BrowserWindow(mainWindowOptions({ preloadPath: options.preloadPath, devTools: !app.isPackaged }));
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    window.webContents.on('did-fail-load', (_event, code, description, failedUrl, isMainFrame) => {
      // -3 (ERR_ABORTED) is a navigation we cancelled ourselves, not a failed start.
      if (!isMainFrame || code === -3) return;
      const detail = `${code} ${description} ${failedUrl}`;
      showStartupError({ what: messages.rendererMissing(options.rendererIndex), file: null, todo: messages.unexpectedTodo, detail });
    });
    void window.loadURL(url);
  };

  const ready = app.whenReady().then(start, (error: unknown) => {
    log.error('Buffert: Electron did not become ready', error);
    app.exit(1);
  });

  return {
    env,
    ready,
    dataDir,
    mainWindow: () => mainWindow,
    backend: () => backend,
    shutdown,
  };
}
