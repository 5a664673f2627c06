import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { BackupInfo, BackupList, DiagnosticsStatus, ReplicaCheck, SupportBundle } from '../../../shared/api/diagnostics';
import { redactText, redactValue } from '../../../shared/log/redact';
import { createBackup, DEFAULT_BACKUP_KEEP_DAYS, listBackups, newestBackupAt, pruneBackups } from '../db/backup';
import { restrictFile } from '../db/data-dir';
import type { Db } from '../db/replica';
import type { ReplicaKey } from '../db/replica-key';
import type { SyncEngine } from '../sync/engine';
import { logFiles, recentLogEntries, type Logger } from '../log/logger';

/** The settings of logs and backups (the machine configuration sets them; config.ts reads env for now). */
export interface DiagnosticsOptions {
  /** The log folder the host writes to (default `<data dir>/logs`). */
  logDir?: string;
  /** The backup folder (default `<data dir>/backups`). */
  backupDir?: string;
  /** Backups older than this many days are removed (default 14; the newest is always kept). */
  backupKeepDays?: number;
  /**
   * The daily backup: checked `firstDelayMs` after the start (default 2 min, so the start is not
   * slowed) and then every `intervalMs` (default 10 min); a backup is made when the newest is 24 h
   * old and nobody is working here (see BACKUP_IDLE_MS). false: only on request (tests).
   */
  autoBackup?: false | { firstDelayMs?: number; intervalMs?: number };
}

export const SUPPORT_DIR = 'support';
/**
 * The automatic backup waits until the logged-in person has not called the backend for this long
 * (or nobody is logged in, or the workstation is locked): the backend is synchronous, and a backup
 * of a region-scale replica takes seconds (docs/benchmarks.md) that must not land in a scan.
 */
export const BACKUP_IDLE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

interface Deps {
  db: Db;
  dataDir: string;
  replicaFile: string;
  key: ReplicaKey;
  appVersion: string;
  centralUrl: string | null;
  sync: SyncEngine | null;
  now: () => Date;
  log?: Pick<Logger, 'warn' | 'error'> & Partial<Pick<Logger, 'info'>>;
  /** Someone is working here now (the automatic backup waits); default: never. */
  inUse?: () => boolean;
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * Felsökning's backend: the page's facts, the replica check, the support bundle and the backups
 * (db/backup.ts) with their daily schedule. Reads only what has no personal data: counts, ids,
 * times, the redacted log.
 */
export class DiagnosticsService {
  readonly logDir: string;
  readonly backupDir: string;
  readonly keepDays: number;
  private lastCheck: ReplicaCheck | null = null;
  private lastBackupError: string | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly deps: Deps,
    options: DiagnosticsOptions = {},
  ) {
    this.logDir = options.logDir ?? path.join(deps.dataDir, 'logs');
    this.backupDir = options.backupDir ?? path.join(deps.dataDir, 'backups');
    this.keepDays = options.backupKeepDays ?? DEFAULT_BACKUP_KEEP_DAYS;
    const auto = options.autoBackup ?? {};
    if (auto !== false) {
      const first = setTimeout(() => this.backupIfDue(), auto.firstDelayMs ?? 120_000);
      const every = setInterval(() => this.backupIfDue(), auto.intervalMs ?? 600_000);
      first.unref();
      every.unref();
      this.timers.push(first, every);
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearTimeout(t);
  }

  /**
   * The daily backup: when the newest is a day old (or there is none) and nobody is working here
   * (it is tried again at the next check). Failures are logged and shown, never thrown.
   */
  backupIfDue(): BackupInfo | null {
    const newest = newestBackupAt(this.backupDir);
    if (newest !== null && this.deps.now().getTime() - newest.getTime() < DAY_MS) return null;
    if (this.deps.inUse?.() === true) return null;
    try {
      return this.backupNow();
    } catch (error) {
      this.deps.log?.error('Buffert: the automatic backup failed', error);
      return null;
    }
  }

  backupNow(): BackupInfo {
    const now = this.deps.now();
    try {
      const info = createBackup(this.deps.db, this.backupDir, this.deps.key, now);
      const removed = pruneBackups(this.backupDir, this.keepDays, now);
      this.lastBackupError = null;
      this.deps.log?.info?.(`Buffert: backup ${info.name} written (${info.bytes} bytes, mutation ${info.lastMutationId}); removed ${removed.length} old`);
      return info;
    } catch (error) {
      this.lastBackupError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  backups(): BackupList {
    return { dir: this.backupDir, keepDays: this.keepDays, backups: listBackups(this.backupDir, this.deps.key), lastError: this.lastBackupError };
  }

  checkReplica(): ReplicaCheck {
    const started = performance.now();
    const rows = this.deps.db.pragma('quick_check') as { quick_check: string }[];
    const result = rows.map((r) => r.quick_check).join('\n') || 'ok';
    this.lastCheck = { result: redactText(result).slice(0, 2000), at: this.deps.now().toISOString(), ms: Math.round(performance.now() - started) };
    return this.lastCheck;
  }

  private count(sql: string): number {
    try {
      return (this.deps.db.prepare(sql).pluck().get() as number | undefined) ?? 0;
    } catch {
      return 0;
    }
  }

  status(): DiagnosticsStatus {
    const { db, sync } = this.deps;
    const syncStatus = sync?.status() ?? null;
    return {
      appVersion: this.deps.appVersion,
      dataDir: this.deps.dataDir,
      logDir: this.logDir,
      replica: {
        file: this.deps.replicaFile,
        bytes: size(this.deps.replicaFile),
        walBytes: size(`${this.deps.replicaFile}-wal`),
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        lastMutationId: this.count('SELECT last_mutation_id FROM sync_state'),
        check: this.lastCheck,
      },
      sync: {
        configured: sync !== null,
        centralUrl: this.deps.centralUrl,
        state: syncStatus?.state ?? 'off',
        online: syncStatus?.online ?? false,
        lastSyncAt: syncStatus?.lastSyncAt ?? null,
        lastAttemptAt: syncStatus?.lastAttemptAt ?? null,
        oldestPendingAt: (db.prepare("SELECT min(created_at) FROM outbox WHERE state = 'pending'").pluck().get() as string | null) ?? null,
        error: syncStatus?.error ? redactText(syncStatus.error.message) : null,
        conflicts: syncStatus?.conflicts ?? this.count('SELECT count(*) FROM sync_conflicts WHERE dismissed_at IS NULL'),
      },
      pending: {
        outbox: this.count("SELECT count(*) FROM outbox WHERE state = 'pending'"),
        receiptDrafts: this.count('SELECT count(*) FROM receipt_draft'),
        openStocktakes: this.count("SELECT count(*) FROM stocktake WHERE status = 'counting'"),
      },
      lastErrors: recentLogEntries(this.logDir, 20),
      backups: this.backups(),
    };
  }

  /** Row counts of every table (no content), for the bundle. */
  tableCounts(): Record<string, number> {
    const tables = this.deps.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, this.count(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)]));
  }

  /**
   * The support bundle: a zip in `<data dir>/support/` with the version, the status above, the row
   * counts of every table, the schema version and the log files — each line redacted again. Never
   * the replica, a backup, the key or the sync token.
   */
  async supportBundle(): Promise<SupportBundle> {
    const now = this.deps.now();
    const zip = new JSZip();
    const status = this.status();
    const json = (value: unknown) => `${JSON.stringify(redactValue(value), null, 2)}\n`;
    zip.file('version.json', json({ appVersion: status.appVersion, schemaVersion: status.replica.schemaVersion, platform: process.platform, arch: process.arch, node: process.versions.node, electron: process.versions.electron ?? null, writtenAt: now.toISOString() }));
    zip.file('status.json', json({ ...status, lastErrors: undefined }));
    zip.file('sync.json', json({ ...status.sync, pending: status.pending, lastMutationId: status.replica.lastMutationId }));
    zip.file('tables.json', json(this.tableCounts()));
    for (const file of logFiles(this.logDir)) zip.file(`logs/${path.basename(file)}`, redactText(fs.readFileSync(file, 'utf8')));
    const dir = path.join(this.deps.dataDir, SUPPORT_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `buffert-support-${stamp(now)}.zip`);
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    restrictFile(file);
    return { file, bytes: bytes.length, entries: Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort() };
  }
}
