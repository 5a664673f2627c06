import type { Queryable } from '../db/db';

/**
 * The central audit log (`audit_log`, append-only: a trigger refuses UPDATE and DELETE). Every
 * single entry central writes goes through `appendCentralAudit`, so that what each entry carries
 * (e.g. the previous entry's hash) is decided in one place. (The push batch's per-mutation entries
 * are written in bulk with its other rows: server/sync/batch.ts flushTotals.)
 */
export interface CentralAuditEntry {
  /** When it happened (ISO 8601); `received_at` is the database's own clock. */
  at: string;
  /** The acting user; 'central' for the server's own and the admin's actions; null for a workstation's request. */
  userId: string | null;
  clientId: string | null;
  mutationId?: number | null;
  action: string;
  entity: string;
  entityId: string;
  /** No personal data, no request bodies. */
  details: Record<string, unknown> | null;
}

export async function appendCentralAudit(q: Queryable, entry: CentralAuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, user_id, client_id, mutation_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [entry.at, entry.userId, entry.clientId, entry.mutationId ?? null, entry.action, entry.entity, entry.entityId, entry.details === null ? null : JSON.stringify(entry.details)],
    { name: 'audit.append' },
  );
}
