import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CentralSession } from '../../shared/api/session';
import type { Role } from '../../shared/domain/model';
import { CENTRAL_LOCK_MINUTES, CENTRAL_MAX_FAILURES, inactiveTooLong, passwordLoginProblem, passwordProblem, SESSION_HOURS } from '../../shared/domain/session/rules';
import { appendCentralAudit } from '../audit/log';
import type { Db, Tx } from '../db/db';
import { readRegionSettings } from '../region-settings/settings';
import { hashToken, sameSecret } from '../sync/auth';
import { hashPassword, verifyPassword } from './passwords';

/**
 * Central's half of login (decision 0020): password checks with lock-out and deactivation, SITHS
 * grants proven over mutual TLS, and user sessions bound to one workstation (the sync client
 * whose bearer token redeems them). Every outcome lands in the audit log, never a secret.
 */

export type AuthOutcome =
  | { ok: true; value: z.infer<typeof CentralSession> }
  | { ok: false; status: 400 | 401 | 403 | 423; code: string; message: string };

const WRONG = 'Fel användare eller lösenord.';
const fail = (status: 400 | 401 | 403 | 423, code: string, message: string) => ({ ok: false, status, code, message }) as const;

interface UserRow {
  id: string;
  hsa_id: string;
  name: string;
  roles: Role[];
  active: boolean;
  store_ids: string[] | null;
}

async function userOf(q: Tx | Db, where: 'id' | 'hsa_id', value: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `SELECT u.id, u.hsa_id, u.name, u.roles, u.active,
            (SELECT array_agg(DISTINCT sp.store_id ORDER BY sp.store_id) FROM user_service_point usp
               JOIN service_point sp ON sp.id = usp.service_point_id WHERE usp.user_id = u.id) AS store_ids
       FROM app_user u WHERE u.${where} = $1`,
    [value],
  );
  return rows[0] ?? null;
}

async function audit(q: Tx | Db, clientId: string | null, userId: string | null, action: string, details: Record<string, unknown> = {}): Promise<void> {
  await appendCentralAudit(q, { at: new Date().toISOString(), userId: userId ?? 'central', clientId, action, entity: 'app_user', entityId: userId ?? '', details });
}

async function openSession(tx: Tx, user: UserRow, clientId: string, method: 'siths' | 'password', now: Date): Promise<z.infer<typeof CentralSession>> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600 * 1000);
  await tx.query('INSERT INTO user_session (token_hash, user_id, client_id, method, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    hashToken(token),
    user.id,
    clientId,
    method,
    now.toISOString(),
    expiresAt.toISOString(),
  ]);
  await tx.query(
    `INSERT INTO user_credential (user_id, last_login_at) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET last_login_at = $2, failed_count = 0, locked_until = NULL`,
    [user.id, now.toISOString()],
  );
  await audit(tx, clientId, user.id, 'login', { method });
  return {
    session: { token, expiresAt: expiresAt.toISOString(), method },
    user: { id: user.id, hsaId: user.hsa_id, name: user.name, roles: user.roles, storeIds: user.store_ids ?? [] },
  };
}

/** A user central may let in at a workstation of `storeId`, or why not (deactivating a stale one). */
async function admissible(tx: Tx, user: UserRow | null, storeId: string, now: Date, lastLoginAt: string | null): Promise<AuthOutcome | null> {
  if (!user || !(user.store_ids ?? []).includes(storeId)) return fail(401, 'unauthenticated', WRONG);
  if (user.active && inactiveTooLong(lastLoginAt, now)) {
    await tx.query('UPDATE app_user SET active = false WHERE id = $1', [user.id]);
    await audit(tx, null, user.id, 'user.deactivate', { reason: 'inactive' });
    user.active = false;
  }
  if (!user.active) {
    return fail(403, 'deactivated', 'Kontot är avaktiverat (inte använt på 6 månader eller avslutat). Kontakta regionens behörighetsadministratör.');
  }
  return null;
}

/** Password login at a workstation of `client` (the bearer token's client). */
export async function passwordLogin(
  db: Db,
  client: { clientId: string; storeId: string },
  request: { userId: string; password: string; newPassword?: string | undefined },
  now = new Date(),
  /** Store `newPassword` even when no change is required (the person chose to change it). */
  change = false,
): Promise<AuthOutcome> {
  // The slow hash runs outside the transaction; the row lock then decides on fresh counters.
  const { rows: creds } = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM user_credential WHERE user_id = $1', [request.userId]);
  const matches = await verifyPassword(request.password, creds[0]?.password_hash ?? null);
  const newHash = request.newPassword !== undefined && matches ? await hashPassword(request.newPassword) : null;

  return db.transaction(async (tx) => {
    const user = await userOf(tx, 'id', request.userId);
    const { rows } = await tx.query<{ password_hash: string | null; must_change: boolean; failed_count: number; locked_until: string | null; last_login_at: string | null }>(
      'SELECT password_hash, must_change, failed_count, locked_until, last_login_at FROM user_credential WHERE user_id = $1 FOR UPDATE',
      [request.userId],
    );
    const cred = rows[0];
    const refused = await admissible(tx, user, client.storeId, now, cred?.last_login_at ?? null);
    if (refused) {
      await audit(tx, client.clientId, user ? request.userId : null, 'login.refused', { method: 'password', code: refused.ok ? '' : refused.code });
      return refused;
    }
    const wrongMethod = passwordLoginProblem((await readRegionSettings(tx)).loginMode);
    if (wrongMethod) {
      await audit(tx, client.clientId, request.userId, 'login.refused', { method: 'password', code: 'wrong-login-method' });
      return fail(403, 'wrong-login-method', wrongMethod);
    }
    if (!cred || cred.password_hash === null) return fail(401, 'unauthenticated', WRONG);
    if (cred.locked_until !== null && new Date(cred.locked_until).getTime() > now.getTime()) {
      return fail(423, 'locked', `För många felaktiga försök. Kontot är spärrat till ${new Date(cred.locked_until).toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })}.`);
    }
    // The hash may have changed between the check and the lock (a password change): check again.
    if (!matches || cred.password_hash !== creds[0]?.password_hash) {
      const failed = cred.failed_count + 1;
      const lock = failed >= CENTRAL_MAX_FAILURES;
      await tx.query('UPDATE user_credential SET failed_count = $2, locked_until = $3 WHERE user_id = $1', [
        request.userId,
        lock ? 0 : failed,
        lock ? new Date(now.getTime() + CENTRAL_LOCK_MINUTES * 60_000).toISOString() : null,
      ]);
      await audit(tx, client.clientId, request.userId, lock ? 'login.locked' : 'login.refused', { method: 'password', code: 'wrong-secret' });
      return lock
        ? fail(423, 'locked', `För många felaktiga försök. Kontot är spärrat i ${CENTRAL_LOCK_MINUTES} minuter.`)
        : fail(401, 'wrong-secret', WRONG);
    }
    if (cred.must_change || change) {
      if (request.newPassword === undefined || newHash === null) {
        return fail(403, 'password-change-required', 'Du måste byta lösenord innan du kan logga in.');
      }
      const problem = passwordProblem(request.newPassword, [user!.id, user!.hsa_id, ...user!.name.split(/\s+/)]);
      if (problem) return fail(400, 'weak-password', problem);
      if (sameSecret(request.newPassword, request.password)) return fail(400, 'weak-password', 'Det nya lösenordet måste skilja sig från det gamla.');
      await tx.query('UPDATE user_credential SET password_hash = $2, must_change = false WHERE user_id = $1', [request.userId, newHash]);
      await audit(tx, client.clientId, request.userId, 'password.change', {});
    }
    return { ok: true, value: await openSession(tx, user!, client.clientId, 'password', now) } as const;
  });
}

/** A logged-in person changes their password (needs the current one), and is logged in. */
export async function changePassword(
  db: Db,
  client: { clientId: string; storeId: string },
  request: { userId: string; password: string; newPassword: string },
  now = new Date(),
): Promise<AuthOutcome> {
  return passwordLogin(db, client, request, now, true);
}

/* ---------- SITHS ---------- */

export const GRANT_SECONDS = 120;

/** After mutual TLS proved the card: a one-time code that only this client's token can redeem. */
export async function issueSithsGrant(db: Db, hsaId: string, clientId: string, now = new Date()): Promise<AuthOutcome | { ok: true; grant: string; expiresAt: string }> {
  return db.transaction(async (tx) => {
    const { rows: clients } = await tx.query<{ store_id: string }>('SELECT store_id FROM sync_client WHERE client_id = $1', [clientId]);
    const user = await userOf(tx, 'hsa_id', hsaId);
    const storeId = clients[0]?.store_id;
    if (storeId === undefined) return fail(403, 'forbidden', 'Arbetsstationen är inte registrerad hos centralen.');
    if (!user) {
      await audit(tx, clientId, null, 'login.refused', { method: 'siths', code: 'unknown-user' });
      return fail(403, 'unknown-user', `HSA-id ${hsaId} har ingen behörighet i Buffert. Kontakta regionens behörighetsadministratör.`);
    }
    const { rows } = await tx.query<{ last_login_at: string | null }>('SELECT last_login_at FROM user_credential WHERE user_id = $1', [user.id]);
    const refused = await admissible(tx, user, storeId, now, rows[0]?.last_login_at ?? null);
    if (refused) {
      await audit(tx, clientId, user.id, 'login.refused', { method: 'siths', code: refused.ok ? '' : refused.code });
      return refused.ok || refused.code !== 'unauthenticated'
        ? refused
        : fail(403, 'forbidden', 'Du har ingen behörighet på det här lagret. Kontakta regionens behörighetsadministratör.');
    }
    const grant = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + GRANT_SECONDS * 1000).toISOString();
    await tx.query('INSERT INTO siths_grant (code_hash, user_id, client_id, expires_at) VALUES ($1, $2, $3, $4)', [hashToken(grant), user.id, clientId, expiresAt]);
    return { ok: true, grant, expiresAt } as const;
  });
}

/** The workstation (its bearer token) redeems the grant once: the session is bound to it. */
export async function redeemSithsGrant(db: Db, client: { clientId: string; storeId: string }, grant: string, now = new Date()): Promise<AuthOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ user_id: string; client_id: string; expired: boolean; used: boolean }>(
      `SELECT user_id, client_id, expires_at < $2 AS expired, used_at IS NOT NULL AS used FROM siths_grant WHERE code_hash = $1 FOR UPDATE`,
      [hashToken(grant), now.toISOString()],
    );
    const row = rows[0];
    if (!row || row.client_id !== client.clientId || row.expired || row.used) {
      await audit(tx, client.clientId, row?.user_id ?? null, 'login.refused', { method: 'siths', code: row ? (row.used ? 'replayed' : 'expired-or-foreign') : 'unknown-grant' });
      return fail(401, 'unauthenticated', 'Inloggningen med SITHS-kortet gick inte att slutföra (koden är använd, för gammal eller gäller en annan arbetsstation). Försök igen.');
    }
    await tx.query('UPDATE siths_grant SET used_at = $2 WHERE code_hash = $1', [hashToken(grant), now.toISOString()]);
    const user = await userOf(tx, 'id', row.user_id);
    const refused = await admissible(tx, user, client.storeId, now, null);
    if (refused) return refused;
    return { ok: true, value: await openSession(tx, user!, client.clientId, 'siths', now) } as const;
  });
}

/** The user behind a session token at this client, while it is valid. */
export async function userOfSession(db: Db, clientId: string, token: string | undefined, now = new Date()): Promise<string | null> {
  if (!token || !/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT s.user_id FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.client_id = $2 AND s.ended_at IS NULL AND s.expires_at > $3 AND u.active`,
    [hashToken(token), clientId, now.toISOString()],
  );
  return rows[0]?.user_id ?? null;
}

export async function endSession(db: Db, clientId: string, token: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ user_id: string }>(
      'UPDATE user_session SET ended_at = $3 WHERE token_hash = $1 AND client_id = $2 AND ended_at IS NULL RETURNING user_id',
      [hashToken(token), clientId, now.toISOString()],
    );
    if (rows[0]) await audit(tx, clientId, rows[0].user_id, 'logout', {});
  });
}

/** `npm run central -- deactivate-inactive`: users without a login for 6 months (001_…txt). */
export async function deactivateInactive(db: Db, now = new Date()): Promise<string[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ user_id: string; last_login_at: string }>(
      `SELECT c.user_id, c.last_login_at FROM user_credential c JOIN app_user u ON u.id = c.user_id WHERE u.active AND c.last_login_at IS NOT NULL`,
    );
    const stale = rows.filter((r) => inactiveTooLong(r.last_login_at, now)).map((r) => r.user_id);
    for (const id of stale) {
      await tx.query('UPDATE app_user SET active = false WHERE id = $1', [id]);
      await audit(tx, null, id, 'user.deactivate', { reason: 'inactive' });
    }
    return stale;
  });
}

/** `npm run central -- set-password <userId>`: a temporary password to be changed at the first login. */
export async function setTemporaryPassword(db: Db, userId: string, password: string): Promise<boolean> {
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query('SELECT 1 FROM app_user WHERE id = $1', [userId]);
    if (rows.length === 0) return false;
    await tx.query(
      `INSERT INTO user_credential (user_id, password_hash, must_change) VALUES ($1, $2, true)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = $2, must_change = true, failed_count = 0, locked_until = NULL`,
      [userId, hash],
    );
    await audit(tx, null, userId, 'password.reset', {});
    return true;
  });
}
