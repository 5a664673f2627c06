/** Bad reports and key events never throw: 100 000 random and mutated inputs per decoder. */
import { describe, expect, it } from 'vitest';
import { HONEYWELL_HID_POS, createWedgeDetector, decodeHidPosReports, decodeKeyboardReports, encodeKeyboardReports, type WedgeKeyEvent } from './index';

const RUNS = 100_000;

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const SEED_REPORTS = encodeKeyboardReports(']d20109501101020917\u001d10ABC', 'sv');

function randomReport(rand: () => number, length: number): Uint8Array {
  const r = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    // Mostly small usages and few modifiers, like real reports; sometimes anything.
    r[i] = rand() < 0.2 ? Math.floor(rand() * 256) : i === 0 ? (rand() < 0.7 ? 0 : 1 << Math.floor(rand() * 8)) : rand() < 0.6 ? 0 : Math.floor(rand() * 0x70);
  }
  return r;
}

describe('fuzz: HID decoders never throw', () => {
  it(`decodeKeyboardReports: ${RUNS} random and mutated report sequences`, () => {
    const rand = prng(11);
    for (let n = 0; n < RUNS; n++) {
      let reports: Uint8Array[];
      if (n % 2 === 0) {
        const count = Math.floor(rand() * 12);
        reports = Array.from({ length: count }, () => randomReport(rand, rand() < 0.9 ? 8 : Math.floor(rand() * 12)));
      } else {
        reports = SEED_REPORTS.map((r) => r.slice());
        const edits = 1 + Math.floor(rand() * 4);
        for (let e = 0; e < edits; e++) {
          const i = Math.floor(rand() * reports.length);
          const victim = reports[i] as Uint8Array;
          if (rand() < 0.5) victim[Math.floor(rand() * 8)] = Math.floor(rand() * 256);
          else reports.splice(i, 1);
        }
      }
      const layout = n % 3 === 0 ? 'us' : 'sv';
      const text = decodeKeyboardReports(reports, layout);
      if (typeof text !== 'string') throw new Error('not a string');
    }
    expect(decodeKeyboardReports(null as unknown as Uint8Array[], 'sv')).toBe('');
  });

  it(`decodeHidPosReports: ${RUNS} random and mutated report sequences`, () => {
    const rand = prng(12);
    const good = new Uint8Array(64);
    good[0] = 2;
    good[1] = 10;
    good.set([0x5d, 0x64, 0x32], 2);
    for (let n = 0; n < RUNS; n++) {
      const count = Math.floor(rand() * 4);
      const reports: Uint8Array[] = [];
      for (let k = 0; k < count; k++) {
        const r = n % 2 === 0 ? randomReport(rand, rand() < 0.8 ? 64 : Math.floor(rand() * 70)) : good.slice();
        if (n % 2 === 1) r[Math.floor(rand() * 64)] = Math.floor(rand() * 256);
        if (rand() < 0.7) r[0] = 2;
        reports.push(r);
      }
      const scan = decodeHidPosReports(reports, HONEYWELL_HID_POS);
      if (typeof scan.text !== 'string' || (scan.error !== undefined && scan.error.message.length < 5)) throw new Error('malformed');
    }
  });

  it(`createWedgeDetector: ${RUNS} random key events`, () => {
    const rand = prng(13);
    const keys = ['1', 'a', 'Å', ']', 'Enter', 'Tab', 'Shift', 'Dead', 'Unidentified', 'ArrowLeft', 'Backspace', '\u001d', '', 'F12', '😀'];
    const d = createWedgeDetector({ gsSubstitutes: ['<GS>'], prefix: rand() < 0.5 ? '' : '§' });
    let at = 0;
    let emitted = 0;
    let fed = 0;
    for (let n = 0; n < RUNS; n++) {
      at += rand() < 0.1 ? -5 : Math.floor(rand() * (rand() < 0.5 ? 10 : 300));
      const e: WedgeKeyEvent = { key: keys[Math.floor(rand() * keys.length)] as string, code: 'X', at, ctrlKey: rand() < 0.05, altKey: rand() < 0.05 };
      const out = rand() < 0.01 ? d.flush(at + Math.floor(rand() * 500)) : d.feed(e);
      fed++;
      for (const o of out) emitted += o.type === 'typing' ? o.events.length : 1;
    }
    expect(fed).toBe(RUNS);
    expect(emitted).toBeGreaterThan(0);
    expect(d.feed(null as unknown as WedgeKeyEvent)).toEqual([]);
  });
});
