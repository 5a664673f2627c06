import { docScreenshot, expect, expectNoSeriousA11yViolations, test, WRITES_URL } from './fixtures';

// The standalone replica (no central server) has no purchase orders: central makes them when it
// routes a replenishment to a supplier. These tests cover the page, the list and finding by number;
// the receipt of a real purchase order needs a central server behind the workstation.
test.use({ baseURL: WRITES_URL });

test.describe('Godsmottagning', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Godsmottagning');
  });

  test('sidan öppnar med numret på följesedeln i fokus och listan över okvitterade direktleveranser', async ({ page, goodsReceipt }) => {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godsmottagning');
    await expect(page).toHaveTitle('Godsmottagning – Buffert');
    await expect(goodsReceipt.find).toBeFocused();
    await expect(goodsReceipt.onlyUnreceived).toBeChecked();
    await expect(goodsReceipt.mine).not.toBeChecked();
    await expect(goodsReceipt.count).toHaveText('0 leveranser');
    await expect(page.getByText('Inga okvitterade leveranser till lagret just nu.')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'godsmottagning');

    // All deliveries, not only those to receive: still none in a replica without a central server.
    await goodsReceipt.onlyUnreceived.uncheck();
    await expect(page.getByText('Inga leveranser till lagret ännu.')).toBeVisible();
    await goodsReceipt.mine.check();
    await expect(goodsReceipt.count).toHaveText('0 leveranser');
  });

  test('ett okänt nummer sägs vid fältet; en lagerpåfyllnads preliminära nummer öppnar ordern', async ({ page, goodsReceipt }) => {
    await goodsReceipt.find.fill('26489999');
    await goodsReceipt.find.press('Enter');
    await expect(page.getByText('Ingen leverans till lagret har order- eller inköpsordernummer 26489999.')).toBeVisible();
    await expect(goodsReceipt.find).toHaveAttribute('aria-invalid', 'true');

    await goodsReceipt.find.fill('');
    await goodsReceipt.find.press('Enter');
    await expect(page.getByText('Ange ordernummer eller inköpsordernummer.')).toBeVisible();

    // A replenishment registered here has no purchase order yet: its number opens the order.
    const article = await (await page.request.post('/api/order.article', { data: { code: '10008' } })).json();
    expect(article.ok).toBe(true);
    const created = await (
      await page.request.post('/api/order.create', { data: { kind: 'replenishment', lines: [{ articleId: article.value.articleId, quantity: 2 }] } })
    ).json();
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const provisionalNo = created.value.orders[0].provisionalNo as string;
    await goodsReceipt.find.fill(provisionalNo);
    await goodsReceipt.find.press('Enter');
    await expect(page.getByTestId('order-title')).toHaveText(`Lagerpåfyllnad ${provisionalNo}`);
    await expect(page.getByTestId('order-lines-table')).toContainText('10008');
  });

  test('en kvittens som inte finns säger det, med vägen tillbaka', async ({ page }) => {
    await page.goto('/#/goods-receipt/finns-inte');
    await expect(page.getByRole('alert')).toHaveText('Inköpsordern finns inte för det här lagret.');
    await page.getByRole('link', { name: '← Tillbaka till Godsmottagning' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godsmottagning');
  });
});
