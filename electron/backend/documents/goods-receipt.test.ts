import { describe, expect, it } from 'vitest';
import { goodsReceipt } from '../../../tests/fixtures/documents/demo';
import { hasPoppler, pdfInfo, pdfText, POPPLER_MISSING } from '../../../tests/helpers/pdf';
import { DocumentInputError, renderGoodsReceipt, type GoodsReceiptDocumentInput } from './index';

if (!hasPoppler) console.warn(`Kvittenstestet hoppas över: ${POPPLER_MISSING}`);

describe.skipIf(!hasPoppler)('the goods receipt PDF (kvittens)', () => {
  it('names the order, the store, who received it and when; prices in whole kronor; the total to match the invoice against', async () => {
    const pdf = await renderGoodsReceipt(goodsReceipt());
    const info = pdfInfo(pdf);
    expect(info.sizesMm).toEqual([{ width: 210, height: 297 }]);
    const text = pdfText(pdf);
    expect(text).toContain('Kvittens');
    expect(text).toMatch(/Kundordernr\s+25030017/);
    expect(text).toMatch(/Inköpsordernr\s+25030042/);
    expect(text).toMatch(/Följesedel\s+FS-778812/);
    expect(text).toMatch(/Mottaget\s+2025-01-21 09:47/);
    expect(text).toMatch(/Mottaget av\s+Jörgen Ek/);
    expect(text).toContain('MOTTAGANDE LAGER');
    expect(text).toContain('Buffertlager Åhus');
    // 3 × 2 895 kr, whole kronor, no öre.
    expect(text).toMatch(/Rollator Cross 6 M, mörkgrå, med korg och bricka\s+3\s+st\s+2 895 kr\s+8 685 kr/);
    expect(text).not.toMatch(/\d,\d\d kr/);
    expect(text).toMatch(/Att stämma av mot fakturan\s+26 765 kr/);
    expect(text).toMatch(/Signatur\s+Namnförtydligande\s+Datum/);
    expect(text).not.toContain('KOPIA');
  });

  it('lists each individual of a tracked line under it, with its serial number', async () => {
    const text = pdfText(await renderGoodsReceipt(goodsReceipt()));
    const rows = text.split('\n');
    const at = (needle: string) => rows.findIndex((r) => r.includes(needle));
    expect(text).toMatch(/Individnr 100007\s+Serienr CR6-24-118832/);
    expect(text).toMatch(/Individnr 100021\s+Serienr saknas/);
    expect(text).toMatch(/Individnr 100028\s+Serienr VD90E-7781-ÅÄÖ/);
    // Under their own line: after line 1, before line 2.
    expect(at('Individnr 100007')).toBeGreaterThan(at('Rollator Cross'));
    expect(at('Individnr 100021')).toBeLessThan(at('Duschpall Öresund'));
  });

  it('many individuals break over pages, the table header repeated; a reprint is KOPIA', async () => {
    const receipt = goodsReceipt(true);
    const individuals = Array.from({ length: 90 }, (_, i) => ({ individualNo: String(200_000 + i), serialNo: `SN-${i}` }));
    receipt.lines = [{ lineNo: 1, articleNo: '40025', name: 'Griptång Räckvidd 82 cm', unit: 'st', quantity: 90, unitPriceOre: 18_900, individuals }];
    receipt.totalOre = 90 * 18_900;
    const pdf = await renderGoodsReceipt(receipt);
    const { pages } = pdfInfo(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const all = pdfText(pdf);
    for (let i = 0; i < 90; i += 1) expect(all).toContain(`Individnr ${200_000 + i}`);
    for (let page = 1; page <= pages; page += 1) {
      const text = pdfText(pdf, page);
      expect(text, `page ${page}`).toMatch(/Rad\s+Artikelnr\s+Benämning\s+Mottaget\s+Enhet\s+À-pris\s+Belopp/);
      expect(text, `page ${page}`).toContain('KOPIA');
      expect(text, `page ${page}`).toContain(`Sida ${page} av ${pages}`);
      // A page that goes on with the individuals says whose they are.
      if (page > 1 && /Individnr/.test(text)) expect(text, `page ${page}`).toContain('Rad 1 · 40025 Griptång Räckvidd 82 cm (forts.)');
    }
    expect(pdfText(pdf, 2)).toContain('(forts.)');
  });
});

describe('the goods receipt refuses bad input in Swedish, without a PDF', () => {
  const refusal = async (input: GoodsReceiptDocumentInput) => {
    try {
      await renderGoodsReceipt(input);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentInputError);
      return (error as DocumentInputError).issues;
    }
    throw new Error('rendered a PDF');
  };

  it('no lines', async () => {
    expect(await refusal({ ...goodsReceipt(), lines: [], totalOre: 0 })).toEqual(['Kvittensen har inga rader.']);
  });

  it('öre in a price: receipts are in whole kronor', async () => {
    const receipt = goodsReceipt();
    receipt.lines[1]!.unitPriceOre = 112_050;
    receipt.totalOre = (receipt.totalOre ?? 0) + 2 * 50;
    expect(await refusal(receipt)).toEqual(['Rad 2: À-priset på en kvittens ska vara i hela kronor.']);
  });

  it('a tracked line with fewer individuals than received', async () => {
    const receipt = goodsReceipt();
    receipt.lines[0]!.individuals = receipt.lines[0]!.individuals!.slice(0, 2);
    expect(await refusal(receipt)).toEqual(['Rad 1: 3 mottagna men 2 individnummer; en individ per mottagen enhet.']);
  });

  it('a negative price', async () => {
    const receipt = goodsReceipt();
    receipt.lines[3]!.unitPriceOre = -95_000;
    expect(await refusal(receipt)).toEqual(['Rad 4: À-priset kan inte vara negativt.']);
  });
});
