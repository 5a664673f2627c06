import { createHash, randomUUID } from 'node:crypto';
import type { AttachmentView } from '../../../shared/api/attachment';
import { FILE_KINDS, kindOfFileName } from '../../../shared/domain/attachment/files';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { attachmentOwnerReader } from './owners';

interface Row {
  id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

/**
 * Bilagor over the replica (works offline): an owner's files, one file's bytes, adding (the type
 * from the file's first bytes, checked again by the shared rule and by central) and removing.
 */
export function attachmentHandlers(ctx: BackendContext): HandlerGroup<'attachment'> {
  const db = ctx.db;
  const owner = attachmentOwnerReader(db);
  const list = db.prepare<[string, string], Row>(
    `SELECT a.id, a.file_name, a.mime_type, a.size_bytes, a.created_at, a.created_by, u.name AS created_by_name
     FROM attachment a LEFT JOIN app_user u ON u.id = a.created_by
     WHERE a.owner_kind = ? AND a.owner_id = ? AND a.removed_at IS NULL ORDER BY a.created_at DESC, a.id LIMIT 100`,
  );
  const file = db.prepare<[string], { file_name: string; mime_type: string; content: Buffer; store_id: string; removed_at: string | null }>(
    'SELECT file_name, mime_type, content, store_id, removed_at FROM attachment WHERE id = ?',
  );

  return {
    'attachment.list': ({ ownerKind, ownerId }, user) => {
      const o = owner(ownerKind, ownerId);
      const view = (r: Row): AttachmentView => ({
        id: r.id,
        fileName: r.file_name,
        mimeType: r.mime_type,
        sizeBytes: r.size_bytes,
        createdAt: r.created_at,
        createdByName: r.created_by === null ? null : (r.created_by_name ?? r.created_by),
        central: r.created_by === null,
        removable: o !== null && o.open && r.created_by === user.id,
      });
      return ok({ open: o !== null && o.open, attachments: list.all(ownerKind, ownerId).map(view) });
    },
    'attachment.get': ({ id }) => {
      const f = file.get(id);
      if (!f || f.removed_at !== null || f.store_id !== ctx.ownStoreId) return err('not-found', 'Bilagan finns inte (den kan vara borttagen).');
      return ok({ fileName: f.file_name, mimeType: f.mime_type, base64: f.content.toString('base64') });
    },
    'attachment.add': ({ ownerKind, ownerId, fileName, base64 }, user) => {
      const bytes = Buffer.from(base64, 'base64');
      const kind = kindOfFileName(fileName);
      const attachmentId = randomUUID();
      const saved = ctx.writer.write(
        'attachment.add',
        {
          attachmentId,
          ownerKind,
          ownerId,
          fileName,
          // What the name says; the rule refuses a file whose first bytes say otherwise.
          mimeType: kind ? FILE_KINDS[kind].mimeType : 'application/octet-stream',
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          content: base64,
        },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: attachmentId }) : saved;
    },
    'attachment.remove': ({ id }, user) => {
      const saved = ctx.writer.write('attachment.remove', { removalId: randomUUID(), attachmentId: id }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id }) : saved;
    },
  };
}
