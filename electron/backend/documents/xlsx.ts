import { deflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';

/**
 * An exceljs workbook as .xlsx bytes, synchronously. The workstation's handlers are synchronous
 * (one SQLite connection, no event loop turn inside a call), and exceljs only writes through
 * streams and promises (`xlsx.writeBuffer`). Every part of the file is rendered by exceljs itself:
 * its XLSX writer's steps are called in the order `write()` calls them, each renders its XML
 * synchronously into the zip it is given (exceljs 4.4, lib/xlsx/xlsx.js); only the zip container
 * is ours (deflate from node:zlib). A part that goes missing (a newer exceljs that renders
 * differently) fails loudly here, never gives a broken file.
 */

interface Part {
  name: string;
  data: Buffer;
}

/** The steps of exceljs's `XLSX.write`, in its order (addMedia: a workbook without images has none). */
const STEPS = [
  'addContentTypes',
  'addOfficeRels',
  'addWorkbookRels',
  'addWorksheets',
  'addSharedStrings',
  'addDrawings',
  'addTables',
  'addThemes',
  'addStyles',
  'addMedia',
  'addApp',
  'addCore',
  'addWorkbook',
] as const;

interface XlsxWriter {
  prepareModel(model: unknown, options: Record<string, unknown>): void;
}

type Zip = { append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void };

export function workbookBytes(workbook: ExcelJS.Workbook, at: Date): Buffer {
  const writer = workbook.xlsx as unknown as XlsxWriter & Record<(typeof STEPS)[number], (zip: Zip, model: unknown) => unknown>;
  const model = workbook.model as unknown as { worksheets: { id: number }[] };
  const parts: Part[] = [];
  const zip: Zip = {
    append(data, options) {
      const bytes = typeof data === 'string' ? Buffer.from(data, options.base64 ? 'base64' : 'utf8') : Buffer.from(data);
      parts.push({ name: options.name, data: bytes });
    },
  };
  if (typeof writer.prepareModel !== 'function' || STEPS.some((s) => typeof writer[s] !== 'function')) {
    throw new Error('exceljs: its XLSX writer has changed (documents/xlsx.ts expects exceljs 4.4)');
  }
  writer.prepareModel(model, {});
  for (const step of STEPS) {
    const done = writer[step](zip, model);
    // The steps are async functions whose bodies run synchronously; a failure is checked below.
    if (done instanceof Promise) done.catch(() => {});
  }
  const names = new Set(parts.map((p) => p.name));
  const expected = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', ...model.worksheets.map((w) => `xl/worksheets/sheet${w.id}.xml`)];
  const missing = expected.filter((n) => !names.has(n));
  if (missing.length > 0) throw new Error(`exceljs did not render ${missing.join(', ')} synchronously`);
  return zipSync(parts, at);
}

/* ---------- a minimal zip writer (PKWARE APPNOTE 6.3: deflate, no zip64) ---------- */

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** MS-DOS date and time of the entries (local fields, no zone): the document's own time, so the same input gives the same bytes. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

function zipSync(parts: readonly Part[], at: Date): Buffer {
  const { time, date } = dosTime(at);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const packed = deflateRawSync(part.data, { level: 6 });
    const crc = crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(part.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(part.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
