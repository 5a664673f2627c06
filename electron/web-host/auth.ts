import crypto from 'node:crypto';

/**
 * The web host's caller authentication (decision 0017). The host serves the workstation's backend
 * on loopback, where every local process (of every user) can connect; the Origin and Host checks
 * stop only browsers. So every call to `/api` and `/events` must carry this launch's secret: as an
 * HttpOnly cookie (the page) or as a header (tools and tests that started the host themselves).
 *
 * The page gets the cookie from the HTML response, but only a caller that already proves itself
 * gets that response: one that has the cookie or the header, or one that opens the one-time launch
 * link the host printed to its parent (`/?launch=…`). A process that merely finds the port gets a
 * 401 page and no cookie.
 */

/** Header for callers outside a browser (tests, scripts): `X-Buffert-Secret: <secret>`. */
export const WEB_SECRET_HEADER = 'x-buffert-secret';

/** Environment variable through which a parent gives the host the secret it will use. */
export const WEB_SECRET_ENV = 'BUFFERT_WEB_SECRET';

/** The query parameter of the one-time launch link. */
export const LAUNCH_PARAM = 'launch';

/** Shortest secret accepted from the environment (a random 32-byte secret is 43 characters). */
export const MIN_SECRET_LENGTH = 32;

/** A fresh random secret: 32 bytes from the operating system's CSPRNG, base64url. */
export function newWebSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The secret to use: the parent's (`BUFFERT_WEB_SECRET`) when it gave one, otherwise a new random
 * one. A given secret that is too short or not URL-safe is refused (a typo must not weaken it).
 */
export function webSecretFrom(env: NodeJS.ProcessEnv): string {
  const given = env[WEB_SECRET_ENV];
  if (given === undefined || given === '') return newWebSecret();
  if (given.length < MIN_SECRET_LENGTH || !/^[A-Za-z0-9_-]+$/.test(given)) {
    throw new Error(`${WEB_SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters of A–Z, a–z, 0–9, "-" and "_".`);
  }
  return given;
}

/**
 * Cookie name of the host on one port. Browsers do not separate cookies by port, so two hosts on
 * 127.0.0.1 (two data directories) must not overwrite each other's cookie.
 */
export function secretCookieName(port: number): string {
  return `buffert-secret-${port}`;
}

/** The Set-Cookie value: never readable by script, never sent cross-site, for the whole host. */
export function secretCookie(port: number, secret: string): string {
  return `${secretCookieName(port)}=${secret}; Path=/; HttpOnly; SameSite=Strict`;
}

/** One cookie's value from a Cookie header (the last one wins, as in browsers' serialisation order). */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) found = part.slice(at + 1).trim();
  }
  return found;
}

/**
 * Constant-time comparison: both sides are hashed first, so neither the content nor the length of
 * the expected secret leaks through the time a refusal takes.
 */
export function secretsEqual(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Paths that reach the backend: every one needs the secret. */
export function needsSecret(urlPath: string): boolean {
  return urlPath === '/api' || urlPath.startsWith('/api/') || urlPath === '/events' || urlPath.startsWith('/events/');
}

/** A link that can be used once: the first correct use consumes it, every later use fails. */
export class OneTimeToken {
  private value: string | null;
  constructor(value: string) {
    this.value = value;
  }
  consume(presented: string | null | undefined): boolean {
    if (this.value === null || !secretsEqual(presented, this.value)) return false;
    this.value = null;
    return true;
  }
}
