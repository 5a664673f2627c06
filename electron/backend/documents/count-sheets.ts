import { parseInput } from './errors';
import { formatInteger, formatPrintedAt } from './format';
import { continuationHeader, documentHeader } from './header';
import { addA4Page, CONTENT_WIDTH, ensureRoom, finishPages, hRule, INK, LEFT, line, MUTED, RIGHT, SHADE } from './page';
import { checkPrintable, createPdf, mm, pdfBytes, wrapLines, type Doc } from './pdf';
import { CountSheetsDocument, type CountSheetsDocumentInput } from './schemas';
import { isoText, stocktakeStateText } from './stocktake-words';

type Article = CountSheetsDocument['sections'][number]['articles'][number];

const ROW = 14;
/** Blank lines under a tracked article on a blind sheet (more go under "Övriga fynd"). */
const BLIND_LINES = 2;

/** Columns of the article rows, in mm from the left margin. */
const COL = { articleNo: 0, name: 19, iso: 118, expected: 140, right: 174 } as const;
/** Columns of an individual's row, under its article. */
const IND = { box: 4, individualNo: 11, serialNo: 36, note: 100 } as const;
/** The quantity box of a non-tracked article. */
const BOX_W = mm(30);

const x = (millimetres: number) => LEFT + mm(millimetres);

function tickBox(doc: Doc, left: number, top: number, size = 8.5): void {
  doc.rect(left, top, size, size).lineWidth(0.8).strokeColor(INK).stroke();
}

/** A line to write on, with a small label under it. */
function writeLine(doc: Doc, from: number, to: number, y: number, label: string): void {
  hRule(doc, y, { from, to, color: '#777777', width: 0.6 });
  line(doc, label, from, y + 1.5, { size: 6, color: MUTED, width: to - from });
}

/**
 * The count sheets (inventeringslistor) of a stocktake or a zone: articles in walking order
 * (shelf location, ISO class, article), each tracked article's expected individuals with a box to
 * tick (open stocktake) or blank lines to write individual numbers on (blind), a box for the
 * counted quantity of every non-tracked article, blank lines for finds not on the list, and a
 * signature. A blind sheet shows no expected quantity anywhere.
 */
export function renderCountSheets(input: CountSheetsDocumentInput): Buffer {
  const d = parseInput(CountSheetsDocument, input);
  const zoneText = d.zone ? d.zone.name : 'Hela inventeringen';
  const title = `Inventeringslista ${d.stocktake.name}`;
  const doc = createPdf({ title, printedAt: d.printedAt, bufferPages: true });
  checkPrintable(doc, d);
  addA4Page(doc);

  const facts: [string, string][] = [
    ['Inventering', d.stocktake.name],
    ['Lagernr', d.store.id],
    ['Omfattning', d.stocktake.scopeText],
    ['Zon', zoneText],
    ['Utskriven', formatPrintedAt(d.printedAt)],
    ['Utskriven av', d.printedBy],
  ];
  let y = documentHeader(doc, {
    issuer: { name: d.issuer.name, addressLines: [`${d.store.name} (lager ${d.store.id})`, ...d.store.addressLines.slice(0, 2)] },
    title: 'Inventeringslista',
    subtitle: stocktakeStateText(d.stocktake, (iso) => formatPrintedAt(iso).slice(0, 10)),
    copy: false,
    facts,
  });
  const help = d.stocktake.blind
    ? 'Blindinventering: förväntade antal visas inte. Hylla för hylla: skriv individnumret (och serienumret) för varje individ du hittar och räknat antal för artiklar utan individnummer. Det som inte står på listan skrivs under Övriga fynd sist.'
    : 'Hylla för hylla: bocka för varje individ du hittar och skriv räknat antal för artiklar utan individnummer. Individer på fel hylla, okända nummer och det som inte står på listan skrivs under Övriga fynd sist.';
  for (const l of wrapLines(doc, help, CONTENT_WIDTH, 'regular', 8.5, 3)) {
    line(doc, l, LEFT, y, { size: 8.5, color: MUTED });
    y += 11;
  }
  y += 6;

  let section = '';
  const cont = (doc: Doc) => {
    let at = continuationHeader(doc, `Inventeringslista · ${d.stocktake.name} · ${zoneText}`);
    if (section) {
      line(doc, `${section} (forts.)`, LEFT, at, { size: 8.5, font: 'medium', color: MUTED, width: CONTENT_WIDTH });
      at += 14;
    }
    return at;
  };
  const room = (height: number) => {
    y = ensureRoom(doc, y, height, cont);
  };

  const articleHeader = (a: Article, continued = false) => {
    line(doc, a.articleNo, x(COL.articleNo), y, { size: 9, font: 'medium', width: mm(COL.name - COL.articleNo - 1) });
    line(doc, continued ? `${a.name} (forts.)` : a.name, x(COL.name), y, { size: 9, font: 'medium', width: mm(COL.iso - COL.name - 2) });
    line(doc, isoText(a.isoCode), x(COL.iso), y, { size: 8.5, color: MUTED, width: mm(COL.expected - COL.iso - 1) });
    if (a.expected !== null) line(doc, `Förväntat ${formatInteger(a.expected)} ${a.unit}`, LEFT, y, { size: 8.5, font: 'medium', width: mm(COL.right), align: 'right' });
    y += ROW;
  };

  /** A shelf's heading: the tracked articles under it are those on that shelf. */
  let shelf: string | null | undefined;
  const shelfHeading = (a: Article) => {
    if (a.shelf === shelf) return;
    shelf = a.shelf;
    room(ROW * 3 + 8);
    y += 2;
    line(doc, a.shelf ?? 'Utan hyllplats', LEFT, y, { size: 9.5, font: 'medium', color: '#1d3b5c', width: CONTENT_WIDTH });
    hRule(doc, y + 12, { color: '#1d3b5c', width: 0.6 });
    y += 17;
  };

  const trackedArticle = (a: Article) => {
    const rows = d.stocktake.blind ? BLIND_LINES : Math.max(1, a.individuals.length);
    shelfHeading(a);
    room(ROW + Math.min(rows, 2) * ROW + 4);
    articleHeader(a);
    if (d.stocktake.blind || a.individuals.length === 0) {
      // Blank lines to write on (blind), or the note that none is expected (open).
      if (!d.stocktake.blind) {
        line(doc, 'Inga individer väntas här. Skriv individer du hittar under Övriga fynd.', x(IND.individualNo), y, { size: 8, color: MUTED, width: mm(COL.right - IND.individualNo) });
        y += ROW;
      } else {
        for (let k = 0; k < BLIND_LINES; k++) {
          room(ROW + 4);
          const base = y + 9;
          writeLine(doc, x(IND.individualNo), x(IND.serialNo) - 8, base, 'Individnr');
          writeLine(doc, x(IND.serialNo), x(IND.note) - 8, base, 'Serienr');
          writeLine(doc, x(IND.note), x(COL.right), base, 'Anteckning');
          y += ROW + 4;
        }
        y += 6;
      }
    } else {
      for (const i of a.individuals) {
        const at = ensureRoom(doc, y, ROW, cont);
        if (at !== y) {
          // A new page: the article goes on there, its header repeated.
          y = at;
          articleHeader(a, true);
        }
        tickBox(doc, x(IND.box), y - 0.5);
        line(doc, i.individualNo, x(IND.individualNo), y, { size: 9, font: 'medium', width: mm(IND.serialNo - IND.individualNo - 1) });
        line(doc, i.serialNo ? `Serienr ${i.serialNo}` : 'Serienr saknas', x(IND.serialNo), y, { size: 8.5, color: i.serialNo ? INK : MUTED, width: mm(IND.note - IND.serialNo - 1) });
        if (i.note) line(doc, i.note, x(IND.note), y, { size: 8.5, color: MUTED, width: mm(COL.right - IND.note) });
        y += ROW;
      }
    }
    hRule(doc, y - 3, { color: '#dddddd' });
    y += 3;
  };

  const quantityArticle = (a: Article) => {
    room(ROW + 8);
    const boxX = RIGHT - BOX_W;
    const expectedX = boxX - mm(26);
    line(doc, a.articleNo, x(COL.articleNo), y + 2, { size: 9, font: 'medium', width: mm(COL.name - COL.articleNo - 1) });
    const nameEnd = (a.expected === null ? expectedX + mm(20) : expectedX) - x(COL.name) - mm(16);
    line(doc, a.name, x(COL.name), y + 2, { size: 9, width: nameEnd });
    line(doc, isoText(a.isoCode), x(COL.name) + nameEnd + 4, y + 2, { size: 8.5, color: MUTED, width: mm(16) });
    if (a.expected !== null) line(doc, `${formatInteger(a.expected)} ${a.unit}`, expectedX, y + 2, { size: 9, width: mm(24), align: 'right' });
    doc.rect(boxX, y - 1, BOX_W, ROW + 1).lineWidth(0.8).strokeColor(INK).stroke();
    line(doc, a.unit, boxX, y + 2, { size: 7.5, color: MUTED, width: BOX_W - 4, align: 'right' });
    y += ROW + 6;
    hRule(doc, y - 3, { color: '#dddddd' });
    y += 1;
  };

  const quantityHeader = (blind: boolean) => {
    room(16 + ROW + 8);
    doc.rect(LEFT, y, CONTENT_WIDTH, 14).fillColor(SHADE).fill();
    const boxX = RIGHT - BOX_W;
    line(doc, 'Artikelnr', x(COL.articleNo) + 2, y + 3.5, { size: 7.5, font: 'medium' });
    line(doc, 'Benämning', x(COL.name), y + 3.5, { size: 7.5, font: 'medium' });
    if (!blind) line(doc, 'Förväntat', boxX - mm(26), y + 3.5, { size: 7.5, font: 'medium', width: mm(24), align: 'right' });
    line(doc, 'Räknat antal', boxX, y + 3.5, { size: 7.5, font: 'medium', width: BOX_W, align: 'center' });
    y += 20;
  };

  for (const [n, s] of d.sections.entries()) {
    shelf = undefined;
    if (n > 0 && s.articles.length > 0) {
      // Each section on its own page: a zone's pages can be handed to its counter.
      addA4Page(doc);
      section = '';
      y = cont(doc);
    }
    section = s.title;
    room(40);
    doc.rect(LEFT, y, CONTENT_WIDTH, 18).fillColor('#dde3ea').fill();
    line(doc, s.title, LEFT + 6, y + 4.5, { size: 10.5, font: 'medium', width: CONTENT_WIDTH * 0.6 });
    const articles = new Set(s.articles.map((a) => a.articleNo)).size;
    line(doc, `${formatInteger(articles)} ${articles === 1 ? 'artikel' : 'artiklar'}`, LEFT, y + 5.5, { size: 8.5, color: MUTED, width: CONTENT_WIDTH - 6, align: 'right' });
    y += 24;
    if (s.note) {
      for (const l of wrapLines(doc, s.note, CONTENT_WIDTH, 'regular', 8, 3)) {
        line(doc, l, LEFT, y, { size: 8, color: MUTED });
        y += 10.5;
      }
      y += 4;
    }
    if (s.articles.length === 0) {
      line(doc, 'Inget att räkna här.', LEFT, y, { size: 9, color: MUTED });
      y += ROW + 6;
      continue;
    }
    const tracked = s.articles.filter((a) => a.tracked);
    const counted = s.articles.filter((a) => !a.tracked);
    for (const a of tracked) trackedArticle(a);
    if (counted.length > 0) {
      if (tracked.length > 0) y += 6;
      quantityHeader(d.stocktake.blind);
      for (const a of counted) quantityArticle(a);
    }
  }
  section = '';

  // Finds not on the list, then who counted: kept together.
  y += 10;
  room(40 + Math.min(d.extraLines, 6) * (ROW + 6));
  line(doc, 'Övriga fynd', LEFT, y, { size: 10.5, font: 'medium' });
  line(doc, 'Individer och artiklar som inte står på listan, okända nummer', LEFT + 70, y + 1.5, { size: 8, color: MUTED });
  y += 18;
  for (let k = 0; k < d.extraLines; k++) {
    room(ROW + 8);
    const base = y + 10;
    writeLine(doc, LEFT, x(40) - 8, base, 'Individnr / artikelnr');
    writeLine(doc, x(40), x(58) - 8, base, 'Antal');
    writeLine(doc, x(58), x(90) - 8, base, 'Hyllplats');
    writeLine(doc, x(90), RIGHT, base, 'Anteckning');
    y += ROW + 8;
  }
  y += 14;
  room(60);
  y += 26;
  const sigW = (CONTENT_WIDTH - 2 * 18) / 3;
  (['Räknat av (signatur)', 'Namnförtydligande', 'Datum'] as const).forEach((label, i) => {
    const left = LEFT + i * (sigW + 18);
    hRule(doc, y, { from: left, to: left + sigW, color: INK, width: 0.8 });
    line(doc, label, left, y + 4, { size: 8, color: MUTED });
  });

  finishPages(doc, { footerLeft: `Buffert · ${title} · ${zoneText} · ${formatPrintedAt(d.printedAt)} ${d.printedBy}`, copy: false });
  return pdfBytes(doc);
}
