import { z } from 'zod';
import { DEFAULT_WEDGE_OPTIONS } from '../hid/wedge';
import { HID_POS_PROFILES } from '../hid/profiles';

/**
 * The scanner part of the contract: the workstation's HID devices, its scanner settings (kept in
 * a file in the backend's data directory, per workstation, never replicated), the HID service's
 * status, and the lookup of a scan in the replica (`scan.resolve`). See docs/scanning.md.
 */

/** How this workstation's scanner delivers scans. */
export const SCANNER_MODES = ['wedge', 'hidPos', 'hidKeyboard'] as const;
export type ScannerMode = (typeof SCANNER_MODES)[number];
export const ScannerMode = z.enum(SCANNER_MODES);

export const KEYBOARD_LAYOUTS = ['sv', 'us'] as const;
export const HID_POS_PROFILE_NAMES = Object.keys(HID_POS_PROFILES) as [string, ...string[]];

const UInt16 = z.number().int().min(0).max(0xffff);
const DeviceText = z.string().max(256);

/** One HID interface as the operating system lists it. */
export const HidDevice = z.object({
  vendorId: UInt16,
  productId: UInt16,
  path: z.string().max(1024),
  serialNumber: DeviceText.nullable(),
  manufacturer: DeviceText.nullable(),
  product: DeviceText.nullable(),
  /** 0x8C = bar code scanner (HID POS), 0x01 with usage 0x06 = keyboard. */
  usagePage: UInt16.nullable(),
  usage: UInt16.nullable(),
  interface: z.number().int().min(-1).max(255).nullable(),
});
export type HidDevice = z.infer<typeof HidDevice>;

export const HidDeviceList = z.object({
  /** False when HID support could not be loaded on this workstation; `message` says why. */
  available: z.boolean(),
  message: z.string().nullable(),
  devices: z.array(HidDevice),
});
export type HidDeviceList = z.infer<typeof HidDeviceList>;

/** The chosen device: found again after a replug by vendor, product and serial number. */
export const ScannerDeviceRef = z
  .object({
    vendorId: UInt16,
    productId: UInt16,
    serialNumber: DeviceText.nullable(),
    /** Preferred when several interfaces match (the HID POS interface of a composite device). */
    path: z.string().max(1024).nullable(),
    usagePage: UInt16.nullable(),
    /** Shown in the status ("Honeywell 1950g"). */
    name: DeviceText,
  })
  .strict();
export type ScannerDeviceRef = z.infer<typeof ScannerDeviceRef>;

const ms = (min: number, max: number) =>
  z
    .number()
    .int('Ange ett helt antal millisekunder.')
    .min(min, `Minst ${min} ms.`)
    .max(max, `Högst ${max} ms.`);

/** The keyboard-wedge detector's thresholds (shared/hid/wedge.ts). */
export const WedgeSettings = z
  .object({
    enabled: z.boolean(),
    maxKeyGapMs: ms(5, 200),
    maxAverageGapMs: ms(2, 100),
    minLength: z.number().int().min(1, 'Minst 1 tecken.').max(64, 'Högst 64 tecken.'),
    /** Text the scanner sends instead of GS (e.g. `<GS>`); empty = none (Ctrl+] always works). */
    gsSubstitute: z
      .string()
      .max(8, 'Högst 8 tecken.')
      .refine((s) => !/[\r\n\t]/.test(s), 'Får inte innehålla radbrytning eller tabb.'),
    prefix: z.string().max(16, 'Högst 16 tecken.'),
    suffix: z.string().max(16, 'Högst 16 tecken.'),
  })
  .strict()
  .refine((w) => w.maxAverageGapMs <= w.maxKeyGapMs, { message: 'Medelglappet får inte vara större än det största glappet.', path: ['maxAverageGapMs'] });
export type WedgeSettings = z.infer<typeof WedgeSettings>;

export const SoundSettings = z
  .object({
    enabled: z.boolean(),
    /** 0 … 1. */
    volume: z.number().min(0, 'Volymen är 0–100 %.').max(1, 'Volymen är 0–100 %.'),
  })
  .strict();
export type SoundSettings = z.infer<typeof SoundSettings>;

export const ScannerSettings = z
  .object({
    mode: ScannerMode,
    /** null: no HID device chosen (nothing is opened). */
    device: ScannerDeviceRef.nullable(),
    /** The HID POS report layout (shared/hid/profiles.ts). */
    profile: z.enum(HID_POS_PROFILE_NAMES),
    /** Keyboard layout the scanner is set to, for keyboard reports. */
    layout: z.enum(KEYBOARD_LAYOUTS),
    wedge: WedgeSettings,
    sound: SoundSettings,
  })
  .strict();
export type ScannerSettings = z.infer<typeof ScannerSettings>;

export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = Object.freeze({
  mode: 'wedge',
  device: null,
  profile: 'honeywell',
  layout: 'sv',
  wedge: Object.freeze({
    enabled: true,
    maxKeyGapMs: DEFAULT_WEDGE_OPTIONS.maxKeyGapMs,
    maxAverageGapMs: DEFAULT_WEDGE_OPTIONS.maxAverageGapMs,
    minLength: DEFAULT_WEDGE_OPTIONS.minLength,
    gsSubstitute: '',
    prefix: DEFAULT_WEDGE_OPTIONS.prefix,
    suffix: DEFAULT_WEDGE_OPTIONS.suffix,
  }),
  sound: Object.freeze({ enabled: true, volume: 0.6 }),
}) as ScannerSettings;

/**
 * The HID service's state. `off`: no HID scanner chosen (wedge only); `opening`; `connected`;
 * `disconnected`: the device went away, the service reopens it when it is back; `error`: it is
 * there but could not be opened or read (permissions…), retried; `unavailable`: no HID support.
 */
export const SCANNER_STATES = ['off', 'opening', 'connected', 'disconnected', 'error', 'unavailable'] as const;
export const ScannerStatus = z.object({
  state: z.enum(SCANNER_STATES),
  mode: ScannerMode,
  device: ScannerDeviceRef.nullable(),
  /** Swedish, for the person at the workstation. Never contains scanned text. */
  message: z.string().max(500),
  since: z.string().max(40),
  /** How many times the device was opened again after it went away. */
  reconnects: z.number().int().min(0),
});
export type ScannerStatus = z.infer<typeof ScannerStatus>;

// ---------------------------------------------------------------- scan.resolve

export const SCAN_LOOKUP_KINDS = ['individualNo', 'articleNo', 'gtin', 'caseNumber'] as const;
export type ScanLookupKind = (typeof SCAN_LOOKUP_KINDS)[number];
export const ScanLookup = z.object({ kind: z.enum(SCAN_LOOKUP_KINDS), value: z.string().min(1).max(64) }).strict();
export type ScanLookup = z.infer<typeof ScanLookup>;

/** The readings of one scan to look up, most likely first (the classification and its alternatives). */
export const ScanResolveInput = z.object({ lookups: z.array(ScanLookup).min(1).max(6) }).strict();

/**
 * What a reading refers to in the replica. A union on `kind` so that later kinds join without
 * changing the others (`delivery` once goods receipt exists).
 */
export const ScanMatch = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('individual'), lookup: ScanLookup, id: z.string(), individualNo: z.string(), articleNo: z.string(), articleName: z.string() }),
  z.object({ kind: z.literal('article'), lookup: ScanLookup, id: z.string(), articleNo: z.string(), name: z.string() }),
  /** A delivery to the store by the number on its delivery note: a purchase order to receive, or a central delivery. */
  z.object({ kind: z.literal('delivery'), lookup: ScanLookup, orderId: z.string(), purchaseOrderId: z.string().nullable(), number: z.string() }),
]);
export type ScanMatch = z.infer<typeof ScanMatch>;
export const ScanResolveOutput = z.object({ matches: z.array(ScanMatch) });
export type ScanResolveOutput = z.infer<typeof ScanResolveOutput>;
