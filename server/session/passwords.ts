import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes at central: scrypt (RFC 7914) with a random 16-byte salt, stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the cost can be raised later while old hashes still
 * verify. N = 2^15, r = 8 (32 MiB, ~60 ms here): slow for a guesser, cheap for one login.
 */

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (e, key) => (e ? reject(e) : resolve(key))));

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const maxmem = (logN: number, r: number) => 256 * 2 ** logN * r;

export async function hashPassword(password: string, logN = LOG_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: 2 ** logN, r: R, p: P, maxmem: maxmem(logN, R) });
  return ['scrypt', logN, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend the same time as a real check, so an unknown user cannot be told from a wrong password.
    await hashPassword(password);
    return false;
  }
  const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: 2 ** Number(logN),
    r: Number(r),
    p: Number(p),
    maxmem: maxmem(Number(logN), Number(r)),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A temporary password for a user who must change it at the first login (letters and digits). */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(10);
  const letters = [...bytes.subarray(0, 6)].map((b) => alphabet[b % alphabet.length]).join('');
  const digits = [...bytes.subarray(6)].map((b) => String(b % 10)).join('');
  return `${letters}${digits}`;
}
