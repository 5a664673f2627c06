import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { openNetwork, type Network } from './network';
import { api, DEFAULT_WEDGE, E2E_WEDGE, setWedge, wedgeScan } from './wedge';
import { central, synced } from './central-admin';

/**
 * Issue 11 with the network gone, in Chromium. A second workstation of store 50301
 * (playwright.config.ts, BUFFERT_E2E_OFFLINE_URL) reaches the real central server only through a
 * proxy this file holds: it is opened for the first sync (bootstrap) and the login, then cut. With
 * no contact: a patient found by a scanned personal number, a direct prescription of an
 * individual from the own store by scanning it, its utleverans and the aid on the patient's list;
 * a prescription from central with a provisional number at once; the loan basket lent and
 * returned; the population register (CFR) saying that it needs the network. The network back and
 * synced: central has it all (case numbers instead of the provisional ones, in central's order list
 * once each; the aid on the patient at the store's other workstation), nothing doubled, no
 * conflicts. Then `central ship` of the prescription: Levererad and a message after the sync,
 * which opens the patient's order.
 */
const url = process.env.BUFFERT_E2E_OFFLINE_URL;
const proxyPort = Number(process.env.BUFFERT_E2E_OFFLINE_PROXY_PORT);
const centralServer = process.env.BUFFERT_E2E_CENTRAL_SERVER_URL;
const centralDataDir = process.env.BUFFERT_E2E_CENTRAL_DATA_DIR;
/** The store's other workstation, synced with the same central (playwright.config.ts). */
const otherUrl = process.env.BUFFERT_E2E_CENTRAL_URL;
const PRESCRIBER = 'Karin Arbetsterapeut';
/** A patient of the demo region no other file orders for (R1, R26… are care units). */
const PATIENT_ID = 'R12';
/** A register person who is no recipient of any store (shared/demo/generator.ts, DEMO_REGISTER_EXTRA). */
const NOT_IN_STORE = '195306061010';

let network: Network | undefined;

/** Individuals in the store whose article can be prescribed from it, from far down the list (other files take the first ones). */
async function orderableIndividuals(request: APIRequestContext, count: number): Promise<{ individualNo: string; articleNo: string }[]> {
  const page = await api<{ rows: { individualNo: string; articleNo: string }[] }>(request, 'stock.individuals', { status: 'inStore', offset: 150, limit: 100 });
  const found: { individualNo: string; articleNo: string }[] = [];
  for (const row of page.rows) {
    const r = await (await request.post('/api/order.lineLookup', { data: { code: row.individualNo, kind: 'directPrescription' } })).json();
    const basket = await (await request.post('/api/loanBasket.lookup', { data: { code: row.individualNo } })).json();
    if (r.ok && basket.ok) found.push(row);
    if (found.length === count) return found;
  }
  throw new Error('not enough orderable individuals');
}

test.describe('Beställningar utan nätverk, synkade efteråt', () => {
  test.skip(!url || !proxyPort || !centralServer || !centralDataDir || !otherUrl, 'BUFFERT_E2E_OFFLINE_URL and the central settings are not set (playwright.config.ts sets them)');
  test.use({ baseURL: url });

  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    // The network is opened: the workstation registers and fetches its store (its replica was empty).
    network = await openNetwork(proxyPort, centralServer!);
    await synced(request);
    // The first login on a workstation goes to central (then it is remembered for offline use).
    await api(request, 'session.loginOnline', { userId: 'U1', secret: DEMO_PASSWORD });
    await setWedge(request, E2E_WEDGE);
  });
  test.afterAll(async ({ request }) => {
    network?.setCut(false);
    await setWedge(request, DEFAULT_WEDGE);
    await network?.close();
  });

  test('nätverket kapat: patient, direktförskrivning med utleverans, förskrivning från centralen, varukorg, CFR; synk efteråt: allt hos centralen, inget dubbelt', async ({ page, login, shell, playwright }) => {
    test.setTimeout(300_000);
    // Logged in while there is contact (the login is then remembered for offline use).
    await login.open();
    await login.loginAs(PRESCRIBER);
    const patient = await api<{ id: string; personalNumber: string; name: string }>(page.request, 'recipient.get', { id: PATIENT_ID });
    const [individual, lent] = await orderableIndividuals(page.request, 2);
    // An article the central store holds (a line of the demo's central order 26450003).
    const demoOrder = (await api<{ id: string; orderNo: string | null }[]>(page.request, 'order.list', { show: 'all', limit: 50 })).find((o) => o.orderNo === '26450003');
    const centralArticleNo = (await api<{ orderLines: { articleNo: string }[] }>(page.request, 'order.get', { id: demoOrder!.id })).orderLines[0]!.articleNo;

    // The network is cut.
    network!.setCut(true);
    await api(page.request, 'sync.now', {});
    await expect.poll(async () => (await api<{ online: boolean; state: string }>(page.request, 'sync.status', {})).state, { timeout: 30_000 }).toBe('offline');
    await expect(page.getByTestId('status-connection')).toHaveText('Frånkopplad');

    // 1. The patient by a scanned personal number, a direct prescription of an individual scanned from the own store.
    await shell.goTo('Mottagare');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await wedgeScan(page, patient.personalNumber);
    await expect(page.getByTestId('recipient-name')).toContainText(patient.name);
    await page.getByTestId('recipient-order').click();
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    await expect(page.getByTestId('kind-directPrescription')).toBeChecked();
    await wedgeScan(page, individual!.individualNo);
    await expect(page.getByTestId('order-lines')).toContainText(individual!.individualNo);
    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText(/Direktförskrivning P50301-[0-9A-F]{4}-\d{4} är sparad/);
    const directNo = /P50301-[0-9A-F]{4}-\d{4}/.exec((await page.getByTestId('order-placed').textContent()) ?? '')![0];
    await page.getByTestId('order-open-placed').click();
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Registrerad');
    const directId = decodeURIComponent(page.url().split('#/orders/')[1]!);
    // Utleverans by scanning the individual.
    await wedgeScan(page, individual!.individualNo);
    await expect(page.getByTestId('issue-feedback')).toContainText('plockad (1 av 1)');
    await page.getByTestId('issue').click();
    await expect(page.getByTestId('issued')).toContainText(patient.name);
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Utlevererad');
    await expect(page.getByTestId('status-connection')).toHaveText('Frånkopplad');
    await docScreenshot(page, 'orders-offline-1-issued');
    // The aid is on the patient's list.
    await shell.goTo('Mottagare');
    await wedgeScan(page, patient.personalNumber);
    const aidRow = page.getByTestId('recipient-aid-row').filter({ hasText: individual!.individualNo });
    await expect(aidRow).toBeVisible();
    await expect(aidRow.getByTestId('recipient-aid-undelivered')).toHaveCount(0);

    // 2. A prescription from central: a provisional number at once.
    await page.goto(`/#/orders/new/${patient.id}`);
    await expect(page.getByTestId('order-recipient-card')).toContainText(patient.name);
    // The first order's individmall proposal went with it (it stayed on the next order once).
    await expect(page.getByTestId('components-proposal')).toHaveCount(0);
    await page.getByTestId('kind-prescription').check();
    await page.getByTestId('order-code').fill(centralArticleNo);
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await expect(page.getByTestId('order-lines')).toContainText(centralArticleNo);
    const keep = page.getByRole('button', { name: 'Behåll artikeln' });
    if (await keep.isVisible()) await keep.click();
    await page.getByTestId('order-place').click();
    await expect(page.getByTestId('order-placed')).toContainText(/P50301-[0-9A-F]{4}-\d{4}/);
    await expect(page.getByTestId('order-placed')).toContainText('Centralen ger den ett ordernummer vid nästa synk');
    const prescriptionNo = /P50301-[0-9A-F]{4}-\d{4}/.exec((await page.getByTestId('order-placed').textContent()) ?? '')![0];
    expect(prescriptionNo).not.toBe(directNo);
    await page.getByTestId('order-open-placed').click();
    await expect(page.getByTestId('recipient-order-title')).toContainText(prescriptionNo);
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Registrerad');
    await docScreenshot(page, 'orders-offline-2-provisional-number');
    const prescriptionId = decodeURIComponent(page.url().split('#/orders/')[1]!);

    // 3. The loan basket: an individual lent, then returned.
    await shell.goTo('Varukorg');
    await page.getByTestId('basket-code').fill(lent!.individualNo);
    await page.getByTestId('basket-add').click();
    await expect(page.getByTestId('basket-draft')).toContainText(lent!.individualNo);
    await page.getByTestId('basket-lend').click();
    await expect(page.getByTestId('basket-notice')).toHaveText('Hjälpmedlen är lånade och reserverade på dig.');
    const card = page.getByTestId('basket-card').filter({ hasText: lent!.individualNo });
    await expect(card).toHaveAttribute('data-status', 'open');
    expect((await api<{ individual?: { status: string } }>(page.request, 'individual.search', { query: lent!.individualNo })).individual?.status).toBe('reserved');
    await card.getByTestId('basket-line').filter({ hasText: lent!.individualNo }).getByTestId('basket-line-action').selectOption('return');
    await card.getByTestId('basket-apply').click();
    await expect(page.getByTestId('basket-card').filter({ hasText: lent!.individualNo })).toHaveCount(0);
    expect((await api<{ individual?: { status: string } }>(page.request, 'individual.search', { query: lent!.individualNo })).individual?.status).toBe('inStore');

    // 4. The population register needs the network, and says so.
    await shell.goTo('Mottagare');
    const input = page.getByTestId('recipient-search-input');
    await input.fill(NOT_IN_STORE);
    await input.press('Enter');
    await expect(page.getByTestId('recipient-not-found')).toContainText('Ingen patient med personnummer 19530606-1010 finns i lagrets register.');
    await page.getByTestId('recipient-cfr-lookup').click();
    await expect(page.getByTestId('recipient-cfr-error')).toContainText('Ingen kontakt med centralen: folkbokföringen (CFR) kan inte sökas just nu. Försök igen när nätverket är tillbaka.');
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'orders-offline-3-cfr-needs-network');

    // Everything waits for the network.
    const waiting = await api<{ pendingChanges: number; online: boolean }>(page.request, 'sync.status', {});
    expect(waiting.online).toBe(false);
    expect(waiting.pendingChanges).toBeGreaterThanOrEqual(5);
    await shell.goTo('Synk');
    await docScreenshot(page, 'orders-offline-4-pending');

    // The network is back: one sync, and central has it all.
    network!.setCut(false);
    await synced(page.request);
    expect(await api<unknown[]>(page.request, 'sync.conflicts', {})).toEqual([]);
    await expect(page.getByTestId('status-connection')).toHaveText('Uppkopplad');
    const direct = await api<{ orderNo: string | null; status: string }>(page.request, 'order.issueView', { orderId: directId });
    const prescription = await api<{ orderNo: string | null; status: string }>(page.request, 'order.issueView', { orderId: prescriptionId });
    expect(direct.orderNo).toMatch(/^\d{8}$/);
    expect(prescription.orderNo).toMatch(/^\d{8}$/);
    expect(prescription.orderNo).not.toBe(direct.orderNo);
    // The case number replaces the provisional one on the order.
    await page.goto(`/#/orders/${encodeURIComponent(prescriptionId)}`);
    await expect(page.getByTestId('recipient-order-title')).toContainText(prescription.orderNo!);
    await docScreenshot(page, 'orders-offline-5-case-number');
    // Central's order list: each order once, under its case number, with the provisional one beside it.
    const orders = await central('orders');
    for (const [provisional, no] of [[directNo, direct.orderNo!], [prescriptionNo, prescription.orderNo!]] as const) {
      expect(orders.split('\n').filter((l) => l.includes(provisional)), orders).toEqual([expect.stringMatching(new RegExp(`^${no}\\s+\\(prel\\. ${provisional}\\)`))]);
    }
    // The store's other workstation gets it from central: the aid on the patient once, the individual at the patient, the basket returned.
    const otherRequest = await playwright.request.newContext({
      baseURL: otherUrl,
      extraHTTPHeaders: { 'X-Buffert-Secret': process.env.BUFFERT_WEB_SECRET ?? '' },
    });
    try {
      await synced(otherRequest);
      await api(otherRequest, 'session.loginOnline', { userId: 'U3', secret: DEMO_PASSWORD });
      const aids = await api<{ individualNo: string | null; orderNo: string | null }[]>(otherRequest, 'recipient.aids', { recipientId: patient.id, tab: 'aids' });
      expect(aids.filter((a) => a.individualNo === individual!.individualNo)).toHaveLength(1);
      expect((await api<{ individual?: { status: string } }>(otherRequest, 'individual.search', { query: individual!.individualNo })).individual?.status).toBe('atRecipient');
      expect((await api<{ individual?: { status: string } }>(otherRequest, 'individual.search', { query: lent!.individualNo })).individual?.status).toBe('inStore');
      // The patient's orders there: each once, under its case number.
      const ordersThere = await api<{ number: string }[]>(otherRequest, 'recipient.orders', { recipientId: patient.id });
      expect(ordersThere.filter((o) => [direct.orderNo, prescription.orderNo, directNo, prescriptionNo].includes(o.number)).map((o) => o.number).sort()).toEqual(
        [direct.orderNo!, prescription.orderNo!].sort(),
      );
    } finally {
      await otherRequest.dispose();
    }

    // `central ship` of the prescription: Levererad and a message after the sync, which opens the patient's order.
    expect(await central('ship', prescription.orderNo!)).toContain(`Order ${prescription.orderNo} är levererad från lager 10 till mottagaren`);
    await synced(page.request);
    await page.getByTestId('status-messages').click();
    const message = page.getByTestId('message-row').filter({ hasText: `Order ${prescription.orderNo} till patient är levererad.` });
    await expect(message).toHaveAttribute('data-read', 'no');
    await docScreenshot(page, 'orders-offline-6-shipped-message');
    // The message opens the order: Levererad, the case number and the provisional one beside it.
    await message.getByRole('link', { name: prescription.orderNo! }).click();
    await expect(page.getByTestId('order-title')).toContainText(`Förskrivning ${prescription.orderNo}`);
    await expect(page.getByTestId('order-facts-list')).toContainText(prescriptionNo);
    await expect(page.getByTestId('order-facts-list')).toContainText('Levererad');
    await docScreenshot(page, 'orders-offline-7-delivered');
    // The patient's order page says the same.
    await page.goto(`/#/orders/${encodeURIComponent(prescriptionId)}`);
    await expect(page.getByTestId('recipient-order-title')).toContainText(prescription.orderNo!);
    await expect(page.getByTestId('recipient-order-status')).toHaveText('Levererad');
  });
});
