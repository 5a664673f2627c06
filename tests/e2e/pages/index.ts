import { expect, type Locator, type Page } from '@playwright/test';

/** Page objects: what a person sees and does on each screen, in the UI's own (Swedish) words. */

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

  async loginAs(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Logga in som ${name}` }).click();
    await expect(this.page.getByTestId('status-user')).toContainText(name);
  }
}

export class Shell {
  constructor(private readonly page: Page) {}

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Huvudmeny' });
  }

  async goTo(item: string): Promise<void> {
    await this.navigation.getByRole('link', { name: new RegExp(`^${item}`) }).click();
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
