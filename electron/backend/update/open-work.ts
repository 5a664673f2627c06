import type { OpenWork } from '../../../shared/domain/update/install';
import { PICK_LIST_DOCUMENT } from '../order/cancel';
import type { Db } from '../db/replica';
import { getSetting } from '../db/settings';
import { CLIENT_ID_KEY } from '../sync/state';

/**
 * What is in progress on this workstation (shared/domain/update/install.ts decides from it whether
 * a downloaded update may be installed): read from the replica, so it holds across restarts and
 * whatever screen is open.
 *
 * - Goods receipts: purchase orders with a saved receipt draft (`receipt_draft`, local only: a
 *   receipt being scanned here; the draft is removed when it is approved or cancelled).
 * - Counts: stocktakes of the own store still counting in which this workstation (its sync client
 *   id) has counted or holds a zone. A colleague's count elsewhere does not hold this machine back.
 * - Hand-outs: orders För plock whose pick list was printed on this workstation (`document_print`),
 *   i.e. an utleverans begun here and not finished; the order leaves picking with its last line.
 */
export function openWorkReader(db: Db, ownStoreId: string): () => OpenWork {
  const receipts = db.prepare<[], { n: number }>('SELECT count(DISTINCT purchase_order_id) AS n FROM receipt_draft');
  const counts = db.prepare<[string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM stocktake s WHERE s.store_id = ? AND s.status = 'counting'
       AND (EXISTS (SELECT 1 FROM stocktake_count c WHERE c.stocktake_id = s.id AND c.client_id = ?)
         OR EXISTS (SELECT 1 FROM stocktake_zone_assignment z WHERE z.stocktake_id = s.id AND z.client_id = ?))`,
  );
  const handOuts = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM customer_order o WHERE o.status = 'picking'
       AND EXISTS (SELECT 1 FROM document_print d WHERE d.kind = ? AND d.ref = o.id)`,
  );
  return () => {
    // No client id yet: this workstation has never counted (the stocktake handlers make it first).
    const clientId = getSetting(db, CLIENT_ID_KEY) ?? '';
    return {
      goodsReceipts: receipts.get()!.n,
      stocktakeCounts: clientId === '' ? 0 : counts.get(ownStoreId, clientId, clientId)!.n,
      handOuts: handOuts.get(PICK_LIST_DOCUMENT)!.n,
    };
  };
}
