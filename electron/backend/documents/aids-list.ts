import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { continuationHeader, documentHeader } from './header';
import { addA4Page, drawTable, finishPages, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes } from './pdf';
import { AidsListDocument, type AidsListDocumentInput } from './schemas';

type Aid = AidsListDocument['aids'][number];

const iso = (code: string) => code.replace(/\s/g, '').replace(/(\d{2})(?=\d)/g, '$1 ');

const COLUMNS: Column<Aid>[] = [
  { title: 'Artikelnr', widthMm: 17, value: (a) => a.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 62, value: (a) => a.name, wrap: 2 },
  { title: 'Individnr', widthMm: 21, value: (a) => a.individualNo ?? '' },
  { title: 'ISO-kod', widthMm: 20, value: (a) => iso(a.isoCode) },
  { title: 'Antal', widthMm: 13, align: 'right', value: (a) => formatInteger(a.deliveredAt === null && a.quantity === 0 ? a.orderedQuantity : a.quantity) },
  { title: 'Levererad', widthMm: 23, value: (a) => a.deliveredAt ?? 'Ej levererad' },
  { title: 'Typ', widthMm: 18, value: (a) => (a.prescribed ? 'Förskrivet' : 'Beställt') },
];

/**
 * The recipient's aids list (Mottagarinformation, manual 003 "Mottagare utskrifter"): every aid
 * the recipient holds, newest first, or only the prescribed ones; not yet delivered ones say so.
 */
export function renderAidsList(input: AidsListDocumentInput): Buffer {
  const d = parseInput(AidsListDocument, input);
  const title = d.prescribedOnly ? 'Hjälpmedelslista, förskrivna hjälpmedel' : 'Hjälpmedelslista';
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  const y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Hjälpmedelslista',
    subtitle: d.prescribedOnly ? 'Förskrivna hjälpmedel hos mottagaren' : 'Alla hjälpmedel hos mottagaren',
    copy: false,
    facts: [
      ['Mottagare', d.recipient.name],
      ['', d.recipient.identity],
      ...d.recipient.addressLines.slice(0, 2).map((l): [string, string] => ['', l]),
      ['Rader', formatInteger(d.aids.length)],
      ['Utskriven', formatPrintedAt(d.printedAt)],
      ['Utskriven av', d.printedBy],
    ],
  });
  const cont = () => continuationHeader(doc, `${title} · ${d.recipient.name} · ${d.recipient.identity}`);
  if (d.aids.length === 0) {
    line(doc, d.prescribedOnly ? 'Mottagaren har inga förskrivna hjälpmedel.' : 'Mottagaren har inga hjälpmedel.', LEFT, y + 6, { size: 10, color: MUTED });
  } else {
    drawTable(doc, { columns: COLUMNS, rows: d.aids, continuationHeader: cont }, y + 4);
  }
  finishPages(doc, { footerLeft: `Buffert · ${title} · ${d.recipient.identity} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}
