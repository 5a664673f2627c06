import { z } from 'zod';
import { cleanText, IndividualNo } from '../../../shared/domain/mutation';
import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes, wrapLines } from './pdf';
import { Issuer, PrintedAt, Store } from './schemas';

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const optional = (label: string, max: number, multiLine = false) => cleanText(max, `${label} får vara högst ${max} tecken.`, { multiLine }).nullable().default(null);
const lines = (label: string) => z.array(cleanText(80, `En rad i ${label} får vara högst 80 tecken.`)).max(5).default([]);

export const PickListLine = z.object({
  lineNo: z.number().int().min(1),
  articleNo: text('Artikelnumret', 30),
  name: text('Benämningen', 120),
  unit: text('Enheten', 10),
  quantity: z.number().int().min(1, 'Antalet ska vara minst 1.').max(99_999),
  location: optional('Hyllplatsen', 40),
  individualNo: IndividualNo.nullable().default(null),
  serialNo: optional('Serienumret', 40),
  payerId: optional('Betalaren', 5),
  note: optional('Tilläggstexten', 70),
});

/** The pick list (plocklista) of a direct order: what to take from the own store's shelves, and for whom. */
export const PickListDocument = z.object({
  issuer: Issuer,
  store: Store,
  /** "Direktförskrivning", "Direktbeställning". */
  kindText: text('Ordertypen', 40),
  orderNo: optional('Ordernumret', 20),
  provisionalNo: optional('Det preliminära numret', 30),
  orderedAt: PrintedAt,
  orderedBy: text('Beställaren', 60),
  servicePoint: text('Tjänstestället', 80),
  recipient: z.object({ name: text('Mottagarens namn', 80), idLine: text('Mottagarens nummer', 30), kindText: text('Mottagartypen', 20) }),
  delivery: z.object({
    addressLines: lines('leveransadressen'),
    phone: optional('Telefonnumret', 30),
    doorCode: optional('Portkoden', 20),
    instructions: optional('Leveransinstruktionen', 255, true),
    contactPerson: optional('Kontaktpersonen', 60),
    jointDelivery: z.boolean(),
  }),
  otherInformation: optional('Övrig information', 255, true),
  contactPrescriber: z.boolean(),
  manualComment: optional('Kommentaren', 255, true),
  lines: z.array(PickListLine).min(1, 'Plocklistan har inga rader.').max(500),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
});
export type PickListDocumentInput = z.input<typeof PickListDocument>;
type Line = z.output<typeof PickListLine>;

const COLUMNS: Column<Line>[] = [
  { title: 'Rad', widthMm: 9, value: (l) => String(l.lineNo) },
  { title: 'Artikelnr', widthMm: 18, value: (l) => l.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 60, value: (l) => l.name, wrap: 2 },
  { title: 'Antal', widthMm: 14, align: 'right', value: (l) => `${formatInteger(l.quantity)} ${l.unit}`, font: 'medium' },
  { title: 'Hyllplats', widthMm: 20, value: (l) => l.location ?? '–' },
  { title: 'Individ', widthMm: 27, value: (l) => l.individualNo ?? '–', font: 'medium' },
  { title: 'Plockat', widthMm: 26, value: () => '______' },
];

const details = (l: Line): string[][] => {
  const out: string[][] = [];
  if (l.serialNo) out.push([`Serienr ${l.serialNo}`]);
  if (l.note) out.push([`Text: ${l.note}`]);
  if (l.payerId) out.push([`Betalare ${l.payerId}`]);
  return out;
};

/**
 * The pick list of a direct order (direktförskrivning, direktbeställning): letterhead, the order's
 * numbers, the recipient and the delivery (address, phone, door code, instructions, contact), the
 * lines with shelf location and the individual to take, a tick column, and the other information
 * that goes on the delivery note.
 */
export function renderPickList(input: PickListDocumentInput): Buffer {
  const d = parseInput(PickListDocument, input);
  const no = d.orderNo ?? d.provisionalNo ?? '';
  const title = `Plocklista ${no}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Plocklista',
    subtitle: `${d.kindText} ur eget förråd – följs av utleverans`,
    copy: false,
    facts: [
      ['Ordernr', d.orderNo ?? 'ges av centralen vid synk'],
      ...(d.provisionalNo ? ([['Preliminärt nr', d.provisionalNo]] as [string, string][]) : []),
      ['Registrerad', formatPrintedAt(d.orderedAt)],
      ['Beställare', d.orderedBy],
      ['Tjänsteställe', d.servicePoint],
      ['Utskriven', formatPrintedAt(d.printedAt)],
    ],
  });
  const deliveryLines = [
    ...d.delivery.addressLines.map((t) => ({ text: t })),
    ...(d.delivery.phone ? [{ text: `Telefon ${d.delivery.phone}` }] : []),
    ...(d.delivery.doorCode ? [{ text: `Portkod ${d.delivery.doorCode}` }] : []),
    ...(d.delivery.contactPerson ? [{ text: `Kontakt ${d.delivery.contactPerson}` }] : []),
    ...(d.delivery.jointDelivery ? [{ text: 'Samleverans', font: 'medium' as const }] : []),
  ];
  y = addressBlocks(
    doc,
    y,
    [`Mottagare (${d.recipient.kindText})`, [{ text: d.recipient.name, font: 'medium' }, { text: d.recipient.idLine }, ...(d.contactPrescriber ? [{ text: 'Förskrivare ska kontaktas', font: 'medium' as const }] : [])]],
    ['Leverans', deliveryLines.length ? deliveryLines : [{ text: 'Mottagarens adress' }]],
  );
  const note = (label: string, value: string | null) => {
    if (!value) return;
    for (const l of wrapLines(doc, `${label}: ${value}`, CONTENT_WIDTH, 'regular', 9, 3)) {
      line(doc, l, LEFT, y, { size: 9, color: MUTED });
      y += 12;
    }
  };
  note('Leveransinstruktion', d.delivery.instructions);
  note('Övrig information', d.otherInformation);
  note('MANUELL', d.manualComment);
  const cont = () => continuationHeader(doc, `Plocklista ${no} · ${d.recipient.name}`);
  y = drawTable(doc, { columns: COLUMNS, rows: d.lines, details, continued: (l) => `Rad ${l.lineNo} · ${l.articleNo} (forts.)`, continuationHeader: cont }, y + 6);
  y = ensureRoom(doc, y, 60, cont);
  line(doc, 'Skanna varje individ och artikel vid utleveransen: lagersaldot och mottagarens hjälpmedel uppdateras då.', LEFT, y + 10, { size: 8.5, color: MUTED, width: CONTENT_WIDTH });
  line(doc, 'Plockat av: ______________________    Datum: ____________', LEFT, y + 34, { size: 9.5, width: CONTENT_WIDTH });
  finishPages(doc, { footerLeft: `Buffert · ${title} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}
