import { central, synced } from './central-admin';
import { DEMO_USER, expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures';

/**
 * A workstation synced with a real central server (issue 4, "Must show": the Synk page says
 * online and 0 pending after a write). playwright.config.ts starts the central server on PGlite
 * with the demo region and a web host pointed at it, as `npm start` does.
 */
const url = process.env.BUFFERT_E2E_CENTRAL_URL;

test.describe('Synk mot en riktig central server', () => {
  test.skip(!url, 'BUFFERT_E2E_CENTRAL_URL is not set (playwright.config.ts sets it)');
  test.use({ baseURL: url });

  test('efter en skrivning: uppkopplad och 0 väntande ändringar', async ({ page, login, shell, individuals, individual, addText, sync }) => {
    // The first sync fills the replica (users included): the login page lists them once it is done.
    await expect
      .poll(
        async () => {
          const answer = await (await page.request.post('/api/sync.status', { data: {} })).json();
          return answer.ok ? answer.value.bootstrapped && answer.value.state === 'idle' : false;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await login.open();
    await login.loginAs(DEMO_USER);

    await shell.goTo('Individer');
    await individuals.search('100000');
    await expect(individual.title).toHaveText('Individ 100000');
    await page.getByRole('button', { name: 'Textinformation' }).click();
    await addText.text.fill('Synkad till centralen');
    await addText.text.press('Enter');
    await expect(page.getByTestId('individual-notice')).toHaveText('Texten är sparad.');

    await shell.goTo('Synk');
    await expect(sync.fact('Central server')).toHaveText(/^https?:\/\/\S+$/);
    await expect(sync.fact('Anslutning')).toHaveText('Uppkopplad');
    await expect(sync.fact('Väntande ändringar')).toHaveText('0');
    await expect(sync.fact('Läge')).toHaveText('Klar');
    await expect(sync.fact('Senast synkad')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await expect(page.getByTestId('status-connection')).toHaveText('Uppkopplad');
    await expect(page.getByTestId('status-pending')).toHaveText('Inga väntande ändringar');

    // "Synka nu" runs a sync; nothing is left waiting.
    await expect(sync.syncNow).toBeEnabled();
    await sync.syncNow.click();
    await expect(sync.fact('Läge')).toHaveText('Klar');
    await expect(sync.fact('Väntande ändringar')).toHaveText('0');
    await screenshot(page, 'sync-online');
    await expectNoSeriousA11yViolations(page);
  });

  test('en av regionens inställningar ändrad på centralen (CLI) når arbetsstationen med synken: Inställningar och Lager följer den', async ({ page, login, shell }) => {
    await login.open();
    await login.loginAs(DEMO_USER);
    const region = page.getByTestId('region-settings').locator('tr[data-key="stockListType"]');
    try {
      expect(await central('region-setting', 'stockListType', '"accessory"')).toMatch(/^stockListType = "accessory"/m);
      await synced(page.request);
      await shell.goTo('Inställningar');
      await expect(region).toContainText('Tillbehör');
      await shell.goTo('Lager');
      await expect(page.getByTestId('stock-article-type')).toHaveValue('accessory');
    } finally {
      await central('region-setting', 'stockListType', '"all"');
      await synced(page.request);
    }
    await page.reload();
    await shell.goTo('Inställningar');
    await expect(region).toContainText('Alla typer');
  });
});
