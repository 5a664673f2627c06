import { randomUUID } from 'node:crypto';
import type { LoanBasketView } from '../../../shared/api/loan-basket';
import { isOverdue } from '../../../shared/domain/loan-basket/mutations';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

interface BasketRow {
  id: string;
  prescriber_id: string;
  prescriber_name: string | null;
  created_at: string;
  due_date: string;
  status: 'open' | 'closed';
}
interface LineRow {
  id: string;
  basket_id: string;
  line_no: number;
  article_id: string;
  article_no: string;
  name: string;
  individual_id: string | null;
  individual_no: string | null;
  quantity: number;
  status: 'lent' | 'prescribed' | 'returned';
  handled_at: string | null;
  handled_by_name: string | null;
}

/**
 * Varukorg over the replica (works offline): the person's or the store's open baskets with their
 * lines, overdue ones flagged; lending, and prescribing or returning lines (loanBasket.* mutations).
 */
export function loanBasketHandlers(ctx: BackendContext): HandlerGroup<'loanBasket'> {
  const db = ctx.db;
  const baskets = db.prepare<{ storeId: string; userId: string | null; closed: number }, BasketRow>(
    `SELECT b.id, b.prescriber_id, u.name AS prescriber_name, b.created_at, b.due_date, b.status FROM loan_basket b LEFT JOIN app_user u ON u.id = b.prescriber_id
     WHERE b.store_id = @storeId AND (@userId IS NULL OR b.prescriber_id = @userId) AND (@closed = 1 OR b.status = 'open')
     ORDER BY b.status = 'closed', b.due_date, b.created_at LIMIT 500`,
  );
  const lines = db.prepare<[string], LineRow>(
    `SELECT l.id, l.basket_id, l.line_no, l.article_id, a.article_no, a.name, l.individual_id, i.individual_no, l.quantity, l.status, l.handled_at, u.name AS handled_by_name
     FROM loan_basket_line l JOIN article a ON a.id = l.article_id LEFT JOIN individual i ON i.id = l.individual_id LEFT JOIN app_user u ON u.id = l.handled_by
     WHERE l.basket_id IN (SELECT value FROM json_each(?)) ORDER BY l.basket_id, l.line_no`,
  );
  const open = db.prepare<[string], { prescriber_id: string; due_date: string }>("SELECT prescriber_id, due_date FROM loan_basket WHERE store_id = ? AND status = 'open'");
  const byArticleNo = db.prepare<[string, string], { id: string; article_no: string; name: string; tracked: number; available: number | null }>(
    `SELECT a.id, a.article_no, a.name, a.tracked_individually AS tracked, (SELECT b.on_hand - b.reserved FROM stock_balance b WHERE b.store_id = ? AND b.article_id = a.id) AS available
     FROM article a WHERE a.article_no = ?`,
  );
  const byIndividualNo = db.prepare<[string], { id: string; individual_no: string; status: string; store_id: string | null; article_id: string; article_no: string; name: string }>(
    `SELECT i.id, i.individual_no, i.status, i.store_id, a.id AS article_id, a.article_no, a.name FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?`,
  );

  return {
    'loanBasket.list': ({ who, includeClosed }, user) => {
      const rows = baskets.all({ storeId: ctx.ownStoreId, userId: who === 'mine' ? user.id : null, closed: includeClosed ? 1 : 0 });
      const byBasket = new Map<string, LineRow[]>();
      for (const l of lines.all(JSON.stringify(rows.map((r) => r.id)))) {
        const list = byBasket.get(l.basket_id);
        if (list) list.push(l);
        else byBasket.set(l.basket_id, [l]);
      }
      const now = ctx.now().toISOString();
      const view = (b: BasketRow): LoanBasketView => ({
        id: b.id,
        prescriberId: b.prescriber_id,
        prescriberName: b.prescriber_name ?? b.prescriber_id,
        createdAt: b.created_at,
        dueDate: b.due_date,
        status: b.status,
        overdue: b.status === 'open' && isOverdue(b.due_date, now),
        mine: b.prescriber_id === user.id,
        lines: (byBasket.get(b.id) ?? []).map((l) => ({
          id: l.id,
          lineNo: l.line_no,
          articleId: l.article_id,
          articleNo: l.article_no,
          name: l.name,
          individualId: l.individual_id,
          individualNo: l.individual_no,
          quantity: l.quantity,
          status: l.status,
          handledAt: l.handled_at,
          handledByName: l.handled_by_name,
        })),
      });
      return ok({ baskets: rows.map(view) });
    },
    'loanBasket.summary': (_input, user) => {
      const now = ctx.now().toISOString();
      const all = open.all(ctx.ownStoreId);
      const mine = all.filter((b) => b.prescriber_id === user.id);
      return ok({
        open: all.length,
        overdue: all.filter((b) => isOverdue(b.due_date, now)).length,
        mineOpen: mine.length,
        mineOverdue: mine.filter((b) => isOverdue(b.due_date, now)).length,
      });
    },
    'loanBasket.lookup': ({ code }) => {
      const ind = byIndividualNo.get(code);
      if (ind) {
        const here = ind.store_id === ctx.ownStoreId && ind.status === 'inStore';
        return ok({ articleId: ind.article_id, articleNo: ind.article_no, name: ind.name, trackedIndividually: true, individualId: ind.id, individualNo: ind.individual_no, available: here ? 1 : 0 });
      }
      const a = byArticleNo.get(ctx.ownStoreId, code);
      if (!a) return err('not-found', `Inget hjälpmedel med artikel- eller individnummer ${code} finns.`);
      if (a.tracked === 1) return err('individual-required', `Artikel ${a.article_no} är individmärkt: skanna eller skriv individnumret.`);
      return ok({ articleId: a.id, articleNo: a.article_no, name: a.name, trackedIndividually: false, individualId: null, individualNo: null, available: Math.max(0, a.available ?? 0) });
    },
    'loanBasket.lend': ({ lines: wanted }, user) => {
      const basketId = randomUUID();
      const saved = ctx.writer.write(
        'loanBasket.lend',
        { basketId, storeId: ctx.ownStoreId, lines: wanted.map((l) => ({ lineId: randomUUID(), articleId: l.articleId, individualId: l.individualId, quantity: l.quantity })) },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: basketId }) : saved;
    },
    'loanBasket.handle': ({ basketId, recipientId, actions }, user) => {
      const saved = ctx.writer.write(
        'loanBasket.handle',
        {
          basketId,
          storeId: ctx.ownStoreId,
          recipientId,
          actions: actions.map((a) => ({
            eventId: randomUUID(),
            lineId: a.lineId,
            action: a.action,
            aidId: a.action === 'prescribe' ? randomUUID() : null,
            movementId: a.action === 'prescribe' ? randomUUID() : null,
          })),
        },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: basketId }) : saved;
    },
  };
}
