import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { APIRequestContext } from '@playwright/test';
import { DEMO_USER, docScreenshot, expect, test } from './fixtures';
import { api, DEFAULT_WEDGE, E2E_WEDGE, setWedge, wedgeScan } from './wedge';
import { central } from './central-admin';

/**
 * Issue 8 end to end in Chromium, on the workstation synced with the real central server
 * (playwright.config.ts): the suggestion becomes replenishments (one per supplier), they are pushed
 * and numbered and routed centrally, `central ship` and `central deliver` (the admin CLI, as an
 * operator runs it) send the goods, the pull brings the direct delivery, and it is received by
 * wedge-typed scans — GS1 codes with serial numbers for tracked articles, article numbers for the
 * others — with individual numbers from the workstation's own block. Balances and individuals
 * follow; the labels PDF is rendered to PNG. The refusals a store meets are shown on the way.
 */
const url = process.env.BUFFERT_E2E_CENTRAL_URL;
const centralDataDir = process.env.BUFFERT_E2E_CENTRAL_DATA_DIR;
const run = promisify(execFile);

/** Syncs now and waits until the workstation is idle with nothing pending. */
async function synced(request: APIRequestContext): Promise<void> {
  await api(request, 'sync.now', {});
  await expect
    .poll(
      async () => {
        const s = await api<{ state: string; pendingChanges: number; bootstrapped: boolean; lastSyncAt: string | null }>(request, 'sync.status', {});
        return s.bootstrapped && s.state === 'idle' && s.pendingChanges === 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  // One more cycle: what central wrote during the last push (a number block) comes with this pull.
  await api(request, 'sync.now', {});
  await expect.poll(async () => (await api<{ state: string }>(request, 'sync.status', {})).state, { timeout: 60_000 }).toBe('idle');
}

interface Order {
  id: string;
  orderNo: string | null;
  provisionalNo: string | null;
  supplierName: string | null;
  purchaseOrderNos: string[];
}

test.describe('Lagerpåfyllnad till godsmottagning mot en riktig central', () => {
  test.skip(!url || !centralDataDir, 'BUFFERT_E2E_CENTRAL_URL / _DATA_DIR are not set (playwright.config.ts sets them)');
  test.use({ baseURL: url });
  test.beforeAll(async ({ request }) => {
    await expect.poll(async () => (await (await request.post('/api/sync.status', { data: {} })).json()).value?.bootstrapped === true, { timeout: 90_000 }).toBe(true);
    await setWedge(request, E2E_WEDGE);
  });
  test.afterAll(async ({ request }) => setWedge(request, DEFAULT_WEDGE));

  test('förslag → lagerpåfyllnad → central ship/deliver → kvittens med skanner → saldon, individer och etiketter', async ({ page, login, shell, replenishment, goodsReceipt, receipt }) => {
    test.setTimeout(240_000);
    await login.open();
    await login.loginAs(DEMO_USER);

    // The suggestion: articles below their min level, up to max, of two suppliers.
    await shell.goTo('Lagerpåfyllnad');
    await expect(replenishment.cart.locator('[data-testid="cart-line"]').first()).toBeVisible({ timeout: 20_000 });
    await docScreenshot(page, 'goods-receipt-1-suggestion');
    await replenishment.register.click();
    await expect(replenishment.created).toContainText('en per leverantör');

    // Pushed: central numbers and routes the orders; the purchase order comes back.
    await synced(page.request);
    const orders = (await api<Order[]>(page.request, 'order.list', { show: 'all', limit: 50 })).filter((o) => o.provisionalNo !== null);
    const direct = orders.find((o) => o.supplierName === 'Etac Sverige AB');
    const fromCentral = orders.find((o) => o.supplierName === 'Invacare EC-Hong A/S');
    expect(direct?.orderNo, 'the direct order got a case number').toMatch(/^\d{8}$/);
    expect(direct?.purchaseOrderNos).toHaveLength(1);
    expect(fromCentral?.orderNo).toMatch(/^\d{8}$/);
    const purchaseOrderNo = direct!.purchaseOrderNos[0]!;

    // The operator ships the central lines and the supplier delivers.
    expect(await central('ship', fromCentral!.orderNo!)).toContain(fromCentral!.orderNo!);
    expect(await central('deliver', purchaseOrderNo)).toContain(purchaseOrderNo);
    await synced(page.request);

    // Godsmottagning: the delivery note's number, wedge-scanned, opens the receipt.
    await shell.goTo('Godsmottagning');
    await expect(goodsReceipt.find).toBeFocused();
    await expect(page.getByText(purchaseOrderNo, { exact: true }).first()).toBeVisible();
    await docScreenshot(page, 'goods-receipt-2-incoming');
    await wedgeScan(page, purchaseOrderNo);
    await expect(receipt.title).toHaveText(`Kvittens inköpsorder ${purchaseOrderNo}`);
    await expect(goodsReceipt.find).toHaveCount(0);

    const view = await api<{ lines: { lineNo: number; articleId: string; articleNo: string; tracked: boolean; ordered: number; orderedPriceOre: number }[] }>(
      page.request,
      'goodsReceipt.open',
      { purchaseOrderId: (await api<{ purchaseOrderId: string }>(page.request, 'goodsReceipt.find', { number: purchaseOrderNo })).purchaseOrderId },
    );
    const tracked = view.lines.filter((l) => l.tracked);
    const plain = view.lines.filter((l) => !l.tracked);
    expect(tracked.length).toBeGreaterThan(0);
    expect(plain.length).toBeGreaterThan(0);
    const balancesBefore = await Promise.all(plain.map((l) => onHand(page.request, l.articleNo)));

    // A wrong scan changes nothing and says why.
    await wedgeScan(page, '0000000000000');
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'refused');
    await expect(receipt.lines.nth(0)).toContainText(`0 av ${view.lines[0]!.ordered}`);

    // Tracked lines: the device's GS1 DataMatrix (GTIN + serial); the first unit of the first line only, for now.
    // Its GTIN is a new one of the supplier's: unknown, linked once by the store admin, then scanned again.
    const first = tracked[0]!;
    const newGtin = demoGtin(String(10_000 + 987_654_321));
    await wedgeScan(page, `01${newGtin}21E2E-${first.lineNo}-0`);
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'refused');
    await expect(receipt.feedback).toContainText(`GTIN ${newGtin} är inte kopplad`);
    await page.getByTestId('link-gtin').getByLabel('Artikel på leveransen').click();
    await page.getByRole('option', { name: new RegExp(`^${first.articleNo} `) }).click();
    await page.getByTestId('link-gtin').getByRole('button', { name: 'Koppla' }).click();
    await expect(page.getByTestId('link-gtin-done')).toContainText('Skanna koden igen');
    await wedgeScan(page, `01${newGtin}21E2E-${first.lineNo}-0`);
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'ok');
    await expect(receipt.feedback).toContainText(`serienummer E2E-${first.lineNo}-0`);
    if (first.ordered > 1) {
      // The partial-line refusal: 1 of N cannot be approved.
      await receipt.approve.click();
      await expect(receipt.actionError).toContainText('Delkvittens av en rad går inte');
    }
    for (const line of tracked) {
      for (let u = line === first ? 1 : 0; u < line.ordered; u++) {
        await wedgeScan(page, `01${demoGtin(line.articleNo)}21E2E-${line.lineNo}-${u}`);
        await expect(receipt.feedback).toContainText(`serienummer E2E-${line.lineNo}-${u}`);
      }
    }
    // Untracked lines: one article-number scan per unit.
    for (const line of plain) {
      for (let u = 0; u < line.ordered; u++) {
        await wedgeScan(page, line.articleNo);
        await expect(receipt.feedback).toContainText(`Rad ${line.lineNo} (${line.articleNo}): ${u + 1} av ${line.ordered}`);
      }
    }
    // Individual numbers from this workstation's block.
    await page.getByRole('button', { name: /Ta individnummer ur serien/ }).click();
    await expect(receipt.missing.filter({ hasText: 'individnummer' })).toHaveCount(0);

    // The zero-price line (a spare part ordered at 0 kr): öre refused, whole kronor accepted.
    const zero = view.lines.find((l) => l.orderedPriceOre === 0);
    expect(zero, 'the demo purchase order has a line at 0 kr').toBeDefined();
    await receipt.approve.click();
    await expect(receipt.actionError).toContainText('saknar pris');
    await receipt.price(zero!.lineNo).fill('12,50');
    await receipt.price(zero!.lineNo).press('Enter');
    await expect(page.getByText('Ange priset i hela kronor', { exact: false })).toBeVisible();
    await receipt.price(zero!.lineNo).fill('350');
    await receipt.price(zero!.lineNo).press('Enter');
    await expect(receipt.missing).toHaveCount(0);
    await docScreenshot(page, 'goods-receipt-3-receipt');

    await receipt.approve.click();
    await expect(page.getByTestId('receipt-approved')).toContainText('Kvittensen är godkänd');
    await docScreenshot(page, 'goods-receipt-4-approved');

    // Balances and individuals follow, and the receipt reaches central.
    for (const [i, line] of plain.entries()) expect(await onHand(page.request, line.articleNo)).toBe(balancesBefore[i]! + line.ordered);
    const created = await page.getByTestId('receipt-approved-individuals').locator('li').allTextContents();
    expect(created).toHaveLength(tracked.reduce((n, l) => n + l.ordered, 0));
    const number = created[0]!.split(' ')[0]!;
    const found = await api<{ match: string }>(page.request, 'individual.search', { query: number });
    expect(found.match).toBe('exact');
    await synced(page.request);

    // The labels: Code 128 + DataMatrix, one per new individual, as a PDF; rendered to PNG to look at.
    // They open in the print preview (decision 0039); Spara som… saves them.
    await page.getByTestId('print-labels').click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-preview-save').click()]);
    await page.getByTestId('print-preview-close').click();
    const pdf = path.join(test.info().outputDir, 'labels.pdf');
    await file.saveAs(pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.BUFFERT_DOC_IMAGES === '1') {
      await run('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.resolve('docs/images/goods-receipt-5-label')]);
    }
  });
});

async function onHand(request: APIRequestContext, articleNo: string): Promise<number> {
  const page = await api<{ rows: { articleNo: string; onHand: number }[] }>(request, 'stock.balances', { text: articleNo, balance: 'all', limit: 20 });
  return page.rows.find((r) => r.articleNo === articleNo)?.onHand ?? 0;
}

/** The demo region's GTIN of an article (shared/demo/generator.ts: 0735 + the article's index, check digit). */
function demoGtin(articleNo: string): string {
  const body = `0735${String(Number(articleNo) - 10_000).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
