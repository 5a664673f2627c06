import { randomUUID } from 'node:crypto';
import type { PickupOrderRow } from '../../../shared/api/pickup-order';
import { parseOrderNumberQuery } from '../../../shared/domain/order/search';
import { mayCancelPickup, type PickupOrderStatus } from '../../../shared/domain/pickup-order/mutations';
import { formatPersonalNumber } from '../../../shared/domain/recipient/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { pdfAnswer, renderPickupOrder, renderPickupSupplierCopy, rendered, safeFileName } from '../documents';
import type { HandlerGroup } from '../handlers';
import { provisionalNumbers } from '../order/numbers';
import { OPEN_PICKUP_OF_AID } from './mutations';

interface PickupDbRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  status: PickupOrderStatus;
  /** Null (and so the reason's columns): registered without a reason (region setting pickupReasonRequired false). */
  reason_id: string | null;
  reason_name: string | null;
  reason_description: string | null;
  performer: string | null;
  supplier_copy: number;
  recipient_id: string;
  address: string | null;
  postal_code: string | null;
  city: string | null;
  phone: string;
  door_code: string | null;
  instructions: string | null;
  comment: string | null;
  contact_prescriber: number;
  user_id: string | null;
  user_name: string | null;
  created_at: string;
  lines: number;
  summary: string | null;
}

const PICKUP_SELECT = `SELECT p.id, p.order_no, p.provisional_no, p.status, p.reason_id, r.name AS reason_name, r.description AS reason_description, r.performer,
    coalesce(r.supplier_copy, 0) AS supplier_copy, p.recipient_id, p.address, p.postal_code, p.city, p.phone, p.door_code, p.instructions, p.comment, p.contact_prescriber,
    p.user_id, u.name AS user_name, p.created_at,
    (SELECT count(*) FROM pickup_order_line l WHERE l.pickup_order_id = p.id) AS lines,
    (SELECT group_concat(ar.article_no || ' ' || ar.name || coalesce(' (' || i.individual_no || ')', ''), ', ')
       FROM pickup_order_line l JOIN article ar ON ar.id = l.article_id LEFT JOIN individual i ON i.id = l.individual_id WHERE l.pickup_order_id = p.id) AS summary
  FROM pickup_order p LEFT JOIN pickup_reason r ON r.id = p.reason_id LEFT JOIN app_user u ON u.id = p.user_id`;

/**
 * Hämtorder over the replica (works offline): the form from the recipient card, registering,
 * searching (with "inkludera stängda"), the PDF per reason and the supplier's copy without personal
 * data (printing makes a pick-up Utskriven), and makulering by store staff.
 */
export function pickupOrderHandlers(ctx: BackendContext): HandlerGroup<'pickupOrder'> {
  const db = ctx.db;
  const numbers = provisionalNumbers(ctx);
  const s = {
    reasons: db.prepare<[], { id: string; name: string; description: string; performer: string; supplier_copy: number }>(
      'SELECT id, name, description, performer, supplier_copy FROM pickup_reason WHERE active = 1 ORDER BY position, name',
    ),
    reason: db.prepare<[string], { supplier_copy: number }>('SELECT supplier_copy FROM pickup_reason WHERE id = ?'),
    aids: db.prepare<[string], { id: string; article_no: string; name: string; individual_no: string | null; quantity: number; open_no: string | null }>(
      `SELECT a.id, ar.article_no, ar.name, i.individual_no, a.quantity, (${OPEN_PICKUP_OF_AID}) AS open_no
         FROM aid a JOIN article ar ON ar.id = a.article_id LEFT JOIN individual i ON i.id = a.individual_id
        WHERE a.recipient_id = ? AND a.returned_at IS NULL AND (a.quantity > 0 OR a.delivered_at IS NOT NULL)
        ORDER BY coalesce(a.delivered_at, a.ordered_at) DESC, a.id LIMIT 2000`,
    ),
    one: db.prepare<[string, string], PickupDbRow>(`${PICKUP_SELECT} WHERE p.id = ? AND p.store_id = ?`),
    lines: db.prepare<[string], { line_no: number; article_no: string; name: string; individual_no: string | null; serial_no: string | null; quantity: number }>(
      `SELECT l.line_no, ar.article_no, ar.name, i.individual_no, i.serial_no, l.quantity FROM pickup_order_line l JOIN article ar ON ar.id = l.article_id
         LEFT JOIN individual i ON i.id = l.individual_id WHERE l.pickup_order_id = ? ORDER BY l.line_no`,
    ),
    store: db.prepare<[string], { name: string; issuer: string | null }>('SELECT s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?'),
  };

  const row = (p: PickupDbRow, userId: string): PickupOrderRow => ({
    id: p.id,
    number: p.order_no ?? p.provisional_no ?? p.id,
    orderNo: p.order_no,
    provisionalNo: p.provisional_no,
    status: p.status,
    reasonName: p.reason_name,
    supplierCopy: p.supplier_copy === 1,
    createdAt: p.created_at,
    userName: p.user_name,
    recipientId: p.recipient_id,
    summary: p.summary ?? '',
    lines: p.lines,
    mine: p.user_id === userId,
  });

  return {
    'pickupOrder.form': ({ recipientId }, user) => {
      const r = ctx.repos.recipients.view(recipientId, user.id, { via: 'pickupOrder.form' });
      if (!r) return err('not-found', 'Mottagaren finns inte i lagrets register.');
      return ok({
        recipient: {
          id: r.id,
          kind: r.kind,
          name: r.name,
          address: r.address,
          postalCode: r.postalCode,
          city: r.city,
          phone: r.phone,
          doorCode: r.doorCode,
          instructions: r.deliveryInstructions,
          contactPrescriber: r.contactPrescriber,
        },
        reasons: s.reasons.all().map((x) => ({ id: x.id, name: x.name, description: x.description, performer: x.performer, supplierCopy: x.supplier_copy === 1 })),
        aids: s.aids.all(recipientId).map((a) => ({ aidId: a.id, articleNo: a.article_no, articleName: a.name, individualNo: a.individual_no, quantity: a.quantity, openPickupNo: a.open_no })),
        mayCancel: mayCancelPickup(user.roles),
      });
    },
    'pickupOrder.register': (input, user) => {
      const pickupOrderId = randomUUID();
      const taken = numbers.take(1);
      const provisionalNo = taken.numbers[0]!;
      const args = {
        pickupOrderId,
        provisionalNo,
        storeId: ctx.ownStoreId,
        recipientId: input.recipientId,
        reasonId: input.reasonId,
        address: input.address,
        phone: input.phone,
        doorCode: input.doorCode,
        instructions: input.instructions,
        comment: input.comment,
        contactPrescriber: input.contactPrescriber,
        lines: input.aidIds.map((aidId) => ({ lineId: randomUUID(), aidId })),
      };
      // The provisional number's counter moves in the same transaction as the pick-up and its outbox entry.
      const saved = ctx.writer.writeAll([{ name: 'pickupOrder.register', args }], user.id, taken.commit);
      if (!saved.ok) return saved;
      return ok({ pickupOrderId, provisionalNo, mutationId: saved.value[0]!, supplierCopy: input.reasonId !== null && s.reason.get(input.reasonId)?.supplier_copy === 1 });
    },
    'pickupOrder.search': ({ number, recipientId, who, includeClosed }, user) => {
      const parsed = parseOrderNumberQuery(number);
      if (!parsed.ok) return err(parsed.error.code, parsed.error.message.replace(/ordernummer/g, 'hämtordernummer').replace(/ordernumret/g, 'hämtordernumret'));
      const q = parsed.value;
      const where = ['p.store_id = @storeId'];
      const params: Record<string, string | number> = { storeId: ctx.ownStoreId };
      if (!includeClosed) where.push("p.status IN ('registered','printed')");
      if (who === 'mine') {
        where.push('p.user_id = @userId');
        params.userId = user.id;
      }
      if (recipientId !== null) {
        where.push('p.recipient_id = @recipientId');
        params.recipientId = recipientId;
      }
      if (q.kind === 'full') {
        where.push('p.order_no = @no');
        params.no = q.orderNo;
      } else if (q.kind === 'prefix') {
        where.push("p.order_no >= @lo AND p.order_no < @hi");
        params.lo = q.prefix;
        params.hi = `${q.prefix}\uffff`;
      } else if (q.kind === 'provisional') {
        where.push('p.provisional_no = @no');
        params.no = q.provisionalNo;
      }
      const rows = db.prepare<Record<string, string | number>, PickupDbRow>(`${PICKUP_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.created_at DESC LIMIT 500`).all(params);
      return ok({ rows: rows.map((p) => row(p, user.id)), mayCancel: mayCancelPickup(user.roles) });
    },
    'pickupOrder.pdf': ({ pickupOrderId, document }, user) => {
      const p = s.one.get(pickupOrderId, ctx.ownStoreId);
      if (!p) return err('not-found', 'Hämtordern finns inte i lagret.');
      if (document === 'supplierCopy' && p.supplier_copy !== 1) {
        return err(
          'no-supplier-copy',
          p.reason_name === null ? 'Hämtordern har ingen orsak och därför ingen leverantörskopia.' : `Orsaken "${p.reason_name}" har ingen leverantörskopia: hämtningen görs inte av en leverantör.`,
        );
      }
      const st = s.store.get(ctx.ownStoreId);
      const now = ctx.now().toISOString();
      const common = {
        issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
        store: { id: ctx.ownStoreId, name: st?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
        orderNo: p.order_no,
        provisionalNo: p.provisional_no,
        registeredAt: p.created_at,
        registeredBy: p.user_name ?? 'okänd',
        reason: p.reason_name === null ? null : { name: p.reason_name, description: p.reason_description, performer: p.performer ?? '' },
        contactPrescriber: p.contact_prescriber === 1,
        lines: s.lines.all(p.id).map((l) => ({ lineNo: l.line_no, articleNo: l.article_no, name: l.name, individualNo: l.individual_no, serialNo: l.serial_no, quantity: l.quantity })),
        printedBy: user.name,
        printedAt: now,
      };
      let bytes;
      if (document === 'supplierCopy') {
        // Nothing of the recipient is read for the supplier's copy.
        bytes = rendered(() => renderPickupSupplierCopy(common));
      } else {
        const r = ctx.repos.recipients.view(p.recipient_id, user.id, { via: 'pickupOrder.pdf' });
        const own = p.address === null;
        const addressLines = own
          ? [r?.address ?? '', `${r?.postalCode ?? ''} ${r?.city ?? ''}`.trim()].filter((x) => x !== '')
          : [p.address!, `${p.postal_code ?? ''} ${p.city ?? ''}`.trim()].filter((x) => x !== '');
        const idLine = r?.kind === 'patient' && r.personalNumber ? formatPersonalNumber(r.personalNumber) : (r?.careUnitCode ?? '–');
        bytes = rendered(() =>
          renderPickupOrder({
            ...common,
            recipient: { name: r?.name ?? 'okänd mottagare', idLine, kindText: r?.kind === 'careUnit' ? 'vårdenhet' : 'patient' },
            pickup: { addressLines, otherAddress: !own, phone: p.phone, doorCode: p.door_code, instructions: p.instructions },
            comment: p.comment,
          }),
        );
      }
      if (!bytes.ok) return bytes;
      const printed = ctx.writer.write('pickupOrder.print', { eventId: randomUUID(), pickupOrderId: p.id, storeId: ctx.ownStoreId, document }, user.id);
      if (!printed.ok) return printed;
      const no = p.order_no ?? p.provisional_no ?? p.id;
      return ok(pdfAnswer(safeFileName(document === 'supplierCopy' ? `hamtorder-${no}-leverantorskopia.pdf` : `hamtorder-${no}.pdf`), bytes.value, false));
    },
    'pickupOrder.cancel': ({ pickupOrderId }, user) => {
      const saved = ctx.writer.write('pickupOrder.cancel', { eventId: randomUUID(), pickupOrderId, storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: pickupOrderId }) : saved;
    },
  };
}
