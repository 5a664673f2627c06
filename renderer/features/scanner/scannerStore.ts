import { createStore } from 'zustand/vanilla';
import { contract, type EventPayload } from '../../../shared/api/contract';
import type { HidDeviceList, ScannerSettings, ScannerStatus } from '../../../shared/api/scanner';
import type { Transport } from '../../../shared/api/transport';
import { parseWith } from '../../../shared/api/validate';
import type { ScanSoundName } from '../../../shared/feedback/sounds';
import type { WedgeDetectorOptions, WedgeScan } from '../../../shared/hid/wedge';
import { classifyScan, type ScanMeaning } from '../../../shared/scan';
import type { AppError, Result } from '../../../shared/result';
import { i18n } from '../../i18n';
import type { ScanSounds } from './sounds';

export type ScanEvent = EventPayload<'scan'>;

/** A scan as every subscriber gets it: what arrived and what it means (classified once, here). */
export interface ClassifiedScan {
  id: number;
  scan: ScanEvent;
  meaning: ScanMeaning;
}

/** What a screen did with a scan: the tone to play and the sentence to show. */
export interface ScanOutcome {
  tone: ScanSoundName;
  message: string;
}

/** Answers null to let the next handler (finally the global router) have the scan. */
export type ScanHandler = (scan: ClassifiedScan) => ScanOutcome | null | Promise<ScanOutcome | null>;

export interface ScanFeedback extends ScanOutcome {
  id: number;
}

export interface RecentScan {
  scan: ClassifiedScan;
  outcome: ScanOutcome;
}

export interface ScannerState {
  settings: ScannerSettings | null;
  status: ScannerStatus | null;
  devices: HidDeviceList | null;
  devicesLoading: boolean;
  /** The latest scan's outcome, shown by ScanFeedback on every screen. */
  feedback: ScanFeedback | null;
  /** The last scans of this session, newest first (the Skannrar page's test panel). */
  recent: RecentScan[];

  load(): Promise<void>;
  loadDevices(): Promise<void>;
  save(settings: ScannerSettings): Promise<Result<ScannerSettings>>;
  /** Every scan comes through here: HID events from the backend, wedge bursts, typed tests. */
  submit(scan: ScanEvent): Promise<void>;
  /** A screen's handler; `order` is its mount order: the highest (innermost, newest) asks first. */
  register(handler: ScanHandler, order: number): () => void;
  dismissFeedback(id: number): void;
  playTone(name: ScanSoundName): void;
  reset(): void;
}

export type ScannerStore = ReturnType<typeof createScannerStore>;

export interface ScannerStoreDeps {
  transport: Transport;
  sounds: ScanSounds;
  onError: (error: AppError) => void;
  /** The "scanning anywhere" handler: asked when no screen took the scan. */
  fallback: ScanHandler;
}

const RECENT = 10;

export function wedgeOptionsOf(settings: ScannerSettings | null): WedgeDetectorOptions & { enabled: boolean } {
  if (settings === null) return { enabled: true };
  const w = settings.wedge;
  return {
    enabled: w.enabled,
    maxKeyGapMs: w.maxKeyGapMs,
    maxAverageGapMs: w.maxAverageGapMs,
    minLength: w.minLength,
    prefix: w.prefix,
    suffix: w.suffix,
    gsSubstitutes: w.gsSubstitute === '' ? [] : [w.gsSubstitute],
  };
}

export function createScannerStore({ transport, sounds, onError, fallback }: ScannerStoreDeps) {
  const handlers: { handler: ScanHandler; order: number }[] = [];
  let sequence = 0;
  let queue: Promise<void> = Promise.resolve();

  const store = createStore<ScannerState>()((set, get) => {
    const process = async (scan: ScanEvent): Promise<void> => {
      const classified: ClassifiedScan = { id: ++sequence, scan, meaning: classifyScan(scan.text, scan.symbology) };
      let outcome: ScanOutcome | null = null;
      const asking = [...handlers].sort((a, b) => b.order - a.order).map((h) => h.handler);
      for (const handler of [...asking, fallback]) {
        try {
          outcome = await handler(classified);
        } catch {
          outcome = { tone: 'refused', message: i18n.t('scanner.outcome.failed') };
        }
        if (outcome !== null) break;
      }
      outcome ??= { tone: 'refused', message: i18n.t('scanner.outcome.notHere') };
      set({ feedback: { id: classified.id, ...outcome }, recent: [{ scan: classified, outcome }, ...get().recent].slice(0, RECENT) });
      get().playTone(outcome.tone);
    };

    return {
      settings: null,
      status: null,
      devices: null,
      devicesLoading: false,
      feedback: null,
      recent: [],

      async load() {
        const [settings, status] = await Promise.all([transport.invoke('scanner.settings', {}), transport.invoke('scanner.status', {})]);
        if (settings.ok) set({ settings: settings.value });
        else onError(settings.error);
        if (status.ok) set({ status: status.value });
      },

      async loadDevices() {
        set({ devicesLoading: true });
        const result = await transport.invoke('scanner.devices', {});
        if (result.ok) set({ devices: result.value, devicesLoading: false });
        else {
          onError(result.error);
          set({ devicesLoading: false });
        }
      },

      async save(settings) {
        const valid = parseWith(contract['scanner.saveSettings'].input, settings);
        if (!valid.ok) return valid;
        const result = await transport.invoke('scanner.saveSettings', settings);
        if (result.ok) {
          set({ settings: result.value });
          const status = await transport.invoke('scanner.status', {});
          if (status.ok) set({ status: status.value });
        }
        return result;
      },

      submit(scan) {
        // One at a time, in arrival order: a screen's answer to one scan comes before the next.
        queue = queue.then(() => process(scan));
        return queue;
      },

      register(handler, order) {
        const entry = { handler, order };
        handlers.push(entry);
        return () => {
          const index = handlers.indexOf(entry);
          if (index >= 0) handlers.splice(index, 1);
        };
      },

      dismissFeedback(id) {
        if (get().feedback?.id === id) set({ feedback: null });
      },

      playTone(name) {
        const sound = get().settings?.sound ?? { enabled: true, volume: 0.6 };
        if (sound.enabled) sounds.play(name, sound.volume);
      },

      reset() {
        set({ feedback: null, recent: [], devices: null });
      },
    };
  });

  transport.on('scan', (scan) => void store.getState().submit(scan));
  transport.on('scanner.status', (status) => store.setState({ status }));
  return store;
}

/**
 * A wedge burst as a scan event. In keyboard-report mode with the HID device open the same
 * keystrokes also arrive from the backend, decoded from the device itself: the wedge's copy is
 * then held back from the page (never typed into a field) but not sent twice.
 */
export function wedgeScanEvent(scan: WedgeScan, state: Pick<ScannerState, 'settings' | 'status'>): ScanEvent | null {
  if (state.settings?.mode === 'hidKeyboard' && state.status?.state === 'connected') return null;
  return { text: scan.text.slice(0, 4096), source: 'wedge', at: new Date().toISOString() };
}
