import { block, CONTENT_WIDTH, copyTag, hRule, LEFT, line, MUTED, PAGE, RIGHT } from './page';
import { mm, widthOf, type Doc } from './pdf';

/** The first page's top: letterhead left, title and the document's key facts right. Answers the y below it. */
export function documentHeader(
  doc: Doc,
  o: { issuer: { name: string; addressLines: string[] }; title: string; subtitle?: string; copy: boolean; facts: [string, string][] },
): number {
  const top = mm(PAGE.topMm);
  line(doc, o.issuer.name, LEFT, top, { size: 11, font: 'medium', width: CONTENT_WIDTH * 0.48 });
  o.issuer.addressLines.forEach((l, i) => line(doc, l, LEFT, top + 15 + i * 11, { size: 8.5, color: MUTED, width: CONTENT_WIDTH * 0.48 }));

  const factsX = LEFT + CONTENT_WIDTH * 0.55;
  const factsW = RIGHT - factsX;
  line(doc, o.title, factsX, top - 3, { size: 20, font: 'medium', width: factsW });
  if (o.copy) {
    copyTag(doc, factsX + widthOf(doc, o.title, 'medium', 20) + 8, top + 1);
  }
  let y = top + 28;
  if (o.subtitle) {
    line(doc, o.subtitle, factsX, top + 21, { size: 8.5, color: MUTED, width: factsW });
    y += 10;
  }
  const labelW = 78;
  for (const [label, value] of o.facts) {
    line(doc, label, factsX, y, { size: 8.5, color: MUTED, width: labelW - 4 });
    line(doc, value, factsX + labelW, y, { size: 9.5, font: 'medium', width: factsW - labelW });
    y += 13;
  }
  const letterheadBottom = top + 15 + o.issuer.addressLines.length * 11;
  return Math.max(y, letterheadBottom) + 8;
}

/** The top of a following page: title, number, a rule. */
export function continuationHeader(doc: Doc, title: string): number {
  const top = mm(PAGE.topMm);
  line(doc, title, LEFT, top, { size: 10, font: 'medium', width: CONTENT_WIDTH });
  hRule(doc, top + 16);
  return top + 24;
}

/** Two address blocks side by side; answers the y below the taller. */
export function addressBlocks(doc: Doc, y: number, left: [string, { text: string; font?: 'regular' | 'medium' }[]], right: [string, { text: string; font?: 'regular' | 'medium' }[]]): number {
  const w = CONTENT_WIDTH * 0.45;
  const a = block(doc, left[0], left[1], LEFT, y, w);
  const b = block(doc, right[0], right[1], LEFT + CONTENT_WIDTH * 0.55, y, w);
  return Math.max(a, b) + 6;
}
