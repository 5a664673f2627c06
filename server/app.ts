import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../shared/api/validate';
import type { DemoOptions } from '../shared/demo/generator';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../shared/sync/protocol';
import { runCentralCommand } from './admin/commands';
import { sqlState, type Db } from './db/db';
import { migrate } from './db/migrations';
import { openPg } from './db/pg';
import { openPglite } from './db/pglite';
import { formatLoggableError, loggableError, serverLoggerOptions } from './log';
import { openApiDocument } from './openapi';
import { noteAuditSubject, registerRequestAudit } from './audit/requests';
import { registerSecurityHeaders } from './security/headers';
import { RateLimited, rateLimitedMessage, rateLimitsOf, registerRateLimiting, type RateLimits } from './security/rate-limit';
import { trackRoutes } from './security/routes';
import { seedDemoRegion } from './seed/demo';
import { DEMO_ENROLMENT_KEY, sameSecret } from './sync/auth';
import { registerRecipientRoutes } from './recipient/routes';
import { registerSessionRoutes } from './session/routes';
import { cachedSithsTrust, type SithsTrustFiles } from './session/siths';
import { registerSyncRoutes, sendError } from './sync/routes';

/** Push bodies: 500 mutations of a few hundred bytes each fit with room to spare. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface CentralDbOptions {
  /** 'pglite' (the default), a PostgreSQL connection URL, or an open Db (left open by close()). */
  db?: 'pglite' | string | Db;
  /** PGlite data directory; in memory when undefined. */
  dataDir?: string;
  /** Seeds an empty database with the demo region (default) or these options; false: leave empty. */
  demo?: DemoOptions | false;
  /** pg pool size per process. */
  poolSize?: number;
}

export interface CentralDb {
  db: Db;
  /** The database's identity, part of every cursor. */
  epoch: string;
  /** Closes the Db if it was opened here. */
  close(): Promise<void>;
}

/** Opens (PostgreSQL or PGlite), migrates and — when empty — seeds the central database. */
export async function openCentralDb(options: CentralDbOptions = {}): Promise<CentralDb> {
  const given = options.db ?? 'pglite';
  const db = typeof given !== 'string' ? given : given === 'pglite' ? await openPglite(options.dataDir) : openPg(given, { max: options.poolSize ?? 10 });
  const owned = typeof given === 'string';
  try {
    const { epoch } = await migrate(db);
    if (options.demo !== false) await seedDemoRegion(db, options.demo ?? {});
    return { db, epoch, close: () => (owned ? db.close() : Promise.resolve()) };
  } catch (error) {
    if (owned) await db.close().catch(() => {});
    throw error;
  }
}

export interface AppOptions {
  db: Db;
  epoch: string;
  /** The region's enrolment key; BUFFERT_ENROLMENT_KEY, demo default otherwise. */
  enrolmentKey?: string;
  /** Enables POST /admin/command (for the admin CLI when this process owns a PGlite directory). */
  adminToken?: string;
  bodyLimit?: number;
  /** Fastify's request log: true for redacted JSON on stdout (log.ts serverLoggerOptions), or those options with a file. */
  logger?: boolean | Record<string, unknown>;
  /** Over DEFAULT_RATE_LIMITS (register and login strict per address, the rest unlimited). */
  rateLimits?: Partial<RateLimits>;
  /**
   * Fastify's trustProxy: which proxies' X-Forwarded-For to believe for the client address (rate
   * limits, logs). Default false: the TCP peer (BUFFERT_TRUST_PROXY, docs/deploy-central.md).
   */
  trustProxy?: false | string[];
  /** Unexpected errors (a failed request, a mutation that threw); default: the log or stderr. */
  onError?: (message: string, error: unknown) => void;
  /**
   * HTTPS (PEM). With `siths` the server asks every TLS client for a certificate (not required:
   * workstations sync with their bearer token) and only /auth/siths reads it (decision 0020).
   */
  tls?: { cert: string; key: string };
  /** SITHS login: the CA bundle and CRL files (re-read when they change). Needs `tls`. */
  siths?: SithsTrustFiles;
  /** Page origins allowed to call /auth/siths (default the Electron app's `app://buffert`). */
  appOrigins?: readonly string[];
}

/** The central HTTP API on an open, migrated database (no listening). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  if (options.siths && !options.tls) throw new Error('SITHS-inloggning kräver TLS (BUFFERT_TLS_CERT och BUFFERT_TLS_KEY).');
  const sithsTrust = options.siths ? cachedSithsTrust(options.siths) : null;
  const https = options.tls
    ? {
        cert: options.tls.cert,
        key: options.tls.key,
        minVersion: 'TLSv1.2' as const,
        // The card's middleware offers only certificates of the CAs named here.
        ...(sithsTrust ? { requestCert: true, rejectUnauthorized: false, ca: sithsTrust.caPem() } : {}),
      }
    : null;
  const app = (https
    ? Fastify({ https, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, logger: options.logger === true ? serverLoggerOptions() : options.logger || false, trustProxy: options.trustProxy ?? false })
    : Fastify({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, logger: options.logger === true ? serverLoggerOptions() : options.logger || false, trustProxy: options.trustProxy ?? false })) as unknown as FastifyInstance;
  trackRoutes(app);
  const onError =
    options.onError ??
    ((message: string, error: unknown) => {
      if (options.logger) app.log.error({ err: loggableError(error) }, message);
      else console.error(`[central] ${message}: ${formatLoggableError(error)}`);
    });

  // Before any route: both attach themselves to routes as they are added (server/security/).
  const rateLimits = rateLimitsOf(options.rateLimits);
  await registerSecurityHeaders(app);
  await registerRateLimiting(app, rateLimits);
  registerRequestAudit(app, options.db, onError);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (error instanceof RateLimited || status === 429) {
      // The plugin has set Retry-After (seconds) and X-RateLimit-* already.
      const seconds = error instanceof RateLimited ? error.retryAfterSeconds : Number(reply.getHeader('retry-after')) || 60;
      return sendError(reply, 429, 'rate-limited', rateLimitedMessage(seconds));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return sendError(reply, 413, 'too-large', 'Begäran är för stor för centralen. Skicka färre ändringar åt gången.');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return sendError(reply, 415, 'invalid-request', 'Begäran ska vara JSON (Content-Type: application/json).');
    }
    if (status >= 400 && status < 500) {
      return sendError(reply, 400, 'invalid-request', `Ogiltig begäran – ${error instanceof SyntaxError || error.code?.includes('JSON') ? 'ogiltig JSON' : 'kan inte läsas'}.`);
    }
    const state = sqlState(error);
    const unavailable = (state !== undefined && ['08', '53', '57'].includes(state.slice(0, 2))) || /ECONN|terminat|timeout/i.test(String(error.message));
    onError('Request failed', error);
    return unavailable
      ? sendError(reply, 503, 'unavailable', 'Centralens databas svarar inte just nu. Försök igen om en stund.')
      : sendError(reply, 500, 'internal-error', 'Internt fel hos centralen. Försök igen om en stund; kontakta support om felet kvarstår.');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not-found', 'Adressen finns inte hos centralen.'));

  app.get('/health', async (_request, reply) => {
    try {
      await options.db.query('SELECT 1');
      return { status: 'ok', database: options.db.kind, protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
    } catch {
      return sendError(reply, 503, 'unavailable', 'Centralens databas svarar inte.');
    }
  });

  const openapi = openApiDocument();
  app.get('/openapi.json', async () => openapi);

  registerSyncRoutes(app, {
    db: options.db,
    epoch: options.epoch,
    enrolmentKey: options.enrolmentKey ?? process.env.BUFFERT_ENROLMENT_KEY ?? DEMO_ENROLMENT_KEY,
    rateLimits,
    onError,
  });

  registerSessionRoutes(app, {
    db: options.db,
    siths: sithsTrust ? () => sithsTrust.trust() : null,
    appOrigins: options.appOrigins ?? ['app://buffert'],
    rateLimits,
  });

  registerRecipientRoutes(app, options.db);

  if (options.adminToken) {
    const adminToken = options.adminToken;
    const AdminCommand = z.object({ argv: z.array(z.string().max(200)).min(1).max(20) }).strict();
    app.post('/admin/command', { bodyLimit: 16 * 1024, config: { audit: true } }, async (request, reply) => {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!sameSecret(given, adminToken)) return sendError(reply, 401, 'unauthenticated', 'Fel administratörsnyckel.');
      const parsed = parseWith(AdminCommand, request.body);
      if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
      // The command's name only: its arguments may name a person (none do today; keep it so).
      const command = parsed.value.argv[0]!;
      noteAuditSubject(request, { userId: 'central', ...(/^[a-z][a-z-]{0,39}$/.test(command) ? { command } : {}) });
      return runCentralCommand(options.db, parsed.value.argv);
    });
  }
  return app;
}

export interface StartServerOptions extends CentralDbOptions, Omit<AppOptions, 'db' | 'epoch'> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121 (the same after restart()). */
  url: string;
  db: Db;
  epoch: string;
  app: FastifyInstance;
  /** Stops the HTTP server and starts it again on the same port over the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Name of the file a server leaves in its PGlite directory so the admin CLI can reach it. */
export const SERVER_FILE = 'central-server.json';

/**
 * Starts the central server: database (opened, migrated, seeded when empty) + HTTP API on
 * `host:port`. With a PGlite data directory, which only one process may open, it also writes
 * `<dataDir>/central-server.json` (url + admin token, mode 0600) for `npm run central`.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const central = await openCentralDb(options);
  const pgliteDir = (options.db ?? 'pglite') === 'pglite' ? options.dataDir : undefined;
  const adminToken = options.adminToken ?? (pgliteDir !== undefined ? randomBytes(24).toString('base64url') : undefined);
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? 0;
  const listen = async (): Promise<FastifyInstance> => {
    const app = await buildApp({ ...options, db: central.db, epoch: central.epoch, ...(adminToken ? { adminToken } : {}) });
    try {
      await app.listen({ host, port });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address();
    if (typeof address === 'object' && address !== null) port = address.port;
    return app;
  };
  let app: FastifyInstance;
  try {
    app = await listen();
  } catch (error) {
    await central.close();
    throw error;
  }
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const serverFile = pgliteDir !== undefined ? path.join(pgliteDir, SERVER_FILE) : undefined;
  if (serverFile) fs.writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, adminToken }), { mode: 0o600 });
  let closed = false;
  const server: RunningServer = {
    url,
    db: central.db,
    epoch: central.epoch,
    app,
    async restart() {
      await server.app.close();
      server.app = await listen();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (serverFile) fs.rmSync(serverFile, { force: true });
      await server.app.close();
      await central.close();
    },
  };
  return server;
}
