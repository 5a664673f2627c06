import { z } from 'zod';
import { RECIPIENT_QUERY_MAX_LENGTH } from '../domain/recipient/search';
import { mutationArgs } from '../domain/mutations';
import { ArticleType, Id } from './schemas';

/** Mottagare (docs/recipients.md): search, the recipient card and its tabs. */

export const RecipientSearchInput = z.object({ query: z.string().max(RECIPIENT_QUERY_MAX_LENGTH, `Sökbegreppet får vara högst ${RECIPIENT_QUERY_MAX_LENGTH} tecken.`) }).strict();

/** A search: the recipient found in the replica (then the card is opened), or not here. */
export const RecipientSearchResult = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), recipientId: Id, kind: z.enum(['patient', 'careUnit']) }),
  z.object({
    found: z.literal(false),
    /** What was looked for; a patient not here may be looked up in the population register (CFR). */
    kind: z.enum(['personalNumber', 'careUnit']),
    value: z.string(),
    message: z.string(),
  }),
]);
export type RecipientSearchResult = z.infer<typeof RecipientSearchResult>;

export const RECIPIENT_TABS = ['aids', 'ordered', 'returned', 'consumables', 'activities'] as const;
export type RecipientTab = (typeof RECIPIENT_TABS)[number];

/** A recipient's register data (read-only) and the contact fields that are saved on the recipient and reused on orders. */
export const RecipientContactView = z.object({
  id: Id,
  kind: z.enum(['patient', 'careUnit']),
  personalNumber: z.string().nullable(),
  careUnitCode: z.string().nullable(),
  name: z.string(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  phone: z.string().nullable(),
  doorCode: z.string().nullable(),
  deliveryInstructions: z.string().nullable(),
  contactPrescriber: z.boolean(),
});
export type RecipientContactView = z.infer<typeof RecipientContactView>;

/** The recipient card: register data, the editable contact fields, and tab counts. */
export const RecipientCard = RecipientContactView.extend({
  counts: z.object({ aids: z.number().int(), ordered: z.number().int(), returned: z.number().int(), consumables: z.number().int(), activities: z.number().int(), deviations: z.number().int() }),
});
export type RecipientCard = z.infer<typeof RecipientCard>;

export const AidsQuery = z
  .object({
    recipientId: Id,
    tab: z.enum(['aids', 'returned', 'consumables']),
    /** ISO 9999 code or its start (2, 4 or 6 digits; spaces ignored). */
    isoCode: z
      .string()
      .max(10)
      .regex(/^[\d ]*$/, 'ISO-koden ska bara innehålla siffror, t.ex. 12 22 03.')
      .default(''),
    articleType: ArticleType.nullable().default(null),
  })
  .strict();

export const AidRow = z.object({
  id: Id,
  articleId: Id,
  articleNo: z.string(),
  articleName: z.string(),
  articleType: ArticleType,
  isoCode: z.string(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  orderedQuantity: z.number().int(),
  quantity: z.number().int(),
  orderNo: z.string().nullable(),
  prescribed: z.boolean(),
  orderedAt: z.string(),
  deliveredAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  /** Quantity 0 and no delivery date: ordered, not yet delivered ("ej levererad"). */
  undelivered: z.boolean(),
  /** Its order was cancelled before delivery: Makulerad (struck, not an open order). */
  cancelledAt: z.string().nullable(),
  /** The open pick-up (hämtorder) the aid is on: the list's "Ja" (a new pick-up of it is refused). */
  pickupOrderNo: z.string().nullable(),
});
export type AidRow = z.infer<typeof AidRow>;

/** A customer order of the recipient (Beställt). */
export const RecipientOrderRow = z.object({
  id: Id,
  number: z.string(),
  kind: z.string(),
  status: z.string(),
  createdAt: z.string(),
  deliveryDate: z.string().nullable(),
  lines: z.number().int(),
  /** Its lines' articles, "14540 Rollator Cross ×1", for the list. */
  summary: z.string(),
});
export type RecipientOrderRow = z.infer<typeof RecipientOrderRow>;

const ContactArgs = mutationArgs['recipient.updateContact'].shape;
/** The card's editable fields, saved on the recipient (recipient.updateContact). */
export const UpdateContactInput = z
  .object({
    recipientId: ContactArgs.recipientId,
    phone: ContactArgs.phone,
    doorCode: ContactArgs.doorCode,
    deliveryInstructions: ContactArgs.deliveryInstructions,
    contactPrescriber: ContactArgs.contactPrescriber,
  })
  .strict();

/* ---------- the population register (CFR), looked up at central ---------- */

export const CFR_LOOKUP_PATH = '/cfr/lookup';

/** Workstation → central: who looks whom up (the user's id; central checks they work in the client's store). */
export const CfrLookupRequest = z.object({ clientId: z.string().min(1).max(100), userId: Id, personalNumber: z.string().regex(/^\d{12}$/) }).strict();
export type CfrLookupRequest = z.infer<typeof CfrLookupRequest>;

export const CfrPerson = z.object({
  registerId: Id,
  personalNumber: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  deceased: z.boolean(),
});
export type CfrPerson = z.infer<typeof CfrPerson>;

/** Central's answer: the person (residents of the region only) and whether they are a recipient already. */
export const CfrLookupResponse = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    person: CfrPerson,
    /** The region's recipient with this personnummer (another store's, or this one's), if any. */
    recipientId: Id.nullable(),
    inStore: z.boolean(),
  }),
  z.object({ found: z.literal(false), reason: z.enum(['unknown', 'not-resident']) }),
]);
export type CfrLookupResponse = z.infer<typeof CfrLookupResponse>;

export const CfrLookupInput = z.object({ personalNumber: z.string().max(RECIPIENT_QUERY_MAX_LENGTH) }).strict();
/** What the screen shows of a look-up. */
export const CfrLookupResult = z.object({
  found: z.boolean(),
  message: z.string(),
  person: CfrPerson.nullable(),
  /** Taking in is possible: found, alive, not yet this store's. */
  mayAdopt: z.boolean(),
  /** Already this store's recipient: open the card. */
  recipientId: Id.nullable(),
});
export type CfrLookupResult = z.infer<typeof CfrLookupResult>;
