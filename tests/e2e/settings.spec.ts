import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USER, docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { startOwnHost, type OwnHost } from './own-host';

/**
 * Inställningar and the machine configuration (issue 13, decision 0033): a workstation whose IT
 * deployed a configuration file shows each setting with where it came from, keeps the person's
 * text size, and does not start on a broken file but says which file and which field.
 */
let host: OwnHost | null = null;
let dir = '';
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-machine-config-'));
});
test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('IT:s maskinkonfiguration syns under Inställningar, med varifrån varje värde kommer; textstorleken är personens egen', async ({ page, context }) => {
  const config = path.join(dir, 'config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ login: { lockMinutes: 7 }, labelPrinter: { name: 'Zebra ZD421 Lager' }, scanner: { mode: 'wedge', layout: 'sv', userMayChange: false }, backup: { keepDays: 30 } }, null, 2),
  );
  host = await startOwnHost('settings', { BUFFERT_MACHINE_CONFIG: config, BUFFERT_OFFLINE_LOGIN_DAYS: '3', BUFFERT_DEMO_LOGIN: '1' });
  await host.admit(context);
  await page.goto(host.url);
  await page.getByRole('button', { name: `Logga in som ${DEMO_USER}` }).click();
  await page.getByTestId('login-secret').fill(DEMO_PASSWORD);
  await page.getByTestId('login-secret').press('Enter');
  await expect(page.getByTestId('status-user')).toContainText(DEMO_USER);

  await page.getByRole('link', { name: /Inställningar/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inställningar' })).toBeFocused();
  await expect(page.getByTestId('machine-config-file')).toContainText(config);
  const row = (field: string) => page.getByTestId('machine-settings').locator(`tr[data-path="${field}"]`);
  await expect(row('login.lockMinutes')).toContainText('7');
  await expect(row('login.lockMinutes')).toContainText('Maskinkonfiguration');
  await expect(row('login.offlineLoginDays')).toContainText('3');
  await expect(row('login.offlineLoginDays')).toContainText('Miljövariabel');
  await expect(row('labelPrinter.name')).toContainText('Zebra ZD421 Lager');
  await expect(row('central.url')).toContainText('Standard');
  await expect(page.getByText('skannertyp och enhet är bestämda av IT')).toBeVisible();
  // Regionens inställningar: central's (the demo region states every key), read-only.
  const region = (key: string) => page.getByTestId('region-settings').locator(`tr[data-key="${key}"]`);
  await expect(page.getByRole('heading', { name: 'Regionens inställningar' })).toBeVisible();
  await expect(region('loginMode')).toContainText('Användarnamn och lösenord');
  await expect(region('storeNumbers')).toContainText('Centrallager 10, inköpslager 800, utredningslager 999');
  await expect(region('cancelSameDayOnly')).toContainText('Ja');
  await expect(region('stockListType')).toContainText('Alla typer');
  await expect(region('returnRekond')).toContainText('Centralen');
  await expect(page.getByTestId('region-setting-problems')).toHaveCount(0);
  await page.getByTestId('region-settings').screenshot({ path: test.info().outputPath('region-settings.png') });
  // The lock time reaches the session: the status bar's lock follows the file, not the default 10.
  const status = await page.request.post(`${host.url}/api/app.status`, { data: {} });
  expect(((await status.json()) as { value: { lockAfterMinutes: number } }).value.lockAfterMinutes).toBe(7);

  await page.getByTestId('text-size').getByText('Större').click();
  await expect(page.getByRole('status').filter({ hasText: 'Sparat.' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.style.fontSize)).toBe('125%');
  await expectNoSeriousA11yViolations(page);
  await docScreenshot(page, 'settings');

  // Kept for the person: after logging out, the login screen keeps it; another person has their own.
  await page.request.post(`${host.url}/api/session.logout`, { data: {} });
  await page.reload();
  await expect(page.getByRole('heading', { name: /Logga in/ })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.documentElement.style.fontSize)).toBe('125%');
  await page.getByRole('button', { name: 'Logga in som Ahmed Lagerman' }).click();
  await page.getByTestId('login-secret').fill(DEMO_PASSWORD);
  await page.getByTestId('login-secret').press('Enter');
  await expect(page.getByTestId('status-user')).toContainText('Ahmed Lagerman');
  await expect.poll(() => page.evaluate(() => document.documentElement.style.fontSize)).toBe('100%');
});

test('en trasig maskinkonfiguration stoppar starten och säger vilken fil och vilket fält', async ({ page, context }) => {
  await host?.stop();
  const config = path.join(dir, 'broken.json');
  fs.writeFileSync(config, JSON.stringify({ login: { lockMinutes: 500 }, centrl: { url: 'https://x' } }));
  host = await startOwnHost('settings-broken', { BUFFERT_MACHINE_CONFIG: config });
  await host.admit(context);
  await page.goto(host.url);
  const screen = page.getByTestId('startup-error');
  await expect(screen).toBeVisible();
  await expect(screen).toContainText(`Maskinkonfigurationen ${config} är felaktig`);
  await expect(screen).toContainText('fältet "login.lockMinutes": högst 240');
  await expect(screen).toContainText('okänt fält "centrl"');
  await expect(screen).toContainText('Kontakta IT-supporten');
  await expect(screen).toContainText(`Konfigurationsfil: ${config}`);
  await expect(page.getByRole('heading', { name: 'Buffert kunde inte starta' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await docScreenshot(page, 'machine-config-error');
  // Nothing was opened: no replica in the data directory.
  expect(fs.existsSync(path.join(host.dataDir, 'buffert.sqlite'))).toBe(false);
});
