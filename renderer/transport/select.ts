import { BRIDGE_GLOBAL, type BridgeApi, type Transport } from '../../shared/api/transport';
import { createHttpTransport } from './http';
import { createIpcTransport } from './ipc';

declare global {
  interface Window {
    buffert?: BridgeApi;
  }
}

function isBridge(value: unknown): value is BridgeApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BridgeApi).invoke === 'function' &&
    typeof (value as BridgeApi).on === 'function'
  );
}

/** Electron's preload bridge when it is there, otherwise the web host that served this page. */
export function selectTransport(win: Window): Transport {
  const bridge: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (isBridge(bridge)) return createIpcTransport(bridge);
  return createHttpTransport({ baseUrl: win.location.origin });
}
