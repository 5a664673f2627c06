/**
 * HID POS (usage page 0x8C, "Bar Code Scanner") input report layouts.
 *
 * The HID POS usage tables define usages, not byte positions; each vendor's report descriptor
 * fixes the layout. A profile records one layout. Offsets count from the first byte of the
 * report *including* the report ID; set `reportIdIncluded: false` when the transport strips it
 * (WebHID does; node-hid on Windows and hidraw on Linux do not).
 */

export interface HidPosProfile {
  name: string;
  /** Report ID of the scanned-data report; other reports are ignored. */
  reportId: number;
  reportIdIncluded: boolean;
  /** Total report length including the report ID. */
  reportLength: number;
  /** Byte holding the number of data bytes in this report. */
  lengthOffset: number;
  /** Start of the AIM symbology identifier (3 bytes, "]" + code + modifier), or -1 if none. */
  symbologyOffset: number;
  /** Start of the data bytes and how many fit in one report. */
  dataOffset: number;
  maxDataLength: number;
  /** Byte and bit mask of the "more data follows" flag. */
  moreFollowsOffset: number;
  moreFollowsMask: number;
}

/**
 * Honeywell HID POS scanned-data report (also used by Access-IS and others): report ID 0x02,
 * byte 1 data length, bytes 2–4 AIM identifier, bytes 5–60 data (56 bytes), byte 61 the
 * vendor's own code ID, byte 62 reserved, byte 63 bit 0 "more data follows".
 * Source: Access-IS LSR118 product manual, appendix B "HID reports"; the same byte positions are
 * read by the WebHidBarcodeScanner library for Honeywell scanners.
 */
export const HONEYWELL_HID_POS: Readonly<HidPosProfile> = Object.freeze({
  name: 'honeywell',
  reportId: 0x02,
  reportIdIncluded: true,
  reportLength: 64,
  lengthOffset: 1,
  symbologyOffset: 2,
  dataOffset: 5,
  maxDataLength: 56,
  moreFollowsOffset: 63,
  moreFollowsMask: 0x01,
});

/** Vendor profiles by name; add a profile here when a region uses another scanner family. */
export const HID_POS_PROFILES: Readonly<Record<string, Readonly<HidPosProfile>>> = Object.freeze({
  honeywell: HONEYWELL_HID_POS,
  /** Same layout as delivered by WebHID (report ID stripped). */
  'honeywell-webhid': Object.freeze({ ...HONEYWELL_HID_POS, name: 'honeywell-webhid', reportIdIncluded: false }),
});
