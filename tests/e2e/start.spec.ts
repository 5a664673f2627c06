import { DEMO_STORE, DEMO_USER, expect, expectNoSeriousA11yViolations, docScreenshot, screenshot, test } from './fixtures';

test.describe('Start och inloggning', () => {
  test('en demoanvändare loggar in och startsidan visar lagret och användaren', async ({ page, login, shell }) => {
    await login.open();
    await expect(login.store).toContainText(DEMO_STORE);
    await login.loginAs(DEMO_USER);

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Välkommen, ${DEMO_USER}`);
    await expect(page.getByTestId('start-user')).toContainText(DEMO_USER);
    await expect(page.getByTestId('start-user')).toContainText('Tekniker');
    await expect(page.getByTestId('start-store')).toContainText(DEMO_STORE);
    await expect(page.getByTestId('start-store')).toContainText('Buffertlager');
    await expect(page.getByTestId('start-messages')).toContainText('Demodata för buffertlager 50301');

    // Status bar: user, store, connection, pending changes.
    await expect(shell.statusBar).toContainText(DEMO_USER);
    await expect(shell.statusBar).toContainText(DEMO_STORE);
    await expect(page.getByTestId('status-connection')).toHaveText('Ingen central server');
    await expect(page.getByTestId('status-pending')).toHaveText('Inga väntande ändringar');

    await docScreenshot(page, 'start');
    await expectNoSeriousA11yViolations(page);
  });

  test('inloggningen överlever en omladdning och utloggning leder till inloggningen', async ({ page, loggedIn, shell, login }) => {
    await loggedIn.reload();
    await expect(shell.statusBar).toContainText(DEMO_USER);
    await shell.logout();
    await expect(page.getByRole('heading', { name: /Logga in/ })).toBeVisible();
    await expect(login.store).toContainText(DEMO_STORE);
  });

  test('nästa användare ser inte den förras sökning', async ({ page, loggedIn, shell, login, individuals }) => {
    void loggedIn;
    await shell.goTo('Individer');
    await individuals.search('100');
    await expect(individuals.count).toBeVisible();
    await shell.logout();
    await login.loginAs('Karin Arbetsterapeut');
    await expect(page).toHaveTitle('Start – Buffert');
    await shell.goTo('Individer');
    await expect(page).toHaveTitle('Individer – Buffert');
    await expect(individuals.field).toHaveValue('');
    await expect(individuals.count).toHaveCount(0);
  });

  test('menyn når alla delar', async ({ page, loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Aktiviteter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aktiviteter');
    await shell.goTo('Beställningar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ny beställning till mottagare');
    await shell.goTo('Mottagare');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mottagare');
    await shell.goTo('Meddelanden');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meddelanden');
    await shell.goTo('Mina beställningar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mina beställningar');
    await shell.goTo('Varukorg');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Varukorg');
    await shell.goTo('Avvikelser');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Avvikelser och reklamationer');
    await shell.goTo('Godsmottagning');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Godsmottagning');
    await shell.goTo('Inventering');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inventeringar');
    await shell.goTo('Lagerpåfyllnad');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Lagerpåfyllnad');
    await shell.goTo('Synk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synk');
    await shell.goTo('Lager');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Lager ${DEMO_STORE}`);
    await shell.goTo('Individer');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individer');
    await shell.goTo('Start');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Välkommen, ${DEMO_USER}`);
  });

  test('engelska kan väljas; svenska är förval', async ({ page, loggedIn, shell }) => {
    void loggedIn;
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Stock', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${DEMO_USER}`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('sv');
    await expect(shell.navigation.getByRole('link', { name: 'Lager', exact: true })).toBeVisible();
  });

  test('kortkommandon Alt+2 och Alt+3 byter sida', async ({ page, loggedIn }) => {
    void loggedIn;
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Lager');
    await page.keyboard.press('Alt+3');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individer');
  });
});

test.describe('Webbvärdens nyckel (beslut 0017)', () => {
  test('en webbläsare utan nyckeln får varken appen eller data', async ({ browser, baseURL }) => {
    // A context of its own: without the cookie the fixtures (like the launch link) give.
    const stranger = await browser.newContext();
    try {
      const page = await stranger.newPage();
      const response = await page.goto(baseURL!);
      expect(response?.status()).toBe(401);
      await expect(page.getByRole('heading', { name: 'Buffert kan inte öppnas här' })).toBeVisible();
      expect(await stranger.cookies()).toEqual([]);
      const call = await stranger.request.post(`${baseURL}/api/app.status`, { data: {} });
      expect(call.status()).toBe(401);
      expect((await call.json()).error.code).toBe('unauthorized');
    } finally {
      await stranger.close();
    }
  });

  test('sidan fick nyckeln som en HttpOnly-kaka som skript inte kan läsa', async ({ page, login }) => {
    await login.open();
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies(page.url());
    expect(cookies.find((c) => c.name.startsWith('buffert-secret-'))).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });
});

test.describe('Start med skadad databas', () => {
  test('visar ett felfönster med filens sökväg och vad man ska göra, inte en tom sida', async ({ page }) => {
    const url = process.env.BUFFERT_E2E_BROKEN_URL;
    expect(url, 'playwright.config.ts starts the second web host').toBeTruthy();
    await page.goto(url!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Buffert kunde inte starta');
    const screen = page.getByTestId('startup-error');
    await expect(screen.getByRole('alert')).toContainText('skadad');
    await expect(screen).toContainText(`Databasfil: ${process.env.BUFFERT_E2E_BROKEN_DATA_DIR}/buffert.sqlite`);
    await expect(screen).toContainText('Gör så här:');
    await expect(screen.getByRole('button', { name: 'Försök igen' })).toBeVisible();
    await docScreenshot(page, 'startup-error');
  });
});

test.describe('Start med en databas som saknar sparade ändringar', () => {
  test('visar vilka ändringar som saknas och vad supporten kan göra, och öppnar inte databasen', async ({ page }) => {
    const url = process.env.BUFFERT_E2E_BEHIND_URL;
    expect(url, 'playwright.config.ts starts the web host over the restored older copy').toBeTruthy();
    await page.goto(url!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Buffert kunde inte starta');
    const screen = page.getByTestId('startup-error');
    await expect(screen.getByRole('alert')).toContainText('Databasen saknar ändringar som har sparats på den här datorn: nr 1–3 (3 bekräftade ändringar)');
    await expect(screen).toContainText(`Databasfil: ${process.env.BUFFERT_E2E_BEHIND_DATA_DIR}/buffert.sqlite`);
    await expect(screen.getByTestId('startup-missing')).toHaveText('Ändringar som saknas: nr 1–3 (3 st)');
    await expect(screen).toContainText('Kontakta support innan något annat görs');
    await expect(screen).toContainText('--accept-lost-changes=3');
    await screenshot(page, 'startup-error-behind');
    await expectNoSeriousA11yViolations(page);
  });
});
