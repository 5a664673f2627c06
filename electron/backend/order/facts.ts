import type { ArticleStatus, ArticleType } from '../../../shared/domain/model';
import type { OrderArticle } from '../../../shared/domain/order/rules';
import type { Db } from '../db/replica';

interface OrderArticleRow {
  id: string;
  article_no: string;
  name: string;
  article_status: ArticleStatus;
  article_type: ArticleType;
  tracked_individually: number;
  supplier_id: string | null;
  price_ore: number;
}

export const toOrderArticle = (r: OrderArticleRow): OrderArticle => ({
  id: r.id,
  articleNo: r.article_no,
  name: r.name,
  articleStatus: r.article_status,
  articleType: r.article_type,
  trackedIndividually: r.tracked_individually === 1,
  supplierId: r.supplier_id,
  priceOre: r.price_ore,
});

/** Articles as ordering sees them, by id, from the replica (missing ids are left out). */
export function orderArticlesReader(db: Db): (ids: readonly string[]) => Record<string, OrderArticle | undefined> {
  const stmt = db.prepare<[string], OrderArticleRow>(
    'SELECT id, article_no, name, article_status, article_type, tracked_individually, supplier_id, price_ore FROM article WHERE id = ?',
  );
  return (ids) => {
    const out: Record<string, OrderArticle | undefined> = {};
    for (const id of ids) {
      const r = stmt.get(id);
      if (r) out[id] = toOrderArticle(r);
    }
    return out;
  };
}
