import type { APIRequestContext } from '@playwright/test';
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
