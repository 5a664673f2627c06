import { docScreenshot, expect, expectNoSeriousA11yViolations, RECEIPT_URL, test, TECHNICIAN } from './fixtures';

// A replica with two purchase orders delivered to the store, as central would have replicated
// them (tests/helpers/delivered-replica.ts); the workstation has no central server behind it.
test.use({ baseURL: RECEIPT_URL });

const TRACKED_GTIN = '07350000000016';
const gs1 = (serial: string) => `01${TRACKED_GTIN}21${serial}`;

test.describe('Kvittens av en direktleverans', () => {
  test.beforeEach(async ({ login, shell }) => {
    await login.open();
    await login.loginAs(TECHNICIAN);
    await shell.goTo('Godsmottagning');
  });

  test('skannas rad för rad, delkvittens och ören avvisas, godkänns och skapar individerna', async ({ page, goodsReceipt, receipt, shell, individuals, individual }) => {
    test.slow();
    // Two direct deliveries, and one from the central store (central-delivery.spec.ts).
    await expect(goodsReceipt.count).toHaveText('3 leveranser');
    await expect(goodsReceipt.list.row(0)).toContainText('Direktleverans');

    // "Märk lev:" from the delivery note opens the receipt; the code field waits for the scanner.
    await goodsReceipt.find.fill('26480007');
    await goodsReceipt.find.press('Enter');
    await expect(receipt.title).toHaveText('Kvittens inköpsorder 26485001');
    await expect(receipt.code).toBeFocused();
    await expect(page.getByTestId('receipt-facts')).toContainText('Hjälpmedelsbolaget Norden AB');

    // A GS1 code with serial number ticks a unit of the tracked line: green, the line lit.
    await receipt.scan(gs1('SN-E2E-1'));
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'ok');
    await expect(receipt.feedback).toContainText('Rad 1 (10001): 1 av 2, serienummer SN-E2E-1');
    await expect(receipt.lines.nth(0)).toHaveClass(/receipt-hit/);
    // The same unit again: red, nothing changes.
    await receipt.scan(gs1('SN-E2E-1'));
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'refused');
    await expect(receipt.feedback).toContainText('Serienummer SN-E2E-1 är redan skannat');
    await expect(receipt.lines.nth(0)).toContainText('1 av 2');
    // The region's individual label numbers the waiting unit.
    await receipt.scan('9100001');
    await expect(receipt.feedback).toContainText('Individnummer 9100001 → rad 1');
    await expect(page.getByRole('textbox', { name: 'Individnummer, rad 1 enhet 1' })).toHaveValue('9100001');
    // Untracked: one scan of the article number is one unit; a fourth is more than ordered.
    for (let i = 0; i < 3; i++) await receipt.scan('10007');
    await expect(receipt.feedback).toContainText('Rad 2 (10007): 3 av 3.');
    await receipt.scan('10007');
    await expect(receipt.feedback).toHaveAttribute('data-outcome', 'refused');
    await expect(receipt.feedback).toContainText('3 av 3');

    // What is missing is listed; Godkänn shows the backend's refusal of the partial line.
    await expect(receipt.missing).toContainText('Rad 1 (10001): 1 av 2 mottagna');
    await receipt.approve.click();
    await expect(receipt.actionError).toContainText('Delkvittens av en rad går inte');

    await receipt.code.focus();
    await receipt.scan(gs1('SN-E2E-2'));
    await receipt.scan('9100002');
    await expect(receipt.lines.nth(0)).toContainText('Komplett');
    await receipt.scan('10038');
    await expect(receipt.feedback).toContainText('Rad 3 (10038): 1 av 1.');

    // The service was ordered at 0 kr: öre are refused at the field, whole kronor taken.
    await receipt.price(3).fill('12,50');
    await receipt.price(3).press('Enter');
    await expect(page.getByText('Ange priset i hela kronor, utan ören eller decimaltecken (avrunda).')).toBeVisible();
    await receipt.price(3).fill('1 250');
    await receipt.price(3).press('Enter');
    await expect(page.getByTestId('receipt-ready')).toHaveText('Alla rader är kompletta: kvittensen kan godkännas.');
    // 2 × 7 117 + 3 × 451 (450,50 rounded to whole kronor) + 1 250.
    await expect(receipt.total).toHaveText(/^Att stämma av mot fakturan: 16\s837\skr$/);
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'kvittens');

    await receipt.approve.click();
    const approved = page.getByTestId('receipt-approved');
    await expect(approved).toContainText('Kvittensen är godkänd');
    await expect(page.getByTestId('receipt-approved-individuals')).toContainText('9100001 – 10001');
    await expect(page.getByTestId('receipt-approved-individuals')).toContainText('9100002 – 10001');
    await expect(page.getByTestId('receipt-closed')).toContainText(`av ${TECHNICIAN}`);
    await expect(receipt.approve).toHaveCount(0);

    // No longer to be received; still listed with all deliveries.
    await shell.goTo('Godsmottagning');
    await expect(goodsReceipt.count).toHaveText('2 leveranser');
    await goodsReceipt.onlyUnreceived.uncheck();
    await expect(goodsReceipt.list.root.getByRole('row', { name: /26485001/ })).toContainText('Kvitterad');

    // The individual is in the store.
    await shell.goTo('Individer');
    await individuals.search('9100002');
    await expect(individual.title).toHaveText('Individ 9100002');
    await expect(individual.fact('Serienummer')).toHaveText('SN-E2E-2');
    await expect(individual.fact('Status')).toHaveText('I lager');
  });

  test('makulering kräver en anledning och visas sedan med vem, när och varför', async ({ page, goodsReceipt, receipt }) => {
    await goodsReceipt.list.root.getByRole('row', { name: /26485002/ }).click();
    await expect(receipt.title).toHaveText('Kvittens inköpsorder 26485002');
    await page.getByRole('button', { name: 'Makulera…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Makulera leveransen' });
    await expect(dialog.getByRole('textbox', { name: /^Anledning/ })).toBeFocused();
    await dialog.getByRole('button', { name: 'Makulera leveransen' }).click();
    await expect(dialog.getByText('Ange varför leveransen makuleras.')).toBeVisible();
    await dialog.getByRole('textbox', { name: /^Anledning/ }).fill('Fel levererat, returnerat till leverantören');
    await dialog.getByRole('textbox', { name: /^Anledning/ }).press('Enter');
    await expect(dialog).toBeHidden();
    const closed = page.getByTestId('receipt-closed');
    await expect(closed).toContainText(`Makulerad`);
    await expect(closed).toContainText(`av ${TECHNICIAN}`);
    await expect(closed).toContainText('Anledning: Fel levererat, returnerat till leverantören');
    await expectNoSeriousA11yViolations(page);
  });
});
