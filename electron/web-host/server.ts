import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { eventNames } from '../../shared/api/contract';
import { err, type AppError } from '../../shared/result';
import type { Backend } from '../backend/backend';
import { dispatchAsync } from '../backend/api/dispatch';

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
}

export interface WebHost {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Largest API request body; the contract's own limits are far below it. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The second transport of the contract: the same backend handlers over `POST /api/:name` and
 * events over the WebSocket `/events`, plus the built renderer, on loopback only. It exists so
 * that the UI runs (and is tested) in Chromium where the Electron binary cannot run.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES });
  let origin = '';

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
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(err('too-large', 'Anropet är för stort.'));
    if (status >= 400 && status < 500) {
      return reply.code(status).send(err('bad-request', 'Felaktigt anrop: innehållet kunde inte läsas som JSON.'));
    }
    app.log.error(error);
    return reply.code(500).send(err('internal', 'Ett oväntat fel inträffade i webbvärden.'));
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.post<{ Params: { name: string } }>('/api/:name', async (request, reply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return reply.code(415).send(err('unsupported-media-type', 'Anropet måste skickas som JSON.'));
    }
    if (options.backend === null) {
      const e = options.startupError ?? { code: 'startup-failed', message: 'Buffert kunde inte starta.' };
      return { ok: false, error: e };
    }
    return dispatchAsync(options.backend, request.params.name, request.body ?? {}, { error: (m, e) => app.log.error({ err: e }, m) });
  });

  app.get('/events', { websocket: true }, (socket) => {
    const backend = options.backend;
    if (backend === null) {
      socket.close();
      return;
    }
    const unsubscribe = eventNames.map((event) =>
      backend.events.on(event, (payload) => {
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
    await app.register(fastifyStatic, { root: path.resolve(staticDir), index: ['index.html'] });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send(err('not-found', 'Finns inte.'));
    });
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    return payload;
  });

  const address = await app.listen({ host, port: options.port ?? 0 });
  origin = address.replace('[::1]', '[::1]');
  const port = Number(new URL(address).port);
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
    port,
    app,
    close: () => app.close(),
  };
}
