import { createHash } from 'node:crypto';
import type { AttachmentOwner, AttachmentOwnerKind, FileFacts } from '../../../shared/domain/attachment/mutations';
import type { Db } from '../db/replica';

/**
 * The owners of attachments in the replica, per kind: the owner's store, whether it is still open
 * (files may be added or removed) and how the person knows it. A feature whose rows carry files
 * adds its look-up here.
 */
type OwnerLookup = (id: string) => Omit<AttachmentOwner, 'attachments'> | null;

export function ownerLookups(db: Db): Record<AttachmentOwnerKind, OwnerLookup> {
  const order = db.prepare<[string], { store_id: string; status: string; order_no: string | null; provisional_no: string | null }>(
    'SELECT store_id, status, order_no, provisional_no FROM customer_order WHERE id = ?',
  );
  const activity = db.prepare<[string], { store_id: string; status: string; activity_no: string | null; provisional_no: string | null }>(
    'SELECT store_id, status, activity_no, provisional_no FROM activity WHERE id = ?',
  );
  const deviation = db.prepare<[string], { store_id: string; status: string; deviation_no: string }>('SELECT store_id, status, deviation_no FROM deviation WHERE id = ?');
  return {
    // An order takes files while it is being handled (Registrerad, För plock); not once delivered or cancelled.
    order: (id) => {
      const o = order.get(id);
      return o ? { storeId: o.store_id, open: o.status === 'registered' || o.status === 'picking', label: `order ${o.order_no ?? o.provisional_no ?? id}` } : null;
    },
    // An activity (work order) takes files until it is closed (by the store for a buffer repair, by central otherwise).
    activity: (id) => {
      const a = activity.get(id);
      return a ? { storeId: a.store_id, open: a.status !== 'closed', label: `aktivitet ${a.activity_no ?? a.provisional_no ?? id}` } : null;
    },
    // A deviation takes files until central has closed it.
    deviation: (id) => {
      const d = deviation.get(id);
      return d ? { storeId: d.store_id, open: d.status !== 'closed', label: `avvikelse ${d.deviation_no}` } : null;
    },
  };
}

/** The owner with its count of attachments (not removed). */
export function attachmentOwnerReader(db: Db): (kind: AttachmentOwnerKind, id: string) => AttachmentOwner | null {
  const lookups = ownerLookups(db);
  const count = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM attachment WHERE owner_kind = ? AND owner_id = ? AND removed_at IS NULL');
  return (kind, id) => {
    const owner = lookups[kind](id);
    return owner ? { ...owner, attachments: count.get(kind, id)!.n } : null;
  };
}

/** What the bytes of a file's base64 are (null when it does not decode to the same text). */
export function fileFacts(base64: string): FileFacts | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.toString('base64') !== base64) return null;
  return { sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), head: new Uint8Array(bytes.subarray(0, 16)) };
}
