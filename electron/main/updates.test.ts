import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron, resetFakeElectron } from '../../tests/helpers/fake-electron';
import { startUpdateFeed, testInstall, type TestInstall, type UpdateFeed } from '../../tests/helpers/update-feed';
import type * as ElectronUpdaterModule from 'electron-updater';
import type { UpdaterControl } from './updater';

type ElectronUpdater = typeof ElectronUpdaterModule;

/**
 * The Electron wiring of the updates (updates.ts) in the real main process (app.ts over a real
 * replica, with the fake `electron` of the other main tests): whether the updater is started at
 * all, and that a quit reads this workstation's open work from the replica before it lets the
 * downloaded update install. electron-updater's `autoUpdater` is its real NsisUpdater against a
 * feed on loopback (tests/helpers/update-feed.ts).
 */

const holder = vi.hoisted(() => ({ updater: null as unknown }));
vi.mock('electron', async () => (await import('../../tests/helpers/fake-electron')).fakeElectron);
// The library as it is, but `autoUpdater` (which would make an updater over Electron's real `app`)
// is the test's NsisUpdater. Not spread: reading the original `autoUpdater` getter would create one.
vi.mock('electron-updater', async (importOriginal) => {
  const actual = await importOriginal<ElectronUpdater>();
  return {
    NsisUpdater: actual.NsisUpdater,
    get autoUpdater() {
      return holder.updater;
    },
  };
});

const { runMain } = await import('./app');
const { startUpdates } = await import('./updates');
type MainApp = NonNullable<ReturnType<typeof runMain>>;

let feed: UpdateFeed;
beforeAll(async () => {
  feed = await startUpdateFeed();
});
afterAll(() => feed.close());

const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
let root: string;
let install: TestInstall;
let main: MainApp | null = null;
let control: UpdaterControl | null = null;

beforeEach(() => {
  resetFakeElectron();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-updates-'));
  const rendererIndex = path.join(root, 'dist', 'renderer', 'index.html');
  fs.mkdirSync(path.dirname(rendererIndex), { recursive: true });
  fs.writeFileSync(rendererIndex, '<!doctype html><title>Buffert</title>');
  fakeElectron.app.paths.set('userData', path.join(root, 'user-data'));
  install = testInstall();
  holder.updater = install.makeUpdater();
  feed.requests = [];
});
afterEach(() => {
  control?.stop();
  control = null;
  main?.shutdown();
  main = null;
  fakeElectron.app.removeAllListeners('before-quit');
  install.remove();
  fs.rmSync(root, { recursive: true, force: true });
  vi.clearAllMocks();
});

function start(env: NodeJS.ProcessEnv): MainApp {
  const env2 = { BUFFERT_DATA_DIR: path.join(root, 'data'), ...env };
  main = runMain({ rendererIndex: path.join(root, 'dist', 'renderer', 'index.html'), preloadPath: path.join(root, 'preload.cjs'), env: env2, argv: ['buffert'], handleSignals: false, log })!;
  control = startUpdates(main, { env: env2, log });
  return main;
}

const logLines = () => log.info.mock.calls.map((c) => String(c[0]));

describe('starting the updater in the main process', () => {
  it('leaves it off in a development run, and says so', () => {
    fakeElectron.app.isPackaged = false;
    start({ APPIMAGE: '/tmp/Buffert.AppImage', BUFFERT_UPDATE_URL: feed.url });
    expect(control).toBeNull();
    expect(logLines()).toContain('Buffert: automatiska uppdateringar är avstängda (inte en installerad version).');
    expect(fakeElectron.app.listenerCount('before-quit')).toBe(0);
  });

  it('leaves it off without an update server', () => {
    fakeElectron.app.isPackaged = true;
    start({ APPIMAGE: '/tmp/Buffert.AppImage' });
    expect(control).toBeNull();
    expect(logLines()).toContain('Buffert: automatiska uppdateringar är avstängda (ingen uppdateringsserver (BUFFERT_UPDATE_URL)).');
  });

  it('leaves it off with BUFFERT_UPDATES=off, whatever else is set', () => {
    fakeElectron.app.isPackaged = true;
    start({ APPIMAGE: '/tmp/Buffert.AppImage', BUFFERT_UPDATE_URL: feed.url, BUFFERT_UPDATES: 'off' });
    expect(control).toBeNull();
    expect(feed.requests).toEqual([]);
  });

  it('in an installed app, downloads from the region’s server, and on quit reads the replica’s open work first', async () => {
    fakeElectron.app.isPackaged = true;
    const app = start({ APPIMAGE: '/tmp/Buffert.AppImage', BUFFERT_UPDATE_URL: feed.url });
    expect(control).not.toBeNull();
    await app.ready;
    expect(await control!.check()).toMatchObject({ phase: 'downloaded', version: '0.2.0' });
    expect(fakeElectron.app.listenerCount('before-quit')).toBe(1);

    // A goods receipt being scanned on this workstation (a saved draft in the replica).
    const db = app.backend()!.context.db;
    db.prepare("INSERT INTO receipt_draft (purchase_order_id, line_no, data, updated_at) VALUES ('po-1', 0, '{}', '2026-12-02T08:00:00Z')").run();
    fakeElectron.app.emit('before-quit');
    expect(control!.state().lastDecision).toMatchObject({ install: false, reason: 'open-work' });
    expect(logLines()).toContain('Buffert: Uppdateringen installeras när Buffert stängs utan en pågående godsmottagning.');

    db.prepare('DELETE FROM receipt_draft').run();
    fakeElectron.app.emit('before-quit');
    expect(control!.state().lastDecision).toEqual({ install: true });
  });

  it('waits when the replica is closed (the app is on its startup-error screen or already shut down)', async () => {
    fakeElectron.app.isPackaged = true;
    const app = start({ APPIMAGE: '/tmp/Buffert.AppImage', BUFFERT_UPDATE_URL: feed.url });
    await app.ready;
    await control!.check();
    app.shutdown();
    fakeElectron.app.emit('before-quit');
    expect(control!.state().lastDecision).toMatchObject({ install: false, reason: 'unknown-work' });
  });
});
