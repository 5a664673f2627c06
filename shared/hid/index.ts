/**
 * Hardware input decoding, pure: HID boot-keyboard reports, HID POS scanned-data reports and
 * keyboard-wedge bursts all become scan text for `classifyScan` (shared/scan). The adapters that
 * read devices live elsewhere: node-hid in the backend (electron/backend/scanner), key events in
 * the renderer (renderer/features/scanner/wedgeListener.ts).
 */
export { decodeKeyboardReports, decodeKeyboardScan, encodeKeyboardReports, REPLACEMENT } from './keyboard';
export type { KeyboardDecodeResult, KeyboardTerminator } from './keyboard';
export { LAYOUTS, SV_LAYOUT, US_LAYOUT, USAGE } from './layouts';
export type { KeyboardLayoutName, LayoutTable } from './layouts';
export { createHidPosDecoder, decodeHidPosReports } from './pos';
export type { HidPosDecoder, HidPosScan } from './pos';
export { HID_POS_PROFILES, HONEYWELL_HID_POS } from './profiles';
export type { HidPosProfile } from './profiles';
export { DEFAULT_WEDGE_OPTIONS, createWedgeDetector } from './wedge';
export type { WedgeDetector, WedgeDetectorOptions, WedgeKeyEvent, WedgeOutput, WedgeScan } from './wedge';
