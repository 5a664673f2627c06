import { createRequire } from 'node:module';
import type * as NodeHid from 'node-hid';
import type { HidDevice } from '../../../shared/api/scanner';
import { HidUnavailableError, type HidConnection, type HidDeviceAdapter } from './adapter';

type NodeHidModule = typeof NodeHid;

let loaded: { module: NodeHidModule } | { error: string } | null = null;

/**
 * node-hid is loaded on first use, not at import: a workstation where its native part cannot load
 * (no prebuilt binary, missing libusb) still starts, and the Skannrar page says why HID scanners
 * are unavailable. node-hid 3 is N-API, so the same binary serves Node and Electron.
 */
function load(): NodeHidModule {
  if (loaded === null) {
    try {
      const require = createRequire(import.meta.url);
      loaded = { module: require('node-hid') as NodeHidModule };
    } catch (error) {
      loaded = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  if ('error' in loaded) throw new HidUnavailableError(loaded.error);
  return loaded.module;
}

const text = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value.slice(0, 256));

/** The real devices, through node-hid (hidapi: hidraw on Linux, the HID class driver on Windows). */
export function createNodeHidAdapter(): HidDeviceAdapter {
  return {
    name: 'node-hid',
    list(): HidDevice[] {
      const hid = load();
      return hid
        .devices()
        .filter((d) => typeof d.path === 'string' && d.path !== '')
        .map((d) => ({
          vendorId: d.vendorId,
          productId: d.productId,
          path: d.path!.slice(0, 1024),
          serialNumber: text(d.serialNumber),
          manufacturer: text(d.manufacturer),
          product: text(d.product),
          usagePage: d.usagePage ?? null,
          usage: d.usage ?? null,
          interface: Number.isInteger(d.interface) ? d.interface : null,
        }));
    },
    open(path: string): HidConnection {
      const hid = load();
      const device = new hid.HID(path);
      let closed = false;
      // node-hid emits 'error' when a read fails (the device was unplugged); without a listener
      // an EventEmitter 'error' would throw, so one is attached before anything else can happen.
      const errorListeners: ((error: unknown) => void)[] = [];
      device.on('error', (error: unknown) => {
        for (const l of errorListeners) l(error);
      });
      return {
        onData(listener) {
          device.on('data', (data: Buffer) => listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
        },
        onError(listener) {
          errorListeners.push(listener);
        },
        close() {
          if (closed) return;
          closed = true;
          try {
            device.removeAllListeners('data');
            device.close();
          } catch {
            // Closing a device that is already gone throws; it is closed either way.
          }
        },
      };
    },
  };
}
