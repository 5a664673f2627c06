import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result';
import { appendCentralAudit } from '../audit/log';
import type { Db, Tx } from '../db/db';

/**
 * Workstation identity for now (issue 4, item 9): a workstation registers with the region's
 * enrolment key and gets a random bearer token scoped to one store. Only the token's SHA-256 is
 * stored. SITHS client certificates replace the enrolment key later, not the store scoping.
 */

export { DEMO_ENROLMENT_KEY } from '../../shared/sync/protocol';

export interface SyncClient {
  clientId: string;
  storeId: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export type RegisterOutcome =
  | { ok: true; token: string }
  | { ok: false; status: 400 | 401 | 403; code: 'invalid-request' | 'unauthenticated' | 'forbidden'; message: string };

/** How long an admin's reset-client lets the enrolment key alone register the client again. */
export const RESET_VALID_HOURS = 24;

export const takeoverRefused = (clientId: string): string =>
  `Arbetsstationen ${clientId} är redan registrerad hos centralen och används. Registreringsnyckeln räcker inte för att registrera den igen. ` +
  `Kontakta regionens support och be om en återställning av arbetsstationen (npm run central -- reset-client ${clientId}); registrera den sedan igen.`;

/**
 * Registers a workstation, or registers a known one again (it lost or was refused its token).
 * A known client id is registered again only
 * - with its current token (`currentToken`), or
 * - while its current token has never been presented (the answer to the registration that issued it
 *   may have been lost; nothing has been pushed with it), or
 * - once after an admin's `reset-client` (within RESET_VALID_HOURS);
 * otherwise anyone with the region's enrolment key could revoke a workstation's token and push
 * its next mutation ids first. A new registration issues a new token (the old one stops working)
 * and keeps the client's place in the mutation sequence; the store never changes.
 */
export async function registerClient(
  db: Db,
  enrolmentKey: string,
  request: { clientId: string; storeId: string; enrolmentKey: string; name: string; currentToken?: string | undefined },
  now = new Date(),
): Promise<RegisterOutcome> {
  if (!sameSecret(request.enrolmentKey, enrolmentKey)) {
    return { ok: false, status: 401, code: 'unauthenticated', message: 'Fel registreringsnyckel. Kontrollera nyckeln från hjälpmedelscentralen.' };
  }
  const token = randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const { rows: stores } = await tx.query<{ id: string }>('SELECT id FROM store WHERE id = $1', [request.storeId]);
    if (stores.length === 0) {
      return { ok: false, status: 400, code: 'invalid-request', message: `Lager ${request.storeId} finns inte hos centralen.` } as const;
    }
    const { rows: inserted } = await tx.query(
      `INSERT INTO sync_client (client_id, store_id, name, token_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id) DO NOTHING RETURNING client_id`,
      [request.clientId, request.storeId, request.name, hashToken(token)],
    );
    if (inserted.length > 0) return { ok: true, token } as const;

    // Locked: two registrations of one id (a retry racing the original) decide one after the other.
    const { rows } = await tx.query<{ store_id: string; token_hash: string; token_unused: boolean; reset_open: boolean; last_mutation_id: number }>(
      `SELECT store_id, token_hash, token_used_at IS NULL AS token_unused,
              coalesce(reset_requested_at > now() - make_interval(hours => $2), false) AS reset_open, last_mutation_id
         FROM sync_client WHERE client_id = $1 FOR UPDATE`,
      [request.clientId, RESET_VALID_HOURS],
    );
    const existing = rows[0]!;
    if (existing.store_id !== request.storeId) {
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        message: `Arbetsstationen ${request.clientId} är redan registrerad för lager ${existing.store_id} och kan inte flyttas till ett annat lager.`,
      } as const;
    }
    const hasToken = request.currentToken !== undefined && sameSecret(hashToken(request.currentToken), existing.token_hash);
    if (!hasToken && !existing.token_unused && !existing.reset_open) {
      return { ok: false, status: 403, code: 'forbidden', message: takeoverRefused(request.clientId) } as const;
    }
    await tx.query('UPDATE sync_client SET token_hash = $2, name = $3, token_used_at = NULL, reset_requested_at = NULL WHERE client_id = $1', [
      request.clientId,
      hashToken(token),
      request.name,
    ]);
    if (!hasToken && !existing.token_unused) {
      await audit(tx, now, request.clientId, 'sync-client.registerAfterReset', { storeId: request.storeId, name: request.name, lastMutationId: existing.last_mutation_id });
    }
    return { ok: true, token } as const;
  });
}

/**
 * `npm run central -- reset-client <clientId>`: the next registration of this client id with the
 * enrolment key alone is accepted, once, within RESET_VALID_HOURS (the workstation lost its token,
 * e.g. a replica restored from an older backup). The current token keeps working until then.
 */
export async function resetClient(db: Db, clientId: string, now = new Date()): Promise<Result<string>> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ store_id: string; name: string; last_mutation_id: number }>(
      'UPDATE sync_client SET reset_requested_at = now() WHERE client_id = $1 RETURNING store_id, name, last_mutation_id',
      [clientId],
    );
    const client = rows[0];
    if (!client) return err('unknown-client', `Arbetsstationen ${clientId} är inte registrerad hos centralen.`);
    await audit(tx, now, clientId, 'sync-client.reset', { storeId: client.store_id, name: client.name, lastMutationId: client.last_mutation_id });
    return ok(
      `Arbetsstationen ${clientId} (${client.name}, lager ${client.store_id}) får registreras en gång till med registreringsnyckeln inom ${RESET_VALID_HOURS} timmar. ` +
        'Dess nuvarande nyckel gäller tills dess; den behåller sin plats i ändringsföljden.',
    );
  });
}

/** Central security events in the append-only audit log, beside the mutations' entries. */
async function audit(tx: Tx, now: Date, clientId: string, action: string, details: Record<string, unknown>): Promise<void> {
  await appendCentralAudit(tx, { at: now.toISOString(), userId: 'central', clientId, action, entity: 'sync_client', entityId: clientId, details });
}

/**
 * The client a bearer token belongs to, or null for a missing, malformed or unknown token. The
 * first time a token is presented it is marked used: from then on the client id is registered
 * again only with that token or after an admin reset (registerClient).
 */
export async function clientOfToken(db: Db, authorization: string | undefined): Promise<SyncClient | null> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization?.trim() ?? '');
  if (!match) return null;
  const tokenHash = hashToken(match[1]!);
  const { rows } = await db.query<{ client_id: string; store_id: string; token_unused: boolean }>(
    'SELECT client_id, store_id, token_used_at IS NULL AS token_unused FROM sync_client WHERE token_hash = $1',
    [tokenHash],
    { name: 'sync.clientOfToken' },
  );
  const row = rows[0];
  if (!row) return null;
  if (row.token_unused) {
    // Guarded by the hash: a registration that replaced the token meanwhile stays unused.
    await db.query('UPDATE sync_client SET token_used_at = now() WHERE client_id = $1 AND token_hash = $2 AND token_used_at IS NULL', [row.client_id, tokenHash]);
  }
  return { clientId: row.client_id, storeId: row.store_id };
}
