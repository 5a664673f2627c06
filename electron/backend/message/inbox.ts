import type { MessageKind } from '../../../shared/domain/message/messages';
import type { Db } from '../db/replica';

/**
 * The person's inbox over the replica: messages of the store for them or for everyone, without
 * their own `deleted` mark; read = they have a `read` mark. Indexed by (store_id, at) and the marks
 * by (message_id, user_id).
 */
const VISIBLE = `m.store_id = @storeId AND (m.user_id IS NULL OR m.user_id = @userId)
  AND NOT EXISTS (SELECT 1 FROM message_mark k WHERE k.message_id = m.id AND k.user_id = @userId AND k.mark = 'deleted')`;
const READ = `EXISTS (SELECT 1 FROM message_mark k WHERE k.message_id = m.id AND k.user_id = @userId AND k.mark = 'read')`;

export interface InboxRow {
  id: string;
  kind: MessageKind;
  at: string;
  text: string;
  read: number;
  user_id: string | null;
  order_id: string | null;
  order_no: string | null;
}

export function inbox(db: Db) {
  const list = db.prepare<{ storeId: string; userId: string; unreadOnly: number; limit: number }, InboxRow>(
    `SELECT m.id, m.kind, m.at, m.text, ${READ} AS read, m.user_id, m.order_id, coalesce(o.order_no, o.provisional_no) AS order_no
     FROM message m LEFT JOIN customer_order o ON o.id = m.order_id
     WHERE ${VISIBLE} AND (@unreadOnly = 0 OR NOT ${READ})
     ORDER BY m.at DESC, m.id DESC LIMIT @limit`,
  );
  const unread = db.prepare<{ storeId: string; userId: string }, { n: number }>(`SELECT count(*) AS n FROM message m WHERE ${VISIBLE} AND NOT ${READ}`);
  return {
    list: (storeId: string, userId: string, unreadOnly: boolean, limit: number) => list.all({ storeId, userId, unreadOnly: unreadOnly ? 1 : 0, limit }),
    unread: (storeId: string, userId: string) => unread.get({ storeId, userId })!.n,
  };
}
