import { z } from 'zod';
import { mutationArgs } from '../domain/mutations';
import { PICKUP_ORDER_STATUSES } from '../domain/pickup-order/mutations';
import { Id } from './schemas';

/** The contract's schemas of Hämtorder (pick-up orders; docs/returns-and-activities.md). */

const Args = mutationArgs['pickupOrder.register'].shape;

export const PickupReasonView = z.object({ id: Id, name: z.string(), description: z.string(), performer: z.string(), supplierCopy: z.boolean() });
export type PickupReasonView = z.infer<typeof PickupReasonView>;

/** An aid of the recipient's list that may be fetched, with the open pick-up it is on already ("Ja"). */
export const PickupAidOption = z.object({
  aidId: Id,
  articleNo: z.string(),
  articleName: z.string(),
  individualNo: z.string().nullable(),
  quantity: z.number().int(),
  openPickupNo: z.string().nullable(),
});
export type PickupAidOption = z.infer<typeof PickupAidOption>;

/** What the new pick-up form needs: the recipient's address and contact fields (a logged view), the reasons, the aids. */
export const PickupForm = z.object({
  recipient: z.object({
    id: Id,
    kind: z.enum(['patient', 'careUnit']),
    name: z.string(),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    phone: z.string().nullable(),
    doorCode: z.string().nullable(),
    instructions: z.string().nullable(),
    contactPrescriber: z.boolean(),
  }),
  reasons: z.array(PickupReasonView),
  aids: z.array(PickupAidOption),
  /** The person may cancel pick-ups (store staff; never a prescriber alone). */
  mayCancel: z.boolean(),
});
export type PickupForm = z.infer<typeof PickupForm>;

export const RegisterPickupInput = z
  .object({
    recipientId: Args.recipientId,
    /** Null: no reason given (accepted only where the region's `pickupReasonRequired` is false). */
    reasonId: z.string().min(1, 'Välj en orsak till hämtningen.').max(64).nullable(),
    address: Args.address,
    phone: Args.phone,
    doorCode: Args.doorCode,
    instructions: Args.instructions,
    comment: Args.comment,
    contactPrescriber: Args.contactPrescriber,
    aidIds: z.array(Id).min(1, 'Markera minst ett hjälpmedel som ska hämtas.').max(50, 'En hämtorder får ha högst 50 hjälpmedel.'),
  })
  .strict();
export type RegisterPickupInput = z.input<typeof RegisterPickupInput>;

export const RegisteredPickup = z.object({ pickupOrderId: Id, provisionalNo: z.string(), mutationId: z.number().int(), supplierCopy: z.boolean() });
export type RegisteredPickup = z.infer<typeof RegisteredPickup>;

/** Sök hämtorder (000 §7.5, 001 "Sök hämtorder"). */
export const PickupSearchQuery = z
  .object({
    /** A whole pick-up number, its start (YY, YYWW…), or a provisional number; empty: any. */
    number: z
      .string()
      .trim()
      .max(30, 'Numret får vara högst 30 tecken.')
      .regex(/^[0-9A-Za-z-]*$/, 'Ange ett hämtordernummer (siffror) eller ett preliminärt nummer.')
      .default(''),
    /** Only this recipient's (the card's list). */
    recipientId: Id.nullable().default(null),
    who: z.enum(['mine', 'all']).default('all'),
    /** Inkludera stängda: closed and cancelled ones too. */
    includeClosed: z.boolean().default(false),
  })
  .strict();
export type PickupSearchQuery = z.input<typeof PickupSearchQuery>;

export const PickupOrderRow = z.object({
  id: Id,
  number: z.string(),
  orderNo: z.string().nullable(),
  provisionalNo: z.string().nullable(),
  status: z.enum(PICKUP_ORDER_STATUSES),
  /** Null: registered without a reason (a region where it is not required). */
  reasonName: z.string().nullable(),
  supplierCopy: z.boolean(),
  createdAt: z.string(),
  userName: z.string().nullable(),
  recipientId: Id,
  /** "14540 Rollator Cross (I123)", for the list. */
  summary: z.string(),
  lines: z.number().int(),
  mine: z.boolean(),
});
export type PickupOrderRow = z.infer<typeof PickupOrderRow>;

export const PickupSearchResult = z.object({ rows: z.array(PickupOrderRow), mayCancel: z.boolean() });
export type PickupSearchResult = z.infer<typeof PickupSearchResult>;

export const PickupPdfInput = z.object({ pickupOrderId: Id, document: z.enum(['pickupOrder', 'supplierCopy']).default('pickupOrder') }).strict();
