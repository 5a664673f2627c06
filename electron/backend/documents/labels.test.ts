import { describe, expect, it } from 'vitest';
import { LABELS, labels } from '../../../tests/fixtures/documents/demo';
import { crop, hasPoppler, isBlank, pdfInfo, pdfText, POPPLER_MISSING, renderPage, scan } from '../../../tests/helpers/pdf';
import { DocumentInputError, LABEL_SHEETS, renderLabels, ROLL_LABEL_SIZES } from './index';
import { code128ModuleMm, CODE128_QUIET_MODULES, encodeCode128 } from './barcodes';
import { labelLayout } from './labels';

if (!hasPoppler) console.warn(`Etikettestet hoppas över: ${POPPLER_MISSING}`);
const DPI = 600;
/** A4 sheets: 400 dpi is enough for ZXing and renders in half the time. */
const SHEET_DPI = 400;

type Box = { xMm: number; yMm: number; widthMm: number; heightMm: number };
/**
 * The DataMatrix' square on a label, 1 mm around: ZXing's DataMatrix detector, unlike a 2D
 * imager, needs the symbol to fill most of the picture, so it is given that part of the label.
 */
const matrixArea = (label: Box, edgeMm: number): Box => {
  const { matrix } = labelLayout(label.widthMm, label.heightMm, edgeMm);
  return { xMm: label.xMm + matrix.xMm - 1, yMm: label.yMm, widthMm: matrix.sideMm + edgeMm + 1, heightMm: matrix.sideMm + edgeMm + 1 };
};

describe.skipIf(!hasPoppler)('individual-number labels', () => {
  it.each(Object.entries(ROLL_LABEL_SIZES))('roll %s: one page of exactly the label per label, both codes scan as the number', async (id, size) => {
    const pdf = await renderLabels(labels({ kind: 'roll', size: id as keyof typeof ROLL_LABEL_SIZES }, 3));
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(3);
    for (const s of info.sizesMm) expect(s).toEqual({ width: size.widthMm, height: size.heightMm });
    for (let page = 1; page <= 3; page += 1) {
      const label = LABELS[page - 1]!;
      const { raster } = renderPage(pdf, page, DPI);
      expect(scan(raster, 'code128'), `Code 128 on ${id}, page ${page}`).toBe(label.individualNo);
      expect(scan(crop(raster, DPI, matrixArea({ xMm: 0, yMm: 0, widthMm: size.widthMm, heightMm: size.heightMm }, 1.5)), 'datamatrix'), `DataMatrix on ${id}, page ${page}`).toBe(label.individualNo);
      // Nothing within 1 mm of the edges: no clipped bar, no text run off the label.
      for (const edge of [
        { xMm: 0, yMm: 0, widthMm: size.widthMm, heightMm: 1 },
        { xMm: 0, yMm: size.heightMm - 1, widthMm: size.widthMm, heightMm: 1 },
        { xMm: 0, yMm: 0, widthMm: 1, heightMm: size.heightMm },
        { xMm: size.widthMm - 1, yMm: 0, widthMm: 1, heightMm: size.heightMm },
      ]) expect(isBlank(raster, DPI, edge), `${id} page ${page} edge ${JSON.stringify(edge)}`).toBe(true);
      // The DataMatrix' quiet zone on its text side: no letter runs into it.
      const { matrix, bars } = labelLayout(size.widthMm, size.heightMm, 1.5);
      // Code 128's quiet zones, 10 modules each side of the bars, are blank.
      const symbol = encodeCode128(label.individualNo);
      const moduleMm = code128ModuleMm(symbol, bars.availableMm)!;
      const widthMm = (symbol.modules + 2 * CODE128_QUIET_MODULES) * moduleMm;
      const x0 = (size.widthMm - widthMm) / 2;
      const quiet = CODE128_QUIET_MODULES * moduleMm - 0.1;
      expect(isBlank(raster, DPI, { xMm: x0, yMm: bars.yMm, widthMm: quiet, heightMm: bars.heightMm }), `${id} page ${page} left of the bars`).toBe(true);
      expect(isBlank(raster, DPI, { xMm: x0 + widthMm - quiet, yMm: bars.yMm, widthMm: quiet, heightMm: bars.heightMm }), `${id} page ${page} right of the bars`).toBe(true);
      expect(isBlank(raster, DPI, { xMm: x0 + quiet + 0.2, yMm: bars.yMm, widthMm: 0.5, heightMm: bars.heightMm }), 'the first bar is where it should be').toBe(false);
      expect(isBlank(raster, DPI, { xMm: matrix.xMm, yMm: matrix.yMm, widthMm: 1, heightMm: matrix.sideMm }), `${id} page ${page} beside the DataMatrix`).toBe(true);
    }
  });

  it('prints the number, the article number and the name with Swedish letters; a long name is ellipsised', async () => {
    const input = labels({ kind: 'roll', size: '57x32' }, 3);
    input.labels[2] = { ...input.labels[2]!, articleName: `${input.labels[2]!.articleName}, madrass Ölandsvila och lyftbåge` };
    const pdf = await renderLabels(input);
    const first = pdfText(pdf, 1);
    expect(first).toContain('100007');
    expect(first).toContain('Art 14540');
    expect(first).toMatch(/mörkgrå/);
    expect(first).toContain('Buffertlager Åhus');
    expect(first).toContain('Sn CR6-24-118832');
    const third = pdfText(pdf, 3);
    expect(third).toContain('HMC-2025-000731');
    expect(third).toContain('…');
    expect(third).not.toContain('lyftbåge');
  });

  it('a sheet starts at the given position and goes on to a new sheet; every label scans', async () => {
    const sheet = LABEL_SHEETS['a4-3x8-70x37'];
    const pdf = await renderLabels(labels({ kind: 'sheet', sheet: 'a4-3x8-70x37', startPosition: 23 }, 4));
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(2);
    expect(info.sizesMm).toEqual([{ width: 210, height: 297 }, { width: 210, height: 297 }]);
    const box = (position: number): Box => ({ xMm: sheet.leftMm + ((position - 1) % 3) * sheet.pitchXMm, yMm: sheet.topMm + Math.floor((position - 1) / 3) * sheet.pitchYMm, widthMm: sheet.labelWidthMm, heightMm: sheet.labelHeightMm });
    const cell = (page: ReturnType<typeof renderPage>['raster'], position: number) => crop(page, SHEET_DPI, box(position));
    const matrix = (page: ReturnType<typeof renderPage>['raster'], position: number) => crop(page, SHEET_DPI, matrixArea(box(position), 2.5));
    const one = renderPage(pdf, 1, SHEET_DPI).raster;
    expect(cell(one, 1).luminance.every((v) => v > 245), 'position 1 left empty').toBe(true);
    expect(scan(cell(one, 23), 'code128')).toBe(LABELS[0]!.individualNo);
    expect(scan(matrix(one, 23), 'datamatrix')).toBe(LABELS[0]!.individualNo);
    expect(scan(cell(one, 24), 'code128')).toBe(LABELS[1]!.individualNo);
    expect(scan(matrix(one, 24), 'datamatrix')).toBe(LABELS[1]!.individualNo);
    const two = renderPage(pdf, 2, SHEET_DPI).raster;
    expect(scan(cell(two, 1), 'code128')).toBe(LABELS[2]!.individualNo);
    expect(scan(matrix(two, 1), 'datamatrix')).toBe(LABELS[2]!.individualNo);
    expect(isBlank(two, SHEET_DPI, box(3)), 'nothing after the last label').toBe(true);
    expect(scan(matrix(two, 2), 'datamatrix')).toBe(LABELS[0]!.individualNo);
  });

  it('the same input gives the same bytes', async () => {
    const input = labels({ kind: 'sheet', sheet: 'a4-2x7-99x38' }, 5);
    expect((await renderLabels(input)).equals(await renderLabels(input))).toBe(true);
    expect(pdfInfo(await renderLabels(input)).creationDate).toBe('2025-01-14T09:32:00Z');
  });
});

describe('labels refuse what they cannot print, in Swedish, without a PDF', () => {
  const refusal = async (input: unknown) => {
    try {
      await renderLabels(input as Parameters<typeof renderLabels>[0]);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentInputError);
      return (error as DocumentInputError).message;
    }
    throw new Error('rendered a PDF');
  };

  it('an empty list', async () => {
    expect(await refusal(labels({ kind: 'roll', size: '57x32' }, 0))).toBe('Inga etiketter att skriva ut.');
  });

  it('an unknown label size or sheet, or a start position past the sheet', async () => {
    expect(await refusal(labels({ kind: 'roll', size: '40x20' } as never))).toMatch(/^Okänd etikettstorlek\. Välj en av: 57x32, 62x29, 100x50, 102x51\.$/);
    expect(await refusal(labels({ kind: 'sheet', sheet: 'a5' } as never))).toMatch(/^Okänt etikettark/);
    expect(await refusal(labels({ kind: 'sheet', sheet: 'a4-2x7-99x38', startPosition: 15 }))).toBe('Startpositionen kan vara högst 14 på arket A4, 2 × 7 etiketter à 99,1 × 38,1 mm.');
  });

  it('an individual number too long for the label, or with characters it may not have', async () => {
    const long = { ...labels({ kind: 'roll', size: '57x32' }), labels: [{ ...LABELS[0]!, individualNo: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1234' }] };
    expect(await refusal(long)).toBe('Individnummer ABCDEFGHIJKLMNOPQRSTUVWXYZ1234 är för långt för streckkoden på etiketten 57 × 32 mm (rulle). Välj en större etikett.');
    const bad = { ...labels({ kind: 'roll', size: '57x32' }), labels: [{ ...LABELS[0]!, individualNo: '1000 07' }] };
    expect(await refusal(bad)).toBe('Etikett 1: Individnumret får bara innehålla siffror, bokstäver och bindestreck.');
  });

  it('a name longer than the field allows, or with a character the font does not have', async () => {
    const long = { ...labels({ kind: 'roll', size: '57x32' }), labels: [{ ...LABELS[0]!, articleName: 'x'.repeat(121) }] };
    expect(await refusal(long)).toBe('Etikett 1: Benämningen får vara högst 120 tecken.');
    const emoji = { ...labels({ kind: 'roll', size: '57x32' }), labels: [{ ...LABELS[0]!, articleName: 'Rollator 🚶' }] };
    expect(await refusal(emoji)).toBe('Texten "Rollator 🚶" har tecknet "🚶" (U+1F6B6), som inte kan skrivas ut. Skriv om texten.');
  });

  it('a missing field is named', async () => {
    expect(await refusal({ labels: [{ individualNo: '100007' }], layout: { kind: 'roll', size: '57x32' }, printedAt: '2025-01-14T10:32:00+01:00' })).toBe(
      'Etikett 1: Fältet labels.0.articleNo saknas eller har fel typ.\nEtikett 1: Fältet labels.0.articleName saknas eller har fel typ.',
    );
  });
});
