import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** One year: what HSTS preload lists ask for. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Security headers on every answer (issue 10, item 11), with @fastify/helmet: the server answers
 * JSON only, so nothing may be loaded, framed or sniffed (`default-src 'none'; frame-ancestors
 * 'none'`), no referrer leaves, and browsers keep to HTTPS (HSTS; ignored over plain HTTP, sent
 * anyway so that it holds behind a TLS-terminating proxy). Registered before any route: its
 * onRequest hook covers the 404 and error answers too.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
  });
}
