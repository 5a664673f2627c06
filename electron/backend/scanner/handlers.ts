import type { ScanLookup, ScanMatch } from '../../../shared/api/scanner';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { articleCodes } from '../article/codes';
import { GoodsReceiptRepository } from '../goods-receipt/repository';
import { ScannerSettingsLockedError } from './service';

export function scannerHandlers(ctx: BackendContext): HandlerGroup<'scanner'> {
  return {
    'scanner.devices': () => ok(ctx.scanner.devices()),
    'scanner.settings': () => ok(ctx.scanner.settings()),
    'scanner.saveSettings': (input) => {
      try {
        return ok(ctx.scanner.saveSettings(input));
      } catch (error) {
        if (error instanceof ScannerSettingsLockedError) {
          return err('settings-locked', 'Skannerns typ, enhet, profil och tangentbordslayout är bestämda av IT i maskinkonfigurationen och kan inte ändras här. Ljud och tidsgränser kan du ändra. Ingenting ändrades.');
        }
        const code = (error as NodeJS.ErrnoException).code ?? 'fel';
        return err('settings-not-saved', `Skannerinställningarna kunde inte sparas (${code}). Ingenting ändrades.`);
      }
    },
    'scanner.status': () => ok(ctx.scanner.status()),
  };
}

interface IndividualRow {
  id: string;
  individual_no: string;
  article_no: string;
  article_name: string;
}
/**
 * `scan.resolve`: what the readings of a scan refer to in the replica, in the order given (the
 * renderer's classification first, then its alternatives). A reading that matches nothing is
 * simply absent from the answer; the screen says what it looked for. Case numbers (order numbers
 * on delivery notes) find the delivery: its purchase order, or the central delivery.
 */
export function scanHandlers(ctx: BackendContext): HandlerGroup<'scan'> {
  const deliveries = new GoodsReceiptRepository(ctx.db);
  const individual = ctx.db.prepare<[string], IndividualRow>(`SELECT i.id, i.individual_no, a.article_no, a.name AS article_name
    FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?`);
  const articles = articleCodes(ctx.db);

  const find = (lookup: ScanLookup): ScanMatch | null => {
    switch (lookup.kind) {
      case 'individualNo': {
        const r = individual.get(lookup.value);
        return r ? { kind: 'individual', lookup, id: r.id, individualNo: r.individual_no, articleNo: r.article_no, articleName: r.article_name } : null;
      }
      case 'articleNo':
      case 'gtin': {
        const a = lookup.kind === 'articleNo' ? articles.byArticleNo(lookup.value) : articles.byGtin(lookup.value);
        return a ? { kind: 'article', lookup, ...a } : null;
      }
      case 'caseNumber': {
        const d = deliveries.find(ctx.ownStoreId, lookup.value);
        return d ? { kind: 'delivery', lookup, orderId: d.orderId, purchaseOrderId: d.purchaseOrderId, number: lookup.value } : null;
      }
    }
  };

  return {
    'scan.resolve': ({ lookups }) => ok({ matches: lookups.map(find).filter((m): m is ScanMatch => m !== null) }),
  };
}
