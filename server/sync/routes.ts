import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AUTH_ERROR_CODES } from '../../shared/api/session';
import { parseWith } from '../../shared/api/validate';
import { IndividualNoBlockRequest, PROTOCOL_VERSION, PullRequest, RegisterRequest, SCHEMA_VERSION, type SyncError } from '../../shared/sync/protocol';
import { AUDIT_SYNC_PATH, AuditPushRequest } from '../../shared/sync/audit';
import { receiveWorkstationAudit } from '../audit/workstation';
import { sqlState } from '../db/db';
import { allocateIndividualNoBlock, IndividualNumbersExhausted } from '../individual/blocks';
import type { Db } from '../db/db';
import { noteAuditSubject } from '../audit/requests';
import { registerRateLimit, type RateLimits } from '../security/rate-limit';
import { clientOfToken, registerClient } from './auth';
import { pullPage } from './pull';
import { push, PushEnvelope, PushUnavailable } from './push';

export type ErrorCode = SyncError['error']['code'] | (typeof AUTH_ERROR_CODES)[number] | 'internal-error' | 'unavailable' | 'not-found';

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/**
 * Checked before anything else on every sync request, so an old or new workstation learns that it
 * must be updated even when the rest of its body has another shape.
 */
export function versionMismatch(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { protocolVersion, schemaVersion } = body as Record<string, unknown>;
  if ((typeof protocolVersion === 'number' && protocolVersion !== PROTOCOL_VERSION) || (typeof schemaVersion === 'number' && schemaVersion !== SCHEMA_VERSION)) {
    return (
      `Arbetsstationens version stöds inte av centralen (protokoll ${String(protocolVersion)}, schema ${String(schemaVersion)}; ` +
      `centralen har protokoll ${PROTOCOL_VERSION}, schema ${SCHEMA_VERSION}). Uppdatera Buffert.`
    );
  }
  return null;
}

/** Room for a push whose one mutation carries a 10 MiB attachment as base64 (13.4 MiB) and its JSON. */
export const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

const UNAUTHENTICATED = 'Arbetsstationen är inte registrerad hos centralen eller nyckeln är ogiltig. Registrera arbetsstationen igen.';
const FOREIGN_TOKEN = 'Nyckeln hör till en annan arbetsstation. En arbetsstation får bara synka sina egna ändringar.';

export interface SyncRoutesOptions {
  db: Db;
  epoch: string;
  enrolmentKey: string;
  rateLimits: RateLimits;
  onError: (message: string, error: unknown) => void;
}

export function registerSyncRoutes(app: FastifyInstance, options: SyncRoutesOptions): void {
  const { db, epoch } = options;

  // Where the enrolment key can be guessed: strictly rate-limited per address (server/security/rate-limit.ts).
  app.post('/sync/register', { bodyLimit: 16 * 1024, config: { audit: true, ...registerRateLimit(options.rateLimits) } }, async (request, reply) => {
    const mismatch = versionMismatch(request.body);
    if (mismatch) return sendError(reply, 400, 'version-not-supported', mismatch);
    const parsed = parseWith(RegisterRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    // The workstation the registration is for (as claimed until the enrolment key is checked).
    noteAuditSubject(request, { clientId: parsed.value.clientId, storeId: parsed.value.storeId });
    const outcome = await registerClient(db, options.enrolmentKey, parsed.value);
    if (!outcome.ok) return sendError(reply, outcome.status, outcome.code, outcome.message);
    return { token: outcome.token, storeId: parsed.value.storeId, clientId: parsed.value.clientId };
  });

  // A push may carry one attachment of up to 10 MiB (base64 in its args): the one route with a larger body.
  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT, config: { audit: true } }, async (request, reply) => {
    const mismatch = versionMismatch(request.body);
    if (mismatch) return sendError(reply, 400, 'version-not-supported', mismatch);
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    noteAuditSubject(request, { clientId: client.clientId, storeId: client.storeId });
    const parsed = parseWith(PushEnvelope, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    if (parsed.value.clientId !== client.clientId) return sendError(reply, 403, 'forbidden', FOREIGN_TOKEN);
    noteAuditSubject(request, { mutationIds: parsed.value.mutations.map((m) => m.id) });
    try {
      const answer = await push(db, client, parsed.value, { onError: options.onError });
      const outcomes: Record<string, number> = {};
      for (const r of answer.results) outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
      noteAuditSubject(request, { outcomes });
      return answer;
    } catch (error) {
      if (!(error instanceof PushUnavailable)) throw error;
      // Nothing of the batch was kept: the workstation sends it again after its back-off.
      options.onError('Push unavailable (temporary database error)', error.cause);
      return sendError(reply, 503, 'unavailable', 'Centralen är tillfälligt överbelastad. Ändringarna skickas igen automatiskt.');
    }
  });

  // The workstation's audit chain (server/audit/workstation.ts): stored under the token's client only.
  app.post(AUDIT_SYNC_PATH, async (request, reply) => {
    const mismatch = versionMismatch(request.body);
    if (mismatch) return sendError(reply, 400, 'version-not-supported', mismatch);
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    const parsed = parseWith(AuditPushRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    if (parsed.value.clientId !== client.clientId) return sendError(reply, 403, 'forbidden', FOREIGN_TOKEN);
    try {
      return await receiveWorkstationAudit(db, client, parsed.value);
    } catch (error) {
      const state = sqlState(error);
      if (state !== undefined && state.startsWith('40')) {
        return sendError(reply, 503, 'unavailable', 'Centralen är tillfälligt överbelastad. Loggen skickas igen automatiskt.');
      }
      throw error;
    }
  });

  app.post('/sync/pull', async (request, reply) => {
    const mismatch = versionMismatch(request.body);
    if (mismatch) return sendError(reply, 400, 'version-not-supported', mismatch);
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    const parsed = parseWith(PullRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    if (parsed.value.clientId !== client.clientId) return sendError(reply, 403, 'forbidden', FOREIGN_TOKEN);
    const outcome = await db.transaction((tx) => pullPage(tx, { epoch, clientId: client.clientId, storeId: client.storeId }, parsed.value), {
      isolation: 'repeatable read',
      readOnly: true,
    });
    if (!outcome.ok) {
      return sendError(reply, 409, 'resync-required', 'Synkpositionen är okänd eller för gammal för centralen. En fullständig synkning från början behövs.');
    }
    return outcome.response;
  });

  app.post('/sync/individual-number-block', { bodyLimit: 16 * 1024, config: { audit: true } }, async (request, reply) => {
    const mismatch = versionMismatch(request.body);
    if (mismatch) return sendError(reply, 400, 'version-not-supported', mismatch);
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    noteAuditSubject(request, { clientId: client.clientId, storeId: client.storeId });
    const parsed = parseWith(IndividualNoBlockRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    if (parsed.value.clientId !== client.clientId) return sendError(reply, 403, 'forbidden', FOREIGN_TOKEN);
    if (parsed.value.storeId !== undefined && parsed.value.storeId !== client.storeId) {
      return sendError(reply, 403, 'forbidden', `Arbetsstationen är registrerad för lager ${client.storeId}, inte ${parsed.value.storeId}.`);
    }
    try {
      return await allocateIndividualNoBlock(db, client);
    } catch (error) {
      if (error instanceof IndividualNumbersExhausted) {
        options.onError('Individual number blocks exhausted', error);
        return sendError(reply, 503, 'unavailable', 'Centralen har inga fler individnummer att dela ut. Kontakta regionens support.');
      }
      const state = sqlState(error);
      if (state !== undefined && state.startsWith('40')) {
        return sendError(reply, 503, 'unavailable', 'Centralen är tillfälligt överbelastad. Försök igen om en stund.');
      }
      throw error;
    }
  });
}
