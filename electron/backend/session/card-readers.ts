import { createRequire } from 'node:module';
import type { CardSlot } from '../../../shared/domain/session/card';

/**
 * The workstation's smart-card readers, watched through PC/SC (pcsc-lite on Linux, WinSCard on
 * Windows) with @pokusew/pcsclite: which reader holds which card (its ATR), live. The SITHS card's
 * middleware talks to the card through the same service; this only watches presence, never opens
 * the card. The card lock (shared/domain/session/card.ts) reads it.
 *
 * The native module is an optional dependency, loaded on first use: a workstation without it, or
 * without a running PC/SC service, still starts; `state()` says why there is no card lock, and the
 * service is asked again every `retryMs` (pcscd may start later, a reader may be plugged in).
 */
export interface CardReaders {
  /** The readers and their cards now. */
  slots(): CardSlot[];
  /** Called after every change of a reader or its card. Returns the unsubscribe. */
  onChange(listener: (slots: CardSlot[]) => void): () => void;
  state(): CardReadersState;
  stop(): void;
}

export type CardReadersState = { watching: true } | { watching: false; reason: string };

interface PcscReader {
  name: string;
  SCARD_STATE_PRESENT: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): unknown;
  on(event: 'end' | 'error', listener: (error?: unknown) => void): unknown;
  close(): void;
}
interface Pcsc {
  on(event: 'reader', listener: (reader: PcscReader) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

let loaded: { create: () => Pcsc } | { error: string } | null = null;

function load(): { create: () => Pcsc } | { error: string } {
  if (loaded === null) {
    try {
      const require = createRequire(import.meta.url);
      loaded = { create: require('@pokusew/pcsclite') as () => Pcsc };
    } catch (error) {
      loaded = { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
  }
  return loaded;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 200);

export function watchPcscReaders(options: { retryMs?: number; log?: (line: string) => void } = {}): CardReaders {
  const retryMs = options.retryMs ?? 10_000;
  const slots = new Map<string, string | null>();
  const listeners = new Set<(slots: CardSlot[]) => void>();
  let state: CardReadersState = { watching: false, reason: 'Kortläsarna har inte lästs än.' };
  let pcsc: Pcsc | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;

  const list = (): CardSlot[] => [...slots].map(([reader, atr]) => ({ reader, atr }));
  const changed = () => {
    const now = list();
    for (const listener of listeners) listener(now);
  };
  const unavailable = (reason: string) => {
    state = { watching: false, reason };
    if (slots.size > 0) {
      // Without the service nothing is known of the readers: every card counts as gone.
      slots.clear();
      changed();
    }
  };

  const start = () => {
    retry = null;
    if (stopped) return;
    const module = load();
    if ('error' in module) {
      unavailable(`Kortläsartjänsten kan inte användas på den här datorn (${module.error}).`);
      return;
    }
    try {
      pcsc = module.create();
    } catch (error) {
      unavailable(`Kortläsartjänsten (PC/SC) svarar inte: ${message(error)}`);
      schedule();
      return;
    }
    state = { watching: true };
    pcsc.on('error', (error) => {
      options.log?.(`card readers: ${message(error)}`);
      unavailable(`Kortläsartjänsten (PC/SC) svarar inte: ${message(error)}`);
      try {
        pcsc?.close();
      } catch {
        // Closing a service that failed may fail too.
      }
      pcsc = null;
      schedule();
    });
    pcsc.on('reader', (reader) => {
      slots.set(reader.name, null);
      changed();
      reader.on('status', ({ state: readerState, atr }) => {
        const present = (readerState & reader.SCARD_STATE_PRESENT) !== 0;
        const card = present && atr && atr.length > 0 ? atr.toString('hex') : present ? 'present' : null;
        if (slots.get(reader.name) === card) return;
        slots.set(reader.name, card);
        changed();
      });
      reader.on('error', (error) => options.log?.(`card reader: ${message(error)}`));
      reader.on('end', () => {
        slots.delete(reader.name);
        changed();
      });
    });
  };
  const schedule = () => {
    if (!stopped && retry === null) retry = setTimeout(start, retryMs).unref();
  };

  start();
  return {
    slots: list,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      listeners.clear();
      try {
        pcsc?.close();
      } catch {
        // Already closed.
      }
      pcsc = null;
    },
  };
}
