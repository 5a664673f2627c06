import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db';
import { appendCentralAudit } from './log';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route changes data: every answer it gives leaves a request entry in audit_log (registerRequestAudit). */
    audit?: boolean;
  }
}

/** What a route handler learned about a request, for its audit entry (never a body, never personal data). */
export interface AuditSubject {
  clientId?: string;
  storeId?: string;
  /** The acting user, where the route authenticates one (login routes). */
  userId?: string;
  /** Push: the mutation ids the request carried. */
  mutationIds?: readonly number[];
  /** Push: how many mutations were applied, rejected, … (the per-mutation entries are the batch's own). */
  outcomes?: Record<string, number>;
  /** Admin command: its name. */
  command?: string;
}

const subjects = new WeakMap<FastifyRequest, AuditSubject>();

/** Adds to the request's audit entry. */
export function noteAuditSubject(request: FastifyRequest, subject: AuditSubject): void {
  subjects.set(request, { ...subjects.get(request), ...subject });
}

/** Consecutive ids as [first, last] ranges: a push of 500 mutations is one short pair. */
export function idRanges(ids: readonly number[]): [number, number][] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

export const REQUEST_AUDIT_ACTION = 'request';

/**
 * Audit of every request that changes data (issue 10, item 11): for each answer of a route with
 * `config.audit`, one `audit_log` entry — action `request`, entity `route`, entity id e.g.
 * `POST /sync/push`, the workstation (client id, store), the answer's status, and for a push its
 * mutation ids and outcome counts. Written before the answer leaves (onSend), so the entry exists
 * when the caller has its answer. 429 answers are not recorded: the rate limit refused them before
 * anything was read, and recording each would let a flood write to the database.
 */
export function registerRequestAudit(app: FastifyInstance, db: Db, onError: (message: string, error: unknown) => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config.audit !== true || reply.statusCode === 429) return payload;
    const subject = subjects.get(request) ?? {};
    try {
      await appendCentralAudit(db, {
        at: new Date().toISOString(),
        userId: subject.userId ?? null,
        clientId: subject.clientId ?? null,
        action: REQUEST_AUDIT_ACTION,
        entity: 'route',
        entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
        details: {
          status: reply.statusCode,
          ...(subject.storeId !== undefined ? { storeId: subject.storeId } : {}),
          ...(subject.mutationIds !== undefined ? { mutations: subject.mutationIds.length, mutationIds: idRanges(subject.mutationIds) } : {}),
          ...(subject.outcomes !== undefined ? { outcomes: subject.outcomes } : {}),
          ...(subject.command !== undefined ? { command: subject.command } : {}),
        },
      });
    } catch (error) {
      // The change itself is committed; the answer stands. The failure is in the server's log.
      onError(`Audit entry of ${request.method} ${request.routeOptions.url ?? request.url} failed`, error);
    }
    return payload;
  });
}
