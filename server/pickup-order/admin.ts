import { randomUUID } from 'node:crypto';
import { insert, update, type Effect } from '../../shared/domain/effects';
import type { Actor } from '../../shared/domain/mutation';
import { PROVISIONAL_ORDER_NO } from '../../shared/domain/order/rules';
import { isOpenPickup, PICKUP_STATUS_SV, type PickupOrderStatus } from '../../shared/domain/pickup-order/mutations';
import { createReceipt, isSaleArticle, register } from '../../shared/domain/return/mutations';
import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { returnServerMutations } from '../return/mutations';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Central's pick-up events (admin CLI): a pick-up done is Stängd (closed), one that will not be
 * done (the patient brings the aids back themselves, 000 §1.3) is Makulerad. Each is one
 * transaction of effects through a WriteBatch, so the store's workstation has the new status after
 * its next pull and the aids are free for a new pick-up.
 *
 * Stängd is "återrapporterad" (000 §7.5): the aids were fetched, and a pick-up is made for aids
 * that go back to the central service (003 "Hämtorder skapas för alla hjälpmedel som ska i retur
 * till KHS"). So closing it is also their return, into the store's central store (its parent),
 * made by the shared return rules themselves: a retursedel naming the pick-up, then the return —
 * off the recipient's list (Återlämnat), into the central store's ledger, individuals into
 * rekond there with the pick-up's contact-prescriber flag, sale articles de-registered. An aid
 * the store took back meanwhile is left as it is.
 */
export async function finishPickupOrder(db: Db, ref: string, outcome: 'closed' | 'cancelled', now = new Date()): Promise<Result<string>> {
  const byNumber = /^[0-9]{8}$/.test(ref);
  if (!byNumber && !PROVISIONAL_ORDER_NO.test(ref)) return err('invalid-pickup-no', `${ref} är inget hämtordernummer (ÅÅVVNNNN) eller preliminärt nummer.`);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PickupRow>(
      `SELECT id, order_no, provisional_no, store_id, recipient_id, status, contact_prescriber FROM pickup_order WHERE ${byNumber ? 'order_no' : 'provisional_no'} = $1 ORDER BY id FOR UPDATE`,
      [ref],
    );
    if (rows.length === 0) return err('unknown-pickup-order', `Hämtorder ${ref} finns inte.`);
    if (rows.length > 1) return err('ambiguous-pickup-order', `Det preliminära numret ${ref} hör till flera hämtorder; ange hämtordernumret.`);
    const p = rows[0]!;
    const no = p.order_no ?? p.provisional_no ?? p.id;
    if (!isOpenPickup(p.status)) return err('pickup-not-open', `Hämtorder ${no} har redan status ${PICKUP_STATUS_SV[p.status]}.`);
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    const returned = outcome === 'closed' ? await returnOfPickup(batch, p, no, at) : null;
    if (returned && !returned.ok) return returned;
    await applyEffects(batch, [
      insert('pickup_order_event', { id: randomUUID(), pickup_order_id: p.id, store_id: p.store_id, kind: outcome, document: null, user_id: null, at }),
      update('pickup_order', { id: p.id }, { status: outcome, closed_at: at }),
      ...(returned?.value.effects ?? []),
    ]);
    batch.addCentralAudit(
      outcome === 'closed' ? 'pickupOrder.close' : 'pickupOrder.cancel',
      'pickupOrder',
      p.id,
      { number: no, from: p.status, ...(returned ? { returnedAids: returned.value.aids, toStore: returned.value.storeId } : {}) },
      at,
    );
    await batch.flush();
    if (outcome === 'cancelled') return ok(`Hämtorder ${no} är makulerad.`);
    const r = returned!.value;
    return ok(`Hämtorder ${no} är stängd.${r.aids > 0 ? ` ${r.aids} hjälpmedel återlämnade till lager ${r.storeId}${r.rekond > 0 ? ` (${r.rekond} till rekond)` : ''}.` : ''}`);
  });
}

interface PickupRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  store_id: string;
  recipient_id: string;
  status: PickupOrderStatus;
  contact_prescriber: boolean;
}

/** The return a closed pick-up makes (see finishPickupOrder): the shared rules' effects, or why not. */
async function returnOfPickup(batch: WriteBatch, p: PickupRow, no: string, at: string): Promise<Result<{ effects: Effect[]; aids: number; rekond: number; storeId: string }>> {
  const { rows: stores } = await batch.tx.query<{ parent_store_id: string | null }>('SELECT parent_store_id FROM store WHERE id = $1', [p.store_id]);
  const storeId = stores[0]?.parent_store_id ?? p.store_id;
  const { rows: lines } = await batch.tx.query<{ aid_id: string }>('SELECT aid_id FROM pickup_order_line WHERE pickup_order_id = $1 ORDER BY line_no', [p.id]);
  const receiptId = randomUUID();
  const returnId = randomUUID();
  const lineArgs = lines.map((l) => ({ lineId: randomUUID(), aidId: l.aid_id, outcome: 'stock' as const, movementId: randomUUID(), outMovementId: randomUUID(), textId: randomUUID() }));
  const central: Actor = { userId: 'central', userName: 'Hjälpmedelscentralen', roles: ['storeAdmin'], storeIds: [storeId] };
  const ctx = { actor: central, at };
  const args = { returnId, storeId, recipientId: p.recipient_id, receiptId, contactPrescriber: p.contact_prescriber, lines: lineArgs };
  const facts = await returnServerMutations['return.register'].facts(batch, args, central, storeId, { at });
  // Aids still on the recipient's list (one the store took back itself meanwhile stays as it is).
  const open = lineArgs.filter((l) => {
    const a = facts.aids[l.aidId];
    return a !== undefined && a.returnedAt === null && a.deliveredAt !== null && a.quantity > 0 && (a.individualId === null || facts.individuals[a.individualId]?.status === 'atRecipient');
  });
  if (open.length === 0) return ok({ effects: [], aids: 0, rekond: 0, storeId });
  const aidIds = open.map((l) => l.aidId);
  const receipt = createReceipt.decide(
    { receiptId, storeId, recipientId: p.recipient_id, aidIds, comment: `Hämtorder ${no}` },
    { recipient: facts.recipient, aids: facts.aids },
    ctx,
  );
  if (!receipt.ok) return err(receipt.error.code, `Hämtorder ${no} kan inte stängas: ${receipt.error.message}`);
  const withOutcome = open.map((l) => ({ ...l, outcome: isSaleArticle(facts.aids[l.aidId]!.articleType) ? ('deregister' as const) : ('stock' as const) }));
  const returned = register.decide({ ...args, lines: withOutcome }, { ...facts, receipt: { id: receiptId, recipientId: p.recipient_id, aidIds } }, ctx);
  if (!returned.ok) return err(returned.error.code, `Hämtorder ${no} kan inte stängas: ${returned.error.message}`);
  const rekond = returned.value.effects.filter((e) => e.kind === 'insert' && e.table === 'aid_return_line' && e.row.rekond === 'pending').length;
  return ok({ effects: [...receipt.value.effects, ...returned.value.effects], aids: open.length, rekond, storeId });
}

/**
 * `pickups`: central's view of the pick-ups, newest first: number (and the provisional one), store,
 * reason, status, the aids (article and individual numbers) and the documents printed. No name,
 * address, phone or free text of the recipient (the admin output is seen by operators).
 */
export async function listPickupOrders(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<{ order_no: string | null; provisional_no: string | null; store_id: string; reason: string | null; status: PickupOrderStatus; created_at: string; aids: string | null; printed: string | null }>(
    `SELECT p.order_no, p.provisional_no, p.store_id, r.name AS reason, p.status, p.created_at,
       (SELECT string_agg(a.article_no || coalesce(' individ ' || i.individual_no, '') || ' ' || l.quantity || ' st', ', ' ORDER BY l.line_no)
          FROM pickup_order_line l JOIN article a ON a.id = l.article_id LEFT JOIN individual i ON i.id = l.individual_id WHERE l.pickup_order_id = p.id) AS aids,
       (SELECT string_agg(DISTINCT CASE e.document WHEN 'supplierCopy' THEN 'leverantörskopia' ELSE 'hämtorder' END, ', ') FROM pickup_order_event e WHERE e.pickup_order_id = p.id AND e.kind = 'printed') AS printed
     FROM pickup_order p LEFT JOIN pickup_reason r ON r.id = p.reason_id ORDER BY p.created_at DESC, p.id LIMIT 200`,
  );
  if (rows.length === 0) return ok('Inga hämtorder.');
  return ok(
    ['Hämtorder:']
      .concat(
        rows.map(
          (p) =>
            `  ${p.order_no ?? '(inget nr)'}  prel. ${p.provisional_no ?? '-'}  lager ${p.store_id}  ${PICKUP_STATUS_SV[p.status]}  ${p.reason ?? '(ingen orsak)'}  ${p.aids ?? ''}` +
            (p.printed ? `  utskriven: ${p.printed}` : ''),
        ),
      )
      .join('\n'),
  );
}
