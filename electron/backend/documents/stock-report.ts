import { parseInput } from './errors';
import { formatInteger, formatKronor, formatPrintedAt } from './format';
import { continuationHeader, documentHeader } from './header';
import { addA4Page, drawTable, ensureRoom, finishPages, hRule, INK, LEFT, line, MUTED, RIGHT, type Column } from './page';
import { checkPrintable, createPdf, pdfBytes } from './pdf';
import { StockReportDocument, type StockReportDocumentInput } from './schemas';

type Article = StockReportDocument['articles'][number];

const COLUMNS: Column<Article>[] = [
  { title: 'Artikelnr', widthMm: 18, value: (a) => a.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 62, value: (a) => a.name, wrap: 2 },
  { title: 'Enhet', widthMm: 12, value: (a) => a.unit },
  { title: 'Saldo', widthMm: 17, align: 'right', value: (a) => formatInteger(a.onHand), font: 'medium' },
  { title: 'Reserverat', widthMm: 19, align: 'right', value: (a) => formatInteger(a.reserved) },
  { title: 'Disponibelt', widthMm: 20, align: 'right', value: (a) => formatInteger(a.available) },
  { title: 'Värde', widthMm: 26, align: 'right', value: (a) => formatKronor(a.valueOre) },
];

const individualLines = (a: Article): string[][] =>
  a.individuals.map((i) => [`Individnr ${i.individualNo}`, i.serialNo ? `Serienr ${i.serialNo}` : 'Serienr saknas', i.location ?? 'ingen hyllplats', i.status]);

/**
 * The stock report (lagersaldorapport) of the own store: balance, reserved, available and value per
 * article, the individuals in the store under each tracked article, and the totals.
 */
export function renderStockReport(input: StockReportDocumentInput): Buffer {
  const d = parseInput(StockReportDocument, input);
  const title = `Lagersaldorapport ${d.store.id}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  const individuals = d.articles.reduce((n, a) => n + a.individuals.length, 0);
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Lagersaldorapport',
    subtitle: 'Saldo per artikel i det egna lagret',
    copy: false,
    facts: [
      ['Lagernr', d.store.id],
      ['Urval', d.filterText],
      ['Artiklar', formatInteger(d.articles.length)],
      ['Utskriven', formatPrintedAt(d.printedAt)],
      ['Utskriven av', d.printedBy],
    ],
  });
  const cont = () => continuationHeader(doc, `Lagersaldorapport · ${d.store.id} ${d.store.name} · ${d.filterText}`);
  if (d.articles.length === 0) {
    line(doc, 'Inga artiklar i urvalet.', LEFT, y + 6, { size: 10, color: MUTED });
    y += 30;
  } else {
    y = drawTable(doc, { columns: COLUMNS, rows: d.articles, details: individualLines, continued: (a) => `${a.articleNo} ${a.name} (forts.)`, continuationHeader: cont }, y + 4);
  }

  const sum = (f: (a: Article) => number) => d.articles.reduce((n, a) => n + f(a), 0);
  y = ensureRoom(doc, y, 80, cont);
  hRule(doc, y + 4, { from: RIGHT - 250, color: INK, width: 1 });
  const totals: [string, string][] = [
    ['Saldo totalt', formatInteger(sum((a) => a.onHand))],
    ['Reserverat', formatInteger(sum((a) => a.reserved))],
    ['Individer i lagret', formatInteger(individuals)],
    ['Lagervärde', formatKronor(sum((a) => a.valueOre))],
  ];
  totals.forEach(([label, value], i) => {
    const at = y + 11 + i * 14;
    const last = i === totals.length - 1;
    line(doc, label, RIGHT - 250, at, { size: 9, color: MUTED });
    line(doc, value, RIGHT - 250, at - (last ? 1 : 0), { size: last ? 11 : 9.5, font: 'medium', width: 250 - 3, align: 'right' });
  });

  finishPages(doc, { footerLeft: `Buffert · ${title} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}
