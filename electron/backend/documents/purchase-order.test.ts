import { describe, expect, it } from 'vitest';
import { purchaseOrder } from '../../../tests/fixtures/documents/demo';
import { hasPoppler, pdfInfo, pdfText, POPPLER_MISSING, renderPage } from '../../../tests/helpers/pdf';
import { DocumentInputError, renderPurchaseOrder, type PurchaseOrderDocumentInput } from './index';

if (!hasPoppler) console.warn(`Inköpsordertestet hoppas över: ${POPPLER_MISSING}`);

describe.skipIf(!hasPoppler)('the purchase order PDF (inköpsorder)', () => {
  it('is an A4 with the order, "Märk lev:", the delivery address, the lines and the total in Swedish kronor', async () => {
    const pdf = await renderPurchaseOrder(purchaseOrder(6));
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.sizesMm[0]).toEqual({ width: 210, height: 297 });
    expect(info.title).toBe('Inköpsorder 25030042');
    const text = pdfText(pdf);
    expect(text).toContain('Inköpsorder');
    expect(text).toMatch(/Märk lev:\s+25030017/);
    expect(text).toMatch(/Inköpsordernr\s+25030042/);
    expect(text).toContain('Rehab Norden AB');
    expect(text).toMatch(/LEVERANSADRESS/);
    expect(text).toContain('Buffertlager Åhus');
    expect(text).toContain('Köpmannagatan 7');
    for (const title of ['Artikelnr', 'Benämning', 'Lev. artikelnr', 'Antal', 'Enhet', 'À-pris', 'Belopp']) expect(text).toContain(title);
    expect(text).toContain('Toalettförhöjning Ätran');
    expect(text).toContain('Duschpall Öresund');
    // 4 × 1 120,00 kr on line 2; the total of all lines.
    expect(text).toMatch(/1 120,00 kr\s+4 480,00 kr/);
    expect(text).toMatch(/Totalt \(6 rader\)\s+84 090,00 kr/);
    expect(text).toContain('Sida 1 av 1');
    expect(text).not.toContain('KOPIA');
  });

  it('80 lines break over pages: the table header on every page, "Sida n av N", the total once at the end', async () => {
    const pdf = await renderPurchaseOrder(purchaseOrder(80));
    const { pages } = pdfInfo(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page += 1) {
      const text = pdfText(pdf, page);
      expect(text, `page ${page}`).toMatch(/Rad\s+Artikelnr\s+Benämning\s+Lev\. artikelnr\s+Antal\s+Enhet\s+À-pris\s+Belopp/);
      expect(text, `page ${page}`).toContain(`Sida ${page} av ${pages}`);
      if (page > 1) expect(text, `page ${page}`).toContain('Inköpsorder 25030042 · Märk lev: 25030017');
      expect(text.includes('Totalt (80 rader)'), `page ${page}`).toBe(page === pages);
    }
    // Every line once, in order.
    const all = pdfText(pdf);
    const lineNos = [...all.matchAll(/^\s{0,6}(\d{1,2})\s+\d{5}\s/gm)].map((m) => Number(m[1]));
    expect(lineNos).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('a reprint says KOPIA on every page', async () => {
    const pdf = await renderPurchaseOrder(purchaseOrder(80, true));
    const { pages } = pdfInfo(pdf);
    for (let page = 1; page <= pages; page += 1) expect(pdfText(pdf, page), `page ${page}`).toContain('KOPIA');
    // And it shows: the large light-grey diagonal marking, which the original does not have.
    const copy = renderPage(pdf, 1, 30).raster;
    const original = renderPage(await renderPurchaseOrder(purchaseOrder(80)), 1, 30).raster;
    const darker = copy.luminance.filter((v, i) => v < original.luminance[i]! - 10).length;
    // 140 pt letters across the middle of the page: about 2.5 % of it (the boxed tag alone is under 0.1 %).
    expect(darker / copy.luminance.length).toBeGreaterThan(0.015);
  });

  it('an order not yet numbered by central is marked with its provisional number', async () => {
    const pdf = await renderPurchaseOrder({ ...purchaseOrder(2), purchaseOrderNo: null, customerOrderNo: null, provisionalNo: 'P50301-0007' });
    const text = pdfText(pdf);
    expect(text).toMatch(/Märk lev:\s+P50301-0007/);
    expect(text).toMatch(/Inköpsordernr\s+P50301-0007 \(preliminärt\)/);
  });

  it('the same input gives the same bytes', async () => {
    expect((await renderPurchaseOrder(purchaseOrder(30))).equals(await renderPurchaseOrder(purchaseOrder(30)))).toBe(true);
  });
});

describe('the purchase order refuses bad input in Swedish, without a PDF', () => {
  const refusal = async (input: PurchaseOrderDocumentInput) => {
    try {
      await renderPurchaseOrder(input);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentInputError);
      return (error as DocumentInputError).issues;
    }
    throw new Error('rendered a PDF');
  };

  it('no lines', async () => {
    expect(await refusal({ ...purchaseOrder(0), totalOre: 0 })).toEqual(['Inköpsordern har inga rader.']);
  });

  it('a negative price (named once, not again as a wrong total)', async () => {
    const order = purchaseOrder(3);
    order.lines[1]!.unitPriceOre = -100;
    expect(await refusal(order)).toEqual(['Rad 2: À-priset kan inte vara negativt.']);
  });

  it('a total that is not the sum of the lines', async () => {
    expect(await refusal({ ...purchaseOrder(3), totalOre: 1 })).toEqual([expect.stringMatching(/^Totalen \(1 öre\) är inte radernas summa \(\d+ öre\)\.$/)]);
  });

  it('a name that is too long, a bad order number, a date that does not exist, no number to mark the delivery with', async () => {
    const order = purchaseOrder(3);
    order.lines[2]!.name = 'Å'.repeat(121);
    expect(await refusal(order)).toEqual(['Rad 3: Benämningen får vara högst 120 tecken.']);
    expect(await refusal({ ...purchaseOrder(1), purchaseOrderNo: '25990001' })).toEqual(['Vecka 99 finns inte år 2025.']);
    expect(await refusal({ ...purchaseOrder(1), orderDate: '2025-02-30' })).toEqual(['Datumet finns inte.']);
    expect(await refusal({ ...purchaseOrder(1), customerOrderNo: null, provisionalNo: null })).toEqual([
      'Ange kundordernumret eller det preliminära numret: leverantören ska märka följesedeln med det.',
    ]);
  });
});
