import type { MutationName } from '../../shared/domain/mutations';
import { individualMutations } from '../individual/mutations';
import { stockMutations } from '../stock/mutations';
import type { ServerMutation } from './mutation';

/** Every mutation of the protocol with its server half; a missing one fails the type check. */
export const serverMutations: { [N in MutationName]: ServerMutation<N> } = { ...individualMutations, ...stockMutations };
