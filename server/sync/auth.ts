import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/db';

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

export async function registerClient(
  db: Db,
  enrolmentKey: string,
  request: { clientId: string; storeId: string; enrolmentKey: string; name: string },
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
    // A workstation that lost its token registers again with the same id and keeps its place in
    // the mutation sequence; it can never move to another store's scope.
    const { rows } = await tx.query<{ store_id: string }>(
      `INSERT INTO sync_client (client_id, store_id, name, token_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id) DO UPDATE SET token_hash = excluded.token_hash, name = excluded.name
         WHERE sync_client.store_id = excluded.store_id
       RETURNING store_id`,
      [request.clientId, request.storeId, request.name, hashToken(token)],
    );
    if (rows.length === 0) {
      const { rows: existing } = await tx.query<{ store_id: string }>('SELECT store_id FROM sync_client WHERE client_id = $1', [request.clientId]);
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        message: `Arbetsstationen ${request.clientId} är redan registrerad för lager ${existing[0]?.store_id ?? '?'} och kan inte flyttas till ett annat lager.`,
      } as const;
    }
    return { ok: true, token } as const;
  });
}

/** The client a bearer token belongs to, or null for a missing, malformed or unknown token. */
export async function clientOfToken(db: Db, authorization: string | undefined): Promise<SyncClient | null> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization?.trim() ?? '');
  if (!match) return null;
  const { rows } = await db.query<{ client_id: string; store_id: string }>(
    'SELECT client_id, store_id FROM sync_client WHERE token_hash = $1',
    [hashToken(match[1]!)],
    { name: 'sync.clientOfToken' },
  );
  const row = rows[0];
  return row ? { clientId: row.client_id, storeId: row.store_id } : null;
}
