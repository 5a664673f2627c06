import { expect, expectNoSeriousA11yViolations, docScreenshot, test } from './fixtures';

test.describe('Individer', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Individer');
  });

  test('färre än 3 tecken ger ett svenskt meddelande och ingen sökning', async ({ page, individuals }) => {
    await expect(individuals.field).toBeFocused();
    const searches: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/individual.search')) searches.push(r.url());
    });
    await individuals.search('12');
    await expect(page.getByText('Sökbegreppet behöver vara minst 3 tecken')).toBeVisible();
    await expect(individuals.field).toHaveAttribute('aria-invalid', 'true');
    await individuals.search('*1', 'button');
    await expect(page.getByText('Ange minst 2 tecken utöver * (stjärna)')).toBeVisible();
    expect(searches).toEqual([]);
  });

  test('sök individ, se listan och öppna individen med tangentbordet', async ({ page, individuals, individual }) => {
    await individuals.search('100');
    await expect(individuals.count).toHaveText(/^(\d[\d\s\u00a0]* individer matchar|Fler än 1\s000 individer matchar)/);
    await expect(individuals.list.loadedRows.first()).toBeVisible();
    const numbers = await individuals.list.columnTexts('Individ');
    const serials = await individuals.list.columnTexts('Serienummer');
    expect(numbers.length).toBeGreaterThan(0);
    for (const [i, no] of numbers.entries()) expect(`${no} ${serials[i]}`).toContain('100');
    for (const header of ['Individ', 'Artikel', 'Artikelbenämning', 'Serienummer', 'Status', 'Lagerstatus']) {
      await expect(individuals.list.root.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    }

    await docScreenshot(page, 'individuals-search');

    // Arrow Down goes from the field into the list, arrow keys move in it, Enter opens.
    await individuals.field.press('ArrowDown');
    await expect(individuals.list.root).toBeFocused();
    await expect(individuals.list.row(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(individuals.list.row(1)).toHaveAttribute('aria-selected', 'true');
    const second = numbers[1]!;
    await page.keyboard.press('Enter');

    await expect(individual.title).toHaveText(`Individ ${second}`);
    await expect(individual.fact('Artikel')).toHaveText(/^\d{5} \S/);
    await expect(individual.fact('Leverantör')).not.toHaveText('');
    await expect(individual.fact('ISO-kod')).toHaveText(/^\d{2} \d{2}( \d{2})?/);
    await expect(individual.fact('Inköpsdatum')).toHaveText(/^(\d{4}-\d{2}-\d{2}|–)$/);
    await expect(individual.fact('Anskaffningsvärde')).toHaveText(/^([\d\s\u00a0]+(,\d{2})?\s?kr|–)$/);
    await expect(individual.fact('Garanti')).toHaveText(/t\.o\.m\. \d{4}-\d{2}-\d{2}|gick ut \d{4}-\d{2}-\d{2}|Ingen garanti registrerad/);
    await expect(individual.fact('Status')).toHaveText(/I lager|Hos mottagare|Reserverad|På reparation|Skrotad|Utredning/);
    await expect(individual.fact('Plats')).toBeVisible();
    await expect(individual.history.getByRole('heading', { name: 'Historik' })).toBeVisible();
    await expect(individual.history.getByRole('columnheader', { name: 'Händelse' }).or(individual.history.getByText('Ingen historik registrerad.'))).toBeVisible();

    // Back to the search keeps the result list.
    await page.getByRole('link', { name: /Tillbaka till sökningen/ }).click();
    await expect(individuals.count).toBeVisible();
  });

  test('ett komplett individnummer öppnar individen direkt, med historik på svenska', async ({ page, individuals, individual }) => {
    await individuals.search('100000');
    await expect(page).toHaveURL(/#\/individuals\/I1$/);
    await expect(individual.title).toHaveText('Individ 100000');
    await expect(individual.fact('Artikel')).toContainText('Trygghetslarm');
    await expect(individual.fact('Leverantör')).toHaveText('Etac Sverige AB');
    await expect(individual.fact('ISO-kod')).toContainText('22 27 09');
    await expect(individual.fact('Inköpsdatum')).toHaveText('2023-08-05');
    await expect(individual.fact('Anskaffningsvärde')).toHaveText(/^34\s337\skr$/);
    await expect(individual.fact('Garanti')).toHaveText('Ingen garanti registrerad');
    await expect(individual.fact('Status')).toHaveText('I lager');
    await expect(individual.fact('Lager')).toContainText('50301');
    await expect(individual.fact('Plats')).toHaveText('Hylla H20');
    await expect(individual.history.getByRole('columnheader', { name: 'Händelse' })).toBeVisible();
    await expect(individual.history).toContainText('Ingående saldo');
    await expect(individual.history).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    await docScreenshot(page, 'individual');
    await expectNoSeriousA11yViolations(page);
  });

  test('fyra tecken var som helst i individ- eller serienumret (manualens "2245")', async ({ individuals }) => {
    await individuals.search('0017');
    await expect(individuals.list.loadedRows.first()).toBeVisible();
    const numbers = await individuals.list.columnTexts('Individ');
    const serials = await individuals.list.columnTexts('Serienummer');
    expect(numbers.length).toBeGreaterThan(0);
    for (const [i, no] of numbers.entries()) expect(`${no} ${serials[i]}`).toContain('0017');
  });

  test('fler än 1 000 träffar sägs så', async ({ page, individuals }) => {
    // The demo region has too few individuals for the cap; the answer is shaped like the backend's.
    await page.route('**/api/individual.search', (route) =>
      route.fulfill({
        json: {
          ok: true,
          value: {
            match: 'list',
            rows: [{ id: 'I1', individualNo: '100000', serialNo: null, articleId: 'A1', articleNo: '10000', articleName: 'Rollator', status: 'inStore', storeId: '50301' }],
            total: 1000,
            totalCapped: true,
          },
        },
      }),
    );
    await individuals.search('10*');
    await expect(individuals.count).toHaveText(/^Fler än 1\s000 individer matchar Visar de första 1 – förfina sökningen för att se fler\.$/);
  });

  test('jokertecken: *12 hittar nummer som slutar på 12', async ({ individuals }) => {
    await individuals.search('*12');
    await expect(individuals.list.loadedRows.first()).toBeVisible();
    const numbers = await individuals.list.columnTexts('Individ');
    expect(numbers.length).toBeGreaterThan(0);
    for (const no of numbers) expect(no).toMatch(/12$/);
  });
});
