import { docScreenshot, expect, expectNoSeriousA11yViolations, RECEIPT_URL, test, TECHNICIAN } from './fixtures';

// The replica of tests/helpers/delivered-replica.ts also holds 26480009, a replenishment central
// has shipped (3 × 10007, 2 × 10008): it arrives confirmed and is checked by scanning. Its own
// web host (not the writes host): that one's Godsmottagning must stay empty (goods-receipt.spec.ts).
test.use({ baseURL: RECEIPT_URL });

/** 10007's GTIN-14 is 07350000000078: the bare GTIN-13 a linear barcode carries. */
const GTIN_13_10007 = '7350000000078';

test.describe('Kontroll av en leverans från centrallagret', () => {
  test.beforeEach(async ({ login, shell }) => {
    await login.open();
    await login.loginAs(TECHNICIAN);
    await shell.goTo('Godsmottagning');
  });

  test('räknas genom att skanna, avvikande rader syns, en avvikelse rapporteras till centralen', async ({ page, goodsReceipt, centralDelivery }) => {
    test.slow();
    const row = goodsReceipt.list.root.getByRole('row', { name: /26480009/ });
    await expect(row).toContainText('Från centrallager (kvitterad vid leverans)');
    await row.click();

    await expect(page).toHaveURL(/#\/goods-receipt\/central\/e2e-order-3$/);
    await expect(centralDelivery.title).toHaveText('Kontroll av leverans 26480009');
    await expect(page.getByTestId('central-confirmed')).toHaveText('Levererad från centrallagret – kvitterad vid leverans');
    await expect(page.getByTestId('central-facts')).toContainText('P50301-E2E0-0003');
    await expect(centralDelivery.code).toBeFocused();
    // Nothing counted yet: every line differs.
    await expect(centralDelivery.summary).toHaveText('2 rader avviker.');

    // The article number and the bare GTIN-13 both count on line 1.
    await centralDelivery.scan('10007');
    await centralDelivery.scan(GTIN_13_10007);
    await centralDelivery.scan('10007');
    await expect(centralDelivery.feedback).toHaveAttribute('data-outcome', 'ok');
    await expect(centralDelivery.feedback).toContainText('Rad 1 (10007): 3 av 3.');
    await expect(centralDelivery.lines.nth(0)).toHaveAttribute('data-differs', 'false');
    // One more is counted, but said to be more than delivered.
    await centralDelivery.scan('10007');
    await expect(centralDelivery.feedback).toHaveAttribute('data-outcome', 'over');
    await expect(centralDelivery.feedback).toContainText('Rad 1 (10007): 4 av 3 – fler än levererat.');
    await expect(centralDelivery.counted(1)).toHaveValue('4');
    // A code of no line is refused and counts nothing.
    await centralDelivery.scan('14540');
    await expect(centralDelivery.feedback).toHaveAttribute('data-outcome', 'refused');
    await expect(centralDelivery.feedback).toContainText('Koden 14540 finns inte på någon rad i leveransen.');

    // Counted by hand: line 1 back to 3, line 2 one of two.
    await centralDelivery.counted(1).fill('3');
    await centralDelivery.scan('10008');
    await expect(centralDelivery.counted(2)).toHaveValue('1');
    await expect(centralDelivery.lines.nth(0)).toHaveAttribute('data-differs', 'false');
    await expect(centralDelivery.lines.nth(1)).toHaveAttribute('data-differs', 'true');
    await expect(centralDelivery.lines.nth(1)).toContainText('Avviker');
    await expect(centralDelivery.summary).toHaveText('1 rad avviker.');
    await expectNoSeriousA11yViolations(page);

    // The deviation needs a description; the differing line is listed in the dialog.
    await centralDelivery.report.click();
    const dialog = page.getByRole('dialog', { name: 'Rapportera avvikelse till centralen' });
    await expect(dialog).toContainText('Rad 2 (10008)');
    await expect(dialog).toContainText('levererat 2, räknat 1');
    await dialog.getByRole('button', { name: 'Skicka avvikelsen' }).click();
    await expect(dialog).toContainText('Beskriv avvikelsen.');
    await dialog.getByRole('textbox', { name: /^Beskrivning/ }).fill('En artikel 10008 saknades i leveransen.');
    await dialog.getByRole('button', { name: 'Skicka avvikelsen' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('central-reported')).toContainText('Avvikelsen är skickad till centralen');
    await expect(centralDelivery.deviations).toContainText('En artikel 10008 saknades i leveransen.');
    await expect(centralDelivery.deviations).toContainText(TECHNICIAN);
    await docScreenshot(page, 'central-delivery');

    // The order stays one link away.
    await page.getByRole('link', { name: 'Visa ordern' }).click();
    await expect(page.getByTestId('order-title')).toContainText('26480009');
  });

  test('numret på följesedeln öppnar kontrollen, med vägen tillbaka', async ({ page, goodsReceipt, centralDelivery }) => {
    await goodsReceipt.find.fill('26480009');
    await goodsReceipt.find.press('Enter');
    await expect(centralDelivery.title).toHaveText('Kontroll av leverans 26480009');
    await centralDelivery.scan('10008');
    await expect(centralDelivery.feedback).toContainText('Rad 2 (10008): 1 av 2.');
    await page.getByRole('link', { name: '← Tillbaka till Godsmottagning' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godsmottagning');
  });
});
