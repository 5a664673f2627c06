import { DEMO_ENROLMENT_KEY } from '../../shared/sync/protocol';
import fs from 'node:fs';
import path from 'node:path';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../shared/api/contract';
import type { UserSummary } from '../../shared/api/schemas';
import { DEMO_OWN_STORE_ID, type DemoOptions } from '../../shared/demo/generator';
import type { Result } from '../../shared/result';
import { AuditUpload } from './audit/upload';
import { secureDataDir } from './db/data-dir';
import { HighWaterMark } from './db/high-water';
import { missingReplicaError, openReplica, REPLICA_FILE, ReplicaOpenError, type Db } from './db/replica';
import { replicaTraces } from './db/replica-check';
import { ReplicaKeyError, resolveReplicaKey, type ReplicaKey, type ReplicaKeyStore } from './db/replica-key';
import { getSetting, setSetting } from './db/settings';
import { seedDemoData } from './demo/seed';
import { BackendEvents } from './events';
import { RegionSettingsCache } from './region-settings/settings';
import { BACKUP_IDLE_MS, DiagnosticsService, type DiagnosticsOptions } from './diagnostics/service';
import { createHandlers, type Handlers } from './handlers';
import { IndividualNumberBlocks } from './individual/number-blocks';
import type { HidDeviceAdapter } from './scanner/adapter';
import { createNodeHidAdapter } from './scanner/node-hid';
import { ScannerService } from './scanner/service';
import { ScannerSettingsFile } from './scanner/settings';
import { UserSettingsFile } from './settings/user-settings';
import { machineScannerOf, type MachineSettings } from './machine-config/machine-config';
import type { MachineConfig } from '../../shared/api/machine-config';
import { IndividualRepository } from './individual/repository';
import { OfflineCredentials } from './session/credentials';
import { RecipientRepository } from './recipient/repository';
import { UserRepository } from './session/repository';
import type { LoginMethod } from '../../shared/api/session';
import type { Logger } from './log/logger';
import { LOCK_AFTER_MINUTES_DEFAULT, OFFLINE_VALID_DAYS_DEFAULT } from '../../shared/domain/session/rules';
import { StockRepository } from './stock/repository';
import { messages as printMessages, noDirectPrinting, type PrintHost } from './print/host';
import { PrintSpool } from './print/spool';
import { SyncEngine, type SyncOptions } from './sync/engine';
import { loginCardRemoved, type CardSlot } from '../../shared/domain/session/card';
import { watchPcscReaders, type CardReaders } from './session/card-readers';
import { lockSession } from './session/handlers';
import { MutationWriter } from './sync/writer';

export interface LoginSettings {
  /** How this computer logs in when IT's machine configuration says so; otherwise the region's `loginMode` decides (loginMethodOf). */
  method?: LoginMethod;
  /** The SITHS card can be used (Electron, where the page can do mutual TLS with central). */
  sithsAvailable: boolean;
  /** Days an offline login stays possible after the last online login here. */
  offlineValidDays: number;
  /** Minutes without input before the workstation locks (0: never). */
  lockAfterMinutes: number;
  /** Watch the smart-card readers (PC/SC) and lock when a SITHS login's card is taken out. */
  cardReaders: 'pcsc' | 'off';
  /** The region is the demo region (`npm start`): the login screen names the demo password. */
  demoLogin?: boolean;
}

export const DEFAULT_LOGIN: LoginSettings = {
  sithsAvailable: false,
  offlineValidDays: OFFLINE_VALID_DAYS_DEFAULT,
  lockAfterMinutes: LOCK_AFTER_MINUTES_DEFAULT,
  cardReaders: 'off',
};

export interface BackendOptions {
  dataDir: string;
  /** Login settings (defaults: DEFAULT_LOGIN). */
  login?: Partial<LoginSettings>;
  /**
   * The replica's encryption key, or the host's store of it (db/replica-key.ts; docs/decisions/
   * 0016-encrypted-replica.md): Electron seals it with safeStorage, the web host reads it from
   * BUFFERT_REPLICA_KEY or a key file; tests pass the key. The backend never stores it itself.
   */
  replicaKey: ReplicaKey | ReplicaKeyStore;
  /**
   * Seed the demo region into a new replica; false leaves it empty. Default: seeded when no
   * central server is configured, empty (filled by the first sync) when one is.
   */
  demo?: DemoOptions | false;
  appVersion?: string;
  /** The central server: with it the replica is filled and kept in sync by the sync engine. */
  centralUrl?: string | null;
  /** The own store of a replica that starts empty (default: the demo store 50301). */
  storeId?: string;
  /** Sync engine settings; `autoStart: false` leaves the loop to the caller (tests). */
  sync?: Partial<Omit<SyncOptions, 'centralUrl'>> & { autoStart?: boolean };
  now?: () => Date;
  /**
   * Support's explicit acceptance of a replica that lacks committed changes (a backup restored on
   * purpose): the high-water number the startup-error screen shows. See db/replica.ts.
   */
  acceptLostChanges?: number | null;
  /** The host's logger (log/logger.ts: electron-log's file in Electron and the web host); default none. */
  log?: Pick<Logger, 'warn' | 'error'> & Partial<Pick<Logger, 'info'>>;
  /** Logs and backups (diagnostics/service.ts; docs/diagnostics-and-backups.md). */
  diagnostics?: DiagnosticsOptions;
  /**
   * The host's restore (Felsökning's button): close this backend, put the backup in place
   * (db/backup.ts restoreBackup) and open it again. Without it `backup.restore` is refused.
   */
  onRestoreRequested?: (backupName: string) => void;
  /**
   * The HID scanner service (scanner/service.ts). Default: node-hid; `adapter: null` never
   * touches HID (wedge only). Nothing is opened unless the saved settings choose a device.
   */
  scanner?: { adapter?: HidDeviceAdapter | null; retryMs?: number; keyboardIdleMs?: number };
  /** The card readers the card lock watches (default: PC/SC when `login.cardReaders` is 'pcsc'; null: none). */
  cardReaders?: CardReaders | null;
  /**
   * The machine configuration (machine-config/, decision 0033): its scanner section, and the
   * Inställningar page's view of every machine setting. Default: none (nothing set by IT).
   */
  machineConfig?: { config: MachineConfig; view: MachineSettings };
  /** How PDFs reach a printer or the PDF viewer (print/host.ts; Electron: CUPS and shell.openPath). Default: no direct printing (the web host). */
  print?: PrintHost;
}

/** Re-exported for the workstation's callers; one value in shared/sync/protocol.ts. */
export { DEMO_ENROLMENT_KEY };

export interface Session {
  user: UserSummary | null;
  /** Locked (inactivity, card removed): the user stays, every non-public call is refused. */
  locked: boolean;
  /** How the current login was checked, and central's session for it (null: offline login). */
  method: 'password' | 'siths' | null;
  central: { token: string; expiresAt: string } | null;
  /** The cards in the readers at a SITHS login (or its unlock): taking one out locks (shared/domain/session/card.ts). */
  cardsAtLogin: CardSlot[];
}

export interface BackendContext {
  db: Db;
  dataDir: string;
  ownStoreId: string;
  appVersion: string;
  centralUrl: string | null;
  now: () => Date;
  session: Session;
  login: LoginSettings;
  events: BackendEvents;
  /** Every local write goes through here: one transaction with its outbox entry. */
  writer: MutationWriter;
  /** The sync engine; null when no central server is configured. */
  sync: SyncEngine | null;
  /** This workstation's HID scanner: settings, devices, status; emits `scan` events. */
  scanner: ScannerService;
  /** The machine's settings as the Inställningar page shows them (machine-config/). */
  machineSettings: MachineSettings;
  /** The people's own settings on this workstation (settings/user-settings.ts). */
  userSettings: UserSettingsFile;
  /** The smart-card readers (PC/SC) the card lock watches; null when not watched here. */
  cardReaders: CardReaders | null;
  /** The region's settings central owns (region_setting, pulled by sync), parsed and cached. */
  regionSettings: RegionSettingsCache;
  /** Felsökning and backups: the service, the replica's file and key, the host's restore. */
  diagnostics: { service: DiagnosticsService; replicaFile: string; key: ReplicaKey; requestRestore: ((name: string) => void) | null };
  /** Printers and the PDF viewer, and the private folder of PDFs on their way (print/). */
  print: { host: PrintHost; spool: PrintSpool };
  repos: {
    stock: StockRepository;
    individuals: IndividualRepository;
    users: UserRepository;
    credentials: OfflineCredentials;
    /** Recipients' personal data: every read is audited (recipient/repository.ts). */
    recipients: RecipientRepository;
  };
}

export interface Backend {
  readonly context: BackendContext;
  readonly events: BackendEvents;
  /** Calls a handler with input that has already passed the contract's schema (see dispatch). */
  invoke<N extends HandlerName>(name: N, input: HandlerInput<N>, user: UserSummary | null): Result<HandlerOutput<N>> | Promise<Result<HandlerOutput<N>>>;
  close(): void;
}

export function replicaPath(dataDir: string): string {
  return path.join(dataDir, REPLICA_FILE);
}

/**
 * Creates a new replica atomically (migrated, and seeded with the demo region unless `demo` is
 * false) in a side file renamed into place, so a crash during the first start never leaves a
 * half-filled or 0-byte replica behind: a 0-byte main file is then never Buffert's own doing and
 * is refused as a damaged one. A missing main file with its traces beside it (-wal, -shm, the
 * high-water mark) was lost, not never made: that is refused too, never replaced.
 */
export function ensureReplica(dataDir: string, demo: DemoOptions | false, key: ReplicaKey): string {
  const file = replicaPath(dataDir);
  if (fs.existsSync(file)) return file;
  const traces = replicaTraces(file);
  if (traces.length > 0) throw missingReplicaError(file, traces);
  fs.mkdirSync(dataDir, { recursive: true });
  const seeding = `${file}.seeding`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${seeding}${suffix}`, { force: true });
  const db = openReplica(seeding, { key });
  try {
    if (demo !== false) seedDemoData(db, demo);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  fs.renameSync(seeding, file);
  return file;
}

/** The key for this data directory's replica; a missing or unreadable key is a startup error. */
function replicaKeyFor(options: BackendOptions): ReplicaKey {
  const file = replicaPath(options.dataDir);
  try {
    return resolveReplicaKey(options.replicaKey, file, replicaTraces(file).length > 0);
  } catch (error) {
    if (error instanceof ReplicaKeyError) throw new ReplicaOpenError(file, error.reason, error, { keyStore: error.where });
    throw error;
  }
}

export function openBackend(options: BackendOptions): Backend {
  const centralUrl = options.centralUrl ?? null;
  // 0700 and 0600 before anything is read or written, also for files of an older build.
  secureDataDir(options.dataDir);
  const key = replicaKeyFor(options);
  const file = ensureReplica(options.dataDir, options.demo ?? (centralUrl ? false : {}), key);
  const highWater = new HighWaterMark(file, options.log);
  const db = openReplica(file, { key, highWater, acceptLostChanges: options.acceptLostChanges, log: options.log, now: options.now });
  // "Saved" must survive a power cut, not only a crash: fsync the WAL on every commit.
  db.pragma('synchronous = FULL');
  let ownStoreId = getSetting(db, 'ownStoreId');
  if (ownStoreId === null && (options.storeId || centralUrl)) {
    ownStoreId = options.storeId ?? DEMO_OWN_STORE_ID;
    setSetting(db, 'ownStoreId', ownStoreId);
  }
  const events = new BackendEvents();
  const now = options.now ?? (() => new Date());
  const writer = new MutationWriter({ db, events, now, highWater });
  const { autoStart = true, ...syncOptions } = options.sync ?? {};
  const sync = centralUrl
    ? new SyncEngine({ db, events, ownStoreId: ownStoreId ?? '', now }, { enrolmentKey: DEMO_ENROLMENT_KEY, ...syncOptions, centralUrl })
    : null;
  if (sync) {
    writer.onCommitted = () => sync.notifyLocalWrite();
    writer.blockedBy = () => sync.writeBlock();
  }
  const scanner = new ScannerService({
    adapter: options.scanner?.adapter === undefined ? createNodeHidAdapter() : options.scanner.adapter,
    events,
    settingsFile: new ScannerSettingsFile(options.dataDir, options.log),
    now,
    retryMs: options.scanner?.retryMs,
    keyboardIdleMs: options.scanner?.keyboardIdleMs,
    log: options.log,
    machine: machineScannerOf(options.machineConfig?.config),
  });
  const spool = new PrintSpool(options.dataDir);
  spool.sweep();
  const login: LoginSettings = { ...DEFAULT_LOGIN, ...options.login };
  const cardReaders = options.cardReaders !== undefined ? options.cardReaders : login.cardReaders === 'pcsc' ? watchPcscReaders({ log: (line) => options.log?.warn(line) }) : null;
  const appVersion = options.appVersion ?? '0.0.0';
  // When a person last called the backend: the automatic backup (a synchronous VACUUM INTO, seconds
  // on a region-scale replica) waits until nobody is working here (diagnostics/service.ts).
  let lastCallAt = Number.NEGATIVE_INFINITY;
  const inUse = (): boolean => context.session.user !== null && !context.session.locked && performance.now() - lastCallAt < BACKUP_IDLE_MS;
  const diagnostics = new DiagnosticsService({ db, dataDir: options.dataDir, replicaFile: file, key, appVersion, centralUrl, sync, now, log: options.log, inUse }, options.diagnostics);
  const context: BackendContext = {
    db,
    dataDir: options.dataDir,
    ownStoreId: ownStoreId ?? '',
    appVersion,
    centralUrl,
    now,
    session: { user: null, locked: false, method: null, central: null, cardsAtLogin: [] },
    machineSettings: options.machineConfig?.view ?? { file: '', present: false, settings: [] },
    userSettings: new UserSettingsFile(options.dataDir, options.log),
    login,
    events,
    writer,
    sync,
    scanner,
    cardReaders,
    regionSettings: new RegionSettingsCache(db, events),
    diagnostics: { service: diagnostics, replicaFile: file, key, requestRestore: options.onRestoreRequested ?? null },
    print: { host: options.print ?? noDirectPrinting(printMessages.webHost), spool },
    repos: {
      stock: new StockRepository(db),
      individuals: new IndividualRepository(db),
      users: new UserRepository(db),
      credentials: new OfflineCredentials(db),
      recipients: new RecipientRepository(db, now),
    },
  };
  const handlers: Handlers = createHandlers(context);
  // Features' own requests to central in each sync cycle.
  sync?.addCycleTask(new IndividualNumberBlocks(db).cycleTask(context.ownStoreId));
  sync?.addCycleTask(new AuditUpload(db).cycleTask());
  if (sync && autoStart) sync.start();
  scanner.start();
  cardReaders?.onChange((slots) => {
    const session = context.session;
    if (session.user && !session.locked && session.method === 'siths' && loginCardRemoved(session.cardsAtLogin, slots)) lockSession(context, 'card-removed');
  });
  return {
    context,
    events,
    invoke(name, input, user) {
      // One generic call site: the map is indexed by the same name as its input type; dispatch
      // has checked that only public handlers are called without a user.
      const handler = handlers[name] as (input: unknown, user: UserSummary | null) => Result<unknown> | Promise<Result<unknown>>;
      if (user !== null) lastCallAt = performance.now();
      return handler(input, user) as Result<HandlerOutput<typeof name>> | Promise<Result<HandlerOutput<typeof name>>>;
    },
    close() {
      diagnostics.stop();
      scanner.stop();
      cardReaders?.stop();
      sync?.stop();
      spool.close();
      db.close();
    },
  };
}
