import { z } from 'zod';
import { err, ok, type Result } from '../result';
import type { AidCategory, ArticleStatus, IndividualStatus, Role } from './model';

/**
 * The mutations a workstation records in its outbox and the server re-runs. Each is an intent
 * with its arguments (zod) and a pure rule: facts in → effects or a Swedish refusal out. The
 * workstation applies the rule optimistically against its replica, the server authoritatively
 * against PostgreSQL — the same function on both sides.
 */

const Uuid = z.string().uuid();
const Id = z.string().min(1).max(64);
export const IndividualNo = z
  .string()
  .trim()
  .min(1, 'Ange ett individnummer.')
  .max(30, 'Individnumret får vara högst 30 tecken.')
  .regex(/^[0-9A-Za-z-]+$/, 'Individnumret får bara innehålla siffror, bokstäver och bindestreck.');

export const mutationArgs = {
  'individual.register': z
    .object({
      individualId: Uuid,
      movementId: Uuid,
      articleId: Id,
      individualNo: IndividualNo,
      serialNo: z.string().trim().max(40, 'Serienumret får vara högst 40 tecken.').nullable(),
      estimatedAgeYears: z.number().int().min(0, 'Uppskattad ålder kan inte vara negativ.').max(60, 'Uppskattad ålder får vara högst 60 år.'),
      storeId: Id,
      text: z.string().trim().max(255, 'Beskrivningen får vara högst 255 tecken.').nullable(),
      textId: Uuid,
    })
    .strict(),
  'individual.changeNumber': z
    .object({
      individualId: Id,
      newIndividualNo: IndividualNo,
      reason: z.string().trim().min(1, 'Ange anledningen till bytet.').max(200, 'Anledningen får vara högst 200 tecken.'),
      /** "Jag bekräftar att detta är den individ som ska byta nummer" (manual 003). */
      confirmed: z.literal(true, { error: 'Bekräfta att det är rätt individ som ska byta nummer.' }),
      textId: Uuid,
    })
    .strict(),
  'individual.addText': z
    .object({
      individualId: Id,
      textId: Uuid,
      text: z.string().trim().min(1, 'Skriv en text.').max(255, 'Texten får vara högst 255 tecken.'),
    })
    .strict(),
  'stock.adjust': z
    .object({
      movementId: Uuid,
      articleId: Id,
      storeId: Id,
      quantity: z
        .number()
        .int('Antalet ska vara ett heltal.')
        .min(-10_000)
        .max(10_000)
        .refine((q) => q !== 0, 'Antalet kan inte vara 0.'),
      reason: z.string().trim().min(1, 'Ange en anledning till justeringen.').max(200, 'Anledningen får vara högst 200 tecken.'),
    })
    .strict(),
} as const;

export type MutationName = keyof typeof mutationArgs;
export const MUTATION_NAMES = Object.keys(mutationArgs) as MutationName[];
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;

/** Who is acting: the user behind the mutation and the stores they may work in. */
export interface Actor {
  userId: string;
  userName: string;
  roles: readonly Role[];
  storeIds: readonly string[];
}

export interface ArticleFacts {
  id: string;
  articleNo: string;
  trackedIndividually: boolean;
  aidCategory: AidCategory;
  articleStatus: ArticleStatus;
}

export interface IndividualFacts {
  id: string;
  individualNo: string;
  articleId: string;
  status: IndividualStatus;
  storeId: string | null;
}

/** Rows to write, in the replica's column vocabulary; each side turns them into its own SQL. */
export interface Effects {
  insertIndividual?: {
    id: string;
    individualNo: string;
    articleId: string;
    serialNo: string | null;
    estimatedAgeYears: number;
    status: IndividualStatus;
    storeId: string;
  };
  updateIndividualNo?: { id: string; individualNo: string };
  insertText?: { id: string; individualId: string; text: string; userId: string; at: string };
  movement?: {
    id: string;
    storeId: string;
    articleId: string;
    individualId: string | null;
    quantity: number;
    reason: 'registration' | 'adjustment';
    note: string | null;
    userId: string;
    at: string;
  };
  audit: { action: MutationName; entity: 'individual' | 'article'; entityId: string; userId: string; at: string; details: Record<string, unknown> };
}

/** Store staff register individuals and change their numbers. */
export const STORE_STAFF_ROLES: readonly Role[] = ['technician', 'storeAdmin'];
/** Only store admins adjust a stock balance. */
export const STOCK_ADJUST_ROLES: readonly Role[] = ['storeAdmin'];

/** Whether someone with these roles may do store-staff work at all (the UI's enabled buttons). */
export const hasAnyRole = (roles: readonly Role[] | undefined, allowed: readonly Role[]): boolean =>
  roles !== undefined && roles.some((r) => allowed.includes(r));

function mayWorkInStore(actor: Actor, storeId: string, roles: readonly Role[] = STORE_STAFF_ROLES): Result<true> {
  if (!actor.storeIds.includes(storeId)) {
    return err('forbidden-store', `Du har inte behörighet att arbeta i lager ${storeId}.`);
  }
  if (!hasAnyRole(actor.roles, roles)) {
    return roles === STOCK_ADJUST_ROLES
      ? err('forbidden-role', 'Bara lageradministratörer får göra detta.')
      : err('forbidden-role', 'Bara lagerpersonal får göra detta.');
  }
  return ok(true);
}

/** Registering a new individual in the own store: individually tracked B-aids only (manual 003). */
export function decideRegisterIndividual(
  args: MutationArgs<'individual.register'>,
  facts: { actor: Actor; article: ArticleFacts | null; individualNoTaken: boolean; individualIdTaken: boolean; at: string },
): Result<Effects> {
  const allowed = mayWorkInStore(facts.actor, args.storeId);
  if (!allowed.ok) return allowed;
  const { article } = facts;
  if (!article) return err('unknown-article', 'Artikeln finns inte i sortimentet.');
  if (!article.trackedIndividually) {
    return err('article-not-tracked', `Artikel ${article.articleNo} är inte individmärkt; individer kan bara registreras på individmärkta artiklar.`);
  }
  if (article.aidCategory !== 'B') {
    return err('article-not-b-aid', `Artikel ${article.articleNo} är ett A-hjälpmedel; individmärkta A-hjälpmedel registreras alltid av hjälpmedelscentralen.`);
  }
  if (facts.individualNoTaken) return err('duplicate-individual-no', `Individnummer ${args.individualNo} finns redan. Individnummer är unika.`);
  if (facts.individualIdTaken) return err('duplicate-id', 'Individen är redan registrerad.');
  const userId = facts.actor.userId;
  return ok({
    insertIndividual: {
      id: args.individualId,
      individualNo: args.individualNo,
      articleId: article.id,
      serialNo: args.serialNo === '' ? null : args.serialNo,
      estimatedAgeYears: args.estimatedAgeYears,
      status: 'inStore',
      storeId: args.storeId,
    },
    movement: {
      id: args.movementId,
      storeId: args.storeId,
      articleId: article.id,
      individualId: args.individualId,
      quantity: 1,
      reason: 'registration',
      note: 'Ny individ registrerad',
      userId,
      at: facts.at,
    },
    ...(args.text ? { insertText: { id: args.textId, individualId: args.individualId, text: args.text, userId, at: facts.at } } : {}),
    audit: {
      action: 'individual.register',
      entity: 'individual',
      entityId: args.individualId,
      userId,
      at: facts.at,
      details: { individualNo: args.individualNo, articleNo: article.articleNo, serialNo: args.serialNo, estimatedAgeYears: args.estimatedAgeYears },
    },
  });
}

/**
 * Changing an individual's number (manual 000 §2.3, 003 "Byte av individnummer"): explicit
 * confirmation; a text entry keeps the date, the old number, the reason and the user.
 */
export function decideChangeIndividualNo(
  args: MutationArgs<'individual.changeNumber'>,
  facts: { actor: Actor; individual: IndividualFacts | null; newNumberTaken: boolean; at: string },
): Result<Effects> {
  const { individual } = facts;
  if (!individual) return err('unknown-individual', 'Individen finns inte.');
  const scope = individual.storeId ?? facts.actor.storeIds[0] ?? '';
  const allowed = mayWorkInStore(facts.actor, scope);
  if (!allowed.ok) return allowed;
  if (args.newIndividualNo === individual.individualNo) return err('same-individual-no', 'Det nya individnumret är samma som det gamla.');
  if (facts.newNumberTaken) return err('duplicate-individual-no', `Individnummer ${args.newIndividualNo} finns redan. Individnummer är unika.`);
  const date = facts.at.slice(0, 10);
  const text = `${date} Byte av individnummer. Tidigare individnummer: ${individual.individualNo}. Anledning: ${args.reason}. /${facts.actor.userName}`;
  return ok({
    updateIndividualNo: { id: individual.id, individualNo: args.newIndividualNo },
    insertText: { id: args.textId, individualId: individual.id, text, userId: facts.actor.userId, at: facts.at },
    audit: {
      action: 'individual.changeNumber',
      entity: 'individual',
      entityId: individual.id,
      userId: facts.actor.userId,
      at: facts.at,
      details: { from: individual.individualNo, to: args.newIndividualNo, reason: args.reason },
    },
  });
}

/** Free-text information on an individual ("Textinformation"). */
export function decideAddIndividualText(
  args: MutationArgs<'individual.addText'>,
  facts: { actor: Actor; individual: IndividualFacts | null; at: string },
): Result<Effects> {
  if (!facts.individual) return err('unknown-individual', 'Individen finns inte.');
  if (facts.actor.storeIds.length === 0) return err('forbidden-store', 'Du har inte behörighet till något lager.');
  return ok({
    insertText: { id: args.textId, individualId: facts.individual.id, text: args.text, userId: facts.actor.userId, at: facts.at },
    audit: {
      action: 'individual.addText',
      entity: 'individual',
      entityId: facts.individual.id,
      userId: facts.actor.userId,
      at: facts.at,
      details: { text: args.text },
    },
  });
}

/** A stock adjustment with a reason, by a store admin; tracked articles follow their individuals. */
export function decideStockAdjustment(
  args: MutationArgs<'stock.adjust'>,
  facts: { actor: Actor; article: ArticleFacts | null; at: string },
): Result<Effects> {
  const allowed = mayWorkInStore(facts.actor, args.storeId, STOCK_ADJUST_ROLES);
  if (!allowed.ok) return allowed;
  const { article } = facts;
  if (!article) return err('unknown-article', 'Artikeln finns inte i sortimentet.');
  if (article.trackedIndividually) {
    return err('article-tracked', `Artikel ${article.articleNo} är individmärkt: saldot följer individerna. Registrera, returnera eller skrota individer i stället.`);
  }
  return ok({
    movement: {
      id: args.movementId,
      storeId: args.storeId,
      articleId: article.id,
      individualId: null,
      quantity: args.quantity,
      reason: 'adjustment',
      note: args.reason,
      userId: facts.actor.userId,
      at: facts.at,
    },
    audit: {
      action: 'stock.adjust',
      entity: 'article',
      entityId: article.id,
      userId: facts.actor.userId,
      at: facts.at,
      details: { storeId: args.storeId, quantity: args.quantity, reason: args.reason },
    },
  });
}
