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
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncError' } } } },
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
        `Pull: limit at most ${MAX_PULL_LIMIT}. Errors are {error: {code, message}} with a Swedish message; see docs/sync.md.`,
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
            ...errorResponses({ 400: 'invalid-request or version-not-supported', 401: 'wrong enrolment key', 403: 'client id registered to another store', 413: 'too-large' }),
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
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
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
        SyncError: schemaOf(SyncError, 'output'),
      },
    },
  };
}
