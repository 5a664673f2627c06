import { z } from 'zod';
import { insert } from '../effects';
import { ROLES } from '../model';
import { decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { isAddressedTo, MESSAGE_MARKS } from './messages';

export interface MarkMessageFacts {
  /** The message as this side has it (null: unknown here). */
  message: { storeId: string; userId: string | null } | null;
}

/**
 * A person marks a message read, or deletes it from their inbox. A mark is a row of its own
 * (message_mark), so two workstations marking the same message offline both succeed and nothing
 * conflicts; a message to the whole store stays unread for each colleague until they read it.
 */
export const markMessage = defineMutation({
  args: z.object({ markId: Uuid, messageId: RowId, storeId: RowId, mark: z.enum(MESSAGE_MARKS) }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-message', 'not-your-message'],
  decide(args, facts: MarkMessageFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, ROLES);
    if (forbidden) return forbidden;
    const m = facts.message;
    if (!m || m.storeId !== args.storeId) return refuse('unknown-message', 'Meddelandet finns inte.');
    if (!isAddressedTo(m, actor.userId)) return refuse('not-your-message', 'Meddelandet är till en annan användare.');
    return decided({
      effects: [insert('message_mark', { id: args.markId, message_id: args.messageId, store_id: args.storeId, user_id: actor.userId, mark: args.mark, at })],
      audit: { action: `message.${args.mark === 'read' ? 'read' : 'delete'}`, entity: 'message', entityId: args.messageId, details: {} },
    });
  },
});

export const messageMutations = { 'message.mark': markMessage } as const;
