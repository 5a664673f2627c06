import { DEMO_STORE, DEMO_USER, expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures';

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

    await screenshot(page, 'start');
    await expectNoSeriousA11yViolations(page);
  });

  test('inloggningen överlever en omladdning och utloggning leder till inloggningen', async ({ page, loggedIn, shell, login }) => {
    await loggedIn.reload();
    await expect(shell.statusBar).toContainText(DEMO_USER);
    await shell.logout();
    await expect(page.getByRole('heading', { name: /Logga in/ })).toBeVisible();
    await expect(login.store).toContainText(DEMO_STORE);
  });

  test('menyn når alla delar; de som inte är byggda ännu säger "kommer"', async ({ page, loggedIn, shell }) => {
    void loggedIn;
    for (const item of ['Godsmottagning', 'Inventering', 'Mottagare', 'Artiklar', 'Beställningar', 'Aktiviteter', 'Synk']) {
      await shell.goTo(item);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${item} – kommer`);
      await expect(page.getByTestId('coming-page')).toContainText('senare version');
    }
    await shell.goTo('Lager');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Lager ${DEMO_STORE}`);
    await shell.goTo('Individer');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individer');
    await shell.goTo('Start');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Välkommen, ${DEMO_USER}`);
  });

  test('kortkommandon Alt+2 och Alt+3 byter sida', async ({ page, loggedIn }) => {
    void loggedIn;
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Lager');
    await page.keyboard.press('Alt+3');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individer');
  });
});
