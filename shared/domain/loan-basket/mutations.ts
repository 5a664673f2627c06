import { z } from 'zod';
import { add, insert, update, type Effect } from '../effects';
import type { ArticleFacts } from '../article/facts';
import type { IndividualStatus, Role } from '../model';
import { decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import { movementEffects } from '../stock/mutations';
import { swedishDay } from '../order/cancel';
import { addWorkingDays } from './working-days';

/**
 * Varukorg (loanBasket, manual 001 "Lån av hjälpmedel"): a prescriber who does not yet know which
 * aid suits the patient borrows aids from the own store for at most 5 working days. They are
 * reserved on the prescriber (the available balance drops, individuals become Reserverad); then
 * each line is prescribed to a patient (it goes onto the recipient's aids list and out of stock)
 * or returned to the store. A colleague may handle someone's open basket (the prescriber is away).
 */

export const LOAN_DAYS = 5;
export const MAX_BASKET_LINES = 30;
export const LOAN_BASKET_ROLES: readonly Role[] = ['prescriber'];
/** Returning a line to the store: the prescriber, or the store staff who take the aid back. */
export const LOAN_RETURN_ROLES: readonly Role[] = ['prescriber', 'technician', 'storeAdmin'];

/** The date a basket lent at `at` must be handled by. */
export const loanDueDate = (at: string): string => addWorkingDays(swedishDay(at), LOAN_DAYS);

/** Overdue: the due date has passed (the basket is still open on the day after it). */
export const isOverdue = (dueDate: string, now: string): boolean => swedishDay(now) > dueDate;

export interface LendFacts {
  articles: Record<string, ArticleFacts | undefined>;
  /** The own store's balance per article of the basket (on hand, reserved). */
  balances: Record<string, { onHand: number; reserved: number } | undefined>;
  individuals: Record<string, { articleId: string; individualNo: string; status: IndividualStatus; storeId: string | null } | undefined>;
}

const LendLine = z
  .object({
    lineId: Uuid,
    articleId: RowId,
    individualId: RowId.nullable(),
    quantity: z.number().int('Antalet ska vara ett heltal.').min(1, 'Antalet ska vara minst 1.').max(100, 'Högst 100 av en artikel i en varukorg.'),
  })
  .strict();

export const lend = defineMutation({
  args: z
    .object({
      basketId: Uuid,
      storeId: RowId,
      lines: z.array(LendLine).min(1, 'Varukorgen är tom.').max(MAX_BASKET_LINES, `En varukorg får ha högst ${MAX_BASKET_LINES} rader.`),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'article-gone', 'individual-required', 'individual-not-available', 'not-enough-stock', 'duplicate-line'],
  decide(args, facts: LendFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, LOAN_BASKET_ROLES);
    if (forbidden) return forbidden.error.code === 'forbidden-role' ? refuse('forbidden-role', 'Bara förskrivare kan låna hjälpmedel till en varukorg.') : forbidden;
    const effects: Effect[] = [
      insert('loan_basket', {
        id: args.basketId,
        store_id: args.storeId,
        prescriber_id: actor.userId,
        created_by: actor.userId,
        created_at: at,
        due_date: loanDueDate(at),
        status: 'open',
        closed_at: null,
      }),
    ];
    const wanted = new Map<string, number>();
    const seenIndividuals = new Set<string>();
    for (const line of args.lines) {
      const article = facts.articles[line.articleId];
      if (!article) return refuse('unknown-article', `Artikeln ${line.articleId} finns inte i sortimentet.`);
      if (article.articleStatus === 'gone') return refuse('article-gone', `Artikel ${article.articleNo} är utgången och kan inte lånas ut.`);
      if (article.trackedIndividually) {
        if (line.individualId === null || line.quantity !== 1) {
          return refuse('individual-required', `Artikel ${article.articleNo} är individmärkt: ange individen, antal 1 per rad.`);
        }
        if (seenIndividuals.has(line.individualId)) return refuse('duplicate-line', 'Samma individ står på två rader.');
        seenIndividuals.add(line.individualId);
        const ind = facts.individuals[line.individualId];
        if (!ind || ind.articleId !== article.id || ind.storeId !== args.storeId || ind.status !== 'inStore') {
          return refuse('individual-not-available', `Individ ${ind?.individualNo ?? line.individualId} finns inte i lager ${args.storeId} (den kan vara reserverad eller utlånad).`);
        }
      } else if (line.individualId !== null) {
        return refuse('individual-required', `Artikel ${article.articleNo} är inte individmärkt: ange ingen individ.`);
      }
      wanted.set(article.id, (wanted.get(article.id) ?? 0) + line.quantity);
    }
    for (const [articleId, quantity] of wanted) {
      const article = facts.articles[articleId]!;
      const b = facts.balances[articleId] ?? { onHand: 0, reserved: 0 };
      if (!article.trackedIndividually && b.onHand - b.reserved < quantity) {
        return refuse('not-enough-stock', `Artikel ${article.articleNo}: ${Math.max(0, b.onHand - b.reserved)} disponibla i lagret, ${quantity} behövs.`);
      }
    }
    args.lines.forEach((line, i) => {
      const article = facts.articles[line.articleId]!;
      effects.push(
        insert('loan_basket_line', {
          id: line.lineId,
          basket_id: args.basketId,
          store_id: args.storeId,
          line_no: i + 1,
          article_id: line.articleId,
          individual_id: line.individualId,
          quantity: line.quantity,
          status: 'lent',
          recipient_id: null,
          aid_id: null,
          handled_at: null,
          handled_by: null,
        }),
        add('stock_balance', { store_id: args.storeId, article_id: line.articleId }, { reserved: line.quantity }, { article_no: article.articleNo, on_hand: 0 }),
      );
      if (line.individualId) effects.push(update('individual', { id: line.individualId }, { status: 'reserved' }));
    });
    return decided({
      effects,
      audit: { action: 'loanBasket.lend', entity: 'loan_basket', entityId: args.basketId, details: { lines: args.lines.length, dueDate: loanDueDate(at) } },
    });
  },
});

export interface HandleFacts {
  basket: {
    storeId: string;
    prescriberId: string;
    status: 'open' | 'closed';
    lines: { id: string; lineNo: number; articleId: string; articleNo: string; individualId: string | null; quantity: number; status: 'lent' | 'prescribed' | 'returned' }[];
  } | null;
  /** The recipient a line is prescribed to (null: unknown here, or none given). */
  recipient: { id: string; kind: 'patient' | 'careUnit' } | null;
}

const Action = z
  .object({
    eventId: Uuid,
    lineId: Uuid,
    action: z.enum(['prescribe', 'return']),
    /** For a prescription: the aid row and the stock movement it makes. */
    aidId: Uuid.nullable(),
    movementId: Uuid.nullable(),
  })
  .strict()
  .refine((a) => a.action === 'return' || (a.aidId !== null && a.movementId !== null), 'En förskrivning behöver id för hjälpmedlet och lagerrörelsen.');

/**
 * Handles lines of an open basket: prescribed to one recipient (Leverans) or returned (Ta bort).
 * The basket closes when no line is still lent.
 */
export const handle = defineMutation({
  args: z
    .object({
      basketId: Uuid,
      storeId: RowId,
      recipientId: RowId.nullable(),
      actions: z.array(Action).min(1, 'Markera minst en rad.').max(MAX_BASKET_LINES),
    })
    .strict()
    .refine((a) => new Set(a.actions.map((x) => x.lineId)).size === a.actions.length, 'Samma rad är markerad två gånger.'),
  refusals: [...STORE_REFUSALS, 'unknown-basket', 'unknown-line', 'line-not-lent', 'recipient-required', 'unknown-recipient'],
  decide(args, facts: HandleFacts, { actor, at }) {
    const prescribes = args.actions.some((a) => a.action === 'prescribe');
    const forbidden = mayWorkInStore(actor, args.storeId, prescribes ? LOAN_BASKET_ROLES : LOAN_RETURN_ROLES);
    if (forbidden) {
      return forbidden.error.code === 'forbidden-role'
        ? refuse('forbidden-role', prescribes ? 'Bara förskrivare kan förskriva från en varukorg.' : 'Din roll får inte återlämna varukorgens hjälpmedel.')
        : forbidden;
    }
    const basket = facts.basket;
    if (!basket || basket.storeId !== args.storeId) return refuse('unknown-basket', 'Varukorgen finns inte i lagret.');
    if (prescribes) {
      if (args.recipientId === null) return refuse('recipient-required', 'Välj mottagaren (personnummer) som hjälpmedlen förskrivs till.');
      if (!facts.recipient || facts.recipient.id !== args.recipientId) return refuse('unknown-recipient', 'Mottagaren finns inte.');
    }
    const lines = new Map(basket.lines.map((l) => [l.id, l]));
    const effects: Effect[] = [];
    const handled = new Set<string>();
    for (const a of args.actions) {
      const line = lines.get(a.lineId);
      if (!line) return refuse('unknown-line', 'Raden finns inte i varukorgen.');
      if (line.status !== 'lent') {
        return refuse('line-not-lent', `Rad ${line.lineNo} (artikel ${line.articleNo}) är redan ${line.status === 'prescribed' ? 'förskriven' : 'återlämnad'}.`);
      }
      handled.add(line.id);
      const prescribe = a.action === 'prescribe';
      effects.push(
        insert('loan_basket_event', {
          id: a.eventId,
          basket_id: args.basketId,
          line_id: line.id,
          store_id: args.storeId,
          action: prescribe ? 'prescribed' : 'returned',
          recipient_id: prescribe ? args.recipientId : null,
          user_id: actor.userId,
          at,
        }),
        update('loan_basket_line', { id: line.id }, {
          status: prescribe ? 'prescribed' : 'returned',
          recipient_id: prescribe ? args.recipientId : null,
          aid_id: prescribe ? a.aidId : null,
          handled_at: at,
          handled_by: actor.userId,
        }),
        add('stock_balance', { store_id: args.storeId, article_id: line.articleId }, { reserved: -line.quantity }, { article_no: line.articleNo, on_hand: 0 }),
      );
      if (prescribe) {
        effects.push(
          insert('aid', {
            id: a.aidId!,
            recipient_id: args.recipientId!,
            article_id: line.articleId,
            individual_id: line.individualId,
            ordered_quantity: line.quantity,
            quantity: line.quantity,
            store_id: args.storeId,
            order_id: null,
            line_no: null,
            prescribed: true,
            user_id: actor.userId,
            ordered_at: at,
            delivered_at: at,
            returned_at: null,
            cancelled_at: null,
          }),
          ...movementEffects({
            id: a.movementId!,
            storeId: args.storeId,
            articleId: line.articleId,
            articleNo: line.articleNo,
            individualId: line.individualId,
            quantity: -line.quantity,
            reason: 'issue',
            reference: null,
            note: `Varukorg, förskrivet (rad ${line.lineNo})`,
            userId: actor.userId,
            at,
          }),
        );
        if (line.individualId) effects.push(update('individual', { id: line.individualId }, { status: 'atRecipient', store_id: null, location: null }));
      } else if (line.individualId) {
        effects.push(update('individual', { id: line.individualId }, { status: 'inStore' }));
      }
    }
    if (basket.lines.every((l) => l.status !== 'lent' || handled.has(l.id))) {
      effects.push(update('loan_basket', { id: args.basketId }, { status: 'closed', closed_at: at }));
    }
    return decided({
      effects,
      audit: {
        action: 'loanBasket.handle',
        entity: 'loan_basket',
        entityId: args.basketId,
        details: {
          prescribed: args.actions.filter((a) => a.action === 'prescribe').length,
          returned: args.actions.filter((a) => a.action === 'return').length,
          ...(prescribes ? { recipientId: args.recipientId } : {}),
          colleague: basket.prescriberId !== actor.userId,
        },
      },
    });
  },
});

export const loanBasketMutations = { 'loanBasket.lend': lend, 'loanBasket.handle': handle } as const;
