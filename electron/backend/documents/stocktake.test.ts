import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { countSheets, stockReport, varianceReport } from '../../../tests/fixtures/documents/stocktake';
import { hasPoppler, isBlank, pdfInfo, pdfText, POPPLER_MISSING, renderPage, wordBoxes } from '../../../tests/helpers/pdf';
import {
  csvKronor,
  DocumentInputError,
  KRONOR_FORMAT,
  renderCountSheets,
  renderStockReport,
  renderVarianceReport,
  safeFileName,
  varianceReportCsv,
  varianceReportXlsx,
  type CountSheetsDocumentInput,
} from './index';
import { addA4Page } from './page';
import { createPdf, drawText, pdfBytes, PLAIN_WORD } from './pdf';
import { crc32 } from './xlsx';

if (!hasPoppler) console.warn(`Inventeringsdokumentens PDF-test hoppas över: ${POPPLER_MISSING}`);

const refusal = (render: () => unknown): string[] => {
  try {
    render();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentInputError);
    return (error as DocumentInputError).issues;
  }
  throw new Error('rendered a document');
};

describe.skipIf(!hasPoppler)('the count sheets (inventeringslistor)', () => {
  it('open: each shelf in turn, its articles with their expected individuals to tick, serial numbers, quantity boxes', () => {
    const pdf = renderCountSheets(countSheets(false));
    expect(pdfInfo(pdf).sizesMm[0]).toEqual({ width: 210, height: 297 });
    const text = pdfText(pdf);
    expect(text).toContain('Inventeringslista');
    expect(text).toMatch(/Inventering\s+Årsinventering 2026/);
    expect(text).toMatch(/Lagernr\s+50301/);
    expect(text).toMatch(/Omfattning\s+Hela lagret/);
    expect(text).toMatch(/Zon\s+Hela inventeringen/);
    expect(text).toMatch(/Utskriven\s+2026-11-22 11:05/);
    expect(text).toMatch(/Utskriven av\s+Lena Tekniker/);
    expect(text).toContain('Öppen inventering');
    // Walking order: shelf A1 (two articles), then A2, then B4; each article's individuals under it.
    const rows = text.split('\n');
    const at = (s: string) => rows.findIndex((r) => r.includes(s));
    expect(at('Hylla A1')).toBeLessThan(at('100007'));
    expect(at('100007')).toBeLessThan(at('100044'));
    expect(at('100044')).toBeLessThan(at('Hylla A2'));
    expect(at('Hylla A2')).toBeLessThan(at('100028'));
    expect(at('100028')).toBeLessThan(at('Hylla B4'));
    expect(text).toMatch(/14540\s+Rollator Cross 6 M, mörkgrå, med korg och bricka\s+12 06 06\s+Förväntat 2 st/);
    expect(text).toMatch(/100007\s+Serienr CR6-24-118832/);
    expect(text).toMatch(/100021\s+Serienr saknas\s+reserverad/);
    expect(text).toMatch(/100114\s+Serienr VD90E-7781-ÅÄÖ\s+på reparation/);
    // Non-tracked: expected quantity, a box to write the count in.
    expect(text).toMatch(/Förväntat\s+Räknat antal/);
    expect(text).toMatch(/40025\s+Griptång Räckvidd 82 cm\s+24 21 03\s+15 st/);
    expect(text).toMatch(/70004\s+Inkontinensskydd Säker natt, 20-pack\s+09 33 06\s+−2 förp/);
    expect(text).toContain('Övriga fynd');
    expect(text).toMatch(/Räknat av \(signatur\)\s+Namnförtydligande\s+Datum/);
    const { pages } = pdfInfo(pdf);
    for (let p = 1; p <= pages; p++) expect(pdfText(pdf, p)).toContain(`Sida ${p} av ${pages}`);
  });

  it('open: a tick box before every expected individual, a box for the quantity of a non-tracked article', () => {
    const pdf = renderCountSheets(countSheets(false));
    const dpi = 100;
    const { raster } = renderPage(pdf, 1, dpi);
    const words = wordBoxes(pdf, 1);
    // The box sits 4–7 mm right of the 18 mm margin, on the individual's row.
    const boxAt = (word: string) => {
      const w = words.find((b) => b.text === word)!;
      return !isBlank(raster, dpi, { xMm: 21.5, yMm: w.yMinMm - 0.5, widthMm: 4, heightMm: w.yMaxMm - w.yMinMm + 1 });
    };
    for (const no of ['100007', '100021', '100044', '100028', '100114']) expect(boxAt(no), no).toBe(true);
    // A box to write the quantity in (its outline, empty inside) for a non-tracked article, on page 2.
    const page2 = renderPage(pdf, 2, dpi).raster;
    const griptang = wordBoxes(pdf, 2).find((b) => b.text === 'Griptång')!;
    expect(isBlank(page2, dpi, { xMm: 163, yMm: griptang.yMinMm - 1, widthMm: 28, heightMm: griptang.yMaxMm - griptang.yMinMm + 2 })).toBe(false);
    expect(isBlank(page2, dpi, { xMm: 163, yMm: griptang.yMinMm + 0.5, widthMm: 20, heightMm: 1 })).toBe(true);
  });

  it('blind: no expected quantity, no individual; blank lines to write numbers on', () => {
    const pdf = renderCountSheets(countSheets(true));
    const text = pdfText(pdf);
    expect(text).toContain('Blindinventering');
    expect(text).not.toContain('Förväntat');
    for (const no of ['100007', '100021', '100028', '100044', '100114']) expect(text).not.toContain(no);
    expect(text).not.toMatch(/\b15 st\b/);
    expect(text).not.toMatch(/−2/);
    // The articles are there, by shelf, with lines for individual and serial numbers.
    expect(text).toContain('Hylla A1');
    expect(text).toMatch(/14540\s+Rollator Cross 6 M/);
    expect(text).toMatch(/Individnr\s+Serienr\s+Anteckning/);
    expect(text).toMatch(/40025\s+Griptång Räckvidd 82 cm/);
    expect(text).toContain('Räknat antal');
  });

  it('a zone of many individuals goes on over pages, the article repeated as "(forts.)"', () => {
    const input = countSheets(false);
    const individuals = Array.from({ length: 120 }, (_, i) => ({ individualNo: String(200_000 + i), serialNo: `SN-${i}`, location: 'Hylla C1', note: null }));
    input.sections = [{ title: 'Zon C', note: null, articles: [{ articleNo: '14540', name: 'Rollator Cross 6 M', isoCode: '120606', unit: 'st', tracked: true, shelf: 'Hylla C1', expected: 120, individuals }] }];
    input.zone = { name: 'C', locations: ['Hylla C'] };
    const pdf = renderCountSheets(input);
    const { pages } = pdfInfo(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const all = pdfText(pdf);
    for (let i = 0; i < 120; i++) expect(all).toContain(String(200_000 + i));
    expect(pdfText(pdf, 2)).toContain('Rollator Cross 6 M (forts.)');
    expect(pdfText(pdf, 2)).toContain('Zon C (forts.)');
    expect(all).toMatch(/Zon\s+C/);
  });
});

describe('the count sheets refuse a blind stocktake that shows what is expected', () => {
  it('an expected quantity or an individual on a blind sheet', () => {
    const input = countSheets(true) as CountSheetsDocumentInput;
    input.sections[1]!.articles[0]!.expected = 15;
    expect(refusal(() => renderCountSheets(input))).toEqual(['Artikel 40025: en blindinventerings lista får inte visa förväntade antal eller individer.']);
  });
});

describe.skipIf(!hasPoppler)('the variance report (differenslista) as PDF', () => {
  it('the totals first, then differences with their flags, individuals and why a balance was negative; uncounted, wrong place, unknown', () => {
    const pdf = renderVarianceReport(varianceReport());
    const text = pdfText(pdf);
    const rows = text.split('\n');
    const at = (s: string) => rows.findIndex((r) => r.includes(s));
    expect(text).toContain('Differenslista');
    expect(text).toContain('preliminär');
    expect(at('SUMMERING')).toBeLessThan(at('Differenser och anmärkningar'));
    expect(text).toMatch(/Rader\s+5\s+Plus\s+\+876,00 kr\s+Saknade individer\s+1/);
    expect(text).toMatch(/Minus\s+−14 890,00 kr/);
    expect(text).toMatch(/Netto\s+−14 014,00 kr/);
    expect(text).toMatch(/11873\s+Säng Vårdö elektrisk.*18 12 10\s+st\s+1\s+0\s+−1\s+14 890,00 kr\s+−14 890,00 kr/);
    expect(text).toMatch(/Saknas\s+Individnr 100114\s+Serienr VD90E-7781-ÅÄÖ\s+Hylla B4\s+−14 890,00 kr/);
    expect(text).toMatch(/Hittad, skannad 2 gånger\s+Individnr 100007/);
    expect(text).toContain('Räknad om');
    expect(text).toMatch(/40025\s+Griptång Räckvidd 82 cm\s+24 21 03\s+st\s+15\s+17\s+\+2\s+189,00 kr\s+\+378,00 kr/);
    expect(text).toContain('Behållen');
    expect(text).toMatch(/Negativt saldo · Rörelse efter räkning/);
    expect(text).toContain('Saldot var negativt (−2)');
    expect(at('Ej räknade rader')).toBeLessThan(at('52210'));
    expect(text).toMatch(/Fel plats: hittade här/);
    expect(text).toMatch(/100230\s+14540\s+Rollator Cross 6 M.*CR6-23-99120\s+i lager 50302/);
    expect(text).toMatch(/Okända nummer/);
    expect(text).toMatch(/199999\s+2\s+2026-11-21 10:14\s+LAGER-PC-2, lena-laptop/);
    // A line without difference or remark is in the last section.
    expect(at('Rader utan differens')).toBeLessThan(at('14540          Rollator'));
  });

  it('refuses totals of the wrong sign', () => {
    const input = varianceReport();
    input.totals.minusOre = 500;
    expect(refusal(() => renderVarianceReport(input))).toEqual(['Minusvärdet kan inte vara positivt.']);
  });
});

describe('the variance report for spreadsheets', () => {
  it('Excel: numbers are numbers, kronor in a kronor format, a frozen header with a filter; individuals and unknown numbers on their sheets', async () => {
    const bytes = varianceReportXlsx(varianceReport());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Differenser', 'Individer', 'Okända', 'Sammanfattning']);
    const sheet = wb.getWorksheet('Differenser')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['Artikelnr', 'Benämning', 'ISO-klass', 'Enhet', 'Individmärkt', 'Förväntat', 'Räknat', 'Differens', 'À-pris', 'Värde differens', 'Status', 'Individer', 'Negativt saldo, förklaring']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:M6');
    const col = (name: string) => header.indexOf(name) + 1;
    const griptang = sheet.getRow(4);
    expect(griptang.getCell(col('Artikelnr')).value).toBe('40025');
    expect(griptang.getCell(col('Förväntat')).value).toBe(15);
    expect(griptang.getCell(col('Räknat')).value).toBe(17);
    expect(griptang.getCell(col('Differens')).value).toBe(2);
    expect(griptang.getCell(col('À-pris')).value).toBe(189);
    expect(griptang.getCell(col('À-pris')).numFmt).toBe(KRONOR_FORMAT);
    expect(griptang.getCell(col('Värde differens')).value).toBe(378);
    expect(griptang.getCell(col('Värde differens')).numFmt).toBe(KRONOR_FORMAT);
    expect(griptang.getCell(col('Status')).value).toBe('Behållen');
    const bed = sheet.getRow(3);
    expect(bed.getCell(col('Värde differens')).value).toBe(-14_890);
    expect(bed.getCell(col('Individer')).value).toBe('Saknas: 100114');
    // Not counted: empty cells, not zeros.
    const uncounted = sheet.getRow(6);
    expect(uncounted.getCell(col('Räknat')).value).toBeNull();
    expect(uncounted.getCell(col('Status')).value).toBe('Ej räknad');

    const individuals = wb.getWorksheet('Individer')!;
    const rows = individuals.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[5], r[6]])).toEqual([
      ['100007', 'Hittad', 2],
      ['100021', 'Hittad', 1],
      ['100028', 'Hittad', 1],
      ['100114', 'Saknas', 0],
      ['100230', 'Fel plats', 1],
    ]);
    expect(individuals.getRow(5).getCell(8).value).toBe(14_890);
    expect(individuals.getRow(5).getCell(8).numFmt).toBe(KRONOR_FORMAT);
    expect(individuals.getRow(6).getCell(9).value).toBe('i lager 50302 (Buffertlager Kristianstad)');

    const unknown = wb.getWorksheet('Okända')!;
    expect(unknown.getRow(2).getCell(1).value).toBe('199999');
    expect(unknown.getRow(2).getCell(2).value).toBe(2);
    // Swedish time, as a date Excel can sort and filter.
    expect(unknown.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2026, 10, 21, 10, 14)));

    const summary = wb.getWorksheet('Sammanfattning')!;
    const net = summary.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'Netto') as unknown[];
    expect(net[2]).toBe(-14_014);
  });

  it('Excel: the same input gives the same bytes (dates from the input, not the clock)', () => {
    expect(varianceReportXlsx(varianceReport()).equals(varianceReportXlsx(varianceReport()))).toBe(true);
  });

  it('CSV: UTF-8 with BOM, semicolons, CRLF, decimal comma, quotes where needed', () => {
    const input = varianceReport();
    input.lines[2]!.name = 'Griptång "Räckvidd"; 82 cm';
    input.lines[3]!.name = '=HYPERLINK("http://x")';
    const bytes = varianceReportCsv(input);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines[0]).toBe('Artikelnr;Benämning;ISO-klass;Enhet;Individmärkt;Förväntat;Räknat;Differens;À-pris;Värde differens;Status;Individer;Negativt saldo, förklaring');
    expect(lines[3]).toBe('40025;"Griptång ""Räckvidd""; 82 cm";24 21 03;st;Nej;15;17;2;189,00;378,00;Behållen;;');
    expect(lines[2]).toContain(';1;0;-1;14890,00;-14890,00;Räknad om;Saknas: 100114;');
    // A text that a spreadsheet would run as a formula stays text.
    expect(lines[4]).toMatch(/^70004;"'=HYPERLINK\(""http:\/\/x""\)";/);
    expect(lines[5]).toBe('52210;Förflyttningsplatta Glid, 60 × 40 cm;12 31 03;st;Nej;4;;;399,00;;Ej räknad;;');
  });

  it('kronor for CSV: decimal comma, a plain minus, no thousands separator', () => {
    expect(csvKronor(123_450)).toBe('1234,50');
    expect(csvKronor(-5)).toBe('-0,05');
    expect(csvKronor(0)).toBe('0,00');
  });

  it('file names: letters, digits, spaces, dots and dashes only', () => {
    expect(safeFileName('Differenslista Årsinventering 2026/11: "lager" 2026-11-22')).toBe('Differenslista Årsinventering 2026-11 lager 2026-11-22');
    expect(safeFileName('Inventeringslista Vår – A–D')).toBe('Inventeringslista Vår A-D');
    expect(safeFileName('../../etc')).toBe('etc');
    expect(safeFileName('???')).toBe('Dokument');
  });

  it('the zip container: CRC-32 as PKWARE defines it', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe.skipIf(!hasPoppler)('the stock report (lagersaldorapport)', () => {
  it('balance, reserved, available and value per article, the individuals under tracked articles, totals', () => {
    const pdf = renderStockReport(stockReport());
    const text = pdfText(pdf);
    expect(text).toContain('Lagersaldorapport');
    expect(text).toMatch(/Urval: Alla artikeltyper · med saldo/);
    expect(text).toMatch(/Artikelnr\s+Benämning\s+Enhet\s+Saldo\s+Reserverat\s+Disponibelt\s+Värde/);
    expect(text).toMatch(/14540\s+Rollator Cross 6 M, mörkgrå, med korg och\s+st\s+3\s+1\s+2\s+8 685,00 kr/);
    expect(text).toMatch(/Individnr 100021\s+Serienr saknas\s+Hylla A1\s+Reserverad/);
    expect(text).toMatch(/70004\s+Inkontinensskydd Säker natt, 20-pack\s+förp\s+−2\s+0\s+−2\s+−498,00 kr/);
    expect(text).toMatch(/Saldo totalt\s+16/);
    expect(text).toMatch(/Individer i lagret\s+3/);
    expect(text).toMatch(/Lagervärde\s+11 022,00 kr/);
  });

  it('an empty selection says so', () => {
    const text = pdfText(renderStockReport({ ...stockReport(), articles: [] }));
    expect(text).toContain('Inga artiklar i urvalet.');
    expect(text).toMatch(/Lagervärde\s+0,00 kr/);
  });
});

describe('numbers are drawn without shaping, exactly as shaped', () => {
  it('a word of digits and signs: the same glyphs and advances as fontkit gives', () => {
    for (const name of ['regular', 'medium'] as const) {
      const doc = createPdf({ title: 't', printedAt: '2026-11-22T10:00:00Z' });
      doc.font(name);
      const font = (doc as unknown as { _font: { font: { layout(t: string): { glyphs: { id: number }[]; positions: { xAdvance: number }[] } }; layoutRun(t: string): { glyphs: { id: number }[]; positions: { xAdvance: number }[] }; scale: number } })._font;
      for (const word of ['100007', '1 234,50 ', '−14 890,00', '+2', '00331-6797574', '2026-11-22 11:05', '(12,5 %)', '0–9', '12 06 06']) {
        expect(PLAIN_WORD.test(word), word).toBe(true);
        const fast = font.layoutRun(word);
        const shaped = font.font.layout(word);
        expect(fast.glyphs.map((g) => g.id), word).toEqual(shaped.glyphs.map((g) => g.id));
        expect(fast.positions.map((p) => p.xAdvance), word).toEqual(shaped.positions.map((p) => p.xAdvance * font.scale));
      }
      expect(PLAIN_WORD.test('Hylla A1')).toBe(false);
      expect(PLAIN_WORD.test('1/2')).toBe(false);
    }
  });
});

describe.skipIf(!hasPoppler)('cells drawn in one piece of content', () => {
  it('look pixel for pixel as pdfkit draws them: kerning, Swedish letters, numbers, colours, sizes', () => {
    const texts = ['AVATAR Tåg Ö Vå', 'Rollator Cross 6 M, mörkgrå', '−14 890,00 kr', 'Griptång “82” cm…', 'Ŋŧŋ ÆØÅ æøå', 'fi fl ffi', '100007'];
    const page = (draw: (doc: ReturnType<typeof createPdf>, text: string, y: number, size: number, color: string, font: 'regular' | 'medium') => void) => {
      const doc = createPdf({ title: 't', printedAt: '2026-11-22T10:00:00Z' });
      addA4Page(doc);
      let y = 40;
      for (const [k, text] of texts.entries()) {
        for (const [j, size] of [7.5, 9, 12.5].entries()) {
          draw(doc, text, y, size, ['#111111', '#555555', '#b00020'][(k + j) % 3]!, (k + j) % 2 ? 'medium' : 'regular');
          y += size + 6;
        }
      }
      return pdfBytes(doc);
    };
    const viaPdfkit = page((doc, text, y, size, color, font) => doc.font(font).fontSize(size).fillColor(color).text(text, 50.3, y, { lineBreak: false }));
    const inOnePiece = page((doc, text, y, size, color, font) => drawText(doc, text, 50.3, y, font, size, color));
    expect(renderPage(inOnePiece, 1, 150).png.equals(renderPage(viaPdfkit, 1, 150).png)).toBe(true);
    expect(pdfText(inOnePiece)).toBe(pdfText(viaPdfkit));
  });
});
