import type { Actor, FactsOf, MutationArgs, MutationName } from '../../shared/domain/mutations';
import type { Db } from './db/replica';
import { activityLocalMutations } from './activity/mutations';
import { articleLocalMutations } from './article/mutations';
import { attachmentLocalMutations } from './attachment/mutations';
import { deviationLocalMutations } from './deviation/mutations';
import { goodsReceiptLocalMutations } from './goods-receipt/mutations';
import { individualLocalMutations } from './individual/mutations';
import { messageLocalMutations } from './message/mutations';
import { cancelLocalMutations } from './order/cancel';
import { loanBasketLocalMutations } from './loan-basket/mutations';
import { orderLocalMutations } from './order/mutations';
import { pickupOrderLocalMutations } from './pickup-order/mutations';
import { recipientLocalMutations } from './recipient/mutations';
import { returnLocalMutations } from './return/mutations';
import { stockLocalMutations } from './stock/mutations';
import { stocktakeLocalMutations } from './stocktake/mutations';

/**
 * The workstation's registry of the write path: for every mutation of shared/domain/mutations.ts,
 * how its facts are read from the replica and how it reads in the conflicts list. Everything else
 * (rule, writing, undo, outbox, push) is generic. A missing mutation is a type error.
 */
export interface LocalMutation<N extends MutationName> {
  /** The rule's facts, read from the replica as it is now (inside the write's transaction). */
  facts(args: MutationArgs<N>, actor: Actor): FactsOf<N>;
  /** One Swedish line: what the person did (the Synk page's conflicts list). */
  describe(args: MutationArgs<N>): string;
}

export type LocalMutationRegistry = { [N in MutationName]: LocalMutation<N> };
/** The mutations of one feature (`individual.*`, `stock.*`). */
export type LocalMutationGroup<P extends string> = { [N in Extract<MutationName, `${P}.${string}`>]: LocalMutation<N> };

export function localMutations(db: Db): LocalMutationRegistry {
  return {
    ...individualLocalMutations(db),
    ...stockLocalMutations(db),
    ...orderLocalMutations(db),
    ...goodsReceiptLocalMutations(db),
    ...articleLocalMutations(db),
    ...stocktakeLocalMutations(db),
    ...messageLocalMutations(db),
    ...recipientLocalMutations(db),
    ...cancelLocalMutations(db),
    ...loanBasketLocalMutations(db),
    ...pickupOrderLocalMutations(db),
    ...attachmentLocalMutations(db),
    ...deviationLocalMutations(db),
    ...returnLocalMutations(db),
    ...activityLocalMutations(db),
  };
}
