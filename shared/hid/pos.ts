/**
 * Reassembling HID POS scanned-data reports into one scan.
 *
 * Data bytes are taken as ISO-8859-1 (one byte, one character), which covers GS1, HIBC and
 * Digital Link data; anything wrong with the reports (truncated, a length that does not fit,
 * the last report still saying "more follows") is reported in `error` and also marks the text
 * with U+FFFD, so a damaged scan can never be mistaken for a shorter valid one.
 */
import type { AppError } from '../result';
import { REPLACEMENT } from './keyboard';
import type { HidPosProfile } from './profiles';

export interface HidPosScan {
  symbology?: string;
  text: string;
  error?: AppError;
}

function offset(profile: HidPosProfile, at: number): number {
  return profile.reportIdIncluded ? at : at - 1;
}

function readSymbology(report: Uint8Array, profile: HidPosProfile): string | undefined {
  if (profile.symbologyOffset < 0) return undefined;
  const at = offset(profile, profile.symbologyOffset);
  const a = report[at] ?? 0;
  const b = report[at + 1] ?? 0;
  const c = report[at + 2] ?? 0;
  // Without AIM ids enabled the bytes are zero; anything else not "]xy" is not an AIM id.
  if (a !== 0x5d || b < 0x21 || b > 0x7e || c < 0x21 || c > 0x7e) return undefined;
  return String.fromCharCode(a, b, c);
}

export interface HidPosDecoder {
  /** Feeds one input report; returns a completed scan when the last part has arrived. */
  push(report: Uint8Array): HidPosScan | null;
  /** True while parts of a scan have arrived but not its end. */
  pending(): boolean;
  /** What has arrived of an unfinished scan. */
  partial(): HidPosScan;
  reset(): void;
}

export function createHidPosDecoder(profile: HidPosProfile): HidPosDecoder {
  let text = '';
  let symbology: string | undefined;
  let parts = 0;
  let problem: AppError | undefined;

  const reset = (): void => {
    text = '';
    symbology = undefined;
    parts = 0;
    problem = undefined;
  };

  return {
    push(report: Uint8Array): HidPosScan | null {
      if (!(report instanceof Uint8Array)) return null;
      if (profile.reportIdIncluded && report[0] !== profile.reportId) return null; // other report
      const expected = profile.reportIdIncluded ? profile.reportLength : profile.reportLength - 1;
      if (report.length < expected) {
        problem ??= { code: 'hid.truncatedReport', message: 'Läsaren skickade en ofullständig rapport. Skanna igen.' };
        text += REPLACEMENT;
        parts++;
        return null;
      }
      if (parts === 0) symbology = readSymbology(report, profile);
      const length = report[offset(profile, profile.lengthOffset)] ?? 0;
      const start = offset(profile, profile.dataOffset);
      const count = Math.min(length, profile.maxDataLength);
      if (length > profile.maxDataLength) {
        problem ??= { code: 'hid.badLength', message: 'Läsaren skickade en rapport med felaktig längd. Skanna igen.' };
      }
      let chunk = '';
      for (let i = 0; i < count; i++) chunk += String.fromCharCode(report[start + i] ?? 0);
      text += length > profile.maxDataLength ? chunk + REPLACEMENT : chunk;
      parts++;
      const more = ((report[offset(profile, profile.moreFollowsOffset)] ?? 0) & profile.moreFollowsMask) !== 0;
      if (more) return null;
      const scan: HidPosScan = { text };
      if (symbology !== undefined) scan.symbology = symbology;
      if (problem !== undefined) scan.error = problem;
      reset();
      return scan;
    },
    pending: () => parts > 0,
    partial: () => {
      const scan: HidPosScan = { text };
      if (symbology !== undefined) scan.symbology = symbology;
      if (problem !== undefined) scan.error = problem;
      return scan;
    },
    reset,
  };
}

/**
 * HID POS input reports of one scan → its text and AIM symbology identifier. Reports of other
 * report IDs are skipped. If the reports end while the scanner said more would follow, or more
 * reports follow the end of the scan, `error` says so and the text carries U+FFFD.
 */
export function decodeHidPosReports(reports: Uint8Array[], profile: HidPosProfile): HidPosScan {
  const decoder = createHidPosDecoder(profile);
  let result: HidPosScan | null = null;
  const list = Array.isArray(reports) ? reports : [];
  for (let i = 0; i < list.length; i++) {
    const scan = decoder.push(list[i] as Uint8Array);
    if (scan === null) continue;
    if (result === null) {
      result = scan;
    } else {
      result.error ??= { code: 'hid.extraScan', message: 'Rapporterna innehöll mer än en skanning.' };
      result.text += REPLACEMENT;
      break;
    }
  }
  if (decoder.pending()) {
    const incomplete: AppError = { code: 'hid.incomplete', message: 'Skanningen kom inte fram i sin helhet. Skanna igen.' };
    if (result === null) {
      result = decoder.partial();
      result.text += REPLACEMENT;
      result.error ??= incomplete;
    } else {
      result.error ??= { code: 'hid.extraScan', message: 'Rapporterna innehöll mer än en skanning.' };
      result.text += REPLACEMENT;
    }
  }
  return result ?? { text: '', error: { code: 'hid.noScan', message: 'Inga skanningsdata i rapporterna.' } };
}
