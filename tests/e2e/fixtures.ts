import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import {
  AddTextDialog,
  AdjustDialog,
  CentralDeliveryScreen,
  ChangeNumberDialog,
  GoodsReceiptScreen,
  IndividualScreen,
  IndividualSearchScreen,
  LoginScreen,
  ReceiptScreen,
  RegisterDialog,
  ReplenishmentScreen,
  Shell,
  StockScreen,
  SyncScreen,
} from './pages';

interface Screens {
  login: LoginScreen;
  shell: Shell;
  stock: StockScreen;
  individuals: IndividualSearchScreen;
  individual: IndividualScreen;
  register: RegisterDialog;
  changeNumber: ChangeNumberDialog;
  addText: AddTextDialog;
  adjust: AdjustDialog;
  sync: SyncScreen;
  replenishment: ReplenishmentScreen;
  goodsReceipt: GoodsReceiptScreen;
  receipt: ReceiptScreen;
  centralDelivery: CentralDeliveryScreen;
  /** Logs in as the demo technician and lands on the start page. */
  loggedIn: Page;
  /** Fails the test on an uncaught page error or a Content Security Policy violation. */
  pageHealth: void;
}

export const DEMO_USER = 'Lena Tekniker';
export { DEMO_PASSWORD } from './pages';
export const DEMO_STORE = '50301';
/** A technician without the store-admin role (may not adjust balances). */
export const TECHNICIAN = 'Ahmed Lagerman';

/** The web host whose replica the writing tests change (playwright.config.ts). */
export const WRITES_URL = process.env.BUFFERT_E2E_WRITES_URL;
/** The web host whose replica holds two delivered purchase orders (tests/helpers/delivered-replica.ts). */
export const RECEIPT_URL = process.env.BUFFERT_E2E_RECEIPT_URL;
/** The web host whose replica the stocktake test counts and approves (playwright.config.ts). */
export const STOCKTAKE_URL = process.env.BUFFERT_E2E_STOCKTAKE_URL;

/**
 * The web hosts' secret (decision 0017; playwright.config.ts makes it and gives it to every host).
 * A person's browser gets it as a cookie from the one-time launch link `npm start` opens; a test's
 * browser context gets the same cookie here, for every host of the run, and its API request
 * context sends it as the header tools use. Names as in electron/web-host/auth.ts.
 */
const WEB_SECRET = process.env.BUFFERT_WEB_SECRET ?? '';
const HOST_PORTS = [
  ...(process.env.BUFFERT_E2E_HOST_PORTS ?? '').split(',').filter(Boolean).map(Number),
  // An opt-in host started by hand (large-list.spec.ts) with the same BUFFERT_WEB_SECRET.
  ...(process.env.BUFFERT_E2E_LARGE_URL ? [Number(new URL(process.env.BUFFERT_E2E_LARGE_URL).port)] : []),
];
const secretCookies = () =>
  HOST_PORTS.map((port) => ({ name: `buffert-secret-${port}`, value: WEB_SECRET, url: `http://127.0.0.1:${port}`, httpOnly: true, sameSite: 'Strict' as const }));

export const test = base.extend<Screens>({
  context: async ({ context }, use) => {
    await context.addCookies(secretCookies());
    await use(context);
  },
  request: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Buffert-Secret': WEB_SECRET } });
    await use(request);
    await request.dispose();
  },
  login: async ({ page }, use) => use(new LoginScreen(page)),
  shell: async ({ page }, use) => use(new Shell(page)),
  stock: async ({ page }, use) => use(new StockScreen(page)),
  individuals: async ({ page }, use) => use(new IndividualSearchScreen(page)),
  individual: async ({ page }, use) => use(new IndividualScreen(page)),
  register: async ({ page }, use) => use(new RegisterDialog(page)),
  changeNumber: async ({ page }, use) => use(new ChangeNumberDialog(page)),
  addText: async ({ page }, use) => use(new AddTextDialog(page)),
  adjust: async ({ page }, use) => use(new AdjustDialog(page)),
  sync: async ({ page }, use) => use(new SyncScreen(page)),
  replenishment: async ({ page }, use) => use(new ReplenishmentScreen(page)),
  goodsReceipt: async ({ page }, use) => use(new GoodsReceiptScreen(page)),
  receipt: async ({ page }, use) => use(new ReceiptScreen(page)),
  centralDelivery: async ({ page }, use) => use(new CentralDeliveryScreen(page)),
  pageHealth: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      await use();
      expect(problems, problems.join('\n')).toEqual([]);
    },
    { auto: true },
  ],
  loggedIn: async ({ page, login }, use) => {
    await login.open();
    await login.loginAs(DEMO_USER);
    await use(page);
  },
});

export { expect };

/** Saves a screenshot for people to look at (tests/e2e/screenshots/, git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * A screenshot for the documentation (docs/images/, committed). Written there only when
 * BUFFERT_DOC_IMAGES=1, so that an ordinary test run does not change committed files; otherwise it
 * goes to tests/e2e/screenshots/ like the others.
 */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.BUFFERT_DOC_IMAGES === '1' ? 'docs/images' : 'tests/e2e/screenshots';
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Runs axe-core (WCAG 2.1 A/AA) and fails on serious or critical violations, listing them. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(report, report.join('\n')).toEqual([]);
}
