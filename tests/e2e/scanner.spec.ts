import type { APIRequestContext } from '@playwright/test';
import { docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { api, DEFAULT_WEDGE, E2E_WEDGE, GS, setWedge, wedgeScan } from './wedge';

/** An individual of the demo store whose number reads as an individual number (6–7 digits). */
async function demoIndividual(request: APIRequestContext): Promise<{ id: string; individualNo: string }> {
  const page = await api<{ rows: { id: string; individualNo: string }[] }>(request, 'stock.individuals', { status: 'inStore', limit: 50 });
  const found = page.rows.find((r) => /^\d{6,7}$/.test(r.individualNo));
  expect(found, 'a demo individual with a 6–7 digit number').toBeDefined();
  return found!;
}

async function demoArticle(request: APIRequestContext): Promise<{ articleNo: string; name: string }> {
  const page = await api<{ rows: { articleNo: string; name: string }[] }>(request, 'stock.balances', { limit: 20 });
  const found = page.rows.find((r) => /^\d{5}$/.test(r.articleNo));
  expect(found, 'a demo article with a 5-digit number').toBeDefined();
  return found!;
}

test.beforeAll(async ({ request }) => setWedge(request, E2E_WEDGE));
test.afterAll(async ({ request }) => setWedge(request, DEFAULT_WEDGE));

test.describe('Skannrar', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Skannrar');
    await expect(loggedIn.getByRole('heading', { name: 'Skannrar', level: 1 })).toBeVisible();
    // Scans are typed once the page has settled (a renderer busy past the key gap splits a burst).
    await expect(loggedIn.getByTestId('scanner-devices')).toContainText('Inga HID-enheter hittades.');
  });

  test('a wedge-typed GS1 scan shows its raw text (GS marked), its classification and what it would open', async ({ page }) => {
    const results = page.getByTestId('scanner-test-results');
    await expect(results).toHaveText('Inga skanningar ännu.');
    await expect(page.getByTestId('scanner-state')).toHaveText('Ingen HID-skanner');

    // Focus on the page's heading, not a field: "scanning anywhere" on this page is a test.
    await wedgeScan(page, `0109506000134352172612311012345${GS}21SN42`);
    const latest = page.getByTestId('scan-test-latest');
    await expect(latest.getByTestId('scan-raw')).toHaveText('0109506000134352172612311012345GS21SN42');
    await expect(latest.getByTestId('scan-kind')).toContainText('GS1 · tangentbordskil');
    const elements = latest.getByTestId('scan-gs1-elements');
    for (const [ai, value] of [
      ['(01)', '09506000134352'],
      ['(17)', '261231'],
      ['(10)', '12345'],
      ['(21)', 'SN42'],
    ]) {
      await expect(elements.getByRole('row', { name: `${ai} ${value}` })).toBeVisible();
    }
    await expect(latest.getByTestId('scan-opens')).toHaveText('GTIN 09506000134352 hör inte till någon artikel i sortimentet.');
    // Visible feedback, the attention colour: understood, but leads nowhere.
    await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-tone', 'attention');
    await expect(page.getByTestId('scan-feedback')).toContainText('GS1: GTIN 09506000134352 hör inte till');
    // Nothing was opened while on this page.
    await expect(page).toHaveURL(/#\/scanners$/);

    // The shell scrolls inside its main area: a tall window shows the whole page in the picture.
    await page.setViewportSize({ width: 1400, height: 1500 });
    await docScreenshot(page, 'skannrar');
    await page.setViewportSize({ width: 1400, height: 900 });
    await expectNoSeriousA11yViolations(page);
  });

  test('an individual number scanned on the Skannrar page says what it would open, without opening it', async ({ page }) => {
    const individual = await demoIndividual(page.request);
    await wedgeScan(page, individual.individualNo);
    const latest = page.getByTestId('scan-test-latest');
    await expect(latest.getByTestId('scan-kind')).toContainText('Individnummer');
    await expect(latest.getByTestId('scan-opens')).toHaveText(new RegExp(`^Skulle öppna individ ${individual.individualNo} – `));
    await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-tone', 'ok');
    await expect(page).toHaveURL(/#\/scanners$/);
  });

  test('a person typing slowly is not taken for a scan: the text lands in the field', async ({ page }) => {
    const field = page.getByRole('textbox', { name: 'Provfält' });
    await field.click();
    await field.pressSequentially('hej 12345', { delay: 110 });
    await page.keyboard.press('Enter');
    await expect(field).toHaveValue('hej 12345');
    await page.waitForTimeout(200);
    await expect(page.getByTestId('scanner-test-results')).toHaveText('Inga skanningar ännu.');
    await expect(page.getByTestId('scan-feedback')).toHaveCount(0);
    // Editing keys still work on what was typed.
    await page.keyboard.press('Backspace');
    await expect(field).toHaveValue('hej 1234');
  });

  test('fast typing without Enter lands in its field even when the focus moves on at once', async ({ page }) => {
    const field = page.getByRole('textbox', { name: 'Provfält' });
    await field.click();
    await page.keyboard.type('abc12'); // as fast as keys go, no Enter: held, then released
    await page.getByRole('textbox', { name: 'Prefix' }).click();
    await expect(field).toHaveValue('abc12');
    await expect(page.getByRole('textbox', { name: 'Prefix' })).toHaveValue('');
    await expect(page.getByTestId('scanner-test-results')).toHaveText('Inga skanningar ännu.');
  });

  test('a wedge scan while a text field has focus leaves no text in the field', async ({ page }) => {
    const field = page.getByRole('textbox', { name: 'Provfält' });
    await field.click();
    await field.pressSequentially('ab', { delay: 120 });
    // The hand goes from the keyboard to the scanner (a scan right after typed keys is taken for
    // a split scan and refused).
    await page.waitForTimeout(400);
    await wedgeScan(page, '123456789');
    await expect(page.getByTestId('scan-test-latest').getByTestId('scan-raw')).toHaveText('123456789');
    await expect(field).toHaveValue('ab');
    await expect(field).toBeFocused();
  });

  test('settings are saved per workstation and refused in Swedish when wrong', async ({ page }) => {
    const gap = page.getByRole('textbox', { name: 'Största glapp mellan tecken (ms)' });
    // 20 ms between keys at most, but 25 on average: impossible, refused by the contract's schema.
    await gap.fill('20');
    await page.getByTestId('scanner-save').click();
    await expect(page.getByRole('alert').filter({ hasText: 'Inställningarna sparades inte' })).toContainText(
      'Medelglappet får inte vara större än det största glappet.',
    );
    await gap.fill('60');
    await page.getByRole('textbox', { name: 'Ersättning för GS' }).fill('<GS>');
    await page.getByTestId('scanner-save').click();
    await expect(page.getByText('Sparat.')).toBeVisible();
    // The green "Sparat." is small text on white: dark enough for WCAG AA.
    await expectNoSeriousA11yViolations(page);

    // The substitute text now turns back into GS.
    await page.getByRole('heading', { name: 'Skannrar', level: 1 }).focus();
    await wedgeScan(page, '0109506000134352<GS>21ABC');
    await expect(page.getByTestId('scan-test-latest').getByTestId('scan-raw')).toHaveText('0109506000134352GS21ABC');

    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Största glapp mellan tecken (ms)' })).toHaveValue('60');
    await page.getByRole('textbox', { name: 'Ersättning för GS' }).fill('');
    await page.getByRole('textbox', { name: 'Största glapp mellan tecken (ms)' }).fill(String(E2E_WEDGE.maxKeyGapMs));
    await page.getByTestId('scanner-save').click();
    await expect(page.getByText('Sparat.')).toBeVisible();
  });
});

test.describe('Skanna var som helst', () => {
  test.beforeEach(async ({ loggedIn }) => {
    void loggedIn;
  });

  test('an individual number opens the individual', async ({ page, individual }) => {
    const found = await demoIndividual(page.request);
    await wedgeScan(page, found.individualNo);
    await expect(page.getByTestId('scan-feedback')).toContainText(`Öppnar individ ${found.individualNo}`);
    await expect(page).toHaveURL(new RegExp(`#/individuals/${found.id}$`));
    await expect(individual.title).toHaveText(`Individ ${found.individualNo}`);
    await expect(page.getByTestId('scan-feedback')).toHaveAttribute('data-tone', 'ok');
  });

  test('an article number opens its stock line, also when a search field has focus', async ({ page, shell, individuals, stock }) => {
    const article = await demoArticle(page.request);
    await shell.goTo('Individer');
    await expect(individuals.field).toBeFocused();
    await wedgeScan(page, article.articleNo);
    await expect(page).toHaveURL(/#\/stock$/);
    await expect(stock.search).toHaveValue(article.articleNo);
    await expect(stock.list.loadedRows.first()).toBeVisible();
    expect(await stock.list.columnTexts('Artikelnr')).toContain(article.articleNo);
    await expect(page.getByTestId('scan-feedback')).toContainText(`Visar lagersaldot för artikel ${article.articleNo}`);
    // The individual search field did not get the scanned digits.
    await shell.goTo('Individer');
    await expect(individuals.field).toHaveValue('');
  });

  test('an unknown code and an order number without a delivery get a clear message', async ({ page }) => {
    await wedgeScan(page, 'XYZ-ingen-kod');
    const feedback = page.getByTestId('scan-feedback');
    await expect(feedback).toHaveAttribute('data-tone', 'refused');
    await expect(feedback).toContainText('Okänd kod');
    await expect(feedback).toHaveAttribute('role', 'alert');

    // This week's first order number (YYWWNNNN): deliveries are not in the replica yet.
    const orderNo = await page.evaluate(() => {
      const d = new Date();
      const day = (d.getDay() + 6) % 7;
      const thursday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - day + 3);
      const firstThursday = new Date(thursday.getFullYear(), 0, 4);
      const week = 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7);
      return `${String(thursday.getFullYear()).slice(2)}${String(week).padStart(2, '0')}0001`;
    });
    await wedgeScan(page, orderNo);
    await expect(feedback).toHaveText(new RegExp(`Ingen leverans med ordernummer ${orderNo} finns i lagret\\.`));
    // Nothing was opened.
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/^Individ /);
    await expect(page).not.toHaveURL(/#\/(individuals|stock)/);
  });
});
