import type { AttachmentOwnerKind, RemoveAttachmentFacts } from '../../shared/domain/attachment/mutations';
import type { ServerMutationGroup } from '../mutations';
import { attachmentOwner, fileFacts } from './owners';

/**
 * Server half of the attachment mutations: the owner as central has it, and the file's bytes read
 * again from the args (size, checksum, first bytes), so central decides on what it stores.
 */
export const attachmentServerMutations: ServerMutationGroup<'attachment'> = {
  'attachment.add': {
    async facts(batch, args) {
      return { owner: await attachmentOwner(batch.tx, args.ownerKind, args.ownerId), file: fileFacts(args.content) };
    },
  },
  'attachment.remove': {
    locks: (args) => [{ table: 'attachment', id: args.attachmentId }],
    async facts(batch, args): Promise<RemoveAttachmentFacts> {
      const { rows } = await batch.tx.query<{ owner_kind: AttachmentOwnerKind; owner_id: string; store_id: string; file_name: string; created_by: string | null; removed_at: string | null }>(
        'SELECT owner_kind, owner_id, store_id, file_name, created_by, removed_at FROM attachment WHERE id = $1',
        [args.attachmentId],
        { name: 'attachment.remove.facts' },
      );
      const a = rows[0];
      if (!a) return { attachment: null, owner: null };
      return {
        attachment: { ownerKind: a.owner_kind, ownerId: a.owner_id, storeId: a.store_id, fileName: a.file_name, createdBy: a.created_by, removed: a.removed_at !== null },
        owner: await attachmentOwner(batch.tx, a.owner_kind, a.owner_id),
      };
    },
  },
};
