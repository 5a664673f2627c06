import type { HidConnection, HidDeviceAdapter } from '../../electron/backend/scanner/adapter';
import type { HidDevice } from '../../shared/api/scanner';

/** A recorded (or synthesized) HID session: reports, and where the cable was pulled and put back. */
export interface HidFixture {
  description: string;
  device?: Omit<HidDevice, 'path'>;
  /** Reports of one uninterrupted session, as hex. */
  reports?: string[];
  steps?: ({ report: string } | { unplug: true } | { plug: true })[];
}

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/**
 * The replay device: a `HidDeviceAdapter` whose devices are plugged and unplugged by the test
 * and whose reports come from fixtures (tests/fixtures/hid). Behaves like node-hid where the
 * service can tell: a device that is unplugged errors its open connection and leaves the list;
 * a replugged device comes back under a new path (as /dev/hidrawN does); `failOpen` / `failList`
 * make open and list throw, `throwOnData` makes a listener's data delivery throw.
 */
export class ReplayHidAdapter implements HidDeviceAdapter {
  readonly name = 'replay';
  private readonly plugged = new Map<string, HidDevice>();
  private readonly connections = new Map<string, ReplayConnection>();
  private nextPath = 0;
  /** Makes `open` throw (permission denied, busy…) while it returns an error. */
  failOpen: ((path: string) => Error | null) | null = null;
  failList: Error | null = null;
  opens = 0;
  closes = 0;

  /** Plugs a device in; answers its path. */
  plug(device: Omit<HidDevice, 'path'>): string {
    const path = `/dev/hidraw-replay${this.nextPath++}`;
    this.plugged.set(path, { ...device, path });
    return path;
  }

  /** Pulls the device at `path`: its open connection gets a read error, as node-hid reports it. */
  unplug(path: string): void {
    this.plugged.delete(path);
    const connection = this.connections.get(path);
    this.connections.delete(path);
    connection?.fail(new Error('could not read from HID device'));
  }

  /** The path of the (one) plugged device of this vendor/product, if any. */
  pathOf(vendorId: number, productId: number): string | undefined {
    return [...this.plugged.values()].find((d) => d.vendorId === vendorId && d.productId === productId)?.path;
  }

  isOpen(path: string): boolean {
    return this.connections.has(path);
  }

  /** Sends one input report from the device at `path` (to its open connection). */
  send(path: string, report: Uint8Array): void {
    this.connections.get(path)?.deliver(report);
  }

  /** Plays a fixture: reports to the open device, unplug/plug steps in between. Answers the last path. */
  play(fixture: HidFixture, path: string): string {
    const steps = fixture.steps ?? (fixture.reports ?? []).map((report) => ({ report }));
    let current = path;
    const device = this.plugged.get(path);
    for (const step of steps) {
      if ('report' in step) this.send(current, fromHex(step.report));
      else if ('unplug' in step) this.unplug(current);
      else if (device) current = this.plug(device);
    }
    return current;
  }

  list(): HidDevice[] {
    if (this.failList) throw this.failList;
    return [...this.plugged.values()].map((d) => ({ ...d }));
  }

  open(path: string): HidConnection {
    const failure = this.failOpen?.(path) ?? null;
    if (failure) throw failure;
    if (!this.plugged.has(path)) throw new Error(`cannot open device with path ${path}`);
    this.opens++;
    const connection = new ReplayConnection(() => {
      this.closes++;
      if (this.connections.get(path) === connection) this.connections.delete(path);
    });
    this.connections.set(path, connection);
    return connection;
  }
}

class ReplayConnection implements HidConnection {
  private readonly data: ((report: Uint8Array) => void)[] = [];
  private readonly errors: ((error: unknown) => void)[] = [];
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  onData(listener: (report: Uint8Array) => void): void {
    this.data.push(listener);
  }
  onError(listener: (error: unknown) => void): void {
    this.errors.push(listener);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
  deliver(report: Uint8Array): void {
    if (this.closed) return;
    for (const l of this.data) l(report);
  }
  fail(error: unknown): void {
    if (this.closed) return;
    for (const l of this.errors) l(error);
  }
}
