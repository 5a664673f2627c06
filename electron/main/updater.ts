import path from 'node:path';
import type { AppUpdater, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { isWithinRollout, mayInstallUpdate, type InstallDecision, type OpenWork } from '../../shared/domain/update/install';
import type { UpdateSettings } from '../backend/update/settings';

/**
 * Updates from the region's own update server with electron-updater (issue 13 item 2, decision
 * 0033): the logic, apart from Electron. electron-updater checks latest.yml (generic provider),
 * downloads the new installer in the background and checks it against the sha512 published there
 * (a file that does not match is deleted and refused); the installer runs silently when the app
 * quits, so the next start is the new version — but only when nothing is open on this workstation
 * (shared/domain/update/install.ts). updates.ts wires this to Electron's `app`; the tests drive it
 * with a real updater against a feed on loopback.
 */

/** How this copy of Buffert was installed, which decides whether it may update itself. */
export type InstallKind = 'development' | 'nsis' | 'msi' | 'appimage' | 'deb' | 'other';

export interface InstallFacts {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** The app's executable (process.execPath). */
  execPath: string;
  /** process.resourcesPath: where electron-builder writes `package-type` for deb and rpm. */
  resourcesPath: string;
  productName: string;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  readText(file: string): string | null;
}

/**
 * NSIS writes its uninstaller ("Uninstall Buffert.exe") into the installation folder; the MSI of
 * the same files does not (Windows Installer uninstalls it). So on Windows an installation without
 * that file is IT's — an MSI, or a folder copied by other means — and is never updated by the app
 * itself: electron-updater can only run an NSIS installer, which would put a second copy beside
 * the MSI's. On Linux an AppImage has $APPIMAGE; a deb has `package-type` = deb in its resources.
 */
export function installKind(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'development';
  if (facts.platform === 'win32') {
    return facts.exists(path.win32.join(path.win32.dirname(facts.execPath), `Uninstall ${facts.productName}.exe`)) ? 'nsis' : 'msi';
  }
  if (facts.platform === 'linux') {
    if (facts.env.APPIMAGE?.trim()) return 'appimage';
    if (facts.readText(path.join(facts.resourcesPath, 'package-type'))?.trim() === 'deb') return 'deb';
  }
  return 'other';
}

/** Why this workstation does not update itself (for the log), or null when it does. */
export function updatesOffReason(kind: InstallKind, settings: UpdateSettings): string | null {
  if (settings.off !== null) return settings.off;
  if (kind === 'development') return 'inte en installerad version';
  if (kind === 'msi') return 'installerad med MSI (eller av IT på annat sätt): uppdateringar sköts av IT';
  if (kind === 'other') return 'inte installerad med NSIS, AppImage eller deb';
  return null;
}

export type UpdatePhase = 'idle' | 'checking' | 'downloading' | 'downloaded' | 'refused' | 'failed';

export interface UpdateState {
  phase: UpdatePhase;
  /** The version found or downloaded. */
  version: string | null;
  /** electron-updater's error code of the last failure (ERR_CHECKSUM_MISMATCH: the file did not match latest.yml). */
  errorCode: string | null;
  /** The decision at the last quit with a downloaded update. */
  lastDecision: InstallDecision | null;
}

export interface UpdaterControl {
  /** One check; settles when the update (if any) is downloaded and verified, or when it failed. */
  check(): Promise<UpdateState>;
  /** The first check shortly after start, then every `checkIntervalHours`. */
  start(): void;
  stop(): void;
  /**
   * Called as the app begins to quit (Electron's 'before-quit'): arms the silent install on quit
   * only when an update is downloaded and nothing is open. Returns the decision (null: nothing to install).
   */
  beforeQuit(): InstallDecision | null;
  state(): UpdateState;
}

export interface DriveOptions {
  settings: UpdateSettings & { url: string };
  /** This workstation's open work (null: it cannot be read; the update then waits). */
  openWork: () => OpenWork | null;
  log: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Delay of the first check after start (default 60 s: the first sync goes first). */
  firstCheckDelayMs?: number;
}

const errorCode = (error: unknown): string => (error as { code?: unknown })?.code?.toString() ?? 'ERR_UNKNOWN';

export function driveUpdater(updater: AppUpdater, options: DriveOptions): UpdaterControl {
  const { settings, log } = options;
  const state: UpdateState = { phase: 'idle', version: null, errorCode: null, lastDecision: null };
  // electron-updater's own log lines name URLs, versions and files, never a person.
  updater.logger = log;
  updater.autoDownload = true;
  // electron-updater adds its quit handler (the silent install) when a download completes and
  // this is true; update-downloaded below disarms it at once, and beforeQuit arms it only when
  // nothing is open. A quit without 'before-quit' (a Windows log-off) therefore installs nothing.
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  // Only full installers from the region's server, no web installer that fetches a package later.
  updater.disableWebInstaller = true;
  // The channel goes in the provider's configuration: `updater.channel = …` would allow downgrades.
  updater.setFeedURL({ provider: 'generic', url: settings.url, channel: settings.channel });
  const stagingId = settings.stagingId;
  if (stagingId !== null) {
    // The machine's own place in a staged rollout, the same for every account on it.
    updater.isUserWithinRollout = (info: UpdateInfo) => isWithinRollout(stagingId, info.stagingPercentage);
  }

  updater.on('checking-for-update', () => {
    if (state.phase !== 'downloaded') state.phase = 'checking';
  });
  updater.on('update-not-available', () => {
    if (state.phase !== 'downloaded') state.phase = 'idle';
  });
  updater.on('update-available', (info: UpdateInfo) => {
    state.phase = 'downloading';
    state.version = info.version;
    state.errorCode = null;
  });
  updater.on('update-downloaded', (event: UpdateDownloadedEvent) => {
    state.phase = 'downloaded';
    state.version = event.version;
    state.errorCode = null;
    // After electron-updater's own quit handler is in place (it is added right after this event).
    queueMicrotask(() => {
      updater.autoInstallOnAppQuit = false;
    });
    log.info(`Buffert: version ${event.version} är hämtad och kontrollerad (sha512); den installeras när Buffert stängs utan pågående arbete.`);
  });
  updater.on('error', (error: unknown) => {
    const code = errorCode(error);
    state.errorCode = code;
    if (state.phase !== 'downloaded') state.phase = code === 'ERR_CHECKSUM_MISMATCH' ? 'refused' : 'failed';
    if (code === 'ERR_CHECKSUM_MISMATCH') log.warn('Buffert: den hämtade uppdateringen stämmer inte med sha512 i latest.yml och har tagits bort.');
    else log.warn(`Buffert: uppdateringen misslyckades (${code}); nytt försök vid nästa kontroll.`);
  });

  let timer: ReturnType<typeof setInterval> | null = null;
  let first: ReturnType<typeof setTimeout> | null = null;

  const check = async (): Promise<UpdateState> => {
    try {
      const result = await updater.checkForUpdates();
      if (result?.downloadPromise) await result.downloadPromise;
    } catch {
      // Reported through the 'error' event above (electron-updater emits it before rejecting).
    }
    return { ...state };
  };

  return {
    check,
    start() {
      if (timer !== null) return;
      first = setTimeout(() => void check(), options.firstCheckDelayMs ?? 60_000);
      timer = setInterval(() => void check(), settings.checkIntervalHours * 3_600_000);
      first.unref?.();
      timer.unref?.();
    },
    stop() {
      if (first !== null) clearTimeout(first);
      if (timer !== null) clearInterval(timer);
      first = timer = null;
    },
    beforeQuit() {
      if (state.phase !== 'downloaded') {
        updater.autoInstallOnAppQuit = false;
        return null;
      }
      let work: OpenWork | null;
      try {
        work = options.openWork();
      } catch (error) {
        log.warn('Buffert: kunde inte läsa pågående arbete före uppdateringen', error);
        work = null;
      }
      const decision = mayInstallUpdate(work);
      state.lastDecision = decision;
      updater.autoInstallOnAppQuit = decision.install;
      log.info(decision.install ? `Buffert: version ${state.version} installeras nu, när Buffert stängs.` : `Buffert: ${decision.message}`);
      return decision;
    },
    state: () => ({ ...state }),
  };
}
