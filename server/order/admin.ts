import { randomUUID } from 'node:crypto';
import { isValidDate } from '../../shared/identifiers';
import { err, ok, type Result } from '../../shared/result';
import type { Db, Tx } from '../db/db';
import { movementEffects } from '../../shared/domain/stock/mutations';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Central order events (admin CLI): shipping an order and moving its delivery date. Orders are
 * replicated to the ordering store (schema version 2), as is what a shipment does to it — ledger
 * movements, balances, individuals arriving.
 */

interface OrderRow {
  order_no: string;
  store_id: string;
  from_store_id: string;
  status: string;
  delivery_date: string | null;
}

async function lockOrder(tx: Tx, orderNo: string): Promise<OrderRow | undefined> {
  const { rows } = await tx.query<OrderRow>(
    'SELECT order_no, store_id, from_store_id, status, delivery_date FROM customer_order WHERE order_no = $1 FOR UPDATE',
    [orderNo],
  );
  return rows[0];
}

const STATUS_SV: Record<string, string> = {
  registered: 'Registrerad',
  picking: 'För plock',
  shipped: 'Utlevererad',
  delivered: 'Levererad',
  cancelled: 'Makulerad',
};

/**
 * Ships an order from its sending store: an issue (utleverans) out of the sending store and, since
 * deliveries from the central store arrive already confirmed, a goods receipt into the ordering
 * store; tracked individuals move to the ordering store. One transaction.
 */
export async function shipOrder(db: Db, orderNo: string, now = new Date()): Promise<Result<string>> {
  if (!/^[0-9]{8}$/.test(orderNo)) return err('invalid-order-no', 'Ordernumret ska ha 8 siffror (ÅÅVVNNNN).');
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    if (!order) return err('unknown-order', `Order ${orderNo} finns inte.`);
    if (order.status !== 'registered' && order.status !== 'picking') {
      return err('order-not-shippable', `Order ${orderNo} har status ${STATUS_SV[order.status] ?? order.status} och kan inte utlevereras.`);
    }
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    const { rows: lines } = await tx.query<{ line_no: number; article_id: string; quantity: number; individual_id: string | null }>(
      'SELECT line_no, article_id, quantity, individual_id FROM customer_order_line WHERE order_no = $1 ORDER BY line_no',
      [orderNo],
    );
    // Check every line before writing anything: a refusal must change nothing.
    const individuals = new Map<string, { status: string; scope_store_ids: string[] }>();
    for (const line of lines) {
      if (line.individual_id === null) continue;
      const { rows } = await tx.query<{ status: string; store_id: string | null; individual_no: string; scope_store_ids: string[] }>(
        'SELECT status, store_id, individual_no, scope_store_ids FROM individual WHERE id = $1 FOR UPDATE',
        [line.individual_id],
      );
      const individual = rows[0];
      if (!individual || individual.store_id !== order.from_store_id || (individual.status !== 'inStore' && individual.status !== 'reserved')) {
        return err('individual-not-available', `Individ ${individual?.individual_no ?? line.individual_id} på rad ${line.line_no} finns inte i lager ${order.from_store_id}.`);
      }
      individuals.set(line.individual_id, individual);
    }
    for (const line of lines) {
      let reservedOut = 0;
      const individual = line.individual_id !== null ? individuals.get(line.individual_id) : undefined;
      if (line.individual_id !== null && individual) {
        if (individual.status === 'reserved') reservedOut = 1;
        const scopes = individual.scope_store_ids.includes(order.store_id) ? individual.scope_store_ids : [...individual.scope_store_ids, order.store_id];
        await tx.query("UPDATE individual SET store_id = $2, status = 'inStore', location = NULL, scope_store_ids = $3::text[] WHERE id = $1", [
          line.individual_id,
          order.store_id,
          scopes,
        ]);
        batch.changes.upsert('individual', line.individual_id, scopes);
        if (!individual.scope_store_ids.includes(order.store_id)) {
          // The individual's history (texts) follows it into the new store's replica.
          const { rows: texts } = await tx.query<{ id: string }>('SELECT id FROM individual_text WHERE individual_id = $1', [line.individual_id]);
          for (const t of texts) batch.changes.upsert('individual_text', t.id, [order.store_id]);
        }
      }
      const articleNo = (await tx.query<{ article_no: string }>('SELECT article_no FROM article WHERE id = $1', [line.article_id])).rows[0]!.article_no;
      const movements = [
        { storeId: order.from_store_id, quantity: -line.quantity, reason: 'issue' as const },
        { storeId: order.store_id, quantity: line.quantity, reason: 'goodsReceipt' as const },
      ];
      for (const m of movements) {
        const common = { storeId: m.storeId, articleId: line.article_id, articleNo, individualId: line.individual_id, quantity: m.quantity };
        await applyEffects(
          batch,
          movementEffects({ ...common, id: randomUUID(), reason: m.reason, reference: orderNo, note: `Order ${orderNo} rad ${line.line_no}`, userId: null, at }),
        );
      }
      // A reserved individual leaves the sending store's reservations too.
      if (reservedOut > 0) {
        batch.addCounters('stock_balance', { store_id: order.from_store_id, article_id: line.article_id }, { reserved: -reservedOut }, { article_no: articleNo });
      }
    }
    await tx.query("UPDATE customer_order SET status = 'shipped', shipped_at = $2 WHERE order_no = $1", [orderNo, at]);
    batch.changes.upsert('customer_order', orderNo, [order.store_id]);
    batch.addCentralAudit('order.ship', 'customerOrder', orderNo, { lines: lines.length, from: order.from_store_id, to: order.store_id }, at);
    await batch.flush();
    return ok(`Order ${orderNo} är utlevererad från lager ${order.from_store_id} till lager ${order.store_id} (${lines.length} rader).`);
  });
}

export async function moveDeliveryDate(db: Db, orderNo: string, date: string, now = new Date()): Promise<Result<string>> {
  if (!/^[0-9]{8}$/.test(orderNo)) return err('invalid-order-no', 'Ordernumret ska ha 8 siffror (ÅÅVVNNNN).');
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) return err('invalid-date', `${date} är inget giltigt datum (ÅÅÅÅ-MM-DD).`);
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    if (!order) return err('unknown-order', `Order ${orderNo} finns inte.`);
    if (order.status !== 'registered' && order.status !== 'picking') {
      return err('order-not-movable', `Order ${orderNo} har status ${STATUS_SV[order.status] ?? order.status}; leveransdatum kan inte ändras.`);
    }
    const batch = new WriteBatch(tx, null);
    await tx.query('UPDATE customer_order SET delivery_date = $2 WHERE order_no = $1', [orderNo, date]);
    batch.changes.upsert('customer_order', orderNo, [order.store_id]);
    batch.addCentralAudit('order.moveDeliveryDate', 'customerOrder', orderNo, { from: order.delivery_date, to: date }, now.toISOString());
    await batch.flush();
    return ok(`Leveransdatum för order ${orderNo} är ändrat från ${order.delivery_date ?? '–'} till ${date}.`);
  });
}

export async function listOrders(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<OrderRow & { lines: number }>(
    `SELECT o.order_no, o.store_id, o.from_store_id, o.status, o.delivery_date, count(l.line_no)::int AS lines
     FROM customer_order o LEFT JOIN customer_order_line l ON l.order_no = o.order_no
     GROUP BY o.order_no ORDER BY o.order_no`,
  );
  if (rows.length === 0) return ok('Inga order.');
  return ok(
    rows
      .map((o) => `${o.order_no}  lager ${o.from_store_id} → ${o.store_id}  ${STATUS_SV[o.status] ?? o.status}  leverans ${o.delivery_date ?? '–'}  ${o.lines} rader`)
      .join('\n'),
  );
}
