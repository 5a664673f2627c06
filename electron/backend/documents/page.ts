import type { FontName } from './fonts';
import { drawText, ellipsize, mm, plainSpaces, widthOf, wrapLines, type Doc } from './pdf';

/**
 * A4 business documents (purchase order, goods receipt) on pdfkit: margins, a table that breaks
 * over pages and repeats its header, page numbers "Sida 1 av 2", and the KOPIA marking of a
 * reprint. Positions are in points; the constants in millimetres.
 */

export const PAGE = { widthMm: 210, heightMm: 297, leftMm: 18, rightMm: 18, topMm: 15, bottomMm: 20 } as const;
export const CONTENT_WIDTH = mm(PAGE.widthMm - PAGE.leftMm - PAGE.rightMm);
export const LEFT = mm(PAGE.leftMm);
export const RIGHT = mm(PAGE.widthMm - PAGE.rightMm);
const BOTTOM = mm(PAGE.heightMm - PAGE.bottomMm);

export const INK = '#111111';
export const MUTED = '#555555';
export const RULE = '#999999';
export const SHADE = '#eeeeee';

export function addA4Page(doc: Doc): void {
  doc.addPage({ size: 'A4', margin: 0 });
}

/** One line of text at (x, y), never wrapped, ellipsised to `width` if given; `align` within width. */
export function line(doc: Doc, text: string, x: number, y: number, o: { font?: FontName; size?: number; color?: string; width?: number; align?: 'left' | 'right' | 'center' } = {}): void {
  const font = o.font ?? 'regular';
  const size = o.size ?? 9;
  const plain = plainSpaces(text);
  const shown = o.width === undefined ? plain : ellipsize(doc, plain, o.width, font, size);
  const dx = o.width === undefined || !o.align || o.align === 'left' ? 0 : o.align === 'right' ? o.width - widthOf(doc, shown, font, size) : (o.width - widthOf(doc, shown, font, size)) / 2;
  drawText(doc, shown, x + dx, y, font, size, o.color ?? INK);
}

export function hRule(doc: Doc, y: number, o: { from?: number; to?: number; color?: string; width?: number } = {}): void {
  doc.moveTo(o.from ?? LEFT, y).lineTo(o.to ?? RIGHT, y).lineWidth(o.width ?? 0.5).strokeColor(o.color ?? RULE).stroke();
}

/** A labelled block (Leverantör, Leveransadress …): a small heading and its lines. Answers the y below it. */
export function block(doc: Doc, heading: string, lines: { text: string; font?: FontName; color?: string }[], x: number, y: number, width: number): number {
  line(doc, heading.toUpperCase(), x, y, { size: 7, color: MUTED, font: 'medium', width });
  let at = y + 11;
  for (const l of lines) {
    line(doc, l.text, x, at, { size: 9.5, font: l.font ?? 'regular', color: l.color ?? INK, width });
    at += 12.5;
  }
  return at;
}

export interface Column<R> {
  title: string;
  widthMm: number;
  align?: 'left' | 'right';
  value: (row: R) => string;
  font?: FontName;
  /** Wrap over up to this many lines instead of ellipsising. */
  wrap?: number;
}

export interface Table<R> {
  columns: Column<R>[];
  rows: R[];
  /** Lines printed under a row, indented from the second column, their cells aligned (a tracked line's individuals). */
  details?: (row: R) => string[][];
  /** When a row's details go on over a page: what row they belong to ("Rad 5 · 40025 … (forts.)"). */
  continued?: (row: R) => string;
  /** Drawn at the top of every page after the first, before the table header. */
  continuationHeader: (doc: Doc) => number;
}

const CELL_PAD = 3;
const ROW_SIZE = 8.5;
const ROW_LINE = 11;
const DETAIL_SIZE = 8;
const DETAIL_LINE = 10.5;

function tableHeader<R>(doc: Doc, columns: Column<R>[], y: number): number {
  doc.rect(LEFT, y, CONTENT_WIDTH, 16).fillColor(SHADE).fill();
  let x = LEFT;
  for (const c of columns) {
    const w = mm(c.widthMm);
    line(doc, c.title, x + CELL_PAD, y + 4.5, { size: 7.5, font: 'medium', color: INK, width: w - 2 * CELL_PAD, align: c.align ?? 'left' });
    x += w;
  }
  return y + 16 + 3;
}

/** Draws the table from y on, breaking pages as needed; answers the y below it. */
export function drawTable<R>(doc: Doc, table: Table<R>, startY: number): number {
  let y = tableHeader(doc, table.columns, startY);
  const newPage = () => {
    addA4Page(doc);
    y = tableHeader(doc, table.columns, table.continuationHeader(doc));
  };
  for (const row of table.rows) {
    const cells = table.columns.map((c) => {
      const w = mm(c.widthMm) - 2 * CELL_PAD;
      const text = c.value(row);
      return c.wrap ? wrapLines(doc, text, w, c.font ?? 'regular', ROW_SIZE, c.wrap) : [ellipsize(doc, text, w, c.font ?? 'regular', ROW_SIZE)];
    });
    const height = Math.max(...cells.map((c) => c.length)) * ROW_LINE + 4;
    if (y + height > BOTTOM) newPage();
    let x = LEFT;
    table.columns.forEach((c, i) => {
      const w = mm(c.widthMm);
      cells[i]!.forEach((text, k) => line(doc, text, x + CELL_PAD, y + 2 + k * ROW_LINE, { size: ROW_SIZE, font: c.font ?? 'regular', width: w - 2 * CELL_PAD, align: c.align ?? 'left' }));
      x += w;
    });
    y += height;
    const details = table.details?.(row) ?? [];
    const detailX = LEFT + mm(table.columns[0]!.widthMm) + CELL_PAD;
    // One tab stop per cell, after the widest cell of that column in this row's details.
    const stops = [detailX];
    for (let k = 1; k < Math.max(0, ...details.map((d) => d.length)); k += 1) {
      stops.push(stops[k - 1]! + Math.max(...details.map((d) => widthOf(doc, d[k - 1] ?? '', 'regular', DETAIL_SIZE))) + 16);
    }
    for (const detail of details) {
      if (y + DETAIL_LINE > BOTTOM) {
        newPage();
        if (table.continued) {
          line(doc, table.continued(row), detailX, y, { size: DETAIL_SIZE, font: 'medium', width: RIGHT - detailX - CELL_PAD });
          y += DETAIL_LINE + 2;
        }
      }
      detail.forEach((cell, k) => line(doc, cell, stops[k]!, y, { size: DETAIL_SIZE, color: MUTED, width: Math.max(10, RIGHT - CELL_PAD - stops[k]!) }));
      y += DETAIL_LINE;
    }
    if (details.length > 0) y += 3;
    hRule(doc, y - 1, { color: '#dddddd' });
  }
  return y;
}

/** Makes room for `height` points at y, on a new page if needed; answers where to draw. */
export function ensureRoom(doc: Doc, y: number, height: number, continuationHeader: (doc: Doc) => number): number {
  if (y + height <= BOTTOM) return y;
  addA4Page(doc);
  return continuationHeader(doc);
}

/**
 * The footer of every page (who printed it, when, "Sida n av N") and, on a reprint, a large
 * diagonal KOPIA across the page, light enough to read through. Needs bufferPages.
 */
export function finishPages(doc: Doc, o: { footerLeft: string; copy: boolean }): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const y = mm(PAGE.heightMm - 12);
    hRule(doc, y - 5);
    line(doc, o.footerLeft, LEFT, y, { size: 7.5, color: MUTED, width: CONTENT_WIDTH * 0.75 });
    line(doc, `Sida ${i - range.start + 1} av ${range.count}`, LEFT, y, { size: 7.5, color: MUTED, width: CONTENT_WIDTH, align: 'right' });
    if (o.copy) {
      // Page 1 has its tag by the title; the others get one by the continuation header.
      if (i > range.start) copyTag(doc, RIGHT - copyTagWidth(doc), mm(PAGE.topMm) - 3);
      doc.save();
      doc.rotate(-35, { origin: [mm(105), mm(150)] });
      doc.fillColor('#d0d0d0').fillOpacity(0.45).font('medium').fontSize(140);
      const w = doc.widthOfString('KOPIA');
      doc.text('KOPIA', mm(105) - w / 2, mm(150) - 70, { lineBreak: false });
      doc.restore();
      doc.fillOpacity(1);
    }
  }
}

const copyTagWidth = (doc: Doc) => widthOf(doc, 'KOPIA', 'medium', 10) + 10;

/** A small red boxed "KOPIA", top left at (x, y). */
export function copyTag(doc: Doc, x: number, y: number): void {
  doc.rect(x, y, copyTagWidth(doc), 16).lineWidth(1.2).strokeColor('#b00020').stroke();
  line(doc, 'KOPIA', x + 5, y + 3.5, { size: 10, font: 'medium', color: '#b00020' });
}
