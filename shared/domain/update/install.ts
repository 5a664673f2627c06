/**
 * When a downloaded update may be installed (issue 13 item 2, decision 0033). electron-updater
 * runs the installer as the app quits; a receipt being scanned, a stocktake this workstation is
 * counting in or an utleverans begun here must not have a new version put under them — the draft
 * survives a restart, but the person expects to come back to the same screens and the same rules.
 * So the update waits for a quit with nothing open. One pure rule, decided from the replica's
 * facts (electron/backend/update/open-work.ts).
 */

/** Work in progress on this workstation, from the replica. */
export interface OpenWork {
  /** Goods receipts being scanned here (Godsmottagning: a saved draft, not yet confirmed). */
  goodsReceipts: number;
  /** Stocktakes still counting (Inventering) in which this workstation has counted or holds a zone. */
  stocktakeCounts: number;
  /** Orders För plock whose pick list was printed here, with lines still to hand out (utleverans). */
  handOuts: number;
}

export type InstallDecision =
  | { install: true }
  | { install: false; reason: 'open-work' | 'unknown-work'; message: string };

/** The Swedish names of what keeps an update waiting, as the screens call them. */
function describe(work: OpenWork): string[] {
  const parts: string[] = [];
  if (work.goodsReceipts > 0) parts.push(work.goodsReceipts === 1 ? 'en pågående godsmottagning' : `${work.goodsReceipts} pågående godsmottagningar`);
  if (work.stocktakeCounts > 0) parts.push(work.stocktakeCounts === 1 ? 'en pågående inventering' : `${work.stocktakeCounts} pågående inventeringar`);
  if (work.handOuts > 0) parts.push(work.handOuts === 1 ? 'en påbörjad utleverans' : `${work.handOuts} påbörjade utleveranser`);
  return parts;
}

function joinSwedish(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`;
}

/**
 * May the downloaded update be installed now? Only when nothing is open. `null` work (the replica
 * could not be read, e.g. the app is on its startup-error screen) waits too: "never during an open
 * receipt" cannot be promised then. Counts that are not whole non-negative numbers are refused as
 * unknown rather than read as "nothing open".
 */
export function mayInstallUpdate(work: OpenWork | null): InstallDecision {
  const counts = work === null ? [] : [work.goodsReceipts, work.stocktakeCounts, work.handOuts];
  if (work === null || counts.some((n) => !Number.isInteger(n) || n < 0)) {
    return { install: false, reason: 'unknown-work', message: 'Uppdateringen väntar: det gick inte att se om något arbete pågår på den här arbetsstationen.' };
  }
  const open = describe(work);
  if (open.length === 0) return { install: true };
  return { install: false, reason: 'open-work', message: `Uppdateringen installeras när Buffert stängs utan ${joinSwedish(open)}.` };
}

/**
 * Staged rollout (electron-updater's `stagingPercentage` in latest.yml): is the machine with this
 * staging id among the first `percentage` per cent? The same arithmetic as electron-updater's
 * AppUpdater.isStagingMatch — the UUID's last four bytes as an unsigned 32-bit number, divided by
 * 0xffffffff, below the percentage — so a machine given a fixed id by IT falls on the same side
 * as it would with the library's own per-account id. No percentage (or not a number): everyone.
 */
export function isWithinRollout(stagingId: string, stagingPercentage: number | string | undefined | null): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const percentage = typeof stagingPercentage === 'number' ? Math.trunc(stagingPercentage) : Number.parseInt(stagingPercentage, 10);
  if (Number.isNaN(percentage)) return true;
  if (!STAGING_ID.test(stagingId)) throw new Error(`Staging-id:t är inte ett UUID: ${stagingId}`);
  const lastFourBytes = Number.parseInt(stagingId.replace(/-/g, '').slice(24, 32), 16);
  return lastFourBytes / 0xffffffff < percentage / 100;
}

/** A UUID in its usual text form (any version): what electron-updater's staging id is. */
export const STAGING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
