import { parseInput } from './errors';
import { formatInteger, formatKronor, formatPrintedAt } from './format';
import { continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, drawTable, ensureRoom, finishPages, LEFT, line, MUTED, type Column } from './page';
import { checkPrintable, createPdf, mm, pdfBytes, wrapLines, type Doc } from './pdf';
import { VarianceReportDocument, type VarianceReportDocumentInput } from './schemas';
import { FLAG_TEXT, isoText, OUTCOME_TEXT, stocktakeStateText } from './stocktake-words';

type Doc_ = VarianceReportDocument;
type Line = Doc_['lines'][number];
type Individual = Line['individuals'][number];

const signed = (n: number) => (n > 0 ? `+${formatInteger(n)}` : formatInteger(n).replace('-', '−'));
const signedKronor = (ore: number) => (ore > 0 ? `+${formatKronor(ore)}` : formatKronor(ore).replace('-', '−'));

const LINE_COLUMNS: Column<Line>[] = [
  { title: 'Artikelnr', widthMm: 16, value: (l) => l.articleNo, font: 'medium' },
  { title: 'Benämning', widthMm: 50, value: (l) => l.name, wrap: 2 },
  { title: 'ISO', widthMm: 15, value: (l) => isoText(l.isoCode) },
  { title: 'Enhet', widthMm: 10, value: (l) => l.unit },
  { title: 'Förväntat', widthMm: 15, align: 'right', value: (l) => formatInteger(l.expected) },
  { title: 'Räknat', widthMm: 13, align: 'right', value: (l) => (l.counted === null ? '–' : formatInteger(l.counted)) },
  { title: 'Diff', widthMm: 12, align: 'right', value: (l) => (l.difference === null ? '–' : signed(l.difference)), font: 'medium' },
  { title: 'À-pris', widthMm: 20, align: 'right', value: (l) => formatKronor(l.priceOre) },
  { title: 'Värde diff', widthMm: 23, align: 'right', value: (l) => (l.valueOre === null ? '–' : signedKronor(l.valueOre)), font: 'medium' },
];

/** An individual worth a remark on the report: everything but a plain find. */
const remarkable = (i: Individual) => i.outcome !== 'found' || i.scans > 1;

/** A line with something to look at: a difference, a flag, an individual that was not simply found. */
const hasRemark = (l: Line) => (l.difference ?? 0) !== 0 || l.flags.some((f) => f !== 'uncounted') || l.individuals.some(remarkable);

function individualCells(i: Individual): string[] {
  const what = i.scans > 1 && i.outcome !== 'missing' ? `${OUTCOME_TEXT[i.outcome]}, skannad ${i.scans} gånger` : OUTCOME_TEXT[i.outcome];
  return [
    what,
    `Individnr ${i.individualNo}`,
    i.serialNo ? `Serienr ${i.serialNo}` : '',
    i.location ?? 'ingen hyllplats',
    i.outcome === 'missing' ? `−${formatKronor(i.valueOre)}` : formatKronor(i.valueOre),
  ].filter((c) => c !== '');
}

/**
 * The variance report (differenslista) as PDF: the totals first, then the lines with a difference
 * or a remark (each with its flags, its individuals missing, duplicated or moved, why a balance
 * was negative), the lines not counted, the lines without difference, the individuals found in
 * the wrong place and the unknown numbers. Values in kronor; an individual's is its acquisition
 * value.
 */
export function renderVarianceReport(input: VarianceReportDocumentInput): Buffer {
  const d = parseInput(VarianceReportDocument, input);
  const title = `Differenslista ${d.stocktake.name}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);
  const state = stocktakeStateText(d.stocktake, (iso) => formatPrintedAt(iso).slice(0, 10));
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Differenslista',
    subtitle: d.stocktake.status === 'approved' ? state : `${state} · preliminär`,
    copy: false,
    facts: [
      ['Inventering', d.stocktake.name],
      ['Lagernr', d.store.id],
      ['Omfattning', d.stocktake.scopeText],
      ['Påbörjad', formatPrintedAt(d.stocktake.createdAt)],
      ['Utskriven', formatPrintedAt(d.printedAt)],
      ['Utskriven av', d.printedBy],
    ],
  });

  let heading = '';
  const cont = (doc: Doc) => {
    let at = continuationHeader(doc, `Differenslista · ${d.stocktake.name} · ${d.store.name}`);
    if (heading) {
      line(doc, `${heading} (forts.)`, LEFT, at, { size: 8.5, font: 'medium', color: MUTED, width: CONTENT_WIDTH });
      at += 14;
    }
    return at;
  };

  y = totalsBox(doc, d, y + 2);

  const sectionTitle = (text: string, count: string) => {
    heading = '';
    y = ensureRoom(doc, y, 70, cont);
    line(doc, text, LEFT, y, { size: 11, font: 'medium', width: CONTENT_WIDTH * 0.7 });
    line(doc, count, LEFT, y + 2, { size: 8.5, color: MUTED, width: CONTENT_WIDTH, align: 'right' });
    heading = text;
    y += 18;
  };
  const detailWidth = CONTENT_WIDTH - mm(LINE_COLUMNS[0]!.widthMm) - 12;
  // The section says "not counted": its lines need neither that flag nor their individuals, each uncounted.
  const details = (l: Line): string[][] => {
    const out: string[][] = [];
    const flags = l.flags.filter((f) => f !== 'uncounted').map((f) => FLAG_TEXT[f]);
    const found = l.individuals.filter((i) => i.outcome === 'found').length;
    if (l.tracked && found > 0) flags.push(`${formatInteger(found)} ${found === 1 ? 'individ hittad' : 'individer hittade'}`);
    if (flags.length > 0) out.push([flags.join(' · ')]);
    if (l.negativeText) for (const t of wrapLines(doc, l.negativeText, detailWidth, 'regular', 8, 4)) out.push([t]);
    for (const i of l.individuals) if (remarkable(i) && !(l.counted === null && i.outcome === 'uncounted')) out.push(individualCells(i));
    return out;
  };
  const continued = (l: Line) => `${l.articleNo} ${l.name} (forts.)`;
  const table = (rows: Line[]) => {
    y = drawTable(doc, { columns: LINE_COLUMNS, rows, details, continued, continuationHeader: cont }, y);
    y += 14;
  };

  const withRemark = d.lines.filter((l) => l.counted !== null && hasRemark(l));
  const uncounted = d.lines.filter((l) => l.counted === null);
  const plain = d.lines.filter((l) => l.counted !== null && !hasRemark(l));
  const rows = (n: number) => `${formatInteger(n)} ${n === 1 ? 'rad' : 'rader'}`;

  sectionTitle('Differenser och anmärkningar', rows(withRemark.length));
  if (withRemark.length > 0) table(withRemark);
  else {
    line(doc, 'Inga differenser.', LEFT, y, { size: 9, color: MUTED });
    y += 24;
  }
  if (uncounted.length > 0) {
    sectionTitle('Ej räknade rader', rows(uncounted.length));
    table(uncounted);
  }
  if (d.wrongPlace.length > 0) {
    sectionTitle('Fel plats: hittade här, finns enligt systemet någon annanstans', `${formatInteger(d.wrongPlace.length)} ${d.wrongPlace.length === 1 ? 'individ' : 'individer'}`);
    const columns: Column<Doc_['wrongPlace'][number]>[] = [
      { title: 'Individnr', widthMm: 20, value: (i) => i.individualNo, font: 'medium' },
      { title: 'Artikelnr', widthMm: 16, value: (i) => i.articleNo },
      { title: 'Benämning', widthMm: 50, value: (i) => i.name, wrap: 2 },
      { title: 'Serienr', widthMm: 28, value: (i) => i.serialNo ?? '' },
      { title: 'Finns enligt systemet', widthMm: 44, value: (i) => i.believed ?? '', wrap: 2 },
      { title: 'Skannad', widthMm: 16, align: 'right', value: (i) => `${i.scans} ggr` },
    ];
    y = drawTable(doc, { columns, rows: d.wrongPlace, continuationHeader: cont }, y);
    y += 14;
  }
  if (d.unknown.length > 0) {
    sectionTitle('Okända nummer', `${formatInteger(d.unknown.length)} nummer`);
    const columns: Column<Doc_['unknown'][number]>[] = [
      { title: 'Nummer', widthMm: 30, value: (u) => u.code, font: 'medium' },
      { title: 'Skanningar', widthMm: 20, align: 'right', value: (u) => formatInteger(u.scans) },
      { title: 'Först skannad', widthMm: 34, value: (u) => formatPrintedAt(u.firstAt) },
      { title: 'Arbetsstationer', widthMm: 90, value: (u) => u.workstations.join(', '), wrap: 2 },
    ];
    y = drawTable(doc, { columns, rows: d.unknown, continuationHeader: cont }, y);
    y += 14;
  }
  if (plain.length > 0) {
    sectionTitle('Rader utan differens', rows(plain.length));
    table(plain);
  }

  finishPages(doc, { footerLeft: `Buffert · ${title} · lager ${d.store.id} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}

/** The totals, first on the report: lines, values in kronor, individuals. Answers the y below. */
function totalsBox(doc: Doc, d: Doc_, top: number): number {
  const t = d.totals;
  const net = t.plusOre + t.minusOre;
  const columns: [string, string, boolean?][][] = [
    [
      ['Rader', formatInteger(t.lines)],
      ['Räknade', formatInteger(t.countedLines)],
      ['Ej räknade', formatInteger(t.uncountedLines)],
      ['Med differens', formatInteger(t.linesWithDifference)],
    ],
    [
      ['Plus', signedKronor(t.plusOre)],
      ['Minus', signedKronor(t.minusOre)],
      ['Netto', signedKronor(net), true],
      ['Behöver beslut', formatInteger(t.needsDecision)],
    ],
    [
      ['Saknade individer', formatInteger(t.missing)],
      ['Fel plats', formatInteger(t.wrongPlace)],
      ['Okända nummer', formatInteger(t.unknown)],
      ['Dubbletter · negativa', `${formatInteger(t.duplicates)} · ${formatInteger(t.negative)}`],
    ],
  ];
  const height = 16 + 4 * 13 + 6;
  doc.rect(LEFT, top, CONTENT_WIDTH, height).fillColor('#f3f5f8').fill();
  doc.rect(LEFT, top, CONTENT_WIDTH, height).lineWidth(0.8).strokeColor('#8a96a8').stroke();
  line(doc, 'SUMMERING', LEFT + 8, top + 6, { size: 7, font: 'medium', color: MUTED });
  const colW = (CONTENT_WIDTH - 16) / 3;
  columns.forEach((rows, c) => {
    const left = LEFT + 8 + c * colW;
    rows.forEach(([label, value, strong], r) => {
      const at = top + 18 + r * 13;
      line(doc, label, left, at, { size: 8.5, color: MUTED, width: colW * 0.5 });
      line(doc, value, left, at - (strong ? 0.5 : 0), { size: strong ? 10 : 9, font: 'medium', width: colW - 14, align: 'right' });
    });
  });
  return top + height + 16;
}
