import { create, type ActivityKind, type ActivityStatus, type CreateActivityFacts, type ReportBackFacts } from '../../shared/domain/activity/mutations';
import type { ArticleType, IndividualStatus, OrderStatus } from '../../shared/domain/model';
import type { ServerMutationGroup } from '../mutations';
import { allocateCaseNumbers } from '../order/numbers';
import { fileFacts } from '../attachment/owners';
import { attachmentCount } from './attachments';

const json = <T>(raw: unknown): T => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T));

/**
 * Server half of the activity mutations. Central gives an activity its number (YYWWNNNN, the one
 * series of customer orders) when it accepts it, and re-checks the linked order is not handed out;
 * a buffer repair's spare parts are taken against central's balance of the store (locked for the
 * batch, plus what the batch itself has moved).
 */
export const activityServerMutations: ServerMutationGroup<'activity'> = {
  'activity.create': {
    locks: (args) => [...(args.orderId ? [{ table: 'customer_order' as const, id: args.orderId }] : []), ...(args.individualId ? [{ table: 'individual' as const, id: args.individualId }] : [])],
    async facts(batch, args, actor, _storeId, { at }) {
      const { rows } = await batch.tx.query<{ recipient: unknown; individual: unknown; article: unknown; order: unknown }>(
        `WITH ind AS (SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = $2)
         SELECT (SELECT row_to_json(r) FROM (SELECT id, kind FROM recipient WHERE id = $1) r) AS recipient,
                (SELECT row_to_json(i) FROM ind i) AS individual,
                (SELECT row_to_json(a) FROM (SELECT id, article_no, article_type FROM article WHERE id = coalesce((SELECT article_id FROM ind), $3)) a) AS article,
                (SELECT json_build_object('id', o.id, 'no', coalesce(o.order_no, o.provisional_no, o.id), 'status', o.status, 'store_id', o.store_id, 'recipient_id', o.recipient_id,
                   'main', (SELECT json_agg(DISTINCT l.article_id) FROM customer_order_line l JOIN article a ON a.id = l.article_id
                            WHERE l.order_id = o.id AND a.article_type = 'mainAid' AND l.status <> 'cancelled'))
                   FROM customer_order o WHERE o.id = $4) AS order`,
        [args.recipientId, args.individualId, args.articleId, args.orderId],
        { name: 'activity.create.facts' },
      );
      const row = rows[0]!;
      const ind = json<{ id: string; individual_no: string; article_id: string; status: IndividualStatus; store_id: string | null } | null>(row.individual);
      const a = json<{ id: string; article_no: string; article_type: ArticleType } | null>(row.article);
      const o = json<{ id: string; no: string; status: OrderStatus; store_id: string; recipient_id: string | null; main: string[] | null } | null>(row.order);
      const facts: CreateActivityFacts = {
        recipient: json<{ id: string; kind: 'patient' | 'careUnit' } | null>(row.recipient),
        article: a ? { id: a.id, articleNo: a.article_no, articleType: a.article_type } : null,
        individual: ind ? { id: ind.id, individualNo: ind.individual_no, articleId: ind.article_id, status: ind.status, storeId: ind.store_id } : null,
        order: o ? { id: o.id, no: o.no, status: o.status, storeId: o.store_id, recipientId: o.recipient_id, mainAidArticleIds: o.main ?? [] } : null,
        attachments: await attachmentCount(batch.tx, args.activityId),
        files: args.files.map((f) => fileFacts(f.content)),
        central: null,
      };
      // Refusals do not depend on the number: decided without it first, so a refused activity takes none.
      if (!create.decide(args, facts, { actor, at }).ok) return facts;
      const [activityNo] = await allocateCaseNumbers(batch.tx, at, 1);
      return { ...facts, central: { activityNo: activityNo! } };
    },
  },
  'activity.reportBack': {
    locks: (args, storeId) => [{ table: 'activity', id: args.activityId }, ...args.parts.map((p) => ({ table: 'stock_balance' as const, id: `${storeId}|${p.articleId}` }))],
    async facts(batch, args): Promise<ReportBackFacts> {
      const { rows } = await batch.tx.query<{ activity: unknown; parts: unknown }>(
        `SELECT (SELECT json_build_object('id', a.id, 'no', coalesce(a.activity_no, a.provisional_no, a.id), 'store_id', a.store_id, 'kind', a.kind, 'status', a.status,
                   'individual_id', a.individual_id, 'individual_status', i.status)
                   FROM activity a LEFT JOIN individual i ON i.id = a.individual_id WHERE a.id = $1) AS activity,
                (SELECT json_agg(json_build_object('id', a.id, 'article_no', a.article_no, 'article_type', a.article_type, 'tracked', a.tracked_individually,
                   'on_hand', b.on_hand, 'reserved', b.reserved))
                   FROM article a LEFT JOIN stock_balance b ON b.article_id = a.id AND b.store_id = $3 WHERE a.id = ANY($2::text[])) AS parts`,
        [args.activityId, args.parts.map((p) => p.articleId), args.storeId],
        { name: 'activity.reportBack.facts' },
      );
      const a = json<{ id: string; no: string; store_id: string; kind: ActivityKind; status: ActivityStatus; individual_id: string | null; individual_status: IndividualStatus | null } | null>(
        rows[0]!.activity,
      );
      const parts: ReportBackFacts['parts'] = {};
      for (const p of json<{ id: string; article_no: string; article_type: ArticleType; tracked: boolean; on_hand: number | null; reserved: number | null }[] | null>(rows[0]!.parts) ?? []) {
        const key = { store_id: args.storeId, article_id: p.id };
        parts[p.id] = {
          articleNo: p.article_no,
          articleType: p.article_type,
          tracked: p.tracked,
          onHand: (p.on_hand ?? 0) + batch.pendingCount('stock_balance', key, 'on_hand'),
          reserved: (p.reserved ?? 0) + batch.pendingCount('stock_balance', key, 'reserved'),
        };
      }
      return {
        activity: a ? { id: a.id, no: a.no, storeId: a.store_id, kind: a.kind, status: a.status, individualId: a.individual_id, individualStatus: a.individual_status } : null,
        parts,
      };
    },
  },
};
