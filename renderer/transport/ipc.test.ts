import { describe, expect, it, vi } from 'vitest';
import type { BridgeApi } from '../../shared/api/transport';
import { createIpcTransport } from './ipc';
import { selectTransport } from './select';

/** The preload's window.buffert, reduced to what the renderer sees of it. */
function fakeBridge(answer: unknown) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge: BridgeApi = {
    invoke: vi.fn(async () => answer),
    on: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
  return { bridge, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) };
}

describe('IPC transport', () => {
  it('calls the bridge with (name, args) and checks the answer against the contract', async () => {
    const refusal = { ok: false, error: { code: 'not-found', message: 'Individen finns inte i lagrets register.' } };
    const { bridge } = fakeBridge(refusal);
    const result = await createIpcTransport(bridge).invoke('individual.get', { id: 'I9' });
    expect(bridge.invoke).toHaveBeenCalledWith('individual.get', { id: 'I9' });
    expect(result).toEqual(refusal);

    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bad = await createIpcTransport(fakeBridge({ ok: true, value: { total: 'många' } }).bridge).invoke('stock.balancesCount', {});
    expect(bad.ok || bad.error.code).toBe('invalid-response');
    vi.restoreAllMocks();
  });

  it('a failing bridge becomes a Swedish message, not an exception', async () => {
    const bridge: BridgeApi = { invoke: async () => Promise.reject(new Error('channel closed')), on: () => () => {} };
    const result = await createIpcTransport(bridge).invoke('app.status', {});
    expect(result.ok || result.error).toMatchObject({ code: 'ipc', message: 'Kunde inte nå Buffert (channel closed).' });
  });

  it('passes on only events that follow the contract', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { bridge, emit } = fakeBridge(null);
    const seen: unknown[] = [];
    createIpcTransport(bridge).on('data.changed', (p) => seen.push(p));
    emit('data.changed', { tables: 'x' });
    emit('data.changed', { tables: ['stock_balance'] });
    expect(seen).toEqual([{ tables: ['stock_balance'] }]);
    vi.restoreAllMocks();
  });

  it('is chosen when the preload bridge is there, HTTP to the page\'s origin otherwise', () => {
    const location = { origin: 'http://127.0.0.1:5174' };
    expect(selectTransport({ buffert: fakeBridge(null).bridge, location } as unknown as Window).kind).toBe('ipc');
    expect(selectTransport({ location } as unknown as Window).kind).toBe('http');
    expect(selectTransport({ buffert: { invoke: 1 }, location } as unknown as Window).kind).toBe('http');
  });
});
