import type { ScanLookup, ScanMatch } from '../../../shared/api/scanner';
import type { Transport } from '../../../shared/api/transport';
import type { ScanMeaning } from '../../../shared/scan';
import { i18n } from '../../i18n';

/** Where a scan leads when it is used "anywhere" (no screen took it). */
export type ScanTarget =
  | { page: 'individual'; id: string; individualNo: string; label: string }
  | { page: 'stockArticle'; articleNo: string; label: string }
  | { page: 'delivery'; purchaseOrderId: string | null; orderId: string; label: string };

export type ScanResolution = { ok: true; target: ScanTarget; message: string } | { ok: false; message: string };

/** The readings of a scan worth looking up, most likely first (its kind, then its alternatives). */
export function lookupsOf(meaning: ScanMeaning): ScanLookup[] {
  const text = meaning.text.trim();
  const out: ScanLookup[] = [];
  const add = (kind: ScanLookup['kind'], value: string | undefined) => {
    if (value && value.length <= 64 && !out.some((l) => l.kind === kind && l.value === value)) out.push({ kind, value });
  };
  switch (meaning.kind) {
    case 'individualNo':
      add('individualNo', meaning.individualNo);
      break;
    case 'articleNo':
      add('articleNo', meaning.articleNo);
      break;
    case 'caseNumber':
      add('caseNumber', meaning.caseNumber);
      break;
    case 'gs1':
      add('gtin', meaning.gs1.gtin);
      break;
    default:
      break;
  }
  for (const alternative of meaning.alternatives) {
    if (alternative === 'individualNo') add('individualNo', text);
    if (alternative === 'articleNo') add('articleNo', text);
  }
  return out;
}

function ownLookupKind(meaning: ScanMeaning): ScanLookup['kind'] | null {
  switch (meaning.kind) {
    case 'individualNo':
    case 'articleNo':
    case 'caseNumber':
      return meaning.kind;
    case 'gs1':
      return meaning.gs1.gtin ? 'gtin' : null;
    default:
      return null;
  }
}

/** Why a scan of this kind cannot be used by the global router (never silence). */
function unusable(meaning: ScanMeaning): string {
  switch (meaning.kind) {
    case 'personalNumber':
      return i18n.t('scanner.outcome.personalNumber');
    case 'hsaId':
      return i18n.t('scanner.outcome.hsaId');
    case 'hibc':
      return i18n.t('scanner.outcome.hibc');
    case 'gs1':
      return i18n.t('scanner.outcome.gs1WithoutGtin');
    case 'unknown':
      return i18n.t('scanner.outcome.unknown', { reason: meaning.error.message });
    default:
      return i18n.t('scanner.outcome.notHere');
  }
}

/**
 * Each kind of match the backend can answer (`ScanMatch`), and where it leads. A new kind is one
 * more case here: the switch is exhaustive, so the compiler points at this place when the
 * contract grows.
 */
function targetOf(match: ScanMatch): ScanResolution {
  switch (match.kind) {
    case 'individual':
      return {
        ok: true,
        target: { page: 'individual', id: match.id, individualNo: match.individualNo, label: `${match.individualNo} – ${match.articleName}` },
        message: i18n.t('scanner.outcome.openIndividual', { no: match.individualNo, article: match.articleName }),
      };
    case 'article':
      return {
        ok: true,
        target: { page: 'stockArticle', articleNo: match.articleNo, label: `${match.articleNo} ${match.name}` },
        message:
          match.lookup.kind === 'gtin'
            ? i18n.t('scanner.outcome.openArticleByGtin', { no: match.articleNo, name: match.name, gtin: match.lookup.value })
            : i18n.t('scanner.outcome.openArticle', { no: match.articleNo, name: match.name }),
      };
    case 'delivery':
      return {
        ok: true,
        target: { page: 'delivery', purchaseOrderId: match.purchaseOrderId, orderId: match.orderId, label: match.number },
        message:
          match.purchaseOrderId !== null
            ? i18n.t('scanner.outcome.openDelivery', { number: match.number })
            : i18n.t('scanner.outcome.openCentralDelivery', { number: match.number }),
      };
    default: {
      const never: never = match;
      return { ok: false, message: i18n.t('scanner.outcome.notHere', { kind: (never as { kind: string }).kind }) };
    }
  }
}

/** Looks a classified scan up in the replica and says where it leads, or why it leads nowhere. */
export async function resolveScan(transport: Transport, meaning: ScanMeaning): Promise<ScanResolution> {
  const lookups = lookupsOf(meaning);
  if (lookups.length === 0) return { ok: false, message: unusable(meaning) };
  const result = await transport.invoke('scan.resolve', { lookups });
  if (!result.ok) return { ok: false, message: result.error.message };
  const first = result.value.matches[0];
  if (first) return targetOf(first);
  // Said in terms of what the scan was read as; a reading tried only as an alternative (a
  // personnummer that might have been an individual label) is not named.
  const own = ownLookupKind(meaning);
  const primary = lookups[0]!;
  if (own === null || primary.kind !== own) return { ok: false, message: unusable(meaning) };
  return { ok: false, message: i18n.t(`scanner.notFound.${primary.kind}`, { value: primary.value }) };
}
