import { err, ok } from '../../../shared/result';
import { appendAudit } from '../db/audit';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

/** Demo login: pick a user of this store (SITHS replaces it in a later issue). */
export function sessionHandlers(ctx: BackendContext): HandlerGroup<'session'> {
  return {
    'session.demoUsers': () => ok(ctx.repos.users.listForStore(ctx.ownStoreId)),
    'session.login': ({ userId }) => {
      const user = ctx.repos.users.get(userId);
      if (!user || !user.storeIds.includes(ctx.ownStoreId)) {
        return err('unknown-user', 'Användaren finns inte eller är inte behörig på det här lagret.');
      }
      ctx.db.transaction(() => {
        appendAudit(ctx.db, { at: ctx.now().toISOString(), userId: user.id, action: 'login', entity: 'user', entityId: user.id });
      })();
      ctx.session.user = user;
      return ok(user);
    },
    'session.logout': () => {
      const user = ctx.session.user;
      if (user) {
        appendAudit(ctx.db, { at: ctx.now().toISOString(), userId: user.id, action: 'logout', entity: 'user', entityId: user.id });
      }
      ctx.session.user = null;
      return ok(null);
    },
  };
}
