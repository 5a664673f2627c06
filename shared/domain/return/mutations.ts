import { z } from 'zod';
import type { RegionSettings } from '../region-settings/settings';
import { insert, share, update, type Effect } from '../effects';
import type { ArticleType, IndividualStatus, Role } from '../model';
import { cleanText, decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, STORE_STAFF_ROLES, Uuid } from '../mutation';
import { movementEffects } from '../stock/mutations';

/**
 * Retur (manuals 000 §1.4, §2.2, §2.4; 002 "Retur av hjälpmedel"; 003 "Retur", "Retursedel"): an
 * aid comes back from a recipient into a chosen store. The return receipt (retursedel, the
 * recipient's receipt) is created first and lists the aids; the return then takes only aids on
 * it. Each returned aid leaves the recipient's list (`aid.returned_at`) and goes into the store's
 * ledger; an individual passes "rekond / rengöring" (a region setting) before it is available
 * again, with the contact-prescriber (infection) flag carried to the technician. Sale articles
 * (försäljningsartiklar) are de-registered: off the list, never back into the balance, so a
 * second prescription of the same item makes the store's balance negative (manual 002).
 * Retur till leverantör: an individual in the store goes back to its supplier for credit.
 */

export const RETURN_OUTCOMES = ['stock', 'scrap', 'deregister'] as const;
export type ReturnOutcome = (typeof RETURN_OUTCOMES)[number];
export const REKOND_STATES = ['none', 'pending', 'done'] as const;
export type RekondState = (typeof REKOND_STATES)[number];

/** Who takes aids back: prescribers (WebSesam's returns) and store staff. */
export const RETURN_ROLES: readonly Role[] = ['prescriber', 'technician', 'storeAdmin'];
export const MAX_RETURN_AIDS = 100;
export const RECEIPT_COMMENT_MAX = 255;

/** A retursedel's or return note's printed number: the first 8 hex digits of its id, upper case. */
export const returnDocumentNo = (id: string): string => id.replace(/-/g, '').slice(0, 8).toUpperCase();

/** Försäljningsartiklar (manual 002): consumables, sold to the recipient, never reused. */
export const isSaleArticle = (articleType: ArticleType): boolean => articleType === 'consumable';

/** The region's setting (`returnRekond`, shared/domain/region-settings): returned individuals pass rekond / rengöring before they are available. */
export interface ReturnSettings {
  rekond: boolean;
}
export const DEFAULT_RETURN_SETTINGS: ReturnSettings = { rekond: true };
/** The return rule's settings from the region's (`returnRekond`). */
export const returnSettingsOf = (region: Pick<RegionSettings, 'returnRekond'>): ReturnSettings => ({ rekond: region.returnRekond });

export interface ReturnAidFacts {
  recipientId: string;
  articleId: string;
  articleNo: string;
  articleType: ArticleType;
  individualId: string | null;
  quantity: number;
  deliveredAt: string | null;
  returnedAt: string | null;
}

const AidIds = z
  .array(RowId)
  .min(1, 'Markera minst ett hjälpmedel.')
  .max(MAX_RETURN_AIDS, `Högst ${MAX_RETURN_AIDS} hjälpmedel på en gång.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Samma hjälpmedel är markerat två gånger.');

/** The aid can be returned by this recipient: theirs, delivered, not yet returned. */
function aidRefusal(aidId: string, aid: ReturnAidFacts | undefined, recipientId: string) {
  if (!aid || aid.recipientId !== recipientId) return refuse('unknown-aid', 'Hjälpmedlet finns inte på mottagarens lista.');
  if (aid.returnedAt !== null) return refuse('already-returned', `Artikel ${aid.articleNo} är redan återlämnad.`);
  if (aid.deliveredAt === null || aid.quantity === 0) {
    return refuse('not-delivered', `Artikel ${aid.articleNo} är inte levererad än och kan inte tas i retur (makulera ordern i stället).`);
  }
  void aidId;
  return null;
}

export interface CreateReceiptFacts {
  recipient: { id: string } | null;
  aids: Record<string, ReturnAidFacts | undefined>;
}

/** Retursedel: the recipient's receipt of the aids taken back, created BEFORE the return (manual 003). */
export const createReceipt = defineMutation({
  args: z
    .object({
      receiptId: Uuid,
      storeId: RowId,
      recipientId: RowId,
      aidIds: AidIds,
      comment: cleanText(RECEIPT_COMMENT_MAX, `Kommentaren får vara högst ${RECEIPT_COMMENT_MAX} tecken.`, { multiLine: true }).nullable(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-recipient', 'unknown-aid', 'already-returned', 'not-delivered'],
  decide(args, facts: CreateReceiptFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, RETURN_ROLES);
    if (forbidden) return forbidden;
    if (!facts.recipient || facts.recipient.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte.');
    for (const id of args.aidIds) {
      const refusal = aidRefusal(id, facts.aids[id], args.recipientId);
      if (refusal) return refusal;
    }
    return decided({
      effects: [
        insert('return_receipt', {
          id: args.receiptId,
          store_id: args.storeId,
          recipient_id: args.recipientId,
          user_id: actor.userId,
          at,
          comment: args.comment === '' ? null : args.comment,
          aid_ids: JSON.stringify(args.aidIds),
        }),
      ],
      audit: { action: 'return.createReceipt', entity: 'return_receipt', entityId: args.receiptId, details: { recipientId: args.recipientId, aids: args.aidIds.length } },
    });
  },
});

export interface RegisterReturnFacts {
  /** The retursedel named by the return (null: none, or not found). */
  receipt: { id: string; recipientId: string; aidIds: readonly string[] } | null;
  recipient: { id: string } | null;
  aids: Record<string, ReturnAidFacts | undefined>;
  individuals: Record<string, { individualNo: string; status: IndividualStatus } | undefined>;
  settings: ReturnSettings;
}

const ReturnLine = z
  .object({
    lineId: Uuid,
    aidId: RowId,
    outcome: z.enum(RETURN_OUTCOMES),
    /** The ledger movement into the store, and (scrap, de-registration) the one out again. */
    movementId: Uuid,
    outMovementId: Uuid,
    /** The individual's text entry (its history says it came back). */
    textId: Uuid,
  })
  .strict();

const OUTCOME_TEXT: Record<ReturnOutcome, string> = { stock: 'Retur till lager', scrap: 'Retur och kassering', deregister: 'Avregistrerad försäljningsartikel' };

/** Retur av hjälpmedel: the ticked aids, each to stock, scrapped (kassera) or de-registered. */
export const register = defineMutation({
  args: z
    .object({
      returnId: Uuid,
      storeId: RowId,
      recipientId: RowId,
      /** The retursedel made first; null is refused (the order the manual demands). */
      receiptId: RowId.nullable(),
      /** Förskrivare ska kontaktas (smitta): carried to the technician doing the rekond. */
      contactPrescriber: z.boolean(),
      lines: z
        .array(ReturnLine)
        .min(1, 'Markera minst ett hjälpmedel.')
        .max(MAX_RETURN_AIDS, `Högst ${MAX_RETURN_AIDS} hjälpmedel på en gång.`)
        .refine((ls) => new Set(ls.map((l) => l.aidId)).size === ls.length, 'Samma hjälpmedel är markerat två gånger.'),
    })
    .strict(),
  refusals: [
    ...STORE_REFUSALS,
    'receipt-required',
    'unknown-recipient',
    'unknown-aid',
    'already-returned',
    'not-delivered',
    'not-on-receipt',
    'sale-article',
    'not-sale-article',
    'unknown-individual',
    'individual-not-at-recipient',
  ],
  decide(args, facts: RegisterReturnFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, RETURN_ROLES);
    if (forbidden) return forbidden;
    if (!facts.recipient || facts.recipient.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte.');
    const receipt = facts.receipt;
    if (args.receiptId === null || !receipt || receipt.id !== args.receiptId) {
      return refuse('receipt-required', 'Retursedeln måste skapas innan returen görs: skapa retursedeln för hjälpmedlen först.');
    }
    if (receipt.recipientId !== args.recipientId) return refuse('receipt-required', 'Retursedeln gäller en annan mottagare: skapa en retursedel för den här mottagaren.');
    const onReceipt = new Set(receipt.aidIds);
    const effects: Effect[] = [
      insert('aid_return', {
        id: args.returnId,
        store_id: args.storeId,
        recipient_id: args.recipientId,
        receipt_id: receipt.id,
        user_id: actor.userId,
        at,
        contact_prescriber: args.contactPrescriber,
      }),
    ];
    let toRekond = 0;
    for (const line of args.lines) {
      const aid = facts.aids[line.aidId];
      const refusal = aidRefusal(line.aidId, aid, args.recipientId);
      if (refusal) return refusal;
      const a = aid!;
      if (!onReceipt.has(line.aidId)) {
        return refuse('not-on-receipt', `Artikel ${a.articleNo} står inte på retursedeln: skapa en ny retursedel med alla hjälpmedel som tas i retur.`);
      }
      const sale = isSaleArticle(a.articleType);
      if (sale && line.outcome === 'stock') {
        return refuse('sale-article', `Artikel ${a.articleNo} är en försäljningsartikel: den avregistreras (eller kasseras) och kan inte tas i retur till lager.`);
      }
      if (!sale && line.outcome === 'deregister') return refuse('not-sale-article', `Artikel ${a.articleNo} är ingen försäljningsartikel och kan inte avregistreras; ta den i retur eller kassera den.`);
      let rekond: RekondState = 'none';
      if (a.individualId !== null) {
        const ind = facts.individuals[a.individualId];
        if (!ind) {
          return refuse('unknown-individual', `Individen på artikel ${a.articleNo} finns inte i lagrets register: kontakta hjälpmedelscentralen (artikelnummer, individnummer, uppskattad ålder).`);
        }
        if (ind.status !== 'atRecipient') return refuse('individual-not-at-recipient', `Individ ${ind.individualNo} står inte hos en mottagare och kan inte tas i retur.`);
        rekond = line.outcome === 'stock' && facts.settings.rekond ? 'pending' : 'none';
      }
      if (rekond === 'pending') toRekond++;
      // The ledger's reference is what a person reads in the history: the receipt the return was made with.
      const move = { storeId: args.storeId, articleId: a.articleId, articleNo: a.articleNo, individualId: a.individualId, reference: `Retursedel ${returnDocumentNo(receipt.id)}`, userId: actor.userId, at };
      effects.push(
        update('aid', { id: line.aidId }, { returned_at: at }),
        ...movementEffects({ ...move, id: line.movementId, quantity: a.quantity, reason: 'return', note: OUTCOME_TEXT[line.outcome] }),
      );
      // Kassera / avregistrera: in and out again, so the ledger tells the whole way and the balance stays.
      if (line.outcome !== 'stock') {
        effects.push(...movementEffects({ ...move, id: line.outMovementId, quantity: -a.quantity, reason: 'scrap', note: OUTCOME_TEXT[line.outcome] }));
      }
      effects.push(
        insert('aid_return_line', {
          id: line.lineId,
          return_id: args.returnId,
          store_id: args.storeId,
          aid_id: line.aidId,
          article_id: a.articleId,
          individual_id: a.individualId,
          quantity: a.quantity,
          outcome: line.outcome,
          rekond,
          contact_prescriber: args.contactPrescriber,
          rekond_done_at: null,
          rekond_done_by: null,
        }),
      );
      if (a.individualId !== null) {
        // Rekond: not available (status rekond) until a technician marks it done.
        const status: IndividualStatus = line.outcome === 'stock' ? (rekond === 'pending' ? 'rekond' : 'inStore') : 'scrapped';
        effects.push(update('individual', { id: a.individualId }, { status, store_id: args.storeId, location: null }), share('individual', { id: a.individualId }, args.storeId));
        const text =
          `${OUTCOME_TEXT[line.outcome]} (lager ${args.storeId})` +
          (rekond === 'pending' ? ': rekond / rengöring innan den lånas ut igen.' : '.') +
          (args.contactPrescriber ? ' Förskrivaren ska kontaktas (smitta).' : '');
        effects.push(insert('individual_text', { id: line.textId, individual_id: a.individualId, at, user_id: actor.userId, text }));
      }
    }
    return decided({
      effects,
      audit: {
        action: 'return.register',
        entity: 'aid_return',
        entityId: args.returnId,
        details: {
          recipientId: args.recipientId,
          receiptId: receipt.id,
          aids: args.lines.length,
          scrapped: args.lines.filter((l) => l.outcome === 'scrap').length,
          deregistered: args.lines.filter((l) => l.outcome === 'deregister').length,
          rekond: toRekond,
          contactPrescriber: args.contactPrescriber,
        },
      },
    });
  },
});

export interface RekondFacts {
  line: { storeId: string; individualId: string | null; rekond: RekondState } | null;
  individual: { individualNo: string; status: IndividualStatus; storeId: string | null } | null;
}

/** Rekond / rengöring klar: the technician's mark; the individual is available in the store again. */
export const rekondDone = defineMutation({
  args: z.object({ lineId: RowId, storeId: RowId, textId: Uuid }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-return-line', 'not-in-rekond', 'individual-moved'],
  decide(args, facts: RekondFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STORE_STAFF_ROLES);
    if (forbidden) return forbidden.error.code === 'forbidden-role' ? refuse('forbidden-role', 'Bara lagerpersonal (tekniker) kan klarmarkera rekond.') : forbidden;
    const line = facts.line;
    if (!line || line.storeId !== args.storeId || line.individualId === null) return refuse('unknown-return-line', 'Returen finns inte i lagret.');
    if (line.rekond !== 'pending') return refuse('not-in-rekond', line.rekond === 'done' ? 'Rekond är redan klarmarkerad.' : 'Individen ska inte genom rekond.');
    const ind = facts.individual;
    if (!ind || ind.status !== 'rekond' || ind.storeId !== args.storeId) {
      return refuse('individual-moved', `Individ ${ind?.individualNo ?? line.individualId} står inte i rekond i lager ${args.storeId} längre.`);
    }
    return decided({
      effects: [
        insert('individual_text', { id: args.textId, individual_id: line.individualId, at, user_id: actor.userId, text: `Rekond / rengöring klar: tillgänglig i lager ${args.storeId}.` }),
        update('aid_return_line', { id: args.lineId }, { rekond: 'done', rekond_done_at: at, rekond_done_by: actor.userId }),
        update('individual', { id: line.individualId }, { status: 'inStore' }),
      ],
      audit: { action: 'return.rekondDone', entity: 'individual', entityId: line.individualId, details: { lineId: args.lineId } },
    });
  },
});

export interface SupplierReturnFacts {
  individual: { individualNo: string; articleId: string; articleNo: string; supplierId: string | null; status: IndividualStatus; storeId: string | null } | null;
}

/** Retur till leverantör / kreditering (manual 000 §2.4): an individual in the own store goes back to its supplier. */
export const toSupplier = defineMutation({
  args: z
    .object({
      supplierReturnId: Uuid,
      storeId: RowId,
      individualId: RowId,
      movementId: Uuid,
      textId: Uuid,
      referencePerson: cleanText(60, 'Referenspersonen får vara högst 60 tecken.').nullable(),
      information: cleanText(255, 'Övrig information får vara högst 255 tecken.', { multiLine: true }).nullable(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-individual', 'individual-not-in-store'],
  decide(args, facts: SupplierReturnFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, RETURN_ROLES);
    if (forbidden) return forbidden;
    const ind = facts.individual;
    if (!ind) return refuse('unknown-individual', 'Individen finns inte.');
    if (ind.storeId !== args.storeId || ind.status !== 'inStore') {
      return refuse(
        'individual-not-in-store',
        ind.status === 'rekond'
          ? `Individ ${ind.individualNo} står i rekond / rengöring: klarmarkera rekond först.`
          : ind.status === 'inRepair'
            ? `Individ ${ind.individualNo} står på reparation: avsluta reparationen först.`
          : `Individ ${ind.individualNo} måste finnas i lager ${args.storeId}: gör först retur av hjälpmedlet till lager.`,
      );
    }
    const blank = (s: string | null) => (s === null || s === '' ? null : s);
    return decided({
      effects: [
        insert('supplier_return', {
          id: args.supplierReturnId,
          store_id: args.storeId,
          individual_id: args.individualId,
          article_id: ind.articleId,
          supplier_id: ind.supplierId,
          reference_person: blank(args.referencePerson),
          information: blank(args.information),
          user_id: actor.userId,
          at,
        }),
        ...movementEffects({
          id: args.movementId,
          storeId: args.storeId,
          articleId: ind.articleId,
          articleNo: ind.articleNo,
          individualId: args.individualId,
          quantity: -1,
          reason: 'return',
          reference: `Retur till leverantör ${returnDocumentNo(args.supplierReturnId)}`,
          note: 'Retur till leverantör',
          userId: actor.userId,
          at,
        }),
        update('individual', { id: args.individualId }, { status: 'scrapped', store_id: null, location: null }),
        insert('individual_text', { id: args.textId, individual_id: args.individualId, at, user_id: actor.userId, text: `Retur till leverantör / kreditering från lager ${args.storeId}.` }),
      ],
      audit: { action: 'return.toSupplier', entity: 'individual', entityId: args.individualId, details: { supplierId: ind.supplierId } },
    });
  },
});

export const returnMutations = {
  'return.createReceipt': createReceipt,
  'return.register': register,
  'return.rekondDone': rekondDone,
  'return.toSupplier': toSupplier,
} as const;
