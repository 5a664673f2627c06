import { z } from 'zod';
import { add, insert, update, type Effect } from '../effects';
import { cleanText, decided, defineMutation, hasAnyRole, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid, type Actor } from '../mutation';
import type { IndividualStatus, OrderKind, OrderStatus, Role, StoreKind } from '../model';
import { openActivityRefusal } from '../activity/rules';
import { movementEffects } from '../stock/mutations';
import { MAX_ORDER_LINES, MAX_ORDER_QUANTITY, orderRefusal, PROVISIONAL_ORDER_NO, routeLines, type OrderArticle } from './rules';

/**
 * Orders to a recipient (manual 004, "olika ordertyper"): förskrivning (a patient, from the central
 * store; prescribers only), direktförskrivning / uttag ur eget förråd (a patient, from the own
 * store), beställning (a care unit, from the central store) and direktbeställning (a care unit,
 * from the own store). A direct order is followed by an utleverans (`order.issue`): until then the
 * stock is only reserved. Pure: the workstation runs these rules offline, central again at push.
 */

export const RECIPIENT_ORDER_KINDS = ['directPrescription', 'prescription', 'directCareUnitOrder', 'careUnitOrder'] as const;
export type RecipientOrderKind = (typeof RECIPIENT_ORDER_KINDS)[number];

/** From the own store (followed by an utleverans) rather than from the central store. */
export const isDirectOrder = (kind: OrderKind): boolean => kind === 'directPrescription' || kind === 'directCareUnitOrder';
/** To a patient, on a medical decision: only staff with prescribing rights. */
export const isPrescription = (kind: OrderKind): boolean => kind === 'directPrescription' || kind === 'prescription';
export const isRecipientOrder = (kind: OrderKind): kind is RecipientOrderKind => (RECIPIENT_ORDER_KINDS as readonly string[]).includes(kind);

export const PRESCRIBER_ROLES: readonly Role[] = ['prescriber'];
/** Beställning to a care unit needs no medical decision: orderers, prescribers and store staff. */
export const CARE_UNIT_ORDER_ROLES: readonly Role[] = ['prescriber', 'orderer', 'technician', 'storeAdmin'];
/** Who hands out a direct order (utleverans): whoever may place one, in the store. */
export const ISSUE_ROLES: readonly Role[] = CARE_UNIT_ORDER_ROLES;

export const mayPrescribe = (roles: readonly Role[] | undefined): boolean => hasAnyRole(roles, PRESCRIBER_ROLES);

export const PAYER_ID = /^[0-9]{5}$/;
export const LINE_TEXT_MAX = 70;
export const HEADER_TEXT_MAX = 255;

const shortText = (max: number, what: string) => cleanText(max, `${what} får vara högst ${max} tecken.`).nullable();

/** Delivery address other than the recipient's: used for this order only, never saved on the recipient. */
export const DeliveryAddress = z
  .object({
    address: cleanText(100, 'Adressen får vara högst 100 tecken.', { required: 'Ange en leveransadress.' }),
    postalCode: cleanText(10, 'Postnumret får vara högst 10 tecken.', { required: 'Ange postnummer.' }),
    city: cleanText(60, 'Orten får vara högst 60 tecken.', { required: 'Ange ort.' }),
  })
  .strict();
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

/** The order's header (stored as JSON text in customer_order.details). */
export const OrderHeader = z
  .object({
    /** Null: the recipient's own address. */
    deliveryAddress: DeliveryAddress.nullable(),
    phone: shortText(30, 'Telefonnumret'),
    doorCode: shortText(20, 'Portkoden'),
    instructions: cleanText(HEADER_TEXT_MAX, `Leveransinstruktionen får vara högst ${HEADER_TEXT_MAX} tecken.`, { multiLine: true }).nullable(),
    jointDelivery: z.boolean(),
    contactPerson: shortText(60, 'Kontaktpersonen'),
    /** Printed on the delivery note. */
    otherInformation: cleanText(HEADER_TEXT_MAX, `Övrig information får vara högst ${HEADER_TEXT_MAX} tecken.`, { multiLine: true }).nullable(),
    /** "Förskrivare ska kontaktas" for this order (the recipient's flag unless overridden). */
    contactPrescriber: z.boolean(),
    /** MANUELL order (handled by hand at the central service): the comment is mandatory. */
    manual: z.boolean(),
    manualComment: cleanText(HEADER_TEXT_MAX, `Kommentaren får vara högst ${HEADER_TEXT_MAX} tecken.`, { multiLine: true }).nullable(),
    /** "Alternativ får inte levereras": no replacement article may be sent instead. */
    noAlternatives: z.boolean(),
  })
  .strict();
export type OrderHeader = z.infer<typeof OrderHeader>;

export const emptyHeader = (): OrderHeader => ({
  deliveryAddress: null,
  phone: null,
  doorCode: null,
  instructions: null,
  jointDelivery: false,
  contactPerson: null,
  otherInformation: null,
  contactPrescriber: false,
  manual: false,
  manualComment: null,
  noAlternatives: false,
});

const PlaceLine = z
  .object({
    /** The recipient's aids-list row this line becomes. */
    aidId: Uuid,
    articleId: RowId,
    quantity: z
      .number()
      .int('Antalet ska vara ett heltal.')
      .min(1, 'Antalet ska vara minst 1.')
      .max(MAX_ORDER_QUANTITY, `Antalet får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')} på en rad.`),
    /** A tracked article from the own store: the individual handed out (quantity 1). */
    individualId: RowId.nullable(),
    payerId: z.string().regex(PAYER_ID, 'Betalaren anges med 5 siffror.'),
    text: shortText(LINE_TEXT_MAX, 'Tilläggstexten'),
    /** The article the person first asked for, when this line is its replacement (ersättningslogistik). */
    replacesArticleId: RowId.nullable(),
  })
  .strict();
export type PlaceLine = z.infer<typeof PlaceLine>;

export const PlaceOrderArgs = z
  .object({
    orderId: Uuid,
    provisionalNo: z.string().regex(PROVISIONAL_ORDER_NO, 'Ogiltigt preliminärt ordernummer.'),
    kind: z.enum(RECIPIENT_ORDER_KINDS),
    storeId: RowId,
    fromStoreId: RowId,
    recipientId: RowId,
    servicePointId: RowId,
    header: OrderHeader,
    lines: z.array(PlaceLine).min(1, 'Ordern har inga rader.').max(MAX_ORDER_LINES, `En order får ha högst ${MAX_ORDER_LINES} rader: dela upp den.`),
  })
  .strict();
export type PlaceOrderArgs = z.infer<typeof PlaceOrderArgs>;

export interface OrderIndividualFacts {
  id: string;
  individualNo: string;
  articleId: string;
  status: IndividualStatus;
  storeId: string | null;
}

export interface PlaceOrderFacts {
  articles: Record<string, OrderArticle | undefined>;
  recipient: { id: string; kind: 'patient' | 'careUnit' } | null;
  /** The ordering service point (its store decides where may be drawn from). */
  servicePoint: { id: string; storeId: string } | null;
  fromStoreKind: StoreKind | null;
  individuals: Record<string, OrderIndividualFacts | undefined>;
  /** Available (on hand − reserved) in the sending store, per article of the order. */
  available: Record<string, number>;
  /** Central's part: the case number (null on the workstation: the provisional number stands). */
  central: { orderNo: string } | null;
}

/** Who may place an order of this kind (null: allowed); used by screens and the rule alike. */
export function placeRefusal(actor: Pick<Actor, 'roles' | 'storeIds'>, kind: RecipientOrderKind, storeId: string) {
  if (!actor.storeIds.includes(storeId)) return refuse('forbidden-store', `Du har inte behörighet att arbeta i lager ${storeId}.`);
  if (isPrescription(kind) && !mayPrescribe(actor.roles)) {
    return refuse('forbidden-role', 'Bara förskrivare med förskrivningsrätt får förskriva till en patient. Gör en beställning till en vårdenhet i stället.');
  }
  if (!hasAnyRole(actor.roles, CARE_UNIT_ORDER_ROLES)) return refuse('forbidden-role', 'Din roll får inte beställa.');
  return null;
}

const KIND_SV: Record<RecipientOrderKind, string> = {
  directPrescription: 'Direktförskrivning',
  prescription: 'Förskrivning',
  directCareUnitOrder: 'Direktbeställning',
  careUnitOrder: 'Beställning',
};
export const recipientOrderKindSv = (kind: RecipientOrderKind): string => KIND_SV[kind];

/**
 * Places an order to a recipient. Direct orders reserve what they take from the own store (the
 * individual becomes `reserved`); central re-checks the individual is still in the store, so two
 * workstations handing out the same individual offline cannot both succeed. Every line becomes a
 * row of the recipient's aids list at once, not yet delivered (quantity 0).
 */
export const place = defineMutation({
  args: PlaceOrderArgs,
  refusals: [
    ...STORE_REFUSALS,
    'unknown-recipient',
    'wrong-recipient',
    'unknown-service-point',
    'invalid-sending-store',
    'unknown-article',
    'article-gone',
    'tracked-quantity',
    'individual-missing',
    'individual-not-available',
    'not-in-stock',
    'manual-comment-missing',
  ],
  decide(args, facts: PlaceOrderFacts, { actor, at }) {
    const forbidden = placeRefusal(actor, args.kind, args.storeId);
    if (forbidden) return forbidden;
    const recipient = facts.recipient;
    if (!recipient || recipient.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte i lagrets data.');
    const toPatient = isPrescription(args.kind);
    if (toPatient !== (recipient.kind === 'patient')) {
      return refuse(
        'wrong-recipient',
        toPatient ? 'En förskrivning görs till en patient: välj beställning för en vårdenhet.' : 'En beställning görs till en vårdenhet: till en patient görs en förskrivning.',
      );
    }
    const servicePoint = facts.servicePoint;
    if (!servicePoint || servicePoint.id !== args.servicePointId || servicePoint.storeId !== args.storeId) {
      return refuse('unknown-service-point', `Tjänstestället ${args.servicePointId} hör inte till lager ${args.storeId}.`);
    }
    const direct = isDirectOrder(args.kind);
    if (direct ? args.fromStoreId !== args.storeId : facts.fromStoreKind !== 'central') {
      return refuse(
        'invalid-sending-store',
        direct ? 'En direktorder tas ur det egna förrådet.' : `Lager ${args.fromStoreId} är inget centrallager: en förskrivning eller beställning går från centrallagret.`,
      );
    }
    if (args.header.manual && !args.header.manualComment) return refuse('manual-comment-missing', 'En MANUELL order måste ha en kommentar.');

    const articles: OrderArticle[] = [];
    const individualsTaken = new Set<string>();
    const wanted = new Map<string, number>();
    for (const [i, line] of args.lines.entries()) {
      const no = i + 1;
      const article = facts.articles[line.articleId];
      if (!article) return refuse('unknown-article', `Rad ${no}: artikeln ${line.articleId} finns inte i sortimentet.`);
      const gone = orderRefusal(article);
      if (gone) return refuse('article-gone', `Rad ${no}: ${gone}`);
      if (article.trackedIndividually && line.quantity !== 1) {
        return refuse('tracked-quantity', `Rad ${no}: artikel ${article.articleNo} följs per individ: antalet är alltid 1 (en rad per individ).`);
      }
      if (line.individualId !== null) {
        const ind = facts.individuals[line.individualId];
        if (!article.trackedIndividually || !ind || ind.articleId !== article.id) {
          return refuse('individual-not-available', `Rad ${no}: individen hör inte till artikel ${article.articleNo}.`);
        }
        if (ind.status !== 'inStore' || ind.storeId !== args.fromStoreId || individualsTaken.has(ind.id)) {
          return refuse('individual-not-available', `Rad ${no}: individ ${ind.individualNo} finns inte tillgänglig i lager ${args.fromStoreId} (den kan vara utlämnad eller reserverad).`);
        }
        individualsTaken.add(ind.id);
      } else if (direct && article.trackedIndividually) {
        return refuse('individual-missing', `Rad ${no}: skanna individnumret på den ${article.name.toLowerCase()} som lämnas ut.`);
      }
      if (direct && !article.trackedIndividually) wanted.set(article.id, (wanted.get(article.id) ?? 0) + line.quantity);
      articles.push(article);
    }
    for (const [articleId, quantity] of wanted) {
      const have = facts.available[articleId] ?? 0;
      if (have < quantity) {
        const a = facts.articles[articleId]!;
        return refuse('not-in-stock', `Artikel ${a.articleNo} finns bara ${Math.max(0, have)} st tillgänglig i lager ${args.fromStoreId}; ordern behöver ${quantity}.`);
      }
    }

    const central = facts.central;
    // From the central store, a recipient's order is sent by the central store (as a stock transfer
    // is): what it lacks there the person was offered replacements for when ordering.
    const routes = !direct && central ? routeLines(args.lines, new Map(Object.entries(facts.available)), 'stockTransfer') : null;
    const effects: Effect[] = [
      insert('customer_order', {
        id: args.orderId,
        order_no: central?.orderNo ?? null,
        provisional_no: args.provisionalNo,
        kind: args.kind,
        store_id: args.storeId,
        from_store_id: args.fromStoreId,
        supplier_id: null,
        status: 'registered',
        delivery_date: null,
        created_at: at,
        user_id: actor.userId,
        shipped_at: null,
        recipient_id: args.recipientId,
        service_point_id: args.servicePointId,
        details: JSON.stringify(args.header),
      }),
    ];
    args.lines.forEach((line, i) => {
      const article = articles[i]!;
      const route = direct ? null : (routes?.[i] ?? null);
      effects.push(
        insert('customer_order_line', {
          order_id: args.orderId,
          line_no: i + 1,
          article_id: line.articleId,
          quantity: line.quantity,
          individual_id: line.individualId,
          status: 'registered',
          route,
          purchase_order_id: null,
          price_ore: article.priceOre,
          payer_id: line.payerId,
          note: line.text,
        }),
        insert('aid', {
          id: line.aidId,
          recipient_id: args.recipientId,
          article_id: line.articleId,
          individual_id: line.individualId,
          ordered_quantity: line.quantity,
          quantity: 0,
          store_id: args.storeId,
          order_id: args.orderId,
          line_no: i + 1,
          prescribed: isPrescription(args.kind),
          user_id: actor.userId,
          ordered_at: at,
          delivered_at: null,
          returned_at: null,
          cancelled_at: null,
        }),
      );
      // What the order takes is reserved in the sending store until it is handed out or shipped.
      if (direct || route === 'central') {
        effects.push(add('stock_balance', { store_id: args.fromStoreId, article_id: line.articleId }, { reserved: line.quantity }, { article_no: article.articleNo, on_hand: 0 }));
      }
      if (line.individualId !== null) effects.push(update('individual', { id: line.individualId }, { status: 'reserved' }));
    });
    return decided({
      effects,
      audit: {
        action: 'order.place',
        entity: 'customer_order',
        entityId: args.orderId,
        details: { kind: args.kind, provisionalNo: args.provisionalNo, orderNo: central?.orderNo ?? null, servicePointId: args.servicePointId, lines: args.lines.length, manual: args.header.manual },
      },
    });
  },
});

/* ---------- utleverans ---------- */

const IssueLine = z
  .object({
    lineNo: z.number().int().min(1).max(MAX_ORDER_LINES),
    movementId: Uuid,
    /** The individual scanned for a tracked line (it must be the one the line reserved). */
    individualId: RowId.nullable(),
    /** Units counted out: the whole line (a line is issued at once; the order may go line by line). */
    quantity: z.number().int().min(1).max(MAX_ORDER_QUANTITY),
  })
  .strict();

export const IssueArgs = z
  .object({
    orderId: Uuid,
    lines: z
      .array(IssueLine)
      .min(1, 'Inget att lämna ut.')
      .max(MAX_ORDER_LINES)
      .refine((ls) => new Set(ls.map((l) => l.lineNo)).size === ls.length, 'Samma rad får bara lämnas ut en gång.'),
  })
  .strict();
export type IssueArgs = z.infer<typeof IssueArgs>;

export interface IssueOrderFacts {
  order: {
    id: string;
    orderNo: string | null;
    provisionalNo: string | null;
    kind: OrderKind;
    status: OrderStatus;
    storeId: string;
    fromStoreId: string;
    recipientId: string | null;
  } | null;
  lines: { lineNo: number; articleId: string; articleNo: string; quantity: number; individualId: string | null; tracked: boolean; status: string }[];
  /** The order's aids-list rows, by line number. */
  aids: Record<number, string | undefined>;
  individuals: Record<string, OrderIndividualFacts | undefined>;
  /** Numbers of the open activities linked to the order (shared/domain/activity): it waits for them. */
  openActivities: string[];
}

export const ISSUABLE_STATUSES: readonly OrderStatus[] = ['registered', 'picking'];

/** Lines of the order still to be handed out (not issued, not cancelled). */
export const openIssueLines = <L extends { status: string }>(lines: readonly L[]): L[] => lines.filter((l) => l.status === 'registered');

/**
 * Utleverans of a direct order, all lines or some of them (scan some now, the rest later), each
 * line whole and each tracked line by its scanned individual. The stock leaves the own store (ledger
 * movement `issue`, reservation released), the individual goes to the recipient and the recipient's
 * aids-list rows get their delivered quantity, all in the one transaction of this mutation. The
 * order is Utlevererad when its last line is out; until then it stays För plock and waiting. A line
 * already out is refused (`already-issued`): two workstations issuing the same line offline, the
 * second is a conflict. To a care unit's fictitious recipient the aids stay on that recipient.
 */
export const issue = defineMutation({
  args: IssueArgs,
  refusals: [...STORE_REFUSALS, 'unknown-order', 'not-direct', 'already-issued', 'issue-mismatch', 'individual-not-available', 'activity-open'],
  decide(args, facts: IssueOrderFacts, { actor, at }) {
    const order = facts.order;
    if (!order || order.id !== args.orderId) return refuse('unknown-order', 'Ordern finns inte (den kan ha avvisats av centralen).');
    const forbidden = mayWorkInStore(actor, order.fromStoreId, ISSUE_ROLES);
    if (forbidden) return forbidden;
    if (!isDirectOrder(order.kind)) return refuse('not-direct', 'Bara direktförskrivningar och direktbeställningar lämnas ut ur det egna förrådet.');
    const name = order.orderNo ?? order.provisionalNo ?? order.id;
    if (!ISSUABLE_STATUSES.includes(order.status)) {
      return refuse('already-issued', order.status === 'cancelled' ? `Order ${name} är makulerad.` : `Order ${name} är redan utlevererad.`);
    }
    const waiting = openActivityRefusal(name, facts.openActivities);
    if (waiting) return refuse('activity-open', waiting);
    const byNo = new Map(facts.lines.map((l) => [l.lineNo, l]));
    const effects: Effect[] = [];
    for (const given of args.lines) {
      const line = byNo.get(given.lineNo);
      if (!line) return refuse('issue-mismatch', `Order ${name} har ingen rad ${given.lineNo}.`);
      if (line.status === 'cancelled') return refuse('issue-mismatch', `Rad ${line.lineNo} är makulerad.`);
      if (line.status !== 'registered') return refuse('already-issued', `Rad ${line.lineNo} (artikel ${line.articleNo}) är redan utlevererad.`);
      if (given.quantity !== line.quantity) return refuse('issue-mismatch', `Rad ${line.lineNo}: ${line.quantity} st ska lämnas ut, ${given.quantity} är plockade.`);
      if (line.tracked) {
        if (given.individualId === null || given.individualId !== line.individualId) {
          return refuse('issue-mismatch', `Rad ${line.lineNo}: skanna individen som ordern reserverade.`);
        }
        const ind = facts.individuals[given.individualId];
        if (!ind || ind.status !== 'reserved' || ind.storeId !== order.fromStoreId) {
          return refuse('individual-not-available', `Rad ${line.lineNo}: individ ${ind?.individualNo ?? given.individualId} finns inte reserverad i lager ${order.fromStoreId}.`);
        }
      }
      effects.push(
        ...movementEffects({
          id: given.movementId,
          storeId: order.fromStoreId,
          articleId: line.articleId,
          articleNo: line.articleNo,
          individualId: line.tracked ? given.individualId : null,
          quantity: -line.quantity,
          reason: 'issue',
          reference: name,
          note: null,
          userId: actor.userId,
          at,
        }),
        add('stock_balance', { store_id: order.fromStoreId, article_id: line.articleId }, { reserved: -line.quantity }, { article_no: line.articleNo, on_hand: 0 }),
        update('customer_order_line', { order_id: order.id, line_no: line.lineNo }, { status: 'shipped' }),
      );
      if (line.tracked && given.individualId) {
        effects.push(update('individual', { id: given.individualId }, { status: 'atRecipient', store_id: null, location: null }));
      }
      const aidId = facts.aids[line.lineNo];
      if (aidId) effects.push(update('aid', { id: aidId }, { quantity: line.quantity, delivered_at: at }));
    }
    const left = openIssueLines(facts.lines).length - args.lines.length;
    // The last line out: Utlevererad. Some still to go: the order is being picked (För plock) and waits.
    if (left === 0) effects.push(update('customer_order', { id: order.id }, { status: 'shipped', shipped_at: at }));
    else if (order.status === 'registered') effects.push(update('customer_order', { id: order.id }, { status: 'picking' }));
    return decided({
      effects,
      audit: {
        action: 'order.issue',
        entity: 'customer_order',
        entityId: order.id,
        details: { orderNo: order.orderNo, provisionalNo: order.provisionalNo, lines: args.lines.map((l) => l.lineNo), left },
      },
    });
  },
});

/**
 * Region setting `directOrderNeedsIssue` (decision 0038): in a region where a direct order is handed
 * out when it is placed (manual 001: the prescriber takes the aid from the store there and then), the
 * workstation saves the order and its utleverans of every line together, as two mutations in one
 * transaction: central re-checks both with the same rules. Elsewhere the utleverans is its own step.
 */
export const issuedWhenPlaced = (kind: OrderKind, settings: { directOrderNeedsIssue: boolean }): boolean => isDirectOrder(kind) && !settings.directOrderNeedsIssue;

/** The utleverans of every line of an order being placed (each tracked line by its chosen individual). */
export function issueOnPlacing(placed: Pick<PlaceOrderArgs, 'orderId' | 'lines'>, movementIds: readonly string[]): IssueArgs {
  return {
    orderId: placed.orderId,
    lines: placed.lines.map((l, i) => ({ lineNo: i + 1, movementId: movementIds[i]!, individualId: l.individualId, quantity: l.quantity })),
  };
}

export const recipientOrderMutations = {
  'order.place': place,
  'order.issue': issue,
} as const;
