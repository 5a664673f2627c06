import { z } from 'zod';
import { AttachmentOwnerKind, FileName } from '../domain/attachment/mutations';
import { MAX_ATTACHMENT_BASE64, TOO_LARGE_MESSAGE } from '../domain/attachment/files';

/** The contract's schemas of Bilagor (attachments on orders, activities and deviations). */

const Id = z.string().min(1).max(64);

export const AttachmentOwnerRef = z.object({ ownerKind: AttachmentOwnerKind, ownerId: Id }).strict();
export type AttachmentOwnerRef = z.input<typeof AttachmentOwnerRef>;

export const AttachmentView = z.object({
  id: Id,
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  /** Added centrally (Hjälpmedelscentralen), not at a workstation. */
  central: z.boolean(),
  /** The logged-in person added it and the owner is open: they may take it away. */
  removable: z.boolean(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const AttachmentList = z.object({
  /** Files may be added (the owner exists here and is open). */
  open: z.boolean(),
  attachments: z.array(AttachmentView),
});
export type AttachmentList = z.infer<typeof AttachmentList>;

export const AddAttachmentInput = z
  .object({
    ownerKind: AttachmentOwnerKind,
    ownerId: Id,
    fileName: FileName,
    /** The file as base64 (its type is read from its first bytes). */
    base64: z.string().min(1, 'Filen är tom.').max(MAX_ATTACHMENT_BASE64, TOO_LARGE_MESSAGE),
  })
  .strict();
export type AddAttachmentInput = z.input<typeof AddAttachmentInput>;

/** One file to open or save. */
export const AttachmentFile = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });
export type AttachmentFile = z.infer<typeof AttachmentFile>;
