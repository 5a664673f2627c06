import { z } from 'zod';
import { insert, update, type Effect } from '../effects';
import { ROLES, type Role } from '../model';
import { cleanText, decided, defineMutation, hasAnyRole, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { DeliveryAddress } from '../order/recipient-orders';
import { PROVISIONAL_ORDER_NO } from '../order/rules';
import { DOOR_CODE_MAX, INSTRUCTIONS_MAX, PHONE_MAX } from '../recipient/mutations';

/**
 * Hämtorder (pickupOrder; manuals 000 §1.3, 001 "Hämtorder", 003 "Hämtorder"): bulky aids fetched
 * at a recipient's home or unit. A reason from the region's list (required where the region's
 * setting `pickupReasonRequired` says so, else it may be left out), the pick-up address (the
 * recipient's, or one typed for this pick-up only, never saved on the recipient), a phone number
 * that must always be given, door code, instructions, the contact-prescriber flag, a free comment
 * (what is urgent), and the aids of the recipient's list it is about. An aid is on at most one
 * open pick-up (000: "Finns det en hämtorder skapad … Det går då inte att skapa ny hämtorder").
 *
 * Statuses (000 §7.5): Registrerad (not yet handled), Utskriven (printed), Stängd (done, by
 * central), Makulerad (cancelled). Prescribers cannot cancel (000: they mail the administration);
 * store staff can, while Registrerad; central closes and cancels (server/pickup-order/admin.ts).
 */

export const PICKUP_ORDER_STATUSES = ['registered', 'printed', 'closed', 'cancelled'] as const;
export type PickupOrderStatus = (typeof PICKUP_ORDER_STATUSES)[number];
/** Open: the aids are still to be fetched (a new pick-up of them is refused). */
export const OPEN_PICKUP_STATUSES: readonly PickupOrderStatus[] = ['registered', 'printed'];
export const isOpenPickup = (status: PickupOrderStatus): boolean => OPEN_PICKUP_STATUSES.includes(status);

export const PICKUP_STATUS_SV: Record<PickupOrderStatus, string> = { registered: 'Registrerad', printed: 'Utskriven', closed: 'Stängd', cancelled: 'Makulerad' };

/** Who registers a pick-up: prescribers (the manuals' users), orderers and the store's staff. */
export const PICKUP_ROLES: readonly Role[] = ROLES;
/** Who cancels one while Registrerad: the store's staff. A prescriber cannot (manual 000 §1.3). */
export const PICKUP_CANCEL_ROLES: readonly Role[] = ['technician', 'storeAdmin'];
export const mayCancelPickup = (roles: readonly Role[] | undefined): boolean => hasAnyRole(roles, PICKUP_CANCEL_ROLES);

export const PICKUP_COMMENT_MAX = 255;
export const MAX_PICKUP_LINES = 50;

/** The phone number at the pick-up address: mandatory (001: "måste alltid anges"). */
export const PickupPhone = cleanText(PHONE_MAX, `Telefonnumret får vara högst ${PHONE_MAX} tecken.`, { required: 'Ange ett telefonnummer: det måste alltid finnas på en hämtorder.' }).refine(
  // An empty one is told by `required` alone.
  (t) => t === '' || /^\+?[0-9][0-9 ()-]*$/.test(t),
  'Telefonnumret får bara innehålla siffror, mellanslag, bindestreck, parenteser och ett inledande +.',
);
const optionalText = (max: number, message: string, multiLine = false) =>
  cleanText(max, message, { multiLine })
    .transform((t) => (t === '' ? null : t))
    .nullable();

export const RegisterPickupArgs = z
  .object({
    pickupOrderId: Uuid,
    provisionalNo: z.string().regex(PROVISIONAL_ORDER_NO, 'Ogiltigt preliminärt nummer.'),
    storeId: RowId,
    recipientId: RowId,
    /** A reason of the region's list; null: none given (only where the region's `pickupReasonRequired` is false). */
    reasonId: RowId.nullable(),
    /** Null: the recipient's own address. Another address is for this pick-up only. */
    address: DeliveryAddress.nullable(),
    phone: PickupPhone,
    doorCode: optionalText(DOOR_CODE_MAX, `Portkoden får vara högst ${DOOR_CODE_MAX} tecken.`),
    instructions: optionalText(INSTRUCTIONS_MAX, `Instruktionerna får vara högst ${INSTRUCTIONS_MAX} tecken.`, true),
    /** Hämtorderinformation / Kommentar: anything else, e.g. that it is urgent. */
    comment: optionalText(PICKUP_COMMENT_MAX, `Kommentaren får vara högst ${PICKUP_COMMENT_MAX} tecken.`, true),
    contactPrescriber: z.boolean(),
    lines: z
      .array(z.object({ lineId: Uuid, aidId: RowId }).strict())
      .min(1, 'Markera minst ett hjälpmedel som ska hämtas.')
      .max(MAX_PICKUP_LINES, `En hämtorder får ha högst ${MAX_PICKUP_LINES} hjälpmedel.`),
  })
  .strict();
export type RegisterPickupArgs = z.infer<typeof RegisterPickupArgs>;

export interface PickupAidFacts {
  recipientId: string;
  articleId: string;
  articleNo: string;
  individualId: string | null;
  quantity: number;
  delivered: boolean;
  returned: boolean;
  /** The number of the open pick-up this aid is on already, if any. */
  openPickupNo: string | null;
}

export interface RegisterPickupFacts {
  recipient: { id: string } | null;
  /** The given reason (null when none was given or it is not in the list). */
  reason: { id: string; name: string; active: boolean } | null;
  /** The region's `pickupReasonRequired` (shared/domain/region-settings): a reason must be given. */
  reasonRequired: boolean;
  aids: Record<string, PickupAidFacts | undefined>;
  /** Central's part: the pick-up number (null on the workstation: the provisional number stands). */
  central: { orderNo: string } | null;
}

export const register = defineMutation({
  args: RegisterPickupArgs,
  refusals: [...STORE_REFUSALS, 'unknown-recipient', 'unknown-reason', 'unknown-aid', 'aid-not-held', 'duplicate-line', 'pickup-already-open'],
  decide(args, facts: RegisterPickupFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, PICKUP_ROLES);
    if (forbidden) return forbidden;
    if (!facts.recipient || facts.recipient.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte i lagrets register.');
    // A reason given must be an active one of the list; none given is refused only where the region requires one.
    if (args.reasonId === null ? facts.reasonRequired : !facts.reason || facts.reason.id !== args.reasonId || !facts.reason.active) {
      return refuse('unknown-reason', 'Välj en orsak till hämtningen ur listan.');
    }
    const seen = new Set<string>();
    const effects: Effect[] = [
      insert('pickup_order', {
        id: args.pickupOrderId,
        order_no: facts.central?.orderNo ?? null,
        provisional_no: args.provisionalNo,
        store_id: args.storeId,
        recipient_id: args.recipientId,
        reason_id: args.reasonId,
        status: 'registered',
        address: args.address?.address ?? null,
        postal_code: args.address?.postalCode ?? null,
        city: args.address?.city ?? null,
        phone: args.phone,
        door_code: args.doorCode,
        instructions: args.instructions,
        comment: args.comment,
        contact_prescriber: args.contactPrescriber,
        user_id: actor.userId,
        created_at: at,
        printed_at: null,
        closed_at: null,
      }),
    ];
    for (const [i, line] of args.lines.entries()) {
      if (seen.has(line.aidId)) return refuse('duplicate-line', 'Samma hjälpmedel är markerat två gånger.');
      seen.add(line.aidId);
      const aid = facts.aids[line.aidId];
      if (!aid || aid.recipientId !== args.recipientId) return refuse('unknown-aid', 'Hjälpmedlet finns inte på mottagarens hjälpmedelslista.');
      if (!aid.delivered || aid.returned) {
        return refuse('aid-not-held', `Artikel ${aid.articleNo}: ${aid.returned ? 'hjälpmedlet är redan återlämnat' : 'hjälpmedlet är inte levererat än'} och kan inte hämtas.`);
      }
      if (aid.openPickupNo !== null) {
        return refuse('pickup-already-open', `Artikel ${aid.articleNo} finns redan på hämtorder ${aid.openPickupNo}. Ett hjälpmedel kan bara ha en öppen hämtorder.`);
      }
      effects.push(
        insert('pickup_order_line', {
          id: line.lineId,
          pickup_order_id: args.pickupOrderId,
          store_id: args.storeId,
          line_no: i + 1,
          aid_id: line.aidId,
          article_id: aid.articleId,
          individual_id: aid.individualId,
          quantity: aid.quantity,
        }),
      );
    }
    return decided({
      effects,
      // No address, phone or texts: the audit trail holds no personal data.
      audit: {
        action: 'pickupOrder.register',
        entity: 'pickup_order',
        entityId: args.pickupOrderId,
        details: { recipientId: args.recipientId, reasonId: args.reasonId, aids: args.lines.length, ownAddress: args.address === null, ...(facts.central ? { orderNo: facts.central.orderNo } : {}) },
      },
    });
  },
});

export interface PickupStatusFacts {
  pickup: { storeId: string; status: PickupOrderStatus; number: string } | null;
}

const EventArgs = z.object({ eventId: Uuid, pickupOrderId: Uuid, storeId: RowId }).strict();

/**
 * The pick-up order was printed (its PDF or the supplier copy made): Registrerad becomes Utskriven.
 * A reprint, or a print of one central has closed meanwhile, is only recorded.
 */
export const print = defineMutation({
  args: EventArgs.extend({ document: z.enum(['pickupOrder', 'supplierCopy']) }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-pickup-order'],
  decide(args, facts: PickupStatusFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, PICKUP_ROLES);
    if (forbidden) return forbidden;
    const p = facts.pickup;
    if (!p || p.storeId !== args.storeId) return refuse('unknown-pickup-order', 'Hämtordern finns inte i lagret.');
    const effects: Effect[] = [
      insert('pickup_order_event', { id: args.eventId, pickup_order_id: args.pickupOrderId, store_id: args.storeId, kind: 'printed', document: args.document, user_id: actor.userId, at }),
    ];
    if (p.status === 'registered') effects.push(update('pickup_order', { id: args.pickupOrderId }, { status: 'printed', printed_at: at }));
    return decided({ effects, audit: { action: 'pickupOrder.print', entity: 'pickup_order', entityId: args.pickupOrderId, details: { document: args.document, from: p.status } } });
  },
});

const PRESCRIBER_CANNOT_CANCEL = 'En förskrivare kan inte makulera en hämtorder. Kontakta hjälpmedelscentralens administration och ange hämtordernumret.';

/** Why a pick-up cannot be cancelled by this person now (null: it can). */
export function cancelRefusal(roles: readonly Role[], pickup: { status: PickupOrderStatus; number: string }) {
  if (!mayCancelPickup(roles)) {
    return refuse('forbidden-role', PRESCRIBER_CANNOT_CANCEL);
  }
  if (pickup.status !== 'registered') {
    return refuse('not-registered', `Hämtorder ${pickup.number} har status ${PICKUP_STATUS_SV[pickup.status]} och kan inte makuleras (bara Registrerad kan).`);
  }
  return null;
}

/** Makulera (store staff, while Registrerad): the aids are free for a new pick-up. */
export const cancel = defineMutation({
  args: EventArgs,
  refusals: [...STORE_REFUSALS, 'unknown-pickup-order', 'not-registered'],
  decide(args, facts: PickupStatusFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, PICKUP_ROLES);
    if (forbidden) return forbidden;
    // The role first: a prescriber is told so whatever the pick-up (central's role check, too).
    if (!mayCancelPickup(actor.roles)) return refuse('forbidden-role', PRESCRIBER_CANNOT_CANCEL);
    const p = facts.pickup;
    if (!p || p.storeId !== args.storeId) return refuse('unknown-pickup-order', 'Hämtordern finns inte i lagret.');
    const refused = cancelRefusal(actor.roles, p);
    if (refused) return refused;
    return decided({
      effects: [
        insert('pickup_order_event', { id: args.eventId, pickup_order_id: args.pickupOrderId, store_id: args.storeId, kind: 'cancelled', document: null, user_id: actor.userId, at }),
        update('pickup_order', { id: args.pickupOrderId }, { status: 'cancelled', closed_at: at }),
      ],
      audit: { action: 'pickupOrder.cancel', entity: 'pickup_order', entityId: args.pickupOrderId, details: { number: p.number } },
    });
  },
});

export const pickupOrderMutations = { 'pickupOrder.register': register, 'pickupOrder.print': print, 'pickupOrder.cancel': cancel } as const;
