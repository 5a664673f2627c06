import { describe, expect, it } from 'vitest';
import { createWedgeGate, typedText, type GateKey } from './wedgeGate';

const field = { editable: true };
const body = { editable: false };

/** Key presses for `text` starting at `start`, `gap` ms apart, then Enter. */
function burst(text: string, start: number, gap: number, end: string | null = 'Enter'): GateKey[] {
  const keys: GateKey[] = [...text].map((ch, i) =>
    ch === '\u001d' ? { key: ']', code: 'BracketRight', ctrlKey: true, at: start + i * gap } : { key: ch, code: `Key${ch}`, at: start + i * gap },
  );
  if (end) keys.push({ key: end, code: end, at: start + text.length * gap });
  return keys;
}

describe('the wedge gate', () => {
  it('a fast burst ending in Enter is one scan; none of its keys reach the page, GS kept', () => {
    const gate = createWedgeGate();
    const decisions = burst('0109506000134352\u001d10ABC', 1000, 4).map((k) => gate.key(k, field));
    expect(decisions.every((d) => d.consume)).toBe(true);
    expect(decisions.flatMap((d) => d.release)).toEqual([]);
    expect(decisions.flatMap((d) => d.scans).map((s) => s.text)).toEqual(['0109506000134352\u001d10ABC']);
  });

  it('slow typing is released to the page in order, before the next key, and Enter passes', () => {
    const gate = createWedgeGate();
    const keys = burst('abcd', 0, 150);
    const delivered: string[] = [];
    for (const k of keys) {
      const d = gate.key(k, field);
      delivered.push(...d.release.map((e) => e.key));
      if (!d.consume) delivered.push(k.key);
      expect(d.scans).toEqual([]);
    }
    delivered.push(...gate.flush(10_000).release.map((e) => e.key));
    expect(delivered).toEqual(['a', 'b', 'c', 'd', 'Enter']);
  });

  it('a lone held key comes back from flush once the gap has passed', () => {
    const gate = createWedgeGate({ maxKeyGapMs: 50 });
    expect(gate.key({ key: 'x', code: 'KeyX', at: 100 }, field).consume).toBe(true);
    expect(gate.flush(140).release).toEqual([]);
    expect(gate.flush(151).release.map((k) => k.key)).toEqual(['x']);
    expect(gate.pending()).toBe(false);
  });

  it('a fast typist with short rollover bursts is not a scanner (too few characters, average too slow)', () => {
    const gate = createWedgeGate();
    // "hej" + Enter with 30 ms gaps: every gap under 50 ms but the average over 25 and only 3 characters.
    const decisions = burst('hej', 0, 30).map((k) => gate.key(k, field));
    expect(decisions.flatMap((d) => d.scans)).toEqual([]);
    expect(decisions.flatMap((d) => d.release).map((k) => k.key)).toEqual(['h', 'e', 'j']);
    expect(decisions.at(-1)!.consume).toBe(false); // Enter reaches the field
  });

  it('key repeat, Alt shortcuts, Ctrl shortcuts and arrows release what is held and pass', () => {
    for (const k of [
      { key: 'a', code: 'KeyA', at: 5, repeat: true },
      { key: '1', code: 'Digit1', at: 5, altKey: true },
      { key: 'c', code: 'KeyC', at: 5, ctrlKey: true },
      { key: 'ArrowDown', code: 'ArrowDown', at: 5 },
    ]) {
      const gate = createWedgeGate();
      expect(gate.key({ key: '1', code: 'Digit1', at: 0 }, field).consume).toBe(true);
      const d = gate.key(k, field);
      expect(d.consume, k.key).toBe(false);
      expect(d.release.map((e) => e.key)).toEqual(['1']);
    }
  });

  it('Space on a button and a dead key pass at once when nothing is held; AltGr (Ctrl+Alt) types', () => {
    const gate = createWedgeGate();
    expect(gate.key({ key: ' ', code: 'Space', at: 0 }, body).consume).toBe(false);
    expect(gate.key({ key: 'Dead', code: 'BracketRight', at: 200 }, field).consume).toBe(false);
    expect(gate.key({ key: '@', code: 'Digit2', at: 400, ctrlKey: true, altKey: true }, field).consume).toBe(true);
  });

  it('GS substitutes and configured thresholds apply; reconfiguring releases what was held', () => {
    const gate = createWedgeGate({ gsSubstitutes: ['<GS>'] });
    const scans = burst('0109506000134352<GS>10ABC', 0, 3).flatMap((k) => gate.key(k, body).scans);
    expect(scans.map((s) => s.text)).toEqual(['0109506000134352\u001d10ABC']);
    gate.key({ key: 'z', code: 'KeyZ', at: 1000 }, field);
    expect(gate.configure({ maxKeyGapMs: 100, maxAverageGapMs: 60 }).release.map((k) => k.key)).toEqual(['z']);
    // 40 ms gaps: typing under the defaults, a scan under these thresholds.
    expect(burst('123456', 5000, 40).flatMap((k) => gate.key(k, body).scans).map((s) => s.text)).toEqual(['123456']);
  });

  it('a scan split by a late first key is marked unreadable too', () => {
    const gate = createWedgeGate();
    gate.key({ key: '1', code: 'Digit1', at: 0 }, field);
    const scans = burst('00000', 70, 4).flatMap((k) => gate.key(k, field).scans);
    expect(scans.map((s) => s.text)).toEqual(['\ufffd00000']);
  });

  it('a scan split by a late timer (busy page) is marked unreadable, not taken for a shorter code', () => {
    const gate = createWedgeGate();
    expect(gate.key({ key: '1', code: 'Digit1', at: 0 }, field).consume).toBe(true);
    // The timer runs late, after the next keys were already pressed (their events still queued).
    expect(gate.flush(120).release.map((k) => k.key)).toEqual(['1']);
    const scans = burst('00000', 5, 4).flatMap((k) => gate.key(k, field).scans);
    expect(scans.map((s) => s.text)).toEqual(['\ufffd00000']);
    // A scan well after a typed key is a scan.
    gate.key({ key: 'a', code: 'KeyA', at: 1000 }, field);
    gate.flush(1100);
    expect(burst('123456', 2000, 4).flatMap((k) => gate.key(k, field).scans).map((s) => s.text)).toEqual(['123456']);
  });

  it('release() hands back everything held at once (focus moves, a click)', () => {
    const gate = createWedgeGate();
    for (const [i, ch] of [...'E2E'].entries()) gate.key({ key: ch, code: `Key${ch}`, at: i * 3 }, field);
    expect(gate.release().release.map((k) => k.key)).toEqual(['E', '2', 'E']);
    expect(gate.pending()).toBe(false);
  });

  it('typedText gives what a released key types', () => {
    expect(typedText({ key: 'å', code: 'BracketLeft', at: 0 })).toBe('å');
    expect(typedText({ key: ']', code: 'BracketRight', at: 0, ctrlKey: true })).toBe('');
    expect(typedText({ key: 'Dead', code: 'Equal', at: 0 })).toBe('');
    expect(typedText({ key: 'Backspace', code: 'Backspace', at: 0 })).toBe('');
  });
});
