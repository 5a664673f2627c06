import { createStore } from 'zustand/vanilla';
import type { AppStatus, UserSummary } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import type { AppError } from '../../../shared/result';

export type SessionPhase = 'loading' | 'startupError' | 'unreachable' | 'loggedOut' | 'loggedIn';

export interface SessionState {
  phase: SessionPhase;
  status: AppStatus | null;
  demoUsers: UserSummary[];
  /** The last refusal or failure to show (login refused, backend unreachable, startup error). */
  error: AppError | null;
  busy: boolean;
  start(): Promise<void>;
  refreshStatus(): Promise<void>;
  login(userId: string): Promise<boolean>;
  logout(): Promise<void>;
  /** Any screen reports refusals here: `not-logged-in` sends the person back to the login screen. */
  noteError(error: AppError): void;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** Who is logged in, the store and the sync status, from `app.status` and the `sync.status` event. */
export function createSessionStore(transport: Transport) {
  const store = createStore<SessionState>()((set, get) => {
    const toLoggedOut = async (): Promise<void> => {
      const users = await transport.invoke('session.demoUsers', {});
      set({ phase: 'loggedOut', demoUsers: users.ok ? users.value : [], error: users.ok ? null : users.error, busy: false });
    };

    return {
      phase: 'loading',
      status: null,
      demoUsers: [],
      error: null,
      busy: false,

      async start() {
        set({ phase: 'loading', error: null });
        const status = await transport.invoke('app.status', {});
        if (!status.ok) {
          set({ phase: status.error.code === 'startup-failed' ? 'startupError' : 'unreachable', error: status.error });
          return;
        }
        set({ status: status.value });
        if (status.value.user) set({ phase: 'loggedIn', error: null });
        else await toLoggedOut();
      },

      async refreshStatus() {
        const status = await transport.invoke('app.status', {});
        if (!status.ok) return;
        set({ status: status.value });
        if (status.value.user === null && get().phase === 'loggedIn') await toLoggedOut();
      },

      async login(userId) {
        set({ busy: true, error: null });
        const result = await transport.invoke('session.login', { userId });
        if (!result.ok) {
          set({ busy: false, error: result.error });
          return false;
        }
        const status = await transport.invoke('app.status', {});
        set({ busy: false, phase: 'loggedIn', status: status.ok ? status.value : get().status, error: null });
        return true;
      },

      async logout() {
        set({ busy: true });
        await transport.invoke('session.logout', {});
        const status = await transport.invoke('app.status', {});
        if (status.ok) set({ status: status.value });
        await toLoggedOut();
      },

      noteError(error) {
        if (error.code === 'not-logged-in' && get().phase === 'loggedIn') void toLoggedOut();
      },
    };
  });

  transport.on('sync.status', (payload) => {
    const status = store.getState().status;
    if (status) {
      store.setState({
        status: { ...status, online: payload.online, pendingChanges: payload.pendingChanges, lastSyncAt: payload.lastSyncAt },
      });
    }
  });
  transport.on('data.changed', () => void store.getState().refreshStatus());
  return store;
}
