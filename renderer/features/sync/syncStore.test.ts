import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, HandlerName } from '../../../shared/api/contract';
import type { SyncConflict, SyncStatus } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { err, ok, type Result } from '../../../shared/result';
import { i18n } from '../../i18n';
import { createSyncStore } from './syncStore';
import { describeProgress, errorKind, formatDuration } from './syncText';

const status = (overrides: Partial<SyncStatus> = {}): SyncStatus => ({
  state: 'idle',
  online: true,
  pendingChanges: 0,
  lastSyncAt: null,
  lastAttemptAt: null,
  nextRetryAt: null,
  error: null,
  conflicts: 0,
  notice: null,
  bootstrapped: true,
  failsafe: null,
  centralUrl: 'http://central',
  ...overrides,
});

const conflict = (id: number): SyncConflict => ({
  id,
  mutationId: id,
  name: 'stock.adjust',
  summary: `Saldojustering ${id}`,
  message: 'Bara lageradministratörer får göra detta.',
  code: 'forbidden-role',
  userName: 'Lena Tekniker',
  createdAt: '2024-11-04T07:00:00.000Z',
  rejectedAt: '2024-11-04T07:01:00.000Z',
  dismissedAt: null,
});

/** A backend stand-in: answers by handler name, records calls, and lets the test emit events. */
function fakeTransport(answers: Partial<Record<HandlerName, () => Result<unknown>>>) {
  const calls: { name: HandlerName; args: unknown }[] = [];
  const listeners = new Map<string, ((payload: never) => void)[]>();
  let release: (() => void) | null = null;
  let hold = false;
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: unknown) => {
      calls.push({ name, args });
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return answers[name]?.() ?? err('unexpected', name);
    }) as Transport['invoke'],
    on: ((event: string, listener: (payload: never) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => {};
    }) as Transport['on'],
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) (l as (p: EventPayload<E>) => void)(payload);
  };
  return {
    transport,
    calls,
    emit,
    holdAnswers: (value: boolean) => (hold = value),
    releaseOne: () => release?.(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sync store (Synk page, status bar)', () => {
  it('takes the status from the handler and then from the sync.status event; progress only while a sync runs', async () => {
    const backend = fakeTransport({ 'sync.status': () => ok(status({ state: 'bootstrapping', bootstrapped: false })) });
    const store = createSyncStore(backend.transport, () => {});
    await store.getState().loadStatus();
    expect(store.getState().status?.state).toBe('bootstrapping');

    backend.emit('sync.progress', { phase: 'bootstrap', rows: 500, total: 2000, percent: 25, secondsLeft: 12 });
    expect(store.getState().progress?.percent).toBe(25);

    backend.emit('sync.status', status({ state: 'idle', pendingChanges: 3 }));
    expect(store.getState().status?.pendingChanges).toBe(3);
    expect(store.getState().progress).toBeNull();
  });

  it('a burst of data.changed events asks for the status at most once more', async () => {
    let pending = 0;
    const backend = fakeTransport({ 'sync.status': () => ok(status({ state: 'disabled', centralUrl: null, pendingChanges: ++pending })) });
    const store = createSyncStore(backend.transport, () => {});
    await store.getState().loadStatus();
    backend.holdAnswers(true);
    for (let i = 0; i < 20; i++) backend.emit('data.changed', { tables: ['stock_movement'] });
    await settle();
    expect(backend.calls.filter((c) => c.name === 'sync.status')).toHaveLength(2);
    backend.holdAnswers(false);
    backend.releaseOne();
    await settle();
    await settle();
    expect(backend.calls.filter((c) => c.name === 'sync.status')).toHaveLength(3);
    expect(store.getState().status?.pendingChanges).toBe(3);
  });

  it('a new refusal in the status brings the open conflicts list up to date', async () => {
    let list = [conflict(1)];
    const backend = fakeTransport({
      'sync.status': () => ok(status({ conflicts: list.length })),
      'sync.conflicts': () => ok(list),
      'sync.dismissConflict': () => {
        list = [];
        return ok(null);
      },
    });
    const store = createSyncStore(backend.transport, () => {});
    await store.getState().loadStatus();
    await store.getState().loadConflicts();
    expect(store.getState().conflicts.map((c) => c.id)).toEqual([1]);

    list = [conflict(2), conflict(1)];
    backend.emit('sync.status', status({ conflicts: 2 }));
    await settle();
    expect(store.getState().conflicts.map((c) => c.id)).toEqual([2, 1]);

    await store.getState().dismiss(2);
    expect(backend.calls.find((c) => c.name === 'sync.dismissConflict')?.args).toEqual({ id: 2 });
    expect(store.getState().conflicts).toEqual([]);
    expect(store.getState().status?.conflicts).toBe(0);
    expect(store.getState().dismissing.size).toBe(0);
  });

  it('a refused "synka nu" is shown, not thrown', async () => {
    const noted: string[] = [];
    const backend = fakeTransport({
      'sync.status': () => ok(status({ state: 'disabled', centralUrl: null })),
      'sync.now': () => err('sync-disabled', 'Den här arbetsstationen är inte kopplad till någon central server.'),
    });
    const store = createSyncStore(backend.transport, (e) => noted.push(e.code));
    await store.getState().syncNow();
    expect(store.getState().error?.message).toBe('Den här arbetsstationen är inte kopplad till någon central server.');
    expect(store.getState().starting).toBe(false);
    expect(noted).toEqual(['sync-disabled']);
  });
});

describe('sync texts', () => {
  const t = i18n.getFixedT('sv');

  it('time left as people say it', () => {
    expect(formatDuration(45, t)).toBe('45 s');
    expect(formatDuration(185, t)).toBe('3 min');
    expect(formatDuration(3900, t)).toBe('1 h 5 min');
  });

  it('the progress line: rows, percent, time left; pushes count changes', () => {
    expect(describeProgress({ phase: 'bootstrap', rows: 12_345, total: 50_000, percent: 24.7, secondsLeft: 185 }, t)).toBe(
      '12\u00a0345 av 50\u00a0000 rader · 24,7 % · cirka 3 min kvar',
    );
    expect(describeProgress({ phase: 'pull', rows: 800, total: null, percent: null, secondsLeft: null }, t)).toBe('800 rader · beräknar tid kvar…');
    expect(describeProgress({ phase: 'push', rows: 2, total: 5, percent: 40, secondsLeft: 1 }, t)).toBe('2 av 5 ändringar · 40 % · cirka 1 s kvar');
  });

  it('which kind of trouble a status describes', () => {
    const error = (code: string) => ({ code, message: 'x' });
    expect(errorKind(status())).toBeNull();
    expect(errorKind(status({ state: 'offline', online: false, error: error('offline') }))).toBe('offline');
    expect(errorKind(status({ state: 'version-not-supported', error: error('version-not-supported') }))).toBe('version');
    expect(errorKind(status({ state: 'error', error: error('unauthenticated') }))).toBe('auth');
    expect(errorKind(status({ state: 'error', error: error('forbidden') }))).toBe('auth');
    expect(errorKind(status({ state: 'error', error: error('server-error') }))).toBe('other');
    // The fail-safe has its own question, not an error box.
    expect(errorKind(status({ state: 'failsafe', error: error('failsafe') }))).toBeNull();
  });
});

describe('sync store: order of answers', () => {
  it('an event that overtakes a status request wins over that request\'s (older) answer', async () => {
    const backend = fakeTransport({ 'sync.status': () => ok(status({ pendingChanges: 0 })) });
    const store = createSyncStore(backend.transport, () => {});
    backend.holdAnswers(true);
    const loading = store.getState().loadStatus();
    await settle();
    backend.emit('sync.status', status({ pendingChanges: 3 }));
    backend.holdAnswers(false);
    backend.releaseOne();
    await loading;
    expect(store.getState().status?.pendingChanges).toBe(3);
  });
});
