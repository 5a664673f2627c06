import type { Db } from './replica';

export interface AuditEntry {
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: unknown;
  at: string;
}

/** Appends to the audit log; call inside the same transaction as the write it records. */
export function appendAudit(db: Db, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, user_id, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)').run(
    entry.at,
    entry.userId,
    entry.action,
    entry.entity,
    entry.entityId,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  );
}
