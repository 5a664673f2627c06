import { randomUUID } from 'node:crypto';
import type { OrderSearchRow } from '../../../shared/api/customer-order';
import { cancelRefusal } from '../../../shared/domain/order/cancel';
import { nextDay, parseOrderNumberQuery, swedishDayStart } from '../../../shared/domain/order/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { pdfAnswer, rendered, safeFileName } from '../documents';
import { renderPrescriberReport } from '../documents/prescriber-report';
import type { HandlerGroup } from '../handlers';
import { cancelFactsReader } from './cancel';

/** Orders placed for patients and care units (not the store's own replenishments). */
const RECIPIENT_KINDS = "('prescription','directPrescription','careUnitOrder','directCareUnitOrder')";

interface SearchRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  kind: OrderSearchRow['kind'];
  status: OrderSearchRow['status'];
  created_at: string;
  delivery_date: string | null;
  user_id: string | null;
  user_name: string | null;
  service_point_id: string | null;
  service_point_name: string | null;
  recipient_kind: 'patient' | 'careUnit' | null;
  lines: number;
  quantity: number;
}

/**
 * Mina beställningar and Sök kundorder (manual 000 §7.3), makulering (§7.2) and Rekvirerat per
 * förskrivare, over the replica: they work offline. The order-number field takes a whole number or
 * a YY / YYWW prefix (shared/domain/order/search.ts); orders made offline are found by their
 * provisional number.
 */
export function customerOrderHandlers(ctx: BackendContext): HandlerGroup<'customerOrder'> {
  const db = ctx.db;
  const cancelFacts = cancelFactsReader(db);
  const users = db.prepare<[string], { id: string; name: string }>(
    `SELECT DISTINCT u.id, u.name FROM app_user u JOIN user_service_point usp ON usp.user_id = u.id JOIN service_point sp ON sp.id = usp.service_point_id
     WHERE sp.store_id = ? ORDER BY u.name`,
  );
  const servicePoints = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM service_point WHERE store_id = ? ORDER BY id');
  const store = db.prepare<[string], { name: string; issuer: string | null }>('SELECT s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?');
  const byPrescriber = db.prepare<{ storeId: string; from: string; to: string; userId: string | null }, {
    user_id: string | null;
    user_name: string | null;
    article_id: string;
    article_no: string;
    article_name: string;
    orders: number;
    quantity: number;
    value_ore: number;
  }>(
    `SELECT o.user_id, u.name AS user_name, l.article_id, a.article_no, a.name AS article_name,
       count(DISTINCT o.id) AS orders, sum(l.quantity) AS quantity, sum(l.quantity * l.price_ore) AS value_ore
     FROM customer_order o JOIN customer_order_line l ON l.order_id = o.id JOIN article a ON a.id = l.article_id LEFT JOIN app_user u ON u.id = o.user_id
     WHERE o.store_id = @storeId AND o.kind IN ${RECIPIENT_KINDS} AND o.status <> 'cancelled' AND l.status <> 'cancelled'
       AND o.created_at >= @from AND o.created_at < @to AND (@userId IS NULL OR o.user_id = @userId)
     GROUP BY o.user_id, u.name, l.article_id, a.article_no, a.name
     ORDER BY u.name IS NULL, u.name, o.user_id, a.article_no`,
  );

  const report = (q: { from: string; to: string; userId?: string | undefined }) => {
    const rows = byPrescriber
      .all({ storeId: ctx.ownStoreId, from: swedishDayStart(q.from), to: swedishDayStart(nextDay(q.to)), userId: q.userId ?? null })
      .map((r) => ({
        userId: r.user_id,
        userName: r.user_name ?? 'Okänd förskrivare',
        articleId: r.article_id,
        articleNo: r.article_no,
        articleName: r.article_name,
        orders: r.orders,
        quantity: r.quantity,
        valueOre: r.value_ore,
      }));
    const totals = new Map<string, { userId: string | null; userName: string; quantity: number; valueOre: number; ordersCount: number }>();
    for (const r of rows) {
      const key = r.userId ?? '';
      const t = totals.get(key) ?? { userId: r.userId, userName: r.userName, quantity: 0, valueOre: 0, ordersCount: 0 };
      t.quantity += r.quantity;
      t.valueOre += r.valueOre;
      totals.set(key, t);
    }
    // Orders per prescriber (an order with several articles counts once).
    const orderCounts = db
      .prepare<{ storeId: string; from: string; to: string; userId: string | null }, { user_id: string | null; n: number }>(
        `SELECT o.user_id, count(*) AS n FROM customer_order o
         WHERE o.store_id = @storeId AND o.kind IN ${RECIPIENT_KINDS} AND o.status <> 'cancelled' AND o.created_at >= @from AND o.created_at < @to
           AND (@userId IS NULL OR o.user_id = @userId) GROUP BY o.user_id`,
      )
      .all({ storeId: ctx.ownStoreId, from: swedishDayStart(q.from), to: swedishDayStart(nextDay(q.to)), userId: q.userId ?? null });
    for (const c of orderCounts) {
      const t = totals.get(c.user_id ?? '');
      if (t) t.ordersCount = c.n;
    }
    return {
      from: q.from,
      to: q.to,
      rows,
      totals: [...totals.values()].map((t) => ({ userId: t.userId, userName: t.userName, orders: t.ordersCount, quantity: t.quantity, valueOre: t.valueOre })),
    };
  };

  return {
    'customerOrder.search': (q, user) => {
      const number = parseOrderNumberQuery(q.number);
      if (!number.ok) return number;
      const where: string[] = ['o.store_id = @storeId'];
      const params: Record<string, string | number> = { storeId: ctx.ownStoreId, limit: q.limit + 1 };
      if (!q.includeStoreOrders) where.push(`o.kind IN ${RECIPIENT_KINDS}`);
      const n = number.value;
      if (n.kind === 'full') {
        where.push('o.order_no = @orderNo');
        params.orderNo = n.orderNo;
      } else if (n.kind === 'prefix') {
        // A prefix of the case number: an index range, not LIKE over every row.
        where.push('o.order_no >= @lo AND o.order_no < @hi');
        params.lo = n.prefix;
        params.hi = n.prefix.slice(0, -1) + String.fromCharCode(n.prefix.charCodeAt(n.prefix.length - 1) + 1);
      } else if (n.kind === 'provisional') {
        where.push('o.provisional_no = @provisionalNo');
        params.provisionalNo = n.provisionalNo;
      }
      if (q.from) {
        where.push('o.created_at >= @from');
        params.from = swedishDayStart(q.from);
      }
      if (q.to) {
        where.push('o.created_at < @to');
        params.to = swedishDayStart(nextDay(q.to));
      }
      if (q.servicePointId) {
        where.push('o.service_point_id = @servicePointId');
        params.servicePointId = q.servicePointId;
      }
      if (q.status) {
        where.push('o.status = @status');
        params.status = q.status;
      }
      if (q.who === 'me') {
        where.push('o.user_id = @userId');
        params.userId = user.id;
      } else if (q.who === 'user') {
        where.push('o.user_id = @userId');
        params.userId = q.userId!;
      }
      const rows = db
        .prepare<Record<string, string | number>, SearchRow>(
          `SELECT o.id, o.order_no, o.provisional_no, o.kind, o.status, o.created_at, o.delivery_date, o.user_id, u.name AS user_name,
             o.service_point_id, sp.name AS service_point_name, r.kind AS recipient_kind,
             (SELECT count(*) FROM customer_order_line l WHERE l.order_id = o.id) AS lines,
             (SELECT coalesce(sum(l.quantity), 0) FROM customer_order_line l WHERE l.order_id = o.id) AS quantity
           FROM customer_order o LEFT JOIN app_user u ON u.id = o.user_id LEFT JOIN service_point sp ON sp.id = o.service_point_id
             LEFT JOIN recipient r ON r.id = o.recipient_id
           WHERE ${where.join(' AND ')}
           ORDER BY o.created_at DESC, o.id DESC LIMIT @limit`,
        )
        .all(params);
      const truncated = rows.length > q.limit;
      return ok({
        rows: rows.slice(0, q.limit).map((r) => ({
          id: r.id,
          orderNo: r.order_no,
          provisionalNo: r.provisional_no,
          kind: r.kind,
          status: r.status,
          createdAt: r.created_at,
          deliveryDate: r.delivery_date,
          userId: r.user_id,
          userName: r.user_name,
          servicePointId: r.service_point_id,
          servicePointName: r.service_point_name,
          recipientKind: r.recipient_kind,
          lines: r.lines,
          quantity: r.quantity,
        })),
        truncated,
        users: users.all(ctx.ownStoreId),
        servicePoints: servicePoints.all(ctx.ownStoreId),
      });
    },
    'customerOrder.cancelCheck': ({ orderId }, user) => {
      const facts = cancelFacts(orderId);
      if (!facts.order || facts.order.storeId !== ctx.ownStoreId) return err('not-found', 'Ordern finns inte i lagrets order.');
      if (facts.order.userId !== user.id && !user.roles.includes('storeAdmin')) {
        return ok({ cancellable: false, reason: 'Bara den som lade ordern eller en lageradministratör kan makulera den.' });
      }
      const why = cancelRefusal(facts.order, ctx.now().toISOString(), facts.settings);
      return ok({ cancellable: why === null, reason: why?.message ?? null });
    },
    'customerOrder.cancel': ({ orderId }, user) => {
      const saved = ctx.writer.write('customerOrder.cancel', { cancellationId: randomUUID(), orderId, storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: orderId }) : saved;
    },
    'customerOrder.byPrescriber': (q) => ok(report(q)),
    'customerOrder.byPrescriberPdf': (q, user) => {
      const r = report(q);
      const st = store.get(ctx.ownStoreId);
      const prescribers = r.totals.map((t) => ({
        name: t.userName,
        orders: t.orders,
        quantity: t.quantity,
        valueOre: t.valueOre,
        articles: r.rows.filter((row) => row.userId === t.userId).map((row) => ({ articleNo: row.articleNo, name: row.articleName, orders: row.orders, quantity: row.quantity, valueOre: row.valueOre })),
      }));
      const bytes = rendered(() =>
        renderPrescriberReport({
          issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
          store: { id: ctx.ownStoreId, name: st?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
          from: r.from,
          to: r.to,
          prescribers,
          printedBy: user.name,
          printedAt: ctx.now().toISOString(),
        }),
      );
      if (!bytes.ok) return bytes;
      return ok(pdfAnswer(`${safeFileName(`Rekvirerat per förskrivare ${ctx.ownStoreId} ${r.from}–${r.to}`)}.pdf`, bytes.value, false));
    },
  };
}
