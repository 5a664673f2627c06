import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../scan';
import {
  HID_POS_PROFILES,
  HONEYWELL_HID_POS,
  REPLACEMENT,
  createHidPosDecoder,
  createWedgeDetector,
  decodeHidPosReports,
  decodeKeyboardReports,
  decodeKeyboardScan,
  encodeKeyboardReports,
  type HidPosProfile,
  type WedgeKeyEvent,
  type WedgeOutput,
} from './index';
import kbDataMatrix from '../../tests/fixtures/hid/keyboard-sv-gs1-datamatrix.json';
import kbDigitalLink from '../../tests/fixtures/hid/keyboard-sv-digital-link.json';
import kbHibc from '../../tests/fixtures/hid/keyboard-sv-hibc.json';
import kbPersonnummer from '../../tests/fixtures/hid/keyboard-sv-personnummer.json';
import kbRollover from '../../tests/fixtures/hid/keyboard-sv-repeated-keys-and-rollover.json';
import kbAltCode from '../../tests/fixtures/hid/keyboard-sv-alt-code-gs.json';
import kbUs from '../../tests/fixtures/hid/keyboard-us-gs1.json';
import kbTwoScans from '../../tests/fixtures/hid/keyboard-sv-two-scans.json';
import posDataMatrix from '../../tests/fixtures/hid/pos-honeywell-gs1-datamatrix.json';
import posTwoReports from '../../tests/fixtures/hid/pos-honeywell-digital-link-two-reports.json';
import posTruncated from '../../tests/fixtures/hid/pos-honeywell-truncated.json';

const GS = '\u001d';

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** One 8-byte boot report. */
const R = (modifiers: number, ...keys: number[]): Uint8Array => Uint8Array.of(modifiers, 0, ...keys, ...new Array(6 - keys.length).fill(0));
const UP = R(0);
const press = (modifiers: number, key: number): Uint8Array[] => [R(modifiers, key), UP];
const SHIFT = 0x02;
const LCTRL = 0x01;
const LALT = 0x04;
const RALT = 0x40;

describe('decodeKeyboardReports: recorded-style fixtures (tests/fixtures/hid)', () => {
  const keyboardFixtures = [kbDataMatrix, kbDigitalLink, kbHibc, kbPersonnummer, kbRollover, kbAltCode, kbUs, kbTwoScans];
  it.each(keyboardFixtures.map((f) => [f.description, f] as const))('%s', (_name, fixture) => {
    const reports = fixture.reports.map(fromHex);
    expect(decodeKeyboardReports(reports, fixture.layout as 'us' | 'sv')).toBe(fixture.expected);
    expect(decodeKeyboardScan(reports, fixture.layout as 'us' | 'sv').terminator).toBe(fixture.terminator);
  });

  it('a Swedish-layout scanner read with the US layout gives different text', () => {
    expect(decodeKeyboardReports(kbHibc.reports.map(fromHex), 'us')).toBe(kbHibc.decodedAsUs);
    expect(decodeKeyboardReports(kbPersonnummer.reports.map(fromHex), 'us')).toBe(kbPersonnummer.decodedAsUs);
  });

  it('splits a stream into scans at each terminator', () => {
    const reports = kbTwoScans.reports.map(fromHex);
    const first = decodeKeyboardScan(reports, 'sv');
    const second = decodeKeyboardScan(reports, 'sv', first.next);
    expect([first.text, second.text]).toEqual(kbTwoScans.expectedScans);
    expect(second.next).toBe(reports.length);
  });

  it('decoded fixtures classify as the codes they are', () => {
    expect(classifyScan(decodeKeyboardReports(kbDataMatrix.reports.map(fromHex), 'sv'))).toMatchObject({ kind: 'gs1', symbology: ']d2', gs1: { serial: '10' } });
    expect(classifyScan(decodeKeyboardReports(kbDigitalLink.reports.map(fromHex), 'sv'))).toMatchObject({ kind: 'gs1', gs1: { serial: '12345' } });
    expect(classifyScan(decodeKeyboardReports(kbHibc.reports.map(fromHex), 'sv'))).toMatchObject({ kind: 'hibc' });
  });
});

describe('decodeKeyboardReports: Swedish layout keys', () => {
  it.each<[string, Uint8Array[], string]>([
    ['+ on 0x2D', press(0, 0x2d), '+'],
    ['? is Shift + 0x2D', press(SHIFT, 0x2d), '?'],
    ['\\ is AltGr + 0x2D', press(RALT, 0x2d), '\\'],
    ['- on 0x38', press(0, 0x38), '-'],
    ['/ is Shift+7', press(SHIFT, 0x24), '/'],
    ['@ is AltGr+2', press(RALT, 0x1f), '@'],
    ['$ is AltGr+4', press(RALT, 0x21), '$'],
    ['¤ is Shift+4', press(SHIFT, 0x21), '¤'],
    ['AltGr as Ctrl+Alt (Windows) + 2 is @', press(LCTRL | LALT, 0x1f), '@'],
    ['å ä ö', [...press(0, 0x2f), ...press(0, 0x34), ...press(0, 0x33)], 'åäö'],
    ['Å Ä Ö', [...press(SHIFT, 0x2f), ...press(0x20, 0x34), ...press(SHIFT, 0x33)], 'ÅÄÖ'],
    ["' and * on the key left of Enter (0x32 or 0x31)", [...press(0, 0x32), ...press(SHIFT, 0x31)], "'*"],
    ['< > | on the ISO key 0x64', [...press(0, 0x64), ...press(SHIFT, 0x64), ...press(RALT, 0x64)], '<>|'],
    ['keypad digits and the keypad comma', [...press(0, 0x59), ...press(0, 0x62), ...press(0, 0x63)], '10,'],
    ['GS is Ctrl + the key at 0x30', press(LCTRL, 0x30), GS],
    ['Ctrl+letter is a control character', press(LCTRL, 0x04), '\u0001'],
    ['dead ¨ then Shift+^ then space', [...press(SHIFT, 0x30), ...press(0, 0x2c)], '^'],
    ['dead ´ then e composes é', [...press(0, 0x2e), ...press(0, 0x08)], 'é'],
    ['dead ~ then 1 gives both', [...press(RALT, 0x30), ...press(0, 0x1e)], '~1'],
    ['Alt+029 on the keypad is GS', [R(LALT), R(LALT, 0x62), R(LALT), R(LALT, 0x5a), R(LALT), R(LALT, 0x61), R(LALT), UP], GS],
    ['Alt code outside ASCII (Alt+200) is refused', [R(LALT), R(LALT, 0x5a), R(LALT, 0x5a, 0x62), R(LALT), R(LALT, 0x62), UP], REPLACEMENT],
  ])('%s', (_name, reports, expected) => {
    expect(decodeKeyboardReports(reports, 'sv')).toBe(expected);
  });

  it('US layout: - on 0x2D, / on 0x38, + is Shift+=', () => {
    expect(decodeKeyboardReports([...press(0, 0x2d), ...press(0, 0x38), ...press(SHIFT, 0x2e)], 'us')).toBe('-/+');
  });

  it('Enter, keypad Enter and Tab end the scan', () => {
    expect(decodeKeyboardScan([...press(0, 0x1e), ...press(0, 0x28), ...press(0, 0x1f)], 'sv')).toEqual({ text: '1', terminator: 'Enter', next: 4 });
    expect(decodeKeyboardScan([...press(0, 0x1e), ...press(0, 0x58)], 'sv')).toMatchObject({ text: '1', terminator: 'Enter' });
    expect(decodeKeyboardScan([...press(0, 0x1e), ...press(0, 0x2b)], 'sv')).toMatchObject({ text: '1', terminator: 'Tab' });
    expect(decodeKeyboardScan(press(0, 0x1e), 'sv')).toEqual({ text: '1', next: 2 });
  });

  it('a key counts once when it appears: "00" needs a release between', () => {
    expect(decodeKeyboardReports([R(0, 0x27), R(0, 0x27), UP], 'sv')).toBe('0');
    expect(decodeKeyboardReports([R(0, 0x27), UP, R(0, 0x27), UP], 'sv')).toBe('00');
    // Overlapping keys (n-key rollover): both count, each once.
    expect(decodeKeyboardReports([R(0, 0x1e), R(0, 0x1e, 0x1f), R(0, 0x1f), UP], 'sv')).toBe('12');
  });

  it('ignores ErrorRollOver / POSTFail / ErrorUndefined reports', () => {
    for (const code of [1, 2, 3]) {
      expect(decodeKeyboardReports([R(0, 0x1e), R(0, code, code, code, code, code, code), R(0, 0x1e), UP, R(0, 0x1f), UP], 'sv')).toBe('12');
    }
  });

  it('marks keys without meaning and malformed reports with U+FFFD instead of dropping them', () => {
    expect(decodeKeyboardReports([...press(0, 0x3a)], 'sv')).toBe(REPLACEMENT); // F1
    expect(decodeKeyboardReports([...press(RALT, 0x04)], 'sv')).toBe(REPLACEMENT); // AltGr+A: nothing on sv
    expect(decodeKeyboardReports([Uint8Array.of(0, 0, 0x1e), ...press(0, 0x1f)], 'sv')).toBe(REPLACEMENT + '2');
    expect(classifyScan(decodeKeyboardReports([...press(0, 0x1e), ...press(0, 0x3a), ...press(0, 0x1f)], 'sv')).kind).toBe('unknown');
  });

  it('round-trips any typeable text through encode/decode, with noise reports (property)', () => {
    const typeable = {
      sv: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZåäöÅÄÖ+-/.:,;!"#%&()=?_<>*\'@$[]{}\\| ' + GS,
      us: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-=[];\',./!@#$%^&*()_+{}:"<>?`~\\| ' + GS,
    };
    for (const layout of ['sv', 'us'] as const) {
      const alphabet = [...typeable[layout]];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), (chars, noiseAt) => {
          const text = chars.join('');
          const reports = encodeKeyboardReports(text, layout);
          // Insert phantom rollover reports at random points: they must change nothing.
          for (const n of noiseAt) reports.splice(n % (reports.length + 1), 0, R(0, 1, 1, 1, 1, 1, 1));
          expect(decodeKeyboardReports(reports, layout)).toBe(text);
        }),
        { numRuns: 500 },
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('decodeHidPosReports', () => {
  it.each([posDataMatrix, posTwoReports].map((f) => [f.description, f] as const))('%s', (_name, fixture) => {
    const scan = decodeHidPosReports(fixture.reports.map(fromHex), HID_POS_PROFILES[fixture.profile] as HidPosProfile);
    expect(scan).toEqual(fixture.expected);
  });

  it(posTruncated.description, () => {
    const scan = decodeHidPosReports(posTruncated.reports.map(fromHex), HONEYWELL_HID_POS);
    expect(scan.error?.code).toBe(posTruncated.expectedError);
    expect(scan.text.endsWith(REPLACEMENT)).toBe(true);
    expect(classifyScan(scan.text, scan.symbology).kind).toBe('unknown');
  });

  it('decoded fixtures classify as GS1', () => {
    const scan = decodeHidPosReports(posTwoReports.reports.map(fromHex), HONEYWELL_HID_POS);
    expect(classifyScan(scan.text, scan.symbology)).toMatchObject({ kind: 'gs1', gs1: { serial: 'SERIAL0001', expiry: '2026-12-31' } });
  });

  /** Builds Honeywell reports for `text` (the inverse of the decoder, for properties). */
  function honeywell(text: string, aim = ']d2', includeId = true): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < text.length || i === 0; i += 56) {
      const chunk = text.slice(i, i + 56);
      const r = new Uint8Array(64);
      r[0] = 2;
      r[1] = chunk.length;
      for (let k = 0; k < 3; k++) r[2 + k] = aim.charCodeAt(k);
      for (let k = 0; k < chunk.length; k++) r[5 + k] = chunk.charCodeAt(k);
      r[63] = i + 56 < text.length ? 1 : 0;
      out.push(includeId ? r : r.slice(1));
    }
    return out;
  }

  it('reassembles any text over any number of reports (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 400 }), (text) => {
        expect(decodeHidPosReports(honeywell(text), HONEYWELL_HID_POS)).toEqual({ symbology: ']d2', text });
        expect(decodeHidPosReports(honeywell(text, ']d2', false), HID_POS_PROFILES['honeywell-webhid'] as HidPosProfile)).toEqual({ symbology: ']d2', text });
      }),
      { numRuns: 500 },
    );
  });

  it('omits the symbology when AIM ids are off, and skips other report IDs', () => {
    const [r] = honeywell('14540');
    const report = r as Uint8Array;
    report.fill(0, 2, 5);
    const other = new Uint8Array(64);
    other[0] = 0x04;
    expect(decodeHidPosReports([other, report], HONEYWELL_HID_POS)).toEqual({ text: '14540' });
  });

  it('flags a length byte that does not fit, a short report, and a second scan', () => {
    const [r] = honeywell('14540');
    const bad = (r as Uint8Array).slice();
    bad[1] = 60;
    expect(decodeHidPosReports([bad], HONEYWELL_HID_POS).error?.code).toBe('hid.badLength');
    expect(decodeHidPosReports([(r as Uint8Array).slice(0, 20)], HONEYWELL_HID_POS).error?.code).toBe('hid.truncatedReport');
    const two = decodeHidPosReports([...honeywell('14540'), ...honeywell('123456')], HONEYWELL_HID_POS);
    expect(two.error?.code).toBe('hid.extraScan');
    expect(decodeHidPosReports([], HONEYWELL_HID_POS).error?.code).toBe('hid.noScan');
  });

  it('streams scans one by one with createHidPosDecoder', () => {
    const decoder = createHidPosDecoder(HONEYWELL_HID_POS);
    const reports = [...honeywell('x'.repeat(100)), ...honeywell('14540')];
    const scans = reports.map((r) => decoder.push(r)).filter((s) => s !== null);
    expect(scans).toEqual([
      { symbology: ']d2', text: 'x'.repeat(100) },
      { symbology: ']d2', text: '14540' },
    ]);
    expect(decoder.pending()).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

/** Key events for `text` typed with a fixed gap, as a browser reports them. */
function keyEvents(text: string, start: number, gap: number, terminator: string | null = 'Enter'): WedgeKeyEvent[] {
  const out: WedgeKeyEvent[] = [];
  let at = start;
  for (const ch of text) {
    if (ch === GS) out.push({ key: ']', code: 'BracketRight', ctrlKey: true, at });
    else out.push({ key: ch, code: 'Key', at });
    at += gap;
  }
  if (terminator !== null) out.push({ key: terminator, code: terminator, at });
  return out;
}

function run(events: WedgeKeyEvent[], options = {}): WedgeOutput[] {
  const d = createWedgeDetector(options);
  const out: WedgeOutput[] = [];
  for (const e of events) out.push(...d.feed(e));
  const last = events.at(-1)?.at ?? 0;
  out.push(...d.flush(last + 10_000));
  return out;
}

describe('createWedgeDetector', () => {
  it('a fast burst ending in Enter is one scan, GS (Ctrl+]) kept', () => {
    const out = run(keyEvents(`010950110102091710ABC${GS}21XYZ`, 1000, 4));
    expect(out).toEqual([{ type: 'scan', scan: { text: `010950110102091710ABC${GS}21XYZ`, startedAt: 1000, endedAt: 1000 + 4 * 27, end: 'Enter' } }]);
  });

  it('Tab ends a scan too', () => {
    expect(run(keyEvents('14540', 0, 5, 'Tab'))).toMatchObject([{ type: 'scan', scan: { text: '14540', end: 'Tab' } }]);
  });

  it('human typing is given back as typing, keys in order, nothing swallowed', () => {
    const events = keyEvents('14540', 0, 150);
    const out = run(events);
    expect(out.every((o) => o.type === 'typing')).toBe(true);
    expect(out.flatMap((o) => (o.type === 'typing' ? o.events : []))).toEqual(events);
  });

  it('a short fast burst (below minLength) is typing', () => {
    expect(run(keyEvents('12', 0, 5))).toMatchObject([{ type: 'typing' }]);
  });

  it('a burst with one slow gap is not a scan', () => {
    const events = keyEvents('123456', 0, 5);
    events.slice(3).forEach((e) => (e.at += 200));
    expect(run(events).some((o) => o.type === 'scan')).toBe(false);
  });

  it('turns configured substitutes back into GS', () => {
    for (const sub of ['<GS>', '^]']) {
      const out = run(keyEvents(`010950110102091710ABC${sub}21XYZ`, 0, 3), { gsSubstitutes: [sub] });
      expect(out).toMatchObject([{ type: 'scan', scan: { text: `010950110102091710ABC${GS}21XYZ` } }]);
    }
  });

  it('requires and removes a configured prefix and suffix', () => {
    const options = { prefix: '§§', suffix: '##' };
    expect(run(keyEvents('§§14540##', 0, 3), options)).toMatchObject([{ type: 'scan', scan: { text: '14540' } }]);
    expect(run(keyEvents('14540##', 0, 3), options)).toMatchObject([{ type: 'typing' }]);
    // Suffix alone ends the scan when no terminator key is configured.
    expect(run(keyEvents('§§14540##', 0, 3, null), { ...options, terminators: [] })).toMatchObject([{ type: 'scan', scan: { text: '14540', end: 'suffix' } }]);
  });

  it('scanners without terminator: endOnIdle', () => {
    expect(run(keyEvents('14540', 0, 3, null), { endOnIdle: true })).toMatchObject([{ type: 'scan', scan: { text: '14540', end: 'idle' } }]);
    expect(run(keyEvents('14540', 0, 3, null))).toMatchObject([{ type: 'typing' }]);
  });

  it('shortcuts and navigation keys end a burst as typing', () => {
    const events: WedgeKeyEvent[] = [...keyEvents('145', 0, 3, null), { key: 'c', code: 'KeyC', ctrlKey: true, at: 9 }];
    expect(run(events)).toMatchObject([{ type: 'typing', events: { length: 4 } }]);
    const nav: WedgeKeyEvent[] = [...keyEvents('145', 0, 3, null), { key: 'ArrowLeft', code: 'ArrowLeft', at: 9 }];
    expect(run(nav)).toMatchObject([{ type: 'typing', events: { length: 4 } }]);
  });

  it('modifier keys neither add text nor break the burst; dead keys mark the scan broken', () => {
    const events = keyEvents('ABCDE', 0, 4);
    events.splice(1, 0, { key: 'Shift', code: 'ShiftLeft', at: 2 });
    expect(run(events)).toMatchObject([{ type: 'scan', scan: { text: 'ABCDE' } }]);
    const dead = keyEvents('12345', 0, 4);
    dead.splice(2, 0, { key: 'Dead', code: 'BracketRight', at: 5 });
    const out = run(dead);
    expect(out).toMatchObject([{ type: 'scan' }]);
    expect(out[0]?.type === 'scan' && out[0].scan.text.includes(REPLACEMENT)).toBe(true);
  });

  it('holds a lone key until flush, then gives it back', () => {
    const d = createWedgeDetector();
    expect(d.feed({ key: '1', code: 'Digit1', at: 0 })).toEqual([]);
    expect(d.pending()).toBe(true);
    expect(d.flush(20)).toEqual([]);
    expect(d.flush(60)).toMatchObject([{ type: 'typing', events: [{ key: '1' }] }]);
    expect(d.pending()).toBe(false);
  });

  it('scanner speed → exactly one scan with the same text; typing speed → never a scan (property)', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabc+-/.()$%' + GS), minLength: 4, maxLength: 80 });
    fc.assert(
      fc.property(printable, fc.integer({ min: 0, max: 20 }), (text, gap) => {
        expect(run(keyEvents(text, 500, gap))).toEqual([
          { type: 'scan', scan: { text, startedAt: 500, endedAt: 500 + gap * [...text].length, end: 'Enter' } },
        ]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(printable, fc.array(fc.integer({ min: 60, max: 400 }), { minLength: 100, maxLength: 100 }), (text, gaps) => {
        const events = keyEvents(text, 0, 0);
        let at = 0;
        events.forEach((e, i) => {
          at += gaps[i % gaps.length] as number;
          e.at = at;
        });
        const out = run(events);
        expect(out.some((o) => o.type === 'scan')).toBe(false);
        expect(out.flatMap((o) => (o.type === 'typing' ? o.events : []))).toEqual(events);
      }),
      { numRuns: 300 },
    );
  });
});
