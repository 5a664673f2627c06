import { z } from 'zod';
import { cleanText } from '../../../shared/domain/mutation';
import { parseInput } from './errors';
import { formatInteger, formatKronor, formatPrintedAt } from './format';
import { continuationHeader, documentHeader } from './header';
import { addA4Page, drawTable, ensureRoom, finishPages, hRule, INK, LEFT, line, MUTED, RIGHT, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes } from './pdf';
import { Issuer, PrintedAt, Store } from './schemas';

const text = (label: string, max: number) => cleanText(max, `${label} får vara högst ${max} tecken.`, { required: `Ange ${label.toLowerCase()}.` });
const Count = z.number().int().min(0).max(10_000_000);

export const PrescriberReportDocument = z.object({
  issuer: Issuer,
  store: Store,
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  prescribers: z
    .array(
      z.object({
        name: text('Förskrivarens namn', 80),
        orders: Count,
        quantity: Count,
        valueOre: z.number().int().min(0),
        articles: z.array(z.object({ articleNo: text('Artikelnumret', 30), name: text('Benämningen', 200), orders: Count, quantity: Count, valueOre: z.number().int().min(0) })),
      }),
    )
    .max(2_000),
  printedBy: text('Namnet på den som skriver ut', 60),
  printedAt: PrintedAt,
});
export type PrescriberReportDocumentInput = z.input<typeof PrescriberReportDocument>;
type Doc = z.output<typeof PrescriberReportDocument>;
type Row = { kind: 'prescriber'; p: Doc['prescribers'][number] } | { kind: 'article'; a: Doc['prescribers'][number]['articles'][number] };

const COLUMNS: Column<Row>[] = [
  { title: 'Förskrivare / artikel', widthMm: 30, value: (r) => (r.kind === 'prescriber' ? r.p.name : `  ${r.a.articleNo}`), font: 'medium' },
  { title: 'Benämning', widthMm: 74, value: (r) => (r.kind === 'prescriber' ? `${formatInteger(r.p.articles.length)} ${r.p.articles.length === 1 ? 'artikel' : 'artiklar'}` : r.a.name), wrap: 2 },
  { title: 'Order', widthMm: 18, align: 'right', value: (r) => formatInteger(r.kind === 'prescriber' ? r.p.orders : r.a.orders) },
  { title: 'Antal', widthMm: 20, align: 'right', value: (r) => formatInteger(r.kind === 'prescriber' ? r.p.quantity : r.a.quantity), font: 'medium' },
  { title: 'Värde', widthMm: 32, align: 'right', value: (r) => formatKronor(r.kind === 'prescriber' ? r.p.valueOre : r.a.valueOre) },
];

/** Rekvirerat per förskrivare: what each prescriber of the store ordered in the period, per article, with totals. */
export function renderPrescriberReport(input: PrescriberReportDocumentInput): Buffer {
  const d = parseInput(PrescriberReportDocument, input);
  const title = `Rekvirerat per förskrivare ${d.from}–${d.to}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  const sum = (f: (p: Doc['prescribers'][number]) => number) => d.prescribers.reduce((n, p) => n + f(p), 0);
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Rekvirerat',
    subtitle: 'Per förskrivare: beställt till patienter och vårdenheter',
    copy: false,
    facts: [
      ['Period', `${d.from} – ${d.to}`],
      ['Förskrivare', formatInteger(d.prescribers.length)],
      ['Order', formatInteger(sum((p) => p.orders))],
      ['Utskriven', formatPrintedAt(d.printedAt)],
      ['Utskriven av', d.printedBy],
    ],
  });
  const cont = () => continuationHeader(doc, `Rekvirerat per förskrivare · ${d.store.id} ${d.store.name} · ${d.from} – ${d.to}`);
  if (d.prescribers.length === 0) {
    line(doc, 'Inga beställningar i perioden.', LEFT, y + 6, { size: 10, color: MUTED });
    y += 30;
  } else {
    const rows: Row[] = d.prescribers.flatMap((p) => [{ kind: 'prescriber' as const, p }, ...p.articles.map((a) => ({ kind: 'article' as const, a }))]);
    y = drawTable(doc, { columns: COLUMNS, rows, continued: (r) => (r.kind === 'prescriber' ? `${r.p.name} (forts.)` : `${r.a.articleNo} (forts.)`), continuationHeader: cont }, y + 4);
  }
  y = ensureRoom(doc, y, 60, cont);
  hRule(doc, y + 4, { from: RIGHT - 250, color: INK, width: 1 });
  const totals: [string, string][] = [
    ['Antal totalt', formatInteger(sum((p) => p.quantity))],
    ['Värde totalt', formatKronor(sum((p) => p.valueOre))],
  ];
  totals.forEach(([label, value], i) => {
    const at = y + 11 + i * 14;
    line(doc, label, RIGHT - 250, at, { size: 9, color: MUTED });
    line(doc, value, RIGHT - 250, at, { size: i === 1 ? 11 : 9.5, font: 'medium', width: 250 - 3, align: 'right' });
  });
  finishPages(doc, { footerLeft: `Buffert · ${title} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}
