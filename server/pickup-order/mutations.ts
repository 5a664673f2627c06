import { register, type PickupOrderStatus, type PickupStatusFacts, type RegisterPickupFacts } from '../../shared/domain/pickup-order/mutations';
import type { ServerMutationGroup } from '../mutations';
import type { WriteBatch } from '../sync/batch';
import { allocateCaseNumbers } from '../order/numbers';
import { batchRegionSettings } from '../region-settings/settings';

const json = <T>(raw: unknown): T => (typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T));

interface AidJson {
  id: string;
  recipient_id: string;
  article_id: string;
  article_no: string;
  individual_id: string | null;
  quantity: number;
  delivered_at: string | null;
  returned_at: string | null;
  open_no: string | null;
}

async function statusFacts(batch: WriteBatch, id: string): Promise<PickupStatusFacts> {
  const { rows } = await batch.tx.query<{ store_id: string; status: PickupOrderStatus; number: string }>(
    'SELECT store_id, status, coalesce(order_no, provisional_no, id) AS number FROM pickup_order WHERE id = $1',
    [id],
    { name: 'pickupOrder.status.facts' },
  );
  const p = rows[0];
  return { pickup: p ? { storeId: p.store_id, status: p.status, number: p.number } : null };
}

/**
 * Server half of the pick-up mutations. The aids of a new pick-up are locked for the push batch,
 * so of two workstations that put the same aid on a pick-up offline, the second is refused
 * (pickup-already-open) and sees it on its Synk page. A refused pick-up takes no number; a
 * registered one takes the next of the customer orders' series (one number names one thing).
 */
export const pickupOrderServerMutations: ServerMutationGroup<'pickupOrder'> = {
  'pickupOrder.register': {
    locks: (args) => args.lines.map((l) => ({ table: 'aid' as const, id: l.aidId })),
    async facts(batch, args, actor, _storeId, { at }) {
      const { rows } = await batch.tx.query<{ recipient: unknown; reason: unknown; aids: unknown }>(
        `SELECT (SELECT row_to_json(r) FROM (SELECT id FROM recipient WHERE id = $1) r) AS recipient,
                (SELECT row_to_json(x) FROM (SELECT id, name, active FROM pickup_reason WHERE id = $2) x) AS reason,
                (SELECT json_agg(row_to_json(a)) FROM (
                   SELECT a.id, a.recipient_id, a.article_id, ar.article_no, a.individual_id, a.quantity, a.delivered_at, a.returned_at,
                          (SELECT coalesce(p.order_no, p.provisional_no) FROM pickup_order_line l JOIN pickup_order p ON p.id = l.pickup_order_id
                            WHERE l.aid_id = a.id AND p.status IN ('registered','printed') ORDER BY p.created_at LIMIT 1) AS open_no
                     FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.id = ANY($3::text[])) a) AS aids`,
        [args.recipientId, args.reasonId, args.lines.map((l) => l.aidId)],
        { name: 'pickupOrder.register.facts' },
      );
      const row = rows[0]!;
      const reason = json<{ id: string; name: string; active: boolean } | null>(row.reason);
      const facts: RegisterPickupFacts = {
        recipient: json<{ id: string } | null>(row.recipient),
        reason,
        // The region's setting as of this write transaction (decision 0038).
        reasonRequired: (await batchRegionSettings(batch)).pickupReasonRequired,
        aids: {},
        central: null,
      };
      for (const a of json<AidJson[] | null>(row.aids) ?? []) {
        facts.aids[a.id] = {
          recipientId: a.recipient_id,
          articleId: a.article_id,
          articleNo: a.article_no,
          individualId: a.individual_id,
          quantity: a.quantity,
          delivered: a.quantity > 0 || a.delivered_at !== null,
          returned: a.returned_at !== null,
          openPickupNo: a.open_no,
        };
      }
      // Refusals do not depend on the number: decided without it first, so a refused pick-up takes none.
      if (!register.decide(args, facts, { actor, at }).ok) return facts;
      const [orderNo] = await allocateCaseNumbers(batch.tx, at, 1);
      return { ...facts, central: { orderNo: orderNo! } };
    },
  },
  'pickupOrder.print': { locks: (args) => [{ table: 'pickup_order', id: args.pickupOrderId }], facts: (batch, args) => statusFacts(batch, args.pickupOrderId) },
  'pickupOrder.cancel': { locks: (args) => [{ table: 'pickup_order', id: args.pickupOrderId }], facts: (batch, args) => statusFacts(batch, args.pickupOrderId) },
};
