import { z } from 'zod';
import { cleanText, IndividualNo } from '../../../shared/domain/mutation';
import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { addressBlocks, continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes, wrapLines, type Doc } from './pdf';
import { Issuer, PrintedAt, Store } from './schemas';

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const optional = (label: string, max: number, multiLine = false) => cleanText(max, `${label} får vara högst ${max} tecken.`, { multiLine }).nullable().default(null);

export const PickupOrderLine = z.object({
  lineNo: z.number().int().min(1),
  articleNo: text('Artikelnumret', 30),
  name: text('Benämningen', 120),
  individualNo: IndividualNo.nullable().default(null),
  serialNo: optional('Serienumret', 40),
  quantity: z.number().int().min(0).max(99_999),
});

/** What both copies share: the pick-up's numbers, reason, who registered it, the aids. */
const Common = {
  issuer: Issuer,
  store: Store,
  orderNo: optional('Hämtordernumret', 20),
  provisionalNo: optional('Det preliminära numret', 30),
  registeredAt: PrintedAt,
  registeredBy: text('Den som registrerade', 60),
  /** Null: registered without a reason (the region does not require one): "–" in the header, no reason line in the notes. */
  reason: z.object({ name: text('Orsaken', 80), description: optional('Orsakens beskrivning', 255, true), performer: text('Den som hämtar', 80) }).nullable(),
  contactPrescriber: z.boolean(),
  lines: z.array(PickupOrderLine).min(1, 'Hämtordern har inga hjälpmedel.').max(200),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
};

/** The pick-up order (hämtorder) for the people who fetch the aids: where, whom to call, what. */
export const PickupOrderDocument = z.object({
  ...Common,
  recipient: z.object({ name: text('Mottagarens namn', 80), idLine: text('Mottagarens nummer', 30), kindText: text('Mottagartypen', 20) }),
  pickup: z.object({
    addressLines: z.array(cleanText(80, 'En adressrad får vara högst 80 tecken.')).max(5).default([]),
    /** The address was typed for this pick-up (not the recipient's own). */
    otherAddress: z.boolean(),
    phone: text('Telefonnumret', 30),
    doorCode: optional('Portkoden', 20),
    instructions: optional('Instruktionerna', 255, true),
  }),
  comment: optional('Kommentaren', 255, true),
});
export type PickupOrderDocumentInput = z.input<typeof PickupOrderDocument>;

/**
 * The supplier's copy (003: ceiling lifts are fetched by the supplier): no field for the
 * recipient's name, personal number, address, phone, door code or free texts exists in its input,
 * so none can be printed.
 */
export const PickupSupplierCopyDocument = z.object(Common).strict();
export type PickupSupplierCopyDocumentInput = z.input<typeof PickupSupplierCopyDocument>;

type Line = z.output<typeof PickupOrderLine>;
const COLUMNS: Column<Line>[] = [
  { title: 'Rad', widthMm: 10, value: (l) => String(l.lineNo) },
  { title: 'Artikelnr', widthMm: 20, value: (l) => l.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 74, value: (l) => l.name, wrap: 2 },
  { title: 'Individ', widthMm: 30, value: (l) => l.individualNo ?? '–', font: 'medium' },
  { title: 'Antal', widthMm: 14, align: 'right', value: (l) => formatInteger(l.quantity) },
  { title: 'Hämtat', widthMm: 26, value: () => '______' },
];
const details = (l: Line): string[][] => (l.serialNo ? [[`Serienr ${l.serialNo}`]] : []);

type CommonData = z.output<z.ZodObject<typeof Common>>;

function header(doc: Doc, d: CommonData, subtitle: string): number {
  return documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Hämtorder',
    subtitle,
    copy: false,
    facts: [
      ['Hämtordernr', d.orderNo ?? 'ges av centralen vid synk'],
      ...(d.provisionalNo ? ([['Preliminärt nr', d.provisionalNo]] as [string, string][]) : []),
      ['Registrerad', formatPrintedAt(d.registeredAt)],
      ['Registrerad av', d.registeredBy],
      ['Orsak', d.reason?.name ?? '–'],
      ['Utskriven', formatPrintedAt(d.printedAt)],
    ],
  });
}

function notes(doc: Doc, y: number, items: [string, string | null][]): number {
  for (const [label, value] of items) {
    if (!value) continue;
    for (const l of wrapLines(doc, `${label}: ${value}`, CONTENT_WIDTH, 'regular', 9, 4)) {
      line(doc, l, LEFT, y, { size: 9, color: MUTED });
      y += 12;
    }
  }
  return y;
}

function aidsAndFooter(doc: Doc, d: CommonData, y: number, title: string, cont: () => number): void {
  y = drawTable(doc, { columns: COLUMNS, rows: d.lines, details, continued: (l) => `Rad ${l.lineNo} · ${l.articleNo} (forts.)`, continuationHeader: cont }, y + 6);
  y = ensureRoom(doc, y, 50, cont);
  line(doc, 'Hämtat av: ______________________    Datum: ____________', LEFT, y + 24, { size: 9.5, width: CONTENT_WIDTH });
  finishPages(doc, { footerLeft: `Buffert · ${title} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
}

/**
 * The pick-up order: letterhead, numbers and reason, the recipient and the pick-up address with
 * phone and door code, the contact-prescriber flag, instructions and comment, and the aids to fetch.
 * One document per reason: the reason names who fetches and what it means.
 */
export function renderPickupOrder(input: PickupOrderDocumentInput): Buffer {
  const d = parseInput(PickupOrderDocument, input);
  const no = d.orderNo ?? d.provisionalNo ?? '';
  const title = `Hämtorder ${no}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = header(doc, d, d.reason ? `${d.reason.name} – hämtas av ${d.reason.performer}` : 'Ingen orsak angiven');
  const address = [
    ...(d.pickup.addressLines.length ? d.pickup.addressLines.map((t) => ({ text: t })) : [{ text: 'Mottagarens adress saknas' }]),
    ...(d.pickup.otherAddress ? [{ text: 'Annan adress för denna hämtning' }] : []),
    { text: `Telefon ${d.pickup.phone}`, font: 'medium' as const },
    ...(d.pickup.doorCode ? [{ text: `Portkod ${d.pickup.doorCode}` }] : []),
  ];
  y = addressBlocks(
    doc,
    y,
    [`Mottagare (${d.recipient.kindText})`, [{ text: d.recipient.name, font: 'medium' }, { text: d.recipient.idLine }, ...(d.contactPrescriber ? [{ text: 'Förskrivare ska kontaktas', font: 'medium' as const }] : [])]],
    ['Hämtadress', address],
  );
  y = notes(doc, y, [
    ['Orsak', d.reason?.description ?? null],
    ['Instruktioner', d.pickup.instructions],
    ['Kommentar', d.comment],
  ]);
  aidsAndFooter(doc, d, y, title, () => continuationHeader(doc, `${title} · ${d.recipient.name}`));
  return pdfBytes(doc);
}

/** The supplier's copy: the same pick-up without any personal data of the recipient. */
export function renderPickupSupplierCopy(input: PickupSupplierCopyDocumentInput): Buffer {
  const d = parseInput(PickupSupplierCopyDocument, input);
  const no = d.orderNo ?? d.provisionalNo ?? '';
  const title = `Hämtorder ${no} leverantörskopia`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  let y = header(doc, d, `Leverantörskopia – utan personuppgifter`);
  y = addressBlocks(
    doc,
    y,
    ['Hämtas av', [{ text: d.reason?.performer ?? '–', font: 'medium' }, ...(d.contactPrescriber ? [{ text: 'Förskrivare ska kontaktas före hämtning', font: 'medium' as const }] : [])]],
    ['Kontakt', [{ text: d.registeredBy }, { text: `${d.store.name} (lager ${d.store.id})` }]],
  );
  y = notes(doc, y, [
    ['Orsak', d.reason?.description ?? null],
    ['Personuppgifter', 'Mottagarens namn, personnummer, adress och telefon står inte på leverantörskopian. Hämtadressen lämnas av förskrivaren.'],
  ]);
  aidsAndFooter(doc, d, y, title, () => continuationHeader(doc, title));
  return pdfBytes(doc);
}
