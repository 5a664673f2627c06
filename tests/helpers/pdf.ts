import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { PNG } from 'pngjs';

/**
 * Looking at a PDF the way a person and a scanner would: poppler-utils (pdfinfo, pdftotext,
 * pdftoppm; Debian's poppler-utils, installed by .ci/run) for pages, text and pixels, ZXing for
 * the barcodes in those pixels.
 */

export const hasPoppler = spawnSync('pdftoppm', ['-v']).error === undefined;
export const POPPLER_MISSING = 'pdftoppm (poppler-utils) saknas: apt-get install poppler-utils';

function withFile<T>(pdf: Buffer, run: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return run(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfInfo {
  pages: number;
  /** Each page's size in millimetres, rounded to 0.1. */
  sizesMm: { width: number; height: number }[];
  title: string | undefined;
  creationDate: string | undefined;
}

export function pdfInfo(pdf: Buffer): PdfInfo {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', ['-isodates', '-f', '1', '-l', '9999', file], { encoding: 'utf8' }));
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(out)?.[1]?.trim();
  const toMm = (pt: string) => Math.round((Number(pt) * 25.4 * 10) / 72) / 10;
  const sizesMm = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: toMm(m[1]!), height: toMm(m[2]!) }));
  return { pages: Number(field('Pages')), sizesMm, title: field('Title'), creationDate: field('CreationDate') };
}

/** The text of a page (or all), as pdftotext reads it, with no-break spaces as plain spaces. */
export function pdfText(pdf: Buffer, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' })).replace(/\u00a0|\u202f/g, ' ');
}

/** The words of a page and where they are, in millimetres from the top-left corner (pdftotext -bbox). */
export function wordBoxes(pdf: Buffer, page: number): { text: string; xMinMm: number; yMinMm: number; xMaxMm: number; yMaxMm: number }[] {
  const html = withFile(pdf, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }));
  const mm = (pt: string) => (Number(pt) * 25.4) / 72;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: unescape(m[5]!),
    xMinMm: mm(m[1]!),
    yMinMm: mm(m[2]!),
    xMaxMm: mm(m[3]!),
    yMaxMm: mm(m[4]!),
  }));
}

export interface Raster {
  width: number;
  height: number;
  /** One byte per pixel, 0 = black. */
  luminance: Uint8ClampedArray;
}

/** A page rendered by pdftoppm at `dpi`, as PNG bytes and as grey pixels. */
export function renderPage(pdf: Buffer, page: number, dpi: number): { png: Buffer; raster: Raster } {
  const png = withFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    return fs.readFileSync(path.join(dir, 'page.png'));
  });
  const decoded = PNG.sync.read(png);
  const luminance = new Uint8ClampedArray(decoded.width * decoded.height);
  for (let i = 0; i < luminance.length; i += 1) {
    const [r, g, b] = [decoded.data[i * 4]!, decoded.data[i * 4 + 1]!, decoded.data[i * 4 + 2]!];
    luminance[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { png, raster: { width: decoded.width, height: decoded.height, luminance } };
}

/** A rectangle of the raster, in millimetres from the page's top-left corner. */
export function crop(raster: Raster, dpi: number, box: { xMm: number; yMm: number; widthMm: number; heightMm: number }): Raster {
  const px = (mm: number) => Math.round((mm * dpi) / 25.4);
  const x0 = Math.max(0, px(box.xMm));
  const y0 = Math.max(0, px(box.yMm));
  const width = Math.min(raster.width - x0, px(box.widthMm));
  const height = Math.min(raster.height - y0, px(box.heightMm));
  const luminance = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y += 1) luminance.set(raster.luminance.subarray((y0 + y) * raster.width + x0, (y0 + y) * raster.width + x0 + width), y * width);
  return { width, height, luminance };
}

/** What a scanner reads from the raster in one symbology, or null when it finds nothing. */
export function scan(raster: Raster, format: 'code128' | 'datamatrix'): string | null {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [format === 'code128' ? BarcodeFormat.CODE_128 : BarcodeFormat.DATA_MATRIX]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(raster.luminance, raster.width, raster.height)));
    return reader.decode(bitmap, hints).getText();
  } catch {
    return null;
  }
}

/** True when every pixel of the box is (near) white: nothing drawn there. */
export function isBlank(raster: Raster, dpi: number, box: { xMm: number; yMm: number; widthMm: number; heightMm: number }): boolean {
  return crop(raster, dpi, box).luminance.every((v) => v > 245);
}
