import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangePasswordRequest, LogoutRequest, PasswordLoginRequest, SithsLoginRequest, SithsRedeemRequest } from '../../shared/api/session';
import { parseWith } from '../../shared/api/validate';
import { noteAuditSubject } from '../audit/requests';
import type { Db } from '../db/db';
import { loginRateLimit, type RateLimits } from '../security/rate-limit';
import { clientOfToken, type SyncClient } from '../sync/auth';
import { sendError, type ErrorCode } from '../sync/routes';
import { changePassword, endSession, issueSithsGrant, passwordLogin, redeemSithsGrant, type AuthOutcome } from './sessions';
import { verifySithsCertificate, type SithsTrust } from './siths';

export interface SessionRoutesOptions {
  db: Db;
  /** The SITHS trust (issuing CAs, roots, CRLs); null: this central offers no SITHS login. */
  siths: (() => SithsTrust) | null;
  /** Origins allowed to call /auth/siths from a page (the Electron app's `app://buffert`). */
  appOrigins: readonly string[];
  /** The login routes' rate limit (per address; per address and account for passwords). */
  rateLimits: RateLimits;
}

const UNAUTHENTICATED = 'Arbetsstationen är inte registrerad hos centralen eller nyckeln är ogiltig. Registrera arbetsstationen igen.';
const FOREIGN = 'Nyckeln hör till en annan arbetsstation.';

function answer(reply: FastifyReply, outcome: AuthOutcome) {
  if (!outcome.ok) return sendError(reply, outcome.status, outcome.code as ErrorCode, outcome.message);
  return outcome.value;
}

/**
 * Login routes (decision 0020). `/auth/password`, `/auth/siths/redeem` and `/auth/logout` need the
 * workstation's bearer token, so a session is always bound to one registered workstation.
 * `/auth/siths` is called by the app's page over mutual TLS: the card's certificate is the proof.
 */
export function registerSessionRoutes(app: FastifyInstance, options: SessionRoutesOptions): void {
  const { db } = options;
  const userOfBody = (request: FastifyRequest) => {
    const body = request.body as { userId?: unknown } | undefined;
    return typeof body?.userId === 'string' ? body.userId : undefined;
  };
  // Every login attempt is audited at the request level too (server/audit/requests.ts).
  const passwordConfig = { audit: true, ...loginRateLimit(options.rateLimits, { accountOf: userOfBody }) };
  const config = { audit: true, ...loginRateLimit(options.rateLimits) };

  const workstation = async (request: FastifyRequest, reply: FastifyReply, clientId: string): Promise<SyncClient | null> => {
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) {
      sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
      return null;
    }
    noteAuditSubject(request, { clientId: client.clientId, storeId: client.storeId });
    if (client.clientId !== clientId) {
      sendError(reply, 403, 'forbidden', FOREIGN);
      return null;
    }
    return client;
  };

  app.post('/auth/password', { bodyLimit: 8 * 1024, config: passwordConfig }, async (request, reply) => {
    const parsed = parseWith(PasswordLoginRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const client = await workstation(request, reply, parsed.value.clientId);
    if (!client) return reply;
    noteAuditSubject(request, { userId: parsed.value.userId });
    return answer(reply, await passwordLogin(db, client, parsed.value));
  });

  app.post('/auth/password/change', { bodyLimit: 8 * 1024, config: passwordConfig }, async (request, reply) => {
    const parsed = parseWith(ChangePasswordRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const client = await workstation(request, reply, parsed.value.clientId);
    if (!client) return reply;
    noteAuditSubject(request, { userId: parsed.value.userId });
    return answer(reply, await changePassword(db, client, parsed.value));
  });

  const cors = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (!options.appOrigins.includes(origin)) return false;
    // With credentials: the page's fetch sends the card's certificate ('include').
    reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true').header('Vary', 'Origin');
    return true;
  };

  app.options('/auth/siths', async (request, reply) => {
    if (!cors(request, reply)) return sendError(reply, 403, 'forbidden', 'Okänt ursprung.');
    return reply.header('Access-Control-Allow-Methods', 'POST').header('Access-Control-Allow-Headers', 'Content-Type').header('Access-Control-Max-Age', '600').code(204).send();
  });

  app.post('/auth/siths', { bodyLimit: 4 * 1024, config }, async (request, reply) => {
    if (!cors(request, reply)) return sendError(reply, 403, 'forbidden', 'Okänt ursprung.');
    const parsed = parseWith(SithsLoginRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const trust = options.siths?.();
    if (!trust) return sendError(reply, 404, 'not-found', 'Centralen erbjuder inte inloggning med SITHS-kort.');
    const socket = request.raw.socket as TLSSocket;
    const peer = socket.encrypted ? socket.getPeerCertificate(false) : null;
    if (!peer || !peer.raw) {
      return sendError(reply, 401, 'no-certificate', 'Inget SITHS-kort lämnades vid inloggningen. Sätt i kortet och försök igen.');
    }
    const identity = await verifySithsCertificate(new Uint8Array(peer.raw), trust);
    if (!identity.ok) return sendError(reply, 401, 'certificate-refused', identity.error.message);
    const outcome = await issueSithsGrant(db, identity.value.hsaId, parsed.value.clientId);
    if ('grant' in outcome) return { grant: outcome.grant, expiresAt: outcome.expiresAt, hsaId: identity.value.hsaId };
    return answer(reply, outcome);
  });

  app.post('/auth/siths/redeem', { bodyLimit: 4 * 1024, config }, async (request, reply) => {
    const parsed = parseWith(SithsRedeemRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const client = await workstation(request, reply, parsed.value.clientId);
    if (!client) return reply;
    return answer(reply, await redeemSithsGrant(db, client, parsed.value.grant));
  });

  app.post('/auth/logout', { bodyLimit: 4 * 1024, config: { audit: true } }, async (request, reply) => {
    const parsed = parseWith(LogoutRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const client = await workstation(request, reply, parsed.value.clientId);
    if (!client) return reply;
    await endSession(db, client.clientId, parsed.value.sessionToken);
    return { ok: true };
  });
}
