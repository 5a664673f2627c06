import type { HidDevice } from '../../../shared/api/scanner';

/**
 * The HID service's view of the operating system's HID devices: list them, open one. Two
 * implementations: node-hid (node-hid.ts) and, in tests, a replay device that plays recorded
 * reports (tests/helpers/replay-hid.ts). Both may throw from `list` and `open`; the service
 * catches everything.
 */
export interface HidDeviceAdapter {
  /** A short name for the status ("node-hid", "replay"). */
  readonly name: string;
  list(): HidDevice[];
  open(path: string): HidConnection;
}

/** One open device. Listeners are called for each input report and for a read error (unplug). */
export interface HidConnection {
  onData(listener: (report: Uint8Array) => void): void;
  /** After an error the connection is dead: the service closes it and looks for the device again. */
  onError(listener: (error: unknown) => void): void;
  close(): void;
}

/** Thrown by an adapter that cannot work on this workstation (node-hid failed to load). */
export class HidUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'HidUnavailableError';
  }
}
