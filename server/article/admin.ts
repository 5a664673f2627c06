import { z } from 'zod';
import { parseWith } from '../../shared/api/validate';
import { AID_CATEGORIES, ARTICLE_STATUSES, ARTICLE_TYPES } from '../../shared/domain/model';
import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { REGION_SCOPE } from '../sync/tables';

/** Central master-data changes (admin CLI): each one transaction that lands in the change feed. */

export const AddArticleInput = z
  .object({
    articleNo: z.string().regex(/^[0-9]{4,8}$/, 'Artikelnumret ska vara 4–8 siffror.'),
    name: z.string().trim().min(1, 'Ange en benämning.').max(100, 'Benämningen får vara högst 100 tecken.'),
    articleType: z.enum(ARTICLE_TYPES, { error: `Artikeltypen ska vara en av ${ARTICLE_TYPES.join(', ')}.` }),
    trackedIndividually: z.boolean(),
    aidCategory: z.enum(AID_CATEGORIES),
    isoCode: z.string().regex(/^[0-9]{2}([0-9]{2}){0,2}$/, 'ISO-koden ska ha 2, 4 eller 6 siffror.'),
    supplierId: z.string().min(1).max(16).nullable(),
    priceOre: z.number().int().min(0, 'Priset kan inte vara negativt.').max(100_000_000),
    gtin: z.string().regex(/^[0-9]{14}$/, 'GTIN ska ha 14 siffror.').nullable(),
  })
  .strict();
export type AddArticleInput = z.input<typeof AddArticleInput>;

export const articleIdOf = (articleNo: string): string => `A${articleNo}`;

export async function addArticle(db: Db, input: AddArticleInput, now = new Date()): Promise<Result<string>> {
  const parsed = parseWith(AddArticleInput, input);
  if (!parsed.ok) return parsed;
  const a = parsed.value;
  return db.transaction(async (tx) => {
    const { rows: existing } = await tx.query('SELECT 1 FROM article WHERE article_no = $1 OR id = $2', [a.articleNo, articleIdOf(a.articleNo)]);
    if (existing.length > 0) return err('duplicate-article-no', `Artikelnummer ${a.articleNo} finns redan.`);
    const { rows: iso } = await tx.query('SELECT 1 FROM iso_class WHERE code = $1', [a.isoCode]);
    if (iso.length === 0) return err('unknown-iso-code', `ISO-koden ${a.isoCode} finns inte.`);
    if (a.supplierId !== null && (await tx.query('SELECT 1 FROM supplier WHERE id = $1', [a.supplierId])).rows.length === 0) {
      return err('unknown-supplier', `Leverantören ${a.supplierId} finns inte.`);
    }
    if (a.gtin !== null && (await tx.query('SELECT 1 FROM article_gtin WHERE gtin = $1', [a.gtin])).rows.length > 0) {
      return err('duplicate-gtin', `GTIN ${a.gtin} hör redan till en annan artikel.`);
    }
    const id = articleIdOf(a.articleNo);
    const batch = new WriteBatch(tx, null);
    await tx.query(
      `INSERT INTO article (id, article_no, name, product_name, article_type, article_status, unit, price_ore, tracked_individually,
         aid_category, iso_code, supplier_id, supplier_article_no)
       VALUES ($1, $2, $3, NULL, $4, 'active', $5, $6, $7, $8, $9, $10, NULL)`,
      [id, a.articleNo, a.name, a.articleType, a.articleType === 'consumable' ? 'förp' : 'st', a.priceOre, a.trackedIndividually, a.aidCategory, a.isoCode, a.supplierId],
    );
    batch.changes.upsert('article', id, [REGION_SCOPE]);
    if (a.gtin !== null) {
      await tx.query('INSERT INTO article_gtin (gtin, article_id) VALUES ($1, $2)', [a.gtin, id]);
      batch.changes.upsert('article_gtin', a.gtin, [REGION_SCOPE]);
    }
    batch.addCentralAudit('article.add', 'article', id, { ...a }, now.toISOString());
    await batch.flush();
    return ok(`Artikel ${a.articleNo} ${a.name} är tillagd i sortimentet.`);
  });
}

export async function setArticleStatus(db: Db, articleNo: string, status: string, now = new Date()): Promise<Result<string>> {
  const parsedStatus = parseWith(z.enum(ARTICLE_STATUSES, { error: `Status ska vara en av ${ARTICLE_STATUSES.join(', ')}.` }), status);
  if (!parsedStatus.ok) return parsedStatus;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; article_status: string }>(
      'SELECT id, article_status FROM article WHERE article_no = $1 FOR UPDATE',
      [articleNo],
    );
    const article = rows[0];
    if (!article) return err('unknown-article', `Artikelnummer ${articleNo} finns inte.`);
    if (article.article_status === parsedStatus.value) return ok(`Artikel ${articleNo} har redan status ${parsedStatus.value}.`);
    const batch = new WriteBatch(tx, null);
    await tx.query('UPDATE article SET article_status = $2 WHERE id = $1', [article.id, parsedStatus.value]);
    batch.changes.upsert('article', article.id, [REGION_SCOPE]);
    batch.addCentralAudit('article.setStatus', 'article', article.id, { from: article.article_status, to: parsedStatus.value }, now.toISOString());
    await batch.flush();
    return ok(`Artikel ${articleNo} har nu status ${parsedStatus.value}.`);
  });
}
