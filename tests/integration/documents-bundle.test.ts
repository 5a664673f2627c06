import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPoppler, pdfInfo, pdfText } from '../helpers/pdf';
import { readWorkbook } from '../helpers/xlsx';
import { findFontDir, fontDirCandidates } from '../../electron/backend/documents/fonts';

/**
 * The module as it ships: bundled into one ESM file by esbuild with pdfkit and bwip-js inlined
 * (as scripts/build-electron.mjs bundles the main process), run by plain Node from a folder that
 * has only the bundle and `fonts/` beside it (the layout scripts/build-central.mjs writes). A
 * CommonJS library that reads `__dirname` or its own data files would fail here, not in the field.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the documents module bundled', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-documents-bundle-'));
    fs.writeFileSync(
      path.join(dir, 'entry.ts'),
      `import { renderLabels } from ${JSON.stringify(path.join(ROOT, 'electron/backend/documents/index.ts'))};
       import { varianceReportXlsx } from ${JSON.stringify(path.join(ROOT, 'electron/backend/documents/index.ts'))};
       import { varianceReport } from ${JSON.stringify(path.join(ROOT, 'tests/fixtures/documents/stocktake.ts'))};
       import fs from 'node:fs';
       const pdf = await renderLabels({ labels: [{ individualNo: '100007', articleNo: '14540', articleName: 'Rollator Cross 6 M, mörkgrå' }], layout: { kind: 'roll', size: '57x32' }, printedAt: '2025-01-14T10:32:00+01:00' });
       // exceljs bundled too: the variance report's workbook, written synchronously.
       if (process.env.XLSX_OUT) fs.writeFileSync(process.env.XLSX_OUT, varianceReportXlsx(varianceReport()));
       process.stdout.write(pdf.toString('base64'));`,
    );
    await build({
      entryPoints: [path.join(dir, 'entry.ts')],
      outfile: path.join(dir, 'out', 'main.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      logLevel: 'silent',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      banner: { js: "import { createRequire as __buffertCreateRequire } from 'node:module';\nconst require = __buffertCreateRequire(import.meta.url);" },
    });
    fs.writeFileSync(path.join(dir, 'out', 'package.json'), '{"type":"module"}');
    fs.cpSync(path.join(ROOT, 'resources', 'fonts'), path.join(dir, 'out', 'fonts'), { recursive: true });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasPoppler)('renders a label with the fonts beside the bundle', () => {
    const pdf = Buffer.from(execFileSync(process.execPath, [path.join(dir, 'out', 'main.js')], { cwd: os.tmpdir(), encoding: 'utf8' }), 'base64');
    expect(pdfInfo(pdf).sizesMm).toEqual([{ width: 57, height: 32 }]);
    expect(pdfText(pdf)).toContain('mörkgrå');
  });

  it('writes an Excel workbook with exceljs inside the bundle', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-documents-bundle-run-'));
    try {
      execFileSync(process.execPath, [path.join(dir, 'out', 'main.js')], { cwd: work, encoding: 'utf8', env: { ...process.env, XLSX_OUT: path.join(work, 'report.xlsx') } });
      const wb = await readWorkbook(fs.readFileSync(path.join(work, 'report.xlsx')));
      expect(wb.getWorksheet('Differenser')!.getCell('A2').value).toBe('14540');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('finds the fonts in the packaged app, beside a bundle, or in the repository, and says where it looked when they are missing', () => {
    expect(fontDirCandidates('/opt/Buffert/resources/app.asar/dist/electron/main', '/opt/Buffert/resources')[0]).toBe('/opt/Buffert/resources/fonts');
    expect(fontDirCandidates('/srv/central', undefined)).toContain('/srv/central/fonts');
    expect(findFontDir()).toBe(path.join(ROOT, 'resources', 'fonts'));
    expect(findFontDir(fontDirCandidates(path.join(ROOT, 'dist', 'electron', 'main'), undefined))).toBe(path.join(ROOT, 'resources', 'fonts'));
    expect(() => findFontDir(['/nonexistent/a', '/nonexistent/b'])).toThrow('Typsnitten för utskrifter (Roboto-Regular.ttf, Roboto-Medium.ttf) saknas. Sökte i: /nonexistent/a, /nonexistent/b.');
  });
});
