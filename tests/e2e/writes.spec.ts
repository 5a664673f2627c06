import type { APIRequestContext } from '@playwright/test';
import { DEMO_USER, expect, expectNoSeriousA11yViolations, screenshot, TECHNICIAN, test, WRITES_URL } from './fixtures';

// These tests change the replica: they run against their own web host (playwright.config.ts).
test.use({ baseURL: WRITES_URL });

/** Demo articles (shared/demo/generator.ts): a tracked B-aid, a tracked A-aid, a non-tracked article. */
const ROLLATOR = { articleNo: '10000', name: 'Rollator Cross 50 cm' };
const A_AID = '10002';
const NOT_TRACKED = '10007';

/** Registers an individual through the API (the workstation's session is the logged-in person's). */
async function registerThroughApi(request: APIRequestContext, individualNo: string): Promise<string> {
  const article = await (await request.post('/api/article.lookup', { data: { articleNo: ROLLATOR.articleNo } })).json();
  expect(article.ok).toBe(true);
  const saved = await (
    await request.post('/api/individual.register', { data: { articleId: article.value.id, individualNo, estimatedAgeYears: 2 } })
  ).json();
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  return saved.value.id as string;
}

test.describe('Individer: registrera, byta nummer, textinformation', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Individer');
  });

  test('registrera ny individ: den öppnas, syns i historiken och hittas på numret', async ({ page, register, individual, individuals, shell }) => {
    await register.open();
    // Focus in the first field; the dialog passes axe.
    await expect(register.articleNo).toBeFocused();
    await expectNoSeriousA11yViolations(page);

    // Enter in the article field fetches the article and moves on to the individual number.
    await register.articleNo.fill(ROLLATOR.articleNo);
    await register.articleNo.press('Enter');
    await expect(register.article).toContainText(`${ROLLATOR.articleNo} ${ROLLATOR.name}`);
    await expect(register.articleFact('Individmärkt')).toHaveText('Ja');
    await expect(register.articleFact('Kategori')).toHaveText('B-hjälpmedel (kommunens eget)');
    await expect(register.individualNo).toBeFocused();
    await screenshot(page, 'register-individual');

    await page.keyboard.type('E2E-1001');
    await register.serialNo.fill('SN-E2E-1001');
    await expect(register.age).toHaveValue('0');
    await register.description.fill('Ny rollator, levererad direkt till buffertlagret');
    // Enter in the description saves.
    await register.description.press('Enter');

    await expect(register.root).toBeHidden();
    await expect(page).toHaveURL(/#\/individuals\/[0-9a-f-]{36}$/);
    await expect(individual.title).toHaveText('Individ E2E-1001');
    await expect(page.getByTestId('individual-notice')).toHaveText('Individ E2E-1001 är registrerad.');
    await expect(individual.fact('Artikel')).toHaveText(`${ROLLATOR.articleNo} ${ROLLATOR.name}`);
    await expect(individual.fact('Serienummer')).toHaveText('SN-E2E-1001');
    await expect(individual.fact('Uppskattad ålder')).toHaveText('0 år');
    await expect(individual.fact('Status')).toHaveText('I lager');
    await expect(individual.fact('Lager')).toContainText('50301');
    await expect(individual.history).toContainText('Registrering av ny individ');
    await expect(individual.history).toContainText('Ny individ registrerad');
    await expect(individual.history).toContainText('Ny rollator, levererad direkt till buffertlagret');
    await expect(individual.history).toContainText(DEMO_USER);
    // Saved here, waiting for the central server (none is configured).
    await expect(page.getByTestId('status-pending')).toHaveText(/^\d+ ändringa?r? väntar på synk$/);

    // Findable by its number: a complete number opens it directly.
    await shell.goTo('Individer');
    await individuals.search('E2E-1001');
    await expect(individual.title).toHaveText('Individ E2E-1001');
    await expect(page.getByTestId('individual-notice')).toHaveCount(0);
  });

  test('ett upptaget individnummer och felaktiga uppgifter avvisas med svenska meddelanden', async ({ page, register }) => {
    await registerThroughApi(page.request, 'E2E-DUBBEL');
    await register.open();

    // Nothing filled in: the article is asked for first.
    await register.button('Skapa individ').click();
    await expect(register.root.getByText('Hämta artikeln först: skriv artikelnumret och tryck Enter.')).toBeVisible();
    await expect(register.articleNo).toBeFocused();

    // An unknown article.
    await register.articleNo.fill('99999');
    await register.articleNo.press('Enter');
    await expect(register.root.getByText('Artikel 99999 finns inte i sortimentet.')).toBeVisible();
    await expect(register.articleNo).toHaveAttribute('aria-invalid', 'true');

    // An A-aid: shown as such, and refused by the shared rule.
    await register.articleNo.fill(A_AID);
    await register.articleNo.press('Enter');
    await expect(register.articleFact('Kategori')).toHaveText('A-hjälpmedel (hjälpmedelscentralens)');
    await expect(register.root.getByTestId('register-article-warning')).toContainText('registreras alltid av hjälpmedelscentralen');
    await register.individualNo.fill('E2E-A-HJM');
    await register.individualNo.press('Enter');
    await expect(register.root.getByText(`Artikel ${A_AID} är ett A-hjälpmedel; individmärkta A-hjälpmedel registreras alltid av hjälpmedelscentralen.`)).toBeVisible();

    // The rollator, without an individual number, then with one that is taken.
    await register.articleNo.fill(ROLLATOR.articleNo);
    await register.articleNo.press('Enter');
    await expect(register.article).toContainText(ROLLATOR.name);
    await register.individualNo.fill('');
    await register.individualNo.press('Enter');
    await expect(register.root.getByText('Ange ett individnummer.')).toBeVisible();
    await expect(register.individualNo).toBeFocused();

    await register.individualNo.fill('E2E-DUBBEL');
    await register.individualNo.press('Enter');
    await expect(register.root.getByText('Individnummer E2E-DUBBEL finns redan. Individnummer är unika.')).toBeVisible();
    await expect(register.individualNo).toHaveAttribute('aria-invalid', 'true');
    await expect(register.individualNo).toBeFocused();

    // Escape closes without saving.
    await page.keyboard.press('Escape');
    await expect(register.root).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individer');
  });

  test('byte av individnummer kräver bekräftelse; det gamla numret står i textinformationen', async ({ page, individuals, individual, changeNumber, shell }) => {
    await registerThroughApi(page.request, 'E2E-GAMMALT');
    await individuals.search('E2E-GAMMALT');
    await expect(individual.title).toHaveText('Individ E2E-GAMMALT');

    await page.getByRole('button', { name: 'Byte av individnummer' }).click();
    await expect(changeNumber.root).toBeVisible();
    await expect(changeNumber.confirm).toBeFocused();
    await expect(changeNumber.root.getByTestId('change-number-facts')).toContainText('E2E-GAMMALT');
    // The fields open only after the explicit confirmation (manual 003).
    await expect(changeNumber.newNumber).toBeDisabled();
    await changeNumber.button('Byt individnr').click();
    await expect(changeNumber.root.getByText('Bekräfta att det är rätt individ som ska byta nummer.')).toBeVisible();

    await changeNumber.confirm.press('Space');
    await expect(changeNumber.newNumber).toBeEnabled();
    await changeNumber.newNumber.fill('E2E-NYTT');
    await changeNumber.reason.fill('Etiketten var felmärkt');
    await changeNumber.reason.press('Enter');

    await expect(changeNumber.root).toBeHidden();
    await expect(individual.title).toHaveText('Individ E2E-NYTT');
    await expect(page.getByTestId('individual-notice')).toHaveText('Individnumret är bytt till E2E-NYTT.');
    // Date, old number, reason and user in the text information; the change in the audit trail.
    const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    await expect(individual.history).toContainText(
      `${today} Byte av individnummer. Tidigare individnummer: E2E-GAMMALT. Anledning: Etiketten var felmärkt. /${DEMO_USER}`,
    );
    await expect(individual.history).toContainText('E2E-GAMMALT → E2E-NYTT. Anledning: Etiketten var felmärkt');

    // The new number finds it; the old one no longer does.
    await shell.goTo('Individer');
    await individuals.search('E2E-NYTT');
    await expect(individual.title).toHaveText('Individ E2E-NYTT');
    await shell.goTo('Individer');
    await individuals.search('E2E-GAMMALT');
    await expect(individuals.count).toHaveText('Inga individer matchar "E2E-GAMMALT".');
  });

  test('textinformation läggs till och syns i historiken', async ({ page, individuals, individual, addText }) => {
    await registerThroughApi(page.request, 'E2E-TEXT');
    await individuals.search('E2E-TEXT');
    await expect(individual.title).toHaveText('Individ E2E-TEXT');

    await page.getByRole('button', { name: 'Textinformation' }).click();
    await expect(addText.text).toBeFocused();
    // An empty text is refused with the rule's message.
    await addText.text.press('Enter');
    await expect(addText.root.getByText('Skriv en text.')).toBeVisible();
    await addText.text.fill('Bromsarna justerade vid hyllgenomgång');
    await addText.text.press('Enter');

    await expect(addText.root).toBeHidden();
    await expect(page.getByTestId('individual-notice')).toHaveText('Texten är sparad.');
    const row = individual.history.getByRole('row').filter({ hasText: 'Bromsarna justerade vid hyllgenomgång' });
    await expect(row).toContainText('Textinformation');
    await expect(row).toContainText(DEMO_USER);
    // Focus went back to the button that opened the dialog.
    await expect(page.getByRole('button', { name: 'Textinformation' })).toBeFocused();
  });
});

test.describe('Lager: justera saldo', () => {
  test('en lageradministratör justerar saldot på en icke individmärkt artikel', async ({ page, loggedIn, shell, stock, adjust }) => {
    void loggedIn;
    await shell.goTo('Lager');
    await stock.search.fill(NOT_TRACKED);
    await stock.search.press('Enter');
    await expect.poll(() => stock.list.columnTexts('Artikelnr')).toEqual([NOT_TRACKED]);
    const before = Number((await stock.list.columnTexts('Saldo'))[0]!.replace(/\D/g, ''));
    const hint = page.getByTestId('stock-adjust-hint');
    await expect(hint).toContainText(`Vald artikel: ${NOT_TRACKED}`);

    // Enter on the row opens the dialog with the focus in the quantity.
    await stock.search.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(adjust.root).toBeVisible();
    await expect(adjust.quantity).toBeFocused();
    await expect(adjust.root.getByTestId('adjust-current')).toHaveText(`${before} st`);
    await expectNoSeriousA11yViolations(page);

    // 0 is no adjustment; a reason is required.
    await adjust.quantity.fill('0');
    await adjust.reason.fill('Inventering av hyllan');
    await adjust.reason.press('Enter');
    await expect(adjust.root.getByText('Antalet kan inte vara 0.')).toBeVisible();

    await adjust.quantity.fill('3');
    await expect(adjust.root.getByTestId('adjust-new-balance')).toHaveText(`Nytt saldo blir ${before + 3} st`);
    await adjust.quantity.press('Enter');
    await expect(adjust.root).toBeHidden();
    await expect(page.getByTestId('stock-adjust-notice')).toHaveText(`Saldot för ${NOT_TRACKED} är justerat med +3 st.`);
    // The green notice is small text on white: dark enough for WCAG AA.
    await expectNoSeriousA11yViolations(page);
    await expect.poll(async () => (await stock.list.columnTexts('Saldo'))[0]).toBe(String(before + 3));

    // And down again, with the mouse: the list keeps its place.
    await page.getByTestId('stock-adjust-open').click();
    await adjust.quantity.fill('-1');
    await adjust.reason.fill('Trasig, kasserad');
    await adjust.button('Justera saldo').click();
    await expect.poll(async () => (await stock.list.columnTexts('Saldo'))[0]).toBe(String(before + 2));
  });

  test('en individmärkt artikel justeras inte: saldot följer individerna', async ({ page, loggedIn, shell, stock }) => {
    void loggedIn;
    await shell.goTo('Lager');
    await stock.search.fill(ROLLATOR.articleNo);
    await stock.search.press('Enter');
    await expect.poll(() => stock.list.columnTexts('Artikelnr')).toEqual([ROLLATOR.articleNo]);
    await expect(page.getByTestId('stock-adjust-hint')).toHaveText(
      `Artikel ${ROLLATOR.articleNo} är individmärkt: saldot följer individerna. Nya individer registreras under Individer.`,
    );
    await expect(page.getByTestId('stock-adjust-open')).toBeDisabled();
  });

  test('en tekniker utan administratörsroll ser varför saldot inte kan justeras', async ({ page, login, shell, stock, adjust }) => {
    await login.open();
    await login.loginAs(TECHNICIAN);
    await shell.goTo('Lager');
    await expect(stock.list.loadedRows.first()).toBeVisible();
    await expect(page.getByTestId('stock-adjust-open')).toBeDisabled();
    await expect(page.getByTestId('stock-adjust-hint')).toHaveText('Bara lageradministratörer får justera saldo.');
    await expect(page.getByTestId('stock-adjust-open')).toHaveAccessibleDescription('Bara lageradministratörer får justera saldo.');
    // Enter on a row does not open the dialog either.
    await stock.list.root.focus();
    await page.keyboard.press('Enter');
    await expect(adjust.root).toHaveCount(0);
  });
});
