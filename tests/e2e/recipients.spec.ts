import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_PASSWORD, docScreenshot, expect, expectNoSeriousA11yViolations, test, WRITES_URL } from './fixtures';
import { api, DEFAULT_WEDGE, E2E_WEDGE, setWedge, wedgeScan } from './wedge';

// Edits the recipient (contact fields): the writing host, so the read-only tests keep the demo data.
test.use({ baseURL: WRITES_URL });

interface Patient {
  personalNumber: string | null;
  name: string;
  address: string;
}
let patient: Patient;

/** The demo's first patient (R2, the long aids list), as the card shows them. */
async function demoPatient(request: APIRequestContext): Promise<Patient> {
  await request.post('/api/session.login', { data: { userId: 'U1', secret: DEMO_PASSWORD } });
  return api<Patient>(request, 'recipient.get', { id: 'R2' });
}

test.beforeAll(async ({ request }) => {
  await setWedge(request, E2E_WEDGE);
  patient = await demoPatient(request);
});
test.afterAll(async ({ request }) => setWedge(request, DEFAULT_WEDGE));

test.describe('Mottagare', () => {
  test('a scanned personnummer finds the patient: card, tabs newest first, filters', async ({ loggedIn: page, shell }) => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await wedgeScan(page, patient.personalNumber!);
    await expect(page).toHaveURL(/#\/recipients\/R2$/);
    await expect(page.getByTestId('recipient-name')).toHaveText(patient.name);
    await expect(page.getByTestId('recipient-number')).toHaveText(`Personnummer ${patient.personalNumber!.slice(0, 8)}-${patient.personalNumber!.slice(8)}`);
    await expect(page.getByTestId('recipient-address')).toContainText(patient.address);
    const rows = page.getByTestId('recipient-aid-row');
    await expect(rows.first()).toBeVisible();
    const aidsCount = await rows.count();
    expect(aidsCount).toBeGreaterThan(0);
    await expect(page.getByTestId('recipient-tab-aids')).toHaveText(`Hjälpmedel (${aidsCount})`);
    await expectNoSeriousA11yViolations(page);
    // The scan's feedback may still cover the card's buttons in the picture: closed if so.
    const close = page.getByRole('button', { name: 'Stäng meddelandet' });
    if (await close.isVisible()) await close.click();
    await docScreenshot(page, 'recipients-card');

    // Filters: an article type with no aids empties the list; cleared, the list is back.
    await page.getByTestId('recipient-filter-type').click();
    await page.getByRole('option', { name: 'Reservdel' }).click();
    await expect(page.getByTestId('recipient-aids-empty')).toHaveText('Inga hjälpmedel.');
    await page.getByTestId('recipient-filter-type').click();
    await page.getByRole('option', { name: 'Huvudhjälpmedel' }).click();
    await expect(rows.first()).toBeVisible();
    await page.getByTestId('recipient-filter-iso').fill('99');
    await expect(page.getByTestId('recipient-aids-empty')).toBeVisible();
    await page.getByTestId('recipient-filter-iso').fill('');

    for (const tab of ['returned', 'consumables', 'ordered'] as const) {
      await page.getByTestId(`recipient-tab-${tab}`).click();
      await expect(page).toHaveURL(new RegExp(`#/recipients/R2/${tab}$`));
    }
    await page.getByTestId('recipient-tab-consumables').click();
    await docScreenshot(page, 'recipients-consumables');
    void shell;
  });

  test('the aids list as PDF, all aids or the prescribed ones, rendered and looked at', async ({ loggedIn: page }) => {
    await page.goto('/#/recipients/R2');
    await expect(page.getByTestId('recipient-aid-row').first()).toBeVisible();
    const rows = (await page.getByTestId('recipient-tab-aids').innerText()).match(/\((\d+)\)/)![1]!;
    const consumables = (await page.getByTestId('recipient-tab-consumables').innerText()).match(/\((\d+)\)/)![1]!;
    for (const [item, name] of [['recipient-aids-pdf-all', 'recipients-aids-list'], ['recipient-aids-pdf-prescribed', 'recipients-aids-list-prescribed']] as const) {
      await page.getByTestId('recipient-aids-pdf').click();
      // It opens in the print preview (decision 0039); Spara som… saves it.
      await page.getByTestId(item).click();
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-preview-save').click()]);
      await page.getByTestId('print-preview-close').click();
      await expect(page.getByTestId('print-preview-pdf')).toBeHidden();
      expect(file.suggestedFilename()).toMatch(/^Hjalpmedelslista-.*R2\.pdf$/);
      const pdf = path.join(test.info().outputDir, `${name}.pdf`);
      await file.saveAs(pdf);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain(patient.name);
      expect(text).toMatch(new RegExp(`Rader\\s+${Number(rows) + Number(consumables)}\\b`));
      const out = (dir: string) => execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(dir, name)]);
      out(test.info().outputDir);
      if (process.env.BUFFERT_DOC_IMAGES === '1') out(path.resolve('docs/images'));
      expect(fs.existsSync(path.join(test.info().outputDir, `${name}.png`))).toBe(true);
    }
  });

  test('phone, door code, instructions and the contact-prescriber flag are edited and saved on the recipient', async ({ loggedIn: page }) => {
    await page.goto('/#/recipients/R2');
    await page.getByTestId('recipient-edit').click();
    await page.getByTestId('recipient-edit-phone').fill('070-12x');
    await page.getByTestId('recipient-edit-save').click();
    await expect(page.getByText('Telefonnumret får bara innehålla siffror, mellanslag, bindestreck, parenteser och ett inledande +.')).toBeVisible();
    await page.getByTestId('recipient-edit-phone').fill('070-123 45 67');
    await page.getByTestId('recipient-edit-door-code').fill('1234B');
    await page.getByTestId('recipient-edit-instructions').fill('Ring på, hissen till våning 3.');
    await page.getByTestId('recipient-edit-contact-prescriber').check();
    await docScreenshot(page, 'recipients-edit');
    await page.getByTestId('recipient-edit-save').click();
    await expect(page.getByTestId('recipient-saved')).toContainText('Sparat');
    await expect(page.getByTestId('recipient-phone')).toHaveText('070-123 45 67');
    await expect(page.getByTestId('recipient-door-code')).toHaveText('1234B');
    await expect(page.getByTestId('recipient-instructions')).toHaveText('Ring på, hissen till våning 3.');
    await expect(page.getByTestId('recipient-contact-prescriber')).toBeVisible();
    // Saved on the recipient: a new look at the card shows the same.
    await page.reload();
    await expect(page.getByTestId('recipient-door-code')).toHaveText('1234B');
    await expect(page.getByTestId('status-bar')).toContainText('väntar på synk');
  });

  test('a patient not in the store: the population register (CFR) says clearly that it cannot be reached offline', async ({ loggedIn: page, shell }) => {
    await shell.goTo('Mottagare');
    const input = page.getByTestId('recipient-search-input');
    await input.fill('194503142384');
    await input.press('Enter');
    await expect(page.getByTestId('recipient-not-found')).toContainText('Ingen patient med personnummer 19450314-2384 finns i lagrets register.');
    await page.getByTestId('recipient-cfr-lookup').click();
    await expect(page.getByTestId('recipient-cfr-error')).toContainText('Ingen kontakt med centralen: folkbokföringen (CFR) kan inte sökas');
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'recipients-cfr-offline');
  });

  test('an invalid personnummer gets a clear Swedish message and nothing is looked up', async ({ loggedIn: page, shell }) => {
    await shell.goTo('Mottagare');
    const input = page.getByTestId('recipient-search-input');
    const wrong = patient.personalNumber!.slice(0, 11) + String((Number(patient.personalNumber![11]) + 1) % 10);
    await input.fill(wrong);
    await input.press('Enter');
    await expect(page.getByText('Kontrollsiffran stämmer inte. Kontrollera personnumret.')).toBeVisible();
    await input.fill(patient.personalNumber!.slice(2));
    await input.press('Enter');
    await expect(page.getByText(/Skriv personnumret med 12 siffror/)).toBeVisible();
    await docScreenshot(page, 'recipients-search-invalid');
    // A care unit by its code.
    await input.fill('5000');
    await input.press('Enter');
    await expect(page).toHaveURL(/#\/recipients\/R1$/);
    await expect(page.getByTestId('recipient-number')).toHaveText('Vårdenhet 5000');
  });
});

const centralUrl = process.env.BUFFERT_E2E_CENTRAL_URL;

test.describe('Folkbokföringen (CFR) mot en riktig central', () => {
  // The workstation synced with the real central server (playwright.config.ts), which looks the register up.
  test.skip(!centralUrl, 'BUFFERT_E2E_CENTRAL_URL is not set (playwright.config.ts sets it)');
  test.use({ baseURL: centralUrl });

  /** The demo register's persons who are no recipient of any store (shared/demo/generator.ts, DEMO_REGISTER_EXTRA). */
  const lookUp = async (page: Page, personalNumber: string) => {
    const input = page.getByTestId('recipient-search-input');
    await input.fill(personalNumber);
    await input.press('Enter');
    await expect(page.getByTestId('recipient-not-found')).toContainText(`Ingen patient med personnummer ${personalNumber.slice(0, 8)}-${personalNumber.slice(8)} finns i lagrets register.`);
    await page.getByTestId('recipient-cfr-lookup').click();
  };

  test('a person not in the store is found in the register and taken in; the deceased is flagged, a non-resident refused', async ({ page, login, shell, request }) => {
    test.slow();
    await expect.poll(async () => (await (await request.post('/api/sync.status', { data: {} })).json()).value?.bootstrapped === true, { timeout: 90_000 }).toBe(true);
    await login.open();
    await login.loginAs('Karin Arbetsterapeut');
    await shell.goTo('Mottagare');

    // Deceased: shown as such, not taken in.
    await lookUp(page, '194001019803');
    await expect(page.getByTestId('recipient-cfr-name')).toHaveText('Harald Ek (avliden)');
    await expect(page.getByTestId('recipient-cfr-message')).toHaveText('Personen är avliden enligt folkbokföringen och kan inte tas in som mottagare.');
    await expect(page.getByTestId('recipient-cfr-adopt')).toHaveCount(0);
    await docScreenshot(page, 'recipients-cfr-deceased');

    // Not resident in the region: refused, nothing shown of the person.
    await lookUp(page, '191212121212');
    await expect(page.getByTestId('recipient-cfr-message')).toHaveText('Personen med personnummer 19121212-1212 är inte folkbokförd i regionen. Hjälpmedel kan bara förskrivas till den som är folkbokförd i regionen.');
    await expect(page.getByTestId('recipient-cfr-name')).toHaveCount(0);
    await expect(page.getByTestId('recipient-cfr-adopt')).toHaveCount(0);

    // Found, and taken in: the card opens with the register's name and address.
    await lookUp(page, '194503142384');
    await expect(page.getByTestId('recipient-cfr-name')).toHaveText('Greta Lind');
    await expect(page.getByTestId('recipient-cfr-result')).toContainText('Lindvägen 4, 340 55 Exempelby');
    await expect(page.getByTestId('recipient-cfr-message')).toHaveText('Personen finns i folkbokföringen men är inte mottagare i lagret ännu.');
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'recipients-cfr-found');
    await page.getByTestId('recipient-cfr-adopt').click();
    await expect(page.getByTestId('recipient-name')).toHaveText('Greta Lind');
    await expect(page.getByTestId('recipient-address')).toContainText('Lindvägen 4');
    await docScreenshot(page, 'recipients-cfr-taken-in');

    // Synced: central has her as the store's recipient (a new look-up says so), no conflict.
    await api(request, 'sync.now', {});
    await expect
      .poll(async () => {
        const s = await api<{ state: string; pendingChanges: number }>(request, 'sync.status', {});
        return s.state === 'idle' && s.pendingChanges === 0;
      }, { timeout: 60_000 })
      .toBe(true);
    expect((await api<{ name: string }[]>(request, 'sync.conflicts', {})).filter((c) => c.name === 'recipient.adopt')).toEqual([]);
    await shell.goTo('Mottagare');
    const input = page.getByTestId('recipient-search-input');
    await input.fill('194503142384');
    await input.press('Enter');
    await expect(page.getByTestId('recipient-name')).toHaveText('Greta Lind');
    const found = await (await page.request.post('/api/recipient.cfrLookup', { data: { personalNumber: '194503142384' } })).json();
    expect(found.value).toMatchObject({ found: true, mayAdopt: false, message: 'Personen är redan mottagare i lagret.' });
  });
});
