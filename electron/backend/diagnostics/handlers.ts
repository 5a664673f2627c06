import { err, ok, type Result } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { BackupError, planRestore } from '../db/backup';
import type { HandlerGroup } from '../handlers';

function backupFailure(error: unknown): Result<never> {
  if (error instanceof BackupError) return err(`backup-${error.code}`, error.message);
  throw error;
}

export function diagnosticsHandlers(ctx: BackendContext): HandlerGroup<'diagnostics'> {
  const d = ctx.diagnostics;
  return {
    'diagnostics.status': () => ok(d.service.status()),
    'diagnostics.checkReplica': () => ok(d.service.checkReplica()),
    'diagnostics.supportBundle': async () => ok(await d.service.supportBundle()),
  };
}

export function backupHandlers(ctx: BackendContext): HandlerGroup<'backup'> {
  const d = ctx.diagnostics;
  const plan = (name: string) => {
    const p = planRestore(d.replicaFile, d.service.backupDir, name, d.key);
    // Of the changes the backup lacks, those central has not acknowledged: gone for good.
    const unsynced = ctx.db.prepare("SELECT count(*) FROM outbox WHERE state = 'pending' AND id > ?").pluck().get(p.restored.lastMutationId) as number;
    return { backup: p.restored, lostChanges: p.lostChanges, unsyncedChanges: unsynced };
  };
  return {
    'backup.list': () => ok(d.service.backups()),
    'backup.create': () => {
      try {
        return ok(d.service.backupNow());
      } catch (error) {
        return backupFailure(error);
      }
    },
    'backup.plan': ({ name }) => {
      try {
        return ok(plan(name));
      } catch (error) {
        return backupFailure(error);
      }
    },
    'backup.restore': ({ name }) => {
      if (d.requestRestore === null) return err('restore-unavailable', 'Den här installationen kan inte återställa en säkerhetskopia av sig själv. Kontakta support.');
      try {
        const p = plan(name);
        const request = d.requestRestore;
        // After the answer has gone out: the host closes this backend, restores and reopens.
        setImmediate(() => request(name));
        return ok({ restarting: true as const, lostChanges: p.lostChanges });
      } catch (error) {
        return backupFailure(error);
      }
    },
  };
}
