import { z } from 'zod';
import type { ArticleFacts } from '../article/facts';
import { add, insert, type Effect } from '../effects';
import { cleanText, decided, defineMutation, mayWorkInStore, refuse, RowId, STOCK_ADJUST_ROLES, STORE_REFUSALS, Uuid } from '../mutation';
import type { MovementReason } from '../model';
import { MAX_ORDER_QUANTITY } from '../order/rules';

/** The largest balance a store may hold of one article (far below PostgreSQL's integer range). */
export const MAX_BALANCE = 1_000_000;
/** The largest quantity of one movement a person enters. */
export const MAX_MOVEMENT_QUANTITY = 10_000;

export interface MovementInput {
  id: string;
  storeId: string;
  articleId: string;
  articleNo: string;
  individualId: string | null;
  quantity: number;
  reason: MovementReason;
  reference?: string | null;
  note: string | null;
  /** Null for central moves (an order shipped by the central service). */
  userId: string | null;
  at: string;
}

/** A ledger movement and its effect on the balance: always written together. */
export function movementEffects(m: MovementInput): Effect[] {
  return [
    insert('stock_movement', {
      id: m.id,
      store_id: m.storeId,
      article_id: m.articleId,
      individual_id: m.individualId,
      quantity: m.quantity,
      reason: m.reason,
      reference: m.reference ?? null,
      note: m.note,
      user_id: m.userId,
      at: m.at,
    }),
    add('stock_balance', { store_id: m.storeId, article_id: m.articleId }, { on_hand: m.quantity }, { article_no: m.articleNo, reserved: 0 }),
  ];
}

/**
 * How far a balance may go: an adjustment corrects a count, so it never takes a balance below
 * zero, nor makes a negative one (left by handing out aids that were not in stock, manual 002)
 * more negative; and no balance exceeds MAX_BALANCE. Null when the new balance is allowed.
 */
export function balanceRefusal(current: number, quantity: number, articleNo: string) {
  const next = current + quantity;
  if (next < Math.min(0, current)) {
    return refuse(
      'balance-below-zero',
      `Saldot för artikel ${articleNo} är ${current}; en justering med ${quantity} skulle ge ${next}. En justering kan inte göra saldot negativt.`,
    );
  }
  if (next > MAX_BALANCE) {
    return refuse('balance-too-large', `Saldot för artikel ${articleNo} kan inte bli större än ${MAX_BALANCE.toLocaleString('sv-SE')}.`);
  }
  return null;
}

export interface StockAdjustFacts {
  article: ArticleFacts | null;
  /** The store's balance of the article now (0 when it has none). */
  onHand: number;
}

/** A stock adjustment with a reason, by a store admin; tracked articles follow their individuals. */
export const adjust = defineMutation({
  args: z
    .object({
      movementId: Uuid,
      articleId: RowId,
      storeId: RowId,
      quantity: z
        .number()
        .int('Antalet ska vara ett heltal.')
        .min(-MAX_MOVEMENT_QUANTITY, `Antalet får vara högst ${MAX_MOVEMENT_QUANTITY} åt gången.`)
        .max(MAX_MOVEMENT_QUANTITY, `Antalet får vara högst ${MAX_MOVEMENT_QUANTITY} åt gången.`)
        .refine((q) => q !== 0, 'Antalet kan inte vara 0.'),
      reason: cleanText(200, 'Anledningen får vara högst 200 tecken.', { required: 'Ange en anledning till justeringen.' }),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'article-tracked', 'balance-below-zero', 'balance-too-large'],
  decide(args, facts: StockAdjustFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STOCK_ADJUST_ROLES);
    if (forbidden) return forbidden;
    const { article } = facts;
    if (!article) return refuse('unknown-article', 'Artikeln finns inte i sortimentet.');
    if (article.trackedIndividually) {
      return refuse(
        'article-tracked',
        `Artikel ${article.articleNo} är individmärkt: saldot följer individerna. Registrera, returnera eller skrota individer i stället.`,
      );
    }
    const bounds = balanceRefusal(facts.onHand, args.quantity, article.articleNo);
    if (bounds) return bounds;
    return decided({
      effects: movementEffects({
        id: args.movementId,
        storeId: args.storeId,
        articleId: article.id,
        articleNo: article.articleNo,
        individualId: null,
        quantity: args.quantity,
        reason: 'adjustment',
        note: args.reason,
        userId: actor.userId,
        at,
      }),
      audit: { action: 'stock.adjust', entity: 'article', entityId: article.id, details: { storeId: args.storeId, quantity: args.quantity, reason: args.reason } },
    });
  },
});

export interface SetLevelFacts {
  article: ArticleFacts | null;
}

/**
 * Sets an article's min and max level in a store (the replenishment suggestion's limits), by a
 * store admin. A new row each time: the latest setting is in force.
 */
export const setLevel = defineMutation({
  args: z
    .object({
      levelId: Uuid,
      storeId: RowId,
      articleId: RowId,
      minLevel: z.number().int('Nivåerna ska vara heltal.').min(0, 'Miniminivån kan inte vara negativ.').max(MAX_ORDER_QUANTITY),
      maxLevel: z.number().int('Nivåerna ska vara heltal.').min(0).max(MAX_ORDER_QUANTITY, `Maxnivån får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')}.`),
    })
    .strict()
    .refine((a) => a.maxLevel >= a.minLevel, { message: 'Maxnivån kan inte vara lägre än miniminivån.', path: ['maxLevel'] }),
  refusals: [...STORE_REFUSALS, 'unknown-article'],
  decide(args, facts: SetLevelFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STOCK_ADJUST_ROLES);
    if (forbidden) return forbidden;
    if (!facts.article) return refuse('unknown-article', 'Artikeln finns inte i sortimentet.');
    return decided({
      effects: [
        insert('stock_level', {
          id: args.levelId,
          store_id: args.storeId,
          article_id: args.articleId,
          min_level: args.minLevel,
          max_level: args.maxLevel,
          updated_at: at,
          user_id: actor.userId,
        }),
      ],
      audit: {
        action: 'stock.setLevel',
        entity: 'article',
        entityId: args.articleId,
        details: { storeId: args.storeId, minLevel: args.minLevel, maxLevel: args.maxLevel },
      },
    });
  },
});

export const stockMutations = { 'stock.adjust': adjust, 'stock.setLevel': setLevel } as const;
