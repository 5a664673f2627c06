import { createStore } from 'zustand/vanilla';
import type { SyncConflict, SyncProgress, SyncStatus } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import type { AppError } from '../../../shared/result';

/** States in which a sync is running (the progress bar may be shown). */
export const RUNNING_STATES: readonly SyncStatus['state'][] = ['syncing', 'bootstrapping', 'resyncing'];

export const isRunning = (status: SyncStatus | null): boolean => status !== null && RUNNING_STATES.includes(status.state);

export interface SyncPageState {
  status: SyncStatus | null;
  /** The running sync's progress (bootstrap: rows, %, time left); null when none is running. */
  progress: SyncProgress | null;
  conflicts: SyncConflict[];
  conflictsLoaded: boolean;
  includeDismissed: boolean;
  /** "Synka nu" or the fail-safe's confirmation was just asked for. */
  starting: boolean;
  /** Conflict ids being marked as dealt with. */
  dismissing: ReadonlySet<number>;
  /** The last refusal of an action on the Synk page (synka nu, confirm, dismiss, list). */
  error: AppError | null;

  loadStatus(): Promise<void>;
  loadConflicts(): Promise<void>;
  setIncludeDismissed(value: boolean): void;
  syncNow(): Promise<void>;
  confirmDeletion(): Promise<void>;
  dismiss(id: number): Promise<void>;
  /** "Jag har läst det" on the sync notice. */
  dismissNotice(id: number): Promise<void>;
}

export type SyncStore = ReturnType<typeof createSyncStore>;

/**
 * The Synk page and the status bar: the sync status (handler at start, then the `sync.status`
 * event), the bootstrap's progress (`sync.progress`) and the list of refused changes.
 */
export function createSyncStore(transport: Transport, onError: (error: AppError) => void) {
  let statusInFlight = false;
  let statusAgain = false;
  let conflictsSeq = 0;
  // Counts sync.status events: an answer to a request that an event overtook is older than it.
  let statusEvents = 0;

  const store = createStore<SyncPageState>()((set, get) => ({
    status: null,
    progress: null,
    conflicts: [],
    conflictsLoaded: false,
    includeDismissed: false,
    starting: false,
    dismissing: new Set(),
    error: null,

    async loadStatus() {
      // Coalesced: a burst of data.changed events (pulled pages) asks at most once more.
      if (statusInFlight) {
        statusAgain = true;
        return;
      }
      statusInFlight = true;
      try {
        do {
          statusAgain = false;
          const eventsBefore = statusEvents;
          const result = await transport.invoke('sync.status', {});
          if (result.ok && statusEvents === eventsBefore) applyStatus(result.value);
        } while (statusAgain);
      } finally {
        statusInFlight = false;
      }
    },

    async loadConflicts() {
      const seq = ++conflictsSeq;
      const result = await transport.invoke('sync.conflicts', { includeDismissed: get().includeDismissed });
      if (seq !== conflictsSeq) return;
      if (!result.ok) {
        onError(result.error);
        set({ error: result.error });
        return;
      }
      set({ conflicts: result.value, conflictsLoaded: true });
    },

    setIncludeDismissed(includeDismissed) {
      set({ includeDismissed });
      void get().loadConflicts();
    },

    async syncNow() {
      set({ starting: true, error: null });
      const result = await transport.invoke('sync.now', {});
      set({ starting: false });
      if (!result.ok) {
        onError(result.error);
        set({ error: result.error });
        return;
      }
      await get().loadStatus();
    },

    async confirmDeletion() {
      set({ starting: true, error: null });
      const result = await transport.invoke('sync.confirmDeletion', {});
      set({ starting: false });
      if (!result.ok) {
        onError(result.error);
        set({ error: result.error });
      }
      await get().loadStatus();
    },

    async dismiss(id) {
      set({ dismissing: new Set([...get().dismissing, id]), error: null });
      const result = await transport.invoke('sync.dismissConflict', { id });
      const dismissing = new Set(get().dismissing);
      dismissing.delete(id);
      set({ dismissing });
      if (!result.ok) {
        onError(result.error);
        set({ error: result.error });
      }
      await Promise.all([get().loadConflicts(), get().loadStatus()]);
    },

    async dismissNotice(id) {
      const result = await transport.invoke('sync.dismissNotice', { id });
      if (!result.ok) {
        onError(result.error);
        set({ error: result.error });
      }
      await get().loadStatus();
    },
  }));

  function applyStatus(status: SyncStatus): void {
    const previous = store.getState().status;
    store.setState({ status, progress: isRunning(status) ? store.getState().progress : null });
    // A new refusal arrived (or one was dealt with elsewhere): the open list follows.
    if (store.getState().conflictsLoaded && previous !== null && previous.conflicts !== status.conflicts) {
      void store.getState().loadConflicts();
    }
  }

  transport.on('sync.status', (status) => {
    statusEvents += 1;
    applyStatus(status);
  });
  transport.on('sync.progress', (progress) => store.setState({ progress }));
  // Without a sync engine (no central server) no sync.status event follows a write: ask.
  transport.on('data.changed', () => {
    if (store.getState().status !== null) void store.getState().loadStatus();
  });
  return store;
}
