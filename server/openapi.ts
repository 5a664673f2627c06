import { z } from 'zod';
import { AuditPushRequest, AuditPushResponse } from '../shared/sync/audit';
import {
  IndividualNoBlockRequest,
  IndividualNoBlockResponse,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  PROTOCOL_VERSION,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  RegisterRequest,
  RegisterResponse,
  SCHEMA_VERSION,
  SyncError,
} from '../shared/sync/protocol';
import { CfrLookupRequest, CfrLookupResponse } from '../shared/api/recipient';
import { CentralSession, ChangePasswordRequest, LogoutRequest, PasswordLoginRequest, SithsGrant, SithsLoginRequest, SithsRedeemRequest } from '../shared/api/session';

/** JSON Schema of a zod schema for OpenAPI 3.1 (zod 4's own converter). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const errorResponses = (codes: Record<number, string>) =>
  Object.fromEntries(
    Object.entries(codes).map(([status, description]) => [
      status,
      {
        description,
        ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds to wait before the next attempt', schema: { type: 'integer', minimum: 1 } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncError' } } },
      },
    ]),
  );

/**
 * The sync API as OpenAPI 3.1, generated from the same zod schemas (shared/sync/protocol.ts) that
 * validate the requests, so the document cannot drift from the code.
 */
export function openApiDocument(): Record<string, unknown> {
  const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
  const ok = (ref: string, description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Buffert central server – sync API',
      version: `${PROTOCOL_VERSION}.${SCHEMA_VERSION}`,
      description:
        `Protocol version ${PROTOCOL_VERSION}, schema version ${SCHEMA_VERSION}; both are sent in every request body. ` +
        `Push: at most ${MAX_PUSH_MUTATIONS} mutations per request; a mutation whose args fail validation is rejected (2xx data), not a 400. ` +
        `Pull: limit at most ${MAX_PULL_LIMIT}. Errors are {error: {code, message}} with a Swedish message; see docs/sync.md. ` +
        'Registration is rate-limited per client address (429 rate-limited with Retry-After; docs/deploy-central.md). ' +
        'Every answer carries security headers (CSP default-src none, HSTS, nosniff, no referrer); every request to a route that changes data is audit-logged.',
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and database check',
          responses: { 200: { description: 'Up' }, 503: { description: 'Database unreachable' } },
        },
      },
      '/sync/register': {
        post: {
          summary: 'Register a workstation for one store; returns its bearer token',
          requestBody: body('RegisterRequest'),
          responses: {
            200: ok('RegisterResponse', 'Registered (or token renewed for the same store)'),
            ...errorResponses({
              400: 'invalid-request or version-not-supported',
              401: 'wrong enrolment key',
              403: 'client id registered to another store, or in use (its current token or an admin reset is needed)',
              413: 'too-large',
              429: 'rate-limited: too many registration attempts from this address; retry after Retry-After seconds',
            }),
          },
        },
      },
      '/sync/push': {
        post: {
          summary: 'Apply the outbox: per mutation applied | duplicate | rejected; a gap stops the batch',
          security: [{ bearer: [] }],
          requestBody: body('PushRequest'),
          responses: {
            200: ok('PushResponse', 'Processed'),
            ...errorResponses({
              400: 'invalid-request or version-not-supported',
              401: 'unauthenticated',
              403: 'forbidden (token of another client)',
              413: 'too-large',
              503: 'database unavailable; retry with backoff',
            }),
          },
        },
      },
      '/sync/pull': {
        post: {
          summary: "One page of the store's change feed from a cursor",
          security: [{ bearer: [] }],
          requestBody: body('PullRequest'),
          responses: {
            200: ok('PullResponse', 'A page'),
            ...errorResponses({
              400: 'invalid-request or version-not-supported',
              401: 'unauthenticated',
              403: 'forbidden (token of another client)',
              409: 'resync-required: unknown or expired cursor; pull again from null',
              413: 'too-large',
              503: 'database unavailable; retry with backoff',
            }),
          },
        },
      },
      '/sync/individual-number-block': {
        post: {
          summary: 'A block of individual numbers for the workstation (at most two untouched blocks per client)',
          security: [{ bearer: [] }],
          requestBody: body('IndividualNoBlockRequest'),
          responses: {
            200: ok('IndividualNoBlockResponse', 'A new block (allocated), or none when the client holds enough untouched ones; its open blocks'),
            ...errorResponses({
              400: 'invalid-request or version-not-supported',
              401: 'unauthenticated (unknown client or token)',
              403: 'forbidden (token of another client, or another store)',
              503: 'database unavailable, or the number range is exhausted',
            }),
          },
        },
      },
      '/cfr/lookup': {
        post: {
          summary: "A person in the region's population register (CFR), for a user of the workstation's store; every look-up is audited",
          security: [{ bearer: [] }],
          requestBody: body('CfrLookupRequest'),
          responses: {
            200: ok('CfrLookupResponse', 'The person (residents of the region only) and whether they are a recipient already, or not found'),
            ...errorResponses({
              400: 'invalid-request',
              401: 'unauthenticated (unknown client or token)',
              403: "forbidden (token of another client, or a user who does not work in the client's store)",
            }),
          },
        },
      },
      '/auth/password': {
        post: {
          summary: "A user's password login at this workstation (the workstation's token binds the session to it)",
          security: [{ bearer: [] }],
          requestBody: body('PasswordLoginRequest'),
          responses: {
            200: ok('CentralSession', 'Logged in: a session bound to the workstation, the user with roles and stores'),
            ...errorResponses({
              400: 'invalid-request, or weak-password (the new password breaks the rule)',
              401: 'unauthenticated (workstation token) or wrong-secret (wrong user or password)',
              403: 'forbidden (token of another client), deactivated (6 months unused), password-change-required',
              423: 'locked: too many wrong passwords; try again later',
              429: 'rate-limited: too many attempts from this address for this account; retry after Retry-After seconds',
            }),
          },
        },
      },
      '/sync/audit': {
        post: {
          summary: "The workstation's hash-chained audit entries after `after`; checked on arrival, breaks stored flagged (docs/decisions/0019)",
          security: [{ bearer: [] }],
          requestBody: body('AuditPushRequest'),
          responses: {
            200: ok('AuditPushResponse', 'What was stored, what was a resend, the breaks found; resend when central has fewer than `after`'),
            ...errorResponses({
              400: 'invalid-request or version-not-supported',
              401: 'unauthenticated (unknown client or token)',
              403: 'forbidden (token of another client)',
              503: 'database unavailable; retry',
            }),
          },
        },
      },
      '/auth/password/change': {
        post: {
          summary: 'Changes the password (needs the current one) and logs in',
          security: [{ bearer: [] }],
          requestBody: body('ChangePasswordRequest'),
          responses: {
            200: ok('CentralSession', 'Changed and logged in'),
            ...errorResponses({
              400: 'invalid-request, or weak-password (the new password breaks the rule)',
              401: 'unauthenticated (workstation token) or wrong-secret (wrong user or password)',
              403: 'forbidden (token of another client), deactivated (6 months unused), password-change-required',
              423: 'locked: too many wrong passwords; try again later',
              429: 'rate-limited: too many attempts from this address for this account; retry after Retry-After seconds',
            }),
          },
        },
      },
      '/auth/siths': {
        post: {
          summary: "SITHS login over mutual TLS: the page presents the card's certificate; a one-time grant for the named workstation",
          requestBody: body('SithsLoginRequest'),
          responses: {
            200: ok('SithsGrant', 'The card is valid: a grant the workstation redeems within two minutes'),
            ...errorResponses({
              400: 'invalid-request',
              401: 'no-certificate, or certificate-refused (issuer, validity, usage, revoked, no CRL, no HSA-ID)',
              403: 'unknown-user, forbidden (not at this store, unknown workstation, foreign page origin), deactivated',
              404: 'not-found: this central offers no SITHS login',
              429: 'rate-limited',
            }),
          },
        },
        options: { summary: 'CORS preflight for the app page (app://buffert)', responses: { 204: { description: 'Allowed origin' }, 403: { description: 'Foreign origin' } } },
      },
      '/auth/siths/redeem': {
        post: {
          summary: 'The workstation redeems a SITHS grant once (its token must be the one the grant names)',
          security: [{ bearer: [] }],
          requestBody: body('SithsRedeemRequest'),
          responses: {
            200: ok('CentralSession', 'Logged in'),
            ...errorResponses({ 400: 'invalid-request', 401: 'unauthenticated: unknown, used, expired or foreign grant', 403: 'forbidden, deactivated', 429: 'rate-limited' }),
          },
        },
      },
      '/auth/logout': {
        post: {
          summary: "Ends a session of this workstation's",
          security: [{ bearer: [] }],
          requestBody: body('LogoutRequest'),
          responses: { 200: { description: 'Ended (or was not this workstation’s)' }, ...errorResponses({ 400: 'invalid-request', 401: 'unauthenticated', 403: 'forbidden' }) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        PasswordLoginRequest: schemaOf(PasswordLoginRequest, 'input'),
        ChangePasswordRequest: schemaOf(ChangePasswordRequest, 'input'),
        SithsLoginRequest: schemaOf(SithsLoginRequest, 'input'),
        SithsGrant: schemaOf(SithsGrant, 'output'),
        SithsRedeemRequest: schemaOf(SithsRedeemRequest, 'input'),
        LogoutRequest: schemaOf(LogoutRequest, 'input'),
        CentralSession: schemaOf(CentralSession, 'output'),
        RegisterRequest: schemaOf(RegisterRequest, 'input'),
        RegisterResponse: schemaOf(RegisterResponse, 'output'),
        AuditPushRequest: schemaOf(AuditPushRequest, 'input'),
        AuditPushResponse: schemaOf(AuditPushResponse, 'output'),
        PushRequest: schemaOf(PushRequest, 'input'),
        PushResponse: schemaOf(PushResponse, 'output'),
        PullRequest: schemaOf(PullRequest, 'input'),
        PullResponse: schemaOf(PullResponse, 'output'),
        IndividualNoBlockRequest: schemaOf(IndividualNoBlockRequest, 'input'),
        IndividualNoBlockResponse: schemaOf(IndividualNoBlockResponse, 'output'),
        CfrLookupRequest: schemaOf(CfrLookupRequest, 'input'),
        CfrLookupResponse: schemaOf(CfrLookupResponse, 'output'),
        SyncError: schemaOf(SyncError, 'output'),
      },
    },
  };
}
