import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, HandlerArgs, HandlerName, HandlerOutput } from '../../../shared/api/contract';
import { DEFAULT_SCANNER_SETTINGS, type ScanMatch } from '../../../shared/api/scanner';
import type { Transport } from '../../../shared/api/transport';
import { ok, type Result } from '../../../shared/result';
import { createGlobalScanHandler } from './globalScanHandler';
import { lookupsOf } from './scanRouter';
import { createScannerStore, wedgeScanEvent, type ScanEvent } from './scannerStore';
import { classifyScan } from '../../../shared/scan';
import type { Route } from '../../app/router';

/** A transport whose scan.resolve answers from a small table; records the lookups. */
function fakeTransport(table: Record<string, ScanMatch>) {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const asked: HandlerArgs<'scan.resolve'>[] = [];
  const transport: Transport = {
    kind: 'http',
    async invoke<N extends HandlerName>(name: N, args: HandlerArgs<N>): Promise<Result<HandlerOutput<N>>> {
      if (name !== 'scan.resolve') throw new Error(`unexpected ${name}`);
      const a = args as HandlerArgs<'scan.resolve'>;
      asked.push(a);
      const matches = a.lookups.flatMap((l) => (table[`${l.kind}:${l.value}`] ? [{ ...table[`${l.kind}:${l.value}`]!, lookup: l }] : []));
      return ok({ matches }) as Result<HandlerOutput<N>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => {};
    },
  };
  return { transport, asked, emit: (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)) };
}

const scan = (text: string, source: ScanEvent['source'] = 'wedge', symbology?: string): ScanEvent => ({ text, source, at: '2026-11-22T10:00:00.000Z', ...(symbology ? { symbology } : {}) });

function setup(loggedIn = true) {
  const individual: ScanMatch = { kind: 'individual', lookup: { kind: 'individualNo', value: '100000' }, id: 'I1', individualNo: '100000', articleNo: '14540', articleName: 'Trygghetslarm' };
  const article: ScanMatch = { kind: 'article', lookup: { kind: 'articleNo', value: '14540' }, id: 'A1', articleNo: '14540', name: 'Trygghetslarm' };
  const fake = fakeTransport({ 'individualNo:100000': individual, 'articleNo:14540': article, 'gtin:07350000000016': article });
  const routes: Route[] = [];
  const shown: string[] = [];
  const tones: string[] = [];
  const recipients: string[] = [];
  const findRecipient = async (pnr: string) => {
    recipients.push(pnr);
    if (pnr === '191212121212') return { ok: true as const };
    return { ok: false as const, message: `Ingen patient med personnummer ${pnr} finns i lagrets register.` };
  };
  const store = createScannerStore({
    transport: fake.transport,
    sounds: { play: (name) => tones.push(name) },
    onError: () => {},
    fallback: createGlobalScanHandler({ transport: fake.transport, isLoggedIn: () => loggedIn, navigate: (r) => routes.push(r), showArticle: (a) => shown.push(a), findRecipient }),
  });
  return { store, routes, shown, tones, fake, recipients };
}

describe('the scan bus and the global router', () => {
  it('an individual number opens the individual; an article number its stock line; OK tone and message', async () => {
    const s = setup();
    await s.store.getState().submit(scan('100000'));
    expect(s.routes).toEqual([{ page: 'individual', id: 'I1' }]);
    expect(s.store.getState().feedback).toMatchObject({ tone: 'ok', message: 'Öppnar individ 100000 – Trygghetslarm.' });
    await s.store.getState().submit(scan('14540'));
    expect(s.shown).toEqual(['14540']);
    expect(s.routes.at(-1)).toEqual({ page: 'stock', tab: 'balances' });
    expect(s.tones).toEqual(['ok', 'ok']);
  });

  it('a scanned personnummer finds the patient (Mottagare), in its 12-digit form', async () => {
    const s = setup();
    await s.store.getState().submit(scan('19121212-1212'));
    expect(s.recipients).toEqual(['191212121212']);
    expect(s.store.getState().feedback).toMatchObject({ tone: 'ok', message: 'Öppnar mottagaren.' });
  });

  it('a GTIN (EAN-13 or in a GS1 code) opens its article', async () => {
    const s = setup();
    await s.store.getState().submit(scan('010735000000001610LOT1', 'hidPos', ']d2'));
    expect(s.shown).toEqual(['14540']);
    expect(s.store.getState().feedback?.message).toBe('GTIN 07350000000016: visar lagersaldot för artikel 14540 Trygghetslarm.');
  });

  it('unknown, unusable and not-found scans get a Swedish message and the refused tone, never silence', async () => {
    const s = setup();
    const cases: [string, string][] = [
      ['999999', 'Ingen individ med nummer 999999 finns.'],
      ['99999', 'Artikel 99999 finns inte i sortimentet.'],
      ['25010001', 'Ingen leverans med ordernummer 25010001 finns i lagret.'],
      ['194001019803', 'Ingen patient med personnummer 194001019803 finns i lagrets register.'],
      ['x', 'Okänd kod: '],
    ];
    for (const [text, message] of cases) {
      await s.store.getState().submit(scan(text));
      expect(s.store.getState().feedback?.message, text).toContain(message);
      expect(s.store.getState().feedback?.tone).toBe('refused');
    }
    expect(s.routes).toEqual([]);
    // The 8-digit order number was also tried as an individual number (its alternative).
    expect(s.fake.asked.find((a) => a.lookups[0]!.value === '25010001')!.lookups).toEqual([
      { kind: 'caseNumber', value: '25010001' },
      { kind: 'individualNo', value: '25010001' },
    ]);
  });

  it('the innermost (last mounted) handler is asked first; null passes the scan on; unregistering restores the order', async () => {
    const s = setup();
    const seen: string[] = [];
    const outer = s.store.getState().register((c) => (seen.push(`outer:${c.meaning.kind}`), null), 1);
    const inner = s.store.getState().register((c) => (seen.push(`inner:${c.meaning.kind}`), c.meaning.kind === 'articleNo' ? { tone: 'attention', message: 'Räknad.' } : null), 2);
    await s.store.getState().submit(scan('14540'));
    expect(seen).toEqual(['inner:articleNo']);
    expect(s.store.getState().feedback).toMatchObject({ tone: 'attention', message: 'Räknad.' });
    await s.store.getState().submit(scan('100000'));
    expect(seen).toEqual(['inner:articleNo', 'inner:individualNo', 'outer:individualNo']);
    expect(s.routes).toEqual([{ page: 'individual', id: 'I1' }]);
    inner();
    outer();
    await s.store.getState().submit(scan('14540'));
    expect(seen).toHaveLength(3);
  });

  it('HID scans from the backend go the same way; each scan is classified once and kept for the test panel', async () => {
    const s = setup();
    s.fake.emit('scan', scan('100000', 'hidPos', ']C0'));
    await s.store.getState().submit(scan('14540'));
    const recent = s.store.getState().recent;
    expect(recent.map((r) => [r.scan.scan.source, r.scan.meaning.kind])).toEqual([
      ['wedge', 'articleNo'],
      ['hidPos', 'individualNo'],
    ]);
  });

  it('logged out: refused with a message, nothing looked up', async () => {
    const s = setup(false);
    await s.store.getState().submit(scan('100000'));
    expect(s.store.getState().feedback).toMatchObject({ tone: 'refused', message: 'Logga in först för att använda skannern.' });
    expect(s.fake.asked).toEqual([]);
  });

  it('sound off plays nothing; a throwing handler is a refusal, not a stuck bus', async () => {
    const s = setup();
    s.store.setState({ settings: { ...DEFAULT_SCANNER_SETTINGS, sound: { enabled: false, volume: 0.5 } } });
    s.store.getState().register(() => {
      throw new Error('bug');
    }, 5);
    await s.store.getState().submit(scan('100000'));
    expect(s.store.getState().feedback).toMatchObject({ tone: 'refused', message: 'Skanningen kunde inte hanteras. Skanna igen.' });
    expect(s.tones).toEqual([]);
  });

  it('in keyboard-report mode with the device open, the wedge copy of a scan is not sent twice', () => {
    const w = { text: '14540', startedAt: 0, endedAt: 20, end: 'Enter' as const };
    expect(wedgeScanEvent(w, { settings: null, status: null })).toMatchObject({ text: '14540', source: 'wedge' });
    const settings = { mode: 'hidKeyboard' } as never;
    expect(wedgeScanEvent(w, { settings, status: { state: 'connected' } as never })).toBeNull();
    expect(wedgeScanEvent(w, { settings, status: { state: 'disconnected' } as never })).not.toBeNull();
  });

  it('lookupsOf: the reading first, then alternatives; nothing for kinds that lead nowhere', () => {
    expect(lookupsOf(classifyScan('100000'))).toEqual([{ kind: 'individualNo', value: '100000' }]);
    expect(lookupsOf(classifyScan('SE2321000016-1234'))).toEqual([]);
    expect(lookupsOf(classifyScan('7350000000016'))[0]).toEqual({ kind: 'gtin', value: '07350000000016' });
  });
});
