import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

/** The workstation half of the message mutations. */
export function messageLocalMutations(db: Db): LocalMutationGroup<'message'> {
  const message = db.prepare<[string], { store_id: string; user_id: string | null }>('SELECT store_id, user_id FROM message WHERE id = ?');
  return {
    'message.mark': {
      facts: (args) => {
        const m = message.get(args.messageId);
        return { message: m ? { storeId: m.store_id, userId: m.user_id } : null };
      },
      describe: (args) => (args.mark === 'read' ? 'Meddelande markerat som läst' : 'Meddelande borttaget'),
    },
  };
}
