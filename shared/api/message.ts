import { z } from 'zod';
import { MESSAGE_KINDS, MESSAGE_MARKS } from '../domain/message/messages';
import { Id, IsoDateTime } from './schemas';

/** The inbox (Meddelanden): the logged-in person's messages, newest first. */
export const MessageListQuery = z
  .object({
    /** unread: only those not yet read; all: read ones too (deleted ones never). */
    show: z.enum(['unread', 'all']).default('all'),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export type MessageListQuery = z.input<typeof MessageListQuery>;

export const MessageView = z.object({
  id: Id,
  kind: z.enum(MESSAGE_KINDS),
  at: IsoDateTime,
  text: z.string(),
  read: z.boolean(),
  /** True: to this person; false: to everyone in the store. */
  personal: z.boolean(),
  orderId: Id.nullable(),
  /** The order's case number (or provisional number), for the link to the order. */
  orderNo: z.string().nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

export const MessageList = z.object({ messages: z.array(MessageView), unread: z.number().int() });
export type MessageList = z.infer<typeof MessageList>;

export const MarkMessageInput = z.object({ messageId: Id, mark: z.enum(MESSAGE_MARKS) }).strict();
export type MarkMessageInput = z.input<typeof MarkMessageInput>;
