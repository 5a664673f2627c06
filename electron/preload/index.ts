import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type BridgeApi } from '../../shared/api/transport';

/**
 * The whole bridge between page and main process: `invoke` and `on`, nothing else. `ipcRenderer`
 * itself never crosses, and neither does the IPC event object (its `sender` is `ipcRenderer`).
 * Runs sandboxed, so it is bundled to CommonJS with `electron` as its only import.
 */
const api = {
  invoke(name: string, args: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, args);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const forward = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
