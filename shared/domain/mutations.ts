import type { z } from 'zod';
import { individualMutations } from './individual/mutations';
import { activityMutations } from './activity/mutations';
import type { Decided, MutationDef } from './mutation';
import { articleMutations } from './article/mutations';
import { attachmentMutations } from './attachment/mutations';
import { deviationMutations } from './deviation/mutations';
import { goodsReceiptMutations } from './goods-receipt/mutations';
import { messageMutations } from './message/mutations';
import { cancelMutations } from './order/cancel';
import { loanBasketMutations } from './loan-basket/mutations';
import { orderMutations } from './order/mutations';
import { pickupOrderMutations } from './pickup-order/mutations';
import { recipientMutations } from './recipient/mutations';
import { returnMutations } from './return/mutations';
import { stockMutations } from './stock/mutations';
import { stocktakeMutations } from './stocktake/mutations';

/**
 * The registry of the write path: every mutation a workstation records in its outbox and the
 * server re-runs, by name. A feature adds its mutations here (one line); the workstation's and
 * the server's registries (electron/backend/mutations.ts, server/mutations.ts) are typed by these
 * names, so a missing half is a type error. What adding a mutation touches:
 * docs/decisions/0007-write-path.md.
 */
export const MUTATIONS = {
  ...individualMutations,
  ...stockMutations,
  ...orderMutations,
  ...goodsReceiptMutations,
  ...articleMutations,
  ...stocktakeMutations,
  ...messageMutations,
  ...recipientMutations,
  ...cancelMutations,
  ...loanBasketMutations,
  ...pickupOrderMutations,
  ...attachmentMutations,
  ...deviationMutations,
  ...returnMutations,
  ...activityMutations,
} as const;

export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

type Def<N extends MutationName> = (typeof MUTATIONS)[N];
export type MutationArgs<N extends MutationName> = z.output<Def<N>['args']>;
/** The facts a mutation's rule reads (each side gathers them its own way). */
export type FactsOf<N extends MutationName> = Def<N> extends MutationDef<z.ZodType, infer F, string> ? F : never;
/** The refusal codes of a mutation's rule. */
export type RefusalOf<N extends MutationName> = Def<N> extends MutationDef<z.ZodType, unknown, infer C> ? C : never;

/** The args schema of every mutation (the protocol validates with them). */
export const mutationArgs = Object.fromEntries(MUTATION_NAMES.map((n) => [n, MUTATIONS[n].args])) as { [N in MutationName]: Def<N>['args'] };

export const isMutationName = (name: string): name is MutationName => Object.prototype.hasOwnProperty.call(MUTATIONS, name);

/** Runs a mutation's rule; one generic call site for every registry. */
export function decideMutation<N extends MutationName>(name: N, args: MutationArgs<N>, facts: FactsOf<N>, ctx: Parameters<Def<N>['decide']>[2]): Decided<RefusalOf<N>> {
  const def = MUTATIONS[name] as unknown as MutationDef<z.ZodType, FactsOf<N>, RefusalOf<N>>;
  return def.decide(args, facts, ctx);
}

/**
 * Refusals that come from the write path itself rather than from one rule: the mutation could not
 * be read, its user may not act in the store, an id it chose is taken, or the server failed on it.
 */
export const WRITE_PATH_REFUSALS = ['invalid-input', 'unknown-mutation', 'unknown-user', 'forbidden-user', 'duplicate-id', 'internal-error'] as const;
export type WritePathRefusal = (typeof WRITE_PATH_REFUSALS)[number];

/** Every refusal code a person may meet in the conflicts list. */
export const ALL_REFUSAL_CODES: readonly string[] = [...new Set([...WRITE_PATH_REFUSALS, ...MUTATION_NAMES.flatMap((n) => MUTATIONS[n].refusals)])];

export type { Actor, Context } from './mutation';
export { hasAnyRole, IndividualNo, STOCK_ADJUST_ROLES, STORE_STAFF_ROLES } from './mutation';
