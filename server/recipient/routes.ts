import type { FastifyInstance } from 'fastify';
import { CFR_LOOKUP_PATH, CfrLookupRequest, type CfrLookupResponse } from '../../shared/api/recipient';
import { parseWith } from '../../shared/api/validate';
import { appendCentralAudit } from '../audit/log';
import { noteAuditSubject } from '../audit/requests';
import type { Db } from '../db/db';
import { clientOfToken } from '../sync/auth';
import { sendError } from '../sync/routes';

/**
 * The population-register look-up (CFR, manuals 001 and 002): only recipients a store has a
 * relation to are in its replica; anyone else of the region is found here, over the region's
 * register data. Residents of the region only (a person who has moved out is "not resident",
 * never shown). Every look-up is in central's audit trail: who, when, whom (the register's id of
 * the person, never the personal number), on the workstation's chain.
 */
export function registerRecipientRoutes(app: FastifyInstance, db: Db): void {
  app.post(CFR_LOOKUP_PATH, { bodyLimit: 4 * 1024, config: { audit: true } }, async (request, reply) => {
    const client = await clientOfToken(db, request.headers.authorization);
    if (!client) return sendError(reply, 401, 'unauthenticated', 'Arbetsstationen är inte registrerad hos centralen eller nyckeln är ogiltig. Registrera arbetsstationen igen.');
    noteAuditSubject(request, { clientId: client.clientId, storeId: client.storeId });
    const parsed = parseWith(CfrLookupRequest, request.body);
    if (!parsed.ok) return sendError(reply, 400, 'invalid-request', parsed.error.message);
    const { userId, personalNumber, clientId } = parsed.value;
    if (clientId !== client.clientId) return sendError(reply, 403, 'forbidden', 'Nyckeln hör till en annan arbetsstation.');
    noteAuditSubject(request, { userId });
    const { rows: users } = await db.query<{ ok: boolean }>(
      `SELECT true AS ok FROM app_user u JOIN user_service_point usp ON usp.user_id = u.id JOIN service_point sp ON sp.id = usp.service_point_id
        WHERE u.id = $1 AND u.active AND sp.store_id = $2 LIMIT 1`,
      [userId, client.storeId],
      { name: 'cfr.user' },
    );
    if (users.length === 0) return sendError(reply, 403, 'forbidden', `Användaren arbetar inte i lager ${client.storeId} och får inte söka i folkbokföringen här.`);
    const { rows } = await db.query<{ id: string; name: string; address: string | null; postal_code: string | null; city: string | null; deceased: boolean; resident: boolean; recipient_id: string | null; in_store: boolean | null }>(
      `SELECT p.id, p.name, p.address, p.postal_code, p.city, p.deceased, p.resident, r.id AS recipient_id, $2::text = ANY(r.scope_store_ids) AS in_store
         FROM population_register p LEFT JOIN recipient r ON r.personal_number = p.personal_number
        WHERE p.personal_number = $1`,
      [personalNumber, client.storeId],
      { name: 'cfr.lookup' },
    );
    const p = rows[0];
    const answer: CfrLookupResponse =
      !p
        ? { found: false, reason: 'unknown' }
        : !p.resident
          ? { found: false, reason: 'not-resident' }
          : {
              found: true,
              person: { registerId: p.id, personalNumber, name: p.name, address: p.address, postalCode: p.postal_code, city: p.city, deceased: p.deceased },
              recipientId: p.recipient_id,
              inStore: p.in_store === true,
            };
    await appendCentralAudit(db, {
      at: new Date().toISOString(),
      userId,
      clientId: client.clientId,
      action: 'cfr.lookup',
      entity: 'person',
      entityId: p?.id ?? 'unknown',
      details: { found: answer.found, ...(answer.found ? {} : { reason: answer.reason }) },
    });
    return answer;
  });
}
