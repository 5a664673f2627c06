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
  for (const name of Object.keys(fonts) as FontName[]) doc.registerFont(name, fonts[name]);
  doc.font('regular');
  return doc;
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

/** Sets font and size and answers the width of `text` in points. */
export function widthOf(doc: Doc, text: string, font: FontName, size: number): number {
  return doc.font(font).fontSize(size).widthOfString(text);
}

/** `text`, or its longest prefix that fits `width` followed by "…". */
export function ellipsize(doc: Doc, text: string, width: number, font: FontName, size: number): string {
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
