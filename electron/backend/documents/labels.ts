import { code128ModuleMm, drawCode128, drawDataMatrix, encodeCode128, encodeDataMatrix, DATAMATRIX_QUIET_MODULES } from './barcodes';
import { DocumentInputError, parseInput } from './errors';
import { checkPrintable, createPdf, ellipsize, mm, pdfBytes, widthOf, wrapLines, type Doc } from './pdf';
import { LABEL_SHEETS, LabelSheetInput, ROLL_LABEL_SIZES, type IndividualLabel, type LabelSheetInputData } from './schemas';

/** Blank kept along a label's edges: a roll printer's and a sheet's registration tolerance. */
const EDGE_MM = { roll: 1.5, sheet: 2.5 } as const;
const PT_PER_MM = 72 / 25.4;

interface Box {
  xMm: number;
  yMm: number;
  widthMm: number;
  heightMm: number;
}

/** Where things go on a label of this size: millimetres from the label's top-left corner. */
export function labelLayout(widthMm: number, heightMm: number, edgeMm: number) {
  const inner = { xMm: edgeMm, yMm: edgeMm, widthMm: widthMm - 2 * edgeMm, heightMm: heightMm - 2 * edgeMm };
  const barHeightMm = Math.min(14, Math.max(6, inner.heightMm * 0.3));
  const gapMm = Math.max(1, inner.heightMm * 0.05);
  const topHeightMm = inner.heightMm - barHeightMm - gapMm;
  const matrixSideMm = Math.min(topHeightMm, inner.widthMm * 0.32);
  return {
    inner,
    /** Code 128 across the bottom; its quiet zones may lie in the blank edge, its bars may not (1 mm kept). */
    bars: { yMm: inner.yMm + inner.heightMm - barHeightMm, heightMm: barHeightMm, availableMm: widthMm - 2 },
    /** DataMatrix top right: the square its modules and quiet zone fill. */
    matrix: { xMm: inner.xMm + inner.widthMm - matrixSideMm, yMm: inner.yMm, sideMm: matrixSideMm },
    /** The texts: left of the matrix, above the bars. */
    text: { xMm: inner.xMm, yMm: inner.yMm, heightMm: topHeightMm },
  };
}

/** The label's content in its box: DataMatrix top right, the texts beside it, Code 128 across the bottom. */
function drawLabel(doc: Doc, label: IndividualLabel, box: Box, edgeMm: number, sizeTitle: string): void {
  const layout = labelLayout(box.widthMm, box.heightMm, edgeMm);
  const inner = { x: box.xMm + layout.inner.xMm, y: box.yMm + layout.inner.yMm, w: layout.inner.widthMm, h: layout.inner.heightMm };

  const bars = encodeCode128(label.individualNo);
  const moduleMm = code128ModuleMm(bars, layout.bars.availableMm);
  if (moduleMm === null || bars.modules * moduleMm > inner.w) {
    throw new DocumentInputError([`Individnummer ${label.individualNo} är för långt för streckkoden på etiketten ${sizeTitle}. Välj en större etikett.`]);
  }
  const barWidthMm = (bars.modules + 20) * moduleMm;
  drawCode128(doc, bars, { xMm: box.xMm + (box.widthMm - barWidthMm) / 2, yMm: box.yMm + layout.bars.yMm, heightMm: layout.bars.heightMm, moduleMm });

  const matrix = encodeDataMatrix(label.individualNo);
  const side = layout.matrix.sideMm;
  const topHeightMm = layout.text.heightMm;
  const matrixModules = Math.max(matrix.columns, matrix.rows) + 2 * DATAMATRIX_QUIET_MODULES;
  if (side / matrixModules < 0.25) {
    throw new DocumentInputError([`Individnummer ${label.individualNo} är för långt för DataMatrix-koden på etiketten ${sizeTitle}. Välj en större etikett.`]);
  }
  // The matrix' own quiet zone lies inside `side`; let it reach into the blank edge so the modules fill the square.
  const quietMm = (DATAMATRIX_QUIET_MODULES * side) / matrixModules;
  drawDataMatrix(doc, matrix, { xMm: box.xMm + layout.matrix.xMm + quietMm, yMm: box.yMm + layout.matrix.yMm - quietMm, sideMm: side });

  // Texts: the number large, then article number and name, the store last if there is room.
  // The matrix' whole quiet zone (and at least 1 mm) stays blank: text stops where it begins.
  const textW = mm(inner.w - side + quietMm - Math.max(1, quietMm));
  const x = mm(inner.x);
  let y = mm(inner.y);
  const bottom = mm(inner.y + topHeightMm);
  const scale = Math.min(1.5, inner.h / 28);
  let numberSize = Math.min(22, topHeightMm * PT_PER_MM * 0.36);
  while (numberSize > 7 && widthOf(doc, label.individualNo, 'medium', numberSize) > textW) numberSize -= 0.5;
  if (widthOf(doc, label.individualNo, 'medium', numberSize) > textW) {
    throw new DocumentInputError([`Individnummer ${label.individualNo} får inte plats i klartext på etiketten ${sizeTitle}. Välj en större etikett.`]);
  }
  doc.fillColor('black').font('medium').fontSize(numberSize).text(label.individualNo, x, y, { lineBreak: false });
  y += numberSize * 1.06; // digits have no descenders: a tight line

  const small = Math.max(6, 7 * scale);
  const lineH = small * 1.18;
  doc.font('medium').fontSize(small).text(ellipsize(doc, `Art ${label.articleNo}`, textW, 'medium', small), x, y, { lineBreak: false });
  y += lineH;
  // The last line, small: store and serial number; if both do not fit, the serial number whole
  // (it names the device; a cut one would mislead), else the store, ellipsised.
  const storeSize = small * 0.85;
  const serial = label.serialNo ? `Sn ${label.serialNo}` : null;
  const footerChoices = [label.storeName && serial ? `${label.storeName} · ${serial}` : null, serial, label.storeName].filter((t): t is string => t !== null);
  const footer = footerChoices.find((t) => widthOf(doc, t, 'regular', storeSize) <= textW) ?? footerChoices.at(-1) ?? '';
  const nameBottom = footer ? bottom - storeSize * 1.15 : bottom;
  const nameLines = Math.max(1, Math.floor((nameBottom - y + (lineH - small)) / lineH));
  for (const line of wrapLines(doc, label.articleName, textW, 'regular', small, Math.min(3, nameLines))) {
    if (y + small > nameBottom + 0.5) break;
    doc.font('regular').fontSize(small).text(line, x, y, { lineBreak: false });
    y += lineH;
  }
  if (footer) {
    doc.fillColor('#444444').font('regular').fontSize(storeSize).text(ellipsize(doc, footer, textW, 'regular', storeSize), x, bottom - storeSize * 1.05, { lineBreak: false });
    doc.fillColor('black');
  }
}

/**
 * Individual-number labels as a PDF: on a roll, one page of exactly the label's size per label;
 * on an A4 sheet, in the sheet's grid from `startPosition` on (a half-used sheet can be reused).
 * Throws DocumentInputError (Swedish) for input it cannot print; never a PDF with a clipped code.
 */
export function renderLabels(input: LabelSheetInputData): Buffer {
  const data = parseInput(LabelSheetInput, input);
  const doc = createPdf({ title: `Individetiketter (${data.labels.length})`, printedAt: data.printedAt });
  checkPrintable(doc, data.labels);
  const { layout } = data;
  if (layout.kind === 'roll') {
    const size = ROLL_LABEL_SIZES[layout.size];
    for (const label of data.labels) {
      doc.addPage({ size: [mm(size.widthMm), mm(size.heightMm)], margin: 0 });
      drawLabel(doc, label, { xMm: 0, yMm: 0, widthMm: size.widthMm, heightMm: size.heightMm }, EDGE_MM.roll, size.title);
    }
  } else {
    const sheet = LABEL_SHEETS[layout.sheet];
    const perSheet = sheet.columns * sheet.rows;
    data.labels.forEach((label, i) => {
      const position = layout.startPosition - 1 + i;
      if (position % perSheet === 0 || i === 0) doc.addPage({ size: 'A4', margin: 0 });
      const cell = position % perSheet;
      const box = { xMm: sheet.leftMm + (cell % sheet.columns) * sheet.pitchXMm, yMm: sheet.topMm + Math.floor(cell / sheet.columns) * sheet.pitchYMm, widthMm: sheet.labelWidthMm, heightMm: sheet.labelHeightMm };
      drawLabel(doc, label, box, EDGE_MM.sheet, sheet.title);
    });
  }
  return pdfBytes(doc);
}
