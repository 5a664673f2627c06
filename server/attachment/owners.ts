import { createHash } from 'node:crypto';
import type { AttachmentOwner, AttachmentOwnerKind, FileFacts } from '../../shared/domain/attachment/mutations';
import type { Tx } from '../db/db';

/**
 * The owners of attachments centrally, per kind (the workstation's twin:
 * electron/backend/attachment/owners.ts): the owner's store, open or not, its label and its count
 * of attachments, in one round trip. A feature whose rows carry files adds its SQL here.
 */
const OWNER_SQL: Record<AttachmentOwnerKind, string> = {
  order: `SELECT o.store_id, o.status IN ('registered', 'picking') AS open, 'order ' || coalesce(o.order_no, o.provisional_no, o.id) AS label
          FROM customer_order o WHERE o.id = $1`,
  activity: `SELECT a.store_id, a.status <> 'closed' AS open, 'aktivitet ' || coalesce(a.activity_no, a.provisional_no, a.id) AS label FROM activity a WHERE a.id = $1`,
  deviation: `SELECT d.store_id, d.status <> 'closed' AS open, 'avvikelse ' || d.deviation_no AS label FROM deviation d WHERE d.id = $1`,
};

export async function attachmentOwner(tx: Tx, kind: AttachmentOwnerKind, id: string): Promise<AttachmentOwner | null> {
  const sql = OWNER_SQL[kind];
  const { rows } = await tx.query<{ store_id: string; open: boolean; label: string; attachments: number }>(
    `SELECT w.store_id, w.open, w.label,
       (SELECT count(*)::int FROM attachment a WHERE a.owner_kind = $2 AND a.owner_id = $1 AND a.removed_at IS NULL) AS attachments
     FROM (${sql}) w`,
    [id, kind],
    { name: `attachment.owner.${kind}` },
  );
  const r = rows[0];
  return r ? { storeId: r.store_id, open: r.open, label: r.label, attachments: r.attachments } : null;
}

/** What the bytes of a file's base64 are (null when it does not decode to the same text). */
export function fileFacts(base64: string): FileFacts | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.toString('base64') !== base64) return null;
  return { sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), head: new Uint8Array(bytes.subarray(0, 16)) };
}
