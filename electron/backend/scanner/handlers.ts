import type { ScanLookup, ScanMatch } from '../../../shared/api/scanner';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { GoodsReceiptRepository } from '../goods-receipt/repository';

export function scannerHandlers(ctx: BackendContext): HandlerGroup<'scanner'> {
  return {
    'scanner.devices': () => ok(ctx.scanner.devices()),
    'scanner.settings': () => ok(ctx.scanner.settings()),
    'scanner.saveSettings': (input) => {
      try {
        return ok(ctx.scanner.saveSettings(input));
      } catch (error) {
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
interface ArticleRow {
  id: string;
  article_no: string;
  name: string;
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
  const articleByNo = ctx.db.prepare<[string], ArticleRow>('SELECT id, article_no, name FROM article WHERE article_no = ?');
  const articleByGtin = ctx.db.prepare<[string], ArticleRow>(`SELECT a.id, a.article_no, a.name
    FROM article_gtin g JOIN article a ON a.id = g.article_id WHERE g.gtin = ?`);

  const find = (lookup: ScanLookup): ScanMatch | null => {
    switch (lookup.kind) {
      case 'individualNo': {
        const r = individual.get(lookup.value);
        return r ? { kind: 'individual', lookup, id: r.id, individualNo: r.individual_no, articleNo: r.article_no, articleName: r.article_name } : null;
      }
      case 'articleNo': {
        const r = articleByNo.get(lookup.value);
        return r ? { kind: 'article', lookup, id: r.id, articleNo: r.article_no, name: r.name } : null;
      }
      case 'gtin': {
        // GTINs are stored as 14 digits; an EAN-13 read bare is the same number with a leading 0.
        const gtin = /^\d{8,14}$/.test(lookup.value) ? lookup.value.padStart(14, '0') : lookup.value;
        const r = articleByGtin.get(gtin);
        return r ? { kind: 'article', lookup, id: r.id, articleNo: r.article_no, name: r.name } : null;
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
