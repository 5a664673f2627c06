import type { ArticlePage, ReplacementsView } from '../../../shared/api/article';
import type { ArticleLookup } from '../../../shared/api/schemas';
import { rankReplacements, type ReplacementMember } from '../../../shared/domain/article/replacement';
import { parseArticleQuery } from '../../../shared/domain/article/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { articleRepository, availabilityReader, type GroupMemberRow } from './repository';
import { ArticleSearch, searchRow } from './search';

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
  const articles = articleRepository(ctx.db);
  const availability = availabilityReader(ctx.db, ctx.ownStoreId);
  const search = new ArticleSearch(ctx.db);
  return {
    'article.search': ({ text, articleType, isoCode, offset, limit }) => {
      // The region's article search (region setting articleSearch, central's, pulled).
      const query = parseArticleQuery(text, ctx.regionSettings.settings.articleSearch);
      if (!query.ok) return query;
      const central = availability.central();
      const page = search.page({ text: query.value, articleType, isoCode }, { own: ctx.ownStoreId, central: central.storeId }, offset, limit);
      return ok({ rows: page.rows.map((r) => searchRow(r, central.known)), hasMore: page.hasMore });
    },
    'article.searchCount': ({ text, articleType, isoCode }) => {
      const query = parseArticleQuery(text, ctx.regionSettings.settings.articleSearch);
      if (!query.ok) return query;
      return ok({ total: search.count({ text: query.value, articleType, isoCode }) });
    },
    'article.iso': ({ code }) => {
      const view = search.iso(code);
      return view ? ok(view) : err('not-found', `ISO-klass ${code} finns inte.`);
    },
    'article.get': ({ articleNo }) => {
      const a = articles.byNo(articleNo);
      if (!a) return err('not-found', `Artikel ${articleNo} finns inte i sortimentet.`);
      const central = availability.central();
      const group = articles.group(a.id);
      const page: ArticlePage = {
        id: a.id,
        articleNo: a.article_no,
        name: a.name,
        productName: a.product_name,
        articleType: a.article_type,
        articleStatus: a.article_status,
        unit: a.unit,
        packSize: a.pack_size,
        isoCode: a.iso_code,
        isoPath: articles.isoPath(a.iso_code),
        priceOre: a.price_ore,
        trackedIndividually: a.tracked_individually === 1,
        aidCategory: a.aid_category,
        supplier: a.supplier_id ? { id: a.supplier_id, name: a.supplier_name ?? a.supplier_id } : null,
        supplierArticleNo: a.supplier_article_no,
        gtins: articles.gtins(a.id),
        ...availability.of(a.id, central),
        components: articles.components(a.id).map((c) => ({
          articleId: c.article_id,
          articleNo: c.article_no,
          name: c.name,
          articleType: c.article_type,
          articleStatus: c.article_status,
          kind: c.kind,
          quantity: c.quantity,
          ownAvailable: availability.of(c.article_id, central).ownAvailable,
        })),
        replacementGroup: group
          ? {
              id: group.id,
              name: group.name,
              members: group.members.map((m) => ({
                articleId: m.article_id,
                articleNo: m.article_no,
                name: m.name,
                articleStatus: m.article_status,
                rank: m.rank,
                current: m.article_id === a.id,
                ...availability.of(m.article_id, central),
              })),
            }
          : null,
        stock: articles.stock(a.id).map((b) => ({ storeId: b.store_id, storeName: b.name, storeKind: b.kind, onHand: b.on_hand, reserved: b.reserved, available: b.on_hand - b.reserved })),
        documents: articles.documents(a.id),
      };
      return ok(page);
    },
    'article.replacements': ({ articleId, quantity, source }) => {
      const a = articles.byId(articleId);
      if (!a) return err('not-found', 'Artikeln finns inte i sortimentet.');
      const central = availability.central();
      const group = articles.group(a.id);
      type Member = ReplacementMember & { row: GroupMemberRow };
      const asMember = (m: GroupMemberRow): Member => ({
        articleId: m.article_id,
        articleNo: m.article_no,
        articleStatus: m.article_status,
        rank: m.rank,
        ...availability.of(m.article_id, central),
        row: m,
      });
      const members = (group?.members ?? []).map(asMember);
      const ordered: Member =
        members.find((m) => m.articleId === a.id) ??
        asMember({ article_id: a.id, article_no: a.article_no, name: a.name, article_type: a.article_type, article_status: a.article_status, unit: a.unit, tracked_individually: a.tracked_individually, rank: 0 });
      const decision = rankReplacements({ ordered, members, quantity, source });
      const view: ReplacementsView = {
        article: { articleId: a.id, articleNo: a.article_no, name: a.name, articleStatus: a.article_status, rank: group ? group.rank : null, ownAvailable: ordered.ownAvailable, centralAvailable: ordered.centralAvailable },
        group: group ? { id: group.id, name: group.name } : null,
        quantity,
        source,
        needed: decision.needed,
        why: decision.why,
        suggestedArticleId: decision.suggestedArticleId,
        candidates: decision.candidates.map((c) => ({
          articleId: c.member.articleId,
          articleNo: c.member.articleNo,
          name: c.member.row.name,
          articleType: c.member.row.article_type,
          articleStatus: c.member.articleStatus,
          unit: c.member.row.unit,
          trackedIndividually: c.member.row.tracked_individually === 1,
          rank: c.member.rank,
          ownAvailable: c.member.ownAvailable,
          centralAvailable: c.member.centralAvailable,
          proposable: c.proposable,
          reason: c.reason,
          suggested: c.suggested,
        })),
      };
      return ok(view);
    },
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
