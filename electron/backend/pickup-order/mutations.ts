import type { PickupAidFacts, PickupOrderStatus, PickupStatusFacts, RegisterPickupFacts } from '../../../shared/domain/pickup-order/mutations';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { regionSettingsOf } from '../region-settings/settings';

/** The aid's open pick-up (Registrerad or Utskriven), if any: the rule's and the aids list's "Ja". */
export const OPEN_PICKUP_OF_AID = `SELECT coalesce(p.order_no, p.provisional_no) FROM pickup_order_line l JOIN pickup_order p ON p.id = l.pickup_order_id
  WHERE l.aid_id = a.id AND p.status IN ('registered','printed') ORDER BY p.created_at LIMIT 1`;

/** The workstation half of the pick-up mutations: facts from the replica. */
export function pickupOrderLocalMutations(db: Db): LocalMutationGroup<'pickupOrder'> {
  const recipient = db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE id = ?');
  const reason = db.prepare<[string], { id: string; name: string; active: number }>('SELECT id, name, active FROM pickup_reason WHERE id = ?');
  const aids = db.prepare<[string], { id: string; recipient_id: string; article_id: string; article_no: string; individual_id: string | null; quantity: number; delivered_at: string | null; returned_at: string | null; open_no: string | null }>(
    `SELECT a.id, a.recipient_id, a.article_id, ar.article_no, a.individual_id, a.quantity, a.delivered_at, a.returned_at, (${OPEN_PICKUP_OF_AID}) AS open_no
       FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.id IN (SELECT value FROM json_each(?))`,
  );
  const pickup = db.prepare<[string], { store_id: string; status: PickupOrderStatus; number: string }>(
    'SELECT store_id, status, coalesce(order_no, provisional_no, id) AS number FROM pickup_order WHERE id = ?',
  );
  const statusFacts = (id: string): PickupStatusFacts => {
    const p = pickup.get(id);
    return { pickup: p ? { storeId: p.store_id, status: p.status, number: p.number } : null };
  };
  return {
    'pickupOrder.register': {
      facts: (args): RegisterPickupFacts => {
        const r = args.reasonId === null ? undefined : reason.get(args.reasonId);
        const facts: RegisterPickupFacts = {
          recipient: recipient.get(args.recipientId) ?? null,
          reason: r ? { id: r.id, name: r.name, active: r.active === 1 } : null,
          reasonRequired: regionSettingsOf(db).pickupReasonRequired,
          aids: {},
          central: null,
        };
        for (const a of aids.all(JSON.stringify(args.lines.map((l) => l.aidId)))) {
          facts.aids[a.id] = {
            recipientId: a.recipient_id,
            articleId: a.article_id,
            articleNo: a.article_no,
            individualId: a.individual_id,
            quantity: a.quantity,
            delivered: a.quantity > 0 || a.delivered_at !== null,
            returned: a.returned_at !== null,
            openPickupNo: a.open_no,
          } satisfies PickupAidFacts;
        }
        return facts;
      },
      describe: (args) => `Hämtorder ${args.provisionalNo}: ${args.lines.length} hjälpmedel`,
    },
    'pickupOrder.print': { facts: (args) => statusFacts(args.pickupOrderId), describe: (args) => `Hämtorder utskriven (${args.document === 'supplierCopy' ? 'leverantörskopia' : 'hämtorder'})` },
    'pickupOrder.cancel': { facts: (args) => statusFacts(args.pickupOrderId), describe: () => 'Hämtorder makulerad' },
  };
}
