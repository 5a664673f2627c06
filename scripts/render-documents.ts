/**
 * `npx tsx scripts/render-documents.ts [outDir]`: renders every document from the demo inputs
 * (tests/fixtures/documents/demo.ts) to PDF and, with pdftoppm (poppler-utils), to PNG at 100 dpi
 * in docs/images/, so the layout can be looked at and reviewed as pictures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCountSheets, renderGoodsReceipt, renderLabels, renderPurchaseOrder, renderStockReport, renderVarianceReport } from '../electron/backend/documents';
import { goodsReceipt, labels, purchaseOrder } from '../tests/fixtures/documents/demo';
import { countSheets, stockReport, varianceReport } from '../tests/fixtures/documents/stocktake';

const outDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'docs', 'images'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-documents-'));

const documents: [string, () => Buffer, number][] = [
  ['label-57x32', () => renderLabels(labels({ kind: 'roll', size: '57x32' })), 300],
  ['label-62x29', () => renderLabels(labels({ kind: 'roll', size: '62x29' }, 3)), 300],
  ['label-100x50', () => renderLabels(labels({ kind: 'roll', size: '100x50' }, 3)), 200],
  ['label-sheet-a4', () => renderLabels(labels({ kind: 'sheet', sheet: 'a4-3x8-70x37', startPosition: 4 }, 12)), 100],
  ['label-sheet-a4-2x7', () => renderLabels(labels({ kind: 'sheet', sheet: 'a4-2x7-99x38' }, 14)), 100],
  ['purchase-order', () => renderPurchaseOrder(purchaseOrder(6)), 100],
  ['purchase-order-copy', () => renderPurchaseOrder(purchaseOrder(40, true)), 100],
  ['goods-receipt', () => renderGoodsReceipt(goodsReceipt()), 100],
  // The stocktake's documents (docs/stocktake.md), small.
  ['stocktake-count-sheet', () => renderCountSheets(countSheets(false)), 50],
  ['stocktake-count-sheet-blind', () => renderCountSheets(countSheets(true)), 50],
  ['stocktake-variance-report', () => renderVarianceReport(varianceReport()), 50],
  ['stocktake-stock-report', () => renderStockReport(stockReport()), 50],
];

fs.mkdirSync(outDir, { recursive: true });
for (const [name, render, dpi] of documents) {
  const pdf = path.join(work, `${name}.pdf`);
  fs.writeFileSync(pdf, render());
  // First page only: what a reviewer needs to see; -singlefile names it <name>.png.
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, name)]);
  console.log(`${path.relative(process.cwd(), path.join(outDir, `${name}.png`))} (${dpi} dpi)`);
}
fs.rmSync(work, { recursive: true, force: true });
