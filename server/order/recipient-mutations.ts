import type { ArticleStatus, ArticleType, IndividualStatus, OrderKind, OrderStatus, StoreKind } from '../../shared/domain/model';
import { place, type OrderIndividualFacts, type PlaceOrderFacts } from '../../shared/domain/order/recipient-orders';
import type { OrderArticle } from '../../shared/domain/order/rules';
import type { ServerMutation } from '../mutations';
import type { WriteBatch } from '../sync/batch';
import { allocateCaseNumbers } from './numbers';

/**
 * Server half of `order.place` and `order.issue`. Central decides on its own data: the ordering
 * user's prescribing rights (roles from central), the recipient, the service point and, for a
 * direct order, that each individual is still in the store: the individuals and balances are locked
 * for the push batch (`locks`), so of two workstations that handed out the same individual offline,
 * the second is refused and becomes a conflict on its Synk page. A refused order takes no number.
 */

const json = <T>(raw: unknown): T => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T));

interface ArticleJson {
  id: string;
  article_no: string;
  name: string;
  article_status: ArticleStatus;
  article_type: ArticleType;
  tracked_individually: boolean;
  supplier_id: string | null;
  price_ore: number;
}
interface IndividualJson {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

const toIndividuals = (raw: unknown): Record<string, OrderIndividualFacts | undefined> =>
  Object.fromEntries(
    (json<IndividualJson[] | null>(raw) ?? []).map((r) => [r.id, { id: r.id, individualNo: r.individual_no, articleId: r.article_id, status: r.status, storeId: r.store_id }]),
  );

async function placeFacts(batch: WriteBatch, args: Parameters<ServerMutation<'order.place'>['facts']>[1]): Promise<Omit<PlaceOrderFacts, 'central'>> {
  const articleIds = [...new Set(args.lines.map((l) => l.articleId))];
  const individualIds = args.lines.flatMap((l) => (l.individualId ? [l.individualId] : []));
  const { rows } = await batch.tx.query<{ recipient: unknown; service_point: unknown; from_kind: StoreKind | null; articles: unknown; individuals: unknown; balances: unknown }>(
    `SELECT (SELECT row_to_json(r) FROM (SELECT id, kind FROM recipient WHERE id = $1) r) AS recipient,
            (SELECT row_to_json(s) FROM (SELECT id, store_id FROM service_point WHERE id = $2) s) AS service_point,
            (SELECT kind FROM store WHERE id = $3) AS from_kind,
            (SELECT json_agg(row_to_json(a)) FROM (SELECT id, article_no, name, article_status, article_type, tracked_individually, supplier_id, price_ore
               FROM article WHERE id = ANY($4::text[])) a) AS articles,
            (SELECT json_agg(row_to_json(i)) FROM (SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ANY($5::text[])) i) AS individuals,
            (SELECT json_agg(json_build_object('article_id', article_id, 'on_hand', on_hand, 'reserved', reserved))
               FROM stock_balance WHERE store_id = $3 AND article_id = ANY($4::text[])) AS balances`,
    [args.recipientId, args.servicePointId, args.fromStoreId, articleIds, individualIds],
    { name: 'order.place.facts' },
  );
  const row = rows[0]!;
  const articles: Record<string, OrderArticle | undefined> = {};
  for (const a of json<ArticleJson[] | null>(row.articles) ?? []) {
    articles[a.id] = {
      id: a.id,
      articleNo: a.article_no,
      name: a.name,
      articleStatus: a.article_status,
      articleType: a.article_type,
      trackedIndividually: a.tracked_individually,
      supplierId: a.supplier_id,
      priceOre: a.price_ore,
    };
  }
  const available: Record<string, number> = {};
  for (const id of articleIds) available[id] = 0;
  for (const b of json<{ article_id: string; on_hand: number; reserved: number }[] | null>(row.balances) ?? []) available[b.article_id] = b.on_hand - b.reserved;
  for (const id of articleIds) {
    // What earlier mutations of this batch added (counters are written at its end).
    const key = { store_id: args.fromStoreId, article_id: id };
    available[id] = available[id]! + batch.pendingCount('stock_balance', key, 'on_hand') - batch.pendingCount('stock_balance', key, 'reserved');
  }
  const recipient = json<{ id: string; kind: 'patient' | 'careUnit' } | null>(row.recipient);
  const sp = json<{ id: string; store_id: string } | null>(row.service_point);
  return {
    articles,
    recipient,
    servicePoint: sp ? { id: sp.id, storeId: sp.store_id } : null,
    fromStoreKind: row.from_kind,
    individuals: toIndividuals(row.individuals),
    available,
  };
}

export const recipientOrderServerMutations: {
  'order.place': ServerMutation<'order.place'>;
  'order.issue': ServerMutation<'order.issue'>;
  'order.startPicking': ServerMutation<'order.startPicking'>;
} = {
  'order.place': {
    locks: (args) => [
      ...[...new Set(args.lines.map((l) => l.articleId))].map((id) => ({ table: 'stock_balance' as const, id: `${args.fromStoreId}|${id}` })),
      ...args.lines.flatMap((l) => (l.individualId ? [{ table: 'individual' as const, id: l.individualId }] : [])),
    ],
    async facts(batch, args, actor, _storeId, { at }) {
      const facts = { ...(await placeFacts(batch, args)), central: null };
      // Refusals do not depend on the case number: decided without it first, so a refused order takes none.
      if (!place.decide(args, facts, { actor, at }).ok) return facts;
      const [orderNo] = await allocateCaseNumbers(batch.tx, at, 1);
      return { ...facts, central: { orderNo: orderNo! } };
    },
  },
  'order.issue': {
    locks: (args) => [{ table: 'customer_order', id: args.orderId }, ...args.lines.flatMap((l) => (l.individualId ? [{ table: 'individual' as const, id: l.individualId }] : []))],
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ order: unknown; lines: unknown; aids: unknown; individuals: unknown; activities: unknown }>(
        `SELECT (SELECT row_to_json(o) FROM (SELECT id, order_no, provisional_no, kind, status, store_id, from_store_id, recipient_id FROM customer_order WHERE id = $1) o) AS order,
                (SELECT json_agg(row_to_json(l) ORDER BY l.line_no) FROM (SELECT l.line_no, l.article_id, a.article_no, l.quantity, l.individual_id, a.tracked_individually AS tracked, l.status
                   FROM customer_order_line l JOIN article a ON a.id = l.article_id WHERE l.order_id = $1) l) AS lines,
                (SELECT json_agg(json_build_object('id', id, 'line_no', line_no)) FROM aid WHERE order_id = $1 AND line_no IS NOT NULL) AS aids,
                (SELECT json_agg(row_to_json(i)) FROM (SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ANY($2::text[])) i) AS individuals,
                (SELECT json_agg(coalesce(activity_no, provisional_no, id) ORDER BY created_at) FROM activity WHERE order_id = $1 AND status <> 'closed') AS activities`,
        [args.orderId, args.lines.flatMap((l) => (l.individualId ? [l.individualId] : []))],
        { name: 'order.issue.facts' },
      );
      const row = rows[0]!;
      const o = json<{ id: string; order_no: string | null; provisional_no: string | null; kind: OrderKind; status: OrderStatus; store_id: string; from_store_id: string; recipient_id: string | null } | null>(row.order);
      if (!o) return { order: null, lines: [], aids: {}, individuals: {}, openActivities: [] };
      const lines = json<{ line_no: number; article_id: string; article_no: string; quantity: number; individual_id: string | null; tracked: boolean; status: string }[] | null>(row.lines) ?? [];
      return {
        order: { id: o.id, orderNo: o.order_no, provisionalNo: o.provisional_no, kind: o.kind, status: o.status, storeId: o.store_id, fromStoreId: o.from_store_id, recipientId: o.recipient_id },
        lines: lines.map((l) => ({ lineNo: l.line_no, articleId: l.article_id, articleNo: l.article_no, quantity: l.quantity, individualId: l.individual_id, tracked: l.tracked, status: l.status })),
        aids: Object.fromEntries((json<{ id: string; line_no: number }[] | null>(row.aids) ?? []).map((a) => [a.line_no, a.id])),
        individuals: toIndividuals(row.individuals),
        openActivities: json<string[] | null>(row.activities) ?? [],
      };
    },
  },
  'order.startPicking': {
    locks: (args) => [{ table: 'customer_order', id: args.orderId }],
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ id: string; shown_no: string; kind: OrderKind; status: OrderStatus; store_id: string; from_store_id: string }>(
        'SELECT id, coalesce(order_no, provisional_no, id) AS shown_no, kind, status, store_id, from_store_id FROM customer_order WHERE id = $1',
        [args.orderId],
        { name: 'order.startPicking.facts' },
      );
      const o = rows[0];
      return { order: o ? { id: o.id, shownNo: o.shown_no, kind: o.kind, status: o.status, storeId: o.store_id, fromStoreId: o.from_store_id } : null };
    },
  },
};
