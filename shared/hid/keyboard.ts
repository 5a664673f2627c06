/**
 * Decoding 8-byte HID boot-keyboard reports (modifier byte, reserved byte, six key usages) into
 * text, as a scanner in keyboard mode "types" it.
 *
 * - A key counts once, in the report where it first appears; a report without it releases it.
 *   So "00" arrives as [0x27], [], [0x27], [] and a held key never repeats.
 * - Modifiers: Shift (either), AltGr (right Alt, or Ctrl+Alt as Windows treats it), Ctrl.
 *   Ctrl+letter gives the ASCII control character; Ctrl + the key at usage 0x30 (US `]`) gives
 *   GS (0x1D), the usual keyboard-mode encoding of FNC1. Left Alt + keypad digits is a Windows
 *   Alt code (Alt+029 = GS).
 * - Enter, keypad Enter and Tab end the scan; the terminator is not part of the text.
 * - Reports whose key slots hold ErrorRollOver / POSTFail / ErrorUndefined (0x01–0x03) are
 *   phantom states and are ignored, as the HID specification requires.
 * - A key that has no meaning in the layout, or a malformed report, becomes U+FFFD so the scan
 *   fails visibly downstream instead of silently losing a character.
 */
import { LAYOUTS, USAGE, type DeadKey, type KeyOutput, type KeyboardLayoutName } from './layouts';

export const REPLACEMENT = '\ufffd';
const GS = '\u001d';

const MOD_LCTRL = 0x01;
const MOD_LSHIFT = 0x02;
const MOD_LALT = 0x04;
const MOD_RCTRL = 0x10;
const MOD_RSHIFT = 0x20;
const MOD_RALT = 0x40;

export type KeyboardTerminator = 'Enter' | 'Tab';

export interface KeyboardDecodeResult {
  text: string;
  /** How the scan ended, or undefined if the reports ran out first. */
  terminator?: KeyboardTerminator;
  /** Index of the report after the terminator: where the next scan starts. */
  next: number;
}

function isDeadKey(o: KeyOutput): o is DeadKey {
  return o !== null && typeof o === 'object';
}

function isReleaseReport(report: Uint8Array | undefined): boolean {
  if (!(report instanceof Uint8Array) || report.length !== 8) return false;
  for (let k = 0; k < 8; k++) if (k !== 1 && report[k] !== 0) return false;
  return true;
}

function compose(pendingDead: DeadKey, ch: string): string {
  if (ch === ' ') return pendingDead.dead;
  const composed = (ch + pendingDead.combining).normalize('NFC');
  return composed.length === 1 ? composed : pendingDead.dead + ch;
}

/**
 * Decodes reports from `start` up to and including the first Enter/Tab. Use this to split a
 * stream of reports into scans; `decodeKeyboardReports` returns just the text of the first.
 */
export function decodeKeyboardScan(
  reports: readonly Uint8Array[],
  layout: KeyboardLayoutName,
  start = 0,
): KeyboardDecodeResult {
  const table = LAYOUTS[layout] ?? LAYOUTS.us;
  let text = '';
  let previous: number[] = [];
  let pendingDead: DeadKey | null = null;
  let altCode = -1; // digits typed on the keypad while left Alt is held, or -1
  let prevModifiers = 0;

  const emit = (ch: string): void => {
    if (pendingDead !== null) {
      text += compose(pendingDead, ch);
      pendingDead = null;
    } else {
      text += ch;
    }
  };

  for (let r = start; r < reports.length; r++) {
    const report = reports[r];
    if (!(report instanceof Uint8Array) || report.length !== 8) {
      emit(REPLACEMENT);
      previous = [];
      continue;
    }
    const modifiers = report[0] ?? 0;
    let phantom = false;
    const current: number[] = [];
    for (let k = 2; k < 8; k++) {
      const usage = report[k] ?? 0;
      if (usage === 0) continue;
      if (usage <= USAGE.ERROR_UNDEFINED) phantom = true;
      current.push(usage);
    }
    if (phantom) continue;

    // Releasing left Alt completes a Windows Alt code.
    if ((prevModifiers & MOD_LALT) !== 0 && (modifiers & MOD_LALT) === 0 && altCode >= 0) {
      emit(altCode >= 1 && altCode <= 126 ? String.fromCharCode(altCode) : REPLACEMENT);
      altCode = -1;
    }
    prevModifiers = modifiers;

    const shift = (modifiers & (MOD_LSHIFT | MOD_RSHIFT)) !== 0;
    const ctrl = (modifiers & (MOD_LCTRL | MOD_RCTRL)) !== 0;
    const rightAlt = (modifiers & MOD_RALT) !== 0;
    const leftAlt = (modifiers & MOD_LALT) !== 0;
    const altGr = rightAlt || (ctrl && leftAlt);

    for (const usage of current) {
      if (previous.includes(usage)) continue; // still held: counts once
      if (usage === USAGE.ENTER || usage === USAGE.KEYPAD_ENTER || usage === USAGE.TAB) {
        if (pendingDead !== null) {
          text += (pendingDead as DeadKey).dead;
          pendingDead = null;
        }
        // The next scan starts after the terminator's release report(s).
        let next = r + 1;
        while (next < reports.length && isReleaseReport(reports[next])) next++;
        return { text, terminator: usage === USAGE.TAB ? 'Tab' : 'Enter', next };
      }
      if (leftAlt && !ctrl && !rightAlt) {
        if (usage >= USAGE.KEYPAD_1 && usage <= USAGE.KEYPAD_0) {
          const digit = usage === USAGE.KEYPAD_0 ? 0 : usage - USAGE.KEYPAD_1 + 1;
          altCode = altCode < 0 ? digit : Math.min(altCode * 10 + digit, 9999);
        } else {
          emit(REPLACEMENT);
        }
        continue;
      }
      if (ctrl && !altGr) {
        if (usage >= USAGE.A && usage <= USAGE.Z) emit(String.fromCharCode(usage - USAGE.A + 1));
        else if (usage === USAGE.RIGHT_BRACKET) emit(GS);
        else emit(REPLACEMENT);
        continue;
      }
      const entry = table.get(usage);
      const out: KeyOutput = entry === undefined ? null : altGr ? entry[2] : shift ? entry[1] : entry[0];
      if (out === null) {
        emit(REPLACEMENT);
      } else if (isDeadKey(out)) {
        if (pendingDead !== null) {
          // Two dead keys in a row: Windows types the first one.
          text += (pendingDead as DeadKey).dead;
        }
        pendingDead = out;
      } else {
        emit(out);
      }
    }
    previous = current;
  }
  if (pendingDead !== null) text += (pendingDead as DeadKey).dead;
  if (altCode >= 0) text += REPLACEMENT; // Alt still held when the reports ended
  return { text, next: reports.length };
}

/**
 * 8-byte boot keyboard reports → the text of the first scan (up to Enter or Tab).
 * Undecodable keys appear as U+FFFD; see the module comment.
 */
export function decodeKeyboardReports(reports: Uint8Array[], layout: 'us' | 'sv'): string {
  if (!Array.isArray(reports)) return '';
  return decodeKeyboardScan(reports, layout).text;
}

// ---------------------------------------------------------------------------------------------
// Encoding: what a scanner would send. Used to build test fixtures and to simulate scanners.

let reverseCache: Partial<Record<KeyboardLayoutName, Map<string, [number, number]>>> = {};

function reverseTable(layout: KeyboardLayoutName): Map<string, [number, number]> {
  const cached = reverseCache[layout];
  if (cached) return cached;
  const map = new Map<string, [number, number]>();
  const table = LAYOUTS[layout];
  // Prefer main-block keys over the keypad: iterate keypad usages last.
  const usages = [...table.keys()].sort((a, b) => (a >= 0x54 ? 1000 : 0) + a - ((b >= 0x54 ? 1000 : 0) + b));
  for (const usage of usages) {
    const entry = table.get(usage);
    if (!entry) continue;
    const mods = [0, MOD_LSHIFT, MOD_RALT];
    entry.forEach((out, level) => {
      if (typeof out === 'string' && !map.has(out)) map.set(out, [usage, mods[level] ?? 0]);
    });
  }
  reverseCache = { ...reverseCache, [layout]: map };
  return map;
}

/**
 * The reports a scanner in keyboard mode sends for `text` (each key pressed and released),
 * ending with Enter unless `terminator` is null. GS is sent as Ctrl+]. Throws for a character
 * the layout cannot type: that is a test-setup error, not input.
 */
export function encodeKeyboardReports(
  text: string,
  layout: KeyboardLayoutName,
  terminator: KeyboardTerminator | null = 'Enter',
): Uint8Array[] {
  const reverse = reverseTable(layout);
  const reports: Uint8Array[] = [];
  const press = (modifiers: number, usage: number): void => {
    reports.push(Uint8Array.of(modifiers, 0, usage, 0, 0, 0, 0, 0));
    reports.push(new Uint8Array(8));
  };
  for (const ch of text) {
    if (ch === GS) {
      press(MOD_LCTRL, USAGE.RIGHT_BRACKET);
      continue;
    }
    const key = reverse.get(ch);
    if (!key) throw new Error(`Layout ${layout} cannot type ${JSON.stringify(ch)}`);
    press(key[1], key[0]);
  }
  if (terminator !== null) press(0, terminator === 'Tab' ? USAGE.TAB : USAGE.ENTER);
  return reports;
}
