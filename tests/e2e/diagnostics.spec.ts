import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { DEMO_USER, docScreenshot, expect, expectNoSeriousA11yViolations, screenshot, test as base } from './fixtures';
import { demoPersonalData, personalDataHits } from './personal-data';
import { api } from './wedge';

/**
 * Issue 13 items 6 and 7 in Chromium, on a workstation of its own (demo data, no central): the
 * Felsökning page shows version, data directory, database and its check, pending work; writes a
 * support bundle without personal data; makes a backup, a write after it, and restores the backup
 * from the page (the write is gone, the page says so first). Then the replica is destroyed and the
 * startup-error screen offers the backup, which brings the workstation back.
 */

const secret = process.env.BUFFERT_WEB_SECRET ?? '';

interface Station {
  url: string;
  port: number;
  dataDir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const test = base.extend<Record<never, never>, { station: Station }>({
  station: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern.
    async ({}, use) => {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-e2e-diagnostics-'));
      const url = `http://127.0.0.1:${port}`;
      let child: ChildProcess | null = null;
      const station: Station = {
        url,
        port,
        dataDir,
        async start() {
          child = spawn('npx', ['tsx', 'electron/web-host/main.ts', '--port', String(port)], {
            env: {
              ...process.env,
              BUFFERT_DATA_DIR: dataDir,
              BUFFERT_CENTRAL_URL: '',
              BUFFERT_WEB_SECRET: secret,
              BUFFERT_REPLICA_KEY: process.env.BUFFERT_E2E_REPLICA_KEY,
              ...(process.env.BUFFERT_E2E_LOG_DIR ? { BUFFERT_LOG_DIR: path.join(process.env.BUFFERT_E2E_LOG_DIR, 'diagnostics') } : {}),
            },
            stdio: 'ignore',
            detached: true,
          });
          const deadline = Date.now() + 90_000;
          while (Date.now() < deadline) {
            try {
              if ((await fetch(`${url}/health`)).ok) return;
            } catch {
              // Not listening yet.
            }
            await new Promise((r) => setTimeout(r, 300));
          }
          throw new Error('the diagnostics workstation did not start');
        },
        async stop() {
          const c = child as ChildProcess | null;
          if (!c?.pid) return;
          const exited = new Promise((r) => c.once('exit', r));
          process.kill(-c.pid, 'SIGTERM');
          await exited;
          child = null;
        },
      };
      await station.start();
      await use(station);
      await station.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ station }, use) => use(station.url),
  context: async ({ context, station }, use) => {
    await context.addCookies([{ name: `buffert-secret-${station.port}`, value: secret, url: station.url, httpOnly: true, sameSite: 'Strict' }]);
    await use(context);
  },
});

test.describe.configure({ mode: 'serial' });

test.describe('Felsökning', () => {
  test('version, data directory, database check, support bundle without personal data', async ({ page, login, shell, station }) => {
    await login.open();
    await login.loginAs(DEMO_USER);
    await shell.goTo('Felsökning');
    const diagnostics = page.getByTestId('diagnostics-page');
    await expect(diagnostics.getByRole('heading', { name: 'Felsökning', level: 1 })).toBeVisible();
    await expect(page.getByTestId('diagnostics-version')).toHaveText('0.1.0');
    await expect(page.getByTestId('diagnostics-program')).toContainText(station.dataDir);
    await expect(page.getByTestId('diagnostics-replica')).toContainText('MB');
    await expect(page.getByTestId('diagnostics-sync')).toContainText('Ingen central server');
    await expect(page.getByTestId('diagnostics-check-result')).toHaveText('Inte kontrollerad sedan start.');
    await page.getByTestId('diagnostics-check').click();
    await expect(page.getByTestId('diagnostics-check-result')).toContainText('Databasen är hel');

    await page.getByTestId('diagnostics-bundle-write').click();
    const written = page.getByTestId('diagnostics-bundle-written');
    await expect(written).toContainText('Supportpaketet är sparat');
    const file = /sparat: (.+\.zip)/.exec((await written.textContent()) ?? '')?.[1] ?? '';
    expect(path.dirname(file)).toBe(path.join(station.dataDir, 'support'));
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    expect(names).toEqual(expect.arrayContaining(['status.json', 'sync.json', 'tables.json', 'version.json', 'logs/workstation.log']));
    expect(names.some((n) => /\.sqlite|key|hwm/.test(n))).toBe(false);
    const tables = JSON.parse(await zip.file('tables.json')!.async('string')) as Record<string, number>;
    expect(tables.recipient).toBeGreaterThan(100);
    const version = JSON.parse(await zip.file('version.json')!.async('string')) as { appVersion: string; schemaVersion: number };
    expect(version).toMatchObject({ appVersion: '0.1.0', schemaVersion: expect.any(Number) });
    const needles = demoPersonalData();
    const hits: string[] = [];
    for (const n of names) hits.push(...personalDataHits(await zip.file(n)!.async('string'), needles, n));
    expect(hits, hits.join('\n')).toEqual([]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    await expectNoSeriousA11yViolations(page);
  });

  test('a backup made and restored from the page: the write after it is gone, and the page said so first', async ({ page, login, shell, request, station }) => {
    await login.open();
    await login.loginAs(DEMO_USER);
    await shell.goTo('Felsökning');
    await expect(page.getByTestId('diagnostics-outbox')).toHaveText('0');
    await page.getByTestId('diagnostics-backup-now').click();
    await expect(page.getByText(/Säkerhetskopian är sparad: buffert-\d{8}T\d{9}Z\.sqlite/)).toBeVisible();
    const rows = page.getByTestId('backup-row');
    await expect(rows).toHaveCount(1);
    const backups = fs.readdirSync(path.join(station.dataDir, 'backups'));
    expect(backups).toHaveLength(1);
    // Encrypted like the replica: not SQLite's plain header.
    expect(fs.readFileSync(path.join(station.dataDir, 'backups', backups[0]!)).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    // A write after the backup (a stock adjustment, through the contract like the page's own).
    // A10057: an accessory counted in quantities (not individually marked) in the demo region.
    const balanceOf = async () =>
      (await api<{ rows: { articleId: string; onHand: number }[] }>(request, 'stock.balances', { text: '10057', balance: 'all', limit: 5 })).rows.find((r) => r.articleId === 'A10057')!.onHand;
    const before = await balanceOf();
    await api(request, 'stock.adjust', { articleId: 'A10057', quantity: 1, reason: 'efter säkerhetskopian' });
    expect(await balanceOf()).toBe(before + 1);
    await page.reload();
    await expect(page.getByTestId('diagnostics-outbox')).toHaveText('1');
    await expect(page.getByTestId('diagnostics-errors')).toBeVisible();
    await docScreenshot(page, 'diagnostics');
    await page.getByTestId('diagnostics-backups').scrollIntoViewIfNeeded();
    await docScreenshot(page, 'diagnostics-backups');

    await rows.first().getByRole('button', { name: /Återställ/ }).click();
    const dialog = page.getByTestId('restore-dialog');
    await expect(dialog).toContainText('Kopian saknar 1 bekräftad ändring som gjorts på den här datorn efter den.');
    await expect(dialog).toContainText('1 av dem har inte nått centralen och går förlorad');
    await screenshot(page, 'diagnostics-restore-dialog');
    await dialog.getByTestId('restore-confirm').click();
    await expect(page.getByTestId('restoring')).toBeVisible();
    // The backend was reopened on the backup: the page starts afresh at the login.
    await login.loginAs(DEMO_USER);
    await shell.goTo('Felsökning');
    await expect(page.getByTestId('diagnostics-outbox')).toHaveText('0');
    expect(await balanceOf()).toBe(before);
    // The replaced replica is kept for support, beside the backup.
    expect(fs.readdirSync(path.join(station.dataDir, 'backups')).filter((f) => f.startsWith('replaced-'))).toHaveLength(1);
    // The acceptance of the lost change is in the replica's audit trail (Logg).
    const audit = await api<{ rows: { action: string }[] }>(request, 'audit.list', { action: 'replica.acceptLostChanges' });
    expect(audit.rows).toHaveLength(1);
  });

  test('a destroyed replica: the startup-error screen offers the backup and brings the workstation back', async ({ page, login, station }) => {
    await station.stop();
    fs.writeFileSync(path.join(station.dataDir, 'buffert.sqlite'), 'förstörd'.repeat(1000));
    for (const s of ['-wal', '-shm']) fs.rmSync(path.join(station.dataDir, `buffert.sqlite${s}`), { force: true });
    await station.start();
    await page.goto('/');
    await expect(page.getByTestId('startup-error')).toBeVisible();
    const offered = page.getByTestId('startup-backups');
    await expect(offered.getByTestId('backup-row')).toHaveCount(1);
    await screenshot(page, 'diagnostics-startup-restore');
    await offered.getByRole('button', { name: /Återställ/ }).click();
    await expect(page.getByTestId('restore-dialog')).toContainText('Den nuvarande databasfilen sparas');
    await page.getByTestId('restore-confirm').click();
    await login.loginAs(DEMO_USER);
    await expect(page.getByRole('navigation')).toBeVisible();
  });
});
