import { randomUUID } from 'node:crypto';
import type { HandlerInput } from '../../../shared/api/contract';
import type { IssueView, NewOrderContext, OrderRecipient, WaitingOrder } from '../../../shared/api/recipient-order';
import type { UserSummary } from '../../../shared/api/schemas';
import type { IndividualStatus, OrderKind, OrderLineStatus, OrderStatus } from '../../../shared/domain/model';
import { emptyHeader, isDirectOrder, isRecipientOrder, issuedWhenPlaced, issueOnPlacing, mayPrescribe, OrderHeader, recipientOrderKindSv, type RecipientOrderKind } from '../../../shared/domain/order/recipient-orders';
import { parsePersonalNumber } from '../../../shared/identifiers';
import { careUnitCodeFormOf } from '../../../shared/domain/recipient/search';
import { err, ok, type Result } from '../../../shared/result';
import { createScanClassifier } from '../../../shared/scan';
import type { BackendContext } from '../backend';
import { regionSettingsOf } from '../region-settings/settings';
import { pdfAnswer, renderPickList, rendered, safeFileName } from '../documents';
import type { Handler } from '../handlers';
import type { PendingWrite } from '../sync/writer';
import { PICK_LIST_DOCUMENT } from './cancel';
import { provisionalNumbers } from './numbers';
import { OrderRepository } from './repository';

type Names = 'order.findRecipient' | 'order.newContext' | 'order.lineLookup' | 'order.place' | 'order.issueView' | 'order.issue' | 'order.pickList' | 'order.waiting';

interface OrderRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  kind: OrderKind;
  status: OrderStatus;
  store_id: string;
  from_store_id: string;
  recipient_id: string | null;
  service_point_id: string | null;
  created_at: string;
  shipped_at: string | null;
  user_name: string | null;
  details: string | null;
}

/** Handlers of orders to a recipient and their utleverans (rules: shared/domain/order/recipient-orders.ts). */
export function recipientOrderHandlers(ctx: BackendContext): { [N in Names]: Handler<N> } {
  const db = ctx.db;
  const repo = new OrderRepository(db);
  const numbers = provisionalNumbers(ctx);
  const classify = createScanClassifier();
  const s = {
    byPersonalNumber: db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE personal_number = ?'),
    byCareUnit: db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE care_unit_code = ?'),
    contactPrescriber: db.prepare<[string], { contact_prescriber: number }>('SELECT contact_prescriber FROM recipient WHERE id = ?'),
    servicePoints: db.prepare<[string, string], { id: string; name: string }>(
      `SELECT sp.id, sp.name FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id
        WHERE usp.user_id = ? AND sp.store_id = ? ORDER BY sp.id`,
    ),
    individualByNo: db.prepare<[string], { id: string; individual_no: string; serial_no: string | null; location: string | null; status: IndividualStatus; article_id: string; store_id: string | null }>(
      'SELECT id, individual_no, serial_no, location, status, article_id, store_id FROM individual WHERE individual_no = ?',
    ),
    firstInStore: db.prepare<[string, string], { id: string; individual_no: string; serial_no: string | null; location: string | null; status: IndividualStatus }>(
      "SELECT id, individual_no, serial_no, location, status FROM individual WHERE article_id = ? AND store_id = ? AND status = 'inStore' ORDER BY individual_no LIMIT 1",
    ),
    order: db.prepare<[string, string], OrderRow>(
      `SELECT o.id, o.order_no, o.provisional_no, o.kind, o.status, o.store_id, o.from_store_id, o.recipient_id, o.service_point_id, o.created_at, o.shipped_at,
              u.name AS user_name, o.details
         FROM customer_order o LEFT JOIN app_user u ON u.id = o.user_id WHERE o.id = ? AND o.store_id = ?`,
    ),
    lines: db.prepare<
      [string],
      { line_no: number; article_id: string; article_no: string; name: string; unit: string; quantity: number; tracked: number; individual_id: string | null; individual_no: string | null; serial_no: string | null; location: string | null; status: OrderLineStatus; payer_id: string | null; note: string | null }
    >(
      `SELECT l.line_no, l.article_id, a.article_no, a.name, a.unit, l.quantity, a.tracked_individually AS tracked, l.individual_id, i.individual_no, i.serial_no,
              i.location, l.status, l.payer_id, l.note
         FROM customer_order_line l JOIN article a ON a.id = l.article_id LEFT JOIN individual i ON i.id = l.individual_id
        WHERE l.order_id = ? ORDER BY l.line_no`,
    ),
    waiting: db.prepare<[string], { id: string; order_no: string | null; provisional_no: string | null; kind: OrderKind; status: OrderStatus; recipient_name: string; created_at: string; lines: number }>(
      `SELECT o.id, o.order_no, o.provisional_no, o.kind, o.status, r.name AS recipient_name, o.created_at,
              (SELECT count(*) FROM customer_order_line l WHERE l.order_id = o.id) AS lines
         FROM customer_order o JOIN recipient r ON r.id = o.recipient_id
        WHERE o.store_id = ? AND o.kind IN ('directPrescription', 'directCareUnitOrder') AND o.status IN ('registered', 'picking')
        ORDER BY o.created_at, o.id LIMIT 200`,
    ),
    store: db.prepare<[string], { name: string; issuer: string | null }>('SELECT s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?'),
    servicePoint: db.prepare<[string], { name: string }>('SELECT name FROM service_point WHERE id = ?'),
    // A printed pick list is remembered (replica-local): the cancel rule refuses once one exists.
    printed: db.prepare<[string, string, string, string]>('INSERT INTO document_print (kind, ref, at, user_id) VALUES (?, ?, ?, ?)'),
  };

  const view = (id: string, user: UserSummary, via: string): OrderRecipient | null => {
    const r = ctx.repos.recipients.view(id, user.id, { via });
    if (!r) return null;
    return { ...r, contactPrescriber: s.contactPrescriber.get(id)?.contact_prescriber === 1 };
  };
  const idLine = (r: { kind: 'patient' | 'careUnit'; personalNumber: string | null; careUnitCode: string | null }) =>
    r.kind === 'patient' ? (r.personalNumber ?? '') : `Vårdenhet ${r.careUnitCode ?? ''}`;

  const readOrder = (orderId: string, user: UserSummary): Result<IssueView> => {
    const o = s.order.get(orderId, ctx.ownStoreId);
    if (!o || !isRecipientOrder(o.kind) || !o.recipient_id) return err('not-found', 'Ordern finns inte i lagrets data.');
    const r = view(o.recipient_id, user, 'order');
    if (!r) return err('not-found', 'Orderns mottagare finns inte i lagrets data.');
    const header = o.details ? OrderHeader.safeParse(JSON.parse(o.details)) : null;
    return ok({
      orderId: o.id,
      orderNo: o.order_no,
      provisionalNo: o.provisional_no,
      kind: o.kind,
      status: o.status,
      direct: isDirectOrder(o.kind),
      createdAt: o.created_at,
      shippedAt: o.shipped_at,
      userName: o.user_name,
      servicePointId: o.service_point_id,
      recipient: { id: r.id, name: r.name, idLine: idLine(r), kind: r.kind },
      header: header?.success ? header.data : emptyHeader(),
      lines: s.lines.all(orderId).map((l) => ({
        lineNo: l.line_no,
        articleId: l.article_id,
        articleNo: l.article_no,
        name: l.name,
        unit: l.unit,
        quantity: l.quantity,
        tracked: l.tracked === 1,
        individualId: l.individual_id,
        individualNo: l.individual_no,
        location: l.location,
        status: l.status,
        payerId: l.payer_id,
        note: l.note,
      })),
    });
  };

  return {
    'order.findRecipient': ({ text }, user) => {
      const t = text.replace(/\s/g, '');
      let id: string | undefined;
      if (careUnitCodeFormOf(ctx.regionSettings.settings.careUnitCode).pattern.test(t)) {
        id = s.byCareUnit.get(t)?.id;
        if (!id) return err('not-found', `Ingen vårdenhet med koden ${t} finns i lagrets mottagare.`);
      } else {
        // Validated before any look-up: an invalid number is never searched for.
        const pnr = parsePersonalNumber(t, ctx.now());
        if (!pnr.ok) return pnr;
        id = s.byPersonalNumber.get(pnr.value.normalized)?.id;
        if (!id) return err('not-found', 'Ingen patient med det personnumret finns bland lagrets mottagare. Sök i folkbokföringen (Mottagare) när du är uppkopplad.');
      }
      const r = view(id, user, 'order.findRecipient');
      return r ? ok(r) : err('not-found', 'Mottagaren finns inte i lagrets data.');
    },
    'order.newContext': ({ recipientId }, user): Result<NewOrderContext> => {
      const recipient = recipientId ? view(recipientId, user, 'order.new') : null;
      if (recipientId && !recipient) return err('not-found', 'Mottagaren finns inte i lagrets data.');
      return ok({
        recipient,
        servicePoints: s.servicePoints.all(user.id, ctx.ownStoreId),
        ownStoreId: ctx.ownStoreId,
        centralStoreId: repo.sendingStore(ctx.ownStoreId),
        mayPrescribe: mayPrescribe(user.roles),
        // Samleverans' default is the region's (region setting jointDeliveryDefault, synced from central).
        jointDeliveryDefault: regionSettingsOf(db).jointDeliveryDefault,
      });
    },
    'order.lineLookup': ({ code, kind, pickIndividual }) => {
      const direct = isDirectOrder(kind);
      const article = repo.articleByCode(ctx.ownStoreId, code);
      const meaning = classify(code);
      const ind = s.individualByNo.get(code.trim());
      if (ind && (!article || meaning.kind === 'individualNo')) {
        const a = repo.article(ctx.ownStoreId, ind.article_id);
        if (!a) return err('not-found', `Individ ${ind.individual_no} hör till en artikel som inte finns i sortimentet.`);
        if (a.refusal) return err('article-gone', `Individ ${ind.individual_no}: ${a.refusal}`);
        if (!direct) return err('individual-not-wanted', `Individ ${ind.individual_no}: vid en order från centrallagret väljer centralen individen. Välj artikel ${a.articleNo} i stället, eller gör en direktorder ur eget förråd.`);
        if (ind.status !== 'inStore' || ind.store_id !== ctx.ownStoreId) {
          return err('individual-not-available', `Individ ${ind.individual_no} finns inte tillgänglig i lager ${ctx.ownStoreId} (status: ${INDIVIDUAL_STATUS_SV[ind.status]}).`);
        }
        return ok({ article: a, individual: { id: ind.id, individualNo: ind.individual_no, serialNo: ind.serial_no, location: ind.location, status: ind.status } });
      }
      if (!article) return err('not-found', `Ingen artikel eller individ med numret ${code} finns.`);
      if (article.refusal) return err('article-gone', article.refusal);
      if (direct && article.trackedIndividually) {
        const first = pickIndividual ? s.firstInStore.get(article.articleId, ctx.ownStoreId) : undefined;
        if (first) return ok({ article, individual: { id: first.id, individualNo: first.individual_no, serialNo: first.serial_no, location: first.location, status: first.status } });
        return err(
          'individual-missing',
          article.available > 0
            ? `Artikel ${article.articleNo} följs per individ: skanna individnumret på den som lämnas ut.`
            : `Artikel ${article.articleNo} följs per individ och finns inte i lager ${ctx.ownStoreId}.`,
          { articleId: article.articleId },
        );
      }
      return ok({ article, individual: null });
    },
    'order.place': ({ kind, recipientId, servicePointId, header, lines }, user) => {
      const own = ctx.ownStoreId;
      const from = isDirectOrder(kind) ? own : repo.sendingStore(own);
      if (from === null) return err('no-central-store', 'Regionens centrallager saknas i lagrets data: synka och försök igen.');
      const warnings: string[] = [];
      for (const l of lines) {
        const a = repo.article(own, l.articleId);
        if (a?.warning && !warnings.includes(a.warning)) warnings.push(a.warning);
      }
      const taken = numbers.take(1);
      const orderId = randomUUID();
      const provisionalNo = taken.numbers[0]!;
      const args = {
        orderId,
        provisionalNo,
        kind,
        storeId: own,
        fromStoreId: from,
        recipientId,
        servicePointId,
        header,
        lines: lines.map((l) => ({
          aidId: randomUUID(),
          articleId: l.articleId,
          quantity: l.quantity,
          individualId: l.individualId,
          payerId: l.payerId ?? servicePointId,
          text: l.text?.trim() ? l.text.trim() : null,
          replacesArticleId: l.replacesArticleId,
        })),
      };
      const issued = issuedWhenPlaced(kind, ctx.regionSettings.settings);
      const writes: PendingWrite[] = [{ name: 'order.place', args }];
      if (issued) writes.push({ name: 'order.issue', args: issueOnPlacing(args, args.lines.map(() => randomUUID())) });
      const saved = ctx.writer.writeAll(writes, user.id, taken.commit);
      if (!saved.ok) return saved;
      const what = recipientOrderKindSv(kind as RecipientOrderKind);
      const message = issued
        ? `${what} ${provisionalNo} är sparad och utlämnad: det som ordern tog har lämnat lagret och finns hos mottagaren.`
        : isDirectOrder(kind)
          ? `${what} ${provisionalNo} är sparad. Skriv ut plocklistan och gör utleveransen: först då lämnar det lagret.`
          : `${what} ${provisionalNo} är sparad. Centralen ger den ett ordernummer vid nästa synk.`;
      return ok({ orderId, provisionalNo, mutationId: saved.value[0]!, message, warnings });
    },
    'order.issueView': ({ orderId }, user) => readOrder(orderId, user),
    'order.issue': ({ orderId, lines }, user) => {
      const saved = ctx.writer.write('order.issue', { orderId, lines: lines.map((l) => ({ ...l, movementId: randomUUID() })) }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: orderId }) : saved;
    },
    'order.pickList': ({ orderId }: HandlerInput<'order.pickList'>, user) => {
      const read = readOrder(orderId, user);
      if (!read.ok) return read;
      const o = read.value;
      if (!o.direct) return err('not-direct', 'Plocklistan gäller order ur eget förråd.');
      const r = view(o.recipient.id, user, 'order.pickList');
      const st = s.store.get(ctx.ownStoreId);
      const h = o.header;
      const address = h.deliveryAddress
        ? [h.deliveryAddress.address, `${h.deliveryAddress.postalCode} ${h.deliveryAddress.city}`]
        : r
          ? [r.address ?? '', `${r.postalCode ?? ''} ${r.city ?? ''}`.trim()].filter((x) => x !== '')
          : [];
      const bytes = rendered(() =>
        renderPickList({
          issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
          store: { id: ctx.ownStoreId, name: st?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
          kindText: recipientOrderKindSv(o.kind),
          orderNo: o.orderNo,
          provisionalNo: o.provisionalNo,
          orderedAt: o.createdAt,
          orderedBy: o.userName ?? 'okänd',
          servicePoint: o.servicePointId ? `${o.servicePointId} ${s.servicePoint.get(o.servicePointId)?.name ?? ''}`.trim() : '–',
          recipient: { name: o.recipient.name, idLine: o.recipient.idLine || '–', kindText: o.recipient.kind === 'patient' ? 'patient' : 'vårdenhet' },
          delivery: {
            addressLines: address,
            phone: h.phone ?? r?.phone ?? null,
            doorCode: h.doorCode ?? r?.doorCode ?? null,
            instructions: h.instructions ?? r?.deliveryInstructions ?? null,
            contactPerson: h.contactPerson,
            jointDelivery: h.jointDelivery,
          },
          otherInformation: h.otherInformation,
          contactPrescriber: h.contactPrescriber,
          manualComment: h.manual ? h.manualComment : null,
          lines: o.lines.map((l) => ({ lineNo: l.lineNo, articleNo: l.articleNo, name: l.name, unit: l.unit, quantity: l.quantity, location: l.location, individualNo: l.individualNo, serialNo: null, payerId: l.payerId, note: l.note })),
          printedBy: user.name,
          printedAt: ctx.now().toISOString(),
        }),
      );
      if (!bytes.ok) return bytes;
      // The first print moves the order to För plock (synced: central's cancel rule sees it too).
      if (o.status === 'registered') {
        const saved = ctx.writer.write('order.startPicking', { pickListId: randomUUID(), orderId: o.orderId }, user.id);
        if (!saved.ok) return saved;
      }
      s.printed.run(PICK_LIST_DOCUMENT, o.orderId, ctx.now().toISOString(), user.id);
      return ok(pdfAnswer(safeFileName(`plocklista-${o.orderNo ?? o.provisionalNo ?? o.orderId}.pdf`), bytes.value, false));
    },
    'order.waiting': (): Result<WaitingOrder[]> =>
      ok(
        s.waiting.all(ctx.ownStoreId).flatMap((w) =>
          isRecipientOrder(w.kind)
            ? [{ orderId: w.id, orderNo: w.order_no, provisionalNo: w.provisional_no, kind: w.kind, status: w.status, recipientName: w.recipient_name, createdAt: w.created_at, lines: w.lines }]
            : [],
        ),
      ),
  };
}

const INDIVIDUAL_STATUS_SV: Record<IndividualStatus, string> = {
  inStore: 'i lager',
  atRecipient: 'hos mottagare',
  reserved: 'reserverad',
  inRepair: 'på reparation',
  rekond: 'i rekond / rengöring',
  scrapped: 'skrotad',
  investigation: 'i utredningslager',
};
