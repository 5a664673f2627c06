import { z } from 'zod';
import { CentralSession, type LoginOutcome } from '../../../shared/api/session';
import type { UserSummary } from '../../../shared/api/schemas';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { cardsPresent, type CardSlot } from '../../../shared/domain/session/card';
import { loginMethodOf, offlineValidUntil, passwordLoginProblem, passwordProblem, pinProblem } from '../../../shared/domain/session/rules';
import { err, ok, type Result } from '../../../shared/result';
import { appendAudit } from '../db/audit';
import { getSetting } from '../db/settings';
import { SyncRequestError } from '../sync/client';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import type { CredentialKind } from './credentials';

/**
 * Login on the workstation (decision 0020). Online, central checks the person (password, or the
 * SITHS card over mutual TLS) and the secret they typed becomes this workstation's offline
 * credential; offline, that credential is checked here. Locking keeps the user and everything
 * unsynced; unlocking needs the secret, and another person unlocking logs the first out.
 */

const PIN_RENEW_DAYS = 2;

/** Locks the workstation (the handler, and the backend when the SITHS card is taken out): the user and their unsynced work stay. */
export function lockSession(ctx: BackendContext, reason: 'inactivity' | 'manual' | 'card-removed'): void {
  const user = ctx.session.user;
  if (!user || ctx.session.locked) return;
  ctx.db.transaction(() => appendAudit(ctx.db, { at: ctx.now().toISOString(), userId: user.id, action: 'lock', entity: 'user', entityId: user.id, details: { reason } }))();
  ctx.session.locked = true;
  ctx.events.emit('session.locked', { reason });
}

/** The cards in the readers now: a SITHS session locks when one of them is taken out. */
const cardsNow = (ctx: BackendContext, method: BackendContext['session']['method']): CardSlot[] =>
  method === 'siths' && ctx.cardReaders ? cardsPresent(ctx.cardReaders.slots()) : [];
const LoggedOut = z.object({ ok: z.boolean() });

export function sessionHandlers(ctx: BackendContext): HandlerGroup<'session'> {
  const { credentials, users } = ctx.repos;
  const audit = (userId: string, action: string, details?: Record<string, unknown>) =>
    appendAudit(ctx.db, { at: ctx.now().toISOString(), userId, action, entity: 'user', entityId: userId, ...(details ? { details } : {}) });

  /** The user as the replica knows them, allowed at this store. */
  const storeUser = (userId: string): UserSummary | null => {
    const user = users.get(userId);
    return user && user.storeIds.includes(ctx.ownStoreId) ? user : null;
  };

  const outcome = (user: UserSummary, checked: LoginOutcome['checked']): LoginOutcome => {
    const state = credentials.state(user.id);
    const soon = ctx.now().getTime() + PIN_RENEW_DAYS * 86400e3;
    return {
      user,
      checked,
      needsOfflinePin: ctx.session.method === 'siths' && (state === null || state.kind !== 'pin' || new Date(state.validUntil).getTime() < soon),
      offlineValidUntil: state?.validUntil ?? null,
    };
  };

  const begin = (user: UserSummary, method: 'password' | 'siths' | null, central: BackendContext['session']['central'], how: string) => {
    if (ctx.session.user && ctx.session.user.id !== user.id) endSession('logout.replaced');
    ctx.db.transaction(() => audit(user.id, 'login', { method: how }))();
    Object.assign(ctx.session, { user, locked: false, method, central, cardsAtLogin: cardsNow(ctx, method) });
  };

  const endSession = (action: string) => {
    const { user, central } = ctx.session;
    if (user) ctx.db.transaction(() => audit(user.id, action))();
    if (central && ctx.sync) {
      // Best effort: central's session runs out by itself if this does not reach it.
      void ctx.sync.request('/auth/logout', { clientId: ctx.sync.clientId, sessionToken: central.token }, LoggedOut).catch(() => {});
    }
    Object.assign(ctx.session, { user: null, locked: false, method: null, central: null, cardsAtLogin: [] });
  };

  /** The offline check, shared by login and unlock. */
  const offline = (userId: string, secret: string): Result<{ user: UserSummary; kind: CredentialKind }> => {
    const user = storeUser(userId);
    if (!user) return err('unknown-user', 'Användaren finns inte eller är inte behörig på det här lagret.');
    const checked = ctx.db.transaction(() => credentials.verify(userId, secret, ctx.now()))();
    if (!checked.ok) {
      ctx.db.transaction(() => audit(userId, 'login.refused', { method: 'offline', code: checked.error.code }))();
      return checked;
    }
    // A password kept from before the region moved to SITHS no longer opens the workstation.
    const wrongMethod = checked.value === 'password' ? passwordLoginProblem(ctx.regionSettings.settings.loginMode) : null;
    if (wrongMethod) {
      ctx.db.transaction(() => audit(userId, 'login.refused', { method: 'offline', code: 'wrong-login-method' }))();
      return err('wrong-login-method', wrongMethod);
    }
    return ok({ user, kind: checked.value });
  };

  /** Logs in with the offline credential (no central, or central does not answer). */
  const loginOffline = (userId: string, secret: string): Result<LoginOutcome> => {
    const checked = offline(userId, secret);
    if (!checked.ok) return checked;
    begin(checked.value.user, null, null, `offline-${checked.value.kind}`);
    return ok(outcome(checked.value.user, 'offline'));
  };

  /** Central's answer to a login: the user as central knows them, this workstation's session. */
  const online = (answer: CentralSession, secret: { kind: CredentialKind; value: string } | null): Result<LoginOutcome> => {
    // Roles and stores come from central; the replica catches up with the next pull.
    const user: UserSummary = { ...answer.user };
    if (!user.storeIds.includes(ctx.ownStoreId)) return err('forbidden', 'Du har ingen behörighet på det här lagret.');
    const now = ctx.now();
    const until = offlineValidUntil(now, ctx.login.offlineValidDays);
    ctx.db.transaction(() => {
      if (secret) credentials.provision(user.id, secret.kind, secret.value, now, until);
      else credentials.renew(user.id, now, until);
    })();
    begin(user, answer.session.method, { token: answer.session.token, expiresAt: answer.session.expiresAt }, answer.session.method);
    return ok(outcome(user, 'central'));
  };

  const refusal = (error: unknown): Result<never> | null => {
    if (error instanceof SyncRequestError && error.failure.kind === 'refused') return err(error.failure.code, error.failure.message);
    return null;
  };

  return {
    'session.screen': () => {
      const offlineStates = credentials.all();
      const status = ctx.sync?.status();
      return ok({
        method: loginMethodOf(ctx.login.method, ctx.regionSettings.settings.loginMode),
        sithsAvailable: ctx.login.sithsAvailable && ctx.sync !== null,
        firstSync: status !== undefined && !status.bootstrapped,
        users: users.listForStore(ctx.ownStoreId).map((u) => ({ ...u, offline: offlineStates.get(u.id) ?? null })),
        demoSecret: ctx.login.demoLogin || getSetting(ctx.db, 'demoSeed') !== null ? DEMO_PASSWORD : null,
        clientId: ctx.sync?.clientId ?? null,
        lockedUser: ctx.session.locked ? ctx.session.user : null,
      });
    },

    'session.login': ({ userId, secret }) => loginOffline(userId, secret),

    'session.loginOnline': async ({ userId, secret, newPassword }) => {
      const sync = ctx.sync;
      if (!sync) {
        if (newPassword !== undefined) return err('offline', 'Lösenordet kan bara bytas när arbetsstationen har kontakt med centralen.');
        return loginOffline(userId, secret);
      }
      if (newPassword !== undefined) {
        const problem = passwordProblem(newPassword);
        if (problem) return err('weak-password', problem);
      }
      try {
        const answer = await sync.request('/auth/password', { clientId: sync.clientId, userId, password: secret, ...(newPassword !== undefined ? { newPassword } : {}) }, CentralSession);
        return online(answer, { kind: 'password', value: newPassword ?? secret });
      } catch (error) {
        const refused = refusal(error);
        if (refused) return refused;
        // No answer from central: the offline credential decides (the person is told so).
        return loginOffline(userId, secret);
      }
    },

    'session.changePassword': async ({ userId, secret, newPassword }) => {
      const sync = ctx.sync;
      if (!sync) return err('offline', 'Lösenordet kan bara bytas när arbetsstationen har kontakt med centralen.');
      const problem = passwordProblem(newPassword);
      if (problem) return err('weak-password', problem);
      try {
        const answer = await sync.request('/auth/password/change', { clientId: sync.clientId, userId, password: secret, newPassword }, CentralSession);
        return online(answer, { kind: 'password', value: newPassword });
      } catch (error) {
        return refusal(error) ?? err('offline', 'Centralen svarar inte. Lösenordet kan bara bytas när arbetsstationen har kontakt med centralen.');
      }
    },

    'session.loginSiths': async ({ grant }) => {
      const sync = ctx.sync;
      if (!sync) return err('offline', 'Inloggning med SITHS-kort kräver kontakt med centralen. Logga in med din PIN-kod för inloggning utan nätverk.');
      try {
        const answer = await sync.request('/auth/siths/redeem', { clientId: sync.clientId, grant }, CentralSession);
        // The card proved the person; an offline PIN they chose earlier stays and is extended.
        return online(answer, null);
      } catch (error) {
        return refusal(error) ?? err('offline', 'Centralen svarar inte. Logga in med din PIN-kod för inloggning utan nätverk.');
      }
    },

    'session.setOfflinePin': ({ pin }, user) => {
      if (ctx.session.method !== 'siths') {
        return err('forbidden', 'En PIN-kod för inloggning utan nätverk väljs efter en inloggning med SITHS-kort.');
      }
      const problem = pinProblem(pin);
      if (problem) return err('weak-pin', problem);
      const now = ctx.now();
      const validUntil = offlineValidUntil(now, ctx.login.offlineValidDays);
      ctx.db.transaction(() => {
        credentials.provision(user.id, 'pin', pin, now, validUntil);
        audit(user.id, 'offlinePin.set');
      })();
      return ok({ validUntil: validUntil.toISOString() });
    },

    'session.lock': ({ reason }) => {
      lockSession(ctx, reason);
      return ok(null);
    },

    'session.unlock': ({ userId, secret }) => {
      const current = ctx.session.user;
      if (!current || !ctx.session.locked) return err('not-locked', 'Arbetsstationen är inte låst.');
      const checked = offline(userId, secret);
      if (!checked.ok) return checked;
      if (userId === current.id) {
        ctx.db.transaction(() => audit(userId, 'unlock'))();
        // The card put back (or none: then no card lock until the next SITHS login).
        Object.assign(ctx.session, { locked: false, cardsAtLogin: cardsNow(ctx, ctx.session.method) });
        return ok(outcome(current, 'offline'));
      }
      // Someone else at the keyboard: the first person is logged out (their saved work stays and syncs).
      begin(checked.value.user, null, null, `offline-${checked.value.kind}`);
      return ok(outcome(checked.value.user, 'offline'));
    },

    'session.logout': () => {
      endSession('logout');
      return ok(null);
    },
  };
}
