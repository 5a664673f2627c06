import { z } from 'zod';

/** The contract's schemas of Varukorg (loan basket, manual 001 "Lån av hjälpmedel"). */

const Id = z.string().min(1).max(64);

export const LoanBasketListQuery = z
  .object({
    /** mine: the person's own baskets; all: every prescriber's in the store (a colleague's may be handled). */
    who: z.enum(['mine', 'all']).default('mine'),
    includeClosed: z.boolean().default(false),
  })
  .strict();
export type LoanBasketListQuery = z.input<typeof LoanBasketListQuery>;

export const LoanBasketLineView = z.object({
  id: Id,
  lineNo: z.number().int(),
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  quantity: z.number().int(),
  status: z.enum(['lent', 'prescribed', 'returned']),
  handledAt: z.string().nullable(),
  handledByName: z.string().nullable(),
});
export type LoanBasketLineView = z.infer<typeof LoanBasketLineView>;

export const LoanBasketView = z.object({
  id: Id,
  prescriberId: z.string(),
  prescriberName: z.string(),
  createdAt: z.string(),
  dueDate: z.string(),
  status: z.enum(['open', 'closed']),
  overdue: z.boolean(),
  /** The logged-in person's own basket (else a colleague's). */
  mine: z.boolean(),
  lines: z.array(LoanBasketLineView),
});
export type LoanBasketView = z.infer<typeof LoanBasketView>;

export const LoanBasketList = z.object({ baskets: z.array(LoanBasketView) });
export type LoanBasketList = z.infer<typeof LoanBasketList>;

/** The start page's flag: open baskets in the store, how many of them overdue, and the person's own. */
export const LoanBasketSummary = z.object({ open: z.number().int(), overdue: z.number().int(), mineOpen: z.number().int(), mineOverdue: z.number().int() });
export type LoanBasketSummary = z.infer<typeof LoanBasketSummary>;

/** An article or individual number typed or scanned into the basket. */
export const LoanBasketLookupQuery = z.object({ code: z.string().trim().min(1, 'Ange artikel- eller individnummer.').max(40) }).strict();
export const LoanBasketLookup = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  trackedIndividually: z.boolean(),
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  /** Available in the own store (on hand − reserved); for an individual, 1 when it is in stock. */
  available: z.number().int(),
});
export type LoanBasketLookup = z.infer<typeof LoanBasketLookup>;

export const LendInput = z
  .object({
    lines: z
      .array(z.object({ articleId: Id, individualId: Id.nullable(), quantity: z.number().int().min(1, 'Antalet ska vara minst 1.').max(100) }).strict())
      .min(1, 'Varukorgen är tom.')
      .max(30),
  })
  .strict();
export type LendInput = z.input<typeof LendInput>;

export const HandleBasketInput = z
  .object({
    basketId: Id,
    /** The recipient the prescribed lines go to (from recipient.search); null when only returning. */
    recipientId: Id.nullable(),
    actions: z.array(z.object({ lineId: Id, action: z.enum(['prescribe', 'return']) }).strict()).min(1, 'Markera minst en rad.').max(30),
  })
  .strict();
export type HandleBasketInput = z.input<typeof HandleBasketInput>;
