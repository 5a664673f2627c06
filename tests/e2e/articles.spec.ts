import type { Page } from '@playwright/test';
import { docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';

/** Screenshots for docs/articles.md (looked at by a person): in docs/images/ only with BUFFERT_DOC_IMAGES=1, as the other specs'. */
const docsShot = (page: Page, name: string) => docScreenshot(page, `articles-${name}`);

test.describe('Artiklar', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Artiklar');
  });

  test('söker medan man skriver: två namndelar i omvänd ordning, tangentbordet öppnar artikeln', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Artiklar');
    const search = page.getByTestId('article-search');
    await expect(search).toBeFocused();
    const list = page.getByTestId('article-list');
    const count = page.getByTestId('article-count');
    // The whole catalogue, no cap.
    await expect(count).toHaveText(/^[\d\s ]+ artiklar$/);
    const all = Number((await count.innerText()).replace(/\D/g, ''));
    expect(all).toBeGreaterThan(2000);

    // "rollator byggs" finds "Byggsats rollator": terms in any order, parts of words.
    await search.pressSequentially('rollator byggs', { delay: 20 });
    await expect(count).not.toHaveText(`${all} artiklar`);
    const rows = list.getByRole('row').filter({ hasText: 'Byggsats rollator' });
    await expect(rows.first()).toBeVisible();
    const found = Number((await count.innerText()).replace(/\D/g, ''));
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(all);
    for (const name of await list.locator('[role="row"] [role="gridcell"]:nth-child(2)').allInnerTexts()) expect(name).toMatch(/Byggsats rollator/);
    // Availability in the own and the central store.
    await expect(list.getByRole('columnheader', { name: 'Eget lager' })).toBeVisible();
    await expect(list.getByRole('columnheader', { name: 'Centralt lager' })).toBeVisible();
    await docsShot(page, 'search');
    await expectNoSeriousA11yViolations(page);

    // Keyboard first: Arrow Down into the list, Enter opens the active article.
    const firstNo = (await list.locator('[role="row"] [role="gridcell"]:first-child').first().innerText()).trim();
    await search.press('ArrowDown');
    await expect(list).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('article-page')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${firstNo} Byggsats rollator`);
  });

  test('ISO 9999: 2 → 4 → 6 siffror med artikellistor', async ({ page }) => {
    const browser = page.getByTestId('iso-browser');
    const count = page.getByTestId('article-count');
    await browser.getByTestId('iso-12').click();
    await expect(page.getByTestId('iso-path')).toContainText('12');
    await browser.getByTestId('iso-1206').click();
    await browser.getByTestId('iso-120606').click();
    await expect(page.getByTestId('iso-path')).toContainText('12 06 06');
    await expect(browser).toContainText('Lägsta nivån');
    const inClass = Number((await count.innerText()).replace(/\D/g, ''));
    expect(inClass).toBeGreaterThan(0);
    const isoCells = await page.getByTestId('article-list').locator('[role="row"] [role="gridcell"]:nth-child(7)').allInnerTexts();
    expect(isoCells.length).toBeGreaterThan(0);
    for (const c of isoCells) expect(c.trim()).toBe('12 06 06');
    // Text within the class narrows it.
    await page.getByTestId('article-search').fill('korg');
    await expect.poll(async () => Number((await count.innerText()).replace(/\D/g, ''))).toBeLessThan(inClass);
    await docsShot(page, 'iso');
    // Back to all.
    await browser.getByRole('button', { name: 'Alla' }).click();
    await expect(browser.getByTestId('iso-04')).toBeVisible();
  });

  test('artikelsidan: typ, enhet, förpackning, ISO, pris, komponenter, ersättningsgrupp, saldon, dokument', async ({ page }) => {
    // A rank-1 rollator of the demo's first replacement group: it has no stock in the own store.
    await page.goto(`${new URL(page.url()).origin}/#/articles/10266`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('10266');
    await expect(page.getByTestId('article-type-field')).toContainText('Huvudhjälpmedel');
    await expect(page.getByTestId('article-iso')).toContainText('12 06 06');
    await expect(page.getByTestId('article-price')).toContainText('kr');
    await expect(page.getByTestId('article-pack-size')).toHaveText(/1$/);
    await page.getByTestId('tab-replacements').click();
    const group = page.getByTestId('replacement-group');
    await expect(page.getByTestId('article-page')).toContainText('ersättningsgruppen Rollator (ISO 120606)');
    await expect(group.getByRole('row')).toHaveCount(4);
    await expect(group.locator('tr[aria-current="true"]')).toContainText('10266');
    await docsShot(page, 'replacements');
    await page.getByTestId('tab-stock').click();
    await page.getByTestId('tab-documents').click();
    await expect(page.getByTestId('article-documents')).toContainText('Bruksanvisning');

    // A main aid with an individmall.
    await page.goto(`${new URL(page.url()).origin}/#/articles/10000`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('10000 Rollator Cross');
    await expect(page.getByTestId('components-standard').getByRole('row')).toHaveCount(3);
    await expect(page.getByTestId('components-other')).toBeVisible();
    await docsShot(page, 'article');
    await page.getByTestId('tab-stock').click();
    const stock = page.getByTestId('article-stock');
    // A store with 0 shows nothing: every listed store has a number other than 0 somewhere.
    for (const row of await stock.locator('tbody tr').all()) expect(await row.innerText()).toMatch(/[1-9]/);
    await expectNoSeriousA11yViolations(page);

    // An unknown article number: a clear Swedish message.
    await page.goto(`${new URL(page.url()).origin}/#/articles/99999`);
    await expect(page.getByTestId('article-error')).toHaveText('Artikel 99999 finns inte i sortimentet.');
  });
});
