import { expect, type Locator, type Page } from '@playwright/test';

/** shared/demo/generator.ts DEMO_PASSWORD (this project compiles alone; tests/integration/login.test.ts checks they agree). */
export const DEMO_PASSWORD = 'demo1234';

/** Page objects: what a person sees and does on each screen, in the UI's own (Swedish) words. */

/**
 * A person's pace between keys (ms). Keys as fast as Playwright sends them, ending in Enter, are a
 * keyboard-wedge scan to the page (renderer/features/scanner/wedgeGate.ts) and never reach the field.
 */
export const TYPING_DELAY_MS = 110;

export class LoginScreen {
  constructor(private readonly page: Page) {}

  /** Opens the app logged out (the workstation's session outlives page loads, like the real app). */
  async open(): Promise<void> {
    const response = await this.page.request.post('/api/session.logout', { data: {} });
    expect(response.ok()).toBe(true);
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: /Logga in/ })).toBeVisible();
  }

  get store(): Locator {
    return this.page.getByTestId('login-store');
  }

  /** Chooses the person, types the (demo) password and presses Enter, as at the keyboard. */
  async loginAs(name: string, secret = DEMO_PASSWORD): Promise<void> {
    await this.page.getByRole('button', { name: `Logga in som ${name}` }).click();
    const field = this.page.getByTestId('login-secret');
    await expect(field).toBeFocused();
    await field.fill(secret);
    await field.press('Enter');
    await expect(this.page.getByTestId('status-user')).toContainText(name);
  }

  /** The buttons of "Vem är du?", one per person who may log in here. */
  get users(): Locator {
    return this.page.getByRole('group', { name: 'Vem är du?' }).getByRole('button');
  }

  get secret(): Locator {
    return this.page.getByTestId('login-secret');
  }

  get error(): Locator {
    return this.page.getByTestId('login-error');
  }

  /** Types into the focused secret field at a person's pace. */
  async typeSecret(secret: string, delayMs = TYPING_DELAY_MS): Promise<void> {
    await expect(this.secret).toBeFocused();
    await this.page.keyboard.type(secret, { delay: delayMs });
    await expect(this.secret).toHaveValue(secret);
  }

  /** Moves through the list with the arrow keys until the person's button has focus, then Enter. */
  async chooseWithKeys(name: string): Promise<void> {
    const target = this.page.getByRole('button', { name: `Logga in som ${name}` });
    await expect(this.users.first()).toBeFocused();
    const count = await this.users.count();
    for (let i = 0; i < count && !(await target.evaluate((el) => el === document.activeElement)); i++) await this.page.keyboard.press('ArrowDown');
    await expect(target).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(this.secret).toBeFocused();
  }
}

/** The lock screen that covers the page while the workstation is locked. */
export class LockScreen {
  constructor(private readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('lock-screen');
  }

  /** "Lås" in the header. */
  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lås', exact: true }).click();
    await expect(this.root).toBeVisible();
  }

  get secret(): Locator {
    return this.page.getByTestId('unlock-secret');
  }

  get error(): Locator {
    return this.root.getByTestId('login-error');
  }

  /** Types the secret and presses Enter, as at the keyboard. */
  async unlock(secret: string): Promise<void> {
    await expect(this.secret).toBeFocused();
    await this.page.keyboard.type(secret, { delay: TYPING_DELAY_MS });
    await expect(this.secret).toHaveValue(secret);
    await this.page.keyboard.press('Enter');
  }
}

export class Shell {
  constructor(private readonly page: Page) {}

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Huvudmeny' });
  }

  /** A menu entry by its name; an entry not built yet is named with its "kommer" badge. */
  async goTo(item: string): Promise<void> {
    await this.navigation.getByRole('link', { name: new RegExp(`^${item}( kommer)?$`) }).click();
  }

  get statusBar(): Locator {
    return this.page.getByTestId('status-bar');
  }

  async logout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Logga ut' }).click();
  }
}

/** A virtualized grid: only the rendered rows are in the DOM. */
export class Grid {
  constructor(readonly root: Locator) {}

  get rows(): Locator {
    return this.root.locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
  }

  /** Loaded rows (not "Hämtar…" placeholders). */
  get loadedRows(): Locator {
    return this.root.locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"]):not([data-loading])');
  }

  row(index: number): Locator {
    return this.root.locator(`[role="row"][aria-rowindex="${index + 2}"]`);
  }

  /** The text of one column in every loaded row, by the column header's position. */
  async columnTexts(header: string): Promise<string[]> {
    const headers = await this.root.getByRole('columnheader').allInnerTexts();
    const position = headers.findIndex((h) => h.trim() === header);
    if (position < 0) throw new Error(`no column "${header}" in ${headers.join(', ')}`);
    return this.loadedRows.evaluateAll(
      (rows, i) => rows.map((r) => (r.querySelectorAll('[role="gridcell"]')[i] as HTMLElement | undefined)?.innerText.trim() ?? ''),
      position,
    );
  }
}

export class StockScreen {
  readonly list: Grid;
  readonly individualsList: Grid;

  constructor(private readonly page: Page) {
    this.list = new Grid(page.getByRole('grid', { name: 'Lagersaldo per artikel' }));
    this.individualsList = new Grid(page.getByRole('grid', { name: 'Individer i lagret' }));
  }

  get search(): Locator {
    return this.page.getByRole('textbox', { name: 'Sök artikel' });
  }

  get articleType(): Locator {
    return this.page.getByRole('combobox', { name: 'Artikeltyp' });
  }

  balance(option: 'Med saldo' | 'Alla'): Locator {
    return this.page.getByRole('radiogroup', { name: 'Lagersaldo' }).getByText(option, { exact: true });
  }

  get count(): Locator {
    return this.page.getByTestId('stock-count');
  }

  /** The number of articles the list says it holds ("2 400 artiklar" → 2400). */
  async total(): Promise<number> {
    await expect(this.count).toHaveText(/^\d[\d\s\u00a0]* artiklar?$/);
    return Number((await this.count.innerText()).replace(/\D/g, ''));
  }

  /** Waits until the count differs from `previous` and the first page of rows is in. */
  async waitForNewTotal(previous: number): Promise<number> {
    await expect.poll(() => this.total()).not.toBe(previous);
    await expect(this.list.loadedRows.first()).toBeVisible();
    return this.total();
  }
}

export class IndividualSearchScreen {
  readonly list: Grid;

  constructor(private readonly page: Page) {
    this.list = new Grid(page.getByRole('grid', { name: 'Sökresultat, individer' }));
  }

  get field(): Locator {
    return this.page.getByRole('textbox', { name: 'Individnummer eller serienummer' });
  }

  get count(): Locator {
    return this.page.getByTestId('individual-search-count');
  }

  async search(query: string, how: 'enter' | 'button' = 'enter'): Promise<void> {
    await this.field.fill(query);
    if (how === 'enter') await this.field.press('Enter');
    else await this.page.getByRole('button', { name: 'Sök', exact: true }).click();
  }
}

export class IndividualScreen {
  constructor(private readonly page: Page) {}

  get title(): Locator {
    return this.page.getByTestId('individual-title');
  }

  /** The value beside a label in the details' fact lists (dt → dd). */
  fact(label: string): Locator {
    return this.page.getByTestId('individual-details').locator(`dt:text-is("${label}") + dd`);
  }

  get history(): Locator {
    return this.page.getByTestId('individual-history');
  }
}

/** A Mantine dialog by its title; fields by their labels (the required mark is not part of the name). */
class Dialog {
  readonly root: Locator;

  constructor(
    protected readonly page: Page,
    title: string,
  ) {
    this.root = page.getByRole('dialog', { name: title });
  }

  field(label: string): Locator {
    return this.root.getByRole('textbox', { name: new RegExp(`^${label}`) });
  }

  button(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true });
  }

  get alert(): Locator {
    return this.root.getByRole('alert');
  }
}

export class RegisterDialog extends Dialog {
  constructor(page: Page) {
    super(page, 'Registrera ny individ');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Registrera ny individ' }).click();
    await expect(this.root).toBeVisible();
  }

  get articleNo(): Locator {
    return this.field('Artikelnummer');
  }

  get individualNo(): Locator {
    return this.field('Individnummer');
  }

  get serialNo(): Locator {
    return this.field('Serienummer');
  }

  get age(): Locator {
    return this.field('Uppskattad ålder');
  }

  get description(): Locator {
    return this.field('Beskrivning');
  }

  get article(): Locator {
    return this.root.getByTestId('register-article');
  }

  /** The value beside a label in the fetched article's facts. */
  articleFact(label: string): Locator {
    return this.article.locator(`dt:text-is("${label}") + dd`);
  }
}

export class ChangeNumberDialog extends Dialog {
  constructor(page: Page) {
    super(page, 'Byte av individnummer');
  }

  get confirm(): Locator {
    return this.root.getByRole('checkbox', { name: 'Jag bekräftar att detta är den individ som ska byta nummer' });
  }

  get newNumber(): Locator {
    return this.field('Nytt individnummer');
  }

  get reason(): Locator {
    return this.field('Anledning till bytet');
  }
}

export class AddTextDialog extends Dialog {
  constructor(page: Page) {
    super(page, 'Textinformation');
  }

  get text(): Locator {
    return this.field('Text');
  }
}

export class AdjustDialog extends Dialog {
  constructor(page: Page) {
    super(page, 'Justera saldo');
  }

  get quantity(): Locator {
    return this.field('Ändring');
  }

  get reason(): Locator {
    return this.field('Anledning');
  }
}

export class SyncScreen {
  constructor(private readonly page: Page) {}

  /** The value beside a label in the status facts. */
  fact(label: string): Locator {
    return this.page.getByTestId('sync-status').locator(`dt:text-is("${label}") + dd`);
  }

  get syncNow(): Locator {
    return this.page.getByRole('button', { name: 'Synka nu' });
  }

  get progress(): Locator {
    return this.page.getByTestId('sync-progress');
  }

  get failsafe(): Locator {
    return this.page.getByTestId('sync-failsafe');
  }

  get conflicts(): Locator {
    return this.page.getByTestId('sync-conflicts');
  }
}

/** Lagerpåfyllnad: the cart (Beställning), Order, Beställningsmallar, Min/max-nivåer. */
export class ReplenishmentScreen {
  readonly orders: Grid;
  readonly levels: Grid;

  constructor(private readonly page: Page) {
    this.orders = new Grid(page.getByRole('grid', { name: 'Lagrets lagerpåfyllnader och lagerflyttar' }));
    this.levels = new Grid(page.getByRole('grid', { name: 'Min- och maxnivåer i lagret' }));
  }

  async tab(name: 'Beställning' | 'Order' | 'Beställningsmallar' | 'Min/max-nivåer'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  /** "Börja från": Förslag, Från mall or Ny. */
  async startFrom(option: 'Förslag' | 'Från mall' | 'Ny'): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'Börja från' }).getByText(option, { exact: true }).click();
  }

  get article(): Locator {
    return this.page.getByRole('textbox', { name: 'Artikel', exact: true });
  }

  get addFeedback(): Locator {
    return this.page.getByTestId('cart-add-feedback');
  }

  get cart(): Locator {
    return this.page.getByTestId('cart-table');
  }

  /** A cart line by its article number. */
  line(articleNo: string): Locator {
    return this.page.locator(`[data-testid="cart-line"][data-article="${articleNo}"]`);
  }

  quantity(articleNo: string): Locator {
    return this.page.getByRole('textbox', { name: `Antal för ${articleNo}` });
  }

  tick(articleNo: string): Locator {
    return this.page.getByRole('checkbox', { name: `Beställ ${articleNo}` });
  }

  get register(): Locator {
    return this.page.getByRole('button', { name: 'Registrera', exact: true });
  }

  get created(): Locator {
    return this.page.getByTestId('cart-created');
  }

  get ordersSearch(): Locator {
    return this.page.getByRole('textbox', { name: 'Sök order' });
  }
}

export class TemplateDialog extends Dialog {
  constructor(page: Page, title: 'Ny beställningsmall' | 'Ändra beställningsmall') {
    super(page, title);
  }

  get name(): Locator {
    return this.field('Namn');
  }

  get article(): Locator {
    return this.field('Artikel');
  }

  quantity(articleNo: string): Locator {
    return this.root.getByRole('textbox', { name: `Antal för ${articleNo}` });
  }

  get lines(): Locator {
    return this.root.getByTestId('template-line');
  }
}

export class LevelDialog extends Dialog {
  constructor(page: Page, title: 'Ny min/max-nivå' | 'Ändra min/max-nivå') {
    super(page, title);
  }

  get article(): Locator {
    return this.field('Artikel');
  }

  get min(): Locator {
    return this.field('Miniminivå');
  }

  get max(): Locator {
    return this.field('Maxnivå');
  }
}

/** Godsmottagning: the number field and the list of what is on its way to the store. */
export class GoodsReceiptScreen {
  readonly list: Grid;

  constructor(private readonly page: Page) {
    this.list = new Grid(page.getByRole('grid', { name: 'Leveranser till lagret' }));
  }

  get find(): Locator {
    return this.page.getByRole('textbox', { name: 'Märk lev: / inköpsordernummer' });
  }

  get onlyUnreceived(): Locator {
    return this.page.getByRole('checkbox', { name: 'Visa endast okvitterade direktleveranser' });
  }

  get mine(): Locator {
    return this.page.getByRole('checkbox', { name: 'Bara mina order' });
  }

  get count(): Locator {
    return this.page.getByTestId('incoming-count');
  }
}

/** Kvittens: scan feedback, the manual code field, lines, total and the two decisions. */
export class ReceiptScreen {
  constructor(private readonly page: Page) {}

  get title(): Locator {
    return this.page.getByTestId('receipt-title');
  }

  get code(): Locator {
    return this.page.getByRole('textbox', { name: 'Skanna/skriv kod' });
  }

  /** Types a code into "Skanna/skriv kod" and sends it with Enter, as a scanner would. */
  async scan(text: string): Promise<void> {
    await this.code.fill(text);
    await this.code.press('Enter');
  }

  get feedback(): Locator {
    return this.page.getByTestId('receipt-feedback');
  }

  get lines(): Locator {
    return this.page.getByTestId('receipt-line');
  }

  price(lineNo: number): Locator {
    return this.page.getByRole('textbox', { name: `À-pris i hela kronor, rad ${lineNo}` });
  }

  get total(): Locator {
    return this.page.getByTestId('receipt-total');
  }

  get missing(): Locator {
    return this.page.getByTestId('receipt-missing');
  }

  get approve(): Locator {
    return this.page.getByRole('button', { name: 'Godkänn', exact: true });
  }

  get actionError(): Locator {
    return this.page.getByTestId('receipt-action-error');
  }
}

/** Kontroll av leverans från centrallagret: scan feedback, code field, lines, summary, deviation. */
export class CentralDeliveryScreen {
  constructor(private readonly page: Page) {}

  get title(): Locator {
    return this.page.getByTestId('central-title');
  }

  get code(): Locator {
    return this.page.getByRole('textbox', { name: 'Skanna/skriv kod' });
  }

  /** Types a code into "Skanna/skriv kod" and sends it with Enter, as a scanner would. */
  async scan(text: string): Promise<void> {
    await this.code.fill(text);
    await this.code.press('Enter');
  }

  get feedback(): Locator {
    return this.page.getByTestId('central-feedback');
  }

  get lines(): Locator {
    return this.page.getByTestId('central-line');
  }

  counted(lineNo: number): Locator {
    return this.page.getByRole('textbox', { name: `Räknat antal på rad ${lineNo}` });
  }

  get summary(): Locator {
    return this.page.getByTestId('central-summary');
  }

  get report(): Locator {
    return this.page.getByRole('button', { name: 'Rapportera avvikelse…' });
  }

  get deviations(): Locator {
    return this.page.getByTestId('central-deviations');
  }
}
