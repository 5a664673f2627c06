import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/api/transport';
import type { Result } from '../../shared/result';
import { REPLICA_FILE } from '../backend/db/replica';
import { FakeBrowserWindow, FakeFrame, fakeElectron, resetFakeElectron } from '../../tests/helpers/fake-electron';

vi.mock('electron', async () => (await import('../../tests/helpers/fake-electron')).fakeElectron);

const { runMain, resolveDataDir } = await import('./app');
type MainApp = NonNullable<ReturnType<typeof runMain>>;

const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
let root: string;
let rendererIndex: string;
const started: MainApp[] = [];

beforeEach(() => {
  resetFakeElectron();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-main-'));
  rendererIndex = path.join(root, 'dist', 'renderer', 'index.html');
  fs.mkdirSync(path.dirname(rendererIndex), { recursive: true });
  fs.writeFileSync(rendererIndex, '<!doctype html><title>Buffert</title>');
  fakeElectron.app.paths.set('userData', path.join(root, 'user-data'));
});
afterEach(() => {
  for (const main of started.splice(0)) main.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
  vi.clearAllMocks();
});

function start(env: NodeJS.ProcessEnv = { BUFFERT_DATA_DIR: path.join(root, 'data') }, argv: string[] = ['buffert']): MainApp | null {
  const main = runMain({ rendererIndex, preloadPath: path.join(root, 'dist', 'electron', 'preload', 'index.cjs'), env, argv, handleSignals: false, log });
  if (main) started.push(main);
  return main;
}

function mainWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window');
  return window;
}

describe('the main process', () => {
  it('quits at once when another instance holds the lock, without opening the replica', async () => {
    fakeElectron.app.hasLock = false;
    const dataDir = path.join(root, 'data');
    expect(start({ BUFFERT_DATA_DIR: dataDir })).toBeNull();
    await Promise.resolve();
    expect(fakeElectron.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    expect(fs.existsSync(path.join(dataDir, REPLICA_FILE))).toBe(false);
  });

  it('a second start brings the first window to the front', async () => {
    const main = start()!;
    await main.ready;
    const window = mainWindow();
    window.minimized = true;
    fakeElectron.app.emit('second-instance', {}, [], root, {});
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });

  it('ties the single-instance lock to the data directory when BUFFERT_DATA_DIR is set', async () => {
    const relative = path.relative(process.cwd(), path.join(root, 'data'));
    const main = start({ BUFFERT_DATA_DIR: relative })!;
    expect(main.dataDir).toBe(path.join(root, 'data'));
    expect(fakeElectron.app.paths.get('userData')).toBe(path.join(root, 'data'));
    await main.ready;
  });

  it('uses Electron’s user data directory otherwise', async () => {
    expect(resolveDataDir({}, () => '/home/u/.config/Buffert')).toBe('/home/u/.config/Buffert');
    expect(resolveDataDir({ BUFFERT_DATA_DIR: '  ' }, () => '/x')).toBe('/x');
    const main = start({})!;
    expect(main.dataDir).toBe(path.join(root, 'user-data'));
    await main.ready;
  });

  it('enables the sandbox for every renderer', async () => {
    const main = start()!;
    expect(fakeElectron.app.sandboxEnabled).toBe(true);
    await main.ready;
  });

  it('opens the replica with demo data, then one hardened window on our index.html', async () => {
    const main = start()!;
    await main.ready;
    expect(fs.existsSync(path.join(root, 'data', REPLICA_FILE))).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = mainWindow();
    // Decision 0017: the privileged app:// origin, never file://.
    expect(window.loadedUrl).toBe('app://buffert/index.html');
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    // Hardened through 'web-contents-created', like any web contents the app creates.
    expect(window.webContents.windowOpenHandler).not.toBeNull();
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('answers the page over IPC through the router', async () => {
    const main = start()!;
    await main.ready;
    const window = mainWindow();
    const handler = fakeElectron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL)!;
    const own = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const status = (await handler(own, 'app.status', {})) as Result<{ dataDir: string }>;
    expect(status).toMatchObject({ ok: true, value: { dataDir: path.join(root, 'data') } });
    const subframe = { sender: window.webContents, senderFrame: new FakeFrame(window.loadedUrl!, window.webContents.mainFrame) };
    expect(await handler(subframe, 'app.status', {})).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('forwards backend events to the page, and only to our page', async () => {
    const main = start()!;
    await main.ready;
    const window = mainWindow();
    main.backend()!.events.emit('data.changed', { tables: ['individual'] });
    expect(window.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, 'data.changed', { tables: ['individual'] }]]);
    window.webContents.mainFrame.url = 'https://evil.example/';
    main.backend()!.events.emit('data.changed', { tables: ['article'] });
    expect(window.webContents.sent).toHaveLength(1);
  });

  it('quits when the window is closed, and closes the replica and the router on quit', async () => {
    const main = start()!;
    await main.ready;
    const backend = main.backend()!;
    const close = vi.spyOn(backend, 'close');
    mainWindow().destroy();
    fakeElectron.app.emit('window-all-closed');
    expect(fakeElectron.app.quitCalls).toBe(1);
    fakeElectron.app.emit('will-quit');
    expect(close).toHaveBeenCalledTimes(1);
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    // Events after shutdown go nowhere, and a second shutdown is harmless.
    backend.events.emit('data.changed', { tables: [] });
    main.shutdown();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('shows the startup-error screen with the file’s path when the replica is corrupt', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, REPLICA_FILE);
    // SQLite's plain header, then garbage: a damaged (unencrypted) replica.
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(8176, 0x41)]));
    const main = start({ BUFFERT_DATA_DIR: dataDir })!;
    await main.ready;
    expect(main.backend()).toBeNull();
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    const window = mainWindow();
    expect(window.options.webPreferences).not.toHaveProperty('preload');
    expect(window.loadedUrl!.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    const html = decodeURIComponent(window.loadedUrl!.slice('data:text/html;charset=utf-8,'.length));
    expect(html).toContain('Buffert kunde inte starta');
    expect(html).toContain(file);
    expect(html).toContain('Gör så här');
    expect(log.error).toHaveBeenCalled();
  });

  it('shows the startup-error screen naming the file and the field when the machine configuration is wrong, and opens nothing', async () => {
    const dataDir = path.join(root, 'data');
    const config = path.join(root, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ login: { lockMinutes: 'tio' } }));
    const main = start({ BUFFERT_DATA_DIR: dataDir, BUFFERT_MACHINE_CONFIG: config })!;
    await main.ready;
    expect(main.backend()).toBeNull();
    expect(fs.existsSync(path.join(dataDir, REPLICA_FILE))).toBe(false);
    const html = decodeURIComponent(mainWindow().loadedUrl!.slice('data:text/html;charset=utf-8,'.length));
    expect(html).toContain(`Maskinkonfigurationen ${config} är felaktig`);
    expect(html).toContain('fältet &quot;login.lockMinutes&quot;');
    expect(html).toContain('IT-supporten');
    expect(html).toContain('<h2>Konfigurationsfil</h2>');
  });

  it('lays the machine configuration over the environment: its lock time wins, and the page shows where each setting came from', async () => {
    const config = path.join(root, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ login: { lockMinutes: 4 }, updates: { url: 'https://uppdatering.region.se/buffert/', channel: 'beta' } }));
    const main = start({ BUFFERT_DATA_DIR: path.join(root, 'data'), BUFFERT_MACHINE_CONFIG: config, BUFFERT_LOCK_MINUTES: '0', BUFFERT_UPDATE_CHANNEL: 'latest' })!;
    await main.ready;
    // What the updater (updates.ts) reads: the file's update server and channel.
    expect(main.env).toMatchObject({ BUFFERT_UPDATE_URL: 'https://uppdatering.region.se/buffert/', BUFFERT_UPDATE_CHANNEL: 'beta', BUFFERT_LOCK_MINUTES: '4' });
    const handler = fakeElectron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL)!;
    const own = { sender: mainWindow().webContents, senderFrame: mainWindow().webContents.mainFrame };
    expect(await handler(own, 'app.status', {})).toMatchObject({ ok: true, value: { lockAfterMinutes: 4 } });
    expect(main.backend()!.context.machineSettings).toMatchObject({ file: config, present: true, settings: expect.arrayContaining([{ path: 'login.lockMinutes', value: '4', source: 'machine' }]) });
  });

  it('reads only the machine-wide file when packaged: BUFFERT_MACHINE_CONFIG is ignored', async () => {
    fakeElectron.app.isPackaged = true;
    const config = path.join(root, 'config.json');
    fs.writeFileSync(config, '{ broken');
    const main = start({ BUFFERT_DATA_DIR: path.join(root, 'data'), BUFFERT_MACHINE_CONFIG: config })!;
    await main.ready;
    expect(main.backend()).not.toBeNull();
    expect(main.backend()!.context.machineSettings.file).toBe(process.platform === 'win32' ? 'C:\\ProgramData\\Buffert\\config.json' : '/etc/buffert/config.json');
  });

  it('keeps the replica key sealed by safeStorage; without an OS key store it shows the startup-error screen and writes nothing', async () => {
    const dataDir = path.join(root, 'data');
    const main = start({ BUFFERT_DATA_DIR: dataDir })!;
    await main.ready;
    expect(main.backend()).not.toBeNull();
    expect(fs.readFileSync(path.join(dataDir, 'replica-key.sealed')).subarray(0, 12).toString()).toBe('fake-sealed:');
    main.shutdown();

    resetFakeElectron();
    fakeElectron.app.paths.set('userData', path.join(root, 'user-data'));
    fakeElectron.safeStorage.backend = 'basic_text';
    const fresh = path.join(root, 'fresh');
    const refused = start({ BUFFERT_DATA_DIR: fresh })!;
    await refused.ready;
    expect(refused.backend()).toBeNull();
    const html = decodeURIComponent(mainWindow().loadedUrl!.slice('data:text/html;charset=utf-8,'.length));
    expect(html).toContain('Buffert kunde inte starta');
    expect(html).toContain('Det finns ingen säker plats för databasens nyckel');
    expect(fs.readdirSync(fresh)).toEqual([]);
  });

  it('shows the startup-error screen, not a blank window, when the renderer is not built', async () => {
    fs.rmSync(rendererIndex);
    const main = start()!;
    await main.ready;
    const html = decodeURIComponent(mainWindow().loadedUrl!);
    expect(html).toContain('Programmets gränssnitt saknas');
    expect(html).toContain('npm run build:renderer');
  });

  it('replaces the main window with the startup-error screen when the page fails to load', async () => {
    const main = start()!;
    await main.ready;
    const first = mainWindow();
    first.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', first.loadedUrl, true);
    const second = mainWindow();
    expect(second).not.toBe(first);
    expect(first.destroyed).toBe(true);
    expect(second.loadedUrl!.startsWith('data:text/html')).toBe(true);
    // A navigation we cancelled ourselves (ERR_ABORTED) is not a failed start.
    second.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://evil.example/', true);
    expect(mainWindow()).toBe(second);
  });

  it('registers app:// as privileged before ready, and serves the renderer’s folder through it', async () => {
    const main = start()!;
    expect(fakeElectron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fakeElectron.protocol.registeredAfterReady).toBe(false);
    await main.ready;
    const handler = fakeElectron.protocol.handlers.get('app')!;
    expect(handler).toBeDefined();
    const page = await handler(new Request(mainWindow().loadedUrl!));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>Buffert</title>');
    // The folder is the renderer's: the replica beside it (one level up from dist) is out of reach.
    fs.writeFileSync(path.join(root, 'dist', 'outside.txt'), 'x');
    expect((await handler(new Request('app://buffert/../outside.txt'))).status).toBe(404);
    expect((await handler(new Request('app://buffert/%2e%2e%2foutside.txt'))).status).toBe(400);
  });

  it('with a central, wires the SITHS card: its origin in the CSP, its login request through, the certificate choice', async () => {
    const central = 'https://127.0.0.1:9';
    const main = start({ BUFFERT_DATA_DIR: path.join(root, 'data'), BUFFERT_CENTRAL_URL: `${central}/` })!;
    await main.ready;
    const page = await fakeElectron.protocol.handlers.get('app')!(new Request(mainWindow().loadedUrl!));
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${central};`);
    const beforeRequest = mainWindow().webContents.session.webRequest.beforeRequest as unknown as (d: { url: string; method: string }, cb: (r: { cancel: boolean }) => void) => void;
    const cancelled = (method: string, url: string) => {
      const callback = vi.fn();
      beforeRequest({ url, method }, callback);
      return callback.mock.calls[0]![0].cancel as boolean;
    };
    expect(cancelled('POST', `${central}/auth/siths`)).toBe(false);
    expect(cancelled('GET', `${central}/sync/pull`)).toBe(true);
    expect(fakeElectron.app.listenerCount('select-client-certificate')).toBe(1);
    expect(fakeElectron.app.clientCertPasswordHandler).toBeTypeOf('function');
    // A certificate request from anywhere but central gets no certificate.
    const callback = vi.fn();
    fakeElectron.app.emit('select-client-certificate', { preventDefault: vi.fn() }, mainWindow().webContents, 'https://evil.example/', [], callback);
    expect(callback).toHaveBeenCalledWith();
  });

  it('without a central, the page reaches no network at all', async () => {
    const main = start()!;
    await main.ready;
    const page = await fakeElectron.protocol.handlers.get('app')!(new Request(mainWindow().loadedUrl!));
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it('a packaged app refuses to start with a debugger flag, in Swedish, before touching anything', async () => {
    fakeElectron.app.isPackaged = true;
    for (const [argv, env] of [
      [['buffert', '--inspect=9229'], {}],
      [['buffert', '--remote-debugging-port=9222'], {}],
      [['buffert'], { NODE_OPTIONS: '--inspect-brk' }],
    ] as const) {
      resetFakeElectron();
      fakeElectron.app.isPackaged = true;
      const dataDir = path.join(root, 'data');
      expect(start({ BUFFERT_DATA_DIR: dataDir, ...env }, [...argv])).toBeNull();
      expect(fakeElectron.app.exitCode).toBe(1);
      expect(fakeElectron.dialog.errors).toHaveLength(1);
      expect(fakeElectron.dialog.errors[0]![1]).toMatch(/^Buffert startar inte med felsökning påslagen/);
      expect(fakeElectron.protocol.privileged).toBeNull();
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(fs.existsSync(path.join(dataDir, REPLICA_FILE))).toBe(false);
    }
  });

  it('a development build (not packaged) may be debugged', async () => {
    const main = start(undefined, ['electron', '.', '--inspect=9229'])!;
    expect(main).not.toBeNull();
    await main.ready;
    expect(fakeElectron.app.exitCode).toBeNull();
    expect(mainWindow().loadedUrl).toBe('app://buffert/index.html');
  });

  it('removes the application menu (and its links to the web) in the packaged app', async () => {
    fakeElectron.app.isPackaged = true;
    const main = start()!;
    await main.ready;
    expect(fakeElectron.Menu.applicationMenu).toBeNull();
    expect((mainWindow().options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });
});
