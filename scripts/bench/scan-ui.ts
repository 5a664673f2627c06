import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { newWebSecret } from '../../electron/web-host/auth';
import { startWebHost } from '../../electron/web-host/server';
import { ms, percentile } from './stats';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';

/**
 * Scan → line ticked on screen (issue 8), in Chromium: the built renderer over the web host and a
 * replica with the 200 000-article catalogue, a purchase order of 100 lines on the receipt screen,
 * and wedge scans typed as a scanner types them (real key events through the DevTools protocol,
 * 3 ms apart, then Enter). Measured in the page: from the Enter of the scan to the moment the
 * receipt's feedback shows the ticked line (the same React commit that ticks the row).
 * Target: p95 < 100 ms.
 */

export const UI_SCAN_TARGET_MS = 100;
const LINES = 100;
const PER_LINE = 3;

const root = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function keyOf(ch: string) {
  if (/^[0-9]$/.test(ch)) return { key: ch, code: `Digit${ch}`, windowsVirtualKeyCode: ch.charCodeAt(0), modifiers: 0, text: ch };
  throw new Error(`no key for ${ch}`);
}

/** A wedge scan: the keys queued at once, stamped 3 ms apart by the scanner's own clock, then Enter. */
export async function wedgeScan(cdp: CDPSession, text: string): Promise<void> {
  let at = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  const press = (k: { key: string; code: string; windowsVirtualKeyCode: number; modifiers: number; text?: string }) => {
    at += 0.003;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp: at, ...k }));
    const { text: _t, ...up } = k;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: at + 0.001, ...up }));
  };
  for (const ch of text) press(keyOf(ch));
  press({ key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, modifiers: 0, text: '\r' });
  await Promise.all(sent);
}

export async function runUiScanBench(options: { articles: number; log: (line: string) => void }): Promise<{ lines: string[]; checks: { name: string; value: number; target: number; unit: string }[] }> {
  const staticDir = path.join(root, 'dist/renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    options.log('Bygger renderaren …');
    const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('vite build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-ui-'));
  let host: Awaited<ReturnType<typeof startWebHost>> | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    options.log(`Genererar ${options.articles.toLocaleString('sv-SE')} artiklar för skanning i Chromium …`);
    const seedDb = openReplica(path.join(dir, REPLICA_FILE), { key: TEST_REPLICA_KEY });
    seedDemoData(seedDb, { articles: options.articles, individuals: 20_000, recipients: 500 });
    const articles = seedDb
      .prepare("SELECT id, article_no FROM article WHERE tracked_individually = 0 AND article_status = 'active' ORDER BY rowid DESC LIMIT ?")
      .all(LINES) as { id: string; article_no: string }[];
    seedDb.transaction(() => {
      seedDb.prepare(`INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, status, created_at) VALUES ('bench-ui', '26490999', 'replenishment', '50301', '10', 'registered', '2026-11-20T09:00:00Z')`).run();
      seedDb.prepare(`INSERT INTO purchase_order (id, purchase_order_no, order_id, store_id, status, created_at) VALUES ('bench-ui-po', '26499999', 'bench-ui', '50301', 'delivered', '2026-11-20T09:00:00Z')`).run();
      const line = seedDb.prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, purchase_order_id, price_ore) VALUES ('bench-ui', ?, ?, ?, 'delivered', 'purchase', 'bench-ui-po', 10000)`);
      articles.forEach((a, i) => line.run(i + 1, a.id, PER_LINE));
    })();
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false, scanner: { adapter: null } });
    host = await startWebHost({ backend, port: 0, staticDir, secret: newWebSecret(), launchToken: newWebSecret() });
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    // Keys go through the DevTools protocol one by one; on a loaded machine one may arrive later
    // than the default 50 ms gap and rightly split the scan (as in the e2e tests): widen it.
    const settings = dispatch(backend, 'scanner.settings', {});
    if (settings.ok) dispatch(backend, 'scanner.saveSettings', { ...(settings.value as { wedge: object }), wedge: { ...(settings.value as { wedge: object }).wedge, maxKeyGapMs: 150, maxAverageGapMs: 40 } });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page: Page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'sv-SE' });
    // First in line for every keydown (before the app's wedge listener): when the scan's Enter came.
    // First in line for every keydown (before the app's wedge listener): when the scan's Enter
    // came; and the first moment the feedback shows the line the scan was meant to tick.
    await page.addInitScript({
      content: `
        window.__expect = '\\u0000';
        window.__shownAt = 0;
        window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__enterAt = performance.now(); }, true);
        new MutationObserver(() => {
          if (window.__shownAt !== 0) return;
          const text = document.querySelector('[data-testid="receipt-feedback-message"]')?.textContent ?? '';
          if (text.includes(window.__expect)) window.__shownAt = performance.now();
        }).observe(document, { subtree: true, childList: true, characterData: true });`,
    });
    // The one-time launch link gives the page its cookie (decision 0017); the fragment survives the redirect.
    await page.goto(`${host.launchUrl}#/goods-receipt/bench-ui-po`);
    await page.getByTestId('receipt-feedback').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);

    const samples: number[] = [];
    for (let round = 0; round < PER_LINE; round++) {
      for (const [i, a] of articles.entries()) {
        const expected = `Rad ${i + 1} (${a.article_no}): ${round + 1} av ${PER_LINE}`;
        await page.evaluate(`window.__expect = ${JSON.stringify(expected)}; window.__shownAt = 0;`);
        await wedgeScan(cdp, a.article_no);
        // Polled from outside (the page's CSP forbids Playwright's in-page string predicates); the
        // times themselves are taken inside the page.
        let times = { enterAt: 0, shownAt: 0 };
        for (const started = Date.now(); times.shownAt === 0; ) {
          if (Date.now() - started > 10_000) throw new Error(`no tick for "${expected}"`);
          times = (await page.evaluate('({ enterAt: window.__enterAt, shownAt: window.__shownAt })')) as typeof times;
        }
        const { enterAt, shownAt } = times;
        samples.push(shownAt - enterAt);
      }
    }
    samples.sort((x, y) => x - y);
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    backend.close();
    return {
      lines: [`| Wedge scan → line ticked on the receipt screen, Chromium (p50 / p95, n = ${samples.length}) | ${ms(p50)} / ${ms(p95)} | | ${LINES} lines × ${PER_LINE} units |`],
      checks: [{ name: 'wedge scan → line ticked on screen p95 (Chromium)', value: p95, target: UI_SCAN_TARGET_MS, unit: 'ms' }],
    };
  } finally {
    await browser?.close();
    await host?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runUiScanBench({ articles: Number(process.argv[2] ?? 200_000), log: console.log });
  for (const line of result.lines) console.log(line);
  for (const c of result.checks) console.log(`${c.name}: ${c.value.toFixed(1)} ${c.unit} (target < ${c.target})`);
}
