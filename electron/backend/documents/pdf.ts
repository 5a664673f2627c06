import PDFDocument from 'pdfkit';
import { DocumentInputError } from './errors';
import { loadFonts, type FontName } from './fonts';

/** pdfkit's unit is the point: 1/72 inch. */
export const mm = (millimetres: number): number => (millimetres * 72) / 25.4;
export const toMm = (points: number): number => (points * 25.4) / 72;

export type Doc = PDFKit.PDFDocument;

/**
 * A new PDF with the bundled fonts registered under their FontName and no page yet. Its
 * creation date is the input's `printedAt` and its id is derived from it, so the same input gives
 * the same bytes.
 */
export function createPdf(options: { title: string; printedAt: string; bufferPages?: boolean }): Doc {
  const at = new Date(options.printedAt);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: options.bufferPages ?? false,
    margin: 0,
    pdfVersion: '1.7',
    lang: 'sv-SE',
    displayTitle: true,
    // No default font: pdfkit would load Helvetica's metrics from its own folder, which a bundle does not have.
    font: null as unknown as string,
    info: { Title: options.title, Creator: 'Buffert', Producer: 'Buffert', CreationDate: at, ModDate: at },
  });
  const fonts = loadFonts();
  for (const name of Object.keys(fonts) as FontName[]) {
    doc.registerFont(name, fonts[name]);
    plainNumbers(doc.font(name));
  }
  doc.font('regular');
  return doc;
}

/** Words of digits and the signs around them: Roboto neither kerns nor substitutes among these (pdf.test.ts checks it). */
export const PLAIN_WORD = /^[0-9 ,.:+\-−–()%]+$/;

interface GlyphLike {
  id: number;
  advanceWidth: number;
}
interface PdfkitFont {
  scale?: number;
  font?: { glyphsForString?(text: string): GlyphLike[] };
  layoutRun?(text: string, features?: unknown): unknown;
}

/**
 * pdfkit shapes every new word with fontkit's full OpenType engine (~50 µs), and a report's words
 * are mostly numbers seen once: article, individual and serial numbers, amounts. For a word of
 * digits and signs the shaped run is just the glyphs side by side, so it is made directly. Any
 * other word, or text with features, is shaped as before. pdfkit keeps the font it embeds in a
 * private field: when that ever changes, nothing is replaced and text is shaped as before.
 */
function plainNumbers(doc: Doc): void {
  const f = (doc as unknown as { _font?: PdfkitFont })._font;
  const shape = f?.layoutRun;
  const glyphsOf = f?.font?.glyphsForString;
  if (!f || typeof shape !== 'function' || typeof glyphsOf !== 'function' || typeof f.scale !== 'number') return;
  const scale = f.scale;
  f.layoutRun = function (text: string, features?: unknown) {
    if (features || !PLAIN_WORD.test(text)) return shape.call(this, text, features);
    const glyphs = glyphsOf.call(f.font, text);
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      const w = g.advanceWidth * scale;
      advanceWidth += w;
      return { xAdvance: w, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: w };
    });
    return { glyphs, positions, advanceWidth };
  };
}

/**
 * Ends the document and collects its bytes, synchronously: pdfkit writes the whole file into its
 * stream's buffer during `end()` (fonts and barcodes are drawn synchronously), so the bytes are
 * read back at once. The workstation's handlers are synchronous; a PDF needs no event loop turn.
 */
export function pdfBytes(doc: Doc): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  if (!bytes.subarray(Math.max(0, bytes.length - 8)).toString('latin1').includes('%%EOF')) throw new Error('pdfkit did not finish the document synchronously');
  return bytes;
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface EmbeddedFont {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], Position[]];
}
interface LeanDoc {
  _font?: Partial<EmbeddedFont>;
  page?: { height: number; fonts: Record<string, unknown> };
  addContent?(data: string): unknown;
}

/** pdfkit's rounding of numbers in the content stream. */
const pdfNumber = (n: number) => Math.round(n * 1e6) / 1e6;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/**
 * One line of text at (x, y) (its top, as pdfkit places text), in one colour: the same operators
 * pdfkit's `text()` writes for it (the font's glyphs, their kerning, the text matrix), written
 * as one piece of content in its own graphics state. A report draws tens of thousands of cells,
 * and pdfkit's `text()` spends most of its time on options and on eight separate writes per
 * call. Text it draws differently (glyphs moved off the line, a colour that is no #rrggbb) and a
 * pdfkit without these internals go through `text()`. The pages look the same pixel for pixel
 * (stocktake.test.ts renders both).
 */
export function drawText(doc: Doc, text: string, x: number, y: number, font: FontName, size: number, color: string): void {
  doc.font(font).fontSize(size);
  const lean = doc as unknown as LeanDoc;
  const f = lean._font;
  const page = lean.page;
  const usable =
    text !== '' &&
    !text.includes('\n') &&
    HEX_COLOR.test(color) &&
    page !== undefined &&
    typeof lean.addContent === 'function' &&
    typeof f?.encode === 'function' &&
    typeof f.ref === 'function' &&
    typeof f.id === 'string' &&
    typeof f.ascender === 'number';
  const [encoded, positions] = usable ? f.encode!(text) : [[], []];
  if (!usable || positions.some((p) => p.xOffset || p.yOffset)) {
    doc.fillColor(color).text(text, x, y, { lineBreak: false });
    return;
  }
  // As pdfkit's _fragment: a TJ segment ends after a glyph whose advance differs from its width (kerning).
  let tj = '';
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.xAdvance - p.advanceWidth !== 0 || i === positions.length - 1) {
      tj += `${tj ? ' ' : ''}<${encoded.slice(last, i + 1).join('')}> ${pdfNumber(-(p.xAdvance - p.advanceWidth))}`;
      last = i + 1;
    }
  }
  if (page.fonts[f.id!] == null) page.fonts[f.id!] = f.ref!();
  const hex = parseInt(color.slice(1), 16);
  const rgb = `${(hex >> 16) / 255} ${((hex >> 8) & 0xff) / 255} ${(hex & 0xff) / 255}`;
  const baseline = page.height - y - (f.ascender! / 1000) * size;
  lean.addContent!(`q\n1 0 0 -1 0 ${pdfNumber(page.height)} cm\n/DeviceRGB cs\n${rgb} scn\nBT\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n/${f.id} ${pdfNumber(size)} Tf\n[${tj}] TJ\nET\nQ`);
}

const widths = new WeakMap<Doc, Map<string, Map<string, number>>>();

/**
 * Sets font and size and answers the width of `text` in points. Remembered per document: a table
 * asks the same cell's width several times (fits? ellipsis? alignment?), and pdfkit lays the
 * text out each time it is asked.
 */
export function widthOf(doc: Doc, text: string, font: FontName, size: number): number {
  let byFont = widths.get(doc);
  if (!byFont) {
    byFont = new Map();
    widths.set(doc, byFont);
  }
  const face = `${font} ${size}`;
  let known = byFont.get(face);
  if (!known) {
    known = new Map();
    byFont.set(face, known);
  }
  doc.font(font).fontSize(size);
  let w = known.get(text);
  if (w === undefined) {
    w = doc.widthOfString(text);
    known.set(text, w);
  }
  return w;
}

/**
 * No-break spaces (sv-SE numbers: "1 234,50 kr") as spaces, for text drawn on one line: pdfkit
 * shapes and keeps text word by word at spaces, so "1 234,50 kr" reuses the words of other
 * amounts. A line drawn never wraps, so nothing changes on the page.
 */
export const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

/** `text` (no-break spaces as spaces), or its longest prefix that fits `width` followed by "…". */
export function ellipsize(doc: Doc, raw: string, width: number, font: FontName, size: number): string {
  const text = plainSpaces(raw);
  if (widthOf(doc, text, font, size) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widthOf(doc, `${chars.slice(0, mid).join('').trimEnd()}…`, font, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * `text` broken into at most `maxLines` lines of `width` (at spaces; a word longer than a line is
 * cut), the last one ellipsised when the rest does not fit. Never wider than `width`.
 */
export function wrapLines(doc: Doc, text: string, width: number, font: FontName, size: number, maxLines: number): string[] {
  const fits = (s: string) => widthOf(doc, s, font, size) <= width;
  const lines: string[] = [];
  let rest = text.trim().replace(/\s+/g, ' ');
  while (rest && lines.length < maxLines) {
    if (lines.length === maxLines - 1) {
      lines.push(ellipsize(doc, rest, width, font, size));
      break;
    }
    const words = rest.split(' ');
    let line = '';
    let used = 0;
    while (used < words.length && fits(line ? `${line} ${words[used]}` : words[used]!)) {
      line = line ? `${line} ${words[used]}` : words[used]!;
      used += 1;
    }
    if (used === 0) {
      // One word wider than the line: as much of it as fits, the rest goes on.
      const chars = [...words[0]!];
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(''))) n -= 1;
      line = chars.slice(0, n).join('');
      rest = [chars.slice(n).join(''), ...words.slice(1)].join(' ');
    } else {
      rest = words.slice(used).join(' ');
    }
    lines.push(line);
  }
  return lines;
}

interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * Refuses text the bundled fonts cannot draw (an emoji, a CJK name): pdfkit would print an empty
 * box. Checked on every string of a validated input before anything is drawn.
 */
export function checkPrintable(doc: Doc, input: unknown): void {
  // pdfkit keeps the fontkit font of the current font here; it has no public accessor.
  const font = (doc.font('regular') as unknown as { _font?: { font?: Partial<GlyphFont> } })._font?.font;
  if (typeof font?.hasGlyphForCodePoint !== 'function') throw new Error('pdfkit: the font cannot be asked for its glyphs');
  const has = (cp: number) => font.hasGlyphForCodePoint!(cp);
  const problems = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const ch of value) {
        const cp = ch.codePointAt(0)!;
        if (cp >= 0x20 && cp !== 0x7f && !/\s/.test(ch) && !has(cp)) {
          problems.add(`Texten "${value}" har tecknet "${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}), som inte kan skrivas ut. Skriv om texten.`);
        }
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(input);
  if (problems.size > 0) throw new DocumentInputError([...problems]);
}
