import { randomUUID } from 'node:crypto';
import type { IndividualReturnState, ReceiptSummary, ReturnableAid } from '../../../shared/api/return';
import type { ArticleType } from '../../../shared/domain/model';
import { formatPersonalNumber } from '../../../shared/domain/recipient/search';
import { isSaleArticle, returnDocumentNo } from '../../../shared/domain/return/mutations';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { pdfAnswer, renderReturnReceipt, renderSupplierReturnNote, rendered, safeFileName } from '../documents';
import type { HandlerGroup } from '../handlers';
import { returnFactsReaders } from './mutations';

const shortNo = returnDocumentNo;

interface HeldRow {
  id: string;
  article_id: string;
  article_no: string;
  name: string;
  article_type: ArticleType;
  individual_id: string | null;
  individual_no: string | null;
  quantity: number;
  delivered_at: string | null;
}

/**
 * Retur over the replica (works offline): what the recipient holds, the retursedel and its PDF,
 * the return itself, rekond, and retur till leverantör with its note (return.* mutations).
 */
export function returnHandlers(ctx: BackendContext): HandlerGroup<'return'> {
  const db = ctx.db;
  const facts = returnFactsReaders(db);
  const repo = ctx.repos.recipients;
  const held = db.prepare<[string], HeldRow>(
    `SELECT a.id, a.article_id, ar.article_no, ar.name, ar.article_type, a.individual_id, i.individual_no, a.quantity, a.delivered_at
     FROM aid a JOIN article ar ON ar.id = a.article_id LEFT JOIN individual i ON i.id = a.individual_id
     WHERE a.recipient_id = ? AND a.returned_at IS NULL AND a.delivered_at IS NOT NULL AND a.quantity > 0
     ORDER BY a.delivered_at DESC, a.id`,
  );
  const receipts = db.prepare<[string], { id: string; at: string; comment: string | null; aid_ids: string; by_name: string | null }>(
    'SELECT k.id, k.at, k.comment, k.aid_ids, u.name AS by_name FROM return_receipt k LEFT JOIN app_user u ON u.id = k.user_id WHERE k.recipient_id = ? ORDER BY k.at DESC LIMIT 50',
  );
  const receipt = db.prepare<[string], { id: string; recipient_id: string; store_id: string; at: string; comment: string | null; aid_ids: string; by_name: string | null }>(
    'SELECT k.id, k.recipient_id, k.store_id, k.at, k.comment, k.aid_ids, u.name AS by_name FROM return_receipt k LEFT JOIN app_user u ON u.id = k.user_id WHERE k.id = ?',
  );
  const receiptAids = db.prepare<[string], { id: string; article_no: string; name: string; individual_no: string | null; quantity: number; ordered_quantity: number }>(
    `SELECT a.id, ar.article_no, ar.name, i.individual_no, a.quantity, a.ordered_quantity FROM aid a JOIN article ar ON ar.id = a.article_id
     LEFT JOIN individual i ON i.id = a.individual_id WHERE a.id IN (SELECT value FROM json_each(?))`,
  );
  const storeOf = db.prepare<[string], { id: string; name: string; kind: string; issuer: string | null }>(
    'SELECT s.id, s.name, s.kind, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?',
  );
  const rekondOf = db.prepare<[string], { id: string; at: string; contact_prescriber: number }>(
    `SELECT l.id, r.at, l.contact_prescriber FROM aid_return_line l JOIN aid_return r ON r.id = l.return_id
     WHERE l.individual_id = ? AND l.rekond = 'pending' ORDER BY r.at DESC LIMIT 1`,
  );
  const rekondList = db.prepare<
    [string],
    { id: string; individual_id: string; individual_no: string; article_no: string; name: string; at: string; contact_prescriber: number; recipient_id: string; receipt_id: string | null }
  >(
    `SELECT l.id, l.individual_id, i.individual_no, a.article_no, a.name, r.at, l.contact_prescriber, r.recipient_id, r.receipt_id
     FROM aid_return_line l JOIN aid_return r ON r.id = l.return_id JOIN individual i ON i.id = l.individual_id JOIN article a ON a.id = l.article_id
     WHERE l.store_id = ? AND l.rekond = 'pending' ORDER BY r.at, i.individual_no LIMIT 500`,
  );
  const holderOf = db.prepare<[string], { id: string; recipient_id: string }>(
    'SELECT id, recipient_id FROM aid WHERE individual_id = ? AND returned_at IS NULL AND delivered_at IS NOT NULL ORDER BY delivered_at DESC LIMIT 1',
  );
  const supplierReturnOf = db.prepare<[string], { id: string; at: string; supplier_name: string | null; reference_person: string | null }>(
    `SELECT r.id, r.at, s.name AS supplier_name, r.reference_person FROM supplier_return r LEFT JOIN supplier s ON s.id = r.supplier_id
     WHERE r.individual_id = ? ORDER BY r.at DESC LIMIT 1`,
  );
  const individualOf = db.prepare<
    [string],
    { id: string; individual_no: string; serial_no: string | null; purchase_date: string | null; status: string; store_id: string | null; article_no: string; name: string; supplier_article_no: string | null; supplier_name: string | null }
  >(
    `SELECT i.id, i.individual_no, i.serial_no, i.purchase_date, i.status, i.store_id, a.article_no, a.name, a.supplier_article_no, s.name AS supplier_name
     FROM individual i JOIN article a ON a.id = i.article_id LEFT JOIN supplier s ON s.id = a.supplier_id WHERE i.id = ?`,
  );
  const supplierReturn = db.prepare<[string], { id: string; individual_id: string; store_id: string; supplier_name: string | null; reference_person: string | null; information: string | null; at: string; by_name: string | null }>(
    `SELECT r.id, r.individual_id, r.store_id, s.name AS supplier_name, r.reference_person, r.information, r.at, u.name AS by_name
     FROM supplier_return r LEFT JOIN supplier s ON s.id = r.supplier_id LEFT JOIN app_user u ON u.id = r.user_id WHERE r.id = ?`,
  );
  const returnedIds = db.prepare<[string], { id: string }>('SELECT id FROM aid WHERE id IN (SELECT value FROM json_each(?)) AND returned_at IS NULL');
  const store = (id: string) => {
    const s = storeOf.get(id);
    return { issuer: s?.issuer ?? 'Hjälpmedelscentralen', store: { id, name: s?.name ?? `Lager ${id}`, addressLines: [] as string[] } };
  };
  const notFound = () => err('not-found', 'Mottagaren finns inte i lagrets register.');

  return {
    'return.context': ({ recipientId }, user) => {
      const r = repo.view(recipientId, user.id, { via: 'return.context' });
      if (!r) return notFound();
      const aids: ReturnableAid[] = held.all(recipientId).map((a) => ({
        aidId: a.id,
        articleId: a.article_id,
        articleNo: a.article_no,
        name: a.name,
        articleType: a.article_type,
        individualId: a.individual_id,
        individualNo: a.individual_no,
        quantity: a.quantity,
        deliveredAt: a.delivered_at,
        sale: isSaleArticle(a.article_type),
      }));
      const open: ReceiptSummary[] = receipts
        .all(recipientId)
        .map((k) => ({ id: k.id, at: k.at, comment: k.comment, aidIds: JSON.parse(k.aid_ids) as string[], byName: k.by_name }))
        .filter((k) => returnedIds.all(JSON.stringify(k.aidIds)).length > 0);
      // The stores the person may return to: buffer stores they work in, the own store first.
      const stores = [ctx.ownStoreId, ...user.storeIds.filter((s) => s !== ctx.ownStoreId)]
        .map((id) => storeOf.get(id))
        .filter((s): s is NonNullable<typeof s> => s !== undefined && (s.kind === 'buffer' || s.id === ctx.ownStoreId))
        .map((s) => ({ id: s.id, name: s.name }));
      return ok({ recipientId, contactPrescriber: r.contactPrescriber, rekond: facts.settings().rekond, stores, aids, receipts: open });
    },
    'return.createReceipt': ({ recipientId, aidIds, comment }, user) => {
      const receiptId = randomUUID();
      const saved = ctx.writer.write('return.createReceipt', { receiptId, storeId: ctx.ownStoreId, recipientId, aidIds, comment }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: receiptId }) : saved;
    },
    'return.receiptPdf': ({ receiptId }, user) => {
      const k = receipt.get(receiptId);
      if (!k) return err('not-found', 'Retursedeln finns inte.');
      // The receipt names the recipient: a logged view like the card.
      const r = repo.view(k.recipient_id, user.id, { via: 'return.receiptPdf' });
      if (!r) return notFound();
      const s = store(k.store_id);
      const identity = r.kind === 'patient' && r.personalNumber ? `Personnummer ${formatPersonalNumber(r.personalNumber)}` : `Vårdenhet ${r.careUnitCode ?? ''}`;
      const order = JSON.parse(k.aid_ids) as string[];
      const rows = new Map(receiptAids.all(k.aid_ids).map((a) => [a.id, a]));
      const pdf = rendered(() =>
        renderReturnReceipt({
          issuer: { name: s.issuer, addressLines: [] },
          store: s.store,
          receiptNo: shortNo(k.id),
          recipient: { name: r.name, identity },
          aids: order
            .map((id) => rows.get(id))
            .filter((a): a is NonNullable<typeof a> => a !== undefined)
            .map((a) => ({ articleNo: a.article_no, name: a.name, individualNo: a.individual_no, quantity: Math.max(1, a.quantity || a.ordered_quantity) })),
          comment: k.comment,
          createdAt: k.at,
          createdBy: k.by_name ?? user.name,
          printedAt: ctx.now().toISOString(),
        }),
      );
      if (!pdf.ok) return pdf;
      // The file name names no person: the receipt's number.
      return ok(pdfAnswer(safeFileName(`Retursedel-${shortNo(k.id)}.pdf`), pdf.value, false));
    },
    'return.register': ({ recipientId, receiptId, storeId, contactPrescriber, lines }, user) => {
      const returnId = randomUUID();
      const saved = ctx.writer.write(
        'return.register',
        {
          returnId,
          storeId,
          recipientId,
          receiptId,
          contactPrescriber,
          lines: lines.map((l) => ({ lineId: randomUUID(), aidId: l.aidId, outcome: l.outcome, movementId: randomUUID(), outMovementId: randomUUID(), textId: randomUUID() })),
        },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: returnId }) : saved;
    },
    'return.individual': ({ individualId }) => {
      const i = individualOf.get(individualId);
      if (!i) return err('not-found', 'Individen finns inte.');
      const rekond = rekondOf.get(individualId);
      const holder = holderOf.get(individualId);
      const sr = supplierReturnOf.get(individualId);
      const state: IndividualReturnState = {
        individualId,
        rekond: rekond ? { lineId: rekond.id, returnedAt: rekond.at, contactPrescriber: rekond.contact_prescriber === 1 } : null,
        holder: holder && i.status === 'atRecipient' ? { recipientId: holder.recipient_id, aidId: holder.id } : null,
        supplierReturn: sr ? { id: sr.id, at: sr.at, supplierName: sr.supplier_name, referencePerson: sr.reference_person } : null,
        mayReturnToSupplier: i.status === 'inStore' && i.store_id === ctx.ownStoreId,
        supplierName: i.supplier_name,
      };
      return ok(state);
    },
    'return.rekondList': () =>
      ok(
        rekondList.all(ctx.ownStoreId).map((l) => ({
          lineId: l.id,
          individualId: l.individual_id,
          individualNo: l.individual_no,
          articleNo: l.article_no,
          name: l.name,
          returnedAt: l.at,
          contactPrescriber: l.contact_prescriber === 1,
          recipientId: l.recipient_id,
          receiptNo: l.receipt_id ? shortNo(l.receipt_id) : null,
        })),
      ),
    'return.rekondDone': ({ lineId }, user) => {
      const saved = ctx.writer.write('return.rekondDone', { lineId, storeId: ctx.ownStoreId, textId: randomUUID() }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: lineId }) : saved;
    },
    'return.toSupplier': ({ individualId, referencePerson, information }, user) => {
      const supplierReturnId = randomUUID();
      const saved = ctx.writer.write(
        'return.toSupplier',
        { supplierReturnId, storeId: ctx.ownStoreId, individualId, movementId: randomUUID(), textId: randomUUID(), referencePerson, information },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: supplierReturnId }) : saved;
    },
    'return.supplierNotePdf': ({ supplierReturnId }, user) => {
      const r = supplierReturn.get(supplierReturnId);
      if (!r) return err('not-found', 'Returen till leverantören finns inte.');
      const i = individualOf.get(r.individual_id);
      if (!i) return err('not-found', 'Individen finns inte.');
      const s = store(r.store_id);
      const pdf = rendered(() =>
        renderSupplierReturnNote({
          issuer: { name: s.issuer, addressLines: [] },
          store: s.store,
          noteNo: shortNo(r.id),
          supplier: { name: r.supplier_name ?? 'Leverantören', referencePerson: r.reference_person },
          individual: {
            individualNo: i.individual_no,
            serialNo: i.serial_no,
            articleNo: i.article_no,
            name: i.name,
            supplierArticleNo: i.supplier_article_no,
            purchaseDate: i.purchase_date ? i.purchase_date.slice(0, 10) : null,
          },
          information: r.information,
          createdAt: r.at,
          createdBy: r.by_name ?? user.name,
          printedAt: ctx.now().toISOString(),
        }),
      );
      if (!pdf.ok) return pdf;
      return ok(pdfAnswer(safeFileName(`Retur-till-leverantor-${shortNo(r.id)}.pdf`), pdf.value, false));
    },
  };
}
