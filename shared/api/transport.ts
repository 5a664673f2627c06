import type { Result } from '../result';
import type { EventName, EventPayload, HandlerArgs, HandlerName, HandlerOutput } from './contract';

/**
 * What the renderer gets: call a named handler, listen to an event. Implemented over Electron IPC
 * (preload bridge) and over HTTP + WebSocket (web host); the UI knows nothing else.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke<N extends HandlerName>(name: N, args: HandlerArgs<N>): Promise<Result<HandlerOutput<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The narrow object the preload script exposes as `window.buffert` (untyped wire form). */
export interface BridgeApi {
  invoke(name: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'buffert';
export const IPC_INVOKE_CHANNEL = 'buffert:invoke';
export const IPC_EVENT_CHANNEL = 'buffert:event';
