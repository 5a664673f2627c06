import { randomUUID } from 'node:crypto';
import { applyReceiptScan, approveLines, draftMissing, editDraft, type ReceiptDraft, type ResolvedReceiptScan } from '../../../shared/domain/goods-receipt/draft';
import { partialLineMessage } from '../../../shared/domain/goods-receipt/mutations';
import { parseWholeKronor } from '../../../shared/domain/order/rules';
import { err, ok, type Result } from '../../../shared/result';
import { createScanClassifier } from '../../../shared/scan';
import type { ReceiptView } from '../../../shared/api/goods-receipt';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { documentResult, GoodsReceiptDocuments } from './documents';
import { articleCodes } from '../article/codes';
import { GoodsReceiptRepository } from './repository';
import { individualLabels } from '../individual/labels';
import { IndividualNumberBlocks } from '../individual/number-blocks';

/** Incoming deliveries and goods receipt (kvittens) on the workstation. */
export function goodsReceiptHandlers(ctx: BackendContext): HandlerGroup<'goodsReceipt'> {
  const repo = new GoodsReceiptRepository(ctx.db);
  const blocks = new IndividualNumberBlocks(ctx.db);
  const classify = createScanClassifier();
  const articles = articleCodes(ctx.db);
  const individualByNo = ctx.db.prepare<[string], { individual_no: string; article_no: string }>(
    'SELECT i.individual_no, a.article_no FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?',
  );
  const clientId = () => ctx.sync?.clientId ?? null;
  const poNo = ctx.db.prepare<[string], { purchase_order_no: string }>('SELECT purchase_order_no FROM purchase_order WHERE id = ?');
  /** An individual number another receipt being scanned on this workstation already holds. */
  const heldElsewhere = (individualNo: string, purchaseOrderId: string) => {
    const holder = repo.numberHeldBy(individualNo, purchaseOrderId);
    if (holder === null) return null;
    return err('individual-no-in-other-receipt', `Individnummer ${individualNo} används redan i kvittensen av inköpsorder ${poNo.get(holder)?.purchase_order_no ?? holder}.`);
  };
  const at = () => ctx.now().toISOString();

  /** The purchase order of the own store, open for receipt (or a Swedish refusal). */
  const openPurchaseOrder = (purchaseOrderId: string): Result<NonNullable<ReturnType<typeof repo.header>>> => {
    const h = repo.header(purchaseOrderId);
    if (!h || h.store_id !== ctx.ownStoreId) return err('not-found', 'Inköpsordern finns inte för det här lagret.');
    if (h.status === 'received') return err('already-received', `Inköpsorder ${h.purchase_order_no} är redan kvitterad.`);
    if (h.status === 'cancelled') return err('purchase-order-cancelled', `Inköpsorder ${h.purchase_order_no} är makulerad.`);
    return ok(h);
  };

  const viewOf = (purchaseOrderId: string, draft: ReceiptDraft, saved: boolean): Result<ReceiptView> => {
    const view = repo.view(purchaseOrderId, draft, saved, blocks.left(clientId()));
    return view ? ok(view) : err('not-found', 'Inköpsordern finns inte för det här lagret.');
  };

  /**
   * A change of a draft in one local transaction. Drafts are work in progress, not confirmed data:
   * they are written with synchronous = NORMAL (in WAL mode that survives a crash or kill of the
   * app; a power cut may lose the last scans, which the person sees and scans again), so a scan
   * does not wait for a disk flush. Approval goes through the writer with FULL.
   */
  const draftTransaction = <T>(purchaseOrderId: string, f: () => T): T => {
    const previous = ctx.db.pragma('synchronous', { simple: true }) as number;
    ctx.db.pragma('synchronous = NORMAL');
    try {
      return ctx.db.transaction(f)();
    } catch (e) {
      repo.forget(purchaseOrderId);
      throw e;
    } finally {
      ctx.db.pragma(`synchronous = ${previous}`);
    }
  };
  /** The lines an edit replaced (the pure draft functions make new objects only for those). */
  const changedLines = (before: ReceiptDraft, after: ReceiptDraft) => after.lines.filter((l, i) => l !== before.lines[i]).map((l) => l.lineNo);

  /** Changes the draft in one local transaction (the draft is what survives a restart). */
  const change = (purchaseOrderId: string, f: (draft: ReceiptDraft) => Result<ReceiptDraft>): Result<ReceiptView> => {
    const open = openPurchaseOrder(purchaseOrderId);
    if (!open.ok) return open;
    const result = draftTransaction(purchaseOrderId, (): Result<ReceiptDraft> => {
      const { draft } = repo.draft(purchaseOrderId, at());
      const next = f(draft);
      if (next.ok) repo.saveDraft(next.value, changedLines(draft, next.value));
      return next;
    });
    return result.ok ? viewOf(purchaseOrderId, result.value, true) : result;
  };

  /** What a scan means for a receipt, from the replica (or why it cannot be used here). */
  const resolve = (purchaseOrderId: string, text: string, symbology: string | undefined, purchaseOrderNo: string, orderNo: string | null): Result<ResolvedReceiptScan> => {
    const meaning = classify(text, symbology);
    const asArticleNo = articles.byArticleNo(meaning.text);
    if (asArticleNo && meaning.kind !== 'gs1') return ok({ kind: 'article', articleId: asArticleNo.id, articleNo: asArticleNo.articleNo, serialNo: null, batch: null, expiry: null });
    switch (meaning.kind) {
      case 'gs1': {
        const gtin = meaning.gs1.gtin;
        if (!gtin) return err('no-gtin', 'GS1-koden saknar GTIN (AI 01): den säger inte vilken artikel det är.');
        const article = articles.byGtin(gtin);
        if (!article) {
          return err(
            'unknown-gtin',
            `GTIN ${gtin} är inte kopplad till någon artikel. En lageradministratör kan koppla den till rätt artikel en gång; den känns sedan igen överallt.`,
            { gtin },
          );
        }
        return ok({
          kind: 'article',
          articleId: article.id,
          articleNo: article.articleNo,
          serialNo: meaning.gs1.serial ?? null,
          batch: meaning.gs1.batch ?? null,
          expiry: meaning.gs1.expiry ?? null,
        });
      }
      case 'articleNo':
      case 'individualNo':
      case 'caseNumber': {
        if (meaning.kind === 'caseNumber' || meaning.alternatives.includes('caseNumber')) {
          if (meaning.text === purchaseOrderNo || meaning.text === orderNo) return err('this-delivery', `${meaning.text} är den här leveransens eget nummer.`);
          const other = repo.find(ctx.ownStoreId, meaning.text);
          if (other) return err('other-delivery', `${meaning.text} är numret på en annan leverans. Avsluta den här och öppna den från Godsmottagning.`);
        }
        if (meaning.kind === 'articleNo' && !meaning.alternatives.includes('individualNo')) return err('unknown-article', `Artikelnummer ${meaning.text} finns inte i sortimentet.`);
        const no = meaning.kind === 'individualNo' ? meaning.individualNo : meaning.text;
        const taken = individualByNo.get(no);
        if (taken) return err('individual-no-taken', `Individnummer ${no} finns redan (en individ av artikel ${taken.article_no}). Använd en ny etikett.`);
        const held = heldElsewhere(no, purchaseOrderId);
        if (held) return held;
        return ok({ kind: 'individualNo', individualNo: no });
      }
      case 'unknown':
        return err('unreadable', meaning.error.message);
      default:
        return err('not-for-receipt', `Koden ${meaning.text} är ingen artikel, GTIN eller individetikett och kan inte användas i en kvittens.`);
    }
  };

  const centralOrder = ctx.db.prepare<[string, string], { id: string; order_no: string | null; provisional_no: string | null; shipped_at: string | null }>(
    'SELECT id, order_no, provisional_no, shipped_at FROM customer_order WHERE id = ? AND store_id = ?',
  );
  const centralLines = ctx.db.prepare<[string], { line_no: number; article_id: string; article_no: string; name: string; quantity: number; tracked: number; gtins: string | null }>(
    `SELECT l.line_no, l.article_id, a.article_no, a.name, l.quantity, a.tracked_individually AS tracked,
       (SELECT group_concat(g.gtin, ',') FROM article_gtin g WHERE g.article_id = a.id) AS gtins
     FROM customer_order_line l JOIN article a ON a.id = l.article_id
     WHERE l.order_id = ? AND l.route = 'central' AND l.status = 'shipped' ORDER BY l.line_no`,
  );
  const deviations = ctx.db.prepare<[string], { at: string; user_name: string | null; text: string }>(
    'SELECT d.at, u.name AS user_name, d.text FROM delivery_deviation d LEFT JOIN app_user u ON u.id = d.user_id WHERE d.order_id = ? ORDER BY d.at',
  );
  const documents = new GoodsReceiptDocuments(ctx.db);
  const labels = individualLabels(ctx.db);
  return {
    'goodsReceipt.labels': ({ purchaseOrderId, layout }) => {
      const ids = documents.receivedIndividualIds(purchaseOrderId);
      return ids.ok ? labels(ids.value, layout, at()) : ids;
    },
    'goodsReceipt.receiptPdf': ({ purchaseOrderId }, user) => documentResult(() => documents.goodsReceipt(purchaseOrderId, at(), user.id)),
    'goodsReceipt.purchaseOrderPdf': ({ purchaseOrderId }, user) => documentResult(() => documents.purchaseOrder(purchaseOrderId, at(), user.id)),
    'goodsReceipt.centralDelivery': ({ orderId }) => {
      const o = centralOrder.get(orderId, ctx.ownStoreId);
      if (!o) return err('not-found', 'Ordern finns inte för det här lagret.');
      return ok({
        orderId: o.id,
        orderNo: o.order_no,
        provisionalNo: o.provisional_no,
        shippedAt: o.shipped_at,
        lines: centralLines.all(orderId).map((l) => ({
          lineNo: l.line_no,
          articleId: l.article_id,
          articleNo: l.article_no,
          name: l.name,
          quantity: l.quantity,
          trackedIndividually: l.tracked === 1,
          gtins: l.gtins ? l.gtins.split(',') : [],
        })),
        deviations: deviations.all(orderId).map((d) => ({ at: d.at, userName: d.user_name, text: d.text })),
      });
    },
    'goodsReceipt.reportDeviation': ({ orderId, text, lines }, user) => {
      const deviationId = randomUUID();
      const saved = ctx.writer.write('goodsReceipt.reportDeviation', { deviationId, orderId, storeId: ctx.ownStoreId, text, lines }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: deviationId }) : saved;
    },
    'goodsReceipt.incoming': ({ onlyUnreceived, mine }, user) => ok(repo.incoming(ctx.ownStoreId, onlyUnreceived, mine ? user.id : null)),
    'goodsReceipt.find': ({ number }) => {
      const found = repo.find(ctx.ownStoreId, number);
      if (!found) return err('not-found', `Ingen leverans till lagret har order- eller inköpsordernummer ${number}.`);
      return ok({ purchaseOrderId: found.purchaseOrderId, orderId: found.orderId, kind: found.purchaseOrderId ? 'direct' : 'central' });
    },
    'goodsReceipt.open': ({ purchaseOrderId }) => {
      const h = repo.header(purchaseOrderId);
      if (!h || h.store_id !== ctx.ownStoreId) return err('not-found', 'Inköpsordern finns inte för det här lagret.');
      const { draft, saved } = repo.draft(purchaseOrderId, at());
      // Received or cancelled meanwhile (on another workstation, come in by sync): the draft is
      // moot and gives its individual numbers back.
      if (saved && (h.status === 'received' || h.status === 'cancelled')) {
        draftTransaction(purchaseOrderId, () => repo.deleteDraft(purchaseOrderId));
        return viewOf(purchaseOrderId, repo.draft(purchaseOrderId, at()).draft, false);
      }
      return viewOf(purchaseOrderId, draft, saved);
    },
    'goodsReceipt.scan': ({ purchaseOrderId, text, symbology }) => {
      const open = openPurchaseOrder(purchaseOrderId);
      if (!open.ok) return open;
      const h = open.value;
      const outcome = draftTransaction(purchaseOrderId, () => {
        const { draft, saved } = repo.draft(purchaseOrderId, at());
        const resolved = resolve(purchaseOrderId, text, symbology, h.purchase_order_no, h.order_no);
        if (!resolved.ok) {
          const gtin = resolved.error.code === 'unknown-gtin' ? (resolved.error.details?.gtin as string | undefined) : undefined;
          return { draft, saved, refused: resolved.error.message, ...(gtin ? { unknownGtin: gtin } : {}) };
        }
        const applied = applyReceiptScan(draft, resolved.value, { individualId: randomUUID(), movementId: randomUUID() }, at());
        if (!applied.ok) {
          let refused = applied.error.message;
          if (applied.error.code === 'not-on-delivery' && resolved.value.kind === 'article') {
            const other = repo.otherOpenWith(resolved.value.articleId, ctx.ownStoreId, purchaseOrderId);
            if (other) refused += ` Den hör till inköpsorder ${other.purchaseOrderNo}${other.orderNo ? ` (order ${other.orderNo})` : ''}.`;
          }
          return { draft, saved, refused };
        }
        repo.saveDraft(applied.value.draft, [applied.value.lineNo]);
        return { draft: applied.value.draft, saved: true, applied: applied.value };
      });
      const view = viewOf(purchaseOrderId, outcome.draft, outcome.saved);
      if (!view.ok) return view;
      return ok(
        outcome.applied
          ? { view: view.value, outcome: 'ok', lineNo: outcome.applied.lineNo, message: outcome.applied.message }
          : { view: view.value, outcome: 'refused', lineNo: null, message: outcome.refused ?? '', ...('unknownGtin' in outcome && outcome.unknownGtin ? { unknownGtin: outcome.unknownGtin } : {}) },
      );
    },
    'goodsReceipt.edit': ({ purchaseOrderId, edit }) =>
      change(purchaseOrderId, (draft) => {
        if (edit.kind === 'price') {
          const text = edit.price.trim();
          if (text === '') return editDraft(draft, { kind: 'price', lineNo: edit.lineNo, priceOre: null }, at());
          const price = parseWholeKronor(text);
          return price.ok ? editDraft(draft, { kind: 'price', lineNo: edit.lineNo, priceOre: price.value }, at()) : price;
        }
        if (edit.kind === 'unit') {
          if (edit.individualNo) {
            const taken = individualByNo.get(edit.individualNo);
            if (taken) return err('individual-no-taken', `Individnummer ${edit.individualNo} finns redan (en individ av artikel ${taken.article_no}).`);
            const held = heldElsewhere(edit.individualNo, purchaseOrderId);
            if (held) return held;
          }
          return editDraft(
            draft,
            {
              kind: 'unit',
              lineNo: edit.lineNo,
              individualId: edit.individualId,
              ...(edit.serialNo !== undefined ? { serialNo: edit.serialNo === '' ? null : edit.serialNo } : {}),
              ...(edit.individualNo !== undefined ? { individualNo: edit.individualNo === '' ? null : edit.individualNo } : {}),
            },
            at(),
          );
        }
        return editDraft(draft, edit, at());
      }),
    'goodsReceipt.takeNumbers': ({ purchaseOrderId }) =>
      change(purchaseOrderId, (draft) => {
        const waiting = draft.lines.reduce((n, l) => n + l.units.filter((u) => u.individualNo === null).length, 0);
        if (waiting === 0) return err('nothing-waiting', 'Alla enheter har redan individnummer.');
        const free = blocks.free(clientId(), waiting);
        if (free.length < waiting) {
          return err(
            'no-numbers',
            free.length === 0
              ? 'Arbetsstationen har inga individnummer kvar i sin serie. Synka för att hämta en ny serie från centralen, eller skanna regionens etiketter.'
              : `Serien räcker bara till ${free.length} av ${waiting} enheter. Synka för att hämta en ny serie, eller skanna etiketter för resten.`,
          );
        }
        let next = 0;
        return ok({
          ...draft,
          updatedAt: at(),
          lines: draft.lines.map((l) => ({
            ...l,
            units: l.units.map((u) => (u.individualNo === null ? { ...u, individualNo: free[next++]!, numberSource: 'block' as const } : u)),
          })),
        });
      }),
    'goodsReceipt.approve': ({ purchaseOrderId }, user) => {
      const open = openPurchaseOrder(purchaseOrderId);
      if (!open.ok) return open;
      const { draft } = repo.draft(purchaseOrderId, at());
      // A partial line is what stops an approval first; units still without a number come after.
      const partial = draft.lines.find((l) => l.received < l.ordered);
      if (partial) return err('partial-line', partialLineMessage(`Rad ${partial.lineNo} (artikel ${partial.articleNo})`, partial.received, partial.ordered));
      const unnumbered = draftMissing(draft).filter((m) => m.includes('individnummer'));
      if (unnumbered.length > 0) return err('individual-no-missing', `${unnumbered.join(' ')} Skanna etiketterna eller ta nummer ur serien.`);
      const saved = ctx.writer.writeAll(
        [{ name: 'goodsReceipt.approve', args: { receiptId: draft.receiptId, purchaseOrderId, storeId: ctx.ownStoreId, lines: approveLines(draft) } }],
        user.id,
        () => repo.deleteDraft(purchaseOrderId),
      );
      return saved.ok ? ok({ mutationId: saved.value[0]!, id: draft.receiptId }) : saved;
    },
    'goodsReceipt.cancel': ({ purchaseOrderId, reason }, user) => {
      const open = openPurchaseOrder(purchaseOrderId);
      if (!open.ok) return open;
      const receiptId = randomUUID();
      const saved = ctx.writer.writeAll(
        [{ name: 'goodsReceipt.cancel', args: { receiptId, purchaseOrderId, storeId: ctx.ownStoreId, reason } }],
        user.id,
        () => repo.deleteDraft(purchaseOrderId),
      );
      return saved.ok ? ok({ mutationId: saved.value[0]!, id: receiptId }) : saved;
    },
  };
}
