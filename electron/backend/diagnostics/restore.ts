import path from 'node:path';
import { openBackend, replicaPath, type Backend, type BackendOptions } from '../backend';
import { BACKUP_DIR, restoreBackup, type RestoreOutcome } from '../db/backup';
import { ReplicaKeyError, type ReplicaKey } from '../db/replica-key';

/** The backup folder of these options (the same default as the diagnostics service). */
export function backupDirOf(options: Pick<BackendOptions, 'dataDir' | 'diagnostics'>): string {
  return options.diagnostics?.backupDir ?? path.join(options.dataDir, BACKUP_DIR);
}

/**
 * The replica key for a restore while no backend is open (the startup-error screen): the given
 * one or the store's. Never a new one: a key made now would open no backup.
 */
export function restoreKeyOf(options: Pick<BackendOptions, 'replicaKey'>): ReplicaKey {
  if (Buffer.isBuffer(options.replicaKey)) return options.replicaKey;
  const stored = options.replicaKey.read();
  if (stored === null) throw new ReplicaKeyError('key-missing', options.replicaKey.where, `${options.replicaKey.where}: no key for the backups`);
  return stored;
}

/**
 * The hosts' restore: with the replica closed (`current` is closed first when there is one), put
 * backup `name` in place and open the backend again. The restored replica is behind its
 * high-water mark (decision 0008) when the workstation wrote after the backup; opening it accepts
 * exactly that loss (`acceptLostChanges` = the mark), which the replica's audit log records. What
 * had reached central comes back with the next pull; what had not is counted in the outcome and
 * stays in the replaced replica kept in the backup folder.
 */
export function restoreAndReopen(current: Backend | null, options: BackendOptions, name: string): { backend: Backend; outcome: RestoreOutcome } {
  const key = current?.context.diagnostics.key ?? restoreKeyOf(options);
  current?.close();
  const outcome = restoreBackup(replicaPath(options.dataDir), backupDirOf(options), name, key, (options.now ?? (() => new Date()))());
  options.log?.warn(
    `Buffert: backup ${name} restored (its last change ${outcome.restored.lastMutationId}, the mark ${outcome.highWater ?? 'none'}, ${outcome.lostChanges} confirmed changes not in it); the replaced replica is in ${outcome.replacedDir ?? '-'}`,
  );
  const backend = openBackend({ ...options, acceptLostChanges: outcome.lostChanges > 0 ? outcome.highWater : options.acceptLostChanges });
  return { backend, outcome };
}
