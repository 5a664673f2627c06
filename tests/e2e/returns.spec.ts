import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USER, docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { openNetwork, type Network } from './network';
import { api, DEFAULT_WEDGE, E2E_WEDGE, setWedge, wedgeScan } from './wedge';
import { central, synced } from './central-admin';

/**
 * Issue 12 item 1, Retur, in Chromium on the store's second workstation (playwright.config.ts,
 * BUFFERT_E2E_OFFLINE_URL) with its network to central cut: a return without its retursedel is
 * refused; the retursedel is created first (its PDF rendered and looked at), then the return with
 * one aid scrapped; the aids under Återlämnat; the returned individual in rekond with the
 * contact-prescriber flag (status Rekond / rengöring), found on the technician's Rekond screen by
 * scanning it and marked done there, then sent back to its supplier with its return note (PDF). The network back: synced, no conflicts, and central lists it all.
 */
const url = process.env.BUFFERT_E2E_OFFLINE_URL;
const proxyPort = Number(process.env.BUFFERT_E2E_OFFLINE_PROXY_PORT);
const centralServer = process.env.BUFFERT_E2E_CENTRAL_SERVER_URL;
const centralDataDir = process.env.BUFFERT_E2E_CENTRAL_DATA_DIR;

let network: Network | undefined;

/**
 * The PDF the page printed: it opens in the print preview (decision 0039), Spara som… saves it (a
 * download) and the preview is closed; rendered to PNG for a person to look at; answers its bytes.
 */
async function savedPdf(page: Page, click: () => Promise<void>, name: string): Promise<Buffer> {
  await click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-preview-save').click()]);
  await page.getByTestId('print-preview-close').click();
  await expect(page.getByTestId('print-preview-pdf')).toBeHidden();
  const bytes = fs.readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const dir = process.env.BUFFERT_DOC_IMAGES === '1' ? 'docs/images' : 'tests/e2e/screenshots';
  fs.mkdirSync(dir, { recursive: true });
  // pdftoppm (poppler) writes <name>.png for the first page at 60 dpi, as the other document tests.
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', '-', `${dir}/${name}`], { input: bytes });
  expect(fs.statSync(`${dir}/${name}.png`).size).toBeGreaterThan(5_000);
  return bytes;
}

interface Aid {
  id: string;
  articleNo: string;
  articleType: string;
  individualId: string | null;
  individualNo: string | null;
}

test.describe('Retur: retursedel först, retur med kassering, rekond, retur till leverantör; offline, synkat efteråt', () => {
  test.skip(!url || !proxyPort || !centralServer || !centralDataDir, 'BUFFERT_E2E_OFFLINE_URL and the central settings are not set (playwright.config.ts sets them)');
  test.use({ baseURL: url });

  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    network = await openNetwork(proxyPort, centralServer!);
    await synced(request);
    await api(request, 'session.loginOnline', { userId: 'U1', secret: DEMO_PASSWORD });
    await setWedge(request, E2E_WEDGE);
  });
  test.afterAll(async ({ request }) => {
    network?.setCut(false);
    await network?.close();
    await setWedge(request, DEFAULT_WEDGE);
  });

  test('retursedel, retur, Återlämnat, rekond, retur till leverantör; synkat och hos centralen', async ({ page, login, shell }) => {
    test.setTimeout(240_000);
    await login.open();
    await login.loginAs(DEMO_USER);
    // A patient holding a tracked aid (the individual at the patient) and an untracked one; R2 and R12 are other files'.
    let patient: { id: string; personalNumber: string; name: string } | null = null;
    let tracked: Aid | undefined;
    let plain: Aid | undefined;
    for (let n = 40; n < 120 && !patient; n++) {
      const id = `R${n}`;
      const aids = await (await page.request.post('/api/recipient.aids', { data: { recipientId: id, tab: 'aids' } })).json();
      const consumables = await (await page.request.post('/api/recipient.aids', { data: { recipientId: id, tab: 'consumables' } })).json();
      if (!aids.ok || !consumables.ok) continue;
      tracked = (aids.value as (Aid & { undelivered: boolean })[]).find((a) => a.individualNo && !a.undelivered);
      plain = (consumables.value as (Aid & { undelivered: boolean })[]).find((a) => !a.undelivered);
      if (!tracked || !plain) continue;
      const card = await api<{ kind: string; personalNumber: string | null; name: string }>(page.request, 'recipient.get', { id });
      if (card.kind === 'patient' && card.personalNumber) patient = { id, personalNumber: card.personalNumber, name: card.name };
    }
    expect(patient).not.toBeNull();
    const individual = (await api<{ individual?: { status: string } }>(page.request, 'individual.search', { query: tracked!.individualNo! })).individual;
    expect(individual?.status).toBe('atRecipient');

    // The network is cut: everything below is done offline.
    network!.setCut(true);
    await api(page.request, 'sync.now', {});
    await expect.poll(async () => (await api<{ state: string }>(page.request, 'sync.status', {})).state, { timeout: 30_000 }).toBe('offline');

    // Bad input: a return without its retursedel is refused with the reason, nothing changed.
    const refused = await (
      await page.request.post('/api/return.register', {
        data: { recipientId: patient!.id, receiptId: null, storeId: '50301', contactPrescriber: false, lines: [{ aidId: tracked!.id, outcome: 'stock' }] },
      })
    ).json();
    expect(refused).toMatchObject({ ok: false, error: { code: 'receipt-required' } });
    expect(refused.error.message).toContain('Retursedeln måste skapas innan returen görs');

    await shell.goTo('Mottagare');
    await page.getByTestId('recipient-search-input').fill(patient!.personalNumber);
    await page.getByTestId('recipient-search-input').press('Enter');
    await expect(page.getByTestId('recipient-name')).toContainText(patient!.name);
    await page.getByTestId('recipient-return').click();
    const dialog = page.getByTestId('return-dialog');
    await expect(dialog.getByTestId('return-aid').first()).toBeVisible();
    // The individual scanned (a scanner that types, ending in Enter), the other aid ticked.
    await dialog.getByTestId('return-scan').fill(tracked!.individualNo!);
    await dialog.getByTestId('return-scan').press('Enter');
    await expect(dialog.getByTestId('return-scan-note')).toHaveText(`Individ ${tracked!.individualNo} är markerad för retur.`);
    const trackedRow = dialog.locator(`[data-testid="return-aid"][data-individual-no="${tracked!.individualNo}"]`);
    await expect(trackedRow.getByTestId('return-tick')).toBeChecked();
    const plainRow = dialog.locator(`[data-testid="return-aid"][data-article-no="${plain!.articleNo}"][data-individual-no=""]`).first();
    await plainRow.getByTestId('return-tick').check();
    await plainRow.getByTestId('return-outcome').selectOption('scrap');
    // The return waits for its retursedel.
    await expect(dialog.getByTestId('return-submit')).toBeDisabled();
    await expect(dialog.getByTestId('return-receipt-first')).toHaveText('Skapa retursedeln först: returen kan inte göras utan den.');
    await dialog.getByTestId('return-comment').fill('Rollatorn lämnades i hallen, smutsig.');
    await dialog.getByTestId('return-contact-prescriber').check();
    const receipt = await savedPdf(page, () => dialog.getByTestId('return-create-receipt').click(), 'returns-1-receipt-pdf');
    expect(receipt.toString('latin1')).toContain('/Title');
    await expect(dialog.getByTestId('return-receipt-created')).toBeVisible();
    await expect(dialog.getByTestId('return-submit')).toBeEnabled();
    await docScreenshot(page, 'returns-2-dialog');
    await expectNoSeriousA11yViolations(page);
    await dialog.getByTestId('return-submit').click();
    await expect(page.getByTestId('return-notice')).toHaveText('2 hjälpmedel återlämnade till lager 50301.');

    // Off the list, under Återlämnat.
    await expect(page).toHaveURL(/\/returned$/);
    const returned = page.getByTestId('recipient-aid-row');
    await expect(returned.filter({ hasText: tracked!.individualNo! })).toBeVisible();
    await expect(returned.filter({ hasText: plain!.articleNo })).not.toHaveCount(0);
    await docScreenshot(page, 'returns-3-returned-tab');
    await page.getByTestId('recipient-tab-aids').click();
    await expect(page.getByTestId('recipient-aid-row').filter({ hasText: tracked!.individualNo! })).toHaveCount(0);

    // The individual: status Rekond / rengöring with the contact-prescriber flag, not available.
    const individualUrl = `/#/individuals/${encodeURIComponent(tracked!.individualId!)}`;
    await page.goto(individualUrl);
    const rekond = page.getByTestId('individual-rekond');
    await expect(rekond).toContainText('i rekond / rengöring');
    await expect(rekond.getByTestId('individual-rekond-contact')).toHaveText('Förskrivaren ska kontaktas (smitta)');
    await expect(page.getByTestId('individual-current')).toContainText('Rekond / rengöring');
    await expect(page.getByTestId('individual-supplier-open')).toHaveCount(0);
    await docScreenshot(page, 'returns-4-rekond');

    // The technician's Rekond screen: the individual listed with its flag; scanning it selects it; Rekond klar.
    await shell.goTo('Rekond');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rekond / rengöring');
    const waiting = page.locator(`[data-testid="rekond-row"][data-individual-no="${tracked!.individualNo}"]`);
    await expect(waiting).toContainText(tracked!.articleNo);
    await expect(waiting.getByTestId('rekond-contact')).toHaveText('Förskrivaren ska kontaktas (smitta)');
    await wedgeScan(page, tracked!.individualNo!);
    await expect(page.getByTestId('rekond-chosen')).toContainText(`Vald: individ ${tracked!.individualNo}`);
    await expect(page.getByTestId('rekond-chosen-contact')).toHaveText('Förskrivaren ska kontaktas innan rengöringen (smitta).');
    await expect(waiting).toHaveAttribute('aria-selected', 'true');
    await docScreenshot(page, 'returns-4b-rekond-screen');
    await expectNoSeriousA11yViolations(page);
    // An individual that is not waiting: said on the screen, nothing opened.
    await wedgeScan(page, '999999');
    await expect(page.getByTestId('rekond-note')).toHaveText('Individ 999999 väntar inte på rekond i lagret.');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rekond / rengöring');
    await waiting.getByTestId('rekond-done').click();
    await expect(page.getByTestId('rekond-note')).toHaveText(`Rekond klar för individ ${tracked!.individualNo}: den är tillgänglig i lagret igen.`);
    await expect(waiting).toHaveCount(0);
    await page.goto(individualUrl);
    await expect(page.getByTestId('individual-current')).toContainText('I lager');
    await expect(page.getByTestId('individual-rekond')).toHaveCount(0);

    // Retur till leverantör with its return note.
    await page.getByTestId('individual-supplier-open').click();
    await page.getByTestId('supplier-return-reference').fill('Eva Lund');
    await page.getByTestId('supplier-return-information').fill('Bromsen tar inte, garantiärende.');
    await docScreenshot(page, 'returns-5-supplier-dialog');
    await savedPdf(page, () => page.getByTestId('supplier-return-submit').click(), 'returns-6-supplier-note-pdf');
    await expect(page.getByTestId('individual-supplier-return')).toContainText('Returnerad till leverantör');
    await expect(page.getByTestId('individual-current')).toContainText('Skrotad');
    await docScreenshot(page, 'returns-7-supplier-returned');

    // The network back: synced, no conflicts, and central lists the return and the supplier return.
    network!.setCut(false);
    await synced(page.request);
    expect(await api<unknown[]>(page.request, 'sync.conflicts', {})).toEqual([]);
    const listed = await central('returns');
    expect(listed).toMatch(new RegExp(`artikel ${tracked!.articleNo}\\s+individ ${tracked!.individualNo}\\s+1 st\\s+till lager\\s+rekond klar\\s+kontakta förskrivaren`));
    expect(listed).toMatch(new RegExp(`artikel ${plain!.articleNo}\\s+\\d+ st\\s+kasserad`));
    expect(listed).toContain(`individ ${tracked!.individualNo}  till `);
    expect(listed).not.toContain(patient!.name);
  });
});
