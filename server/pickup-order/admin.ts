import { randomUUID } from 'node:crypto';
import { insert, update } from '../../shared/domain/effects';
import { PROVISIONAL_ORDER_NO } from '../../shared/domain/order/rules';
import { isOpenPickup, PICKUP_STATUS_SV, type PickupOrderStatus } from '../../shared/domain/pickup-order/mutations';
import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Central's pick-up events (admin CLI): a pick-up done is Stängd (closed), one that will not be
 * done (the patient brings the aids back themselves, 000 §1.3) is Makulerad. Each is one
 * transaction of effects through a WriteBatch, so the store's workstation has the new status after
 * its next pull and the aids are free for a new pick-up.
 */
export async function finishPickupOrder(db: Db, ref: string, outcome: 'closed' | 'cancelled', now = new Date()): Promise<Result<string>> {
  const byNumber = /^[0-9]{8}$/.test(ref);
  if (!byNumber && !PROVISIONAL_ORDER_NO.test(ref)) return err('invalid-pickup-no', `${ref} är inget hämtordernummer (ÅÅVVNNNN) eller preliminärt nummer.`);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; order_no: string | null; provisional_no: string | null; store_id: string; status: PickupOrderStatus }>(
      `SELECT id, order_no, provisional_no, store_id, status FROM pickup_order WHERE ${byNumber ? 'order_no' : 'provisional_no'} = $1 ORDER BY id FOR UPDATE`,
      [ref],
    );
    if (rows.length === 0) return err('unknown-pickup-order', `Hämtorder ${ref} finns inte.`);
    if (rows.length > 1) return err('ambiguous-pickup-order', `Det preliminära numret ${ref} hör till flera hämtorder; ange hämtordernumret.`);
    const p = rows[0]!;
    const no = p.order_no ?? p.provisional_no ?? p.id;
    if (!isOpenPickup(p.status)) return err('pickup-not-open', `Hämtorder ${no} har redan status ${PICKUP_STATUS_SV[p.status]}.`);
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    await applyEffects(batch, [
      insert('pickup_order_event', { id: randomUUID(), pickup_order_id: p.id, store_id: p.store_id, kind: outcome, document: null, user_id: null, at }),
      update('pickup_order', { id: p.id }, { status: outcome, closed_at: at }),
    ]);
    batch.addCentralAudit(outcome === 'closed' ? 'pickupOrder.close' : 'pickupOrder.cancel', 'pickupOrder', p.id, { number: no, from: p.status }, at);
    await batch.flush();
    return ok(`Hämtorder ${no} är ${outcome === 'closed' ? 'stängd' : 'makulerad'}.`);
  });
}
