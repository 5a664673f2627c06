import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './schemas';

/** The Logg page (store admins): the workstation's audit trail, newest first, with filters. */
export const AuditListQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    userId: Id.optional(),
    action: z.string().min(1).max(100).optional(),
    /** The entry's subject: a recipient's or an individual's (or any entity's) id. */
    entityId: Id.optional(),
    /** Paging: entries with a lower sequence number than this (the previous page's nextBefore). */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Från-datumet ska vara före till-datumet.', path: ['to'] });
export type AuditListQuery = z.input<typeof AuditListQuery>;

export const AuditLogRow = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** What the UI shows for the subject: the individual number, the article number, the user's name; null for a recipient (no personal data in the log). */
  label: z.string().nullable(),
  /** The entry's details as stored (JSON text). */
  details: z.string().nullable(),
});
export type AuditLogRow = z.infer<typeof AuditLogRow>;

export const AuditPage = z.object({
  rows: z.array(AuditLogRow),
  /** For the next page (older entries); null when there are none. */
  nextBefore: z.number().int().nullable(),
  /** The filters' choices: users and actions that occur in the log. */
  users: z.array(z.object({ id: z.string(), name: z.string() })),
  actions: z.array(z.string()),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditBreak = z.object({ seq: z.number().int(), kind: z.enum(['gap', 'order', 'link', 'content']), message: z.string() });

/** The workstation's own check of its chain (audit.verify). */
export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  lastSeq: z.number().int(),
  /** The first entry that does not chain, and why. */
  firstBreak: AuditBreak.nullable(),
  breaks: z.number().int(),
  /** The last entry central has confirmed receiving. */
  sentSeq: z.number().int(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
