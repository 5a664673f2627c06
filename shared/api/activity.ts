import { z } from 'zod';
import { ACTIVITY_KINDS, ACTIVITY_PRIORITIES, ACTIVITY_STATUSES, ADDRESS_TYPES, CreateActivityArgs, MAX_MINUTES, MAX_PARTS, ReportBackArgs } from '../domain/activity/mutations';
import { FileName } from '../domain/attachment/mutations';
import { formatFileSize, MAX_ATTACHMENT_BASE64, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_OWNER, TOO_LARGE_MESSAGE } from '../domain/attachment/files';
import { DeliveryAddress } from '../domain/order/recipient-orders';
import { Id } from './schemas';

/** The contract's schemas of Aktiviteter / arbetsorder (docs/returns-and-activities.md). */

export const ActivityKind = z.enum(ACTIVITY_KINDS);
export const ActivityStatus = z.enum(ACTIVITY_STATUSES);

export const ActivityListQuery = z
  .object({
    /** open: not yet closed (Registrerad, Återrapporterad); all: closed ones too. */
    status: z.enum(['open', 'all']).default('open'),
    kind: ActivityKind.nullable().default(null),
    who: z.enum(['mine', 'all']).default('all'),
    /** A whole activity number, or its YY / YYWW start, or a provisional number. */
    number: z.string().trim().max(30).default(''),
  })
  .strict();
export type ActivityListQuery = z.input<typeof ActivityListQuery>;

export const ActivityRow = z.object({
  id: Id,
  /** The central number, or the provisional one until central has it. */
  no: z.string(),
  provisional: z.boolean(),
  kind: ActivityKind,
  priority: z.enum(ACTIVITY_PRIORITIES),
  status: ActivityStatus,
  title: z.string(),
  createdAt: z.string(),
  userName: z.string().nullable(),
  recipientId: z.string().nullable(),
  recipientName: z.string().nullable(),
  articleNo: z.string().nullable(),
  articleName: z.string().nullable(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  orderId: z.string().nullable(),
  orderNo: z.string().nullable(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export const ActivityReportView = z.object({
  at: z.string(),
  /** Null: central (the central service's technician). */
  userName: z.string().nullable(),
  text: z.string(),
  minutes: z.number().int(),
  parts: z.array(z.object({ articleId: z.string(), articleNo: z.string(), quantity: z.number().int() })),
  closed: z.boolean(),
});

export const ActivityDetails = ActivityRow.extend({
  requestedAction: z.string(),
  description: z.string().nullable(),
  addressType: z.enum(ADDRESS_TYPES),
  /** The address the activity is done at (the recipient's, the store's, or its own). */
  address: z.string().nullable(),
  contactPrescriber: z.boolean(),
  closedAt: z.string().nullable(),
  reports: z.array(ActivityReportView),
  /** The store's own staff may report back and close it (a buffer repair, not closed). */
  reportable: z.boolean(),
});
export type ActivityDetails = z.infer<typeof ActivityDetails>;

const code = z.string().trim().max(40, 'Numret får vara högst 40 tecken.');

/** A file chosen or dropped in the form, as base64 (its type is read from its first bytes). */
export const NewActivityFile = z
  .object({ fileName: FileName, base64: z.string().min(1, 'Filen är tom.').max(MAX_ATTACHMENT_BASE64, TOO_LARGE_MESSAGE) })
  .strict();
export type NewActivityFile = z.infer<typeof NewActivityFile>;

/** Registers an activity. The aid is given by its individual or article number, the order by its number. */
export const CreateActivityInput = z
  .object({
    kind: ActivityKind,
    priority: z.enum(ACTIVITY_PRIORITIES).default('normal'),
    recipientId: Id.nullable().default(null),
    /** Individual or article number of the aid (scanned, typed, or from the recipient's aids list). */
    aidCode: code.nullable().default(null),
    /** The customer order to link (its case or provisional number). */
    orderNo: code.nullable().default(null),
    title: CreateActivityArgs.shape.title,
    requestedAction: CreateActivityArgs.shape.requestedAction,
    description: CreateActivityArgs.shape.description.default(null),
    addressType: z.enum(ADDRESS_TYPES),
    address: DeliveryAddress.nullable().default(null),
    contactPrescriber: z.boolean().default(false),
    /** Files registered with it (mandatory for a special adjustment; all together within one file's limit). */
    files: z
      .array(NewActivityFile)
      .max(MAX_ATTACHMENTS_PER_OWNER, `En aktivitet kan ha högst ${MAX_ATTACHMENTS_PER_OWNER} bilagor.`)
      .refine((fs) => fs.reduce((n, f) => n + f.base64.length, 0) <= MAX_ATTACHMENT_BASE64, {
        message: `Bilagorna får tillsammans vara högst ${formatFileSize(MAX_ATTACHMENT_BYTES)} när aktiviteten registreras: bifoga fler på aktiviteten efteråt.`,
      })
      .default([]),
  })
  .strict();
export type CreateActivityInput = z.input<typeof CreateActivityInput>;

export const CreatedActivity = z.object({ mutationId: z.number().int(), id: Id, provisionalNo: z.string(), message: z.string() });

export const ReportBackInput = z
  .object({
    activityId: Id,
    text: ReportBackArgs.shape.text,
    minutes: z.number().int('Arbetstiden anges i hela minuter.').min(0, 'Arbetstiden kan inte vara negativ.').max(MAX_MINUTES, `Arbetstiden får vara högst ${MAX_MINUTES} minuter.`),
    parts: z.array(z.object({ articleId: Id, quantity: z.number().int().min(1, 'Antalet ska vara minst 1.').max(1000) }).strict()).max(MAX_PARTS).default([]),
    close: z.boolean(),
  })
  .strict();
export type ReportBackInput = z.input<typeof ReportBackInput>;

/** A spare part typed or scanned into the report: by article number. */
export const PartLookupQuery = z.object({ code: z.string().trim().min(1, 'Ange reservdelens artikelnummer.').max(40) }).strict();
export const PartLookup = z.object({ articleId: Id, articleNo: z.string(), name: z.string(), available: z.number().int() });
export type PartLookup = z.infer<typeof PartLookup>;
