import { docScreenshot, expect, expectNoSeriousA11yViolations, test, TECHNICIAN, WRITES_URL } from './fixtures';
import { LevelDialog, TemplateDialog } from './pages';

// These tests write (levels, orders, templates): they run against their own web host, which has no
// central server, so every order stays "Väntar på central" (playwright.config.ts).
test.use({ baseURL: WRITES_URL });

/** Demo articles (shared/demo/generator.ts) of two suppliers, none in the buffer store; an utgången and an utgående one. */
const WALKER = { articleNo: '10001', name: 'Gåbock med hjul 50 cm', supplier: 'Hjälpmedelsbolaget Norden AB', gtin: '07350000000016' };
/** An article without a level in the demo data: this test's level is the only one. */
const LEVELLED = { articleNo: '10002', name: 'Gåbord Meywalk XL', supplier: 'Human Care HC AB' };
const WHEELCHAIR = { articleNo: '10003', name: 'Rullstol Netti smal', supplier: 'Permobil AB' };
const GONE = '10005';
const PHASING_OUT = '10022';

test.describe('Lagerpåfyllnad', () => {
  test.beforeEach(async ({ loggedIn, shell }) => {
    void loggedIn;
    await shell.goTo('Lagerpåfyllnad');
    await expect(loggedIn.getByRole('heading', { level: 1 })).toContainText('Lagerpåfyllnad');
  });

  test('min/max-nivåer ger ett förslag; registrerat delas det upp per leverantör och väntar på central', async ({ page, replenishment }) => {
    // Long: levels, suggestion, registration, list and details, each checked with axe.
    test.slow();
    // A store admin sets two levels, one per supplier, by article number.
    await replenishment.tab('Min/max-nivåer');
    for (const [article, min, max] of [
      [LEVELLED.articleNo, '2', '5'],
      [WHEELCHAIR.articleNo, '1', '3'],
    ] as const) {
      await page.getByRole('button', { name: 'Ny nivå…' }).click();
      const dialog = new LevelDialog(page, 'Ny min/max-nivå');
      await expect(dialog.article).toBeFocused();
      await dialog.article.fill(article);
      await dialog.article.press('Enter');
      await expect(dialog.root.getByTestId('level-article')).toContainText(article);
      await expect(dialog.min).toBeFocused();
      await dialog.min.fill(min);
      await dialog.max.fill(max);
      await dialog.max.press('Enter');
      await expect(dialog.root).toBeHidden();
      await expect(page.getByTestId('levels-notice')).toHaveText(`Nivån för ${article} är sparad: min ${min}, max ${max}.`);
    }
    await expect.poll(() => replenishment.levels.columnTexts('Artikel')).toEqual(expect.arrayContaining([LEVELLED.articleNo, WHEELCHAIR.articleNo]));
    await expect(replenishment.levels.root.getByRole('row', { name: new RegExp(LEVELLED.name) })).toContainText('under min');

    // Max below min is refused at the max field.
    await page.getByRole('button', { name: 'Ny nivå…' }).click();
    const bad = new LevelDialog(page, 'Ny min/max-nivå');
    await bad.article.fill(LEVELLED.articleNo);
    await bad.article.press('Enter');
    await bad.min.fill('5');
    await bad.max.fill('2');
    await bad.max.press('Enter');
    await expect(bad.root.getByText('Maxnivån kan inte vara lägre än miniminivån.')).toBeVisible();
    await page.keyboard.press('Escape');

    // The suggestion: both articles, ticked, with the quantity up to the max level.
    await replenishment.tab('Beställning');
    await expect(replenishment.line(LEVELLED.articleNo)).toBeVisible();
    // The demo store has levels of its own (its suggestion): only this test's two are ordered here.
    const others = (await replenishment.cart.locator('[data-testid="cart-line"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-article') ?? ''))).filter(
      (no) => no !== LEVELLED.articleNo && no !== WHEELCHAIR.articleNo,
    );
    for (const no of others) if (await replenishment.tick(no).isChecked()) await replenishment.tick(no).uncheck();
    await expect(replenishment.line(LEVELLED.articleNo)).toContainText(LEVELLED.supplier);
    await expect(replenishment.quantity(LEVELLED.articleNo)).toHaveValue('5');
    await expect(replenishment.quantity(WHEELCHAIR.articleNo)).toHaveValue('3');
    await expect(replenishment.tick(LEVELLED.articleNo)).toBeChecked();
    await expect(page.getByTestId('cart-summary')).toContainText('2 leverantörer: blir 2 lagerpåfyllnader, en per leverantör');
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'lagerpafyllnad-forslag');

    await replenishment.register.click();
    await expect(replenishment.created).toBeVisible();
    const message = page.getByTestId('cart-created-message');
    await expect(message).toContainText('delades upp i 2 lagerpåfyllnader, en per leverantör');
    await expect(message).toContainText(LEVELLED.supplier);
    await expect(message).toContainText(WHEELCHAIR.supplier);
    const numbers = (await message.innerText()).match(/P50301-[0-9A-F]{4}-\d{4}/g) ?? [];
    expect(numbers).toHaveLength(2);
    await expect(replenishment.created.getByRole('listitem')).toHaveCount(2);
    await expect(replenishment.created.getByRole('listitem').first()).toContainText('Väntar på central');
    // The ordered lines left the cart.
    await expect(replenishment.line(LEVELLED.articleNo)).toHaveCount(0);

    // Order: both provisional numbers, waiting for central; searchable by the number.
    await replenishment.tab('Order');
    await expect.poll(() => replenishment.orders.columnTexts('Prel. nr')).toEqual(expect.arrayContaining(numbers));
    const levelledOrder = replenishment.orders.root.getByRole('row', { name: new RegExp(numbers[0]!) });
    await expect(levelledOrder).toContainText('Väntar på central');
    await expect(levelledOrder).toContainText('Registrerad');
    await replenishment.ordersSearch.fill(numbers[1]!);
    await replenishment.ordersSearch.press('Enter');
    await expect.poll(() => replenishment.orders.columnTexts('Prel. nr')).toEqual([numbers[1]]);
    await expectNoSeriousA11yViolations(page);

    // Enter opens the order: its lines with status, no route until central has routed it.
    await replenishment.ordersSearch.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('order-title')).toHaveText(`Lagerpåfyllnad ${numbers[1]}`);
    const lines = page.getByTestId('order-lines-table');
    await expect(lines).toContainText(WHEELCHAIR.name);
    await expect(lines).toContainText('Registrerad');
    await expect(page.getByTestId('order-facts-list')).toContainText('Väntar på central');
    await expectNoSeriousA11yViolations(page);
  });

  test('Ny: artiklar skrivs eller skannas in; utgången avvisas, utgående varnas', async ({ page, replenishment }) => {
    await replenishment.startFrom('Ny');
    await replenishment.article.fill(WALKER.articleNo);
    await replenishment.article.press('Enter');
    await expect(replenishment.addFeedback).toHaveText(`${WALKER.articleNo} ${WALKER.name}: 1 st i varukorgen.`);
    await expect(replenishment.article).toBeFocused();
    await expect(replenishment.article).toHaveValue('');
    // The GTIN of the same article (as a scanner types it) adds to its line.
    await replenishment.article.fill(WALKER.gtin);
    await replenishment.article.press('Enter');
    await expect(replenishment.quantity(WALKER.articleNo)).toHaveValue('2');

    await replenishment.article.fill(GONE);
    await replenishment.article.press('Enter');
    await expect(page.getByText(`Artikel ${GONE} är utgången och kan inte beställas.`)).toBeVisible();
    await expect(replenishment.line(GONE)).toHaveCount(0);

    await replenishment.article.fill(PHASING_OUT);
    await replenishment.article.press('Enter');
    await expect(replenishment.addFeedback).toContainText('är utgående');
    await expect(replenishment.line(PHASING_OUT)).toContainText('är utgående');

    // A stock transfer is one order, whatever the suppliers.
    await page.getByRole('radio', { name: 'Lagerflytt från centrallagret' }).check();
    await expect(page.getByTestId('cart-summary')).toHaveText('2 rader markerade: blir 1 lagerflytt från centrallagret.');
    await replenishment.register.click();
    await expect(page.getByTestId('cart-created-message')).toHaveText(/^Lagerflytt P50301-[0-9A-F]{4}-\d{4} är registrerad\./);
    await expect(page.getByTestId('cart-created')).toContainText(`Artikel ${PHASING_OUT} är utgående`);
  });

  test('beställningsmallar skapas, ändras, används och tas bort efter bekräftelse', async ({ page, replenishment }) => {
    test.slow();
    await replenishment.tab('Beställningsmallar');
    await expect(page.getByTestId('templates-empty')).toContainText('Det finns inga beställningsmallar ännu');

    await page.getByRole('button', { name: 'Ny beställningsmall' }).click();
    const create = new TemplateDialog(page, 'Ny beställningsmall');
    await expect(create.name).toBeFocused();
    // Saving without lines, then without a name, is refused with the rules' words.
    await create.button('Spara mallen').click();
    await expect(create.root.getByText('En mall behöver minst en rad.')).toBeVisible();
    await create.article.fill(WALKER.articleNo);
    await create.article.press('Enter');
    await expect(create.lines).toHaveCount(1);
    await create.button('Spara mallen').click();
    await expect(create.root.getByText('Ge mallen ett namn.')).toBeVisible();
    await expect(create.name).toBeFocused();
    await create.name.fill('E2E Veckopåfyllnad');
    await create.article.fill(WHEELCHAIR.articleNo);
    await create.article.press('Enter');
    await expect(create.lines).toHaveCount(2);
    await create.quantity(WALKER.articleNo).fill('4');
    await expectNoSeriousA11yViolations(page);
    await create.button('Spara mallen').click();
    await expect(create.root).toBeHidden();
    await expect(page.getByTestId('templates-notice')).toHaveText('Beställningsmallen "E2E Veckopåfyllnad" är sparad.');
    const row = page.getByTestId('template-row').filter({ hasText: 'E2E Veckopåfyllnad' });
    await expect(row).toContainText(`${WALKER.articleNo} ${WALKER.name} (4)`);
    await expectNoSeriousA11yViolations(page);
    await docScreenshot(page, 'bestallningsmallar');

    await page.getByRole('button', { name: 'Ändra mallen E2E Veckopåfyllnad' }).click();
    const edit = new TemplateDialog(page, 'Ändra beställningsmall');
    await expect(edit.quantity(WALKER.articleNo)).toHaveValue('4');
    await edit.name.fill('E2E Veckopåfyllnad rullstolar');
    await edit.root.getByRole('button', { name: `Ta bort ${WALKER.articleNo} ur varukorgen` }).click();
    await edit.quantity(WHEELCHAIR.articleNo).fill('2');
    await edit.name.press('Enter');
    await expect(edit.root).toBeHidden();
    const edited = page.getByTestId('template-row').filter({ hasText: 'E2E Veckopåfyllnad rullstolar' });
    await expect(edited).toContainText(`${WHEELCHAIR.articleNo} ${WHEELCHAIR.name} (2)`);
    await expect(edited).not.toContainText(WALKER.name);

    // Från mall: its lines into the cart.
    await replenishment.tab('Beställning');
    await replenishment.startFrom('Från mall');
    await page.getByRole('combobox', { name: 'Beställningsmall' }).selectOption({ label: 'E2E Veckopåfyllnad rullstolar (1)' });
    await page.getByRole('button', { name: 'Lägg mallens rader i varukorgen' }).click();
    await expect(replenishment.quantity(WHEELCHAIR.articleNo)).toHaveValue('2');

    // Delete: asked first; Avbryt keeps it, Ta bort mallen removes it.
    await replenishment.tab('Beställningsmallar');
    await page.getByRole('button', { name: 'Ta bort mallen E2E Veckopåfyllnad rullstolar' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ta bort beställningsmall' });
    await expect(confirm).toContainText('Vill du ta bort beställningsmallen "E2E Veckopåfyllnad rullstolar"?');
    await confirm.getByRole('button', { name: 'Avbryt' }).click();
    await expect(edited).toBeVisible();
    await page.getByRole('button', { name: 'Ta bort mallen E2E Veckopåfyllnad rullstolar' }).click();
    await confirm.getByRole('button', { name: 'Ta bort mallen' }).click();
    await expect(page.getByTestId('templates-notice')).toHaveText('Beställningsmallen "E2E Veckopåfyllnad rullstolar" är borttagen.');
    await expect(page.getByTestId('templates-empty')).toBeVisible();
  });
});

test('en tekniker utan administratörsroll ser min/max-nivåerna men kan inte ändra dem', async ({ page, login, shell, replenishment }) => {
  await login.open();
  await login.loginAs(TECHNICIAN);
  await shell.goTo('Lagerpåfyllnad');
  await replenishment.tab('Min/max-nivåer');
  await expect(page.getByText('Bara lageradministratörer ändrar min- och maxnivåer.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ny nivå…' })).toHaveCount(0);
  await expect(replenishment.levels.root).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
