import { ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { inbox } from '../message/inbox';

export function appHandlers(ctx: BackendContext): HandlerGroup<'app'> {
  const storeStmt = ctx.db.prepare<[string], { id: string; name: string; kind: 'central' | 'buffer' | 'purchase' | 'investigation' }>(
    'SELECT id, name, kind FROM store WHERE id = ?',
  );
  const pendingStmt = ctx.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'");
  const box = inbox(ctx.db);
  const lastSyncStmt = ctx.db.prepare<[], { value: string | null }>('SELECT last_sync_at AS value FROM sync_state WHERE id = 1');
  // The person's unread messages (the start page) and their count (the status bar); none before a login.
  const messagesOf = (userId: string | null) =>
    userId === null
      ? { messages: [], unreadMessages: 0 }
      : {
          messages: box.list(ctx.ownStoreId, userId, true, 20).map((m) => ({ id: m.id, at: m.at, text: m.text })),
          unreadMessages: box.unread(ctx.ownStoreId, userId),
        };
  return {
    'app.status': () => {
      const store = storeStmt.get(ctx.ownStoreId) ?? { id: ctx.ownStoreId, name: '', kind: 'buffer' as const };
      return ok({
        appVersion: ctx.appVersion,
        dataDir: ctx.dataDir,
        store,
        user: ctx.session.user,
        locked: ctx.session.locked,
        lockAfterMinutes: ctx.login.lockAfterMinutes,
        cardLock: cardLockOf(ctx),
        centralUrl: ctx.centralUrl,
        online: ctx.sync?.status().online ?? false,
        pendingChanges: pendingStmt.get()!.n,
        lastSyncAt: lastSyncStmt.get()?.value ?? null,
        ...messagesOf(ctx.session.user?.id ?? null),
      });
    },
  };
}

/** Whether the card lock works for the current session (AppStatus.cardLock). */
function cardLockOf(ctx: BackendContext): { watching: boolean; reason: string | null } | null {
  if (ctx.session.method !== 'siths' || !ctx.cardReaders) return null;
  const state = ctx.cardReaders.state();
  if (!state.watching) return { watching: false, reason: state.reason };
  return ctx.session.cardsAtLogin.length > 0
    ? { watching: true, reason: null }
    : { watching: false, reason: 'Inget kort satt i en kortläsare vid inloggningen: arbetsstationen låses inte när kortet tas ut.' };
}
