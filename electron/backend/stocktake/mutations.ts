import { mergeFactsOf, stocktakeRef, type StocktakeRow } from '../../../shared/domain/stocktake/facts';
import type { InvestigationFacts } from '../../../shared/domain/stocktake/mutations';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { countFactsReader, openStocktakesReader, stocktakeRowsReader } from './facts';
import { regionStoreOf } from '../region-settings/settings';

/** The workstation half of the stocktake (inventering) mutations: facts from the replica. */
export function stocktakeLocalMutations(db: Db): LocalMutationGroup<'stocktake'> {
  const open = openStocktakesReader(db);
  const countFacts = countFactsReader(db);
  const rows = stocktakeRowsReader(db);
  const stocktake = db.prepare<[string], StocktakeRow>('SELECT id, store_id, name, scope, zones, blind, status, joined_id, created_at, approved_at FROM stocktake WHERE id = ?');
  const name = (id: string) => stocktake.get(id)?.name ?? id;
  const individual = db.prepare<[string], { id: string; individual_no: string; article_id: string; article_no: string; status: NonNullable<InvestigationFacts['individual']>['status']; store_id: string | null }>(
    'SELECT i.id, i.individual_no, i.article_id, a.article_no, i.status, i.store_id FROM individual i JOIN article a ON a.id = i.article_id WHERE i.id = ?',
  );
  const article = db.prepare<[string], { article_no: string }>('SELECT article_no FROM article WHERE id = ?');
  return {
    'stocktake.create': {
      facts: (args) => ({ open: open(args.storeId) }),
      describe: (args) => `Ny inventering ”${args.name}”`,
    },
    'stocktake.count': {
      facts: (args) => countFacts(args.stocktakeId, args.articleId),
      describe: (args) =>
        args.kind === 'scan'
          ? `Inventering ”${name(args.stocktakeId)}”: individ ${args.code ?? ''}`
          : `Inventering ”${name(args.stocktakeId)}”: artikel ${args.articleId ? (article.get(args.articleId)?.article_no ?? args.articleId) : ''}, ${args.quantity} st`,
    },
    'stocktake.assignZone': {
      facts: (args) => countFacts(args.stocktakeId, null),
      describe: (args) => `Inventering ”${name(args.stocktakeId)}”: zon till ${args.workstation}`,
    },
    'stocktake.approve': {
      facts: (args) => {
        const read = rows(args.stocktakeId);
        const own = read?.stocktakes.find((s) => s.id === args.stocktakeId);
        if (!read || !own) return { stocktake: null, investigationStoreId: null, merge: null };
        const target = own.joined_id ? (read.stocktakes.find((s) => s.id === own.joined_id) ?? null) : null;
        return {
          stocktake: { ...stocktakeRef(own, target), createdAt: own.created_at },
          // The region's investigation store (region setting storeNumbers).
          investigationStoreId: regionStoreOf(db, 'investigation'),
          merge: mergeFactsOf(args.stocktakeId, read),
        };
      },
      describe: (args) => `Godkännande av inventering ”${name(args.stocktakeId)}”`,
    },
    'stocktake.resolveInvestigation': {
      facts: (args) => {
        const i = individual.get(args.individualId);
        return { individual: i ? { id: i.id, individualNo: i.individual_no, articleId: i.article_id, articleNo: i.article_no, status: i.status, storeId: i.store_id } : null };
      },
      describe: (args) => `Individ ${individual.get(args.individualId)?.individual_no ?? args.individualId} ${args.outcome === 'restock' ? 'åter i lager' : 'skrotad'} från utredningslagret`,
    },
  };
}
