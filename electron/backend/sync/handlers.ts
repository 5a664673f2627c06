import type { SyncStatus } from '../../../shared/api/schemas';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { ConflictStore } from './conflicts';
import { LocalMutations } from './local-mutations';
import { NoticeStore } from './notices';
import { Outbox } from './outbox';

const NOT_CONNECTED = 'Den här arbetsstationen är inte kopplad till någon central server.';

/** The Synk page and the status bar: status, "synka nu", conflicts, the fail-safe's confirmation. */
export function syncHandlers(ctx: BackendContext): HandlerGroup<'sync'> {
  const outbox = new Outbox(ctx.db);
  const conflicts = new ConflictStore(ctx.db, new LocalMutations(ctx.db));
  const notices = new NoticeStore(ctx.db);
  const status = (): SyncStatus =>
    ctx.sync?.status() ?? {
      state: 'disabled',
      online: false,
      pendingChanges: outbox.pendingCount(),
      lastSyncAt: null,
      lastAttemptAt: null,
      nextRetryAt: null,
      error: null,
      conflicts: conflicts.openCount(),
      notice: notices.latest(),
      bootstrapped: true,
      failsafe: null,
      centralUrl: null,
    };
  return {
    'sync.status': () => ok(status()),
    'sync.now': () => {
      if (!ctx.sync) return err('sync-disabled', NOT_CONNECTED);
      void ctx.sync.syncNow();
      return ok({ started: true });
    },
    'sync.conflicts': ({ includeDismissed, limit }) => ok(conflicts.list(includeDismissed, limit)),
    'sync.dismissConflict': ({ id }, user) => {
      const done = ctx.db.transaction(() => conflicts.dismiss(id, user.id, ctx.now().toISOString()))();
      if (!done) return err('not-found', 'Konflikten finns inte eller är redan åtgärdad.');
      ctx.sync?.notifyLocalWrite();
      return ok(null);
    },
    'sync.dismissNotice': ({ id }, user) => {
      const done = ctx.db.transaction(() => notices.dismiss(id, user.id, ctx.now().toISOString()))();
      if (!done) return err('not-found', 'Meddelandet finns inte eller är redan läst.');
      ctx.sync?.notifyLocalWrite();
      return ok(null);
    },
    'sync.confirmDeletion': () => {
      if (!ctx.sync) return err('sync-disabled', NOT_CONNECTED);
      return ctx.sync.confirmDeletion();
    },
  };
}
