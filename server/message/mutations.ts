import type { ServerMutationGroup } from '../mutations';

/** Server half of the message mutations: a person's read / deleted mark. */
export const messageServerMutations: ServerMutationGroup<'message'> = {
  'message.mark': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ store_id: string; user_id: string | null }>('SELECT store_id, user_id FROM message WHERE id = $1', [args.messageId], {
        name: 'message.mark.facts',
      });
      const m = rows[0];
      return { message: m ? { storeId: m.store_id, userId: m.user_id } : null };
    },
  },
};
