import { randomUUID } from 'node:crypto';
import { update, type Effect } from '../../shared/domain/effects';
import type { OrderLineRoute, OrderLineStatus, OrderStatus, PurchaseOrderStatus } from '../../shared/domain/model';
import { deliveryDateMovedText, messageEffect, orderDeliveredText, orderShippedText, type MessageKind, type OrderEvent } from '../../shared/domain/message/messages';
import { pickListRow } from '../../shared/domain/order/picking';
import { openActivityRefusal } from '../../shared/domain/activity/rules';
import { PROVISIONAL_ORDER_NO } from '../../shared/domain/order/rules';
import { movementEffects } from '../../shared/domain/stock/mutations';
import { isValidDate } from '../../shared/identifiers';
import { err, ok, type Result } from '../../shared/result';
import type { Db, Tx } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';
import { openActivitiesOf } from '../activity/admin';

/**
 * Central order events (admin CLI): shipping an order's central lines, a supplier's delivery of a
 * purchase order, moving a delivery date, the list of orders. Each is one transaction of effects
 * through a WriteBatch, so what it does — to the order, its lines, the purchase order, the ledger,
 * balances and individuals — reaches the ordering store's replica with its next pull.
 *
 * Statuses (shared/domain/model.ts): a line shipped from the central store is `shipped` (central
 * deliveries arrive already confirmed: the goods receipt into the ordering store is written with
 * the shipment); a purchase order the supplier has delivered, and its lines, are `delivered` until
 * the store's receipt (`goodsReceipt.approve`) makes them `received`. The order itself moves when
 * the last of its lines has arrived: `shipped` (Utlevererad) when all came from the central store,
 * `delivered` (Levererad) when a purchase part was received too; while a purchase line is on its
 * way the order stays `registered` (the receipt then closes it).
 */

interface OrderRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  store_id: string;
  from_store_id: string;
  status: OrderStatus;
  delivery_date: string | null;
  shipped_at: string | null;
  user_id: string | null;
  recipient_id: string | null;
}

const ORDER_COLUMNS = 'id, order_no, provisional_no, store_id, from_store_id, status, delivery_date, shipped_at, user_id, recipient_id';

const STATUS_SV: Record<OrderStatus, string> = {
  registered: 'Registrerad',
  picking: 'För plock',
  shipped: 'Utlevererad',
  delivered: 'Levererad',
  cancelled: 'Makulerad',
};
const LINE_STATUS_SV: Record<OrderLineStatus, string> = {
  registered: 'Registrerad',
  shipped: 'Utlevererad',
  ordered: 'Beställd',
  delivered: 'Levererad',
  received: 'Kvitterad',
  cancelled: 'Makulerad',
};
const ROUTE_SV: Record<OrderLineRoute, string> = { central: 'centrallagret', purchase: 'inköp' };
const PO_STATUS_SV: Record<PurchaseOrderStatus, string> = { ordered: 'Beställd', delivered: 'Levererad', received: 'Kvitterad', cancelled: 'Makulerad' };

/** Lines still on their way (the order is not complete while one is). */
const OPEN: readonly OrderLineStatus[] = ['registered', 'ordered', 'delivered'];

const INVALID_REF = 'Ange ordernumret (8 siffror, ÅÅVVNNNN) eller det preliminära numret (t.ex. P50301-7F3A-0042).';

/** The order by its case number or its provisional number, locked. */
async function lockOrder(tx: Tx, ref: string): Promise<Result<OrderRow>> {
  const byCase = /^[0-9]{8}$/.test(ref);
  if (!byCase && !PROVISIONAL_ORDER_NO.test(ref)) return err('invalid-order-no', INVALID_REF);
  const { rows } = await tx.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM customer_order WHERE ${byCase ? 'order_no' : 'provisional_no'} = $1 ORDER BY id FOR UPDATE`,
    [ref],
  );
  if (rows.length === 0) return err('unknown-order', `Order ${ref} finns inte.`);
  if (rows.length > 1) return err('ambiguous-order', `Det preliminära numret ${ref} hör till flera order; ange ordernumret.`);
  return ok(rows[0]!);
}

const shown = (o: OrderRow) => o.order_no ?? o.provisional_no ?? o.id;

/** What a message about the order may say (never the recipient's name). */
async function orderEvent(tx: Tx, order: OrderRow): Promise<OrderEvent> {
  if (order.recipient_id === null) return { orderNo: shown(order), recipientKind: null };
  const { rows } = await tx.query<{ kind: 'patient' | 'careUnit' }>('SELECT kind FROM recipient WHERE id = $1', [order.recipient_id]);
  return { orderNo: shown(order), recipientKind: rows[0]?.kind ?? null };
}

/** A message to the person who placed the order (everyone in the ordering store when unknown). */
const orderMessage = (order: OrderRow, kind: MessageKind, text: string, at: string) =>
  messageEffect({ id: randomUUID(), storeId: order.store_id, userId: order.user_id, kind, orderId: order.id, text, at });

interface LineRow {
  line_no: number;
  article_id: string;
  article_no: string;
  tracked: boolean;
  quantity: number;
  individual_id: string | null;
  status: OrderLineStatus;
  route: OrderLineRoute | null;
  purchase_order_no: string | null;
}

async function orderLines(tx: Tx, orderId: string): Promise<LineRow[]> {
  const { rows } = await tx.query<LineRow>(
    `SELECT l.line_no, l.article_id, a.article_no, a.tracked_individually AS tracked, l.quantity, l.individual_id, l.status, l.route, p.purchase_order_no
     FROM customer_order_line l JOIN article a ON a.id = l.article_id LEFT JOIN purchase_order p ON p.id = l.purchase_order_id
     WHERE l.order_id = $1 ORDER BY l.line_no`,
    [orderId],
  );
  return rows;
}

interface Picked {
  id: string;
  individualNo: string;
  scopeStoreIds: string[];
}

/**
 * Ships an order's lines routed to the central store that are still registered, from the sending
 * store: an issue (utleverans) out of it, its reservation (made when central routed the order)
 * released, and — deliveries from the central store arrive already confirmed — a goods receipt
 * into the ordering store. Tracked articles ship as individuals: the one a line names, else
 * individuals of the article "i lager" in the sending store (lowest numbers first); they move to
 * the ordering store. Every line is checked before anything is written: a refusal changes nothing.
 * `ref`: the case number, or the provisional number the store knows the order by.
 */
export async function shipOrder(db: Db, ref: string, now = new Date()): Promise<Result<string>> {
  return db.transaction(async (tx) => {
    const found = await lockOrder(tx, ref);
    if (!found.ok) return found;
    const order = found.value;
    const no = shown(order);
    if (order.status !== 'registered' && order.status !== 'picking') {
      return err('order-not-shippable', `Order ${no} har status ${STATUS_SV[order.status] ?? order.status} och kan inte utlevereras.`);
    }
    // An activity linked to the order (aktivitet kopplad till kundorder): the order waits for it.
    const waiting = openActivityRefusal(no, await openActivitiesOf(tx, order.id));
    if (waiting) return err('activity-open', waiting);
    const lines = await orderLines(tx, order.id);
    const toShip = lines.filter((l) => l.status === 'registered' && l.route === 'central');
    if (toShip.length === 0) {
      const waiting = lines.filter((l) => l.route === 'purchase' && OPEN.includes(l.status));
      return err(
        'nothing-to-ship',
        `Order ${no} har inga rader att utleverera från lager ${order.from_store_id}` +
          (waiting.length > 0 ? `: ${waiting.length === 1 ? 'raden beställs' : 'raderna beställs'} från leverantören (inköpsorder ${[...new Set(waiting.map((l) => l.purchase_order_no ?? '–'))].join(', ')}).` : '.'),
      );
    }

    // The sending store's balances, locked in key order (as push locks them).
    const articleIds = [...new Set(toShip.map((l) => l.article_id))].sort();
    const { rows: balanceRows } = await tx.query<{ article_id: string; on_hand: number; reserved: number }>(
      `SELECT article_id, on_hand, reserved FROM stock_balance WHERE store_id = $1 AND article_id = ANY($2::text[])
       ORDER BY (store_id || '|' || article_id) COLLATE "C" FOR NO KEY UPDATE`,
      [order.from_store_id, articleIds],
    );
    const balances = new Map(balanceRows.map((b) => [b.article_id, b]));
    const short = (l: LineRow, need: number, have: number, unit: string) =>
      err(
        'not-enough-stock',
        `Lager ${order.from_store_id} har inte tillräckligt för order ${no}: artikel ${l.article_no} behöver ${need} ${unit}, ${have} finns. Inget har utlevererats.`,
      );
    const need = new Map<string, number>();
    for (const l of toShip) if (!l.tracked) need.set(l.article_id, (need.get(l.article_id) ?? 0) + l.quantity);
    for (const l of toShip) {
      if (l.tracked) continue;
      const have = balances.get(l.article_id)?.on_hand ?? 0;
      if (have < need.get(l.article_id)!) return short(l, need.get(l.article_id)!, have, 'st');
    }
    // Tracked lines: the named individual, else picked in the sending store.
    const picked = new Map<number, Picked[]>();
    const taken = new Set(toShip.map((l) => l.individual_id).filter((id): id is string => id !== null));
    for (const l of toShip) {
      if (l.individual_id !== null) {
        const { rows } = await tx.query<{ status: string; store_id: string | null; individual_no: string; scope_store_ids: string[] }>(
          'SELECT status, store_id, individual_no, scope_store_ids FROM individual WHERE id = $1 FOR UPDATE',
          [l.individual_id],
        );
        const ind = rows[0];
        if (!ind || ind.store_id !== order.from_store_id || (ind.status !== 'inStore' && ind.status !== 'reserved')) {
          return err('individual-not-available', `Individ ${ind?.individual_no ?? l.individual_id} på rad ${l.line_no} finns inte i lager ${order.from_store_id}.`);
        }
        picked.set(l.line_no, [{ id: l.individual_id, individualNo: ind.individual_no, scopeStoreIds: ind.scope_store_ids }]);
        continue;
      }
      if (!l.tracked) continue;
      // SKIP LOCKED: an individual another transaction is moving is not waited for (nor shipped twice).
      const { rows } = await tx.query<{ id: string; individual_no: string; scope_store_ids: string[] }>(
        `SELECT id, individual_no, scope_store_ids FROM individual
         WHERE article_id = $1 AND store_id = $2 AND status = 'inStore' AND NOT (id = ANY($3::text[]))
         ORDER BY individual_no LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [l.article_id, order.from_store_id, [...taken], l.quantity],
      );
      if (rows.length < l.quantity) return short(l, l.quantity, rows.length, rows.length === 1 ? 'individ' : 'individer');
      for (const r of rows) taken.add(r.id);
      picked.set(
        l.line_no,
        rows.map((r) => ({ id: r.id, individualNo: r.individual_no, scopeStoreIds: r.scope_store_ids })),
      );
    }

    const at = now.toISOString();
    // An order to a patient or a care unit goes from the sending store to the recipient, not into the
    // ordering store: it is delivered (Levererad) and its lines' aids on the recipient's list get
    // the delivered quantity, date and individual.
    const toRecipient = order.recipient_id !== null;
    const { rows: aids } = toRecipient
      ? await tx.query<{ id: string; line_no: number | null; ordered_quantity: number }>('SELECT id, line_no, ordered_quantity FROM aid WHERE order_id = $1 ORDER BY id', [order.id])
      : { rows: [] };
    const batch = new WriteBatch(tx, null);
    const reservedLeft = new Map(balanceRows.map((b) => [b.article_id, b.reserved]));
    const effects: Effect[] = [];
    for (const l of toShip) {
      const common = { articleId: l.article_id, articleNo: l.article_no, reference: no, note: `Order ${no} rad ${l.line_no}`, userId: null, at };
      const units = picked.get(l.line_no);
      const moves = units ? units.map((u) => ({ individualId: u.id as string | null, quantity: 1 })) : [{ individualId: null, quantity: l.quantity }];
      for (const m of moves) {
        effects.push(...movementEffects({ ...common, id: randomUUID(), storeId: order.from_store_id, individualId: m.individualId, quantity: -m.quantity, reason: 'issue' }));
        if (!toRecipient) {
          effects.push(...movementEffects({ ...common, id: randomUUID(), storeId: order.store_id, individualId: m.individualId, quantity: m.quantity, reason: 'goodsReceipt' }));
        }
      }
      if (toRecipient) {
        const lineAids = aids.filter((a) => a.line_no === l.line_no);
        lineAids.forEach((a, i) => {
          const unit = units?.[i];
          effects.push(update('aid', { id: a.id }, { quantity: a.ordered_quantity, delivered_at: at, ...(unit ? { individual_id: unit.id } : {}) }));
        });
      }
      for (const u of units ?? []) {
        effects.push(
          update('individual', { id: u.id }, toRecipient ? { store_id: null, status: 'atRecipient', location: null } : { store_id: order.store_id, status: 'inStore', location: null }),
        );
        if (!toRecipient && !u.scopeStoreIds.includes(order.store_id)) {
          // The individual's history (texts) follows it into the new store's replica.
          const { rows: texts } = await tx.query<{ id: string }>('SELECT id FROM individual_text WHERE individual_id = $1', [u.id]);
          for (const t of texts) batch.changes.upsert('individual_text', t.id, [order.store_id]);
        }
      }
      // The reservation central made when it routed the line here (never below zero: orders from
      // before schema 3 reserved nothing).
      const left = reservedLeft.get(l.article_id) ?? 0;
      const release = Math.min(l.quantity, Math.max(0, left));
      if (release > 0) {
        reservedLeft.set(l.article_id, left - release);
        batch.addCounters('stock_balance', { store_id: order.from_store_id, article_id: l.article_id }, { reserved: -release }, { article_no: l.article_no });
      }
      const individualId = l.individual_id ?? (units?.length === 1 && l.quantity === 1 ? units[0]!.id : null);
      effects.push(update('customer_order_line', { order_id: order.id, line_no: l.line_no }, { status: 'shipped', individual_id: individualId }));
    }
    const shippedNow = new Set(toShip.map((l) => l.line_no));
    const stillOpen = lines.filter((l) => !shippedNow.has(l.line_no) && OPEN.includes(l.status));
    const status: OrderStatus =
      stillOpen.length > 0 ? order.status : toRecipient || lines.some((l) => l.status === 'received') ? 'delivered' : 'shipped';
    effects.push(update('customer_order', { id: order.id }, { status, shipped_at: order.shipped_at ?? at }));
    if (status !== order.status) {
      const event = await orderEvent(tx, order);
      effects.push(
        status === 'delivered'
          ? orderMessage(order, 'orderDelivered', orderDeliveredText(event), at)
          : orderMessage(order, 'orderShipped', orderShippedText(event, order.from_store_id), at),
      );
    }
    await applyEffects(batch, effects);
    batch.addCentralAudit(
      'order.ship',
      'customerOrder',
      order.id,
      { orderNo: no, lines: toShip.map((l) => l.line_no), individuals: [...picked.values()].flat().map((u) => u.individualNo), from: order.from_store_id, to: order.store_id },
      at,
    );
    await batch.flush();
    if (toRecipient && stillOpen.length === 0) {
      return ok(`Order ${no} är levererad från lager ${order.from_store_id} till mottagaren (${toShip.length} ${toShip.length === 1 ? 'rad' : 'rader'}).`);
    }
    const rest = stillOpen.length > 0 ? ` ${stillOpen.length} ${stillOpen.length === 1 ? 'rad väntar' : 'rader väntar'} på leverantören.` : '';
    return ok(`Order ${no} är utlevererad från lager ${order.from_store_id} till lager ${order.store_id} (${toShip.length} ${toShip.length === 1 ? 'rad' : 'rader'}).${rest}`);
  });
}

/**
 * The supplier's delivery of a purchase order has arrived at the ordering store: the purchase order
 * and its ordered lines become `delivered`, and the store confirms the delivery with its goods
 * receipt (kvittens) on the workstation.
 */
export async function deliverPurchaseOrder(db: Db, purchaseOrderNo: string, now = new Date()): Promise<Result<string>> {
  if (!/^[0-9]{8}$/.test(purchaseOrderNo)) return err('invalid-purchase-order-no', 'Inköpsordernumret ska ha 8 siffror (ÅÅVVNNNN).');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; order_id: string; store_id: string; status: PurchaseOrderStatus; order_no: string | null }>(
      `SELECT p.id, p.order_id, p.store_id, p.status, o.order_no FROM purchase_order p JOIN customer_order o ON o.id = p.order_id
       WHERE p.purchase_order_no = $1 FOR UPDATE OF p`,
      [purchaseOrderNo],
    );
    const po = rows[0];
    if (!po) return err('unknown-purchase-order', `Inköpsorder ${purchaseOrderNo} finns inte.`);
    if (po.status !== 'ordered') {
      return err('purchase-order-not-deliverable', `Inköpsorder ${purchaseOrderNo} har status ${PO_STATUS_SV[po.status] ?? po.status} och kan inte markeras som levererad.`);
    }
    const { rows: lines } = await tx.query<{ line_no: number }>(
      "SELECT line_no FROM customer_order_line WHERE purchase_order_id = $1 AND status = 'ordered' ORDER BY line_no",
      [po.id],
    );
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    await applyEffects(batch, [
      update('purchase_order', { id: po.id }, { status: 'delivered', delivered_at: at }),
      ...lines.map((l) => update('customer_order_line', { order_id: po.order_id, line_no: l.line_no }, { status: 'delivered' })),
    ]);
    batch.addCentralAudit('purchaseOrder.deliver', 'purchaseOrder', po.id, { purchaseOrderNo, orderNo: po.order_no, lines: lines.length }, at);
    await batch.flush();
    return ok(
      `Inköpsorder ${purchaseOrderNo} (order ${po.order_no ?? '–'}) är levererad till lager ${po.store_id} (${lines.length} ${lines.length === 1 ? 'rad' : 'rader'}); lagret kvitterar leveransen.`,
    );
  });
}

/**
 * Central starts picking an order it sends from the central store (a prescription, an order for a
 * care unit, a store's replenishment): the order becomes För plock, with the same pick-list row a
 * workstation's printed pick list writes, so it can no longer be cancelled at the workstation.
 * `central ship` then ships it as from Registrerad.
 */
export async function startPicking(db: Db, ref: string, now = new Date()): Promise<Result<string>> {
  return db.transaction(async (tx) => {
    const found = await lockOrder(tx, ref);
    if (!found.ok) return found;
    const order = found.value;
    const no = shown(order);
    const { rows } = await tx.query<{ kind: string }>('SELECT kind FROM store WHERE id = $1', [order.from_store_id]);
    if (rows[0]?.kind !== 'central') {
      return err('order-not-central', `Order ${no} tas ur lager ${order.from_store_id}s eget förråd: den plockas där (plocklistan på arbetsstationen).`);
    }
    if (order.status === 'picking') return ok(`Order ${no} har redan status För plock.`);
    if (order.status !== 'registered') {
      return err('order-not-pickable', `Order ${no} har status ${STATUS_SV[order.status] ?? order.status} och kan inte plockas.`);
    }
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    await applyEffects(batch, [
      pickListRow({ id: randomUUID(), orderId: order.id, storeId: order.store_id, userId: null, at }),
      update('customer_order', { id: order.id }, { status: 'picking' }),
    ]);
    batch.addCentralAudit('order.startPicking', 'customerOrder', order.id, { orderNo: no }, at);
    await batch.flush();
    return ok(`Order ${no} har status För plock i lager ${order.from_store_id}; den kan inte längre makuleras.`);
  });
}

export async function moveDeliveryDate(db: Db, ref: string, date: string, now = new Date()): Promise<Result<string>> {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) return err('invalid-date', `${date} är inget giltigt datum (ÅÅÅÅ-MM-DD).`);
  return db.transaction(async (tx) => {
    const found = await lockOrder(tx, ref);
    if (!found.ok) return found;
    const order = found.value;
    const no = shown(order);
    if (order.status !== 'registered' && order.status !== 'picking') {
      return err('order-not-movable', `Order ${no} har status ${STATUS_SV[order.status] ?? order.status}; leveransdatum kan inte ändras.`);
    }
    const batch = new WriteBatch(tx, null);
    const at = now.toISOString();
    await applyEffects(batch, [
      update('customer_order', { id: order.id }, { delivery_date: date }),
      orderMessage(order, 'deliveryDateMoved', deliveryDateMovedText(await orderEvent(tx, order), order.delivery_date, date), at),
    ]);
    batch.addCentralAudit('order.moveDeliveryDate', 'customerOrder', order.id, { orderNo: no, from: order.delivery_date, to: date }, at);
    await batch.flush();
    return ok(`Leveransdatum för order ${no} är ändrat från ${order.delivery_date ?? '–'} till ${date}.`);
  });
}

/** Every order with its lines (route, status) and purchase orders, newest case numbers last. */
export async function listOrders(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<OrderRow & { kind: string; supplier_id: string | null; lines: unknown; purchase_orders: unknown }>(
    `SELECT ${ORDER_COLUMNS.split(', ')
      .map((c) => `o.${c}`)
      .join(', ')}, o.kind, o.supplier_id,
       (SELECT json_agg(json_build_object('line_no', l.line_no, 'article_no', a.article_no, 'quantity', l.quantity, 'status', l.status, 'route', l.route,
          'purchase_order_no', p.purchase_order_no) ORDER BY l.line_no)
        FROM customer_order_line l JOIN article a ON a.id = l.article_id LEFT JOIN purchase_order p ON p.id = l.purchase_order_id
        WHERE l.order_id = o.id) AS lines,
       (SELECT json_agg(json_build_object('purchase_order_no', p.purchase_order_no, 'status', p.status) ORDER BY p.purchase_order_no)
        FROM purchase_order p WHERE p.order_id = o.id) AS purchase_orders
     FROM customer_order o ORDER BY o.order_no NULLS LAST, o.created_at, o.id`,
  );
  if (rows.length === 0) return ok('Inga order.');
  const parse = <T>(raw: unknown): T[] => ((typeof raw === 'string' ? JSON.parse(raw) : raw) as T[] | null) ?? [];
  const out: string[] = [];
  for (const o of rows) {
    const provisional = o.provisional_no && o.provisional_no !== o.order_no ? `  (prel. ${o.provisional_no})` : '';
    out.push(
      `${shown(o)}${provisional}  lager ${o.from_store_id} → ${o.store_id}  ${STATUS_SV[o.status] ?? o.status}  leverans ${o.delivery_date ?? '–'}` +
        (o.supplier_id ? `  leverantör ${o.supplier_id}` : ''),
    );
    for (const l of parse<{ line_no: number; article_no: string; quantity: number; status: OrderLineStatus; route: OrderLineRoute | null; purchase_order_no: string | null }>(o.lines)) {
      out.push(
        `  rad ${l.line_no}  artikel ${l.article_no}  ${l.quantity} st  ${l.route ? ROUTE_SV[l.route] : 'ej fördelad'}  ${LINE_STATUS_SV[l.status] ?? l.status}` +
          (l.purchase_order_no ? `  inköpsorder ${l.purchase_order_no}` : ''),
      );
    }
    for (const p of parse<{ purchase_order_no: string; status: PurchaseOrderStatus }>(o.purchase_orders)) {
      out.push(`  inköpsorder ${p.purchase_order_no}  ${PO_STATUS_SV[p.status] ?? p.status}`);
    }
  }
  return ok(out.join('\n'));
}
