import type { EventPayload } from '../../../shared/api/contract';
import {
  DEFAULT_SCANNER_SETTINGS,
  type HidDevice,
  type HidDeviceList,
  type ScannerDeviceRef,
  type ScannerSettings,
  type ScannerStatus,
} from '../../../shared/api/scanner';
import { decodeKeyboardScan } from '../../../shared/hid/keyboard';
import { createHidPosDecoder } from '../../../shared/hid/pos';
import { HID_POS_PROFILES, HONEYWELL_HID_POS } from '../../../shared/hid/profiles';
import type { BackendEvents } from '../events';
import { HidUnavailableError, type HidConnection, type HidDeviceAdapter } from './adapter';
import type { ScannerSettingsFile } from './settings';

/** The longest scan text the contract's `scan` event carries. */
const MAX_SCAN_TEXT = 4096;
const REPLACEMENT = '\ufffd';
/** Keyboard reports kept while waiting for a terminator (a long DataMatrix is ~1 000). */
const MAX_KEYBOARD_REPORTS = 4096;
const USAGE_PAGE_POS = 0x8c;
const USAGE_PAGE_GENERIC_DESKTOP = 0x01;
const USAGE_KEYBOARD = 0x06;

export interface ScannerServiceOptions {
  /** null: HID is not used on this workstation (wedge only). */
  adapter: HidDeviceAdapter | null;
  events: BackendEvents;
  settingsFile: ScannerSettingsFile;
  now?: () => Date;
  /** How often a missing or failing device is looked for again. */
  retryMs?: number;
  /** A keyboard-report burst with no terminator for this long is dropped (never sent half). */
  keyboardIdleMs?: number;
  platform?: NodeJS.Platform;
  log?: Pick<Console, 'warn' | 'error'>;
  /** The machine configuration's scanner (decision 0033): the defaults, and whether they are fixed. */
  machine?: MachineScanner;
}

/**
 * The scanner as IT configured the machine: `defaults` stand where the user has saved nothing; with
 * `locked` (the file's `userMayChange: false`) they always stand, and only the wedge timing and the
 * sound stay the user's.
 */
export interface MachineScanner {
  defaults: Partial<Pick<ScannerSettings, 'mode' | 'profile' | 'layout' | 'device'>>;
  locked: boolean;
}

/** Thrown by saveSettings for a change IT has fixed; the message says which. */
export class ScannerSettingsLockedError extends Error {}

interface Decoder {
  push(report: Uint8Array): void;
  /** Drops what has arrived of an unfinished scan (unplugged mid-scan: never emitted half). */
  reset(): void;
}

/**
 * The HID scanner service: opens the workstation's chosen scanner (HID POS or keyboard reports),
 * decodes its reports with shared/hid and emits each scan as the contract's `scan` event; notices
 * when the device goes away and opens it again when it is back (by vendor, product and serial
 * number: the path changes on replug), and says so in its status (`scanner.status` event).
 *
 * Plain Node, part of the backend, so the Electron main process and the web host run it alike.
 * Nothing a device does can throw out of here: node-hid throws on open and read errors, decoders
 * get garbage, listeners fail; every entry point catches. Scanned text is never logged (a scan
 * may be a personnummer).
 */
export class ScannerService {
  private readonly adapter: HidDeviceAdapter | null;
  private readonly events: BackendEvents;
  private readonly file: ScannerSettingsFile;
  private readonly now: () => Date;
  private readonly retryMs: number;
  private readonly keyboardIdleMs: number;
  private readonly platform: NodeJS.Platform;
  private readonly log: Pick<Console, 'warn' | 'error'>;
  private readonly machine: MachineScanner;

  private current: ScannerSettings = structuredClone(DEFAULT_SCANNER_SETTINGS);
  private state: ScannerStatus;
  private connection: HidConnection | null = null;
  /** Bumped whenever a connection is dropped: callbacks of an old one are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private running = false;
  private lastLogged = '';

  constructor(options: ScannerServiceOptions) {
    this.adapter = options.adapter;
    this.events = options.events;
    this.file = options.settingsFile;
    this.now = options.now ?? (() => new Date());
    this.retryMs = options.retryMs ?? 2000;
    this.keyboardIdleMs = options.keyboardIdleMs ?? 1000;
    this.platform = options.platform ?? process.platform;
    this.log = options.log ?? console;
    this.machine = options.machine ?? { defaults: {}, locked: false };
    this.state = this.makeStatus('off', 'Ingen HID-skanner vald.');
  }

  /** Reads the saved settings and opens the chosen device, if any. */
  start(): void {
    this.running = true;
    const defaults = { ...structuredClone(DEFAULT_SCANNER_SETTINGS), ...structuredClone(this.machine.defaults) };
    const saved = this.file.read(defaults);
    this.current = this.machine.locked ? { ...saved, ...structuredClone(this.machine.defaults) } : saved;
    this.apply();
  }

  stop(): void {
    this.running = false;
    this.drop();
  }

  settings(): ScannerSettings {
    return structuredClone(this.current);
  }

  /** Saves (atomically, see settings.ts) and applies: the device is reopened if it changed. */
  saveSettings(next: ScannerSettings): ScannerSettings {
    if (this.machine.locked) {
      const fixed = (Object.keys(this.machine.defaults) as Array<keyof MachineScanner['defaults']>).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(this.current[key]),
      );
      if (fixed.length > 0) throw new ScannerSettingsLockedError(fixed.join(', '));
    }
    this.file.write(next);
    const reopen = JSON.stringify([this.current.mode, this.current.device, this.current.profile, this.current.layout]) !==
      JSON.stringify([next.mode, next.device, next.profile, next.layout]);
    this.current = structuredClone(next);
    if (reopen && this.running) {
      this.everConnected = false;
      this.apply();
    } else if (this.running) {
      // Same device: only the status's mode/device fields may need refreshing.
      this.setStatus(this.state.state, this.state.message);
    }
    return this.settings();
  }

  /** Which settings IT has fixed on this machine (empty: the user chooses). */
  lockedFields(): string[] {
    return this.machine.locked ? Object.keys(this.machine.defaults) : [];
  }

  status(): ScannerStatus {
    return { ...this.state };
  }

  devices(): HidDeviceList {
    if (this.adapter === null) return { available: false, message: 'HID-skannrar används inte på den här arbetsstationen.', devices: [] };
    try {
      return { available: true, message: null, devices: this.adapter.list() };
    } catch (error) {
      if (error instanceof HidUnavailableError) return { available: false, message: unavailableMessage(), devices: [] };
      this.warn('list', error);
      return { available: true, message: 'Listan över HID-enheter kunde inte läsas. Försök igen.', devices: [] };
    }
  }

  // ------------------------------------------------------------------------------------------

  private apply(): void {
    this.drop();
    const { mode, device } = this.current;
    if (mode === 'wedge') return this.setStatus('off', 'Tangentbordskil: skanningar läses som tangenttryckningar, ingen HID-enhet öppnas.');
    if (device === null) return this.setStatus('off', 'Ingen HID-skanner vald.');
    if (this.adapter === null) return this.setStatus('unavailable', 'HID-skannrar används inte på den här arbetsstationen.');
    this.setStatus('opening', `Öppnar ${device.name} …`);
    this.tryOpen();
  }

  private tryOpen(): void {
    this.retryTimer = null;
    if (!this.running || this.adapter === null) return;
    const ref = this.current.device;
    if (ref === null || this.current.mode === 'wedge') return;
    let list: HidDevice[];
    try {
      list = this.adapter.list();
    } catch (error) {
      if (error instanceof HidUnavailableError) {
        this.warn('load', error);
        // Nothing will change until the app is reinstalled: no retry.
        return this.setStatus('unavailable', unavailableMessage());
      }
      this.warn('list', error);
      this.setStatus('error', 'Fel: listan över HID-enheter kunde inte läsas. Försöker igen.');
      return this.scheduleRetry();
    }
    const match = findDevice(list, ref, this.current.mode);
    if (match === null) {
      this.setStatus(
        'disconnected',
        this.everConnected
          ? `Frånkopplad – ${ref.name} återansluts när den kopplas in igen.`
          : `${ref.name} är inte inkopplad – ansluts när den kopplas in.`,
      );
      return this.scheduleRetry();
    }
    let connection: HidConnection;
    try {
      connection = this.adapter.open(match.path);
    } catch (error) {
      this.warn('open', error);
      this.setStatus('error', this.openErrorMessage(ref));
      return this.scheduleRetry();
    }
    const generation = ++this.generation;
    const decoder = this.makeDecoder();
    this.connection = connection;
    try {
      connection.onError((error) => {
        if (generation !== this.generation) return;
        this.warn('read', error);
        this.lost();
      });
      connection.onData((report) => {
        if (generation !== this.generation) return;
        try {
          decoder.push(report);
        } catch (error) {
          // A decoder bug must not take the device (or the process) down: drop this scan.
          this.warn('decode', error);
          decoder.reset();
        }
      });
    } catch (error) {
      this.warn('open', error);
      this.lost();
      return;
    }
    const reconnected = this.everConnected;
    if (reconnected) this.state = { ...this.state, reconnects: this.state.reconnects + 1 };
    this.everConnected = true;
    this.setStatus('connected', reconnected ? `Ansluten igen: ${ref.name}.` : `Ansluten: ${ref.name}.`);
  }

  /** The open device failed or went away: close it and look for it again. */
  private lost(): void {
    this.closeConnection();
    const name = this.current.device?.name ?? 'Skannern';
    this.setStatus('disconnected', `Frånkopplad – ${name} återansluts när den kopplas in igen.`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      try {
        this.tryOpen();
      } catch (error) {
        this.warn('retry', error);
        this.retryTimer = null;
        this.scheduleRetry();
      }
    }, this.retryMs);
    this.retryTimer.unref?.();
  }

  private closeConnection(): void {
    this.generation++;
    const connection = this.connection;
    this.connection = null;
    if (connection === null) return;
    try {
      connection.close();
    } catch (error) {
      this.warn('close', error);
    }
  }

  private drop(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closeConnection();
  }

  private makeDecoder(): Decoder {
    const emit = (text: string, symbology: string | undefined, source: 'hidPos' | 'hidKeyboard'): void => {
      if (text.length === 0) return;
      const payload: EventPayload<'scan'> = {
        text: text.length > MAX_SCAN_TEXT ? `${text.slice(0, MAX_SCAN_TEXT - 1)}${REPLACEMENT}` : text,
        source,
        at: this.now().toISOString(),
      };
      if (symbology !== undefined && /^\][\x21-\x7e]{2}$/.test(symbology)) payload.symbology = symbology;
      try {
        this.events.emit('scan', payload);
      } catch (error) {
        this.warn('emit', error);
      }
    };

    if (this.current.mode === 'hidPos') {
      const profile = HID_POS_PROFILES[this.current.profile] ?? HONEYWELL_HID_POS;
      const pos = createHidPosDecoder(profile);
      return {
        push(report) {
          const scan = pos.push(report);
          if (scan !== null) emit(scan.text, scan.symbology, 'hidPos');
        },
        reset: () => pos.reset(),
      };
    }

    const layout = this.current.layout;
    let reports: Uint8Array[] = [];
    let idle: ReturnType<typeof setTimeout> | null = null;
    const reset = (): void => {
      reports = [];
      if (idle !== null) clearTimeout(idle);
      idle = null;
    };
    return {
      push: (report) => {
        if (!(report instanceof Uint8Array)) return;
        reports.push(report);
        for (;;) {
          const scan = decodeKeyboardScan(reports, layout, 0);
          if (scan.terminator === undefined) break;
          reports = reports.slice(scan.next);
          emit(scan.text, undefined, 'hidKeyboard');
        }
        if (reports.every((r) => r.every((b) => b === 0))) reports = [];
        if (reports.length > MAX_KEYBOARD_REPORTS) {
          this.log.warn('Skanner: en skanning utan avslutande Enter/Tab kastades (för lång).');
          reports = [];
        }
        if (idle !== null) clearTimeout(idle);
        idle = null;
        if (reports.length > 0) {
          // A burst that never ends (no terminator configured, or the cable pulled) is dropped.
          idle = setTimeout(reset, this.keyboardIdleMs);
          idle.unref?.();
        }
      },
      reset,
    };
  }

  private openErrorMessage(ref: ScannerDeviceRef): string {
    if (this.current.mode === 'hidKeyboard' && this.platform === 'win32') {
      return `Fel: Windows låter inga program läsa tangentbordsenheter (${ref.name}). Välj läget Tangentbordskil.`;
    }
    if (this.platform === 'linux') {
      return `Fel: ${ref.name} kunde inte öppnas. Saknas behörighet till /dev/hidraw* (udev-regel, se docs/scanning.md), eller används den av ett annat program? Försöker igen.`;
    }
    return `Fel: ${ref.name} kunde inte öppnas (används den av ett annat program?). Försöker igen.`;
  }

  private makeStatus(state: ScannerStatus['state'], message: string): ScannerStatus {
    return {
      state,
      mode: this.current.mode,
      device: this.current.device,
      message,
      since: this.now().toISOString(),
      reconnects: this.state?.reconnects ?? 0,
    };
  }

  private setStatus(state: ScannerStatus['state'], message: string): void {
    const previous = this.state;
    const unchanged =
      previous.state === state &&
      previous.message === message &&
      previous.mode === this.current.mode &&
      JSON.stringify(previous.device) === JSON.stringify(this.current.device);
    if (unchanged) return;
    this.state = { ...this.makeStatus(state, message), since: previous.state === state ? previous.since : this.now().toISOString() };
    try {
      this.events.emit('scanner.status', this.status());
    } catch (error) {
      this.warn('emit', error);
    }
  }

  /** Logs a device problem once per kind and message (a retry loop must not flood the log). */
  private warn(what: string, error: unknown): void {
    const line = `Skanner (${what}): ${error instanceof Error ? error.message : String(error)}`;
    if (line === this.lastLogged) return;
    this.lastLogged = line;
    try {
      this.log.warn(line);
    } catch {
      // A logger that throws changes nothing here.
    }
  }
}

function unavailableMessage(): string {
  return 'HID-skannrar kan inte användas på den här datorn (HID-stödet kunde inte laddas). Använd läget Tangentbordskil.';
}

/**
 * The chosen device among those listed: same vendor and product (and serial number when the
 * device has one). Among several interfaces of one device, the saved path wins, then the saved
 * usage page, then the usage page that fits the mode.
 */
export function findDevice(list: readonly HidDevice[], ref: ScannerDeviceRef, mode: ScannerSettings['mode']): HidDevice | null {
  const candidates = list.filter(
    (d) => d.vendorId === ref.vendorId && d.productId === ref.productId && (ref.serialNumber === null || d.serialNumber === ref.serialNumber),
  );
  if (candidates.length === 0) return null;
  const fits = (d: HidDevice): boolean =>
    mode === 'hidPos' ? d.usagePage === USAGE_PAGE_POS : d.usagePage === USAGE_PAGE_GENERIC_DESKTOP && d.usage === USAGE_KEYBOARD;
  return (
    candidates.find((d) => ref.path !== null && d.path === ref.path && (ref.usagePage === null || d.usagePage === ref.usagePage)) ??
    candidates.find((d) => ref.usagePage !== null && d.usagePage === ref.usagePage) ??
    candidates.find(fits) ??
    candidates[0]!
  );
}
