import { z } from 'zod';
import { insert } from '../effects';
import { decided, defineMutation, mayWorkInStore, refuse, RowId, STOCK_ADJUST_ROLES, STORE_REFUSALS } from '../mutation';
import { gs1CheckDigit } from '../../scan';
import type { ArticleFacts } from './facts';

export const Gtin = z
  .string()
  .regex(/^[0-9]{14}$/, 'En GTIN har 14 siffror.')
  .refine((g) => gs1CheckDigit(g.slice(0, 13)) === Number(g[13]), 'GTIN:ens kontrollsiffra stämmer inte: koden är felläst.');

export interface LinkGtinFacts {
  article: ArticleFacts | null;
  /** The article the GTIN is linked to already (null: it is free). */
  linkedTo: { articleId: string; articleNo: string } | null;
}

/**
 * Links an unknown but valid GTIN to an article, once, by a store admin (a new supplier code met
 * at goods receipt). It is region master data from then on: every workstation knows the code.
 */
export const linkGtin = defineMutation({
  args: z.object({ gtin: Gtin, articleId: RowId, storeId: RowId }).strict(),
  refusals: [...STORE_REFUSALS, 'unknown-article', 'gtin-linked'],
  decide(args, facts: LinkGtinFacts, { actor }) {
    const forbidden = mayWorkInStore(actor, args.storeId, STOCK_ADJUST_ROLES);
    if (forbidden) return forbidden;
    if (!facts.article) return refuse('unknown-article', 'Artikeln finns inte i sortimentet.');
    if (facts.linkedTo) {
      return refuse('gtin-linked', `GTIN ${args.gtin} är redan kopplad till artikel ${facts.linkedTo.articleNo}. Kontakta hjälpmedelscentralen om kopplingen är fel.`);
    }
    return decided({
      effects: [insert('article_gtin', { gtin: args.gtin, article_id: args.articleId })],
      audit: { action: 'article.linkGtin', entity: 'article', entityId: args.articleId, details: { gtin: args.gtin, articleNo: facts.article.articleNo } },
    });
  },
});

export const articleMutations = { 'article.linkGtin': linkGtin } as const;
