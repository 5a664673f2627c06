import { z } from 'zod';
import { cleanText, IndividualNo } from '../../../shared/domain/mutation';
import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, hRule, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes, wrapLines, type Doc } from './pdf';
import { Issuer, PrintedAt, Store } from './schemas';

/**
 * Arbetsorder (the activity's print, manual 003 "Aktivitet Taklyft": "Skriv sen ut aktiviteten"):
 * what a technician takes to the aid — the number, type, priority, the aid and its individual, the
 * recipient and where the work is done, the requested action, the files that go with it, what has
 * been reported so far, and room to write what was done, the time and the parts. And the
 * supplier's copy the prescriber e-mails to a ceiling-lift supplier, which "may not contain
 * personal data": its input has no field for the recipient or the address.
 */

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const optional = (label: string, max: number, multiLine = false) => cleanText(max, `${label} får vara högst ${max} tecken.`, { multiLine }).nullable().default(null);

const Report = z.object({
  at: PrintedAt,
  by: text('Vem som återrapporterade', 60),
  text: cleanText(255, 'Utförd åtgärd får vara högst 255 tecken.', { multiLine: true }),
  minutes: z.number().int().min(0).max(10_000),
  parts: cleanText(400, 'Reservdelarna får vara högst 400 tecken.').nullable().default(null),
  closed: z.boolean(),
});

/** What both copies share: numbers, type, the aid, the requested action, the files, the reports. */
const Common = {
  issuer: Issuer,
  store: Store,
  activityNo: optional('Aktivitetsnumret', 20),
  provisionalNo: optional('Det preliminära numret', 30),
  kind: text('Aktivitetstypen', 60),
  priority: text('Prioriteten', 20),
  status: text('Statusen', 30),
  registeredAt: PrintedAt,
  registeredBy: text('Beställaren', 60),
  title: text('Benämningen', 70),
  requestedAction: cleanText(255, 'Efterfrågad åtgärd får vara högst 255 tecken.', { multiLine: true, required: 'Efterfrågad åtgärd saknas.' }),
  aid: z
    .object({ articleNo: text('Artikelnumret', 30), name: text('Artikelns benämning', 120), individualNo: IndividualNo.nullable().default(null), serialNo: optional('Serienumret', 40) })
    .nullable()
    .default(null),
  orderNo: optional('Kundordernumret', 30),
  contactPrescriber: z.boolean(),
  attachments: z.array(text('Bilagans namn', 120)).max(20).default([]),
  reports: z.array(Report).max(100).default([]),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
};

export const WorkOrderDocument = z
  .object({
    ...Common,
    recipient: z.object({ name: text('Mottagarens namn', 80), idLine: text('Mottagarens nummer', 30), kindText: text('Mottagartypen', 20) }).nullable().default(null),
    address: z.object({ typeText: text('Adresstypen', 40), lines: z.array(cleanText(80, 'En adressrad får vara högst 80 tecken.')).max(5).default([]) }),
    description: optional('Beskrivningen', 255, true),
  })
  .strict();
export type WorkOrderDocumentInput = z.input<typeof WorkOrderDocument>;

/** The supplier's copy: no recipient, no address, no description (free text that may name someone). */
export const WorkOrderSupplierCopyDocument = z.object(Common).strict();
export type WorkOrderSupplierCopyDocumentInput = z.input<typeof WorkOrderSupplierCopyDocument>;

type CommonData = z.output<z.ZodObject<typeof Common>>;
type ReportData = z.output<typeof Report>;

const REPORT_COLUMNS: Column<ReportData>[] = [
  { title: 'Datum', widthMm: 30, value: (r) => formatPrintedAt(r.at) },
  { title: 'Av', widthMm: 32, value: (r) => r.by, wrap: 2 },
  { title: 'Utförd åtgärd', widthMm: 66, value: (r) => `${r.text}${r.closed ? ' (avslutad)' : ''}`, wrap: 4 },
  { title: 'Tid', widthMm: 16, align: 'right', value: (r) => `${formatInteger(r.minutes)} min` },
  { title: 'Reservdelar', widthMm: 30, value: (r) => r.parts ?? '–', wrap: 3 },
];

function header(doc: Doc, d: CommonData, subtitle: string): number {
  return documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Arbetsorder',
    subtitle,
    copy: false,
    facts: [
      ['Aktivitetsnr', d.activityNo ?? 'ges av centralen vid synk'],
      ...(d.provisionalNo ? ([['Preliminärt nr', d.provisionalNo]] as [string, string][]) : []),
      ['Typ', d.kind],
      ['Prioritet', d.priority],
      ['Status', d.status],
      ['Registrerad', formatPrintedAt(d.registeredAt)],
      ['Beställare', d.registeredBy],
      ...(d.orderNo ? ([['Kundorder', d.orderNo]] as [string, string][]) : []),
      ['Utskriven', formatPrintedAt(d.printedAt)],
    ],
  });
}

/** A labelled paragraph (wrapped); answers the y below it. */
function paragraph(doc: Doc, y: number, label: string, value: string, cont: () => number, maxLines = 8): number {
  const lines = wrapLines(doc, value, CONTENT_WIDTH, 'regular', 10, maxLines);
  y = ensureRoom(doc, y, 14 + lines.length * 13, cont);
  line(doc, label.toUpperCase(), LEFT, y, { size: 7, color: MUTED, font: 'medium', width: CONTENT_WIDTH });
  y += 11;
  for (const l of lines) {
    line(doc, l, LEFT, y, { size: 10, width: CONTENT_WIDTH });
    y += 13;
  }
  return y + 6;
}

function aidLines(d: CommonData): { text: string; font?: 'regular' | 'medium' }[] {
  if (!d.aid) return [{ text: 'Inget hjälpmedel angivet' }];
  return [
    { text: `${d.aid.articleNo} ${d.aid.name}`, font: 'medium' },
    ...(d.aid.individualNo ? [{ text: `Individ ${d.aid.individualNo}`, font: 'medium' as const }] : []),
    ...(d.aid.serialNo ? [{ text: `Serienr ${d.aid.serialNo}` }] : []),
  ];
}

/** The requested action, the files, the reports so far and the technician's part to fill in; then the footers. */
function body(doc: Doc, d: CommonData, y: number, title: string, cont: () => number, description: string | null): void {
  hRule(doc, y);
  y += 8;
  line(doc, d.title, LEFT, y, { size: 12, font: 'medium', width: CONTENT_WIDTH });
  y += 20;
  y = paragraph(doc, y, 'Efterfrågad åtgärd / felbeskrivning', d.requestedAction, cont);
  if (description) y = paragraph(doc, y, 'Beskrivning / övriga uppgifter', description, cont);
  if (d.attachments.length > 0) y = paragraph(doc, y, `Bilagor (${d.attachments.length})`, d.attachments.join(' · '), cont, 4);
  if (d.reports.length > 0) {
    y = ensureRoom(doc, y, 50, cont);
    line(doc, 'ARBETSTID OCH MATERIAL', LEFT, y, { size: 7, color: MUTED, font: 'medium', width: CONTENT_WIDTH });
    y = drawTable(doc, { columns: REPORT_COLUMNS, rows: d.reports, continuationHeader: cont }, y + 11) + 8;
  }
  // The technician's part: written by hand on the aid's site.
  y = ensureRoom(doc, y, 150, cont);
  line(doc, 'UTFÖRT (FYLLS I AV TEKNIKERN)', LEFT, y + 6, { size: 7, color: MUTED, font: 'medium', width: CONTENT_WIDTH });
  y += 22;
  for (let i = 0; i < 4; i += 1) {
    hRule(doc, y + 14, { color: '#bbbbbb' });
    y += 20;
  }
  y += 10;
  line(doc, 'Arbetstid: ____________ min      Reservdelar (art.nr × antal): ________________________________', LEFT, y, { size: 9.5, width: CONTENT_WIDTH });
  y += 24;
  line(doc, '[ ] Avsluta aktivitet      Datum: ____________      Signatur: ______________________________', LEFT, y, { size: 9.5, width: CONTENT_WIDTH });
  finishPages(doc, { footerLeft: `Buffert · ${title} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
}

/** The work order for the technician: everything above, with the recipient and the activity's address. */
export function renderWorkOrder(input: WorkOrderDocumentInput): Buffer {
  const d = parseInput(WorkOrderDocument, input);
  const title = `Arbetsorder ${d.activityNo ?? d.provisionalNo ?? ''}`.trim();
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = header(doc, d, `${d.kind} – ${d.store.name}`);
  const recipient = d.recipient
    ? [{ text: d.recipient.name, font: 'medium' as const }, { text: `${d.recipient.idLine} (${d.recipient.kindText})` }]
    : [{ text: 'Lagrets eget hjälpmedel' }];
  if (d.contactPrescriber) recipient.push({ text: 'Förskrivare ska kontaktas (smitta)', font: 'medium' });
  y = addressBlocks(doc, y, ['Mottagare', recipient], [`Aktivitetsadress – ${d.address.typeText}`, d.address.lines.length ? d.address.lines.map((t) => ({ text: t })) : [{ text: 'Adress saknas' }]]);
  y = addressBlocks(doc, y, ['Hjälpmedel', aidLines(d)], ['Kontakt', [{ text: d.registeredBy }, { text: `${d.store.name} (lager ${d.store.id})` }]]);
  body(doc, d, y, title, () => continuationHeader(doc, title), d.description);
  return pdfBytes(doc);
}

/** The supplier's copy (ceiling lifts): the same work order without any personal data of the recipient. */
export function renderWorkOrderSupplierCopy(input: WorkOrderSupplierCopyDocumentInput): Buffer {
  const d = parseInput(WorkOrderSupplierCopyDocument, input);
  const title = `Arbetsorder ${d.activityNo ?? d.provisionalNo ?? ''} leverantörskopia`.replace('  ', ' ');
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = header(doc, d, 'Leverantörskopia – utan personuppgifter');
  const contact = [{ text: d.registeredBy, font: 'medium' as const }, { text: `${d.store.name} (lager ${d.store.id})` }];
  if (d.contactPrescriber) contact.push({ text: 'Kontakta förskrivaren före besöket', font: 'medium' });
  y = addressBlocks(doc, y, ['Hjälpmedel', aidLines(d)], ['Kontakt', contact]);
  y = paragraph(doc, y, 'Personuppgifter', 'Mottagarens namn, personnummer, adress och telefon står inte på leverantörskopian; de lämnas per telefon av förskrivaren.', () => continuationHeader(doc, title));
  body(doc, d, y, title, () => continuationHeader(doc, title), null);
  return pdfBytes(doc);
}
