import { DEMO_STORE, expect, expectNoSeriousA11yViolations, docScreenshot, test } from './fixtures';

test.describe('Lager', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Lager');
  });

  test('lagersaldot filtreras på artikeltyp, med saldo/alla och fritext', async ({ page, stock }) => {
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Lager ${DEMO_STORE}`);
    await expect(stock.search).toBeFocused();
    for (const header of ['Artikelnr', 'Benämning', 'Typ', 'Status', 'ISO-kod', 'Saldo', 'Reserverat', 'Tillgängligt']) {
      await expect(stock.list.root.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    }
    const withBalance = await stock.total();
    expect(withBalance).toBeGreaterThan(0);
    await expect(stock.list.loadedRows.first()).toBeVisible();
    for (const n of await stock.list.columnTexts('Saldo')) expect(n).not.toBe('0');

    await docScreenshot(page, 'stock');
    await expectNoSeriousA11yViolations(page);

    // Article type: only main aids.
    await stock.articleType.selectOption({ label: 'Huvudhjälpmedel' });
    const mainAids = await stock.waitForNewTotal(withBalance);
    expect(mainAids).toBeLessThan(withBalance);
    expect(new Set(await stock.list.columnTexts('Typ'))).toEqual(new Set(['Huvudhjälpmedel']));

    // "Alla": zero and negative balances too.
    await stock.balance('Alla').click();
    const allMainAids = await stock.waitForNewTotal(mainAids);
    expect(allMainAids).toBeGreaterThan(mainAids);

    await stock.articleType.selectOption({ label: 'Alla artikeltyper' });
    const all = await stock.waitForNewTotal(allMainAids);
    expect(all).toBeGreaterThan(withBalance);
    expect((await stock.list.columnTexts('Typ')).length).toBeGreaterThan(0);

    // Free text (debounced): fewer rows, each matching.
    const firstBefore = await stock.list.row(0).innerText();
    await stock.search.fill('rol');
    const filtered = await stock.waitForNewTotal(all);
    expect(filtered).toBeLessThan(all);
    await expect(stock.list.row(0)).not.toHaveText(firstBefore);
    expect(await stock.list.loadedRows.count()).toBe(Math.min(filtered, await stock.list.loadedRows.count()));

    // Several terms, in any order, each matched somewhere in the article.
    await stock.search.fill('cross rollator');
    const twoTerms = await stock.waitForNewTotal(filtered);
    expect(twoTerms).toBeGreaterThan(0);
    for (const name of await stock.list.columnTexts('Benämning')) expect(name.toLowerCase()).toMatch(/cross/);

    // Too short a term: the Swedish message, and the list keeps its last result.
    await stock.search.fill('ro');
    await expect(page.getByText('Varje sökord behöver vara minst 3 tecken ("ro" är för kort).')).toBeVisible();
    expect(await stock.total()).toBe(twoTerms);

    await stock.search.fill('');
    await stock.search.press('Enter');
    await expect.poll(() => stock.total()).toBe(all);
  });

  test('listan är virtualiserad och styrs med tangentbordet', async ({ page, stock }) => {
    const withBalance = await stock.total();
    await stock.balance('Alla').click();
    const total = await stock.waitForNewTotal(withBalance);
    expect(total).toBeGreaterThan(1000);
    // Only what is on screen is rendered.
    expect(await stock.list.rows.count()).toBeLessThan(100);
    await expect(stock.list.root).toHaveAttribute('aria-rowcount', String(total + 1));

    await stock.list.root.focus();
    await page.keyboard.press('End');
    await expect(stock.list.row(total - 1)).toHaveAttribute('aria-selected', 'true');
    await expect(stock.list.row(total - 1)).not.toHaveAttribute('data-loading', 'true');
    await page.keyboard.press('Home');
    await expect(stock.list.row(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowDown');
    await expect(stock.list.root.locator('[aria-selected="true"]')).not.toHaveAttribute('aria-rowindex', '2');
  });

  test('fliken Individer visar lagrets individer med statusfilter', async ({ page, stock, individual }) => {
    await page.getByRole('tab', { name: 'Individer' }).click();
    await expect(stock.individualsList.loadedRows.first()).toBeVisible();
    const statuses = new Set(await stock.individualsList.columnTexts('Status'));
    expect(statuses.size).toBeGreaterThan(0);

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Reserverad' });
    await expect(page.getByTestId('store-individuals-count')).toContainText('visas');
    await expect
      .poll(async () => [...new Set(await stock.individualsList.columnTexts('Status'))])
      .toEqual(['Reserverad']);

    await stock.individualsList.row(0).click();
    await expect(individual.title).toHaveText(/^Individ \d+$/);
    await expect(individual.fact('Status')).toHaveText('Reserverad');
  });
});
