import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER_SETTINGS } from '../../../shared/api/scanner';
import posDataMatrix from '../../../tests/fixtures/hid/pos-honeywell-gs1-datamatrix.json';
import posTwoReports from '../../../tests/fixtures/hid/pos-honeywell-gs1-128-two-reports.json';
import { openBackend } from '../backend';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend, TEST_REPLICA_KEY } from '../../../tests/helpers/backend';
import { ReplayHidAdapter } from '../../../tests/helpers/replay-hid';
import { SCANNER_SETTINGS_FILE } from './settings';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

const adapter = new ReplayHidAdapter();
let t: TempBackend;
beforeAll(() => {
  t = tempBackend({ scanner: { adapter, retryMs: 5 } });
  dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

const call = (name: string, args: unknown) => dispatch(t.backend, name, args, { error: () => {} });

describe('scan.resolve: what a scan refers to in the replica', () => {
  it('finds an individual by number, an article by number and by GTIN (13 or 14 digits), and skips what is not there', () => {
    const db = t.backend.context.db;
    const ind = db.prepare("SELECT i.id, i.individual_no, a.article_no FROM individual i JOIN article a ON a.id = i.article_id ORDER BY i.seq LIMIT 1").get() as { id: string; individual_no: string; article_no: string };
    const art = db.prepare('SELECT a.id, a.article_no, g.gtin FROM article a JOIN article_gtin g ON g.article_id = a.id ORDER BY a.article_no LIMIT 1').get() as { id: string; article_no: string; gtin: string };
    expect(art.gtin).toMatch(/^0\d{13}$/);
    const result = call('scan.resolve', {
      lookups: [
        { kind: 'caseNumber', value: '25010001' },
        { kind: 'individualNo', value: ind.individual_no },
        { kind: 'articleNo', value: art.article_no },
        { kind: 'gtin', value: art.gtin },
        { kind: 'gtin', value: art.gtin.slice(1) },
        { kind: 'individualNo', value: 'FINNS-INTE-1' },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        matches: [
          { kind: 'individual', id: ind.id, individualNo: ind.individual_no, articleNo: ind.article_no },
          { kind: 'article', id: art.id, articleNo: art.article_no, lookup: { kind: 'articleNo' } },
          { kind: 'article', id: art.id, lookup: { kind: 'gtin', value: art.gtin } },
          { kind: 'article', id: art.id, lookup: { kind: 'gtin', value: art.gtin.slice(1) } },
        ],
      },
    });
  });

  it('refuses malformed lookups with a Swedish message', () => {
    for (const args of [{ lookups: [] }, { lookups: [{ kind: 'recipe', value: '1' }] }, { lookups: [{ kind: 'gtin', value: 'x'.repeat(65) }] }, { text: '123' }]) {
      const r = call('scan.resolve', args);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^Ogiltiga uppgifter/) } });
    }
  });
});

describe('scanner.* handlers', () => {
  it('settings start as the defaults and the status says the wedge is used', () => {
    expect(call('scanner.settings', {})).toEqual({ ok: true, value: DEFAULT_SCANNER_SETTINGS });
    expect(call('scanner.status', {})).toMatchObject({ ok: true, value: { state: 'off', mode: 'wedge' } });
  });

  it('lists the devices, saves a choice (the device opens, scans arrive as events) and keeps it over a restart', () => {
    adapter.plug(posTwoReports.device);
    const devices = call('scanner.devices', {});
    expect(devices).toMatchObject({ ok: true, value: { available: true, devices: [{ vendorId: 0x0c2e, productId: 0x0b87, usagePage: 0x8c, product: 'Honeywell 1950g (HID POS)' }] } });
    const d = (devices as { value: { devices: { path: string }[] } }).value.devices[0]!;
    const settings = {
      ...DEFAULT_SCANNER_SETTINGS,
      mode: 'hidPos' as const,
      device: { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '21045B0F31', path: d.path, usagePage: 0x8c, name: 'Honeywell 1950g' },
      wedge: { ...DEFAULT_SCANNER_SETTINGS.wedge, gsSubstitute: '<GS>' },
      sound: { enabled: false, volume: 0.3 },
    };
    const scans: string[] = [];
    const statuses: string[] = [];
    const off = [t.backend.events.on('scan', (s) => scans.push(s.text)), t.backend.events.on('scanner.status', (s) => statuses.push(s.state))];
    expect(call('scanner.saveSettings', settings)).toEqual({ ok: true, value: settings });
    expect(call('scanner.status', {})).toMatchObject({ ok: true, value: { state: 'connected', message: 'Ansluten: Honeywell 1950g.' } });
    expect(statuses).toEqual(['opening', 'connected']);
    adapter.play(posDataMatrix, d.path);
    expect(scans).toEqual([posDataMatrix.expected.text]);
    off.forEach((f) => f());

    const again = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: t.dataDir, scanner: { adapter: null } });
    try {
      expect(again.context.scanner.settings()).toEqual(settings);
      expect(again.context.scanner.status()).toMatchObject({ state: 'unavailable' });
    } finally {
      again.close();
    }
  });

  it('bad settings are refused in Swedish and change nothing', () => {
    const file = path.join(t.dataDir, SCANNER_SETTINGS_FILE);
    const before = fs.readFileSync(file, 'utf8');
    const good = call('scanner.settings', {});
    expect(good.ok).toBe(true);
    const base = (good as { value: typeof DEFAULT_SCANNER_SETTINGS }).value;
    const bad = [
      { ...base, mode: 'bluetooth' },
      { ...base, layout: 'de' },
      { ...base, profile: 'nope' },
      { ...base, wedge: { ...base.wedge, maxKeyGapMs: 0 } },
      { ...base, wedge: { ...base.wedge, maxKeyGapMs: 20, maxAverageGapMs: 40 } },
      { ...base, wedge: { ...base.wedge, gsSubstitute: 'a\nb' } },
      { ...base, sound: { enabled: true, volume: 2 } },
      { ...base, device: { vendorId: -1, productId: 1, serialNumber: null, path: null, usagePage: null, name: 'x' } },
      { ...base, extra: true },
    ];
    for (const settings of bad) {
      const r = call('scanner.saveSettings', settings);
      expect(r, JSON.stringify(settings).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const r = call('scanner.saveSettings', bad[3]);
    expect(!r.ok && r.error.message).toMatch(/Minst 5 ms/);
    const avg = call('scanner.saveSettings', bad[4]);
    expect(!avg.ok && avg.error.message).toMatch(/Medelglappet/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('need a logged-in user', () => {
    dispatch(t.backend, 'session.logout', {});
    for (const name of ['scanner.devices', 'scanner.settings', 'scanner.status', 'scan.resolve']) {
      expect(call(name, name === 'scan.resolve' ? { lookups: [{ kind: 'articleNo', value: '14540' }] } : {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    }
    dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  });
});
