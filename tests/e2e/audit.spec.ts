import { DEMO_USER, expect, expectNoSeriousA11yViolations, screenshot, test, TECHNICIAN } from './fixtures';

test.describe('Logg (granskningsloggen)', () => {
  test('lageradministratören ser vem som gjorde vad och när, filtrerar och kontrollerar kedjan', async ({ page, login, shell }) => {
    await login.open();
    await login.loginAs(DEMO_USER);
    await shell.goTo('Logg');
    await expect(page).toHaveURL(/#\/audit$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logg');
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toBeVisible();
    // The login just made is the newest entry: who and what.
    await expect(rows.first()).toContainText('Lena Tekniker');
    await expect(rows.first()).toContainText('Loggade in');

    // Filters by keyboard: the event, then Enter in the form.
    await page.getByTestId('audit-action').selectOption({ label: 'Loggade in' });
    await page.getByTestId('audit-entity').focus();
    await page.keyboard.press('Enter');
    await expect(rows.first()).toContainText('Loggade in');
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Loggade in');

    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verdict')).toContainText('Kedjan är hel');
    await screenshot(page, 'audit');
    await expectNoSeriousA11yViolations(page);
  });

  test('andra roller ser inte Logg i menyn, och sidan nekar dem', async ({ page, login, shell }) => {
    await login.open();
    await login.loginAs(TECHNICIAN);
    await expect(shell.navigation.getByRole('link', { name: 'Synk' })).toBeVisible();
    await expect(shell.navigation.getByRole('link', { name: 'Logg' })).toHaveCount(0);
    await page.goto('/#/audit');
    await expect(page.getByRole('alert')).toContainText('Bara lageradministratörer får se loggen.');
  });
});
