import type { OrderArticleView, OrderDetails, OrderSummary, OrderTemplate, StockLevelRow } from '../../../shared/api/order';
import type { ArticleStatus, ArticleType, OrderKind, OrderLineRoute, OrderLineStatus, OrderStatus } from '../../../shared/domain/model';
import { orderRefusal, orderWarning, type LevelFacts } from '../../../shared/domain/order/rules';
import { createScanClassifier } from '../../../shared/scan';
import { articleCodes } from '../article/codes';
import type { Db } from '../db/replica';
import { regionStoreOf } from '../region-settings/settings';

interface ArticleViewRow {
  id: string;
  article_no: string;
  name: string;
  unit: string;
  article_status: ArticleStatus;
  article_type: ArticleType;
  tracked_individually: number;
  supplier_id: string | null;
  supplier_name: string | null;
  price_ore: number;
  available: number | null;
}

const ARTICLE_VIEW = `SELECT a.id, a.article_no, a.name, a.unit, a.article_status, a.article_type, a.tracked_individually, a.supplier_id,
    s.name AS supplier_name, a.price_ore, b.on_hand - b.reserved AS available
  FROM article a LEFT JOIN supplier s ON s.id = a.supplier_id LEFT JOIN stock_balance b ON b.store_id = @store AND b.article_id = a.id`;

export const toArticleView = (r: ArticleViewRow): OrderArticleView => ({
  articleId: r.id,
  articleNo: r.article_no,
  name: r.name,
  unit: r.unit,
  articleStatus: r.article_status,
  trackedIndividually: r.tracked_individually === 1,
  supplierId: r.supplier_id,
  supplierName: r.supplier_name,
  priceOre: r.price_ore,
  warning: orderWarning({ articleNo: r.article_no, articleStatus: r.article_status }),
  refusal: orderRefusal({ articleNo: r.article_no, articleStatus: r.article_status }),
  available: r.available ?? 0,
});

/** The version of each (store, article) level in force: no later row exists. */
const LEVELS_IN_FORCE = `FROM stock_level l WHERE l.store_id = @store AND NOT EXISTS (
    SELECT 1 FROM stock_level n WHERE n.store_id = l.store_id AND n.article_id = l.article_id
      AND (n.updated_at > l.updated_at OR (n.updated_at = l.updated_at AND n.id > l.id)))`;

interface OrderRow {
  id: string;
  order_no: string | null;
  provisional_no: string | null;
  kind: OrderKind;
  status: OrderStatus;
  from_store_id: string;
  supplier_name: string | null;
  created_at: string;
  user_name: string | null;
  lines: number;
  purchase_order_nos: string | null;
  delivery_date: string | null;
  shipped_at: string | null;
}

const ORDER_SELECT = `SELECT o.id, o.order_no, o.provisional_no, o.kind, o.status, o.from_store_id, s.name AS supplier_name, o.created_at,
    u.name AS user_name, o.delivery_date, o.shipped_at,
    (SELECT count(*) FROM customer_order_line l WHERE l.order_id = o.id) AS lines,
    (SELECT group_concat(p.purchase_order_no, ',') FROM purchase_order p WHERE p.order_id = o.id) AS purchase_order_nos
  FROM customer_order o LEFT JOIN supplier s ON s.id = o.supplier_id LEFT JOIN app_user u ON u.id = o.user_id`;

const toSummary = (r: OrderRow): OrderSummary => ({
  id: r.id,
  orderNo: r.order_no,
  provisionalNo: r.provisional_no,
  kind: r.kind,
  status: r.status,
  fromStoreId: r.from_store_id,
  supplierName: r.supplier_name,
  createdAt: r.created_at,
  userName: r.user_name,
  lines: r.lines,
  pendingCentral: r.order_no === null,
  purchaseOrderNos: r.purchase_order_nos ? r.purchase_order_nos.split(',').sort() : [],
});

/** Replenishment reads of the replica: articles for order lines, levels, issues, orders and templates. */
export class OrderRepository {
  private readonly s;
  private readonly classify = createScanClassifier();
  private readonly codes;

  constructor(private readonly db: Db) {
    this.codes = articleCodes(db);
    this.s = {
      articleById: db.prepare<{ store: string; id: string }, ArticleViewRow>(`${ARTICLE_VIEW} WHERE a.id = @id`),
      levels: db.prepare<{ store: string }, LevelFacts & { updatedAt: string; userId: string | null }>(
        `SELECT l.article_id AS articleId, l.min_level AS minLevel, l.max_level AS maxLevel, l.updated_at AS updatedAt, l.user_id AS userId ${LEVELS_IN_FORCE}`,
      ),
      levelRows: db.prepare<{ store: string; text: string; limit: number; offset: number }, ArticleViewRow & { min_level: number; max_level: number; updated_at: string; user_name: string | null }>(
        `SELECT a.id, a.article_no, a.name, a.unit, a.article_status, a.article_type, a.tracked_individually, a.supplier_id, NULL AS supplier_name, a.price_ore,
            b.on_hand - b.reserved AS available, l.min_level, l.max_level, l.updated_at, u.name AS user_name
         ${LEVELS_IN_FORCE.replace('FROM stock_level l', 'FROM stock_level l JOIN article a ON a.id = l.article_id LEFT JOIN stock_balance b ON b.store_id = l.store_id AND b.article_id = l.article_id LEFT JOIN app_user u ON u.id = l.user_id')}
           AND (@text = '' OR a.article_no LIKE @text || '%' OR a.name LIKE '%' || @text || '%')
         ORDER BY a.article_no LIMIT @limit OFFSET @offset`,
      ),
      onOrder: db.prepare<{ store: string }, { article_id: string; quantity: number }>(
        `SELECT l.article_id, sum(l.quantity) AS quantity FROM customer_order_line l JOIN customer_order o ON o.id = l.order_id
         WHERE o.store_id = @store AND o.kind IN ('replenishment','stockTransfer') AND l.status IN ('registered','ordered','delivered')
         GROUP BY l.article_id`,
      ),
      issued: db.prepare<{ store: string; since: string }, { article_id: string; issued: number }>(
        `SELECT article_id, -sum(quantity) AS issued FROM stock_movement
         WHERE store_id = @store AND reason = 'issue' AND at >= @since GROUP BY article_id`,
      ),
      orders: db.prepare<{ store: string; open: number; text: string; limit: number }, OrderRow>(
        `${ORDER_SELECT} WHERE o.store_id = @store AND o.kind IN ('replenishment','stockTransfer')
           AND (@open = 0 OR o.status IN ('registered','picking'))
           AND (@text = '' OR o.order_no = @text OR o.provisional_no LIKE @text || '%'
             OR EXISTS (SELECT 1 FROM purchase_order p WHERE p.order_id = o.id AND p.purchase_order_no = @text))
         ORDER BY o.created_at DESC LIMIT @limit`,
      ),
      order: db.prepare<{ store: string; id: string }, OrderRow>(`${ORDER_SELECT} WHERE o.store_id = @store AND o.id = @id`),
      orderLines: db.prepare<[string], { line_no: number; article_id: string; article_no: string; name: string; quantity: number; status: OrderLineStatus; route: OrderLineRoute | null; purchase_order_no: string | null; price_ore: number }>(
        `SELECT l.line_no, l.article_id, a.article_no, a.name, l.quantity, l.status, l.route, p.purchase_order_no, l.price_ore
         FROM customer_order_line l JOIN article a ON a.id = l.article_id LEFT JOIN purchase_order p ON p.id = l.purchase_order_id
         WHERE l.order_id = ? ORDER BY l.line_no`,
      ),
      templates: db.prepare<{ store: string }, { template_id: string; name: string; lines: string; updated_at: string; user_name: string | null }>(
        `SELECT t.template_id, t.name, t.lines, t.updated_at, u.name AS user_name FROM order_template t LEFT JOIN app_user u ON u.id = t.user_id
         WHERE t.store_id = @store AND t.deleted = 0 AND NOT EXISTS (
           SELECT 1 FROM order_template n WHERE n.template_id = t.template_id
             AND (n.updated_at > t.updated_at OR (n.updated_at = t.updated_at AND n.id > t.id)))
         ORDER BY t.name COLLATE NOCASE`,
      ),
      parentStore: db.prepare<[string], { parent_store_id: string | null }>('SELECT parent_store_id FROM store WHERE id = ?'),
    };
  }

  article(storeId: string, articleId: string): OrderArticleView | null {
    const r = this.s.articleById.get({ store: storeId, id: articleId });
    return r ? toArticleView(r) : null;
  }

  /** An article by its article number, GTIN or a GS1 code carrying one. */
  articleByCode(storeId: string, code: string): OrderArticleView | null {
    const meaning = this.classify(code);
    const gtin = meaning.kind === 'gs1' ? meaning.gs1.gtin : undefined;
    const found = this.codes.byArticleNo(code) ?? (gtin ? this.codes.byGtin(gtin) : null);
    return found ? this.article(storeId, found.id) : null;
  }

  levelsInForce(storeId: string): LevelFacts[] {
    return this.s.levels.all({ store: storeId });
  }

  levelRows(storeId: string, text: string, offset: number, limit: number): StockLevelRow[] {
    return this.s.levelRows.all({ store: storeId, text, offset, limit }).map((r) => ({
      articleId: r.id,
      articleNo: r.article_no,
      name: r.name,
      minLevel: r.min_level,
      maxLevel: r.max_level,
      available: r.available ?? 0,
      updatedAt: r.updated_at,
      userName: r.user_name,
    }));
  }

  /** What the store's replenishments still bring: lines registered, ordered or delivered, not yet in the balance. */
  onOrder(storeId: string): Map<string, number> {
    return new Map(this.s.onOrder.all({ store: storeId }).map((r) => [r.article_id, r.quantity]));
  }

  issuedSince(storeId: string, since: string): Map<string, number> {
    return new Map(this.s.issued.all({ store: storeId, since }).map((r) => [r.article_id, r.issued]));
  }

  orders(storeId: string, open: boolean, text: string, limit: number): OrderSummary[] {
    return this.s.orders.all({ store: storeId, open: open ? 1 : 0, text, limit }).map(toSummary);
  }

  order(storeId: string, id: string): OrderDetails | null {
    const r = this.s.order.get({ store: storeId, id });
    if (!r) return null;
    return {
      ...toSummary(r),
      deliveryDate: r.delivery_date,
      shippedAt: r.shipped_at,
      orderLines: this.s.orderLines.all(id).map((l) => ({
        lineNo: l.line_no,
        articleId: l.article_id,
        articleNo: l.article_no,
        name: l.name,
        quantity: l.quantity,
        status: l.status,
        route: l.route,
        purchaseOrderNo: l.purchase_order_no,
        priceOre: l.price_ore,
      })),
    };
  }

  templates(storeId: string): OrderTemplate[] {
    return this.s.templates.all({ store: storeId }).map((t) => {
      const lines = JSON.parse(t.lines) as { articleId: string; quantity: number }[];
      return {
        templateId: t.template_id,
        name: t.name,
        updatedAt: t.updated_at,
        userName: t.user_name,
        lines: lines.flatMap((l) => {
          const article = this.article(storeId, l.articleId);
          return article ? [{ ...article, quantity: l.quantity }] : [];
        }),
      };
    });
  }

  /** Where a replenishment of the store comes from: its parent store, else the region's central store. */
  sendingStore(storeId: string): string | null {
    return this.s.parentStore.get(storeId)?.parent_store_id ?? regionStoreOf(this.db, 'central');
  }
}
