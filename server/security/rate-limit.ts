import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Rate limits of the central server (issue 10, item 11; decision 0018), with @fastify/rate-limit.
 *
 * - `register`: POST /sync/register, per client IP address. It is where the region's enrolment key
 *   can be guessed; a real workstation registers once (and again only after losing its token), so
 *   a strict limit costs nothing — a 429 makes the workstation back off and try again later.
 * - `login`: the `/auth/*` login routes (server/session/), per client IP address, or per address
 *   and account when the route says how to read the account (`loginRateLimit`).
 * - `global`: every other route, per address; off by default (pushes and pulls of many
 *   workstations behind one NAT address must never be throttled; their bearer tokens cannot be guessed).
 *
 * The counters are in memory, per node: behind a round-robin load balancer over N nodes a client
 * gets up to N × max attempts per window (docs/deploy-central.md). The client address is the TCP
 * peer unless `trustProxy` is configured (BUFFERT_TRUST_PROXY), then the proxy's X-Forwarded-For.
 */

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  register: RateLimit | false;
  login: RateLimit | false;
  global: RateLimit | false;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  register: { max: 10, timeWindowMs: 60_000 },
  login: { max: 10, timeWindowMs: 60_000 },
  global: false,
};

/** The limits in effect: the defaults with the given ones over them. */
export function rateLimitsOf(given: Partial<RateLimits> | undefined): RateLimits {
  return { ...DEFAULT_RATE_LIMITS, ...given };
}

/** The 429 answer's error: the app's error handler turns it into `{ error: { code: 'rate-limited', message } }`. */
export class RateLimited extends Error {
  readonly statusCode = 429;
  readonly code = 'BUFFERT_RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(rateLimitedMessage(retryAfterSeconds));
    this.name = 'RateLimited';
  }
}

export const rateLimitedMessage = (seconds: number): string =>
  `För många försök från den här adressen. Vänta ${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'} och försök igen.`;

/**
 * Registers the plugin on the root (before any route: it attaches itself to routes as they are
 * added). Routes get their own limit through their `config` (`registerRateLimit`, `loginRateLimit`).
 */
export async function registerRateLimiting(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: limits.global !== false,
    ...(limits.global !== false ? { max: limits.global.max, timeWindow: limits.global.timeWindowMs } : {}),
    // Retry-After and X-RateLimit-* on the 429; X-RateLimit-* on the others.
    errorResponseBuilder: (_request, context) => new RateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

type RouteRateLimit = Pick<FastifyContextConfig, 'rateLimit'>;

function routeLimit(limit: RateLimit | false, extra: RateLimitOptions = {}): RouteRateLimit {
  if (limit === false) return { rateLimit: false };
  return { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs, ...extra } };
}

/** Route config of POST /sync/register. */
export function registerRateLimit(limits: RateLimits): RouteRateLimit {
  return routeLimit(limits.register);
}

export interface LoginRateLimitOptions {
  /**
   * The account a login attempt is for, read from the parsed body (a user name): the limit then
   * counts per address *and* account, so that one ward behind one NAT address can log in at the
   * start of a shift while guessing one account's password stays slow. Counted after the body is
   * parsed (preHandler). Without it: per address (e.g. SITHS, where nothing can be guessed).
   */
  accountOf?: (request: FastifyRequest) => string | undefined;
}

/**
 * Route config for the `/auth/*` login routes: `app.post('/auth/password', { config: { ...loginRateLimit(limits) } }, …)`.
 * Each route counts on its own (the plugin's in-memory store keeps one counter table per route).
 */
export function loginRateLimit(limits: RateLimits, options: LoginRateLimitOptions = {}): RouteRateLimit {
  const accountOf = options.accountOf;
  if (!accountOf) return routeLimit(limits.login);
  return routeLimit(limits.login, {
    hook: 'preHandler',
    keyGenerator: (request) => `${request.ip}|${(accountOf(request) ?? '').slice(0, 200).toLowerCase()}`,
  });
}
