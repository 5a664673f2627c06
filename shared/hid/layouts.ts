/**
 * Keyboard layouts for decoding HID boot-keyboard reports from scanners in keyboard mode.
 *
 * Usage IDs: USB HID Usage Tables, Keyboard/Keypad page (0x07). Characters per key position:
 * the Windows "US" and "Swedish" (KBDSW) layouts, which is what a scanner set to "Swedish
 * keyboard" emulates. A scanner types key *positions*; the same position means `-` on a US
 * layout and `+` on a Swedish one, which is why the layout must match the scanner's setting.
 */

export type KeyboardLayoutName = 'us' | 'sv';

/** A dead key: combines with the next character (Swedish ´ ` ¨ ^ ~). */
export interface DeadKey {
  dead: string;
  /** Unicode combining mark used to compose with the following letter. */
  combining: string;
}

export type KeyOutput = string | DeadKey | null;

/** Per usage: [plain, Shift, AltGr]. */
export type LayoutTable = ReadonlyMap<number, readonly [KeyOutput, KeyOutput, KeyOutput]>;

export const USAGE = {
  ERROR_ROLLOVER: 0x01,
  POST_FAIL: 0x02,
  ERROR_UNDEFINED: 0x03,
  A: 0x04,
  Z: 0x1d,
  ONE: 0x1e,
  ZERO: 0x27,
  ENTER: 0x28,
  ESCAPE: 0x29,
  BACKSPACE: 0x2a,
  TAB: 0x2b,
  SPACE: 0x2c,
  /** US `]`, Swedish `¨`: with Ctrl this is the conventional GS (0x1D) in keyboard mode. */
  RIGHT_BRACKET: 0x30,
  CAPS_LOCK: 0x39,
  KEYPAD_ENTER: 0x58,
  KEYPAD_1: 0x59,
  KEYPAD_0: 0x62,
  KEYPAD_DECIMAL: 0x63,
} as const;

function dead(dead: string, combining: string): DeadKey {
  return { dead, combining };
}

function build(rows: [number, KeyOutput, KeyOutput, KeyOutput][]): LayoutTable {
  const table = new Map<number, readonly [KeyOutput, KeyOutput, KeyOutput]>();
  for (let u = USAGE.A; u <= USAGE.Z; u++) {
    const lower = String.fromCharCode(97 + u - USAGE.A);
    table.set(u, [lower, lower.toUpperCase(), null]);
  }
  table.set(USAGE.SPACE, [' ', ' ', ' ']);
  for (const [usage, plain, shift, altGr] of rows) table.set(usage, [plain, shift, altGr]);
  return table;
}

const KEYPAD: [number, KeyOutput, KeyOutput, KeyOutput][] = [
  [0x54, '/', '/', null],
  [0x55, '*', '*', null],
  [0x56, '-', '-', null],
  [0x57, '+', '+', null],
  [0x59, '1', '1', null],
  [0x5a, '2', '2', null],
  [0x5b, '3', '3', null],
  [0x5c, '4', '4', null],
  [0x5d, '5', '5', null],
  [0x5e, '6', '6', null],
  [0x5f, '7', '7', null],
  [0x60, '8', '8', null],
  [0x61, '9', '9', null],
  [0x62, '0', '0', null],
];

export const US_LAYOUT: LayoutTable = build([
  [0x1e, '1', '!', null],
  [0x1f, '2', '@', null],
  [0x20, '3', '#', null],
  [0x21, '4', '$', null],
  [0x22, '5', '%', null],
  [0x23, '6', '^', null],
  [0x24, '7', '&', null],
  [0x25, '8', '*', null],
  [0x26, '9', '(', null],
  [0x27, '0', ')', null],
  [0x2d, '-', '_', null],
  [0x2e, '=', '+', null],
  [0x2f, '[', '{', null],
  [0x30, ']', '}', null],
  [0x31, '\\', '|', null],
  [0x32, '\\', '|', null], // Non-US #: same scan code as backslash on a US Windows layout
  [0x33, ';', ':', null],
  [0x34, "'", '"', null],
  [0x35, '`', '~', null],
  [0x36, ',', '<', null],
  [0x37, '.', '>', null],
  [0x38, '/', '?', null],
  [0x64, '\\', '|', null],
  ...KEYPAD,
  [0x63, '.', '.', null],
]);

export const SV_LAYOUT: LayoutTable = (() => {
  const table = build([
    [0x1e, '1', '!', null],
    [0x1f, '2', '"', '@'],
    [0x20, '3', '#', '£'],
    [0x21, '4', '¤', '$'],
    [0x22, '5', '%', '€'],
    [0x23, '6', '&', null],
    [0x24, '7', '/', '{'],
    [0x25, '8', '(', '['],
    [0x26, '9', ')', ']'],
    [0x27, '0', '=', '}'],
    [0x2d, '+', '?', '\\'],
    [0x2e, dead('´', '\u0301'), dead('`', '\u0300'), null],
    [0x2f, 'å', 'Å', null],
    [0x30, dead('¨', '\u0308'), dead('^', '\u0302'), dead('~', '\u0303')],
    [0x31, "'", '*', null], // the key left of Enter on ISO keyboards reports 0x32 or 0x31
    [0x32, "'", '*', null],
    [0x33, 'ö', 'Ö', null],
    [0x34, 'ä', 'Ä', null],
    [0x35, '§', '½', null],
    [0x36, ',', ';', null],
    [0x37, '.', ':', null],
    [0x38, '-', '_', null],
    [0x64, '<', '>', '|'],
    ...KEYPAD,
    [0x63, ',', ',', null], // keypad decimal key is a comma on the Swedish layout
  ]) as Map<number, readonly [KeyOutput, KeyOutput, KeyOutput]>;
  const e = table.get(0x08);
  if (e) table.set(0x08, [e[0], e[1], '€']);
  const m = table.get(0x10);
  if (m) table.set(0x10, [m[0], m[1], 'µ']);
  return table;
})();

export const LAYOUTS: Readonly<Record<KeyboardLayoutName, LayoutTable>> = { us: US_LAYOUT, sv: SV_LAYOUT };
