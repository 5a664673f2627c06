import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import {
  PullResponse,
  PushResponse,
  RegisterResponse,
  SyncError,
  type PullRequest,
  type PushRequest,
} from '../../../shared/sync/protocol';

/**
 * The sync API over HTTP (axios). Every answer is validated with the protocol's zod schemas; every
 * failure becomes a `SyncFailure` that says whether a retry can help: network errors, 5xx and
 * unreadable answers can (the engine backs off), and so can 429 (too many attempts: the engine
 * waits at least Retry-After); other 4xx cannot (the engine surfaces them).
 */

const AnyError = z.object({ error: z.object({ code: z.string().regex(/^[a-z][a-z-]{1,40}$/), message: z.string().max(2000) }) });

export const SYNC_PATHS = { register: '/sync/register', push: '/sync/push', pull: '/sync/pull' } as const;

export type SyncFailure =
  /** No answer: refused, reset, cut off, timed out. */
  | { kind: 'network'; message: string }
  /** 5xx. */
  | { kind: 'server'; status: number; message: string }
  /** 429: the server limits attempts from this address (registration, login); try again after `retryAfterMs`. */
  | { kind: 'rate-limited'; status: 429; retryAfterMs: number; message: string }
  /** A 2xx answer that does not match the protocol (cut off, corrupted, or a server bug). */
  | { kind: 'bad-response'; status: number; message: string }
  /** 4xx: the server refused the request itself; repeating it would give the same answer. */
  | { kind: 'refused'; status: number; code: string; message: string };

export class SyncRequestError extends Error {
  constructor(readonly failure: SyncFailure) {
    super(`${failure.kind}: ${failure.message}`);
    this.name = 'SyncRequestError';
  }

  get retryable(): boolean {
    return this.failure.kind !== 'refused';
  }

  /** The protocol error code of a 4xx answer (resync-required, version-not-supported…). */
  get code(): string | null {
    return this.failure.kind === 'refused' ? this.failure.code : null;
  }
}

export interface CentralClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust for central's TLS, beside the system's. */
  ca?: string | undefined;
}

export class CentralClient {
  private readonly http: AxiosInstance;
  private readonly inFlight = new Set<AbortController>();

  constructor(options: CentralClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 60_000,
      // Every status is data here; classification happens in `post`.
      validateStatus: () => true,
      // The central server is configured explicitly; an HTTP(S)_PROXY of the environment must not
      // reroute it.
      proxy: false,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 4, ...(options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {}) }),
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
      responseType: 'json',
      headers: { 'content-type': 'application/json' },
    });
  }

  register(body: unknown): Promise<z.output<typeof RegisterResponse>> {
    return this.post(SYNC_PATHS.register, body, null, RegisterResponse);
  }

  push(body: PushRequest, token: string): Promise<PushResponse> {
    return this.post(SYNC_PATHS.push, body, token, PushResponse);
  }

  pull(body: PullRequest, token: string): Promise<PullResponse> {
    return this.post(SYNC_PATHS.pull, body, token, PullResponse);
  }

  /** Another authenticated request of the protocol (a feature's cycle task, see SyncEngine.addCycleTask). */
  call<S extends z.ZodType>(path: string, body: unknown, token: string, schema: S): Promise<z.output<S>> {
    return this.post(path, body, token, schema);
  }

  /** Cancels every request in flight (the engine is stopping). */
  abortAll(): void {
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
  }

  private async post<S extends z.ZodType>(path: string, body: unknown, token: string | null, schema: S): Promise<z.output<S>> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    let response;
    try {
      response = await this.http.post(path, body, {
        signal: controller.signal,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    } catch (error) {
      const message = axios.isAxiosError(error) ? `${error.code ?? 'ERR'} ${error.message}` : String(error);
      throw new SyncRequestError({ kind: 'network', message });
    } finally {
      this.inFlight.delete(controller);
    }
    const { status, data } = response;
    if (status === 429) {
      throw new SyncRequestError({ kind: 'rate-limited', status, retryAfterMs: retryAfterMs(response.headers['retry-after']), message: messageOf(data) ?? 'HTTP 429' });
    }
    if (status >= 500) {
      throw new SyncRequestError({ kind: 'server', status, message: messageOf(data) ?? `HTTP ${status}` });
    }
    if (status >= 400) {
      // Any error of central's shape counts, also codes the sync protocol does not name (a login's).
      const parsed = SyncError.safeParse(data);
      const loose = AnyError.safeParse(data);
      throw new SyncRequestError(
        parsed.success
          ? { kind: 'refused', status, code: parsed.data.error.code, message: parsed.data.error.message }
          : loose.success
          ? { kind: 'refused', status, code: loose.data.error.code, message: loose.data.error.message }
          : { kind: 'refused', status, code: `http-${status}`, message: messageOf(data) ?? `HTTP ${status}` },
      );
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new SyncRequestError({ kind: 'bad-response', status, message: `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? ''}` });
    }
    return parsed.data;
  }
}

/** Retry-After in seconds or as an HTTP date; 60 s when missing or unreadable, at most an hour. */
export function retryAfterMs(header: unknown, now = Date.now()): number {
  const text = typeof header === 'string' ? header.trim() : typeof header === 'number' ? String(header) : '';
  const HOUR = 3_600_000;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, HOUR);
  const at = Date.parse(text);
  if (Number.isFinite(at)) return Math.min(Math.max(0, at - now), HOUR);
  return 60_000;
}

function messageOf(data: unknown): string | null {
  if (data && typeof data === 'object') {
    const e = (data as { error?: unknown }).error;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
    if (typeof (data as { message?: unknown }).message === 'string') return (data as { message: string }).message;
  }
  return typeof data === 'string' && data.length > 0 ? data.slice(0, 200) : null;
}
