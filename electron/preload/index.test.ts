import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type BridgeApi } from '../../shared/api/transport';
import { fakeElectron, resetFakeElectron } from '../../tests/helpers/fake-electron';

vi.mock('electron', async () => (await import('../../tests/helpers/fake-electron')).fakeElectron);

let bridge: BridgeApi;

beforeAll(async () => {
  resetFakeElectron();
  await import('./index');
  bridge = fakeElectron.contextBridge.exposed.get(BRIDGE_GLOBAL) as BridgeApi;
});

describe('the preload bridge', () => {
  it(`exposes one object, window.${BRIDGE_GLOBAL}, with only invoke and on`, () => {
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.values(bridge)).not.toContain(fakeElectron.ipcRenderer);
  });

  it('sends calls over the one invoke channel as (name, args)', async () => {
    const result = await bridge.invoke('app.status', {});
    expect(fakeElectron.ipcRenderer.invoked).toEqual([[IPC_INVOKE_CHANNEL, 'app.status', {}]]);
    expect(result).toEqual({ ok: true, value: null });
  });

  it('delivers only the payload of the event listened to, never the IPC event object', () => {
    const listener = vi.fn();
    const stop = bridge.on('data.changed', listener);
    const ipcEvent = { sender: fakeElectron.ipcRenderer };
    fakeElectron.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'scan', { text: '123' });
    fakeElectron.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'data.changed', { tables: ['individual'] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ tables: ['individual'] });
    stop();
    fakeElectron.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, 'data.changed', { tables: [] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fakeElectron.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });
});
