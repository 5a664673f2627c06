import type { Actor, FactsOf, MutationArgs, MutationName } from '../shared/domain/mutations';
import type { ReplicatedTable } from '../shared/sync/tables';
import { activityServerMutations } from './activity/mutations';
import { articleServerMutations } from './article/mutations';
import { attachmentServerMutations } from './attachment/mutations';
import { deviationServerMutations } from './deviation/mutations';
import { goodsReceiptServerMutations } from './goods-receipt/mutations';
import { individualServerMutations } from './individual/mutations';
import { messageServerMutations } from './message/mutations';
import { cancelServerMutations } from './order/cancel';
import { loanBasketServerMutations } from './loan-basket/mutations';
import { orderServerMutations } from './order/mutations';
import { pickupOrderServerMutations } from './pickup-order/mutations';
import { recipientServerMutations } from './recipient/mutations';
import { returnServerMutations } from './return/mutations';
import { stockServerMutations } from './stock/mutations';
import { stocktakeServerMutations } from './stocktake/mutations';
import type { WriteBatch } from './sync/batch';

/**
 * The server's registry of the write path: for every mutation of shared/domain/mutations.ts, how
 * its facts are read from PostgreSQL and which existing rows it will change (locked for the whole
 * push batch up front, in one order). The rule, writing, change log, replays and duplicate-id
 * checks are generic (server/sync/). A missing mutation is a type error.
 */
export interface ServerMutation<N extends MutationName> {
  /**
   * Existing rows the rule may update or whose values it decides on (a balance it reserves from):
   * locked FOR NO KEY UPDATE at the start of the batch, sorted. `id` is the change id ("a|b" for a
   * composite key).
   */
  locks?(args: MutationArgs<N>, storeId: string): { table: ReplicatedTable; id: string }[];
  /**
   * Optional: reads what the facts of all of the batch's mutations of this kind need, in one round
   * trip, into `batch.cache`, before the first is decided. Only for facts the batch itself cannot
   * change behind the cache's back (or that `facts` corrects, e.g. with `batch.pendingCount`).
   */
  prefetch?(batch: WriteBatch, args: readonly MutationArgs<N>[], storeId: string): Promise<void>;
  /**
   * The rule's facts, as the client's store sees them (one round trip, or none after a prefetch).
   * `at` is the mutation's effective time (the rule's `at`): facts that central allocates, such as
   * a case number of the ISO week, depend on it.
   */
  facts(batch: WriteBatch, args: MutationArgs<N>, actor: Actor, storeId: string, ctx: { at: string }): Promise<FactsOf<N>>;
}

export type ServerMutationRegistry = { [N in MutationName]: ServerMutation<N> };
/** The mutations of one feature (`individual.*`, `stock.*`). */
export type ServerMutationGroup<P extends string> = { [N in Extract<MutationName, `${P}.${string}`>]: ServerMutation<N> };

export const serverMutations: ServerMutationRegistry = {
  ...individualServerMutations,
  ...stockServerMutations,
  ...orderServerMutations,
  ...goodsReceiptServerMutations,
  ...articleServerMutations,
  ...stocktakeServerMutations,
  ...messageServerMutations,
  ...recipientServerMutations,
  ...cancelServerMutations,
  ...loanBasketServerMutations,
  ...pickupOrderServerMutations,
  ...attachmentServerMutations,
  ...deviationServerMutations,
  ...returnServerMutations,
  ...activityServerMutations,
};
