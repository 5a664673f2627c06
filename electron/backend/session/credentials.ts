import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { OFFLINE_MAX_FAILURES } from '../../../shared/domain/session/rules';
import { err, ok, type Result } from '../../../shared/result';
import type { Db } from '../db/replica';

/**
 * Offline login (decision 0020): at an online login central has checked the person; the
 * workstation then keeps a slow hash (scrypt, N = 2^15, r = 8) of the secret they typed — their
 * password, or the offline PIN a SITHS user chooses — valid for a number of days. Without the
 * network the same secret is checked against it. Five wrong secrets in a row lock it until the
 * next online login. The table lives in the encrypted replica and is never synced.
 */

export type CredentialKind = 'password' | 'pin';

export interface OfflineState {
  kind: CredentialKind;
  validUntil: string;
  locked: boolean;
}

interface Row {
  kind: CredentialKind;
  verifier: string;
  valid_until: string;
  failed_count: number;
  locked: number;
}

const LOG_N = 15;
const R = 8;

export function makeVerifier(secret: string, logN = LOG_N): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFC'), salt, 32, { N: 2 ** logN, r: R, p: 1, maxmem: 256 * 2 ** logN * R });
  return ['scrypt', logN, R, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

function matches(secret: string, verifier: string): boolean {
  const [tag, logN, r, p, salt, hash] = verifier.split('$');
  if (tag !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = 2 ** Number(logN);
  const key = scryptSync(secret.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
  return timingSafeEqual(key, expected);
}

export class OfflineCredentials {
  constructor(private readonly db: Db) {}

  state(userId: string): OfflineState | null {
    const row = this.db.prepare<[string], Row>('SELECT kind, verifier, valid_until, failed_count, locked FROM offline_credential WHERE user_id = ?').get(userId);
    return row ? { kind: row.kind, validUntil: row.valid_until, locked: row.locked === 1 } : null;
  }

  all(): Map<string, OfflineState> {
    const rows = this.db.prepare<[], Row & { user_id: string }>('SELECT user_id, kind, verifier, valid_until, failed_count, locked FROM offline_credential').all();
    return new Map(rows.map((r) => [r.user_id, { kind: r.kind, validUntil: r.valid_until, locked: r.locked === 1 }]));
  }

  /** After an online login: the secret becomes the offline one, the counter and any lock reset. */
  provision(userId: string, kind: CredentialKind, secret: string, onlineAt: Date, validUntil: Date, verifier = makeVerifier(secret)): void {
    this.db
      .prepare(
        `INSERT INTO offline_credential (user_id, kind, verifier, online_at, valid_until, failed_count, locked) VALUES (?, ?, ?, ?, ?, 0, 0)
         ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, verifier = excluded.verifier, online_at = excluded.online_at,
           valid_until = excluded.valid_until, failed_count = 0, locked = 0`,
      )
      .run(userId, kind, verifier, onlineAt.toISOString(), validUntil.toISOString());
  }

  /** Another online login without a new secret (SITHS with the PIN kept): extends and unlocks. */
  renew(userId: string, onlineAt: Date, validUntil: Date): boolean {
    return (
      this.db
        .prepare('UPDATE offline_credential SET online_at = ?, valid_until = ?, failed_count = 0, locked = 0 WHERE user_id = ?')
        .run(onlineAt.toISOString(), validUntil.toISOString(), userId).changes > 0
    );
  }

  /**
   * Checks a secret. A wrong one counts (committed at once, so killing the app does not reset the
   * count); the fifth in a row locks. Codes: no-offline-login, offline-expired, offline-locked, wrong-secret.
   */
  verify(userId: string, secret: string, now: Date): Result<CredentialKind> {
    const row = this.db.prepare<[string], Row>('SELECT kind, verifier, valid_until, failed_count, locked FROM offline_credential WHERE user_id = ?').get(userId);
    if (!row) {
      return err('no-offline-login', 'Du har inte loggat in på den här arbetsstationen med nätverk ännu. Logga in när arbetsstationen har kontakt med centralen.');
    }
    if (row.locked === 1) {
      return err('offline-locked', `Inloggning utan nätverk är spärrad efter ${OFFLINE_MAX_FAILURES} felaktiga försök. Logga in när arbetsstationen har kontakt med centralen.`);
    }
    if (new Date(row.valid_until).getTime() < now.getTime()) {
      return err('offline-expired', 'Inloggningen utan nätverk har gått ut. Logga in när arbetsstationen har kontakt med centralen.');
    }
    if (matches(secret, row.verifier)) {
      if (row.failed_count > 0) this.db.prepare('UPDATE offline_credential SET failed_count = 0 WHERE user_id = ?').run(userId);
      return ok(row.kind);
    }
    const failed = row.failed_count + 1;
    const lock = failed >= OFFLINE_MAX_FAILURES;
    this.db.prepare('UPDATE offline_credential SET failed_count = ?, locked = ? WHERE user_id = ?').run(failed, lock ? 1 : 0, userId);
    if (lock) {
      return err('offline-locked', `Fel ${row.kind === 'pin' ? 'PIN-kod' : 'lösenord'} ${OFFLINE_MAX_FAILURES} gånger. Inloggning utan nätverk är nu spärrad tills du loggar in med nätverk.`);
    }
    const left = OFFLINE_MAX_FAILURES - failed;
    return err('wrong-secret', `Fel ${row.kind === 'pin' ? 'PIN-kod' : 'lösenord'}. ${left} ${left === 1 ? 'försök' : 'försök'} kvar innan inloggning utan nätverk spärras.`);
  }
}
