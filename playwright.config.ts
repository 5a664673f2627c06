import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { TEST_REPLICA_KEY_HEX } from './tests/helpers/replica-key';

/**
 * End-to-end tests of the built renderer in Debian's Chromium against the web host (the Electron
 * binary cannot run on the build machines). Run `npm run test:e2e` (builds the renderer first).
 * Browsers are never downloaded: Playwright drives /usr/bin/chromium (override: CHROMIUM_PATH).
 */
const port = Number(process.env.BUFFERT_E2E_PORT ?? 5199);
// Every web host's replica key (decision 0016); the same as the test helpers' that prepare replicas.
const BUFFERT_REPLICA_KEY = TEST_REPLICA_KEY_HEX;
// For a spec that starts a web host of its own (tests/e2e/activities.spec.ts): the workers inherit it.
process.env.BUFFERT_E2E_REPLICA_KEY = BUFFERT_REPLICA_KEY;

// The secret every web host of this run wants on /api and /events (decision 0017). The tests are
// the hosts' parent, so they know it: the workers inherit it, and tests/e2e/fixtures.ts gives it to
// the browser context (as the cookie the launch link would have set) and to the API request context.
process.env.BUFFERT_WEB_SECRET ??= crypto.randomBytes(32).toString('base64url');
const webSecret = process.env.BUFFERT_WEB_SECRET;
/** The hosts' ports (port … port + 8): fixtures.ts sets the secret's cookie for each. */
process.env.BUFFERT_E2E_HOST_PORTS = Array.from({ length: 9 }, (_, i) => port + i).join(',');

// Every log file the run's hosts write lands under one folder, one subfolder per host, so that the
// log-scan teardown (tests/e2e/log-scan.teardown.ts) can read them all for personal data. A host a
// spec starts itself inherits BUFFERT_LOG_DIR (its own subfolder, "spawned").
process.env.BUFFERT_E2E_LOG_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-logs-'));
const logRoot = process.env.BUFFERT_E2E_LOG_DIR;
process.env.BUFFERT_LOG_DIR = path.join(logRoot, 'spawned');
const logDir = (host: string) => path.join(logRoot, host);

// A fresh replica for every run; the workers inherit it through the environment.
process.env.BUFFERT_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-'));
const dataDir = process.env.BUFFERT_E2E_DATA_DIR;

// A second web host over a damaged replica, for the startup-error screen.
const brokenPort = port + 1;
process.env.BUFFERT_E2E_BROKEN_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-broken-'));
const brokenDataDir = process.env.BUFFERT_E2E_BROKEN_DATA_DIR;
// The replica's file name (REPLICA_FILE in electron/backend/db/replica.ts).
// SQLite's plain header with garbage after it: a damaged (unencrypted) replica, not a foreign key's.
fs.writeFileSync(path.join(brokenDataDir, 'buffert.sqlite'), `SQLite format 3\0${'Det här är ingen SQLite-databas.\n'.repeat(200)}`);
process.env.BUFFERT_E2E_BROKEN_URL = `http://127.0.0.1:${brokenPort}`;

// A web host over a replica three confirmed changes behind its high-water mark (a restored older
// copy): the startup-error screen lists the missing changes. tests/helpers/behind-replica.ts
// makes the files before the host starts.
const behindPort = port + 5;
process.env.BUFFERT_E2E_BEHIND_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-behind-'));
const behindDataDir = process.env.BUFFERT_E2E_BEHIND_DATA_DIR;
process.env.BUFFERT_E2E_BEHIND_URL = `http://127.0.0.1:${behindPort}`;

// A web host over a replica with two purchase orders delivered to the store, as central would have
// replicated them (tests/helpers/delivered-replica.ts): the receipt screen's end-to-end tests.
const receiptPort = port + 6;
process.env.BUFFERT_E2E_RECEIPT_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-receipt-'));
const receiptDataDir = process.env.BUFFERT_E2E_RECEIPT_DATA_DIR;
process.env.BUFFERT_E2E_RECEIPT_URL = `http://127.0.0.1:${receiptPort}`;

// A third web host for the tests that write (register, change number, text, stock adjustment):
// the read-only tests keep the demo data exactly as generated, whatever order the files run in.
const writesPort = port + 2;
process.env.BUFFERT_E2E_WRITES_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-writes-'));
const writesDataDir = process.env.BUFFERT_E2E_WRITES_DATA_DIR;
process.env.BUFFERT_E2E_WRITES_URL = `http://127.0.0.1:${writesPort}`;

// A web host of its own for the stocktake (tests/e2e/stocktake.spec.ts): approving it adjusts
// balances and moves individuals to store 999, which the other writing tests must not see.
const stocktakePort = port + 7;
process.env.BUFFERT_E2E_STOCKTAKE_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-stocktake-'));
const stocktakeDataDir = process.env.BUFFERT_E2E_STOCKTAKE_DATA_DIR;
process.env.BUFFERT_E2E_STOCKTAKE_URL = `http://127.0.0.1:${stocktakePort}`;

// The embedded central server (PGlite, demo region) and a fourth web host synced with it, as
// `npm start` runs them: the Synk page must say online and 0 pending after a write.
const centralPort = port + 3;
const syncedPort = port + 4;
process.env.BUFFERT_E2E_CENTRAL_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-central-'));
process.env.BUFFERT_E2E_SYNCED_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-synced-'));
process.env.BUFFERT_E2E_CENTRAL_URL ??= `http://127.0.0.1:${syncedPort}`;

// A fifth web host, a second workstation of store 50301, that reaches the central server only
// through a proxy the test opens and cuts (tests/e2e/offline-orders.spec.ts starts it on
// port + 9 with tests/e2e/network.ts): the issue-11 flow with the network gone, then synced.
// Until the test opens the proxy the host has no contact and its replica stays empty.
const offlinePort = port + 8;
const offlineProxyPort = port + 9;
process.env.BUFFERT_E2E_OFFLINE_URL = `http://127.0.0.1:${offlinePort}`;
process.env.BUFFERT_E2E_OFFLINE_PROXY_PORT = String(offlineProxyPort);
process.env.BUFFERT_E2E_CENTRAL_SERVER_URL = `http://127.0.0.1:${centralPort}`;
process.env.BUFFERT_E2E_OFFLINE_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-offline-'));

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // The backend has one session per workstation: the tests share it, so they run one at a time.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // After every spec: the log files of the run are scanned for the demo region's personal data.
      teardown: 'log-scan',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    { name: 'log-scan', testMatch: /log-scan\.teardown\.ts$/ },
  ],
  webServer: [
    {
      command: `npx tsx electron/web-host/main.ts --port ${port}`,
      url: `http://127.0.0.1:${port}/health`,
      env: { BUFFERT_DATA_DIR: dataDir, BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('main') },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `npx tsx electron/web-host/main.ts --port ${writesPort}`,
      url: `http://127.0.0.1:${writesPort}/health`,
      // No BUFFERT_CENTRAL_URL: this workstation works alone, so what is written stays pending.
      env: { BUFFERT_DATA_DIR: writesDataDir, BUFFERT_CENTRAL_URL: '', BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('writes') },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: 'npx tsx server/main.ts',
      url: `http://127.0.0.1:${centralPort}/health`,
      env: {
        HOST: '127.0.0.1',
        PORT: String(centralPort),
        BUFFERT_SERVER_DATA_DIR: process.env.BUFFERT_E2E_CENTRAL_DATA_DIR,
        BUFFERT_SERVER_LOG_FILE: path.join(logDir('central'), 'central.log'),
      },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: `npx tsx electron/web-host/main.ts --port ${syncedPort}`,
      url: `http://127.0.0.1:${syncedPort}/health`,
      env: {
        BUFFERT_DATA_DIR: process.env.BUFFERT_E2E_SYNCED_DATA_DIR,
        BUFFERT_LOG_DIR: logDir('synced'),
        BUFFERT_CENTRAL_URL: `http://127.0.0.1:${centralPort}`,
        BUFFERT_STORE_ID: '50301',
        BUFFERT_ENROLMENT_KEY: 'demo-enrolment-key',
        BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY,
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx electron/web-host/main.ts --port ${stocktakePort}`,
      url: `http://127.0.0.1:${stocktakePort}/health`,
      env: { BUFFERT_DATA_DIR: stocktakeDataDir, BUFFERT_CENTRAL_URL: '', BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('stocktake') },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx electron/web-host/main.ts --port ${brokenPort}`,
      url: `http://127.0.0.1:${brokenPort}/health`,
      env: { BUFFERT_DATA_DIR: brokenDataDir, BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('broken') },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx tests/helpers/delivered-replica.ts ${receiptDataDir} && npx tsx electron/web-host/main.ts --port ${receiptPort}`,
      url: `http://127.0.0.1:${receiptPort}/health`,
      env: { BUFFERT_DATA_DIR: receiptDataDir, BUFFERT_CENTRAL_URL: '', BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('receipt') },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx tests/helpers/behind-replica.ts ${behindDataDir} && npx tsx electron/web-host/main.ts --port ${behindPort}`,
      url: `http://127.0.0.1:${behindPort}/health`,
      env: { BUFFERT_DATA_DIR: behindDataDir, BUFFERT_CENTRAL_URL: '', BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY, BUFFERT_LOG_DIR: logDir('behind') },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx electron/web-host/main.ts --port ${offlinePort}`,
      url: `http://127.0.0.1:${offlinePort}/health`,
      env: {
        BUFFERT_DATA_DIR: process.env.BUFFERT_E2E_OFFLINE_DATA_DIR,
        BUFFERT_LOG_DIR: logDir('offline'),
        BUFFERT_CENTRAL_URL: `http://127.0.0.1:${offlineProxyPort}`,
        BUFFERT_STORE_ID: '50301',
        BUFFERT_ENROLMENT_KEY: 'demo-enrolment-key',
        BUFFERT_WEB_SECRET: webSecret, BUFFERT_REPLICA_KEY,
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
