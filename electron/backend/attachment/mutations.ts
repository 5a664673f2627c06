import type { AttachmentOwnerKind } from '../../../shared/domain/attachment/mutations';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { attachmentOwnerReader, fileFacts } from './owners';

/** The workstation half of the attachment mutations: the owner and the file's bytes, from the replica and the args. */
export function attachmentLocalMutations(db: Db): LocalMutationGroup<'attachment'> {
  const owner = attachmentOwnerReader(db);
  const attachment = db.prepare<[string], { owner_kind: AttachmentOwnerKind; owner_id: string; store_id: string; file_name: string; created_by: string | null; removed_at: string | null }>(
    'SELECT owner_kind, owner_id, store_id, file_name, created_by, removed_at FROM attachment WHERE id = ?',
  );
  return {
    'attachment.add': {
      facts: (args) => ({ owner: owner(args.ownerKind, args.ownerId), file: fileFacts(args.content) }),
      describe: (args) => `Bilaga ${args.fileName} till ${args.ownerKind === 'order' ? 'order' : args.ownerKind === 'activity' ? 'aktivitet' : 'avvikelse'}`,
    },
    'attachment.remove': {
      facts: (args) => {
        const a = attachment.get(args.attachmentId);
        return {
          attachment: a
            ? { ownerKind: a.owner_kind, ownerId: a.owner_id, storeId: a.store_id, fileName: a.file_name, createdBy: a.created_by, removed: a.removed_at !== null }
            : null,
          owner: a ? owner(a.owner_kind, a.owner_id) : null,
        };
      },
      describe: () => 'Bilaga borttagen',
    },
  };
}
