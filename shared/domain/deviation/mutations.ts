import { z } from 'zod';
import { insert, type Effect } from '../effects';
import { ROLES, type Role } from '../model';
import { cleanText, decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';

/**
 * Avvikelse / reklamation (manual 003 "Avvikelse/reklamation"): something went wrong with an aid or
 * a delivery — a negative event, a near miss (tillbud) or a complaint to the supplier
 * (reklamation). It names its event type and category, the aids (articles and individuals) it
 * concerns, optionally the recipient, or the goods-receipt difference it came from, a description,
 * and files (attachments, owner kind `deviation`). Central investigates it: Registrerad → Under
 * utredning → Avslutad (the admin CLI's `deviation-status`).
 */

export const DEVIATION_EVENT_TYPES = ['negativeEvent', 'nearMiss', 'complaint'] as const;
export type DeviationEventType = (typeof DEVIATION_EVENT_TYPES)[number];

/**
 * The categories (the manual's "Kategori i listan"; its list is only in a screenshot, so this is
 * the region's list as decided in docs/decisions/0028-deviations.md).
 */
export const DEVIATION_CATEGORIES = ['delivery', 'damagedInDelivery', 'malfunction', 'cleaning', 'fitting', 'information', 'injury', 'other'] as const;
export type DeviationCategory = (typeof DEVIATION_CATEGORIES)[number];

export const DEVIATION_STATUSES = ['registered', 'investigating', 'closed'] as const;
export type DeviationStatus = (typeof DEVIATION_STATUSES)[number];

export const DEVIATION_DESCRIPTION_MIN = 10;
export const DEVIATION_DESCRIPTION_MAX = 2000;
export const MAX_DEVIATION_ITEMS = 20;
/** Everyone in the store reports deviations (prescribers, orderers, technicians, admins). */
export const DEVIATION_ROLES: readonly Role[] = ROLES;

/** "AV-261202-3F2A": the number a person reads and searches by (made where it is registered). */
export const deviationNo = (at: string, id: string): string => `AV-${at.slice(2, 4)}${at.slice(5, 7)}${at.slice(8, 10)}-${id.replace(/-/g, '').slice(0, 4).toUpperCase()}`;
export const DEVIATION_NO = /^AV-[0-9]{6}-[0-9A-F]{4}$/;

export interface RegisterDeviationFacts {
  articles: Record<string, { articleNo: string } | undefined>;
  individuals: Record<string, { articleId: string; individualNo: string } | undefined>;
  recipient: { id: string } | null;
  /** The goods-receipt difference it is reported from: its store, and whether a deviation already names it. */
  deliveryDeviation: { storeId: string; reported: boolean } | null;
}

const Item = z
  .object({
    itemId: Uuid,
    articleId: RowId,
    individualId: RowId.nullable(),
    /** The recipient's aid row, when picked from their aids list. */
    aidId: RowId.nullable(),
  })
  .strict();

export const register = defineMutation({
  args: z
    .object({
      deviationId: Uuid,
      deviationNo: z.string().regex(DEVIATION_NO, 'Ogiltigt avvikelsenummer.'),
      storeId: RowId,
      eventType: z.enum(DEVIATION_EVENT_TYPES, { message: 'Välj händelsetyp: negativ händelse, tillbud eller reklamation.' }),
      category: z.enum(DEVIATION_CATEGORIES, { message: 'Välj en kategori i listan.' }),
      description: cleanText(DEVIATION_DESCRIPTION_MAX, `Beskrivningen får vara högst ${DEVIATION_DESCRIPTION_MAX} tecken.`, { multiLine: true, required: 'Beskriv vad som hände.' }).refine(
        (t) => t.length >= DEVIATION_DESCRIPTION_MIN,
        `Beskriv vad som hände med minst ${DEVIATION_DESCRIPTION_MIN} tecken.`,
      ),
      recipientId: RowId.nullable(),
      deliveryDeviationId: RowId.nullable(),
      items: z.array(Item).max(MAX_DEVIATION_ITEMS, `Högst ${MAX_DEVIATION_ITEMS} hjälpmedel i en avvikelse.`),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'unknown-individual', 'unknown-recipient', 'unknown-delivery-deviation', 'delivery-deviation-reported', 'duplicate-line', 'aid-required'],
  decide(args, facts: RegisterDeviationFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, DEVIATION_ROLES);
    if (forbidden) return forbidden;
    if (args.eventType === 'complaint' && args.items.length === 0) {
      return refuse('aid-required', 'En reklamation gäller ett hjälpmedel: koppla minst ett hjälpmedel (artikel eller individ).');
    }
    if (args.recipientId !== null && facts.recipient?.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte.');
    if (args.deliveryDeviationId !== null) {
      const d = facts.deliveryDeviation;
      if (!d || d.storeId !== args.storeId) return refuse('unknown-delivery-deviation', 'Mottagningsdifferensen finns inte i lagret.');
      if (d.reported) return refuse('delivery-deviation-reported', 'Mottagningsdifferensen är redan anmäld som avvikelse.');
    }
    const seen = new Set<string>();
    const effects: Effect[] = [
      insert('deviation', {
        id: args.deviationId,
        deviation_no: args.deviationNo,
        store_id: args.storeId,
        event_type: args.eventType,
        category: args.category,
        status: 'registered',
        description: args.description,
        recipient_id: args.recipientId,
        delivery_deviation_id: args.deliveryDeviationId,
        created_by: actor.userId,
        created_at: at,
        status_changed_at: null,
      }),
    ];
    args.items.forEach((item, i) => {
      effects.push(
        insert('deviation_item', {
          id: item.itemId,
          deviation_id: args.deviationId,
          store_id: args.storeId,
          line_no: i + 1,
          article_id: item.articleId,
          individual_id: item.individualId,
          aid_id: item.aidId,
        }),
      );
    });
    for (const item of args.items) {
      const article = facts.articles[item.articleId];
      if (!article) return refuse('unknown-article', `Artikeln ${item.articleId} finns inte i sortimentet.`);
      if (item.individualId !== null) {
        const ind = facts.individuals[item.individualId];
        if (!ind || ind.articleId !== item.articleId) return refuse('unknown-individual', `Individen finns inte (eller hör inte till artikel ${article.articleNo}).`);
      }
      const key = item.individualId ?? `article:${item.articleId}`;
      if (seen.has(key)) return refuse('duplicate-line', 'Samma hjälpmedel står två gånger.');
      seen.add(key);
    }
    return decided({
      effects,
      // No description in the audit log: it may name the patient.
      audit: {
        action: 'deviation.register',
        entity: 'deviation',
        entityId: args.deviationId,
        details: { deviationNo: args.deviationNo, eventType: args.eventType, category: args.category, items: args.items.length, deliveryDeviationId: args.deliveryDeviationId },
      },
    });
  },
});

export const deviationMutations = { 'deviation.register': register } as const;
