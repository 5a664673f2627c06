import { z } from 'zod';
import { IsoDateTime } from './schemas';

/**
 * Felsökning (issue 13 items 6 and 7; docs/diagnostics-and-backups.md): what support asks a store
 * for, on one page, without personal data.
 */

export const BackupInfo = z.object({
  name: z.string(),
  createdAt: IsoDateTime,
  bytes: z.number().int(),
  schemaVersion: z.number().int(),
  lastMutationId: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const BackupList = z.object({
  dir: z.string(),
  keepDays: z.number().int(),
  backups: z.array(BackupInfo),
  /** The last automatic or manual backup's failure (Swedish), null when the last one worked. */
  lastError: z.string().nullable(),
});
export type BackupList = z.infer<typeof BackupList>;

export const LogEntry = z.object({ at: z.string(), level: z.enum(['error', 'warn']), text: z.string() });
export type LogEntry = z.infer<typeof LogEntry>;

export const ReplicaCheck = z.object({
  /** `ok`, or SQLite's first complaint. */
  result: z.string(),
  at: IsoDateTime,
  ms: z.number(),
});
export type ReplicaCheck = z.infer<typeof ReplicaCheck>;

export const DiagnosticsStatus = z.object({
  appVersion: z.string(),
  dataDir: z.string(),
  logDir: z.string(),
  replica: z.object({
    file: z.string(),
    bytes: z.number().int(),
    walBytes: z.number().int(),
    schemaVersion: z.number().int(),
    lastMutationId: z.number().int(),
    /** The last check run from this page since the start (null: none yet). */
    check: ReplicaCheck.nullable(),
  }),
  sync: z.object({
    configured: z.boolean(),
    centralUrl: z.string().nullable(),
    state: z.string(),
    online: z.boolean(),
    lastSyncAt: IsoDateTime.nullable(),
    lastAttemptAt: IsoDateTime.nullable(),
    /** The oldest change not yet acknowledged by central: how long work has waited. */
    oldestPendingAt: IsoDateTime.nullable(),
    error: z.string().nullable(),
    conflicts: z.number().int(),
  }),
  pending: z.object({
    outbox: z.number().int(),
    receiptDrafts: z.number().int(),
    openStocktakes: z.number().int(),
  }),
  lastErrors: z.array(LogEntry),
  backups: BackupList,
});
export type DiagnosticsStatus = z.infer<typeof DiagnosticsStatus>;

export const SupportBundle = z.object({
  file: z.string(),
  bytes: z.number().int(),
  /** The names of the files inside the zip. */
  entries: z.array(z.string()),
});
export type SupportBundle = z.infer<typeof SupportBundle>;

export const RestoreInput = z.object({ name: z.string().regex(/^buffert-\d{8}T\d{9}Z\.sqlite$/, 'Okänd säkerhetskopia.') }).strict();
export type RestoreInput = z.infer<typeof RestoreInput>;

export const RestorePlan = z.object({
  backup: BackupInfo,
  /** Confirmed changes of this workstation newer than the backup (by the high-water mark). */
  lostChanges: z.number().int(),
  /** Of those, how many central has not acknowledged: lost for good (null: not known, the replica cannot be opened). */
  unsyncedChanges: z.number().int().nullable(),
});
export type RestorePlan = z.infer<typeof RestorePlan>;

export const RestoreStarted = z.object({ restarting: z.literal(true), lostChanges: z.number().int() });
