import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { eventNames } from '../../shared/api/contract';
import { err, type AppError } from '../../shared/result';
import type { Backend } from '../backend/backend';
import type { Logger } from '../backend/log/logger';
import { dispatchAsync } from '../backend/api/dispatch';
import { cookieValue, LAUNCH_PARAM, needsSecret, OneTimeToken, secretCookie, secretCookieName, secretsEqual, WEB_SECRET_HEADER } from './auth';

export interface WebHostOptions {
  /** null when the replica could not be opened: every call answers `startupError`. */
  backend: Backend | null;
  startupError?: AppError;
  /** Only loopback addresses are accepted: the web host is never reachable from the network. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** 0 picks a free port. */
  port?: number;
  /** Built renderer (Vite output); omit to serve only the API. */
  staticDir?: string | null;
  logger?: boolean;
  /**
   * This launch's secret (auth.ts `newWebSecret`/`webSecretFrom`): required on `/api` and
   * `/events`, as the cookie the page gets or as the `X-Buffert-Secret` header.
   */
  secret: string;
  /**
   * A one-time token: the first `GET /?launch=<token>` gets the page and the secret's cookie
   * (the link the launcher opens). Without one, only callers that already have the secret get the page.
   */
  launchToken?: string | null;
  /**
   * Calls answered while there is no backend (the startup-error screen): the backups' list, plan
   * and restore (main.ts). Every other call answers the startup error.
   */
  /** Where unexpected errors go (main.ts: the rotating, redacted log file); default Fastify's logger. */
  log?: Pick<Logger, 'error'>;
  recovery?: { names: ReadonlySet<string>; call(name: string, input: unknown): Promise<unknown> | unknown };
}

export interface WebHost {
  url: string;
  /** The link that opens the app once: `url` plus the launch token (null without one). */
  launchUrl: string | null;
  port: number;
  app: FastifyInstance;
  /** Swaps the backend (after a restore: the reopened one; null with the startup error). */
  setBackend(backend: Backend | null, startupError?: AppError): void;
  close(): Promise<void>;
}

/** The refusal of a call without (or with a wrong) secret: nothing was read or changed. */
export const UNAUTHORIZED_MESSAGE = 'Anropet saknar webbvärdens nyckel och nekades. Öppna Buffert med "npm start".';

/** The page a caller without the secret gets instead of the app (and without the cookie). */
function refusedPage(usedLink: boolean): string {
  const why = usedLink
    ? 'Länken har redan använts eller är fel. Den gäller en gång och bara för den här starten av Buffert.'
    : 'Den här adressen öppnas bara via länken som Buffert skrev ut när den startade.';
  return `<!doctype html><html lang="sv"><meta charset="utf-8"><title>Buffert</title><h1>Buffert kan inte öppnas här</h1><p>${why}</p><p>Starta Buffert med "npm start".</p></html>`;
}

/** Largest API request body; the contract's own limits are far below it. */
export const MAX_BODY_BYTES = 256 * 1024;
/** The handlers that take files (attachment.add, activity.create: up to 10 MiB as base64) get this much. */
export const MAX_FILE_BODY_BYTES = 15 * 1024 * 1024;
const FILE_HANDLERS: ReadonlySet<string> = new Set(['attachment.add', 'activity.create']);

/**
 * The second transport of the contract: the same backend handlers over `POST /api/:name` and
 * events over the WebSocket `/events`, plus the built renderer, on loopback only. It exists so
 * that the UI runs (and is tested) in Chromium where the Electron binary cannot run.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES });
  let backend = options.backend;
  let startupError = options.startupError;
  let origin = '';
  const secret = options.secret;
  if (typeof secret !== 'string' || secret.length < 32) throw new Error('The web host needs a secret of at least 32 characters.');
  const launch = options.launchToken ? new OneTimeToken(options.launchToken) : null;
  const cookieName = () => secretCookieName(Number(new URL(origin).port));
  /** Whether the request carries this launch's secret (cookie or header), compared in constant time. */
  const authenticated = (request: FastifyRequest): boolean => {
    const header = request.headers[WEB_SECRET_HEADER];
    if (typeof header === 'string') return secretsEqual(header, secret);
    return secretsEqual(cookieValue(request.headers.cookie, cookieName()), secret);
  };

  // Registered before the checks below: its own onRequest hook marks upgrade requests, and only a
  // marked request has its socket destroyed when a check refuses it (otherwise the refused socket
  // stays open and keeps `close()` waiting).
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  // Only pages served by this host may call it: refuse other origins (another site open in the
  // browser) and other Host names (DNS rebinding).
  app.addHook('onRequest', async (request, reply) => {
    const hostHeader = request.headers.host ?? '';
    const port = new URL(origin).port;
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (!allowedHosts.includes(hostHeader)) {
      return reply.code(403).send(err('forbidden-host', 'Otillåten adress.'));
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !allowedHosts.some((h) => requestOrigin === `http://${h}`)) {
      return reply.code(403).send(err('forbidden-origin', 'Anropet kommer från en annan webbplats och nekas.'));
    }
    // The backend (calls and events) only for callers with this launch's secret: any local process
    // can reach the port, and neither Host nor Origin proves anything outside a browser.
    if (needsSecret(request.url.split('?')[0] ?? '') && !authenticated(request)) {
      return reply.code(401).send(err('unauthorized', UNAUTHORIZED_MESSAGE));
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(err('too-large', 'Anropet är för stort.'));
    if (status >= 400 && status < 500) {
      return reply.code(status).send(err('bad-request', 'Felaktigt anrop: innehållet kunde inte läsas som JSON.'));
    }
    if (options.log) options.log.error('web host: unexpected error', error);
    else app.log.error(error);
    return reply.code(500).send(err('internal', 'Ett oväntat fel inträffade i webbvärden.'));
  });


  const call = async (name: string, request: FastifyRequest, reply: FastifyReply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return reply.code(415).send(err('unsupported-media-type', 'Anropet måste skickas som JSON.'));
    }
    if (backend === null) {
      if (options.recovery?.names.has(name)) return options.recovery.call(name, request.body ?? {});
      const e = startupError ?? { code: 'startup-failed', message: 'Buffert kunde inte starta.' };
      return { ok: false, error: e };
    }
    return dispatchAsync(backend, name, request.body ?? {}, options.log ? { error: (m, e) => options.log!.error(m, e) } : { error: (m, e) => app.log.error({ err: e }, m) });
  };
  app.post<{ Params: { name: string } }>('/api/:name', async (request, reply) => call(request.params.name, request, reply));
  // Static routes win over the parametric one: only these take a file-sized body.
  for (const name of FILE_HANDLERS) app.post(`/api/${name}`, { bodyLimit: MAX_FILE_BODY_BYTES }, async (request, reply) => call(name, request, reply));

  app.get('/events', { websocket: true }, (socket) => {
    const source = backend;
    if (source === null) {
      socket.close();
      return;
    }
    const unsubscribe = eventNames.map((event) =>
      source.events.on(event, (payload) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
      }),
    );
    socket.on('close', () => unsubscribe.forEach((u) => u()));
    // The channel is one-way; anything the page sends is ignored.
  });

  app.get('/health', async () => ({ ok: true }));

  const staticDir = options.staticDir;
  if (staticDir) {
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      throw new Error(`The renderer is not built: ${path.join(staticDir, 'index.html')} is missing (run "npm run build:renderer").`);
    }
    // Assets (scripts, styles, fonts) are public: they hold no data. index.html is not served as a
    // file: every page load goes through `servePage` below, which decides about the cookie.
    await app.register(fastifyStatic, { root: path.resolve(staticDir), index: false, allowedPath: (pathName) => pathName !== '/index.html' });
    const servePage = (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply) => {
      const token = request.query[LAUNCH_PARAM];
      if (token !== undefined) {
        if (!launch?.consume(token)) return reply.code(401).type('text/html; charset=utf-8').send(refusedPage(true));
        // Cookie set, token out of the address bar (and the history) at once.
        const requested = request.url.split('?')[0] ?? '/';
        const target = /^\/(?![/\\])/.test(requested) ? requested : '/';
        return reply.header('set-cookie', secretCookie(Number(new URL(origin).port), secret)).header('cache-control', 'no-store').redirect(target, 303);
      }
      if (!authenticated(request)) return reply.code(401).type('text/html; charset=utf-8').send(refusedPage(false));
      return reply.header('set-cookie', secretCookie(Number(new URL(origin).port), secret)).header('cache-control', 'no-store').sendFile('index.html', { cacheControl: false });
    };
    // `/` is a directory to the static plugin (which refuses it without an index); it is the page.
    app.get('/', (request, reply) => servePage(request as FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply));
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !needsSecret(request.url.split('?')[0] ?? '')) {
        return servePage(request as FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply);
      }
      return reply.code(404).send(err('not-found', 'Finns inte.'));
    });
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; frame-src blob:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    return payload;
  });

  const address = await app.listen({ host, port: options.port ?? 0 });
  origin = address.replace('[::1]', '[::1]');
  const port = Number(new URL(address).port);
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    url,
    launchUrl: options.launchToken ? `${url}/?${LAUNCH_PARAM}=${encodeURIComponent(options.launchToken)}` : null,
    port,
    app,
    setBackend(next, error) {
      backend = next;
      startupError = error;
    },
    close: () => app.close(),
  };
}
