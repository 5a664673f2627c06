import { z } from 'zod';
import { mutationArgs } from '../domain/mutations';
import { RETURN_OUTCOMES } from '../domain/return/mutations';
import { ArticleType, Id } from './schemas';

/** The contract's schemas of Retur (docs/returns-and-activities.md): retursedel, retur, rekond, retur till leverantör. */

/** An aid the recipient holds that can be returned (delivered, not returned). */
export const ReturnableAid = z.object({
  aidId: Id,
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: ArticleType,
  individualId: z.string().nullable(),
  individualNo: z.string().nullable(),
  quantity: z.number().int(),
  deliveredAt: z.string().nullable(),
  /** A sale article (försäljningsartikel): de-registered, never back into the balance. */
  sale: z.boolean(),
});
export type ReturnableAid = z.infer<typeof ReturnableAid>;

export const ReceiptSummary = z.object({ id: Id, at: z.string(), comment: z.string().nullable(), aidIds: z.array(z.string()), byName: z.string().nullable() });
export type ReceiptSummary = z.infer<typeof ReceiptSummary>;

/** What the return dialog needs: the aids, the stores to return to, the recipient's flag and receipts. */
export const ReturnContext = z.object({
  recipientId: Id,
  contactPrescriber: z.boolean(),
  rekond: z.boolean(),
  stores: z.array(z.object({ id: Id, name: z.string() })),
  aids: z.array(ReturnableAid),
  /** The recipient's retursedlar that still list an aid not returned, newest first. */
  receipts: z.array(ReceiptSummary),
});
export type ReturnContext = z.infer<typeof ReturnContext>;

const ReceiptArgs = mutationArgs['return.createReceipt'].shape;
export const CreateReceiptInput = z.object({ recipientId: Id, aidIds: ReceiptArgs.aidIds, comment: ReceiptArgs.comment.default(null) }).strict();
export type CreateReceiptInput = z.input<typeof CreateReceiptInput>;

export const RegisterReturnInput = z
  .object({
    recipientId: Id,
    /** The retursedel made first (null is refused by the rule, with the reason). */
    receiptId: Id.nullable(),
    storeId: Id,
    contactPrescriber: z.boolean(),
    lines: z
      .array(z.object({ aidId: Id, outcome: z.enum(RETURN_OUTCOMES) }).strict())
      .min(1, 'Markera minst ett hjälpmedel.')
      .max(100),
  })
  .strict();
export type RegisterReturnInput = z.input<typeof RegisterReturnInput>;

/** What the individual card shows of returns: rekond waiting, who holds it, a supplier return. */
export const IndividualReturnState = z.object({
  individualId: Id,
  rekond: z.object({ lineId: Id, returnedAt: z.string(), contactPrescriber: z.boolean() }).nullable(),
  /** The recipient holding it (an aid row not returned), for Retur av hjälpmedel. */
  holder: z.object({ recipientId: Id, aidId: Id }).nullable(),
  supplierReturn: z.object({ id: Id, at: z.string(), supplierName: z.string().nullable(), referencePerson: z.string().nullable() }).nullable(),
  /** In the own store and available: Retur till leverantör is possible. */
  mayReturnToSupplier: z.boolean(),
  supplierName: z.string().nullable(),
});
export type IndividualReturnState = z.infer<typeof IndividualReturnState>;

export const RekondRow = z.object({
  lineId: Id,
  individualId: Id,
  individualNo: z.string(),
  articleNo: z.string(),
  name: z.string(),
  returnedAt: z.string(),
  contactPrescriber: z.boolean(),
  /** Whose return it came from: the recipient (the card is opened to see who) and the retursedel's number. */
  recipientId: Id,
  receiptNo: z.string().nullable(),
});
export type RekondRow = z.infer<typeof RekondRow>;

const SupplierArgs = mutationArgs['return.toSupplier'].shape;
export const ToSupplierInput = z
  .object({ individualId: Id, referencePerson: SupplierArgs.referencePerson.default(null), information: SupplierArgs.information.default(null) })
  .strict();
export type ToSupplierInput = z.input<typeof ToSupplierInput>;
