import { z } from 'zod';
import { AID_CATEGORIES, ARTICLE_STATUSES, ARTICLE_TYPES, STORE_KINDS } from '../domain/model';
import { MAX_ORDER_QUANTITY } from '../domain/order/rules';

/** The contract's schemas of the Artiklar feature: article page, replacements, search, ISO browsing. */

const Id = z.string().min(1).max(64);
const ArticleType = z.enum(ARTICLE_TYPES);
const ArticleStatus = z.enum(ARTICLE_STATUSES);

export const ArticleNoInput = z
  .string()
  .trim()
  .min(1, 'Ange ett artikelnummer.')
  .max(30, 'Artikelnumret får vara högst 30 tecken.');

/** Availability of an article where the workstation can see it. */
const Availability = {
  /** Available (on hand − reserved) in the own store. */
  ownAvailable: z.number().int(),
  /** Available in the central store; null when this replica holds no central-store balances. */
  centralAvailable: z.number().int().nullable(),
};

export const ReplacementsQuery = z
  .object({
    articleId: Id,
    quantity: z
      .number({ error: 'Antalet ska vara ett heltal.' })
      .int('Antalet ska vara ett heltal.')
      .min(1, 'Antalet ska vara minst 1.')
      .max(MAX_ORDER_QUANTITY, `Antalet får vara högst ${MAX_ORDER_QUANTITY.toLocaleString('sv-SE')}.`),
    /** Where the order draws from: the own buffer store (direct orders) or the central store. */
    source: z.enum(['own', 'central']).default('own'),
  })
  .strict();

export const ReplacementCandidate = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  unit: z.string(),
  trackedIndividually: z.boolean(),
  rank: z.number().int(),
  ...Availability,
  proposable: z.boolean(),
  /** Why it may not be proposed (Swedish), null when it may. */
  reason: z.string().nullable(),
  suggested: z.boolean(),
});
export type ReplacementCandidate = z.infer<typeof ReplacementCandidate>;

export const ReplacementsView = z.object({
  article: z.object({ articleId: Id, articleNo: z.string(), name: z.string(), articleStatus: ArticleStatus, rank: z.number().int().nullable(), ...Availability }),
  group: z.object({ id: Id, name: z.string() }).nullable(),
  quantity: z.number().int(),
  source: z.enum(['own', 'central']),
  /** The ordered article cannot be delivered as it is (gone, or too little available). */
  needed: z.boolean(),
  why: z.string().nullable(),
  suggestedArticleId: Id.nullable(),
  candidates: z.array(ReplacementCandidate),
});
export type ReplacementsView = z.infer<typeof ReplacementsView>;

export const ArticleGetQuery = z.object({ articleNo: ArticleNoInput }).strict();

export const ArticleComponentView = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  kind: z.enum(['standard', 'other']),
  quantity: z.number().int(),
  ownAvailable: z.number().int(),
});
export type ArticleComponentView = z.infer<typeof ArticleComponentView>;

export const ArticlePage = z.object({
  id: Id,
  articleNo: z.string(),
  name: z.string(),
  productName: z.string().nullable(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  unit: z.string(),
  packSize: z.number().int(),
  isoCode: z.string(),
  /** The ISO classes from 2 digits down to the article's own (code and name). */
  isoPath: z.array(z.object({ code: z.string(), name: z.string() })),
  priceOre: z.number().int(),
  trackedIndividually: z.boolean(),
  aidCategory: z.enum(AID_CATEGORIES),
  supplier: z.object({ id: Id, name: z.string() }).nullable(),
  supplierArticleNo: z.string().nullable(),
  gtins: z.array(z.string()),
  ...Availability,
  /** The individmall: standard components first, then the other ones, each by position. */
  components: z.array(ArticleComponentView),
  replacementGroup: z
    .object({
      id: Id,
      name: z.string(),
      members: z.array(z.object({ articleId: Id, articleNo: z.string(), name: z.string(), articleStatus: ArticleStatus, rank: z.number().int(), current: z.boolean(), ...Availability })),
    })
    .nullable(),
  /** Balances per store this workstation knows; a store with nothing on hand or reserved is left out. */
  stock: z.array(z.object({ storeId: Id, storeName: z.string(), storeKind: z.enum(STORE_KINDS), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() })),
  documents: z.array(z.object({ id: Id, name: z.string(), kind: z.string(), url: z.string() })),
});
export type ArticlePage = z.infer<typeof ArticlePage>;

/** ISO 9999 class code: 2, 4 or 6 digits. */
export const IsoCodeInput = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'En ISO-kod har 2, 4 eller 6 siffror.');

export const ArticleSearchFilter = {
  /** Read by the region's article search: terms of ≥ 3 characters in any order, or the whole text (parseArticleQuery, shared/domain/article/search.ts). */
  text: z.string().max(200, 'Söktexten får vara högst 200 tecken.').default(''),
  articleType: z.enum(['all', ...ARTICLE_TYPES]).default('all'),
  /** Only articles in this ISO class (and its subclasses). */
  isoCode: IsoCodeInput.nullable().default(null),
};

export const ArticleSearchQuery = z
  .object({
    ...ArticleSearchFilter,
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const ArticleSearchCountQuery = z.object(ArticleSearchFilter).strict();

export const ArticleSearchRow = z.object({
  articleId: Id,
  articleNo: z.string(),
  name: z.string(),
  productName: z.string().nullable(),
  articleType: ArticleType,
  articleStatus: ArticleStatus,
  unit: z.string(),
  isoCode: z.string(),
  supplierName: z.string().nullable(),
  supplierArticleNo: z.string().nullable(),
  ...Availability,
});
export type ArticleSearchRow = z.infer<typeof ArticleSearchRow>;

export const ArticleSearchPage = z.object({ rows: z.array(ArticleSearchRow), hasMore: z.boolean() });
export type ArticleSearchPage = z.infer<typeof ArticleSearchPage>;

export const IsoBrowseQuery = z.object({ code: IsoCodeInput.nullable().default(null) }).strict();
export const IsoBrowseView = z.object({
  /** The classes from 2 digits down to the chosen one (empty at the top). */
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  /** The next level's classes (none below 6 digits), with how many articles each holds. */
  children: z.array(z.object({ code: z.string(), name: z.string(), articles: z.number().int() })),
  /** Articles in the chosen class and its subclasses. */
  articles: z.number().int(),
});
export type IsoBrowseView = z.infer<typeof IsoBrowseView>;
