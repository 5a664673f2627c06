import { z } from 'zod';
import {
  DEVIATION_CATEGORIES,
  DEVIATION_DESCRIPTION_MAX,
  DEVIATION_DESCRIPTION_MIN,
  DEVIATION_EVENT_TYPES,
  DEVIATION_STATUSES,
  MAX_DEVIATION_ITEMS,
} from '../domain/deviation/mutations';

/** The contract's schemas of Avvikelser (deviations and complaints, manual 003). */

const Id = z.string().min(1).max(64);
const EventType = z.enum(DEVIATION_EVENT_TYPES, { message: 'Välj händelsetyp: negativ händelse, tillbud eller reklamation.' });
const Category = z.enum(DEVIATION_CATEGORIES, { message: 'Välj en kategori i listan.' });
const Status = z.enum(DEVIATION_STATUSES);

export const DeviationSearchQuery = z
  .object({
    /** Number (AV-…), article or individual number, or words of the description. */
    text: z.string().trim().max(100, 'Söktexten får vara högst 100 tecken.').default(''),
    /** open: Registrerad and Under utredning; all: the closed ones too. */
    status: z.enum(['open', 'all', ...DEVIATION_STATUSES]).default('open'),
    eventType: EventType.nullable().default(null),
    /** Only those that concern this individual / recipient (the individual card's list). */
    individualId: Id.nullable().default(null),
    recipientId: Id.nullable().default(null),
  })
  .strict();
export type DeviationSearchQuery = z.input<typeof DeviationSearchQuery>;

export const DeviationItemView = z.object({
  lineNo: z.number().int(),
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
});
export type DeviationItemView = z.infer<typeof DeviationItemView>;

export const DeviationRow = z.object({
  id: Id,
  deviationNo: z.string(),
  eventType: EventType,
  category: Category,
  status: Status,
  description: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  items: z.array(DeviationItemView),
  attachments: z.number().int(),
  fromDelivery: z.boolean(),
});
export type DeviationRow = z.infer<typeof DeviationRow>;

export const DeviationList = z.object({ deviations: z.array(DeviationRow), truncated: z.boolean() });
export type DeviationList = z.infer<typeof DeviationList>;

export const DeviationDetails = DeviationRow.extend({
  statusChangedAt: z.string().nullable(),
  recipient: z.object({ id: Id, name: z.string() }).nullable(),
  deliveryDeviation: z.object({ id: Id, orderId: Id, orderNo: z.string().nullable(), at: z.string(), text: z.string() }).nullable(),
  /** Not yet at central (no sync since it was registered). */
  pendingCentral: z.boolean(),
});
export type DeviationDetails = z.infer<typeof DeviationDetails>;

export const RegisterDeviationInput = z
  .object({
    eventType: EventType,
    category: Category,
    description: z
      .string()
      .trim()
      .min(DEVIATION_DESCRIPTION_MIN, `Beskriv vad som hände med minst ${DEVIATION_DESCRIPTION_MIN} tecken.`)
      .max(DEVIATION_DESCRIPTION_MAX, `Beskrivningen får vara högst ${DEVIATION_DESCRIPTION_MAX} tecken.`),
    recipientId: Id.nullable().default(null),
    deliveryDeviationId: Id.nullable().default(null),
    items: z
      .array(z.object({ articleId: Id, individualId: Id.nullable(), aidId: Id.nullable().default(null) }).strict())
      .max(MAX_DEVIATION_ITEMS, `Högst ${MAX_DEVIATION_ITEMS} hjälpmedel i en avvikelse.`)
      .default([]),
  })
  .strict();
export type RegisterDeviationInput = z.input<typeof RegisterDeviationInput>;

/** An aid typed or scanned into a deviation: an individual number or an article number. */
export const DeviationItemLookupQuery = z.object({ code: z.string().trim().min(1, 'Ange individ- eller artikelnummer.').max(40) }).strict();
export const DeviationItemLookup = z.object({ articleId: Id, articleNo: z.string(), name: z.string(), individualId: z.string().nullable(), individualNo: z.string().nullable() });
export type DeviationItemLookup = z.infer<typeof DeviationItemLookup>;

/** Goods-receipt differences of the store (delivery_deviation), and whether a deviation reports each already. */
export const DeliveryDifference = z.object({
  id: Id,
  orderId: Id,
  orderNo: z.string().nullable(),
  at: z.string(),
  text: z.string(),
  lines: z.array(z.object({ articleId: Id, articleNo: z.string(), name: z.string(), expected: z.number().int(), counted: z.number().int() })),
  reportedAs: z.string().nullable(),
});
export type DeliveryDifference = z.infer<typeof DeliveryDifference>;
