/**
 * An audit entry's details (JSON text, ids and figures only) as the Logg page shows them:
 * "Anledning: kortet togs ut · Antal: 3" rather than raw JSON. Known keys get a Swedish label and
 * known codes a Swedish word; anything else is shown as it is, so nothing stored is hidden.
 */

const LABELS: Record<string, string> = {
  reason: 'Anledning',
  via: 'Via',
  method: 'Inloggning',
  quantity: 'Antal',
  individualNo: 'Individnummer',
  newIndividualNo: 'Nytt individnummer',
  oldIndividualNo: 'Tidigare individnummer',
  orderNo: 'Ordernummer',
  provisionalNo: 'Preliminärt nummer',
  purchaseOrderNo: 'Inköpsorder',
  lines: 'Rader',
  individuals: 'Individer',
  total: 'Summa',
  totalOre: 'Summa (öre)',
  name: 'Namn',
  storeId: 'Lager',
  fromStoreId: 'Från lager',
  articleId: 'Artikel',
  articleNo: 'Artikelnummer',
  gtin: 'GTIN',
  minLevel: 'Min',
  maxLevel: 'Max',
  kind: 'Typ',
  code: 'Kod',
  zoneId: 'Zon',
  source: 'Källa',
  outcome: 'Utfall',
  text: 'Text',
  accepted: 'Godkända',
};

const VALUES: Record<string, Record<string, string>> = {
  reason: { 'card-removed': 'kortet togs ut', inactivity: 'inaktivitet', manual: 'låst av användaren' },
  method: { password: 'lösenord', siths: 'SITHS-kort', 'offline-password': 'lösenord utan nätverk', 'offline-pin': 'PIN-kod utan nätverk', demo: 'demo' },
  outcome: { restock: 'åter i lager', scrap: 'skrotad' },
  source: { scan: 'skanning', manual: 'manuellt', import: 'import' },
};

export interface DetailPart {
  label: string;
  value: string;
}

const show = (value: unknown): string => {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return value.toLocaleString('sv-SE');
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  return JSON.stringify(value);
};

/** The parts of an entry's details; text that is not a JSON object is one part without a label. */
export function detailParts(details: string | null): DetailPart[] {
  if (details === null || details === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [{ label: '', value: details }];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ label: '', value: show(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
    label: LABELS[key] ?? key,
    value: typeof value === 'string' && VALUES[key]?.[value] ? VALUES[key][value] : show(value),
  }));
}

/** A date filter as typed (ÅÅÅÅ-MM-DD): null when empty or a real date, else the Swedish problem. */
export function dateProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-01.';
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return `${value} är inget giltigt datum.`;
  return null;
}
