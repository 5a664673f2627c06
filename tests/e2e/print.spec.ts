import fs from 'node:fs';
import path from 'node:path';
import { docScreenshot, expect, test } from './fixtures';

/**
 * Utskrift (issue 13 item 5, decision 0039): a document opens in the one print preview, which
 * shows the PDF itself and, in the web host, says in Swedish why it cannot print directly.
 */
test('lagersaldorapporten öppnas i förhandsgranskningen; webbläget förklarar varför det inte skriver ut direkt', async ({ page, loggedIn, shell }) => {
  void loggedIn;
  await shell.goTo('Lager');
  await page.getByTestId('stock-report').click();
  const preview = page.getByRole('dialog');
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('heading')).toContainText('.pdf');
  const frame = page.getByTestId('print-preview-pdf');
  const src = await frame.getAttribute('src');
  expect(src).toMatch(/^blob:/);
  // The frame loaded the page's own blob URL (the CSP lets frames show blob: and nothing else).
  await expect.poll(() => page.frames().some((f) => f.url() === src)).toBe(true);
  await expect(page.getByTestId('print-printers-reason')).toHaveText(/^Webbläget skriver inte ut direkt: skrivarna finns på datorn där Buffert körs/);
  await expect(page.getByTestId('print-preview-print')).toBeDisabled();
  await docScreenshot(page, 'print-preview');

  // Spara som… saves the same PDF.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-preview-save').click()]);
  const saved = path.join(test.info().outputDir, file.suggestedFilename());
  await file.saveAs(saved);
  expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');

  // Öppna i PDF-visare: in the browser, a tab with the PDF.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('print-preview-viewer').click()]);
  expect(tab.url()).toMatch(/^blob:/);
  await tab.close();

  // Esc closes.
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
});
