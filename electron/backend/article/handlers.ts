import type { ArticleLookup } from '../../../shared/api/schemas';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

interface Row {
  id: string;
  article_no: string;
  name: string;
  article_type: ArticleLookup['articleType'];
  article_status: ArticleLookup['articleStatus'];
  iso_code: string;
  unit: string;
  tracked_individually: number;
  aid_category: ArticleLookup['aidCategory'];
  on_hand: number | null;
}

export function articleHandlers(ctx: BackendContext): HandlerGroup<'article'> {
  const byNo = ctx.db.prepare<[string, string], Row>(`SELECT a.id, a.article_no, a.name, a.article_type, a.article_status, a.iso_code, a.unit,
      a.tracked_individually, a.aid_category, b.on_hand
    FROM article a LEFT JOIN stock_balance b ON b.store_id = ? AND b.article_id = a.id
    WHERE a.article_no = ?`);
  return {
    'article.linkGtin': ({ gtin, articleId }, user) => {
      const saved = ctx.writer.write('article.linkGtin', { gtin, articleId, storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: articleId }) : saved;
    },
    'article.lookup': ({ articleNo }) => {
      const r = byNo.get(ctx.ownStoreId, articleNo);
      if (!r) return err('not-found', `Artikel ${articleNo} finns inte i sortimentet.`);
      return ok({
        id: r.id,
        articleNo: r.article_no,
        name: r.name,
        articleType: r.article_type,
        articleStatus: r.article_status,
        isoCode: r.iso_code,
        unit: r.unit,
        trackedIndividually: r.tracked_individually === 1,
        aidCategory: r.aid_category,
        onHand: r.on_hand ?? 0,
      });
    },
  };
}
