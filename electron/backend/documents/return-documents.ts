import { z } from 'zod';
import { cleanText } from '../../../shared/domain/mutation';
import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, finishPages, hRule, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes, wrapLines } from './pdf';
import { Issuer, PrintedAt, Store } from './schemas';

/**
 * The documents of a return: the retursedel (the recipient's receipt of the aids taken back,
 * "Kvittens på återlämnade hjälpmedel", manual 003) and the return note to a supplier (retur till
 * leverantör / kreditering, manual 000 §2.4) that goes with the individual.
 */

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const optional = (label: string, max: number, multiLine = false) => cleanText(max, `${label} får vara högst ${max} tecken.`, { multiLine }).nullable().default(null);

const ReceiptAid = z.object({
  articleNo: text('Artikelnumret', 30),
  name: text('Benämningen', 120),
  individualNo: optional('Individnumret', 30),
  quantity: z.number().int().min(1).max(99_999),
});

export const ReturnReceiptDocument = z.object({
  issuer: Issuer,
  store: Store,
  /** The receipt's short number (the first part of its id). */
  receiptNo: text('Retursedelns nummer', 20),
  recipient: z.object({ name: text('Mottagarens namn', 120), identity: text('Mottagarens nummer', 40) }),
  aids: z.array(ReceiptAid).min(1, 'Retursedeln ska lista minst ett hjälpmedel.').max(100, 'Högst 100 hjälpmedel på en retursedel.'),
  comment: optional('Kommentaren', 255, true),
  createdAt: PrintedAt,
  createdBy: text('Namnet på den som skapade retursedeln', 60),
  printedAt: PrintedAt,
  copy: z.boolean().default(false),
});
export type ReturnReceiptDocumentInput = z.input<typeof ReturnReceiptDocument>;

type Aid = z.output<typeof ReceiptAid>;
const COLUMNS: Column<Aid>[] = [
  { title: 'Artikelnr', widthMm: 20, value: (a) => a.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 90, value: (a) => a.name, wrap: 2 },
  { title: 'Individnr', widthMm: 48, value: (a) => a.individualNo ?? '' },
  { title: 'Antal', widthMm: 16, align: 'right', value: (a) => formatInteger(a.quantity) },
];

/** Comment lines under a heading; answers the y below. */
function comment(doc: ReturnType<typeof createPdf>, heading: string, body: string, y: number): number {
  line(doc, heading.toUpperCase(), LEFT, y, { size: 7, color: MUTED, font: 'medium', width: CONTENT_WIDTH });
  let at = y + 11;
  for (const l of body.split(/\r?\n/).flatMap((p) => wrapLines(doc, p, CONTENT_WIDTH, 'regular', 9.5, 4))) {
    line(doc, l, LEFT, at, { size: 9.5, width: CONTENT_WIDTH });
    at += 12.5;
  }
  return at + 4;
}

/** Signature lines: the recipient's and the store's. */
function signatures(doc: ReturnType<typeof createPdf>, y: number, left: string, right: string): void {
  const w = CONTENT_WIDTH * 0.42;
  hRule(doc, y + 30, { from: LEFT, to: LEFT + w });
  hRule(doc, y + 30, { from: LEFT + CONTENT_WIDTH * 0.55, to: LEFT + CONTENT_WIDTH * 0.55 + w });
  line(doc, left, LEFT, y + 34, { size: 8, color: MUTED, width: w });
  line(doc, right, LEFT + CONTENT_WIDTH * 0.55, y + 34, { size: 8, color: MUTED, width: w });
}

/** Retursedel: "Kvittens på återlämnade hjälpmedel", made before the return and given to the recipient. */
export function renderReturnReceipt(input: ReturnReceiptDocumentInput): Buffer {
  const d = parseInput(ReturnReceiptDocument, input);
  const doc = createPdf({ title: `Retursedel ${d.receiptNo}`, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Retursedel',
    subtitle: 'Kvittens på återlämnade hjälpmedel',
    copy: d.copy,
    facts: [
      ['Retursedel', d.receiptNo],
      ['Mottagare', d.recipient.name],
      ['', d.recipient.identity],
      ['Hjälpmedel', formatInteger(d.aids.length)],
      ['Skapad', formatPrintedAt(d.createdAt)],
      ['Skapad av', d.createdBy],
    ],
  });
  line(doc, 'Följande hjälpmedel har lämnats tillbaka till hjälpmedelsförrådet:', LEFT, y, { size: 10, width: CONTENT_WIDTH });
  y = drawTable(doc, { columns: COLUMNS, rows: d.aids, continuationHeader: (x) => continuationHeader(x, `Retursedel ${d.receiptNo} · ${d.recipient.name}`) }, y + 16);
  if (d.comment) y = comment(doc, 'Kommentar', d.comment, y + 12);
  signatures(doc, y + 10, 'Mottagarens underskrift', `Mottaget av (${d.store.name})`);
  finishPages(doc, { footerLeft: `Buffert · Retursedel ${d.receiptNo} · ${formatPrintedAt(d.printedAt)}`, copy: d.copy });
  return pdfBytes(doc);
}

export const SupplierReturnNoteDocument = z.object({
  issuer: Issuer,
  store: Store,
  noteNo: text('Returnumret', 20),
  supplier: z.object({ name: text('Leverantörens namn', 60), referencePerson: optional('Referenspersonen', 60) }),
  individual: z.object({
    individualNo: text('Individnumret', 30),
    serialNo: optional('Serienumret', 60),
    articleNo: text('Artikelnumret', 30),
    name: text('Benämningen', 120),
    supplierArticleNo: optional('Leverantörens artikelnummer', 40),
    purchaseDate: optional('Inköpsdatumet', 10),
  }),
  information: optional('Övrig information', 255, true),
  createdAt: PrintedAt,
  createdBy: text('Namnet på den som gjorde returen', 60),
  printedAt: PrintedAt,
});
export type SupplierReturnNoteDocumentInput = z.input<typeof SupplierReturnNoteDocument>;

/** Retursedel till leverantör: goes with the individual to the supplier (credit). No recipient data. */
export function renderSupplierReturnNote(input: SupplierReturnNoteDocumentInput): Buffer {
  const d = parseInput(SupplierReturnNoteDocument, input);
  const doc = createPdf({ title: `Retur till leverantör ${d.noteNo}`, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Retursedel',
    subtitle: 'Retur till leverantör / kreditering',
    copy: false,
    facts: [
      ['Returnummer', d.noteNo],
      ['Datum', formatPrintedAt(d.createdAt)],
      ['Returnerad av', d.createdBy],
    ],
  });
  y = addressBlocks(
    doc,
    y + 4,
    ['Leverantör', [{ text: d.supplier.name, font: 'medium' }, ...(d.supplier.referencePerson ? [{ text: `Referensperson: ${d.supplier.referencePerson}` }] : [])]],
    ['Avsändare', [{ text: d.issuer.name, font: 'medium' }, { text: `${d.store.name} (lager ${d.store.id})` }, ...d.store.addressLines.slice(0, 2).map((t) => ({ text: t }))]],
  );
  const i = d.individual;
  const rows: [string, string][] = [
    ['Artikel', `${i.articleNo} ${i.name}`],
    ['Lev. artikelnummer', i.supplierArticleNo ?? '–'],
    ['Individnummer', i.individualNo],
    ['Serienummer', i.serialNo ?? '–'],
    ['Inköpsdatum', i.purchaseDate ?? '–'],
    ['Antal', '1'],
  ];
  y += 8;
  line(doc, 'RETURNERAT HJÄLPMEDEL', LEFT, y, { size: 7, color: MUTED, font: 'medium', width: CONTENT_WIDTH });
  y += 12;
  for (const [label, value] of rows) {
    line(doc, label, LEFT, y, { size: 9, color: MUTED, width: 110 });
    line(doc, value, LEFT + 115, y, { size: 10, font: 'medium', width: CONTENT_WIDTH - 115 });
    y += 14;
  }
  if (d.information) y = comment(doc, 'Övrig information', d.information, y + 10);
  line(doc, 'Skicka retursedeln tillsammans med hjälpmedlet till leverantören. Ange returnumret på kreditfakturan.', LEFT, y + 10, { size: 9, color: MUTED, width: CONTENT_WIDTH });
  signatures(doc, y + 24, 'Avsändarens underskrift', 'Mottaget av leverantören');
  finishPages(doc, { footerLeft: `Buffert · Retur till leverantör ${d.noteNo} · ${formatPrintedAt(d.printedAt)}`, copy: false });
  return pdfBytes(doc);
}
