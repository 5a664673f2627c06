import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { add, centralActor, OWNER_NAMES, type AttachmentOwnerKind, ATTACHMENT_OWNER_KINDS } from '../../shared/domain/attachment/mutations';
import { formatFileSize, kindOfFileName, FILE_KINDS } from '../../shared/domain/attachment/files';
import { err, ok, type Result } from '../../shared/result';
import type { Db, Tx } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { applyDecision } from '../sync/effects';
import { attachmentOwner, fileFacts } from './owners';

/**
 * Files central adds to a store's order, activity or deviation (admin CLI `attach`), by the same
 * rule as a workstation's `attachment.add`: they reach the store's replica with its next pull. And
 * what central holds (`attachments`, `attachment-file`).
 */

const title = (kind: AttachmentOwnerKind) => OWNER_NAMES[kind][0]!.toUpperCase() + OWNER_NAMES[kind].slice(1);

const isKind = (k: string): k is AttachmentOwnerKind => (ATTACHMENT_OWNER_KINDS as readonly string[]).includes(k);

/** The owner's id from what a person types: an order's or an activity's case number, or any owner's id. */
async function ownerId(tx: Tx, kind: AttachmentOwnerKind, ref: string): Promise<string> {
  if ((kind === 'order' || kind === 'activity') && /^[0-9]{8}$/.test(ref)) {
    const sql = kind === 'order' ? 'SELECT id FROM customer_order WHERE order_no = $1' : 'SELECT id FROM activity WHERE activity_no = $1';
    const { rows } = await tx.query<{ id: string }>(sql, [ref]);
    return rows[0]?.id ?? ref;
  }
  return ref;
}

export async function attachCentral(db: Db, kind: string, ref: string, fileName: string, bytes: Buffer, now = new Date()): Promise<Result<string>> {
  if (!isKind(kind)) return err('invalid-owner-kind', `Okänd ägare "${kind}": ange ${ATTACHMENT_OWNER_KINDS.join(', ')}.`);
  return db.transaction(async (tx) => {
    const id = await ownerId(tx, kind, ref);
    const owner = await attachmentOwner(tx, kind, id);
    const content = bytes.toString('base64');
    const name = basename(fileName);
    const fileKind = kindOfFileName(name);
    const parsed = add.args.safeParse({
      attachmentId: randomUUID(),
      ownerKind: kind,
      ownerId: id,
      fileName: name,
      mimeType: fileKind ? FILE_KINDS[fileKind].mimeType : 'application/octet-stream',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content,
    });
    if (!parsed.success) return err('invalid-input', parsed.error.issues[0]?.message ?? 'Felaktig bilaga.');
    if (!owner) return err('unknown-owner', `${title(kind)} ${ref} finns inte hos centralen.`);
    const at = now.toISOString();
    const decided = add.decide(parsed.data, { owner, file: fileFacts(content) }, { actor: centralActor(owner.storeId), at });
    if (!decided.ok) return err(decided.error.code, decided.error.message);
    const batch = new WriteBatch(tx, null);
    await applyDecision(batch, decided.value, { userId: 'central', at, mutationId: null });
    await batch.flush();
    return ok(`Bilagan ${name} (${formatFileSize(bytes.length)}) är bifogad till ${owner.label} i lager ${owner.storeId}; lagret får den med nästa synk.`);
  });
}

export async function listAttachments(db: Db, kind: string, ref: string): Promise<Result<string>> {
  if (!isKind(kind)) return err('invalid-owner-kind', `Okänd ägare "${kind}": ange ${ATTACHMENT_OWNER_KINDS.join(', ')}.`);
  return db.transaction(async (tx) => {
    const id = await ownerId(tx, kind, ref);
    const { rows } = await tx.query<{ id: string; file_name: string; mime_type: string; size_bytes: number; sha256: string; created_by: string | null; created_at: string; removed_at: string | null }>(
      `SELECT id, file_name, mime_type, size_bytes, sha256, created_by, created_at, removed_at FROM attachment WHERE owner_kind = $1 AND owner_id = $2 ORDER BY created_at, id`,
      [kind, id],
    );
    if (rows.length === 0) return ok(`Inga bilagor till ${OWNER_NAMES[kind]} ${ref}.`);
    return ok(
      rows
        .map((r) => `${r.id}  ${r.file_name}  ${r.mime_type}  ${formatFileSize(r.size_bytes)}  sha256 ${r.sha256}  ${r.created_by ?? 'centralen'}  ${r.created_at}${r.removed_at ? `  borttagen ${r.removed_at}` : ''}`)
        .join('\n'),
    );
  });
}

/** One file's bytes as central stores them (the CLI writes them to a file). */
export async function attachmentFile(db: Db, id: string): Promise<Result<{ fileName: string; bytes: Buffer }>> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ file_name: string; content: Uint8Array }>('SELECT file_name, content FROM attachment WHERE id = $1', [id]);
    const r = rows[0];
    if (!r) return err('unknown-attachment', `Bilagan ${id} finns inte hos centralen.`);
    return ok({ fileName: r.file_name, bytes: Buffer.from(r.content) });
  });
}
