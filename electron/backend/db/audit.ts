import { createHash } from 'node:crypto';
import {
  auditHash,
  detailsValue,
  findChainBreaks,
  GENESIS_HASH,
  type ChainBreak,
  type ChainedAuditRecord,
} from '../../../shared/domain/audit/chain';
import type { Db } from './replica';
import type { AuditWireEntry } from '../../../shared/sync/audit';

export interface AuditEntry {
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: unknown;
  at: string;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS = 'seq, at, user_id, action, entity, entity_id, details, prev_hash, hash';

const statements = new WeakMap<Db, { head: { get(): { seq: number; hash: string } | undefined }; insert: { run(...args: unknown[]): unknown } }>();

function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Appends to the hash-chained, append-only audit log (docs/decisions/0019-audit-trail.md): the
 * next sequence number, the last entry's hash and its own. Call inside the same transaction as the
 * write it records (one connection is the one writer, so the head cannot move meanwhile).
 */
export function appendAudit(db: Db, entry: AuditEntry): void {
  const s = prepared(db);
  const head = s.head.get() ?? { seq: 0, hash: GENESIS_HASH };
  const details = entry.details === undefined ? null : JSON.stringify(entry.details);
  const seq = head.seq + 1;
  const hash = auditHash(sha256Hex, { seq, at: entry.at, userId: entry.userId, action: entry.action, entity: entry.entity, entityId: entry.entityId, details: detailsValue(details) }, head.hash);
  s.insert.run(seq, entry.at, entry.userId, entry.action, entry.entity, entry.entityId, details, head.hash, hash);
}

export function recordOf(row: AuditRow): ChainedAuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    details: detailsValue(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The wire form of an entry (shared/sync/audit.ts: central validates it with the same schema). */
export function auditEntriesAfter(db: Db, afterSeq: number, limit: number): AuditWireEntry[] {
  return db
    .prepare<[number, number], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`)
    .all(afterSeq, limit)
    .map((r) => ({ seq: r.seq, at: r.at, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details, prevHash: r.prev_hash, hash: r.hash }));
}

export interface ReplicaChainVerdict {
  count: number;
  lastSeq: number;
  breaks: ChainBreak[];
}

/** Checks the whole local chain in sequence order (audit.verify). */
export function verifyReplicaAudit(db: Db): ReplicaChainVerdict {
  function* rows() {
    for (const row of db.prepare<[], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`).iterate()) yield recordOf(row);
  }
  const { count, head, breaks } = findChainBreaks(sha256Hex, rows());
  return { count, lastSeq: head.seq, breaks };
}

/** Migration 8: chains the entries written before the chain existed, in their order (seq renumbered 1..n). */
export function chainExistingAudit(db: Db, fromTable: string): void {
  const rows = db
    .prepare<[], Omit<AuditRow, 'prev_hash' | 'hash'>>(`SELECT seq, at, user_id, action, entity, entity_id, details FROM ${fromTable} ORDER BY seq`)
    .all();
  const insert = db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const r of rows) {
    seq += 1;
    const hash = auditHash(sha256Hex, { seq, at: r.at, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id, details: detailsValue(r.details) }, prev);
    insert.run(seq, r.at, r.user_id, r.action, r.entity, r.entity_id, r.details, prev, hash);
    prev = hash;
  }
}
