import { detailsValue, findChainBreaks, GENESIS_HASH, type ChainedAuditRecord } from '../../shared/domain/audit/chain';
import type { AuditPushRequest, AuditPushResponse, AuditWireEntry } from '../../shared/sync/audit';
import type { Db, Queryable } from '../db/db';
import type { SyncClient } from '../sync/auth';
import { sha256Hex } from './log';

/**
 * Central's copy of each workstation's audit chain (POST /sync/audit). The chain is the token's
 * client's: the body names no other. Checked on arrival against what central already has: an
 * entry that does not chain is stored with its break (and listed in workstation_audit_break),
 * never silently accepted; an entry sent again unchanged is a resend and ignored; one sent again
 * with other content is a break beside the first copy, which stays.
 */

type Break = AuditPushResponse['breaks'][number];

const recordOf = (e: AuditWireEntry): ChainedAuditRecord => ({
  seq: e.seq,
  at: e.at,
  userId: e.userId,
  action: e.action,
  entity: e.entity,
  entityId: e.entityId,
  details: detailsValue(e.details),
  prevHash: e.prevHash,
  hash: e.hash,
});

interface StoredRow {
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

const sameEntry = (r: StoredRow, e: AuditWireEntry): boolean =>
  r.at === e.at &&
  r.user_id === e.userId &&
  r.action === e.action &&
  r.entity === e.entity &&
  r.entity_id === e.entityId &&
  r.details === e.details &&
  r.prev_hash === e.prevHash &&
  r.hash === e.hash;

export async function receiveWorkstationAudit(db: Db, client: SyncClient, request: AuditPushRequest): Promise<AuditPushResponse> {
  return db.transaction(async (tx) => {
    // Locks this workstation's chain head: two requests of one workstation (two server nodes) take turns.
    const head = (
      await tx.query<{ seq: number; hash: string }>(
        `INSERT INTO workstation_audit_head (client_id, seq, hash) VALUES ($1, 0, $2)
         ON CONFLICT (client_id) DO UPDATE SET client_id = excluded.client_id RETURNING seq, hash`,
        [client.clientId, GENESIS_HASH],
      )
    ).rows[0]!;
    if (request.after > head.seq) return { headSeq: head.seq, accepted: 0, duplicates: 0, breaks: [], resend: true };

    const known = request.entries.filter((e) => e.seq <= head.seq);
    const fresh = request.entries.filter((e) => e.seq > head.seq);
    const breaks: (Break & { entry: AuditWireEntry })[] = [];
    let duplicates = 0;
    if (known.length > 0) {
      const { rows } = await tx.query<StoredRow>(
        'SELECT seq, at, user_id, action, entity, entity_id, details, prev_hash, hash FROM workstation_audit WHERE client_id = $1 AND seq = ANY($2::bigint[])',
        [client.clientId, known.map((e) => e.seq)],
      );
      const stored = new Map(rows.map((r) => [r.seq, r]));
      for (const e of known) {
        const r = stored.get(e.seq);
        if (r && sameEntry(r, e)) duplicates += 1;
        else
          breaks.push({
            seq: e.seq,
            kind: 'changed',
            message: r
              ? `Post ${e.seq}: skickades igen med annat innehåll än första gången. Posten har ändrats på arbetsstationen efter att den skickades.`
              : `Post ${e.seq}: kom efter poster med högre nummer. Posterna har flyttats.`,
            entry: e,
          });
      }
    }
    const found = findChainBreaks(sha256Hex, fresh.map(recordOf), head);
    const kindsBySeq = new Map<number, string[]>();
    for (const b of found.breaks) {
      kindsBySeq.set(b.seq, [...(kindsBySeq.get(b.seq) ?? []), b.kind]);
      breaks.push({ ...b, entry: fresh.find((e) => e.seq === b.seq)! });
    }
    if (fresh.length > 0) {
      await tx.query(
        `INSERT INTO workstation_audit (client_id, seq, at, user_id, action, entity, entity_id, details, prev_hash, hash, break)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
        [
          client.clientId,
          fresh.map((e) => e.seq),
          fresh.map((e) => e.at),
          fresh.map((e) => e.userId),
          fresh.map((e) => e.action),
          fresh.map((e) => e.entity),
          fresh.map((e) => e.entityId),
          fresh.map((e) => e.details),
          fresh.map((e) => e.prevHash),
          fresh.map((e) => e.hash),
          fresh.map((e) => kindsBySeq.get(e.seq)?.join(',') ?? null),
        ],
      );
      await tx.query('UPDATE workstation_audit_head SET seq = $2, hash = $3 WHERE client_id = $1', [client.clientId, found.head.seq, found.head.hash]);
    }
    if (breaks.length > 0) {
      await tx.query(
        `INSERT INTO workstation_audit_break (client_id, seq, kind, message, entry)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[])`,
        [client.clientId, breaks.map((b) => b.seq), breaks.map((b) => b.kind), breaks.map((b) => b.message), breaks.map((b) => JSON.stringify(b.entry))],
      );
    }
    return {
      headSeq: fresh.length > 0 ? found.head.seq : head.seq,
      accepted: fresh.length,
      duplicates,
      breaks: breaks.map(({ seq, kind, message }) => ({ seq, kind, message })),
      resend: false,
    };
  });
}

export interface WorkstationAuditReport {
  clientId: string;
  count: number;
  headSeq: number;
  /** Breaks found on arrival, in seq order. */
  flagged: { seq: number; kind: string; message: string; detectedAt: string }[];
  /** Breaks in central's stored copy now (it was changed on central after arrival). */
  stored: { seq: number; kind: string; message: string }[];
}

/** What `verify-audit` shows for a workstation: the breaks flagged on arrival, and a fresh check of the stored copy. */
export async function verifyWorkstationAudit(db: Queryable, clientId: string): Promise<WorkstationAuditReport> {
  const { rows } = await db.query<StoredRow & { break: string | null }>(
    'SELECT seq, at, user_id, action, entity, entity_id, details, prev_hash, hash, break FROM workstation_audit WHERE client_id = $1 ORDER BY seq',
    [clientId],
  );
  const flagged = (
    await db.query<{ seq: number; kind: string; message: string; detected_at: string }>(
      'SELECT seq, kind, message, detected_at::text FROM workstation_audit_break WHERE client_id = $1 ORDER BY seq, id',
      [clientId],
    )
  ).rows.map((r) => ({ seq: r.seq, kind: r.kind, message: r.message, detectedAt: r.detected_at }));
  const headRow = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM workstation_audit_head WHERE client_id = $1', [clientId])).rows[0];
  // Re-checked as stored; the breaks flagged on arrival are expected again and not repeated.
  const wire = rows.map((r) => recordOf({ seq: r.seq, at: r.at, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details, prevHash: r.prev_hash, hash: r.hash }));
  const flaggedKeys = new Set(rows.flatMap((r) => (r.break ?? '').split(',').filter(Boolean).map((k) => `${r.seq}|${k}`)));
  const recheck = findChainBreaks(sha256Hex, wire);
  const stored = recheck.breaks.filter((b) => !flaggedKeys.has(`${b.seq}|${b.kind}`)).map(({ seq, kind, message }) => ({ seq, kind, message }));
  if (headRow && (headRow.seq !== recheck.head.seq || (rows.length > 0 && headRow.hash !== recheck.head.hash))) {
    stored.push({ seq: headRow.seq, kind: 'gap', message: `Centralens kopia slutar på nr ${recheck.head.seq} men har tagit emot till nr ${headRow.seq}: poster har tagits bort hos centralen.` });
  }
  return { clientId, count: rows.length, headSeq: headRow?.seq ?? 0, flagged, stored };
}

export async function workstationsWithAudit(db: Queryable): Promise<string[]> {
  return (await db.query<{ client_id: string }>('SELECT client_id FROM workstation_audit_head ORDER BY client_id')).rows.map((r) => r.client_id);
}
