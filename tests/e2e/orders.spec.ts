import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { docScreenshot, expect, expectNoSeriousA11yViolations, test, WRITES_URL } from './fixtures';
import { api, DEFAULT_WEDGE, E2E_WEDGE, setWedge, wedgeScan } from './wedge';
import { synced } from './central-admin';

/**
 * Issue 11's order flow in Chromium. On the writes host (a workstation with no central server:
 * everything here happens offline): a patient found by a scanned personal number, a direct
 * prescription (uttag ur eget förråd) of an individual chosen by scanning it, the pick list PDF
 * (rendered to PNG and looked at), the utleverans by scanning, and the aid on the patient.
 */

const PRESCRIBER = 'Karin Arbetsterapeut';

interface PdfDocument {
  fileName: string;
  base64: string;
}

/** A patient of the demo region, as the recipient card reads them (R7: a patient; R1 and R26 are care units). */
const demoPatient = (request: APIRequestContext, id: string) => api<{ id: string; personalNumber: string; name: string }>(request, 'recipient.get', { id });

/** An individual in the store whose article can be ordered (lineLookup says so), from the end of the list. */
async function orderableIndividual(request: APIRequestContext, skip: number): Promise<{ individualNo: string; articleNo: string }> {
  const page = await api<{ rows: { individualNo: string; articleNo: string }[] }>(request, 'stock.individuals', { status: 'inStore', offset: 40, limit: 100 });
  let found = 0;
  for (const row of page.rows) {
    const r = await (await request.post('/api/order.lineLookup', { data: { code: row.individualNo, kind: 'directPrescription' } })).json();
    if (r.ok && found++ === skip) return row;
  }
  throw new Error('no orderable individual');
}

test.describe('Direktförskrivning ur eget förråd, offline', () => {
  test.use({ baseURL: WRITES_URL });
  test.skip(!WRITES_URL, 'BUFFERT_E2E_WRITES_URL is not set (playwright.config.ts sets it)');
  test.beforeAll(async ({ request }) => setWedge(request, E2E_WEDGE));
  test.afterAll(async ({ request }) => setWedge(request, DEFAULT_WEDGE));

  test('patient via skannat personnummer → individ skannas → plocklista → utleverans → hjälpmedlet på patienten', async ({ page, login, shell }) => {
    test.slow();
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await demoPatient(page.request, 'R7');
    const individual = await orderableIndividual(page.request, 0);

    await shell.goTo('Beställningar');
    await expect(page.getByTestId('new-order-page')).toBeVisible();
    // An invalid personal number is refused with a reason, nothing is looked up.
    await page.getByTestId('recipient-search').fill('19821105-9955');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect(page.getByText(/kontrollsiffra/i)).toBeVisible();

    // Mottagare: the scanned personal number opens the card; its "Beställ" starts the order.
    await shell.goTo('Mottagare');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await wedgeScan(page, patient.personalNumber);
    await expect(page.getByTestId('recipient-name')).toContainText(patient.name);
    await page.getByTestId('recipient-order').click();
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    await expect(page.getByTestId('kind-directPrescription')).toBeChecked();

    // A tracked article by its article number is refused: the individual must be scanned.
    await wedgeScan(page, individual.articleNo);
    await expect(page.getByTestId('order-feedback')).toContainText('skanna individnumret');
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('order-feedback')).toContainText(`individ ${individual.individualNo}`);
    await expect(page.getByTestId('order-lines')).toContainText(individual.individualNo);
    await page.getByLabel('Övrig information').fill('Ring på dörren två gånger.');
    await docScreenshot(page, 'orders-1-new-direct-prescription');
    await expectNoSeriousA11yViolations(page);

    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText(/Direktförskrivning P50301-[0-9A-F]{4}-\d{4} är sparad/);
    const provisionalNo = /P50301-[0-9A-F]{4}-\d{4}/.exec((await page.getByTestId('order-placed').textContent()) ?? '')![0];
    await page.getByTestId('order-open-placed').click();
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Registrerad');

    // Waiting for its utleverans, on the start page too.
    await shell.goTo('Start');
    await expect(page.getByTestId('start-waiting')).toContainText(patient.name);
    await docScreenshot(page, 'orders-2-start-waiting');
    await page.getByTestId('start-waiting').getByRole('link', { name: `Uttag ur eget förråd ${provisionalNo}` }).click();

    // The pick list, rendered and kept for the docs.
    const orderId = decodeURIComponent(page.url().split('#/orders/')[1]!);
    const pick = await api<PdfDocument>(page.request, 'order.pickList', { orderId });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picklist-'));
    fs.writeFileSync(path.join(dir, 'p.pdf'), Buffer.from(pick.base64, 'base64'));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', path.join(dir, 'p.pdf'), path.join(dir, 'p')]);
    expect(execFileSync('pdftotext', [path.join(dir, 'p.pdf'), '-']).toString()).toContain(individual.individualNo);
    fs.copyFileSync(path.join(dir, 'p.png'), process.env.BUFFERT_DOC_IMAGES === '1' ? 'docs/images/orders-pick-list.png' : 'tests/e2e/screenshots/orders-pick-list.png');
    const download = page.waitForEvent('download');
    await page.getByTestId('pick-list').click();
    // The pick list opens in the print preview (decision 0039); Spara som… saves it.
    await page.getByTestId('print-preview-save').click();
    expect((await download).suggestedFilename()).toMatch(/^plocklista-P50301-.*\.pdf$/);
    await page.keyboard.press('Escape');
    // Printed: För plock, and it can no longer be cancelled (Mina beställningar offers no Makulera; the handler refuses).
    await expect(page.getByTestId('recipient-order-status')).toHaveText('För plock');
    const cancel = await (await page.request.post('/api/customerOrder.cancel', { data: { orderId } })).json();
    expect(cancel.ok).toBe(false);
    expect(cancel.error.message).toContain('har status För plock och kan inte makuleras');
    await shell.goTo('Mina beställningar');
    await page.getByTestId('my-orders-number').fill(provisionalNo);
    await page.getByTestId('my-orders-search').click();
    const mine = page.locator(`[data-testid="my-orders-row"][data-order-no="${provisionalNo}"]`);
    await expect(mine.getByTestId('my-orders-status-cell')).toHaveText('För plock');
    await expect(mine.getByTestId('my-orders-cancel')).toHaveCount(0);
    await docScreenshot(page, 'orders-9-picking-in-my-orders');
    await mine.getByRole('link', { name: provisionalNo }).click();
    await expect(page.getByTestId('recipient-order-status')).toHaveText('För plock');

    // Utleverans: a wrong code is refused, the individual is ticked by scanning.
    await expect(page.getByTestId('issue')).toBeDisabled();
    await wedgeScan(page, '14540');
    await expect(page.getByTestId('issue-feedback')).toContainText('står inte på ordern');
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('issue-feedback')).toContainText('plockad (1 av 1)');
    await docScreenshot(page, 'orders-3-utleverans');
    await page.getByTestId('issue').click();
    await expect(page.getByTestId('issued')).toContainText(patient.name);
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Utlevererad');
    await docScreenshot(page, 'orders-4-issued');

    // The aid is on the patient's list, delivered.
    await shell.goTo('Mottagare');
    await wedgeScan(page, patient.personalNumber);
    const row = page.getByTestId('recipient-aid-row').filter({ hasText: individual.individualNo });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('recipient-aid-undelivered')).toHaveCount(0);
    await docScreenshot(page, 'orders-5-aid-on-patient');
    // The individual is at the recipient, no longer in the store.
    const found = await api<{ match: string; individual?: { status: string } }>(page.request, 'individual.search', { query: individual.individualNo });
    expect(found.individual?.status).toBe('atRecipient');
    await shell.goTo('Start');
    await expect(page.getByRole('region', { name: 'Väntar på utleverans' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Väntar på utleverans' })).not.toContainText(provisionalNo);
  });

  test('utleverans rad för rad: individen nu, artikeln senare; ordern väntar kvar tills allt är utlevererat', async ({ page, login, shell }) => {
    test.slow();
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await demoPatient(page.request, 'R9');
    const individual = await orderableIndividual(page.request, 1);
    const balances = await api<{ rows: { articleNo: string; available: number }[] }>(page.request, 'stock.balances', { offset: 0, limit: 100 });
    let articleNo: string | null = null;
    for (const row of balances.rows.filter((r) => r.available >= 2)) {
      const r = await (await page.request.post('/api/order.lineLookup', { data: { code: row.articleNo, kind: 'directPrescription' } })).json();
      if (r.ok && r.value.individual === null) {
        articleNo = row.articleNo;
        break;
      }
    }
    expect(articleNo).not.toBeNull();

    await page.goto(`${WRITES_URL}/#/orders/new/${patient.id}`);
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('order-lines')).toContainText(individual.individualNo);
    await page.getByTestId('order-code').fill(articleNo!);
    await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await expect(page.getByTestId('order-lines')).toContainText(articleNo!);
    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText('är sparad');
    const provisionalNo = /P50301-[0-9A-F]{4}-\d{4}/.exec((await page.getByTestId('order-placed').textContent()) ?? '')![0];
    await page.getByTestId('order-open-placed').click();

    // Only the individual is at hand now: it goes out alone.
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('issue')).toHaveText('Utleverera plockade rader (1 av 2)');
    await expect(page.getByTestId('issue-partly')).toBeVisible();
    await page.getByTestId('issue').click();
    await expect(page.getByTestId('issued')).toContainText('1 rad(er) utlevererade');
    await expect(page.getByTestId('recipient-order-status')).toHaveText('För plock');
    await expect(page.getByTestId('line-issued')).toHaveCount(1);
    // Scanned again: already out, nothing picked twice.
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('issue-feedback')).toContainText('Rad 1 (' + individual.articleNo + ') är redan utlevererad.');
    await expect(page.getByTestId('issue')).toBeDisabled();
    await docScreenshot(page, 'orders-10-partial-issue');
    // The handler refuses the same line twice too.
    const orderId = decodeURIComponent(page.url().split('#/orders/')[1]!);
    const again = await (await page.request.post('/api/order.issue', { data: { orderId, lines: [{ lineNo: 1, individualId: null, quantity: 1 }] } })).json();
    expect(again.ok).toBe(false);
    expect(again.error.message).toContain('är redan utlevererad');
    // Still waiting on the start page.
    await shell.goTo('Start');
    await expect(page.getByTestId('start-waiting')).toContainText(provisionalNo);
    await page.getByTestId('start-waiting').getByRole('link', { name: `Uttag ur eget förråd ${provisionalNo}` }).click();

    // The article later: the order is out.
    await wedgeScan(page, articleNo!);
    await expect(page.getByTestId('issue')).toHaveText('Utleverera');
    await page.getByTestId('issue').click();
    await expect(page.getByTestId('issued')).toContainText(patient.name);
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Utlevererad');
    await shell.goTo('Start');
    await expect(page.getByRole('region', { name: 'Väntar på utleverans' })).not.toContainText(provisionalNo);
  });

  test('makulerad order: hjälpmedlet står som Makulerad på patientens lista och räknas inte som beställt', async ({ page, login, shell }) => {
    test.slow();
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await demoPatient(page.request, 'R10');
    const individual = await orderableIndividual(page.request, 2);
    await page.goto(`${WRITES_URL}/#/orders/new/${patient.id}`);
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    await wedgeScan(page, individual.individualNo);
    await expect(page.getByTestId('order-lines')).toContainText(individual.individualNo);
    await page.getByTestId('order-place').click();
    const provisionalNo = /P50301-[0-9A-F]{4}-\d{4}/.exec((await page.getByTestId('order-placed').textContent()) ?? '')![0];

    await shell.goTo('Mina beställningar');
    await page.getByTestId('my-orders-number').fill(provisionalNo);
    await page.getByTestId('my-orders-search').click();
    const mine = page.locator(`[data-testid="my-orders-row"][data-order-no="${provisionalNo}"]`);
    await mine.getByTestId('my-orders-cancel').click();
    await page.getByTestId('cancel-confirm').click();
    await expect(mine.getByTestId('my-orders-status-cell')).toHaveText('Makulerad');

    await shell.goTo('Mottagare');
    await wedgeScan(page, patient.personalNumber);
    await expect(page.getByTestId('recipient-name')).toContainText(patient.name);
    const row = page.getByTestId('recipient-aid-row').filter({ hasText: individual.individualNo });
    await expect(row).toHaveAttribute('data-cancelled', 'yes');
    await expect(row.getByTestId('recipient-aid-cancelled')).toHaveText('Makulerad');
    await expect(row.getByTestId('recipient-aid-undelivered')).toHaveCount(0);
    await docScreenshot(page, 'orders-11-cancelled-on-patient');
    await expectNoSeriousA11yViolations(page);
    // The individual is back in the store.
    const found = await api<{ individual?: { status: string } }>(page.request, 'individual.search', { query: individual.individualNo });
    expect(found.individual?.status).toBe('inStore');
  });

  test('beställningsmall: mallens rader med ändrat antal läggs på en direktbeställning; en individmärkt artikel ska skannas', async ({ page, login, shell }) => {
    test.slow();
    await login.open();
    await login.loginAs('Lena Tekniker');
    // An article without individuals that the store has plenty of, and a tracked one it has.
    const balances = await api<{ rows: { articleId: string; articleNo: string; available: number }[] }>(page.request, 'stock.balances', { offset: 20, limit: 100 });
    let plain: { articleId: string; articleNo: string } | undefined;
    let tracked: { articleId: string; articleNo: string } | undefined;
    for (const row of balances.rows) {
      if (plain && tracked) break;
      const r = await (await page.request.post('/api/order.lineLookup', { data: { code: row.articleNo, kind: 'directCareUnitOrder' } })).json();
      if (!plain && r.ok && !r.value.article.trackedIndividually && row.available >= 5) plain = row;
      if (!tracked && !r.ok && r.error.code === 'individual-missing' && row.available > 0) tracked = row;
    }
    expect(plain && tracked, 'demo articles for the template').toBeTruthy();
    const name = `Hemtjänst standard ${Date.now() % 100000}`;
    // The writes host's templates list is the replenishment spec's too: the template goes again at the end.
    const saved = await api<{ id: string }>(page.request, 'orderTemplate.save', { templateId: null, name, lines: [{ articleId: plain!.articleId, quantity: 2 }, { articleId: tracked!.articleId, quantity: 1 }] });
    try {
      const careUnit = await api<{ careUnitCode: string; name: string }>(page.request, 'recipient.get', { id: 'R1' });
      await shell.goTo('Beställningar');
      await page.getByTestId('recipient-search').fill(careUnit.careUnitCode);
      await page.getByRole('button', { name: 'Sök', exact: true }).click();
      await expect(page.getByTestId('order-recipient-card')).toContainText(careUnit.name);
      await expect(page.getByTestId('kind-directCareUnitOrder')).toBeChecked();

      await page.getByTestId('order-template').click();
      const dialog = page.getByRole('dialog', { name: 'Beställning efter beställningsmall' });
      await dialog.getByTestId('template-choose').selectOption({ label: name });
      await expect(dialog.getByTestId('template-lines')).toContainText(plain!.articleNo);
      await dialog.getByLabel(`Antal ${plain!.articleNo}`).fill('3');
      await docScreenshot(page, 'orders-12-template');
      await expectNoSeriousA11yViolations(page);
      await dialog.getByTestId('template-apply').click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('order-feedback')).toContainText(`Från mallen ${name}: 1 av 2 artiklar tillagda.`);
      await expect(page.getByTestId('order-feedback')).toContainText('skanna individnumret');
      await expect(page.getByLabel(`Antal för ${plain!.articleNo}`)).toHaveValue('3');
      // Unticked lines stay out: the template again, only the first line, adds to its quantity.
      await page.getByTestId('order-template').click();
      await dialog.getByTestId('template-choose').selectOption({ label: name });
      await dialog.getByLabel(`Beställ ${tracked!.articleNo}`).uncheck();
      await expect(dialog.getByTestId('template-apply')).toHaveText('Lägg till 1 rad på ordern');
      await dialog.getByTestId('template-apply').click();
      await expect(page.getByTestId('order-feedback')).toHaveText(`Från mallen ${name}: 1 av 1 artikel tillagd.`);
      await expect(page.getByLabel(`Antal för ${plain!.articleNo}`)).toHaveValue('5');
      await page.getByTestId('order-place').click();
      await expect(page.getByTestId('order-placed')).toContainText(/Direktbeställning P50301-[0-9A-F]{4}-\d{4} är sparad/);
    } finally {
      await api(page.request, 'orderTemplate.delete', { templateId: saved.id });
    }
  });

  test('ersättningslogistik: artikeln saknas i förrådet, en likvärdig med saldo föreslås och väljs', async ({ page, login, shell }) => {
    test.slow();
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await demoPatient(page.request, 'R8');
    await shell.goTo('Beställningar');
    // The personal number typed on the order page itself.
    await page.getByTestId('recipient-search').fill(patient.personalNumber);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);

    // 10266: the rank-1 rollator of the demo's first replacement group, none in the own store.
    await page.getByTestId('order-code').fill('10266');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    const proposal = page.getByTestId('replacement-proposal');
    await expect(proposal).toContainText('10266');
    const first = proposal.getByTestId('replacement-candidates').getByRole('row').nth(1);
    const replacementNo = (await first.getByRole('cell').nth(1).innerText()).trim();
    await docScreenshot(page, 'orders-6-replacement-proposal');
    await expectNoSeriousA11yViolations(page);
    await first.getByRole('button', { name: `Välj ${replacementNo} i stället` }).click();
    await expect(page.getByTestId('order-feedback')).toContainText(`${replacementNo}`);
    await expect(page.getByTestId('order-feedback')).toContainText('ersätter 10266');
    await expect(proposal).toHaveCount(0);
    await expect(page.getByTestId('order-lines')).toContainText(replacementNo);
    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText('är sparad');
  });
});

const centralUrl = process.env.BUFFERT_E2E_CENTRAL_URL;
const centralDataDir = process.env.BUFFERT_E2E_CENTRAL_DATA_DIR;

/** The admin CLI against the running central server (`npm run central -- …`), as an operator runs it. */
function centralCli(...argv: string[]): string {
  return execFileSync('npx', ['tsx', 'server/cli.ts', ...argv], { env: { ...process.env, BUFFERT_SERVER_DATA_DIR: centralDataDir }, timeout: 60_000 }).toString();
}

test.describe('Förskrivning från centrallagret mot en riktig central', () => {
  test.skip(!centralUrl || !centralDataDir, 'BUFFERT_E2E_CENTRAL_URL / _DATA_DIR are not set (playwright.config.ts sets them)');
  test.use({ baseURL: centralUrl });
  test.beforeAll(async ({ request }) => {
    await expect.poll(async () => (await (await request.post('/api/sync.status', { data: {} })).json()).value?.bootstrapped === true, { timeout: 90_000 }).toBe(true);
  });

  test('förskrivning → synk ger ordernummer → central ship → Levererad och hjälpmedlet levererat efter synk', async ({ page, login }) => {
    test.setTimeout(180_000);
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await demoPatient(page.request, 'R2');
    // An article the central store holds (a line of the demo's central order 26450003).
    const demoOrder = (await api<{ id: string; orderNo: string | null }[]>(page.request, 'order.list', { show: 'all', limit: 50 })).find((o) => o.orderNo === '26450003');
    const articleNo = (await api<{ orderLines: { articleNo: string }[] }>(page.request, 'order.get', { id: demoOrder!.id })).orderLines[0]!.articleNo;

    await page.goto(`${centralUrl}/#/orders/new/${patient.id}`);
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    await page.getByTestId('kind-prescription').check();
    await page.getByTestId('order-code').fill(articleNo);
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await expect(page.getByTestId('order-lines')).toContainText(articleNo);
    const keep = page.getByRole('button', { name: 'Behåll artikeln' });
    if (await keep.isVisible()) await keep.click();
    await page.getByLabel('Leveransinstruktion').fill('Lämna hos grannen om ingen är hemma.');
    await docScreenshot(page, 'orders-7-prescription-from-central');
    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText('Centralen ger den ett ordernummer vid nästa synk');
    await page.getByTestId('order-open-placed').click();
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Registrerad');
    const orderId = decodeURIComponent(page.url().split('#/orders/')[1]!);

    await synced(page.request);
    const numbered = await api<{ orderNo: string | null }>(page.request, 'order.issueView', { orderId });
    expect(numbered.orderNo).toMatch(/^\d{8}$/);
    expect(centralCli('ship', numbered.orderNo!)).toContain(numbered.orderNo!);
    await synced(page.request);
    await page.reload();
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Levererad');
    await expect(page.getByTestId('recipient-order-title')).toContainText(numbered.orderNo!);
    await docScreenshot(page, 'orders-8-delivered-from-central');
    // On the patient's list, delivered (an untracked article: under Förbrukning).
    const aids = await api<{ orderNo: string | null; articleNo: string; quantity: number }[]>(page.request, 'recipient.aids', { recipientId: patient.id, tab: 'consumables' });
    const ours = aids.filter((a) => a.articleNo === articleNo && a.quantity > 0);
    expect(ours.length, JSON.stringify(aids.filter((a) => a.articleNo === articleNo))).toBeGreaterThan(0);
  });
});
