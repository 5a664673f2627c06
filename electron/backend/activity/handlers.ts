import { createHash, randomUUID } from 'node:crypto';
import type { ActivityDetails, ActivityRow } from '../../../shared/api/activity';
import { FILE_KINDS, kindOfFileName } from '../../../shared/domain/attachment/files';
import { formatPersonalNumber } from '../../../shared/domain/recipient/search';
import { pdfAnswer, rendered, renderWorkOrder, renderWorkOrderSupplierCopy, safeFileName } from '../documents';
import { ACTIVITY_KIND_SV, ACTIVITY_STATUS_SV, type ActivityKind, type ActivityPriority, type ActivityStatus, type AddressType } from '../../../shared/domain/activity/mutations';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { provisionalNumbers } from '../order/numbers';

interface Row {
  id: string;
  activity_no: string | null;
  provisional_no: string | null;
  kind: ActivityKind;
  priority: ActivityPriority;
  status: ActivityStatus;
  title: string;
  created_at: string;
  user_name: string | null;
  recipient_id: string | null;
  recipient_name: string | null;
  article_no: string | null;
  article_name: string | null;
  individual_id: string | null;
  individual_no: string | null;
  order_id: string | null;
  order_no: string | null;
}

const SELECT = `SELECT a.id, a.activity_no, a.provisional_no, a.kind, a.priority, a.status, a.title, a.created_at, u.name AS user_name,
    a.recipient_id, r.name AS recipient_name, ar.article_no, ar.name AS article_name, a.individual_id, i.individual_no,
    a.order_id, coalesce(o.order_no, o.provisional_no) AS order_no
  FROM activity a
  LEFT JOIN app_user u ON u.id = a.user_id
  LEFT JOIN recipient r ON r.id = a.recipient_id
  LEFT JOIN article ar ON ar.id = a.article_id
  LEFT JOIN individual i ON i.id = a.individual_id
  LEFT JOIN customer_order o ON o.id = a.order_id`;

export const toActivityRow = (r: Row): ActivityRow => ({
  id: r.id,
  no: r.activity_no ?? r.provisional_no ?? r.id,
  provisional: r.activity_no === null,
  kind: r.kind,
  priority: r.priority,
  status: r.status,
  title: r.title,
  createdAt: r.created_at,
  userName: r.user_name,
  recipientId: r.recipient_id,
  recipientName: r.recipient_name,
  articleNo: r.article_no,
  articleName: r.article_name,
  individualId: r.individual_id,
  individualNo: r.individual_no,
  orderId: r.order_id,
  orderNo: r.order_no,
});

/** Activities of one recipient or one individual, newest first (the recipient card's and the individual card's lists). */
export function activityLists(ctx: BackendContext) {
  const byRecipient = ctx.db.prepare<[string, string], Row>(`${SELECT} WHERE a.recipient_id = ? AND a.store_id = ? ORDER BY a.created_at DESC LIMIT 500`);
  const byIndividual = ctx.db.prepare<[string], Row>(`${SELECT} WHERE a.individual_id = ? ORDER BY a.created_at DESC LIMIT 500`);
  return {
    forRecipient: (recipientId: string) => byRecipient.all(recipientId, ctx.ownStoreId).map(toActivityRow),
    forIndividual: (individualId: string) => byIndividual.all(individualId).map(toActivityRow),
  };
}

/**
 * Aktiviteter over the replica (works offline): the store's activities, one activity with its
 * reports, registering one (the aid by individual or article number, a linked order by number),
 * and the buffer repair's report back with spare parts from the own store.
 */
export function activityHandlers(ctx: BackendContext): HandlerGroup<'activity'> {
  const db = ctx.db;
  const numbers = provisionalNumbers(ctx);
  const lists = activityLists(ctx);
  const list = db.prepare<{ storeId: string; open: number; kind: string | null; userId: string | null; no: string | null; prefix: string | null }, Row>(
    `${SELECT} WHERE a.store_id = @storeId AND (@open = 0 OR a.status <> 'closed') AND (@kind IS NULL OR a.kind = @kind)
       AND (@userId IS NULL OR a.user_id = @userId)
       AND (@no IS NULL OR a.activity_no = @no OR a.provisional_no = @no OR (@prefix IS NOT NULL AND a.activity_no >= @prefix AND a.activity_no < @prefix || ':'))
     ORDER BY a.created_at DESC LIMIT 500`,
  );
  const one = db.prepare<[string, string], Row & { requested_action: string; description: string | null; address_type: AddressType; address: string | null; postal_code: string | null; city: string | null; contact_prescriber: number; closed_at: string | null; r_address: string | null; r_postal: string | null; r_city: string | null }>(
    `SELECT x.*, a.requested_action, a.description, a.address_type, a.address, a.postal_code, a.city, a.contact_prescriber, a.closed_at,
        r.address AS r_address, r.postal_code AS r_postal, r.city AS r_city
       FROM (${SELECT} WHERE a.id = ? AND a.store_id = ?) x JOIN activity a ON a.id = x.id LEFT JOIN recipient r ON r.id = a.recipient_id`,
  );
  const reports = db.prepare<[string], { at: string; user_name: string | null; text: string; minutes: number; parts: string; closed: number }>(
    'SELECT p.at, u.name AS user_name, p.text, p.minutes, p.parts, p.closed FROM activity_report p LEFT JOIN app_user u ON u.id = p.user_id WHERE p.activity_id = ? ORDER BY p.at',
  );
  const storeName = db.prepare<[string], { name: string }>('SELECT name FROM store WHERE id = ?');
  const issuer = db.prepare<[string], { issuer: string | null }>('SELECT (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?');
  const aidOf = db.prepare<[string], { article_no: string; name: string; individual_no: string | null; serial_no: string | null }>(
    `SELECT ar.article_no, ar.name, i.individual_no, i.serial_no FROM activity a JOIN article ar ON ar.id = a.article_id LEFT JOIN individual i ON i.id = a.individual_id WHERE a.id = ?`,
  );
  const fileNames = db.prepare<[string], { file_name: string }>("SELECT file_name FROM attachment WHERE owner_kind = 'activity' AND owner_id = ? AND removed_at IS NULL ORDER BY created_at, id LIMIT 20");
  const individualByNo = db.prepare<[string], { id: string; article_id: string }>('SELECT id, article_id FROM individual WHERE individual_no = ?');
  const articleByNo = db.prepare<[string], { id: string; tracked: number }>('SELECT id, tracked_individually AS tracked FROM article WHERE article_no = ?');
  const orderByNo = db.prepare<[string, string, string], { id: string }>('SELECT id FROM customer_order WHERE (order_no = ? OR provisional_no = ?) AND store_id = ?');
  const partByNo = db.prepare<[string, string], { id: string; article_no: string; name: string; article_type: string; available: number | null }>(
    `SELECT a.id, a.article_no, a.name, a.article_type, (SELECT b.on_hand - b.reserved FROM stock_balance b WHERE b.store_id = ? AND b.article_id = a.id) AS available
       FROM article a WHERE a.article_no = ?`,
  );

  const details = (id: string): ActivityDetails | null => {
    const r = one.get(id, ctx.ownStoreId);
    if (!r) return null;
    const address =
      r.address_type === 'other'
        ? [r.address, [r.postal_code, r.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
        : r.address_type === 'store'
          ? `Lager ${ctx.ownStoreId} ${storeName.get(ctx.ownStoreId)?.name ?? ''}`.trim()
          : [r.r_address, [r.r_postal, r.r_city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null;
    return {
      ...toActivityRow(r),
      requestedAction: r.requested_action,
      description: r.description,
      addressType: r.address_type,
      address,
      contactPrescriber: r.contact_prescriber === 1,
      closedAt: r.closed_at,
      reports: reports.all(id).map((p) => ({ at: p.at, userName: p.user_name, text: p.text, minutes: p.minutes, parts: JSON.parse(p.parts) as ActivityDetails['reports'][number]['parts'], closed: p.closed === 1 })),
      reportable: r.kind === 'bufferRepair' && r.status !== 'closed',
    };
  };

  return {
    'activity.list': ({ status, kind, who, number }, user) => {
      const no = number === '' ? null : number;
      if (no !== null && !/^[0-9]{2,8}$/.test(no) && !/^P[0-9A-Za-z-]{3,30}$/.test(no)) {
        return err('activity.number', 'Ange aktivitetsnumret (ÅÅVVNNNN), dess början (ÅÅ eller ÅÅVV) eller det preliminära numret.');
      }
      const prefix = no !== null && /^[0-9]{2,7}$/.test(no) ? no : null;
      return ok(list.all({ storeId: ctx.ownStoreId, open: status === 'open' ? 1 : 0, kind, userId: who === 'mine' ? user.id : null, no, prefix }).map(toActivityRow));
    },
    'activity.get': ({ id }) => {
      const d = details(id);
      return d ? ok(d) : err('not-found', 'Aktiviteten finns inte i lagrets data.');
    },
    'activity.pdf': ({ activityId, document }, user) => {
      const d = details(activityId);
      if (!d) return err('not-found', 'Aktiviteten finns inte i lagrets data.');
      const aid = aidOf.get(activityId);
      const common = {
        issuer: { name: issuer.get(ctx.ownStoreId)?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
        store: { id: ctx.ownStoreId, name: storeName.get(ctx.ownStoreId)?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
        activityNo: d.provisional ? null : d.no,
        provisionalNo: one.get(activityId, ctx.ownStoreId)?.provisional_no ?? null,
        kind: ACTIVITY_KIND_SV[d.kind],
        priority: d.priority === 'normal' ? 'Normal' : d.priority === 'high' ? 'Hög' : 'Akut',
        status: ACTIVITY_STATUS_SV[d.status],
        registeredAt: d.createdAt,
        registeredBy: d.userName ?? 'okänd',
        title: d.title,
        requestedAction: d.requestedAction,
        aid: aid ? { articleNo: aid.article_no, name: aid.name, individualNo: aid.individual_no, serialNo: aid.serial_no } : null,
        orderNo: d.orderNo,
        contactPrescriber: d.contactPrescriber,
        attachments: fileNames.all(activityId).map((f) => f.file_name),
        reports: d.reports.map((p) => ({
          at: p.at,
          by: p.userName ?? 'Hjälpmedelscentralen',
          text: p.text,
          minutes: p.minutes,
          parts: p.parts.length ? p.parts.map((x) => `${x.quantity} × ${x.articleNo}`).join(', ') : null,
          closed: p.closed,
        })),
        printedBy: user.name,
        printedAt: ctx.now().toISOString(),
      };
      let bytes;
      if (document === 'supplierCopy') {
        // Nothing of the recipient is read for the supplier's copy.
        bytes = rendered(() => renderWorkOrderSupplierCopy(common));
      } else {
        const r = d.recipientId ? ctx.repos.recipients.view(d.recipientId, user.id, { via: 'activity.pdf' }) : null;
        const idLine = r?.kind === 'patient' && r.personalNumber ? formatPersonalNumber(r.personalNumber) : (r?.careUnitCode ?? '–');
        const typeText = d.addressType === 'recipient' ? 'mottagarens adress' : d.addressType === 'store' ? 'lagret' : 'annan adress';
        bytes = rendered(() =>
          renderWorkOrder({
            ...common,
            recipient: r ? { name: r.name, idLine, kindText: r.kind === 'careUnit' ? 'vårdenhet' : 'patient' } : null,
            address: { typeText, lines: d.address ? d.address.split(', ').slice(0, 5) : [] },
            description: d.description,
          }),
        );
      }
      if (!bytes.ok) return bytes;
      const no = d.no;
      return ok(pdfAnswer(safeFileName(document === 'supplierCopy' ? `arbetsorder-${no}-leverantorskopia.pdf` : `arbetsorder-${no}.pdf`), bytes.value, false));
    },
    'activity.forRecipient': ({ recipientId }) => ok(lists.forRecipient(recipientId)),
    'activity.lookupPart': ({ code }) => {
      const p = partByNo.get(ctx.ownStoreId, code);
      if (!p) return err('not-found', `Artikel ${code} finns inte i sortimentet.`);
      if (p.article_type !== 'sparePart') return err('not-a-spare-part', `Artikel ${p.article_no} är ingen reservdel.`);
      return ok({ articleId: p.id, articleNo: p.article_no, name: p.name, available: p.available ?? 0 });
    },
    'activity.create': (input, user) => {
      let individualId: string | null = null;
      let articleId: string | null = null;
      if (input.aidCode) {
        const ind = individualByNo.get(input.aidCode);
        if (ind) {
          individualId = ind.id;
          articleId = ind.article_id;
        } else {
          const a = articleByNo.get(input.aidCode);
          if (!a) return err('activity.aid', `Hittar ingen individ eller artikel med numret ${input.aidCode}.`);
          articleId = a.id;
        }
      }
      let orderId: string | null = null;
      if (input.orderNo) {
        const o = orderByNo.get(input.orderNo, input.orderNo, ctx.ownStoreId);
        if (!o) return err('activity.order', `Kundorder ${input.orderNo} finns inte i lagrets data.`);
        orderId = o.id;
      }
      const taken = numbers.take(1);
      const activityId = randomUUID();
      const provisionalNo = taken.numbers[0]!;
      const saved = ctx.writer.writeAll(
        [
          {
            name: 'activity.create',
            args: {
              activityId,
              provisionalNo,
              storeId: ctx.ownStoreId,
              kind: input.kind,
              priority: input.priority,
              recipientId: input.recipientId,
              articleId,
              individualId,
              orderId,
              title: input.title,
              requestedAction: input.requestedAction,
              description: input.description?.trim() ? input.description : null,
              addressType: input.addressType,
              address: input.address,
              contactPrescriber: input.contactPrescriber,
              files: (input.files ?? []).map((f) => {
                const bytes = Buffer.from(f.base64, 'base64');
                const kind = kindOfFileName(f.fileName);
                return {
                  attachmentId: randomUUID(),
                  fileName: f.fileName,
                  // What the name says; the rule refuses a file whose first bytes say otherwise.
                  mimeType: kind ? FILE_KINDS[kind].mimeType : 'application/octet-stream',
                  sizeBytes: bytes.length,
                  sha256: createHash('sha256').update(bytes).digest('hex'),
                  content: f.base64,
                };
              }),
            },
          },
        ],
        user.id,
        taken.commit,
      );
      if (!saved.ok) return saved;
      return ok({
        mutationId: saved.value[0]!,
        id: activityId,
        provisionalNo,
        message: `${ACTIVITY_KIND_SV[input.kind]} ${provisionalNo} är registrerad. Centralen ger den ett aktivitetsnummer vid nästa synk.`,
      });
    },
    'activity.reportBack': ({ activityId, text, minutes, parts, close }, user) => {
      const saved = ctx.writer.write(
        'activity.reportBack',
        { activityId, reportId: randomUUID(), storeId: ctx.ownStoreId, text, minutes, parts: parts.map((p) => ({ ...p, movementId: randomUUID() })), close },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: activityId }) : saved;
    },
  };
}
