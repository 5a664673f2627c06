import { parseInput } from './errors';
import { formatInteger, formatKronor, formatPrintedAt } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, hRule, LEFT, line, MUTED, RIGHT, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes, wrapLines } from './pdf';
import { PurchaseOrderDocument, type PurchaseOrderDocumentInput } from './schemas';

type Line = PurchaseOrderDocument['lines'][number];

const COLUMNS: Column<Line>[] = [
  { title: 'Rad', widthMm: 9, align: 'right', value: (l) => String(l.lineNo) },
  { title: 'Artikelnr', widthMm: 17, value: (l) => l.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 55, value: (l) => l.name, wrap: 3 },
  { title: 'Lev. artikelnr', widthMm: 25, value: (l) => l.supplierArticleNo ?? '' },
  { title: 'Antal', widthMm: 13, align: 'right', value: (l) => formatInteger(l.quantity) },
  { title: 'Enhet', widthMm: 11, value: (l) => l.unit },
  { title: 'À-pris', widthMm: 21, align: 'right', value: (l) => formatKronor(l.unitPriceOre) },
  { title: 'Belopp', widthMm: 23, align: 'right', value: (l) => formatKronor(l.quantity * l.unitPriceOre), font: 'medium' },
];

/** The number the order is known by: the central one, or the workstation's provisional one until central has given it. */
export const orderNumberText = (central: string | null, provisional: string | null): string => central ?? (provisional ? `${provisional} (preliminärt)` : '–');

/**
 * The purchase order (inköpsorder) to the supplier, with "Märk lev:" — the number the supplier
 * prints on the delivery note, by which the store finds the order when the goods arrive (manual
 * 000, 7.7). A reprint (`copy`) is marked KOPIA on every page so the supplier does not deliver twice.
 */
export function renderPurchaseOrder(input: PurchaseOrderDocumentInput): Buffer {
  const d = parseInput(PurchaseOrderDocument, input);
  const number = orderNumberText(d.purchaseOrderNo, d.purchaseOrderNo ? null : d.provisionalNo);
  const markWith = d.customerOrderNo ?? d.provisionalNo!;
  const title = `Inköpsorder ${number}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);

  const facts: [string, string][] = [
    ['Inköpsordernr', number],
    ['Kundordernr', orderNumberText(d.customerOrderNo, d.provisionalNo)],
    ['Orderdatum', d.orderDate],
    ...(d.deliveryDate ? ([['Önskad leverans', d.deliveryDate]] as [string, string][]) : []),
    ['Vår referens', d.orderedBy.phone ? `${d.orderedBy.name}, ${d.orderedBy.phone}` : d.orderedBy.name],
  ];
  let y = documentHeader(doc, { issuer: d.issuer, title: 'Inköpsorder', copy: d.copy, facts });

  // Märk lev: the one thing the supplier must copy onto the delivery note.
  doc.rect(LEFT, y, CONTENT_WIDTH, 30).lineWidth(1).strokeColor('#111111').stroke();
  line(doc, 'Märk lev:', LEFT + 8, y + 8, { size: 13, font: 'medium' });
  line(doc, markWith, LEFT + 80, y + 7, { size: 15, font: 'medium' });
  line(doc, 'Ange numret på följesedel och faktura.', LEFT + 200, y + 10, { size: 8.5, color: MUTED, width: RIGHT - LEFT - 208, align: 'right' });
  y += 42;

  y = addressBlocks(
    doc,
    y,
    ['Leverantör', [{ text: d.supplier.name, font: 'medium' }, ...(d.supplier.supplierNo ? [{ text: `Leverantörsnr ${d.supplier.supplierNo}` }] : []), ...d.supplier.addressLines.map((text) => ({ text }))]],
    ['Leveransadress', [{ text: d.store.name, font: 'medium' }, { text: `Lager ${d.store.id}` }, ...d.store.addressLines.map((text) => ({ text }))]],
  );
  if (d.note) {
    line(doc, 'ÖVRIG INFORMATION', LEFT, y, { size: 7, font: 'medium', color: MUTED });
    y += 11;
    for (const l of d.note.split('\n').flatMap((p) => wrapLines(doc, p, CONTENT_WIDTH, 'regular', 9, 4))) {
      line(doc, l, LEFT, y, { size: 9 });
      y += 11.5;
    }
    y += 6;
  }

  const cont = () => continuationHeader(doc, `Inköpsorder ${number} · Märk lev: ${markWith} · ${d.supplier.name}`);
  y = drawTable(doc, { columns: COLUMNS, rows: d.lines, continuationHeader: cont }, y + 4);

  y = ensureRoom(doc, y, 40, cont);
  hRule(doc, y + 2, { from: RIGHT - 200, color: '#111111', width: 1 });
  line(doc, `Totalt (${d.lines.length} ${d.lines.length === 1 ? 'rad' : 'rader'})`, RIGHT - 200, y + 9, { size: 9, color: MUTED });
  line(doc, formatKronor(d.totalOre), RIGHT - 200, y + 8, { size: 11, font: 'medium', width: 200 - 3, align: 'right' });

  finishPages(doc, { footerLeft: `Buffert · ${title} · utskriven ${formatPrintedAt(d.printedAt)} av ${d.orderedBy.name}`, copy: d.copy });
  return pdfBytes(doc);
}
