// The Node build by its subpath: the root export needs the "node" condition, which TypeScript's bundler resolution does not set.
// Its default export's `raw` gives the encoded symbol (bar widths, module matrix); the named `raw` draws.
import bwipjs from 'bwip-js/node';
import { mm, type Doc } from './pdf';

/**
 * Barcodes drawn as vectors: bwip-js encodes (its `raw` symbol: bar widths, module matrix), pdfkit
 * draws filled rectangles in millimetres. A vector prints sharp at any printer resolution and the
 * module size is exactly what we choose, not a bitmap scaled by the printer driver.
 */

/** ISO/IEC 15417: at least 10 modules of blank on each side of a Code 128 symbol. */
export const CODE128_QUIET_MODULES = 10;
/** ISO/IEC 16022 asks for 1 module around a DataMatrix; 2 are kinder to a worn label. */
export const DATAMATRIX_QUIET_MODULES = 2;

export interface Code128Symbol {
  /** Bar and space widths in modules, alternating, starting with a bar. */
  widths: number[];
  modules: number;
}

export interface DataMatrixSymbol {
  columns: number;
  rows: number;
  dark: (column: number, row: number) => boolean;
}

export function encodeCode128(text: string): Code128Symbol {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol)) throw new Error('bwip-js gave no Code 128 symbol');
  return { widths: symbol.sbs, modules: symbol.sbs.reduce((a, b) => a + b, 0) };
}

export function encodeDataMatrix(text: string): DataMatrixSymbol {
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text });
  if (!symbol || !('pixs' in symbol)) throw new Error('bwip-js gave no DataMatrix symbol');
  const { pixs, pixx, pixy } = symbol;
  return { columns: pixx, rows: pixy, dark: (c, r) => pixs[r * pixx + c] === 1 };
}

/**
 * The module width for a Code 128 symbol (quiet zones included) in `availableMm`: as wide as
 * `maxMm` allows, rounded down to a whole number of 1/8 mm (a dot of a 203 dpi thermal printer,
 * so every bar is the same number of dots); null below `minMm`, where scanners start to fail.
 */
export function code128ModuleMm(symbol: Code128Symbol, availableMm: number, { minMm = 0.25, maxMm = 0.5 } = {}): number | null {
  const raw = Math.min(maxMm, availableMm / (symbol.modules + 2 * CODE128_QUIET_MODULES));
  const snapped = Math.floor(raw * 8 + 1e-9) / 8;
  return snapped >= minMm ? snapped : null;
}

/** Draws the bars with their left quiet zone starting at (xMm, yMm); answers the width used, quiet zones included. */
export function drawCode128(doc: Doc, symbol: Code128Symbol, at: { xMm: number; yMm: number; heightMm: number; moduleMm: number }): number {
  let x = at.xMm + CODE128_QUIET_MODULES * at.moduleMm;
  symbol.widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(mm(x), mm(at.yMm), mm(w * at.moduleMm), mm(at.heightMm));
    x += w * at.moduleMm;
  });
  doc.fillColor('black').fill();
  return (symbol.modules + 2 * CODE128_QUIET_MODULES) * at.moduleMm;
}

/** Draws the matrix in a square of `sideMm` (its quiet zone inside the square), runs of dark modules as one rectangle each. */
export function drawDataMatrix(doc: Doc, symbol: DataMatrixSymbol, at: { xMm: number; yMm: number; sideMm: number }): void {
  const modules = Math.max(symbol.columns, symbol.rows) + 2 * DATAMATRIX_QUIET_MODULES;
  const m = at.sideMm / modules;
  const x0 = at.xMm + DATAMATRIX_QUIET_MODULES * m;
  const y0 = at.yMm + DATAMATRIX_QUIET_MODULES * m;
  for (let r = 0; r < symbol.rows; r += 1) {
    for (let c = 0; c < symbol.columns; ) {
      if (!symbol.dark(c, r)) {
        c += 1;
        continue;
      }
      let end = c;
      while (end < symbol.columns && symbol.dark(end, r)) end += 1;
      doc.rect(mm(x0 + c * m), mm(y0 + r * m), mm((end - c) * m), mm(m));
      c = end;
    }
  }
  doc.fillColor('black').fill();
}
