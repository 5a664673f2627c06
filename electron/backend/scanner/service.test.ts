import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import { DEFAULT_SCANNER_SETTINGS, type ScannerSettings, type ScannerStatus } from '../../../shared/api/scanner';
import { classifyScan } from '../../../shared/scan';
import kbAao from '../../../tests/fixtures/hid/keyboard-sv-aao-gs.json';
import kbTwoScans from '../../../tests/fixtures/hid/keyboard-sv-two-scans.json';
import posDataMatrix from '../../../tests/fixtures/hid/pos-honeywell-gs1-datamatrix.json';
import posTwoReports from '../../../tests/fixtures/hid/pos-honeywell-gs1-128-two-reports.json';
import posUnplug from '../../../tests/fixtures/hid/replay-pos-unplug-mid-scan.json';
import { makeTempDir } from '../../../tests/helpers/backend';
import { fromHex, ReplayHidAdapter } from '../../../tests/helpers/replay-hid';
import { BackendEvents } from '../events';
import { HidUnavailableError } from './adapter';
import { ScannerService } from './service';
import { SCANNER_SETTINGS_FILE, ScannerSettingsFile } from './settings';

const HONEYWELL = posTwoReports.device;
const KEYBOARD = kbAao.device;

interface Harness {
  service: ScannerService;
  adapter: ReplayHidAdapter;
  scans: EventPayload<'scan'>[];
  statuses: ScannerStatus[];
  dataDir: string;
  warnings: string[];
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function harness(adapter = new ReplayHidAdapter()): Harness {
  const dataDir = makeTempDir('buffert-scanner-');
  const events = new BackendEvents();
  const scans: EventPayload<'scan'>[] = [];
  const statuses: ScannerStatus[] = [];
  events.on('scan', (s) => scans.push(s));
  events.on('scanner.status', (s) => statuses.push(s));
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
  const service = new ScannerService({ adapter, events, settingsFile: new ScannerSettingsFile(dataDir, log), retryMs: 5, keyboardIdleMs: 50, log, platform: 'linux' });
  cleanups.push(() => {
    service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { service, adapter, scans, statuses, dataDir, warnings };
}

function settingsFor(device: typeof HONEYWELL | typeof KEYBOARD, mode: ScannerSettings['mode'], path: string | null = null): ScannerSettings {
  return {
    ...structuredClone(DEFAULT_SCANNER_SETTINGS),
    mode,
    device: { vendorId: device.vendorId, productId: device.productId, serialNumber: device.serialNumber, path, usagePage: device.usagePage, name: device.product },
  };
}

describe('ScannerService: scans from the replay device', () => {
  it('HID POS fixtures become scan events with symbology, GS kept (one report and two)', () => {
    const h = harness();
    const path = h.adapter.plug(HONEYWELL);
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    expect(h.service.status()).toMatchObject({ state: 'connected', message: 'Ansluten: Honeywell 1950g (HID POS).' });

    h.adapter.play(posDataMatrix, path);
    h.adapter.play(posTwoReports, path);
    expect(h.scans.map(({ text, symbology, source }) => ({ text, symbology, source }))).toEqual([
      { ...posDataMatrix.expected, source: 'hidPos' },
      { ...posTwoReports.expected, source: 'hidPos' },
    ]);
    expect(h.scans[1]!.text).toContain('\u001d');
    expect(Number.isNaN(Date.parse(h.scans[0]!.at))).toBe(false);
    const meaning = classifyScan(h.scans[1]!.text, h.scans[1]!.symbology);
    expect(meaning.kind).toBe('gs1');
    if (meaning.kind === 'gs1') expect(meaning.gs1).toMatchObject({ gtin: '09506000134352', batch: 'ABC123XYZ0001', serial: 'SN00000000000042', expiry: '2026-12-31' });
  });

  it('keyboard reports in the Swedish layout: å ä ö and GS; two scans back to back', () => {
    const h = harness();
    const path = h.adapter.plug(KEYBOARD);
    h.service.start();
    h.service.saveSettings({ ...settingsFor(KEYBOARD, 'hidKeyboard'), layout: 'sv' });
    expect(h.service.status().state).toBe('connected');
    h.adapter.play(kbAao, path);
    h.adapter.play(kbTwoScans, path);
    expect(h.scans.map((s) => [s.text, s.source])).toEqual([
      ['Förråd Ö3\u001dÄrende åäö', 'hidKeyboard'],
      ['14540', 'hidKeyboard'],
      ['123456', 'hidKeyboard'],
    ]);
    expect(h.scans[0]!.symbology).toBeUndefined();
  });

  it('the same reports read with the US layout do not turn into the Swedish text', () => {
    const h = harness();
    const path = h.adapter.plug(KEYBOARD);
    h.service.start();
    h.service.saveSettings({ ...settingsFor(KEYBOARD, 'hidKeyboard'), layout: 'us' });
    h.adapter.play(kbAao, path);
    expect(h.scans).toHaveLength(1);
    expect(h.scans[0]!.text).not.toBe(kbAao.expected);
  });

  it('a keyboard burst that never ends (no Enter) is dropped, not sent half', async () => {
    const h = harness();
    const path = h.adapter.plug(KEYBOARD);
    h.service.start();
    h.service.saveSettings(settingsFor(KEYBOARD, 'hidKeyboard'));
    const reports = kbTwoScans.reports.slice(0, 6); // "145", no Enter
    for (const r of reports) h.adapter.send(path, fromHex(r));
    await new Promise((resolve) => setTimeout(resolve, 80));
    for (const r of kbTwoScans.reports.slice(12)) h.adapter.send(path, fromHex(r)); // "123456" Enter
    expect(h.scans.map((s) => s.text)).toEqual(['123456']);
  });
});

describe('ScannerService: unplug and replug', () => {
  it('notices the device is gone, says so, reopens it under its new path and reads on; the half scan is never emitted', async () => {
    const h = harness();
    const path = h.adapter.plug(HONEYWELL);
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos', path));
    expect(h.service.status().state).toBe('connected');

    const steps = posUnplug.steps;
    h.adapter.send(path, fromHex((steps[0] as { report: string }).report));
    h.adapter.unplug(path);
    expect(h.service.status()).toMatchObject({ state: 'disconnected', message: 'Frånkopplad – Honeywell 1950g (HID POS) återansluts när den kopplas in igen.' });
    // While it is away the service keeps looking, without flooding the status or the log.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(h.service.status().state).toBe('disconnected');

    const newPath = h.adapter.plug(HONEYWELL);
    expect(newPath).not.toBe(path);
    await vi.waitFor(() => expect(h.service.status().state).toBe('connected'), { timeout: 2000, interval: 5 });
    expect(h.service.status()).toMatchObject({ reconnects: 1, message: 'Ansluten igen: Honeywell 1950g (HID POS).' });
    for (const step of steps.slice(3)) h.adapter.send(newPath, fromHex((step as { report: string }).report));

    expect(h.scans.map(({ text, symbology }) => ({ text, symbology }))).toEqual(posUnplug.expectedScans);
    expect(h.statuses.map((s) => s.state)).toEqual(['off', 'opening', 'connected', 'disconnected', 'connected']);
  });

  it('a device that is not plugged in when the app starts is opened once it is', async () => {
    const h = harness();
    fs.writeFileSync(path.join(h.dataDir, SCANNER_SETTINGS_FILE), JSON.stringify(settingsFor(HONEYWELL, 'hidPos')));
    h.service.start();
    expect(h.service.status()).toMatchObject({ state: 'disconnected', message: 'Honeywell 1950g (HID POS) är inte inkopplad – ansluts när den kopplas in.' });
    const p = h.adapter.plug(HONEYWELL);
    await vi.waitFor(() => expect(h.service.status().state).toBe('connected'), { timeout: 2000, interval: 5 });
    expect(h.service.status().reconnects).toBe(0);
    h.adapter.play(posDataMatrix, p);
    expect(h.scans).toHaveLength(1);
  });

  it('another device of the same model (other serial number) is not taken for the chosen one', async () => {
    const h = harness();
    h.adapter.plug({ ...HONEYWELL, serialNumber: 'OTHER' });
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.service.status().state).toBe('disconnected');
    expect(h.adapter.opens).toBe(0);
  });
});

describe('ScannerService: devices that fail never crash it', () => {
  it('a device that throws on open: the status says why, it is retried, and opens when it can', async () => {
    const h = harness();
    h.adapter.plug(HONEYWELL);
    let denied = true;
    h.adapter.failOpen = (p) => (denied ? new Error(`cannot open device with path ${p}`) : null);
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    expect(h.service.status().state).toBe('error');
    expect(h.service.status().message).toMatch(/^Fel: Honeywell 1950g \(HID POS\) kunde inte öppnas\. Saknas behörighet till \/dev\/hidraw\*/);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Retried quietly: one log line for the same failure, not one per attempt.
    expect(h.warnings.filter((w) => w.startsWith('Skanner (open)'))).toHaveLength(1);
    denied = false;
    await vi.waitFor(() => expect(h.service.status().state).toBe('connected'), { timeout: 2000, interval: 5 });
  });

  it('Windows refuses keyboard-class devices: the status says to use the wedge', () => {
    const adapter = new ReplayHidAdapter();
    const dataDir = makeTempDir('buffert-scanner-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    adapter.plug(KEYBOARD);
    adapter.failOpen = () => new Error('cannot open device');
    const service = new ScannerService({ adapter, events: new BackendEvents(), settingsFile: new ScannerSettingsFile(dataDir), retryMs: 1000, platform: 'win32', log: { warn() {}, error() {} } });
    cleanups.push(() => service.stop());
    service.start();
    service.saveSettings(settingsFor(KEYBOARD, 'hidKeyboard'));
    expect(service.status().message).toMatch(/Windows låter inga program läsa tangentbordsenheter.*Tangentbordskil/);
  });

  it('a read error mid-stream is an unplug: disconnected, then reconnected', async () => {
    const h = harness();
    const p = h.adapter.plug(HONEYWELL);
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    // The device stays listed but its connection fails (a USB hiccup).
    (h.adapter as unknown as { connections: Map<string, { fail(e: unknown): void }> }).connections.get(p)!.fail(new Error('read error'));
    expect(h.service.status().state).toBe('disconnected');
    await vi.waitFor(() => expect(h.service.status()).toMatchObject({ state: 'connected', reconnects: 1 }), { timeout: 2000, interval: 5 });
  });

  it('listing that throws, and HID support that cannot load, become statuses', async () => {
    const h = harness();
    h.adapter.failList = new Error('hid_enumerate failed');
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    expect(h.service.status()).toMatchObject({ state: 'error', message: 'Fel: listan över HID-enheter kunde inte läsas. Försöker igen.' });
    expect(h.service.devices()).toMatchObject({ available: true, devices: [] });
    h.adapter.failList = new HidUnavailableError('libusb missing');
    await vi.waitFor(() => expect(h.service.status().state).toBe('unavailable'), { timeout: 2000, interval: 5 });
    expect(h.service.devices()).toMatchObject({ available: false, devices: [] });
    expect(h.service.devices().message).toMatch(/Tangentbordskil/);
  });

  it('garbage reports of any length and content do not throw; the device keeps working', async () => {
    for (const mode of ['hidPos', 'hidKeyboard'] as const) {
      const h = harness();
      const device = mode === 'hidPos' ? HONEYWELL : KEYBOARD;
      const p = h.adapter.plug(device);
      h.service.start();
      h.service.saveSettings(settingsFor(device, mode));
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 2000; i++) {
        const length = Math.floor(random() * 80);
        const report = Uint8Array.from({ length }, () => Math.floor(random() * 256));
        if (i % 3 === 0 && length > 0) report[0] = 0x02; // the POS report id, so the decoder reads it
        expect(() => h.adapter.send(p, report)).not.toThrow();
      }
      expect(() => h.adapter.send(p, null as unknown as Uint8Array)).not.toThrow();
      expect(h.service.status().state).toBe('connected');
      for (const s of h.scans) expect(s.text.length).toBeLessThanOrEqual(4096);
      // After a fresh start of the stream (replug), a real scan reads correctly.
      h.adapter.unplug(p);
      const fresh = h.adapter.plug(device);
      await vi.waitFor(() => expect(h.service.status().state).toBe('connected'), { timeout: 2000, interval: 5 });
      h.scans.length = 0;
      h.adapter.play(mode === 'hidPos' ? posDataMatrix : kbAao, fresh);
      expect(h.scans.map((s) => s.text)).toEqual([mode === 'hidPos' ? posDataMatrix.expected.text : kbAao.expected]);
    }
  });

  it('a scan listener that throws does not break the device', () => {
    const adapter = new ReplayHidAdapter();
    const dataDir = makeTempDir('buffert-scanner-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const events = new BackendEvents();
    events.on('scan', () => {
      throw new Error('listener bug');
    });
    const service = new ScannerService({ adapter, events, settingsFile: new ScannerSettingsFile(dataDir), log: { warn() {}, error() {} } });
    cleanups.push(() => service.stop());
    const p = adapter.plug(HONEYWELL);
    service.start();
    service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    expect(() => adapter.play(posDataMatrix, p)).not.toThrow();
    expect(() => adapter.play(posDataMatrix, p)).not.toThrow();
    expect(service.status().state).toBe('connected');
  });

  it('scanned text is never logged', () => {
    const h = harness();
    const p = h.adapter.plug(HONEYWELL);
    h.adapter.failOpen = () => null;
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    h.adapter.play(posTwoReports, p);
    h.adapter.unplug(p);
    expect(h.scans).toHaveLength(1);
    expect(h.warnings.join('\n')).not.toMatch(/ABC123|SN0000|0950600013/);
  });
});

describe('ScannerService: nothing configured, nothing opened', () => {
  it('default settings (wedge) open no device and say so', () => {
    const h = harness();
    h.adapter.plug(HONEYWELL);
    h.service.start();
    expect(h.service.settings()).toEqual(DEFAULT_SCANNER_SETTINGS);
    expect(h.service.status()).toMatchObject({ state: 'off', mode: 'wedge', device: null });
    expect(h.adapter.opens).toBe(0);
  });

  it('HID POS mode without a chosen device opens nothing; stop closes what is open', () => {
    const h = harness();
    h.adapter.plug(HONEYWELL);
    h.service.start();
    h.service.saveSettings({ ...DEFAULT_SCANNER_SETTINGS, mode: 'hidPos', device: null });
    expect(h.service.status()).toMatchObject({ state: 'off', message: 'Ingen HID-skanner vald.' });
    expect(h.adapter.opens).toBe(0);
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    expect(h.adapter.opens).toBe(1);
    h.service.stop();
    expect(h.adapter.closes).toBe(1);
  });

  it('switching to the wedge closes the HID device', () => {
    const h = harness();
    h.adapter.plug(HONEYWELL);
    h.service.start();
    h.service.saveSettings(settingsFor(HONEYWELL, 'hidPos'));
    h.service.saveSettings({ ...settingsFor(HONEYWELL, 'wedge') });
    expect(h.adapter.closes).toBe(1);
    expect(h.service.status().state).toBe('off');
  });
});

describe('ScannerSettingsFile', () => {
  it('round-trips, is replaced atomically (no temp file left) and survives a damaged file with defaults', () => {
    const dir = makeTempDir('buffert-scanner-settings-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const warnings: string[] = [];
    const file = new ScannerSettingsFile(dir, { warn: (m: string) => warnings.push(m) });
    expect(file.read()).toEqual(DEFAULT_SCANNER_SETTINGS);
    const settings = settingsFor(HONEYWELL, 'hidPos', '/dev/hidraw3');
    file.write(settings);
    expect(file.read()).toEqual(settings);
    expect(fs.readdirSync(dir)).toEqual([SCANNER_SETTINGS_FILE]);
    fs.writeFileSync(file.file, '{"mode": "hidPos", "trunc');
    expect(file.read()).toEqual(DEFAULT_SCANNER_SETTINGS);
    fs.writeFileSync(file.file, JSON.stringify({ ...settings, mode: 'telepathy' }));
    expect(file.read()).toEqual(DEFAULT_SCANNER_SETTINGS);
    expect(warnings).toHaveLength(2);
  });
});
