import { parseInput } from './errors';
import { formatInteger, formatPrintedAt, formatWholeKronor } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, hRule, LEFT, line, MUTED, RIGHT, type Column } from './page';
import { orderNumberText } from './purchase-order';
import { checkPrintable, createPdf, pdfBytes, wrapLines } from './pdf';
import { GoodsReceiptDocument, type GoodsReceiptDocumentInput } from './schemas';

type Line = GoodsReceiptDocument['lines'][number];

const COLUMNS: Column<Line>[] = [
  { title: 'Rad', widthMm: 9, align: 'right', value: (l) => String(l.lineNo) },
  { title: 'Artikelnr', widthMm: 17, value: (l) => l.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 72, value: (l) => l.name, wrap: 3 },
  { title: 'Mottaget', widthMm: 18, align: 'right', value: (l) => formatInteger(l.quantity) },
  { title: 'Enhet', widthMm: 12, value: (l) => l.unit },
  { title: 'À-pris', widthMm: 22, align: 'right', value: (l) => formatWholeKronor(l.unitPriceOre) },
  { title: 'Belopp', widthMm: 24, align: 'right', value: (l) => formatWholeKronor(l.quantity * l.unitPriceOre), font: 'medium' },
];

/** A tracked line's individuals, one a line: "Individnr 100007 | Serienr AB-1234". */
const individualLines = (l: Line): string[][] => l.individuals.map((i) => [`Individnr ${i.individualNo}`, i.serialNo ? `Serienr ${i.serialNo}` : 'Serienr saknas']);

/**
 * The goods receipt (kvittens): what arrived against which order, who received it and when,
 * each tracked line's individual and serial numbers, prices in whole kronor and the total the
 * supplier's invoice is matched against ("sakattest", manual 000, 7.7), and a signature line.
 */
export function renderGoodsReceipt(input: GoodsReceiptDocumentInput): Buffer {
  const d = parseInput(GoodsReceiptDocument, input);
  const orderNo = orderNumberText(d.customerOrderNo, d.provisionalNo);
  const title = `Kvittens ${orderNo}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);

  const received = d.receivedTime ? `${d.receivedDate} ${d.receivedTime}` : d.receivedDate;
  const facts: [string, string][] = [
    ['Kundordernr', orderNo],
    ['Inköpsordernr', d.purchaseOrderNo ?? '–'],
    ...(d.deliveryNoteNo ? ([['Följesedel', d.deliveryNoteNo]] as [string, string][]) : []),
    ['Mottaget', received],
    ['Mottaget av', d.receivedBy.name],
  ];
  let y = documentHeader(doc, { issuer: d.issuer, title: 'Kvittens', subtitle: 'Godsmottagning från leverantör', copy: d.copy, facts });

  y = addressBlocks(
    doc,
    y,
    ['Leverantör', [{ text: d.supplier.name, font: 'medium' }, ...(d.supplier.supplierNo ? [{ text: `Leverantörsnr ${d.supplier.supplierNo}` }] : []), ...d.supplier.addressLines.map((text) => ({ text }))]],
    ['Mottagande lager', [{ text: d.store.name, font: 'medium' }, { text: `Lager ${d.store.id}` }, ...d.store.addressLines.map((text) => ({ text }))]],
  );

  const cont = () => continuationHeader(doc, `Kvittens ${orderNo} · ${d.supplier.name} · mottaget ${received}`);
  const continued = (l: Line) => `Rad ${l.lineNo} · ${l.articleNo} ${l.name} (forts.)`;
  y = drawTable(doc, { columns: COLUMNS, rows: d.lines, details: individualLines, continued, continuationHeader: cont }, y + 4);

  // The total, then the attestation and the signature: kept together on one page.
  y = ensureRoom(doc, y, 150, cont);
  hRule(doc, y + 2, { from: RIGHT - 220, color: '#111111', width: 1 });
  line(doc, 'Att stämma av mot fakturan', RIGHT - 220, y + 9, { size: 9, color: MUTED });
  line(doc, formatWholeKronor(d.totalOre), RIGHT - 220, y + 8, { size: 11, font: 'medium', width: 220 - 3, align: 'right' });
  y += 36;
  const attest =
    'Kvittensen gäller som sakattest: mottagaren intygar att leveransen stämmer med beställningen till antal, individnummer och pris. Leverantörens faktura stäms av mot totalen ovan.';
  for (const l of wrapLines(doc, attest, CONTENT_WIDTH, 'regular', 8.5, 3)) {
    line(doc, l, LEFT, y, { size: 8.5, color: MUTED });
    y += 11;
  }
  y += 34;
  const sigW = (CONTENT_WIDTH - 2 * 18) / 3;
  (['Signatur', 'Namnförtydligande', 'Datum'] as const).forEach((label, i) => {
    const x = LEFT + i * (sigW + 18);
    hRule(doc, y, { from: x, to: x + sigW, color: '#111111', width: 0.8 });
    line(doc, label, x, y + 4, { size: 8, color: MUTED });
  });
  line(doc, d.receivedBy.name, LEFT + sigW + 18, y - 14, { size: 9.5 });
  line(doc, d.receivedDate, LEFT + 2 * (sigW + 18), y - 14, { size: 9.5 });

  finishPages(doc, { footerLeft: `Buffert · ${title} · utskriven ${formatPrintedAt(d.printedAt)} av ${d.receivedBy.name}`, copy: d.copy });
  return pdfBytes(doc);
}
