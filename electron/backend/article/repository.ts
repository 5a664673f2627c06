import type { ArticlePage } from '../../../shared/api/article';
import type { AidCategory, ArticleStatus, ArticleType, StoreKind } from '../../../shared/domain/model';
import type { Db } from '../db/replica';
import { regionStoreOf } from '../region-settings/settings';

export interface ArticleRow {
  seq: number;
  id: string;
  article_no: string;
  name: string;
  product_name: string | null;
  article_type: ArticleType;
  article_status: ArticleStatus;
  unit: string;
  pack_size: number;
  price_ore: number;
  tracked_individually: number;
  aid_category: AidCategory;
  iso_code: string;
  supplier_id: string | null;
  supplier_name: string | null;
  supplier_article_no: string | null;
}

const ARTICLE_COLUMNS = `a.seq, a.id, a.article_no, a.name, a.product_name, a.article_type, a.article_status, a.unit, a.pack_size, a.price_ore,
  a.tracked_individually, a.aid_category, a.iso_code, a.supplier_id, s.name AS supplier_name, a.supplier_article_no`;

/**
 * The own store's central store: its parent store, else the region's central store. The store
 * table is replicated, so this is asked each time (cheap: a handful of rows).
 */
export function centralStoreReader(db: Db): (ownStoreId: string) => string | null {
  const parent = db.prepare<[string], { id: string }>("SELECT p.id FROM store s JOIN store p ON p.id = s.parent_store_id WHERE s.id = ? AND p.kind = 'central'");
  // Without a central parent: the region's central store (region setting storeNumbers).
  return (ownStoreId) => parent.get(ownStoreId)?.id ?? regionStoreOf(db, 'central');
}

/**
 * Available quantities (on hand − reserved) of articles in the own and the central store. The
 * central figure is null while this replica holds no balance of the central store at all (it has
 * not been synced to it): "unknown", which is not "none".
 */
export function availabilityReader(db: Db, ownStoreId: string) {
  const central = centralStoreReader(db);
  const one = db.prepare<[string, string], { available: number }>('SELECT on_hand - reserved AS available FROM stock_balance WHERE store_id = ? AND article_id = ?');
  const known = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM stock_balance WHERE store_id = ? LIMIT 1');
  return {
    /** The central store's id and whether its balances are known here (once per request). */
    central(): { storeId: string | null; known: boolean } {
      const storeId = central(ownStoreId);
      return { storeId, known: storeId !== null && known.get(storeId) !== undefined };
    },
    of(articleId: string, centralStore: { storeId: string | null; known: boolean }): { ownAvailable: number; centralAvailable: number | null } {
      return {
        ownAvailable: one.get(ownStoreId, articleId)?.available ?? 0,
        centralAvailable: centralStore.known ? (one.get(centralStore.storeId!, articleId)?.available ?? 0) : null,
      };
    },
  };
}

export interface GroupMemberRow {
  article_id: string;
  article_no: string;
  name: string;
  article_type: ArticleType;
  article_status: ArticleStatus;
  unit: string;
  tracked_individually: number;
  rank: number;
}

/** Articles and their ersättningsgrupp. */
export function articleRepository(db: Db) {
  const byId = db.prepare<[string], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM article a LEFT JOIN supplier s ON s.id = a.supplier_id WHERE a.id = ?`);
  const byNo = db.prepare<[string], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM article a LEFT JOIN supplier s ON s.id = a.supplier_id WHERE a.article_no = ?`);
  const groupOf = db.prepare<[string], { group_id: string; name: string; rank: number }>(
    'SELECT m.group_id, g.name, m.rank FROM replacement_group_article m JOIN replacement_group g ON g.id = m.group_id WHERE m.article_id = ?',
  );
  const members = db.prepare<[string], GroupMemberRow>(`SELECT m.article_id, a.article_no, a.name, a.article_type, a.article_status, a.unit,
      a.tracked_individually, m.rank
    FROM replacement_group_article m JOIN article a ON a.id = m.article_id WHERE m.group_id = ? ORDER BY m.rank, a.article_no`);
  const components = db.prepare<[string], { article_id: string; article_no: string; name: string; article_type: ArticleType; article_status: ArticleStatus; kind: 'standard' | 'other'; quantity: number }>(
    `SELECT c.component_article_id AS article_id, a.article_no, a.name, a.article_type, a.article_status, c.kind, c.quantity
     FROM article_component c JOIN article a ON a.id = c.component_article_id
     WHERE c.article_id = ? ORDER BY c.kind = 'other', c.position, a.article_no`,
  );
  const gtins = db.prepare<[string], { gtin: string }>('SELECT gtin FROM article_gtin WHERE article_id = ? ORDER BY gtin');
  const iso = db.prepare<[string], { code: string; name: string }>('SELECT code, name FROM iso_class WHERE code = ?');
  const stock = db.prepare<[string], { store_id: string; name: string; kind: StoreKind; on_hand: number; reserved: number }>(
    `SELECT b.store_id, s.name, s.kind, b.on_hand, b.reserved FROM stock_balance b JOIN store s ON s.id = b.store_id
     WHERE b.article_id = ? AND (b.on_hand <> 0 OR b.reserved <> 0) ORDER BY s.kind <> 'buffer', b.store_id`,
  );
  const documents = db.prepare<[string], { id: string; name: string; kind: string; url: string }>('SELECT id, name, kind, url FROM article_document WHERE article_id = ? ORDER BY name, id');
  return {
    byId: (id: string): ArticleRow | null => byId.get(id) ?? null,
    byNo: (articleNo: string): ArticleRow | null => byNo.get(articleNo) ?? null,
    group: (articleId: string): { id: string; name: string; rank: number; members: GroupMemberRow[] } | null => {
      const g = groupOf.get(articleId);
      return g ? { id: g.group_id, name: g.name, rank: g.rank, members: members.all(g.group_id) } : null;
    },
    components: (articleId: string) => components.all(articleId),
    gtins: (articleId: string) => gtins.all(articleId).map((r) => r.gtin),
    /** The ISO classes 2 → 4 → 6 digits down to the code (the ones the replica knows). */
    isoPath: (code: string): ArticlePage['isoPath'] => {
      const path: ArticlePage['isoPath'] = [];
      for (let len = 2; len <= code.length; len += 2) {
        const c = iso.get(code.slice(0, len));
        if (c) path.push(c);
      }
      return path;
    },
    stock: (articleId: string) => stock.all(articleId),
    documents: (articleId: string) => documents.all(articleId),
  };
}
