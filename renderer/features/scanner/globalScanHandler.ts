import type { Transport } from '../../../shared/api/transport';
import type { Route } from '../../app/router';
import { i18n } from '../../i18n';
import { deliveryRoute } from '../goods-receipt/openDelivery';
import { resolveScan } from './scanRouter';
import type { ScanHandler } from './scannerStore';

export interface GlobalScanDeps {
  transport: Transport;
  isLoggedIn(): boolean;
  navigate(route: Route): void;
  /** The stock page filtered to one article (its line in Lagersaldo). */
  showArticle(articleNo: string): void;
  /** Mottagare's search by a scanned personnummer: opens the recipient, or says why not. */
  findRecipient(personalNumber: string): Promise<{ ok: true } | { ok: false; message: string }>;
}

/**
 * "Scanning anywhere": what a scan does when no screen took it. An individual label opens the
 * individual, an article number or GTIN the article's stock line, an order number the delivery; anything else says in Swedish why it leads nowhere.
 */
export function createGlobalScanHandler(deps: GlobalScanDeps): ScanHandler {
  return async ({ meaning }) => {
    if (!deps.isLoggedIn()) return { tone: 'refused', message: i18n.t('scanner.outcome.loggedOut') };
    // A personnummer finds the patient (Mottagare). A 10-digit one that may also be an individual
    // label is tried as that first.
    if (meaning.kind === 'personalNumber') {
      if (meaning.alternatives.includes('individualNo')) {
        const asIndividual = await resolveScan(deps.transport, meaning);
        if (asIndividual.ok && asIndividual.target.page === 'individual') {
          deps.navigate({ page: 'individual', id: asIndividual.target.id });
          return { tone: 'ok', message: asIndividual.message };
        }
      }
      const found = await deps.findRecipient(meaning.personalNumber.normalized);
      return found.ok ? { tone: 'ok', message: i18n.t('scanner.outcome.openRecipient') } : { tone: 'refused', message: found.message };
    }
    const resolution = await resolveScan(deps.transport, meaning);
    if (!resolution.ok) return { tone: 'refused', message: resolution.message };
    const target = resolution.target;
    switch (target.page) {
      case 'individual':
        deps.navigate({ page: 'individual', id: target.id });
        break;
      case 'stockArticle':
        deps.showArticle(target.articleNo);
        deps.navigate({ page: 'stock', tab: 'balances' });
        break;
      case 'delivery':
        // A direct delivery opens its receipt; one from the central store (confirmed) its check.
        deps.navigate(deliveryRoute(target));
        break;
    }
    return { tone: 'ok', message: resolution.message };
  };
}
