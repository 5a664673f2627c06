import { DEMO_USER, docScreenshot, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { api } from './wedge';
import { central, synced } from './central-admin';

/**
 * Issue 11 items 5 and 6 in Chromium, on the workstation synced with the real central server
 * (playwright.config.ts): `central ship` and `central move-delivery-date` (the admin CLI) → the
 * status and the messages reach the workstation after a sync, the unread count is in the status
 * bar and the inbox reads and deletes; makulering refused past Registrerad; the loan basket lent,
 * one line prescribed to a patient and the other returned.
 */
const url = process.env.BUFFERT_E2E_CENTRAL_URL;
const centralDataDir = process.env.BUFFERT_E2E_CENTRAL_DATA_DIR;
const PRESCRIBER = 'Karin Arbetsterapeut';
/** The demo region's first patient (shared/demo/generator.ts, recipient R2). */
const patient = { personalNumber: '197709038645', name: 'Elsa Olsson' };

test.describe('Status, meddelanden, makulering och varukorg mot en riktig central', () => {
  test.skip(!url || !centralDataDir, 'BUFFERT_E2E_CENTRAL_URL / _DATA_DIR are not set (playwright.config.ts sets them)');
  test.use({ baseURL: url });
  test.beforeAll(async ({ request }) => {
    await expect.poll(async () => (await (await request.post('/api/sync.status', { data: {} })).json()).value?.bootstrapped === true, { timeout: 90_000 }).toBe(true);
  });

  test('central ship och ändrat leveransdatum: status och meddelanden efter synk; läsa, ta bort; makulering nekas', async ({ page, login, shell, request }) => {
    test.slow();
    await login.open();
    await login.loginAs(DEMO_USER);
    const unread = page.getByTestId('status-messages');
    await expect(unread).toBeVisible();
    const before = Number((await unread.textContent())?.match(/^(\d+)/)?.[1] ?? 0);

    expect(await central('ship', '26450002')).toContain('Order 26450002 är utlevererad');
    expect(await central('move-delivery-date', '26450003', '2026-12-18')).toContain('till 2026-12-18');
    await synced(request);
    // The status bar follows the pull (data.changed).
    await expect(unread).toHaveText(`${before + 2} olästa meddelanden`);
    await unread.click();
    await expect(page).toHaveURL(/#\/messages$/);
    const rows = page.getByTestId('message-row');
    await expect(rows.filter({ hasText: 'Order 26450002 är utlevererad från lager 10.' })).toHaveAttribute('data-read', 'no');
    await expect(rows.filter({ hasText: 'Leveransdatum för order 26450003 är ändrat från 2026-11-10 till 2026-12-18.' })).toBeVisible();
    await docScreenshot(page, 'messages-inbox');
    await expectNoSeriousA11yViolations(page);

    await rows.filter({ hasText: '26450002' }).getByTestId('message-read').click();
    await expect(rows.filter({ hasText: '26450002' })).toHaveAttribute('data-read', 'yes');
    await expect(unread).toHaveText(before + 1 === 1 ? '1 oläst meddelande' : `${before + 1} olästa meddelanden`);
    await rows.filter({ hasText: '26450003' }).getByTestId('message-delete').click();
    await expect(rows.filter({ hasText: '26450003' })).toHaveCount(0);
    await synced(request);

    // Mina beställningar: the shipped order is Utlevererad and cannot be cancelled; 26450001 (placed on the demo's day) is past the same-day limit.
    await shell.goTo('Mina beställningar');
    await page.getByTestId('my-orders-who').selectOption('all');
    await page.getByLabel('Visa även lagrets påfyllnader').check();
    await page.getByTestId('my-orders-number').fill('2645');
    await page.getByTestId('my-orders-search').click();
    const shipped = page.locator('[data-testid="my-orders-row"][data-order-no="26450002"]');
    await expect(shipped.getByTestId('my-orders-status-cell')).toHaveText('Utlevererad');
    await expect(shipped.getByTestId('my-orders-cancel')).toHaveCount(0);
    const registered = page.locator('[data-testid="my-orders-row"][data-order-no="26450001"]');
    await registered.getByTestId('my-orders-cancel').click();
    await expect(page.getByTestId('cancel-refused')).toContainText('kan bara makuleras samma dag som den lades');
    await docScreenshot(page, 'messages-cancel-refused');
    await page.getByRole('button', { name: 'Avbryt' }).click();
    // A stock transfer placed now (an article the central store holds, as on demo order 26450001) is cancelled: confirmed, Makulerad, and central agrees after sync.
    const demo = await api<{ orderLines: { articleId: string }[] }>(request, 'order.get', { id: '26450001' });
    const created = await api<{ orders: { provisionalNo: string }[] }>(request, 'order.create', { kind: 'stockTransfer', lines: [{ articleId: demo.orderLines[0]!.articleId, quantity: 1 }] });
    const provisional = created.orders[0]!.provisionalNo;
    await page.getByTestId('my-orders-who').selectOption('me');
    await page.getByTestId('my-orders-number').fill(provisional);
    await page.getByTestId('my-orders-search').click();
    // Searched by its provisional number: one row (it keeps the number after central gives it a case number).
    const mine = page.getByTestId('my-orders-row');
    await expect(mine).toHaveCount(1);
    await mine.getByTestId('my-orders-cancel').click();
    // The background sync may have pushed the order by now: the dialog then names its case number.
    const shownNo = new RegExp(`Makulera order (${provisional}|\\d{8})\\? Alla rader makuleras\\.`);
    await expect(page.getByTestId('cancel-dialog')).toContainText(shownNo);
    const number = (await page.getByTestId('cancel-dialog').textContent())!.match(/Makulera order (\S+)\?/)![1]!;
    await page.getByTestId('cancel-confirm').click();
    await expect(page.getByTestId('my-orders-notice')).toHaveText(`Order ${number} är makulerad.`);
    await expect(mine.getByTestId('my-orders-status-cell')).toHaveText('Makulerad');
    await synced(request);
    const conflicts = await api<{ name: string }[]>(request, 'sync.conflicts', {});
    expect(conflicts.filter((c) => c.name === 'customerOrder.cancel')).toEqual([]);
    await page.getByTestId('my-orders-search').click();
    await expect(mine.getByTestId('my-orders-status-cell')).toHaveText('Makulerad');
    // Bad input: a clear message.
    await page.getByTestId('my-orders-number').fill('264');
    await page.getByTestId('my-orders-search').click();
    await expect(page.getByTestId('my-orders-error')).toContainText('Ange år (ÅÅ), år och vecka (ÅÅVV)');
  });

  test('varukorg: låna en individ och en artikel, förskriv individen till en patient, återlämna resten', async ({ page, login, shell, request }) => {
    test.slow();
    await login.open();
    await login.loginAs(PRESCRIBER);
    // What to borrow: an individual in the store and an untracked article with stock (as the replica has them now).
    const individual = (await api<{ rows: { individualNo: string; articleNo: string }[] }>(request, 'stock.individuals', { status: 'inStore', limit: 1 })).rows[0]!;
    const spare = (await api<{ rows: { articleNo: string; available: number }[] }>(request, 'stock.balances', { articleType: 'sparePart', limit: 50 })).rows;
    let articleNo: string | null = null;
    for (const r of spare.filter((x) => x.available >= 3)) {
      const found = await (await request.post('/api/loanBasket.lookup', { data: { code: r.articleNo } })).json();
      if (found.ok) {
        articleNo = r.articleNo;
        break;
      }
    }
    expect(articleNo).not.toBeNull();

    await shell.goTo('Varukorg');
    await page.getByTestId('basket-code').fill(articleNo!);
    await page.getByTestId('basket-quantity').fill('2');
    await page.getByTestId('basket-add').click();
    await expect(page.getByTestId('basket-draft').getByRole('row')).toHaveCount(2);
    await expect(page.getByTestId('basket-code')).toHaveValue('');
    await page.getByTestId('basket-code').fill(individual.individualNo);
    await page.getByTestId('basket-add').click();
    await expect(page.getByTestId('basket-draft').getByRole('row')).toHaveCount(3);
    await page.getByTestId('basket-lend').click();
    await expect(page.getByTestId('basket-notice')).toHaveText('Hjälpmedlen är lånade och reserverade på dig.');
    const card = page.getByTestId('basket-card').first();
    await expect(card).toHaveAttribute('data-status', 'open');
    await expect(card.getByTestId('basket-due')).toContainText('Återlämnas senast');
    await docScreenshot(page, 'basket-lent');
    // The individual is reserved on the prescriber: a second loan of it is refused.
    await page.getByTestId('basket-code').fill(individual.individualNo);
    await page.getByTestId('basket-add').click();
    await expect(page.getByTestId('basket-draft')).toContainText(individual.individualNo);
    await page.getByTestId('basket-lend').click();
    await expect(page.getByTestId('basket-error')).toContainText(`Individ ${individual.individualNo} finns inte i lager 50301`);
    await page.getByTestId('basket-draft').getByRole('button', { name: 'Ta bort' }).click();

    // Leverans for the individual (to the patient), Ta bort for the article.
    const lines = card.getByTestId('basket-line');
    await lines.filter({ hasText: individual.individualNo }).getByTestId('basket-line-action').selectOption('prescribe');
    await lines.filter({ hasText: articleNo! }).getByTestId('basket-line-action').selectOption('return');
    await card.getByTestId('basket-recipient').fill(patient.personalNumber);
    await card.getByTestId('basket-find-recipient').click();
    await expect(card.getByTestId('basket-recipient-name')).toHaveText(patient.name);
    await docScreenshot(page, 'basket-handle');
    await expectNoSeriousA11yViolations(page);
    await card.getByTestId('basket-apply').click();
    await expect(page.getByTestId('basket-none')).toBeVisible();
    await page.getByLabel('Visa även avslutade').check();
    const closed = page.getByTestId('basket-card').first();
    await expect(closed).toHaveAttribute('data-status', 'closed');
    await expect(closed.getByTestId('basket-line').filter({ hasText: individual.individualNo })).toHaveAttribute('data-line-status', 'prescribed');
    await expect(closed.getByTestId('basket-line').filter({ hasText: articleNo! })).toHaveAttribute('data-line-status', 'returned');
    await docScreenshot(page, 'basket-closed');
    await synced(request);

    // The aid is on the patient's list.
    const found = await api<{ found: boolean; recipientId: string }>(request, 'recipient.search', { query: patient.personalNumber });
    const aids = await api<{ individualNo: string | null }[]>(request, 'recipient.aids', { recipientId: found.recipientId, tab: 'aids' });
    expect(JSON.stringify(aids)).toContain(individual.individualNo);
  });

  test('varukorg: kollegans öppna korgar syns och den försenade flaggas (demodatan), på startsidan också', async ({ page, login, shell }) => {
    await login.open();
    await login.loginAs(PRESCRIBER);
    // The demo's colleague prescriber (shared/demo/generator.ts, U5) has two open baskets, one overdue.
    await expect(page.getByTestId('start-baskets')).toContainText('öppna i lagret');
    await shell.goTo('Varukorg');
    await page.getByTestId('basket-who').getByText('Alla i lagret').click();
    const colleague = page.getByTestId('basket-card').filter({ hasText: 'Sara Fysioterapeut' });
    await expect(colleague).toHaveCount(2);
    await expect(colleague.filter({ has: page.getByTestId('basket-overdue') })).toHaveCount(1);
    await expect(colleague.first()).toContainText('Kollegas');
    await docScreenshot(page, 'basket-colleagues');
    await expectNoSeriousA11yViolations(page);
    // Mina beställningar: the colleague is one of the store's people to search by.
    await shell.goTo('Mina beställningar');
    await expect(page.getByTestId('my-orders-who').locator('option', { hasText: 'Sara Fysioterapeut' })).toHaveCount(1);
  });
});
