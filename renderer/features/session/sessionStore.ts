import { createStore } from 'zustand/vanilla';
import type { AppStatus } from '../../../shared/api/schemas';
import type { LoginOutcome, LoginScreen } from '../../../shared/api/session';
import type { Transport } from '../../../shared/api/transport';
import type { AppError } from '../../../shared/result';

export type SessionPhase = 'loading' | 'startupError' | 'unreachable' | 'loggedOut' | 'loggedIn';

/** A step the login needs before it is done. */
export type Pending =
  /** Central wants a new password (first login, or after a reset): the old one is kept to send along. */
  | { kind: 'changePassword'; userId: string; secret: string }
  /** After an online SITHS login: choose (or renew) the PIN for logging in without the network. */
  | { kind: 'choosePin' };

export interface SessionState {
  phase: SessionPhase;
  status: AppStatus | null;
  /** The login screen's facts (method, users, first sync); refreshed while the first sync runs. */
  screen: LoginScreen | null;
  /** The workstation is locked: the page is hidden behind the lock screen, nothing else changes. */
  locked: boolean;
  /** Why it locked (the lock screen says it when the card was taken out). */
  lockReason: 'inactivity' | 'manual' | 'card-removed' | null;
  pending: Pending | null;
  /** The last refusal or failure to show (login refused, backend unreachable, startup error). */
  error: AppError | null;
  /** How the last login was checked (the start page says "utan nätverk" for an offline login). */
  lastLogin: LoginOutcome | null;
  busy: boolean;
  start(): Promise<void>;
  refreshStatus(): Promise<void>;
  loadScreen(): Promise<void>;
  login(userId: string, secret: string): Promise<boolean>;
  changePassword(newPassword: string): Promise<boolean>;
  /** The card: the page asks central over mutual TLS (the card's middleware asks for the PIN). */
  loginWithCard(): Promise<boolean>;
  setOfflinePin(pin: string): Promise<boolean>;
  skipPending(): void;
  lock(reason: 'inactivity' | 'manual' | 'card-removed'): Promise<void>;
  unlock(userId: string, secret: string): Promise<boolean>;
  logout(): Promise<void>;
  clearError(): void;
  /** Any screen reports refusals here: `not-logged-in` / `locked` send the person to the right screen. */
  noteError(error: AppError): void;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** What the page needs to ask central for a SITHS grant (the Electron page only). */
export interface CardLogin {
  (centralUrl: string, clientId: string): Promise<{ ok: true; grant: string } | { ok: false; error: AppError }>;
}

/** POST /auth/siths from the page: the TLS handshake carries the card's certificate. */
export const fetchSithsGrant: CardLogin = async (centralUrl, clientId) => {
  try {
    const response = await fetch(`${centralUrl.replace(/\/+$/, '')}/auth/siths`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId }),
      // A client certificate is a credential in the Fetch standard: 'omit' would never send the card.
      credentials: 'include',
      cache: 'no-store',
    });
    const body = (await response.json()) as { grant?: string; error?: AppError };
    if (response.ok && typeof body.grant === 'string') return { ok: true, grant: body.grant };
    return { ok: false, error: body.error ?? { code: 'certificate-refused', message: 'Centralen godtog inte kortet.' } };
  } catch {
    return {
      ok: false,
      error: { code: 'no-card', message: 'Inget SITHS-kort kunde användas (inget kort i läsaren, fel PIN-kod, eller ingen kontakt med centralen).' },
    };
  }
};

/** Who is logged in, the lock, the store and the sync status, from `app.status` and the session handlers. */
export function createSessionStore(transport: Transport, cardLogin: CardLogin = fetchSithsGrant) {
  let screenTimer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<SessionState>()((set, get) => {
    const loadScreen = async (): Promise<void> => {
      const screen = await transport.invoke('session.screen', {});
      if (screen.ok) set({ screen: screen.value });
      else set({ error: screen.error });
    };
    const toLoggedOut = async (error: AppError | null = null): Promise<void> => {
      set({ phase: 'loggedOut', locked: false, lockReason: null, pending: null, busy: false, error });
      await loadScreen();
    };
    const afterLogin = async (outcome: LoginOutcome): Promise<void> => {
      const status = await transport.invoke('app.status', {});
      set({
        busy: false,
        phase: 'loggedIn',
        locked: false,
        lockReason: null,
        lastLogin: outcome,
        pending: outcome.needsOfflinePin ? { kind: 'choosePin' } : null,
        status: status.ok ? status.value : get().status,
        error: null,
      });
    };

    return {
      phase: 'loading',
      status: null,
      screen: null,
      locked: false,
      lockReason: null,
      pending: null,
      error: null,
      lastLogin: null,
      busy: false,

      async start() {
        set({ phase: 'loading', error: null });
        const status = await transport.invoke('app.status', {});
        if (!status.ok) {
          set({ phase: status.error.code === 'startup-failed' ? 'startupError' : 'unreachable', error: status.error });
          return;
        }
        set({ status: status.value });
        if (status.value.user) {
          set({ phase: 'loggedIn', locked: status.value.locked, error: null });
          if (status.value.locked) await loadScreen();
        } else await toLoggedOut();
      },

      async refreshStatus() {
        const status = await transport.invoke('app.status', {});
        if (!status.ok) return;
        set({ status: status.value });
        if (status.value.user === null && get().phase === 'loggedIn') await toLoggedOut();
      },

      loadScreen,

      async login(userId, secret) {
        set({ busy: true, error: null });
        const status = get().status;
        // Online when central answers; the backend falls back to the offline check by itself.
        const result = status?.centralUrl
          ? await transport.invoke('session.loginOnline', { userId, secret })
          : await transport.invoke('session.login', { userId, secret });
        if (!result.ok) {
          if (result.error.code === 'password-change-required') {
            set({ busy: false, pending: { kind: 'changePassword', userId, secret }, error: null });
            return false;
          }
          set({ busy: false, error: result.error });
          await loadScreen();
          return false;
        }
        await afterLogin(result.value);
        return true;
      },

      async changePassword(newPassword) {
        const pending = get().pending;
        if (pending?.kind !== 'changePassword') return false;
        set({ busy: true, error: null });
        const result = await transport.invoke('session.loginOnline', { userId: pending.userId, secret: pending.secret, newPassword });
        if (!result.ok) {
          set({ busy: false, error: result.error });
          return false;
        }
        await afterLogin(result.value);
        return true;
      },

      async loginWithCard() {
        const status = get().status;
        const screen = get().screen;
        if (!status?.centralUrl || !screen?.clientId) {
          set({ error: { code: 'offline', message: 'Inloggning med SITHS-kort kräver kontakt med centralen.' } });
          return false;
        }
        set({ busy: true, error: null });
        const grant = await cardLogin(status.centralUrl, screen.clientId);
        if (!grant.ok) {
          set({ busy: false, error: grant.error });
          return false;
        }
        const result = await transport.invoke('session.loginSiths', { grant: grant.grant });
        if (!result.ok) {
          set({ busy: false, error: result.error });
          return false;
        }
        await afterLogin(result.value);
        return true;
      },

      async setOfflinePin(pin) {
        set({ busy: true, error: null });
        const result = await transport.invoke('session.setOfflinePin', { pin });
        if (!result.ok) {
          set({ busy: false, error: result.error });
          return false;
        }
        set({ busy: false, pending: null });
        return true;
      },

      skipPending() {
        set({ pending: null, error: null });
      },

      async lock(reason) {
        if (get().phase !== 'loggedIn' || get().locked) return;
        await transport.invoke('session.lock', { reason });
        set({ locked: true, lockReason: reason, error: null });
        await loadScreen();
      },

      async unlock(userId, secret) {
        set({ busy: true, error: null });
        const before = get().status?.user?.id ?? null;
        const result = await transport.invoke('session.unlock', { userId, secret });
        if (!result.ok) {
          set({ busy: false, error: result.error });
          await loadScreen();
          return false;
        }
        if (result.value.user.id !== before) {
          // Another person: what the first one had on screen is not theirs to see (context.tsx resets).
          set({ phase: 'loggedOut' });
        }
        await afterLogin(result.value);
        return true;
      },

      async logout() {
        set({ busy: true });
        await transport.invoke('session.logout', {});
        const status = await transport.invoke('app.status', {});
        if (status.ok) set({ status: status.value });
        await toLoggedOut();
      },

      clearError() {
        set({ error: null });
      },

      noteError(error) {
        if (error.code === 'not-logged-in' && get().phase === 'loggedIn') void toLoggedOut();
        if (error.code === 'locked' && get().phase === 'loggedIn' && !get().locked) {
          set({ locked: true });
          void loadScreen();
        }
      },
    };
  });

  // The login screen follows the first sync: users appear as soon as they are pulled.
  const refreshScreen = () => {
    const { phase, locked } = store.getState();
    if ((phase !== 'loggedOut' && !locked) || screenTimer !== null) return;
    screenTimer = setTimeout(() => {
      screenTimer = null;
      void store.getState().loadScreen();
    }, 300);
  };

  transport.on('sync.status', (payload) => {
    const status = store.getState().status;
    if (status) {
      store.setState({
        status: { ...status, online: payload.online, pendingChanges: payload.pendingChanges, lastSyncAt: payload.lastSyncAt },
      });
    }
    if (store.getState().screen?.firstSync) refreshScreen();
  });
  // The backend locks by itself when the SITHS card is taken out.
  transport.on('session.locked', ({ reason }) => {
    if (store.getState().phase !== 'loggedIn' || store.getState().locked) return;
    store.setState({ locked: true, lockReason: reason, error: null });
    void store.getState().loadScreen();
  });
  transport.on('data.changed', () => {
    void store.getState().refreshStatus();
    refreshScreen();
  });
  return store;
}
