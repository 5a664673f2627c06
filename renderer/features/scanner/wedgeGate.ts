import { createWedgeDetector, DEFAULT_WEDGE_OPTIONS, type WedgeDetectorOptions, type WedgeKeyEvent, type WedgeScan } from '../../../shared/hid/wedge';

const REPLACEMENT = '\ufffd';
/** A scan starting within this many gaps of a key the timer released is taken as split. */
const SPLIT_WINDOW_GAPS = 2;

/**
 * The keyboard-wedge gate: decides, for each key press, whether the page may have it now or it
 * is held back because it may be part of a scan (shared/hid/wedge.ts). Keys that turn out to be a
 * person typing come back in `release`, in order, for the page to deliver to where they were
 * aimed; keys that turn out to be a scan never reach the page and come back as one `scan`.
 * No DOM here (wedgeListener.ts is the DOM side), so it is tested in Node.
 */

export interface GateKey extends WedgeKeyEvent {
  /** `KeyboardEvent.repeat`: a held key, which no scanner sends. */
  repeat?: boolean;
  /** IME composition in progress: never touched. */
  composing?: boolean;
}

export interface GateContext {
  /** The focused element takes text (input, textarea, contenteditable). */
  editable: boolean;
}

export interface GateDecision {
  /** True: the key is held or part of a scan; the page must not see it (preventDefault). */
  consume: boolean;
  /** Held keys that were typing, to hand to the page *before* the current key, in order. */
  release: GateKey[];
  scans: WedgeScan[];
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn']);

export interface WedgeGate {
  key(event: GateKey, context: GateContext): GateDecision;
  /** From a timer: resolves a burst idle past the gap. */
  flush(now: number): GateDecision;
  pending(): boolean;
  /** Releases everything held now, as typing (focus is moving, a click: a person is there). */
  release(): GateDecision;
  /** New thresholds; keys held under the old ones are released first. */
  configure(options: WedgeDetectorOptions): GateDecision;
}

export function createWedgeGate(options: WedgeDetectorOptions = {}): WedgeGate {
  let detector = createWedgeDetector(options);
  let maxGap = options.maxKeyGapMs ?? DEFAULT_WEDGE_OPTIONS.maxKeyGapMs;
  /** When the last held key that turned out to be typing was pressed. */
  let lastTimedRelease: number | null = null;

  const collect = (outputs: ReturnType<typeof detector.feed>, current: GateKey | null) => {
    const decision: GateDecision = { consume: false, release: [], scans: [] };
    let currentWasTyping = false;
    for (const out of outputs) {
      if (out.type === 'scan') {
        // A held key went to the page as typing just before this scan began: most likely one scan
        // split in two (the page was too busy to run the timer on time, or the keys were delayed
        // on the way). What is left is not the code that was scanned; U+FFFD makes classifyScan refuse
        // it ("skanna igen") instead of reading, say, "00000" out of "100000".
        const split = lastTimedRelease !== null && out.scan.startedAt - lastTimedRelease <= SPLIT_WINDOW_GAPS * maxGap;
        decision.scans.push(split ? { ...out.scan, text: REPLACEMENT + out.scan.text } : out.scan);
        lastTimedRelease = null;
        continue;
      }
      const held = out.events.filter((e) => e !== current);
      if (held.length > 0) lastTimedRelease = held.at(-1)!.at;
      for (const e of out.events) {
        if (e === current) currentWasTyping = true;
        else decision.release.push(e as GateKey);
      }
    }
    // Not handed back as typing and not a modifier (which the detector ignores): it is held, or
    // it ended (or was part of) a scan. Either way the page must not see it.
    if (current !== null && !currentWasTyping && !MODIFIER_KEYS.has(current.key)) decision.consume = true;
    return decision;
  };

  /** Everything held goes back as typing now (a key that no scanner sends arrived). */
  const releaseAll = (): GateKey[] => {
    const outputs = detector.flush(Number.POSITIVE_INFINITY);
    return outputs.flatMap((o) => (o.type === 'typing' ? (o.events as GateKey[]) : []));
  };

  return {
    key(event, context) {
      if (event.composing) return { consume: false, release: releaseAll(), scans: [] };
      // Held keys, plain Alt shortcuts (Alt+1 …; AltGr is Ctrl+Alt or AltGraph and types text)
      // are a person at the keyboard.
      if (event.repeat || (event.altKey && !event.ctrlKey)) return { consume: false, release: releaseAll(), scans: [] };
      if (!detector.pending()) {
        // Keys whose own action matters and that never start a scan pass at once: Space on a
        // button or a checkbox, a dead key composing "é" in a field.
        if ((event.key === ' ' && !context.editable) || event.key === 'Dead') return { consume: false, release: [], scans: [] };
      }
      return collect(detector.feed(event), event);
    },
    flush(now) {
      return collect(detector.flush(now), null);
    },
    pending: () => detector.pending(),
    release: () => ({ consume: false, release: releaseAll(), scans: [] }),
    configure(next) {
      const release = releaseAll();
      detector = createWedgeDetector(next);
      maxGap = next.maxKeyGapMs ?? DEFAULT_WEDGE_OPTIONS.maxKeyGapMs;
      return { consume: false, release, scans: [] };
    },
  };
}

const GS = '\u001d';

/** The text a released key would have typed into a field ('' for keys that type nothing). */
export function typedText(event: GateKey): string {
  if (event.ctrlKey && !event.altKey) return '';
  if (event.metaKey) return '';
  if (event.key === GS || event.key === 'Dead' || event.key === 'Unidentified') return '';
  if (event.key.length === 1 || (event.key.length === 2 && (event.key.codePointAt(0) ?? 0) > 0xffff)) return event.key;
  return '';
}
