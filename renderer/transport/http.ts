import type { EventName, EventPayload, HandlerArgs, HandlerName, HandlerOutput } from '../../shared/api/contract';
import { isEventName } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/transport';
import { err, type Result } from '../../shared/result';
import { i18n } from '../i18n';
import { checkEvent, checkResult, ListenerMap } from './check';

export interface HttpTransportOptions {
  /** Origin of the web host, e.g. `http://127.0.0.1:5174` (the page's own origin in production). */
  baseUrl: string;
  /** A call that takes longer than this is given up with a Swedish message. */
  timeoutMs?: number;
  /** Reconnect delays of the event socket: doubling from min to max, with jitter. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export interface HttpTransport extends Transport {
  readonly kind: 'http';
  /** Closes the event socket for good (tests, hot reload). */
  close(): void;
}

/**
 * The web host's transport: `POST /api/<name>` with the arguments as JSON, and events over one
 * WebSocket at `/events` that is opened with the first listener and reopened whenever it drops.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const minDelay = options.reconnectMinMs ?? 500;
  const maxDelay = options.reconnectMaxMs ?? 10_000;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const listeners = new ListenerMap();

  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const eventsUrl = (): string => {
    const url = new URL(`${base}/events`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer !== null || listeners.count() === 0) return;
    const ceiling = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt += 1;
    // Full jitter keeps many windows from reconnecting in lock-step after a restart of the host.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const connect = (): void => {
    if (closed || socket !== null) return;
    let ws: WebSocket;
    try {
      ws = new Socket(eventsUrl());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
    };
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        console.warn('Buffert: oläsbar händelse från webbvärden ignoreras');
        return;
      }
      if (typeof parsed !== 'object' || parsed === null) return;
      const { event, payload } = parsed as { event?: unknown; payload?: unknown };
      if (!isEventName(event)) return;
      const checked = checkEvent(event, payload);
      if (checked !== null) listeners.emit(event, checked);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and schedules the reconnect.
    };
  };

  async function invoke<N extends HandlerName>(name: N, args: HandlerArgs<N>): Promise<Result<HandlerOutput<N>>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(args ?? {}),
        signal: controller.signal,
        credentials: 'same-origin',
      });
    } catch (error) {
      clearTimeout(timer);
      return controller.signal.aborted
        ? err('timeout', i18n.t('transport.timeout'))
        : err('network', i18n.t('transport.network', { detail: error instanceof Error ? error.message : String(error) }));
    }
    try {
      const body: unknown = await response.json();
      return checkResult(name, body);
    } catch {
      return err('invalid-response', i18n.t('transport.httpStatus', { status: response.status }));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    kind: 'http',
    invoke,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const remove = listeners.add(event, listener);
      connect();
      return remove;
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
