import { randomUUID } from 'node:crypto';
import { ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { inbox } from './inbox';

/** Meddelanden: the logged-in person's inbox, and their read / deleted marks (message.mark). */
export function messageHandlers(ctx: BackendContext): HandlerGroup<'message'> {
  const box = inbox(ctx.db);
  return {
    'message.list': ({ show, limit }, user) => {
      const rows = box.list(ctx.ownStoreId, user.id, show === 'unread', limit);
      return ok({
        messages: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          at: r.at,
          text: r.text,
          read: r.read === 1,
          personal: r.user_id !== null,
          orderId: r.order_id,
          orderNo: r.order_no,
        })),
        unread: box.unread(ctx.ownStoreId, user.id),
      });
    },
    'message.mark': ({ messageId, mark }, user) => {
      const saved = ctx.writer.write('message.mark', { markId: randomUUID(), messageId, storeId: ctx.ownStoreId, mark }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: messageId }) : saved;
    },
  };
}
