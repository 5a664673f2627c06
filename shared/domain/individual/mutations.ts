import { z } from 'zod';
import type { RegionSettings } from '../region-settings/settings';
import type { ArticleFacts } from '../article/facts';
import { insert, update, type Effect } from '../effects';
import { cleanText, decided, defineMutation, IndividualNo, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid, type Actor } from '../mutation';
import type { IndividualStatus } from '../model';
import { movementEffects } from '../stock/mutations';

/** What the rules need to know of an individual, as the acting store sees it (null: not visible there). */
export interface IndividualFacts {
  id: string;
  individualNo: string;
  articleId: string;
  status: IndividualStatus;
  /** The store that holds it; null while it is at a recipient, in repair elsewhere or scrapped. */
  storeId: string | null;
}

function textEffect(id: string, individualId: string, text: string, actor: Actor, at: string): Effect {
  return insert('individual_text', { id, individual_id: individualId, at, user_id: actor.userId, text });
}

const elsewhere = (individual: IndividualFacts, actor: Actor) =>
  refuse(
    'individual-elsewhere',
    individual.storeId === null
      ? `Individ ${individual.individualNo} finns inte i något lager just nu. Bara lagret där individen finns får ändra den.`
      : `Individ ${individual.individualNo} finns i lager ${individual.storeId}, inte i ${actor.storeIds.join(', ') || 'ditt lager'}. Bara lagret där individen finns får ändra den.`,
  );

/** Who registers new individuals in the region (region setting `individualRegistration`). */
export type IndividualRegistration = RegionSettings['individualRegistration'];
export const INDIVIDUAL_REGISTRATION_BY_CENTRAL = 'I den här regionen registrerar hjälpmedelscentralen alla nya individer; lagret kan inte registrera dem.';

/**
 * Registering a new individual in the own store: individually tracked B-aids only (manual 003),
 * and only in a region where the stores register them (region setting `individualRegistration`;
 * 'central': the aids centre registers every individual).
 */
export const register = defineMutation({
  args: z
    .object({
      individualId: Uuid,
      movementId: Uuid,
      articleId: RowId,
      individualNo: IndividualNo,
      serialNo: cleanText(40, 'Serienumret får vara högst 40 tecken.').nullable(),
      estimatedAgeYears: z.number().int().min(0, 'Uppskattad ålder kan inte vara negativ.').max(60, 'Uppskattad ålder får vara högst 60 år.'),
      storeId: RowId,
      text: cleanText(255, 'Beskrivningen får vara högst 255 tecken.', { multiLine: true }).nullable(),
      textId: Uuid,
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'registration-by-central', 'unknown-article', 'article-not-tracked', 'article-not-b-aid', 'duplicate-individual-no'],
  decide(args, facts: { article: ArticleFacts | null; individualNoTaken: boolean; registration: IndividualRegistration }, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    if (facts.registration === 'central') return refuse('registration-by-central', INDIVIDUAL_REGISTRATION_BY_CENTRAL);
    const { article } = facts;
    if (!article) return refuse('unknown-article', 'Artikeln finns inte i sortimentet.');
    if (!article.trackedIndividually) {
      return refuse('article-not-tracked', `Artikel ${article.articleNo} är inte individmärkt; individer kan bara registreras på individmärkta artiklar.`);
    }
    if (article.aidCategory !== 'B') {
      return refuse(
        'article-not-b-aid',
        `Artikel ${article.articleNo} är ett A-hjälpmedel; individmärkta A-hjälpmedel registreras alltid av hjälpmedelscentralen.`,
      );
    }
    if (facts.individualNoTaken) return refuse('duplicate-individual-no', `Individnummer ${args.individualNo} finns redan. Individnummer är unika.`);
    const serialNo = args.serialNo === '' ? null : args.serialNo;
    return decided({
      effects: [
        insert('individual', {
          id: args.individualId,
          individual_no: args.individualNo,
          article_id: article.id,
          serial_no: serialNo,
          purchase_date: null,
          acquisition_value_ore: null,
          warranty_end: null,
          estimated_age_years: args.estimatedAgeYears,
          status: 'inStore',
          store_id: args.storeId,
          location: null,
        }),
        ...movementEffects({
          id: args.movementId,
          storeId: args.storeId,
          articleId: article.id,
          articleNo: article.articleNo,
          individualId: args.individualId,
          quantity: 1,
          reason: 'registration',
          note: 'Ny individ registrerad',
          userId: actor.userId,
          at,
        }),
        ...(args.text ? [textEffect(args.textId, args.individualId, args.text, actor, at)] : []),
      ],
      audit: {
        action: 'individual.register',
        entity: 'individual',
        entityId: args.individualId,
        details: { individualNo: args.individualNo, articleNo: article.articleNo, serialNo, estimatedAgeYears: args.estimatedAgeYears },
      },
    });
  },
});

/**
 * Changing an individual's number (manual 000 §2.3, 003 "Byte av individnummer"): explicit
 * confirmation; a text entry keeps the date, the old number, the reason and the user. Only the
 * store that holds the individual may do it.
 */
export const changeNumber = defineMutation({
  args: z
    .object({
      individualId: RowId,
      newIndividualNo: IndividualNo,
      reason: cleanText(200, 'Anledningen får vara högst 200 tecken.', { required: 'Ange anledningen till bytet.' }),
      /** "Jag bekräftar att detta är den individ som ska byta nummer" (manual 003). */
      confirmed: z.literal(true, { error: 'Bekräfta att det är rätt individ som ska byta nummer.' }),
      textId: Uuid,
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-individual', 'individual-elsewhere', 'same-individual-no', 'duplicate-individual-no'],
  decide(args, facts: { individual: IndividualFacts | null; newNumberTaken: boolean }, { actor, at }) {
    const { individual } = facts;
    if (!individual) return refuse('unknown-individual', 'Individen finns inte.');
    if (individual.storeId === null || !actor.storeIds.includes(individual.storeId)) return elsewhere(individual, actor);
    const forbidden = mayWorkInStore(actor, individual.storeId);
    if (forbidden) return forbidden;
    if (args.newIndividualNo === individual.individualNo) return refuse('same-individual-no', 'Det nya individnumret är samma som det gamla.');
    if (facts.newNumberTaken) return refuse('duplicate-individual-no', `Individnummer ${args.newIndividualNo} finns redan. Individnummer är unika.`);
    const text = `${at.slice(0, 10)} Byte av individnummer. Tidigare individnummer: ${individual.individualNo}. Anledning: ${args.reason}. /${actor.userName}`;
    return decided({
      effects: [
        // The text first: it is the row this mutation creates (its marker, see markerOf).
        textEffect(args.textId, individual.id, text, actor, at),
        update('individual', { id: individual.id }, { individual_no: args.newIndividualNo }),
      ],
      audit: {
        action: 'individual.changeNumber',
        entity: 'individual',
        entityId: individual.id,
        details: { from: individual.individualNo, to: args.newIndividualNo, reason: args.reason },
      },
    });
  },
});

/**
 * Free-text information on an individual ("Textinformation"). The store that holds it may write;
 * so may a store that sees an individual no store holds (at a recipient, in repair): the store
 * that handed it out follows it up. An individual held by another store is that store's.
 */
export const addText = defineMutation({
  args: z
    .object({
      individualId: RowId,
      textId: Uuid,
      text: cleanText(255, 'Texten får vara högst 255 tecken.', { multiLine: true, required: 'Skriv en text.' }),
    })
    .strict(),
  refusals: ['forbidden-store', 'unknown-individual', 'individual-elsewhere'],
  decide(args, facts: { individual: IndividualFacts | null }, { actor, at }) {
    const { individual } = facts;
    if (!individual) return refuse('unknown-individual', 'Individen finns inte.');
    if (actor.storeIds.length === 0) return refuse('forbidden-store', 'Du har inte behörighet till något lager.');
    if (individual.storeId !== null && !actor.storeIds.includes(individual.storeId)) return elsewhere(individual, actor);
    return decided({
      effects: [textEffect(args.textId, individual.id, args.text, actor, at)],
      audit: { action: 'individual.addText', entity: 'individual', entityId: individual.id, details: { text: args.text } },
    });
  },
});

export const individualMutations = {
  'individual.register': register,
  'individual.changeNumber': changeNumber,
  'individual.addText': addText,
} as const;
