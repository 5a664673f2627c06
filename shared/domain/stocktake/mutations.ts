import { z } from 'zod';
import { insert, update, type Effect } from '../effects';
import { STOCKTAKE_COUNT_KINDS, STOCKTAKE_COUNT_SOURCES, STOCKTAKE_UNCOUNTED, type ArticleType, type IndividualStatus, type StocktakeStatus } from '../model';
import { cleanText, decided, defineMutation, IndividualNo, mayWorkInStore, refuse, RowId, STOCK_ADJUST_ROLES, STORE_REFUSALS, Uuid } from '../mutation';
import { movementEffects } from '../stock/mutations';
import { approvalPlan, mergeStocktake, type StocktakeMergeFacts } from './merge';
import { MAX_ZONES, parseScope, scopesOverlap, StocktakeScope, StocktakeZone } from './scope';

/** The largest quantity one count of an article may say. */
export const MAX_COUNT_QUANTITY = 100_000;
export const STOCKTAKE_NAME_MAX = 60;

export const CountQuantity = z
  .number({ error: 'Antalet ska vara ett tal.' })
  .int('Antalet ska vara ett heltal.')
  .min(0, 'Antalet kan inte vara negativt.')
  .max(MAX_COUNT_QUANTITY, `Antalet får vara högst ${MAX_COUNT_QUANTITY.toLocaleString('sv-SE')}.`);

const WorkstationName = cleanText(64, 'Arbetsstationens namn får vara högst 64 tecken.', { required: 'Arbetsstationen saknar namn.' });
const ClientRef = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Ogiltig arbetsstation.');

export interface OpenStocktakeFacts {
  id: string;
  name: string;
  scope: StocktakeScope;
  createdAt: string;
}

export interface CreateFacts {
  /** The store's stocktakes that are counting, oldest first. */
  open: OpenStocktakeFacts[];
}

/**
 * Creates a stocktake of the own store. One that overlaps a stocktake already counting (created on
 * another workstation while this one was offline) joins it: its counts count there, so none is lost
 * and no article is counted in two stocktakes. The workstation refuses the overlap up front when it
 * can see it (and offers to open the running one).
 */
export const create = defineMutation({
  args: z
    .object({
      stocktakeId: Uuid,
      storeId: RowId,
      name: cleanText(STOCKTAKE_NAME_MAX, `Namnet får vara högst ${STOCKTAKE_NAME_MAX} tecken.`, { required: 'Ge inventeringen ett namn.' }),
      scope: StocktakeScope,
      zones: z
        .array(StocktakeZone)
        .max(MAX_ZONES, `Högst ${MAX_ZONES} zoner.`)
        .refine((zs) => new Set(zs.map((z) => z.id)).size === zs.length, 'Två zoner har samma id.')
        .refine((zs) => new Set(zs.map((z) => z.name.toLocaleLowerCase('sv-SE'))).size === zs.length, 'Två zoner har samma namn.'),
      blind: z.boolean(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS],
  decide(args, facts: CreateFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const joined = overlappingStocktake(facts.open, args.scope);
    return decided({
      effects: [
        insert('stocktake', {
          id: args.stocktakeId,
          store_id: args.storeId,
          name: args.name,
          scope: JSON.stringify(args.scope),
          zones: JSON.stringify(args.zones),
          blind: args.blind,
          status: joined ? 'joined' : 'counting',
          joined_id: joined?.id ?? null,
          created_at: at,
          user_id: actor.userId,
          approved_at: null,
          approved_by: null,
        }),
      ],
      audit: {
        action: 'stocktake.create',
        entity: 'stocktake',
        entityId: args.stocktakeId,
        details: { storeId: args.storeId, name: args.name, blind: args.blind, zones: args.zones.length, joined: joined?.id ?? null },
      },
    });
  },
});

/** The first stocktake counting that overlaps the scope (the one a new stocktake joins). */
export const overlappingStocktake = (open: readonly OpenStocktakeFacts[], scope: StocktakeScope): OpenStocktakeFacts | null =>
  [...open].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1)).find((o) => scopesOverlap(o.scope, scope)) ?? null;

/** A stocktake as the count rules see it: its own status, and its target's when it was joined. */
export interface StocktakeRef {
  id: string;
  name: string;
  storeId: string;
  status: StocktakeStatus;
  zones: StocktakeZone[];
  /** The stocktake counts go to (itself, or the one it joined), its status and approval time. */
  target: { id: string; name: string; status: StocktakeStatus; approvedAt: string | null };
}

export interface CountFacts {
  stocktake: StocktakeRef | null;
  article: { id: string; articleNo: string; articleType: ArticleType; trackedIndividually: boolean } | null;
}

const COUNT_REFUSALS = ['unknown-stocktake', 'stocktake-approved', 'unknown-zone'] as const;

function countableRefusal(s: StocktakeRef | null, storeId: string, zoneId: string | null) {
  if (!s || s.storeId !== storeId) return refuse('unknown-stocktake', 'Inventeringen finns inte för det här lagret.');
  if (s.target.status === 'approved') {
    return refuse(
      'stocktake-approved',
      `Inventeringen ”${s.target.name}” godkändes ${s.target.approvedAt?.slice(0, 10) ?? ''} innan den här räkningen kom fram. Räkningen är inte med; justera saldot eller räkna i nästa inventering.`,
    );
  }
  if (zoneId !== null && !s.zones.some((z) => z.id === zoneId)) return refuse('unknown-zone', 'Zonen finns inte i inventeringen.');
  return null;
}

/**
 * One count event, written once and never changed: an individual scanned, or a quantity of an
 * article added, replaced ("ersätt", the same person's own count), recounted ("räkna om") or kept
 * ("behåll räkningen"). Several people's counts of a line add up (merge.ts).
 */
export const count = defineMutation({
  args: z
    .object({
      countId: Uuid,
      stocktakeId: Uuid,
      storeId: RowId,
      zoneId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/).nullable(),
      kind: z.enum(STOCKTAKE_COUNT_KINDS),
      articleId: RowId.nullable(),
      individualId: RowId.nullable(),
      code: IndividualNo.nullable(),
      quantity: CountQuantity,
      source: z.enum(STOCKTAKE_COUNT_SOURCES),
      clientId: ClientRef,
      workstation: WorkstationName,
    })
    .strict()
    .superRefine((a, ctx) => {
      if (a.kind === 'scan') {
        if (a.code === null) ctx.addIssue({ code: 'custom', message: 'Ange individnumret.', path: ['code'] });
        if (a.quantity > 1) ctx.addIssue({ code: 'custom', message: 'En individ räknas en gång.', path: ['quantity'] });
      } else {
        if (a.articleId === null) ctx.addIssue({ code: 'custom', message: 'Ange artikeln.', path: ['articleId'] });
        if ((a.kind === 'keep' || a.kind === 'recount') && a.individualId !== null) ctx.addIssue({ code: 'custom', message: 'Ogiltig räkning.', path: ['individualId'] });
        if (a.kind === 'keep' && a.quantity !== 0) ctx.addIssue({ code: 'custom', message: 'Ogiltig räkning.', path: ['quantity'] });
      }
    }),
  refusals: [...STORE_REFUSALS, ...COUNT_REFUSALS, 'unknown-article', 'service-article', 'article-tracked'],
  decide(args, facts: CountFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const s = facts.stocktake;
    const closed = countableRefusal(s, args.storeId, args.zoneId);
    if (closed || !s) return closed!;
    const a = facts.article;
    if (args.articleId !== null) {
      if (!a) return refuse('unknown-article', 'Artikeln finns inte i sortimentet.');
      if (a.articleType === 'service') return refuse('service-article', `Artikel ${a.articleNo} är en tjänst och inventeras inte.`);
      if (a.trackedIndividually && (args.kind === 'add' || args.kind === 'replace') && args.quantity > 0) {
        return refuse('article-tracked', `Artikel ${a.articleNo} är individmärkt: skanna individerna i stället för att ange ett antal.`);
      }
    }
    return decided({
      effects: [
        insert('stocktake_count', {
          id: args.countId,
          stocktake_id: s.id,
          store_id: args.storeId,
          zone_id: args.zoneId,
          kind: args.kind,
          article_id: args.articleId,
          individual_id: args.individualId,
          code: args.code,
          quantity: args.quantity,
          source: args.source,
          client_id: args.clientId,
          workstation: args.workstation,
          user_id: actor.userId,
          at,
        }),
      ],
      audit: {
        action: 'stocktake.count',
        entity: 'stocktake',
        entityId: s.target.id,
        details: { kind: args.kind, articleId: args.articleId, code: args.code, quantity: args.quantity, zoneId: args.zoneId, source: args.source },
      },
    });
  },
});

/** Hands a zone of the stocktake to a workstation (the latest hand-over of a zone is in force). */
export const assignZone = defineMutation({
  args: z
    .object({
      assignmentId: Uuid,
      stocktakeId: Uuid,
      storeId: RowId,
      zoneId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
      clientId: ClientRef,
      workstation: WorkstationName,
    })
    .strict(),
  refusals: [...STORE_REFUSALS, ...COUNT_REFUSALS],
  decide(args, facts: CountFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    const closed = countableRefusal(facts.stocktake, args.storeId, args.zoneId);
    if (closed || !facts.stocktake) return closed!;
    return decided({
      effects: [
        insert('stocktake_zone_assignment', {
          id: args.assignmentId,
          stocktake_id: facts.stocktake.id,
          store_id: args.storeId,
          zone_id: args.zoneId,
          client_id: args.clientId,
          workstation: args.workstation,
          user_id: actor.userId,
          at,
        }),
      ],
      audit: { action: 'stocktake.assignZone', entity: 'stocktake', entityId: facts.stocktake.id, details: { zoneId: args.zoneId, workstation: args.workstation } },
    });
  },
});

export interface ApproveFacts {
  stocktake: (StocktakeRef & { createdAt: string }) | null;
  /** The region's investigation store (utredningslager 999), where missing individuals go. */
  investigationStoreId: string | null;
  /** Everything the merge reads, for the stocktake and those joined into it (null: unknown stocktake). */
  merge: Omit<StocktakeMergeFacts, 'now'> | null;
}

const kr = (ore: number) => `${(ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 0, maximumFractionDigits: 2 })} kr`;

/**
 * Approves a stocktake (store admins): one transaction of adjustment movements; individuals not
 * found move to the investigation store 999 with a note; the stocktake is locked. Central
 * re-decides it against the counts it holds: when they are not the ones the approver saw (a
 * workstation's counts had not arrived), it is refused with a conflict — never doubled, never lost.
 */
export const approve = defineMutation({
  args: z
    .object({
      approvalId: Uuid,
      stocktakeId: Uuid,
      storeId: RowId,
      uncounted: z.enum(STOCKTAKE_UNCOUNTED),
      /** The fingerprint of the counts the approver's differences were made of (merge.ts countsDigest). */
      digest: z.string().regex(/^[0-9]+-[0-9a-f]{16}$/, 'Ogiltigt underlag.'),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-stocktake', 'already-approved', 'stocktake-joined', 'counts-differ', 'decision-needed', 'no-investigation-store'],
  decide(args, facts: ApproveFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STOCK_ADJUST_ROLES);
    if (forbidden) return forbidden;
    const s = facts.stocktake;
    if (!s || s.storeId !== args.storeId || !facts.merge) return refuse('unknown-stocktake', 'Inventeringen finns inte för det här lagret.');
    if (s.status === 'approved') {
      return refuse('already-approved', `Inventeringen ”${s.name}” är redan godkänd (${s.target.approvedAt?.slice(0, 10) ?? ''}), kanske på en annan arbetsstation. Inget har ändrats.`);
    }
    if (s.status === 'joined') return refuse('stocktake-joined', `Inventeringen ingår i ”${s.target.name}”: godkänn den i stället.`);
    const result = mergeStocktake({ ...facts.merge, now: at });
    if (result.digest !== args.digest) {
      const theirs = Number(args.digest.split('-')[0]);
      return refuse(
        'counts-differ',
        `Räkningarna har ändrats sedan skillnaderna granskades: underlaget har ${result.counts} räkningar, godkännandet gjordes på ${theirs}. ` +
          'Synka alla arbetsstationer, granska skillnaderna igen och godkänn på nytt.',
      );
    }
    if (result.totals.needsDecision > 0) {
      return refuse(
        'decision-needed',
        `${result.totals.needsDecision} rader har lagerrörelser efter att de räknades. Välj Räkna om eller Behåll räkningen på dem innan inventeringen godkänns.`,
      );
    }
    const plan = approvalPlan(result, args.uncounted);
    if (plan.toInvestigation.length > 0 && facts.investigationStoreId === null) {
      return refuse('no-investigation-store', 'Regionen har inget utredningslager (999) att flytta saknade individer till. Kontakta centralen.');
    }
    const date = at.slice(0, 10);
    const reference = s.name.slice(0, 60);
    const effects: Effect[] = [
      insert('stocktake_approval', {
        id: args.approvalId,
        stocktake_id: s.id,
        store_id: args.storeId,
        user_id: actor.userId,
        at,
        uncounted: args.uncounted,
        counts: result.counts,
        summary: JSON.stringify({
          lines: result.totals.lines,
          counted: result.totals.countedLines,
          uncounted: result.totals.uncountedLines,
          adjustments: plan.adjustments.length,
          toInvestigation: plan.toInvestigation.length,
          plusOre: result.totals.plusOre,
          minusOre: result.totals.minusOre,
          valueOre: plan.valueOre,
          wrongPlace: result.totals.wrongPlace,
          unknown: result.totals.unknown,
        }),
      }),
      update('stocktake', { id: s.id }, { status: 'approved', approved_at: at, approved_by: actor.userId }),
    ];
    const lineOf = new Map(result.lines.map((l) => [l.article.id, l]));
    plan.adjustments.forEach((adj, n) => {
      const line = lineOf.get(adj.articleId)!;
      const note =
        line.quantity === null
          ? `Inventering: ej räknad, satt till 0 (saldo ${line.balanceNow})`
          : `Inventering: räknat ${line.quantity}, väntat ${line.expected}`;
      effects.push(
        ...movementEffects({
          id: `${args.approvalId}.m${n}`,
          storeId: args.storeId,
          articleId: adj.articleId,
          articleNo: adj.articleNo,
          individualId: null,
          quantity: adj.quantity,
          reason: 'stocktake',
          reference,
          note,
          userId: actor.userId,
          at,
        }),
      );
    });
    plan.toInvestigation.forEach((ind, n) => {
      effects.push(
        // The shelf it was missing from stays on it: the approved differences read it (merge.ts factsAsOf).
        update('individual', { id: ind.individualId }, { status: 'investigation', store_id: facts.investigationStoreId }),
        ...movementEffects({
          id: `${args.approvalId}.i${n}`,
          storeId: args.storeId,
          articleId: ind.articleId,
          articleNo: ind.articleNo,
          individualId: ind.individualId,
          quantity: -1,
          reason: 'stocktake',
          reference,
          note: `Saknades vid inventering, flyttad till utredningslager ${facts.investigationStoreId}`,
          userId: actor.userId,
          at,
        }),
        insert('individual_text', {
          id: `${args.approvalId}.t${n}`,
          individual_id: ind.individualId,
          at,
          user_id: actor.userId,
          text: `Saknades vid inventeringen ”${s.name}” ${date} i lager ${args.storeId}. Flyttad till utredningslager ${facts.investigationStoreId}.`,
        }),
      );
    });
    return decided({
      effects,
      audit: {
        action: 'stocktake.approve',
        entity: 'stocktake',
        entityId: s.id,
        details: {
          name: s.name,
          counts: result.counts,
          uncounted: args.uncounted,
          adjustments: plan.adjustments.length,
          toInvestigation: plan.toInvestigation.length,
          valueOre: plan.valueOre,
          value: kr(plan.valueOre),
        },
      },
    });
  },
});

export interface InvestigationFacts {
  individual: { id: string; individualNo: string; articleId: string; articleNo: string; status: IndividualStatus; storeId: string | null } | null;
}

/**
 * An individual found again after it went to the investigation store: back into the store's stock
 * (where it was found), or scrapped. Store admins, as it changes the balance.
 */
export const resolveInvestigation = defineMutation({
  args: z
    .object({
      textId: Uuid,
      movementId: Uuid,
      individualId: RowId,
      storeId: RowId,
      outcome: z.enum(['restock', 'scrap']),
      location: cleanText(40, 'En hyllplats får vara högst 40 tecken.').nullable(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-individual', 'not-in-investigation'],
  decide(args, facts: InvestigationFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STOCK_ADJUST_ROLES);
    if (forbidden) return forbidden;
    const i = facts.individual;
    if (!i) return refuse('unknown-individual', 'Individen finns inte.');
    if (i.status !== 'investigation') return refuse('not-in-investigation', `Individ ${i.individualNo} finns inte i utredningslagret (kanske redan hanterad på en annan arbetsstation).`);
    const restock = args.outcome === 'restock';
    const effects: Effect[] = [
      insert('individual_text', {
        id: args.textId,
        individual_id: i.id,
        at,
        user_id: actor.userId,
        text: restock ? `Återfunnen. Åter i lager ${args.storeId} från utredningslager ${i.storeId ?? ''}.`.trim() : `Återfunnen och skrotad från utredningslager ${i.storeId ?? ''}.`.trim(),
      }),
    ];
    if (restock) {
      effects.push(
        update('individual', { id: i.id }, { status: 'inStore', store_id: args.storeId, location: args.location || null }),
        ...movementEffects({
          id: args.movementId,
          storeId: args.storeId,
          articleId: i.articleId,
          articleNo: i.articleNo,
          individualId: i.id,
          quantity: 1,
          reason: 'stocktake',
          reference: null,
          note: 'Återfunnen, åter från utredningslager',
          userId: actor.userId,
          at,
        }),
      );
    } else {
      effects.push(update('individual', { id: i.id }, { status: 'scrapped', store_id: null, location: null }));
    }
    return decided({
      effects,
      audit: { action: 'stocktake.resolveInvestigation', entity: 'individual', entityId: i.id, details: { individualNo: i.individualNo, outcome: args.outcome, storeId: args.storeId } },
    });
  },
});

export const stocktakeMutations = {
  'stocktake.create': create,
  'stocktake.count': count,
  'stocktake.assignZone': assignZone,
  'stocktake.approve': approve,
  'stocktake.resolveInvestigation': resolveInvestigation,
} as const;

export { parseScope };
