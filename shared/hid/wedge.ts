/**
 * Telling keyboard-wedge scanner bursts from human typing.
 *
 * A pure state machine: feed it key events (`KeyboardEvent.key`, `.code`, a timestamp) and it
 * returns what happened. It holds printable keys while it cannot yet tell; when a burst ends it
 * emits either one `scan` or the held keys as `typing`, for the caller to deliver to the focused
 * field. Call `flush(now)` from a timer so a lone typed key is not held longer than the gap.
 *
 * A burst is a scan when every gap between keys is at most `maxKeyGapMs`, the average gap is at
 * most `maxAverageGapMs`, it ends with a terminator (Enter/Tab by default) or the configured
 * suffix, it starts with the configured prefix, and what is left has at least `minLength`
 * characters. GS (0x1D) is kept: it may arrive as the character itself, as Ctrl + the key at
 * `BracketRight` (Ctrl+]), or as a configured substitute text such as `<GS>` or `^]`.
 */

export interface WedgeKeyEvent {
  /** `KeyboardEvent.key`: the character produced, or a key name (`Enter`, `Shift`, `Dead`…). */
  key: string;
  /** `KeyboardEvent.code`: the physical key position (`BracketRight`, `KeyA`…). */
  code: string;
  /** Milliseconds, e.g. `KeyboardEvent.timeStamp` or `performance.now()`. */
  at: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeScan {
  text: string;
  startedAt: number;
  endedAt: number;
  /** What ended the burst. */
  end: 'Enter' | 'Tab' | 'suffix' | 'idle';
}

export type WedgeOutput =
  | { type: 'scan'; scan: WedgeScan }
  /** Keys that turned out to be a person typing, in order, for the caller to pass on. */
  | { type: 'typing'; events: WedgeKeyEvent[] };

export interface WedgeDetectorOptions {
  /** Largest gap between two keys of one scan. */
  maxKeyGapMs?: number;
  /** Largest average gap over a scan. */
  maxAverageGapMs?: number;
  /** Fewest characters (after prefix/suffix removal) for a scan. */
  minLength?: number;
  /** Key names that end a scan. */
  terminators?: readonly string[];
  /** Text the scanner is configured to send before / after each scan; removed from the result. */
  prefix?: string;
  suffix?: string;
  /** Texts the scanner sends instead of GS; turned back into GS. */
  gsSubstitutes?: readonly string[];
  /** Treat a qualifying burst that just stops (no terminator) as a scan after this idle time. */
  endOnIdle?: boolean;
}

export interface WedgeDetector {
  feed(event: WedgeKeyEvent): WedgeOutput[];
  /** Resolves a burst that has been idle longer than `maxKeyGapMs` at time `now`. */
  flush(now: number): WedgeOutput[];
  /** True while keys are held back. */
  pending(): boolean;
  reset(): void;
}

export const DEFAULT_WEDGE_OPTIONS = Object.freeze({
  maxKeyGapMs: 50,
  maxAverageGapMs: 25,
  minLength: 4,
  terminators: Object.freeze(['Enter', 'Tab']) as readonly string[],
  prefix: '',
  suffix: '',
  gsSubstitutes: Object.freeze([]) as readonly string[],
  endOnIdle: false,
});

const GS = '\u001d';
const REPLACEMENT = '\ufffd';

/** Keys that only modify others; they neither add text nor break a burst. */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn']);

export function createWedgeDetector(options: WedgeDetectorOptions = {}): WedgeDetector {
  const o = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  const terminators = new Set(o.terminators);
  const substitutes = o.gsSubstitutes.filter((s) => s.length > 0);

  let events: WedgeKeyEvent[] = [];
  let chars = '';
  let firstAt = 0;
  let lastAt = 0;
  let maxGap = 0;

  const reset = (): void => {
    events = [];
    chars = '';
    maxGap = 0;
  };

  const typing = (extra?: WedgeKeyEvent): WedgeOutput[] => {
    const held = extra ? [...events, extra] : events;
    reset();
    return held.length > 0 ? [{ type: 'typing', events: held }] : [];
  };

  /** The scan text if the held burst qualifies, else null. */
  const qualifies = (endAt: number, gaps: number): string | null => {
    if (maxGap > o.maxKeyGapMs) return null;
    if (gaps > 0 && (endAt - firstAt) / gaps > o.maxAverageGapMs) return null;
    let text = chars;
    if (o.prefix !== '') {
      if (!text.startsWith(o.prefix)) return null;
      text = text.slice(o.prefix.length);
    }
    if (o.suffix !== '') {
      if (!text.endsWith(o.suffix)) return null;
      text = text.slice(0, text.length - o.suffix.length);
    }
    for (const sub of substitutes) text = text.split(sub).join(GS);
    return text.length >= o.minLength ? text : null;
  };

  const complete = (end: WedgeScan['end'], endAt: number, terminator?: WedgeKeyEvent): WedgeOutput[] => {
    const gaps = events.length - 1 + (terminator ? 1 : 0);
    const text = qualifies(endAt, gaps);
    if (text === null) return typing(terminator);
    const scan: WedgeScan = { text, startedAt: firstAt, endedAt: endAt, end };
    reset();
    return [{ type: 'scan', scan }];
  };

  /** Ends a held burst because time ran out before its terminator. */
  const expire = (): WedgeOutput[] => {
    if (events.length === 0) return [];
    if (o.endOnIdle) return complete('idle', lastAt);
    return typing();
  };

  const charOf = (e: WedgeKeyEvent): string | null => {
    if (e.ctrlKey && !e.altKey) {
      // Ctrl+] (by position, so it works on a Swedish layout too) is GS; other Ctrl combinations
      // are shortcuts, not scanner data.
      return e.code === 'BracketRight' || e.key === GS ? GS : null;
    }
    if (e.metaKey) return null;
    if (e.key === 'Dead' || e.key === 'Unidentified') return REPLACEMENT;
    if (e.key.length === 1 || (e.key.length === 2 && (e.key.codePointAt(0) ?? 0) > 0xffff)) return e.key;
    return null;
  };

  const feed = (e: WedgeKeyEvent): WedgeOutput[] => {
    if (e === null || typeof e !== 'object' || typeof e.key !== 'string' || typeof e.at !== 'number') return [];
    if (MODIFIER_KEYS.has(e.key)) return [];
    const out: WedgeOutput[] = [];
    if (events.length > 0 && e.at - lastAt > o.maxKeyGapMs) out.push(...expire());

    if (terminators.has(e.key)) {
      if (events.length === 0) return [...out, { type: 'typing', events: [e] }];
      maxGap = Math.max(maxGap, e.at - lastAt);
      const end = e.key === 'Enter' ? 'Enter' : e.key === 'Tab' ? 'Tab' : 'suffix';
      out.push(...complete(end, e.at, e));
      return out;
    }

    const ch = charOf(e);
    if (ch === null) {
      // Navigation keys, shortcuts and the like: a person is at the keyboard.
      out.push(...typing(e));
      return out;
    }
    if (events.length === 0) {
      firstAt = e.at;
    } else {
      maxGap = Math.max(maxGap, e.at - lastAt);
    }
    lastAt = e.at;
    events.push(e);
    chars += ch;

    if (terminators.size === 0 && o.suffix !== '' && chars.endsWith(o.suffix)) {
      out.push(...complete('suffix', e.at));
    }
    return out;
  };

  return {
    feed,
    flush(now: number): WedgeOutput[] {
      if (events.length === 0 || now - lastAt <= o.maxKeyGapMs) return [];
      return expire();
    },
    pending: () => events.length > 0,
    reset,
  };
}
