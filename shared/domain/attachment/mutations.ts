import { z } from 'zod';
import { insert, update, type Effect } from '../effects';
import { ROLES, type Role } from '../model';
import { cleanText, decided, type Actor, defineMutation, mayWorkInStore, refuse, type Refusal, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { checkFile, FILE_KINDS, MAX_ATTACHMENT_BASE64, MAX_ATTACHMENTS_PER_OWNER, MAX_FILE_NAME, TOO_LARGE_MESSAGE, type FileKind } from './files';

/**
 * Bilagor (attachments, manual 001 "Läsa och bifoga dokument"): files attached to an order, an
 * activity (work order) or a deviation, stored in the replica and synced to central with the
 * mutation; files central adds reach the workstation by the pull. The bytes travel as base64 in
 * the mutation's args (docs/decisions/0027-attachments.md).
 */

/**
 * What an attachment may belong to: the owner's table. A feature that lets its rows carry files
 * adds its kind here and its owner look-up on each side (electron/backend/attachment/owners.ts,
 * server/attachment/owners.ts).
 */
export const ATTACHMENT_OWNER_KINDS = ['order', 'activity', 'deviation'] as const;
export type AttachmentOwnerKind = (typeof ATTACHMENT_OWNER_KINDS)[number];
export const AttachmentOwnerKind = z.enum(ATTACHMENT_OWNER_KINDS, { message: 'Okänd sorts ägare för en bilaga.' });

export const OWNER_NAMES: Record<AttachmentOwnerKind, string> = { order: 'ordern', activity: 'aktiviteten', deviation: 'avvikelsen' };
const OWNER_NOUNS: Record<AttachmentOwnerKind, string> = { order: 'order', activity: 'aktivitet', deviation: 'avvikelse' };

/** The actor of files added centrally (the admin CLI): stored with no author (`created_by` null), shown as Hjälpmedelscentralen. */
export const CENTRAL_USER_ID = 'central';
export const centralActor = (storeId: string): Actor => ({ userId: CENTRAL_USER_ID, userName: 'Hjälpmedelscentralen', roles: ['storeAdmin'], storeIds: [storeId] });

/** Anyone working in the owner's store attaches files (prescribers to their orders, technicians to deviations). */
export const ATTACHMENT_ROLES: readonly Role[] = ROLES;

/** The owner of an attachment as each side finds it: its store, and whether files may still be added or removed. */
export interface AttachmentOwner {
  storeId: string;
  open: boolean;
  /** How the person knows it: "order 26450001". */
  label: string;
  /** Attachments it has (not removed). */
  attachments: number;
}

/** The file's bytes as the facts half read them from the args' base64. */
export interface FileFacts {
  sizeBytes: number;
  sha256: string;
  /** The first bytes (the magic number). */
  head: Uint8Array;
}

export interface AddAttachmentFacts {
  owner: AttachmentOwner | null;
  /** Null when the base64 could not be read. */
  file: FileFacts | null;
}

const Base64 = z
  .string()
  .min(1, 'Filen är tom.')
  .max(MAX_ATTACHMENT_BASE64, TOO_LARGE_MESSAGE)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Filen kunde inte läsas (felaktig kodning).');

export const FileName = cleanText(MAX_FILE_NAME, `Filnamnet får vara högst ${MAX_FILE_NAME} tecken.`, { required: 'Filen saknar namn.' }).refine(
  (n) => !/[\\/]/.test(n),
  'Filnamnet får inte innehålla snedstreck.',
);

/**
 * One file as it travels in a mutation's args (attachment.add, and the files an activity is
 * registered with): its id, name, MIME type, the size and sha256 the sender computed, and the bytes
 * as base64.
 */
export const AttachedFile = z
  .object({
    attachmentId: Uuid,
    fileName: FileName,
    mimeType: z.string().max(100),
    sizeBytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Ogiltig kontrollsumma.'),
    content: Base64,
  })
  .strict();
export type AttachedFile = z.infer<typeof AttachedFile>;

/** The refusal codes of one file (the shared attachment rule's file half). */
export const FILE_REFUSALS = ['too-large', 'unsupported-type', 'empty-file', 'file-damaged'] as const;
export type FileRefusalCode = (typeof FILE_REFUSALS)[number];

/**
 * The shared rule of one file, whatever it is attached to: it decoded, it is not empty nor over
 * 10 MiB, it is a PDF, PNG or JPEG by its first bytes and its name and MIME type agree, and it
 * arrived whole (the size and sha256 the sender computed are those of the bytes).
 */
export function fileRefusal(f: Pick<AttachedFile, 'fileName' | 'mimeType' | 'sizeBytes' | 'sha256'>, file: FileFacts | null): Refusal<FileRefusalCode> | null {
  if (!file) return refuse('file-damaged', 'Filen kunde inte läsas (felaktig kodning).');
  const wrong = checkFile({ fileName: f.fileName, mimeType: f.mimeType, sizeBytes: file.sizeBytes, head: file.head });
  if (wrong) return refuse(wrong.code, wrong.message);
  if (file.sizeBytes !== f.sizeBytes || file.sha256 !== f.sha256) return refuse('file-damaged', 'Filen kom inte fram hel (storlek eller kontrollsumma stämmer inte). Bifoga den igen.');
  return null;
}

/** The attachment row of a file the rule accepted. */
export function attachmentInsert(owner: { kind: AttachmentOwnerKind; id: string; storeId: string }, f: AttachedFile, file: FileFacts, actor: Actor, at: string): Effect {
  return insert('attachment', {
    id: f.attachmentId,
    owner_kind: owner.kind,
    owner_id: owner.id,
    store_id: owner.storeId,
    file_name: f.fileName,
    mime_type: f.mimeType,
    size_bytes: file.sizeBytes,
    sha256: file.sha256,
    content: f.content,
    created_by: actor.userId === CENTRAL_USER_ID ? null : actor.userId,
    created_at: at,
    removed_at: null,
    removed_by: null,
  });
}

export const add = defineMutation({
  args: AttachedFile.extend({ ownerKind: AttachmentOwnerKind, ownerId: RowId }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-owner', 'owner-closed', 'too-many-attachments', ...FILE_REFUSALS],
  decide(args, facts: AddAttachmentFacts, { actor, at }) {
    const owner = facts.owner;
    if (!owner) return refuse('unknown-owner', `Det finns ingen sådan ${OWNER_NOUNS[args.ownerKind]} i lagrets data (${args.ownerId}).`);
    const forbidden = mayWorkInStore(actor, owner.storeId, ATTACHMENT_ROLES);
    if (forbidden) return forbidden;
    if (!owner.open) return refuse('owner-closed', `Bilagor kan inte läggas till: ${owner.label} är avslutad.`);
    if (owner.attachments >= MAX_ATTACHMENTS_PER_OWNER) return refuse('too-many-attachments', `${owner.label} har redan ${MAX_ATTACHMENTS_PER_OWNER} bilagor, som är det största antalet.`);
    const wrong = fileRefusal(args, facts.file);
    if (wrong) return wrong;
    const file = facts.file!;
    return decided({
      effects: [attachmentInsert({ kind: args.ownerKind, id: args.ownerId, storeId: owner.storeId }, args, file, actor, at)],
      // The file name only: a file's content (and maybe a name in it) never goes to the audit log.
      audit: { action: 'attachment.add', entity: args.ownerKind, entityId: args.ownerId, details: { attachmentId: args.attachmentId, fileName: args.fileName, sizeBytes: file.sizeBytes, sha256: file.sha256 } },
    });
  },
});

export interface RemoveAttachmentFacts {
  attachment: { ownerKind: AttachmentOwnerKind; ownerId: string; storeId: string; fileName: string; createdBy: string | null; removed: boolean } | null;
  owner: AttachmentOwner | null;
}

export const remove = defineMutation({
  args: z.object({ removalId: Uuid, attachmentId: RowId }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-attachment', 'not-author', 'owner-closed'],
  decide(args, facts: RemoveAttachmentFacts, { actor, at }) {
    const a = facts.attachment;
    if (!a || a.removed) return refuse('unknown-attachment', 'Bilagan finns inte (den kan redan vara borttagen).');
    const forbidden = mayWorkInStore(actor, a.storeId, ATTACHMENT_ROLES);
    if (forbidden) return forbidden;
    if (a.createdBy !== actor.userId) return refuse('not-author', 'Bara den som lade till bilagan kan ta bort den.');
    if (!facts.owner || !facts.owner.open) return refuse('owner-closed', `Bilagan kan inte tas bort: ${facts.owner?.label ?? OWNER_NAMES[a.ownerKind]} är avslutad.`);
    return decided({
      effects: [
        insert('attachment_removal', { id: args.removalId, attachment_id: args.attachmentId, store_id: a.storeId, user_id: actor.userId, at }),
        update('attachment', { id: args.attachmentId }, { removed_at: at, removed_by: actor.userId }),
      ],
      audit: { action: 'attachment.remove', entity: a.ownerKind, entityId: a.ownerId, details: { attachmentId: args.attachmentId, fileName: a.fileName } },
    });
  },
});

export const attachmentMutations = { 'attachment.add': add, 'attachment.remove': remove } as const;

export const mimeTypeOf = (kind: FileKind): string => FILE_KINDS[kind].mimeType;
