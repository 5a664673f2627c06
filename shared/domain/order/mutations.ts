import { z } from 'zod';
import { add, insert, type Effect } from '../effects';
import { cleanText, decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';
import type { StoreKind } from '../model';
import { pickingMutations } from './picking';
import { recipientOrderMutations } from './recipient-orders';
import { MAX_ORDER_LINES, MAX_ORDER_QUANTITY, orderRefusal, PROVISIONAL_ORDER_NO, routeLines, type OrderArticle } from './rules';

const OrderLine = z
  .object({
    articleId: RowId,
    quantity: z
      .number()
      .int('Antalet ska vara ett heltal.')
      .min(1, 'Antalet ska vara minst 1.')
      .max(MAX_ORDER_QUANTITY, `Antalet får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')} på en rad.`),
  })
  .strict();

const OrderLines = z
  .array(OrderLine)
  .min(1, 'Ordern har inga rader.')
  .max(MAX_ORDER_LINES, `En order får ha högst ${MAX_ORDER_LINES} rader: dela upp den.`)
  .refine((lines) => new Set(lines.map((l) => l.articleId)).size === lines.length, 'Samma artikel står på två rader: slå ihop dem.');

/** What central adds to an order's facts: its case number and what it routes where. */
export interface CentralOrderFacts {
  orderNo: string;
  /** Available (on hand − reserved) in the sending central store, per article of the order. */
  available: Record<string, number>;
  /** Allocated only when a line goes to purchase: the purchase order and the purchase store (800). */
  purchaseOrder: { id: string; purchaseOrderNo: string; purchaseStoreId: string } | null;
}

export interface ReplenishFacts {
  articles: Record<string, OrderArticle | undefined>;
  /** The kind of the sending store (null: unknown store). */
  fromStoreKind: StoreKind | null;
  /** Null on the workstation: the order waits for central's number and routing. */
  central: CentralOrderFacts | null;
}

/**
 * A replenishment (lagerpåfyllnad) of the own store from one supplier, or a stock transfer
 * (lagerflytt) from the central store. The workstation keeps it under its provisional number;
 * central gives it its case number, routes each line (central store or purchase via store 800),
 * reserves what it takes from the central store and creates the purchase order.
 */
export const replenish = defineMutation({
  args: z
    .object({
      orderId: Uuid,
      provisionalNo: z.string().regex(PROVISIONAL_ORDER_NO, 'Ogiltigt preliminärt ordernummer.'),
      kind: z.enum(['replenishment', 'stockTransfer']),
      storeId: RowId,
      fromStoreId: RowId,
      supplierId: RowId.nullable(),
      lines: OrderLines,
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'article-gone', 'mixed-suppliers', 'invalid-sending-store'],
  decide(args, facts: ReplenishFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId);
    if (forbidden) return forbidden;
    if (facts.fromStoreKind !== 'central' || args.fromStoreId === args.storeId) {
      return refuse('invalid-sending-store', `Lager ${args.fromStoreId} är inget centrallager: en lagerpåfyllnad kommer från centrallagret.`);
    }
    const articles: OrderArticle[] = [];
    for (const line of args.lines) {
      const article = facts.articles[line.articleId];
      if (!article) return refuse('unknown-article', `Artikeln ${line.articleId} finns inte i sortimentet.`);
      const gone = orderRefusal(article);
      if (gone) return refuse('article-gone', gone);
      if (args.kind === 'replenishment' && article.supplierId !== args.supplierId) {
        return refuse(
          'mixed-suppliers',
          `Artikel ${article.articleNo} kommer från en annan leverantör. En lagerpåfyllnad görs per leverantör: lägg den i en egen order.`,
        );
      }
      articles.push(article);
    }
    const central = facts.central;
    const routes = central ? routeLines(args.lines, new Map(Object.entries(central.available)), args.kind) : null;
    const purchase = routes?.includes('purchase') ? central?.purchaseOrder ?? null : null;
    const effects: Effect[] = [
      insert('customer_order', {
        id: args.orderId,
        order_no: central?.orderNo ?? null,
        provisional_no: args.provisionalNo,
        kind: args.kind,
        store_id: args.storeId,
        from_store_id: args.fromStoreId,
        supplier_id: args.supplierId,
        status: 'registered',
        delivery_date: null,
        created_at: at,
        user_id: actor.userId,
        shipped_at: null,
        recipient_id: null,
        service_point_id: null,
        details: null,
      }),
    ];
    if (purchase) {
      effects.push(
        insert('purchase_order', {
          id: purchase.id,
          purchase_order_no: purchase.purchaseOrderNo,
          order_id: args.orderId,
          store_id: args.storeId,
          supplier_id: args.supplierId,
          status: 'ordered',
          created_at: at,
          delivered_at: null,
          closed_at: null,
        }),
      );
    }
    args.lines.forEach((line, i) => {
      const article = articles[i]!;
      const route = routes?.[i] ?? null;
      const viaPurchase = route === 'purchase' && purchase !== null;
      effects.push(
        insert('customer_order_line', {
          order_id: args.orderId,
          line_no: i + 1,
          article_id: line.articleId,
          quantity: line.quantity,
          individual_id: null,
          status: viaPurchase ? 'ordered' : 'registered',
          route,
          purchase_order_id: viaPurchase ? purchase.id : null,
          price_ore: article.priceOre,
          payer_id: null,
          note: null,
        }),
      );
      // What central will send is reserved in the central store until it is shipped.
      if (route === 'central') {
        effects.push(add('stock_balance', { store_id: args.fromStoreId, article_id: line.articleId }, { reserved: line.quantity }, { article_no: article.articleNo, on_hand: 0 }));
      }
    });
    return decided({
      effects,
      audit: {
        action: 'order.replenish',
        entity: 'customer_order',
        entityId: args.orderId,
        details: {
          kind: args.kind,
          provisionalNo: args.provisionalNo,
          orderNo: central?.orderNo ?? null,
          supplierId: args.supplierId,
          lines: args.lines.length,
          purchaseOrderNo: purchase?.purchaseOrderNo ?? null,
        },
      },
    });
  },
});

/* ---------- order templates (beställningsmallar) ---------- */

export const TEMPLATE_NAME_MAX = 60;

export interface TemplateFacts {
  articles: Record<string, OrderArticle | undefined>;
  /** The template's store when it exists already (null: a new template, or an unknown one). */
  existingStoreId: string | null;
}

/** Saves a template as a new version (the latest version is in force; a row is never changed). */
export const saveTemplate = defineMutation({
  args: z
    .object({
      versionId: Uuid,
      templateId: Uuid,
      storeId: RowId,
      name: cleanText(TEMPLATE_NAME_MAX, `Namnet får vara högst ${TEMPLATE_NAME_MAX} tecken.`, { required: 'Ge mallen ett namn.' }),
      lines: OrderLines,
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'article-gone'],
  decide(args, facts: TemplateFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId) ?? (facts.existingStoreId !== null ? mayWorkInStore(actor, facts.existingStoreId) : null);
    if (forbidden) return forbidden;
    for (const line of args.lines) {
      const article = facts.articles[line.articleId];
      if (!article) return refuse('unknown-article', `Artikeln ${line.articleId} finns inte i sortimentet.`);
      const gone = orderRefusal(article);
      if (gone) return refuse('article-gone', gone);
    }
    return decided({
      effects: [
        insert('order_template', {
          id: args.versionId,
          template_id: args.templateId,
          store_id: args.storeId,
          name: args.name,
          lines: JSON.stringify(args.lines),
          deleted: false,
          updated_at: at,
          user_id: actor.userId,
        }),
      ],
      audit: { action: 'orderTemplate.save', entity: 'order_template', entityId: args.templateId, details: { name: args.name, lines: args.lines.length } },
    });
  },
});

export interface TemplateDeleteFacts {
  /** The version in force (null: no such template, or deleted already). */
  current: { storeId: string; name: string } | null;
}

/** Deletes a template: a last version marked deleted. */
export const deleteTemplate = defineMutation({
  args: z.object({ versionId: Uuid, templateId: Uuid }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-template'],
  decide(args, facts: TemplateDeleteFacts, { actor, at }) {
    const current = facts.current;
    if (!current) return refuse('unknown-template', 'Mallen finns inte längre (den kan ha tagits bort på en annan arbetsstation).');
    const forbidden = mayWorkInStore(actor, current.storeId);
    if (forbidden) return forbidden;
    return decided({
      effects: [
        insert('order_template', {
          id: args.versionId,
          template_id: args.templateId,
          store_id: current.storeId,
          name: current.name,
          lines: '[]',
          deleted: true,
          updated_at: at,
          user_id: actor.userId,
        }),
      ],
      audit: { action: 'orderTemplate.delete', entity: 'order_template', entityId: args.templateId, details: { name: current.name } },
    });
  },
});

export const orderMutations = {
  'order.replenish': replenish,
  ...recipientOrderMutations,
  ...pickingMutations,
  'orderTemplate.save': saveTemplate,
  'orderTemplate.delete': deleteTemplate,
} as const;
