import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { AppUpdater } from 'electron-updater';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isWithinRollout, type OpenWork } from '../../shared/domain/update/install';
import { channelFile as channelFileFor, INSTALLER, installerBytes, latestYml, sha512, startUpdateFeed, testInstall, type TestInstall, type UpdateFeed } from '../../tests/helpers/update-feed';
import type { UpdateSettings } from '../backend/update/settings';
import { driveUpdater, installKind, updatesOffReason, type InstallFacts } from './updater';

/**
 * The updater against a real feed on loopback: a plain HTTP server serving latest.yml and an
 * installer, as a region's web server would (tests/helpers/update-feed.ts). The updater is
 * electron-updater's own NsisUpdater (the Windows per-machine installer's), running its own check,
 * staging, download and sha512 verification (builder-util-runtime's DigestTransform) and its own
 * cache. Only Electron is replaced: the `app` (electron-updater's AppAdapter) and the transport
 * under its download code (Electron's `net` → Node's `http`). Nothing is ever installed:
 * `install` is watched, not run.
 */

const NOTHING_OPEN: OpenWork = { goodsReceipts: 0, stocktakeCounts: 0, handOuts: 0 };
const channelFile = channelFileFor();

let feed: UpdateFeed;
let feedUrl: string;
beforeAll(async () => {
  feed = await startUpdateFeed();
  feedUrl = feed.url;
});
afterAll(() => feed.close());

let install: TestInstall;
let quitHandlers: TestInstall['quitHandlers'];
let logged: string[];
const log = {
  info: (...a: unknown[]) => void logged.push(`info ${a.join(' ')}`),
  warn: (...a: unknown[]) => void logged.push(`warn ${a.join(' ')}`),
  error: (...a: unknown[]) => void logged.push(`error ${a.join(' ')}`),
};

beforeEach(() => {
  install = testInstall();
  quitHandlers = install.quitHandlers;
  logged = [];
  feed.yml = latestYml();
  feed.file = installerBytes;
  feed.requests = [];
});
afterEach(() => install.remove());

const makeUpdater = () => install.makeUpdater();
const testApp = () => install.app;

const settings = (over: Partial<Omit<UpdateSettings, 'url'>> = {}): UpdateSettings & { url: string } => ({
  url: feedUrl,
  channel: 'latest',
  stagingId: null,
  checkIntervalHours: 4,
  off: null,
  ...over,
});

const pending = () => install.pending;
const stagingIdFile = () => install.stagingIdFile;

describe('updates from a feed on loopback: download and sha512 verification (electron-updater)', () => {
  it('downloads the new version in the background and keeps it once its sha512 matches latest.yml', async () => {
    const updater = makeUpdater();
    const downloaded = vi.fn();
    updater.on('update-downloaded', downloaded);
    const control = driveUpdater(updater, { settings: settings(), openWork: () => NOTHING_OPEN, log });
    const state = await control.check();

    expect(state).toMatchObject({ phase: 'downloaded', version: '0.2.0', errorCode: null });
    expect(feed.requests).toEqual(expect.arrayContaining([`/feed/${channelFile}`, `/feed/${INSTALLER}`]));
    expect(downloaded).toHaveBeenCalledTimes(1);
    // The file in electron-updater's cache is byte for byte the published one, and it recorded the hash it checked.
    expect(fs.readFileSync(path.join(pending(), INSTALLER)).equals(installerBytes)).toBe(true);
    const info = JSON.parse(fs.readFileSync(path.join(pending(), 'update-info.json'), 'utf8')) as { sha512: string; isAdminRightsRequired: boolean };
    expect(info).toEqual({ fileName: INSTALLER, sha512: sha512(installerBytes), isAdminRightsRequired: true });
    // Nothing is installed while the app runs.
    expect(quitHandlers).toHaveLength(1);
  });

  it('refuses a tampered installer: the sha512 does not match, the file is deleted, nothing is offered for install', async () => {
    feed.file = Buffer.from(installerBytes);
    feed.file[100] = feed.file[100]! ^ 0xff;
    const updater = makeUpdater();
    const downloaded = vi.fn();
    updater.on('update-downloaded', downloaded);
    const install = vi.spyOn(updater, 'install').mockReturnValue(true);
    const control = driveUpdater(updater, { settings: settings(), openWork: () => NOTHING_OPEN, log });
    const state = await control.check();

    expect(state).toMatchObject({ phase: 'refused', version: '0.2.0', errorCode: 'ERR_CHECKSUM_MISMATCH' });
    expect(feed.requests).toContain(`/feed/${INSTALLER}`);
    expect(downloaded).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(pending(), INSTALLER))).toBe(false);
    expect(fs.readdirSync(pending()).filter((f) => f.endsWith('.exe'))).toEqual([]);
    expect(logged.join('\n')).toContain('stämmer inte med sha512');
    // No quit handler was even added, and a quit installs nothing.
    expect(quitHandlers).toHaveLength(0);
    expect(control.beforeQuit()).toBeNull();
    expect(install).not.toHaveBeenCalled();
  });

  it('refuses a latest.yml whose hash is not that of the file (a file replaced without republishing)', async () => {
    feed.yml = latestYml({ sha: sha512(Buffer.from('another build')) });
    const control = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await control.check()).toMatchObject({ phase: 'refused', errorCode: 'ERR_CHECKSUM_MISMATCH' });
  });

  it('does nothing when the feed has the running version', async () => {
    feed.yml = latestYml({ version: '0.1.0' });
    const control = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await control.check()).toMatchObject({ phase: 'idle', version: null });
    expect(feed.requests).not.toContain(`/feed/${INSTALLER}`);
  });

  it('never goes back to an older version the feed names', async () => {
    feed.yml = latestYml({ version: '0.0.9' });
    const control = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await control.check()).toMatchObject({ phase: 'idle' });
    expect(feed.requests).not.toContain(`/feed/${INSTALLER}`);
  });

  it('asks the channel’s own file (beta → beta.yml / beta-linux.yml)', async () => {
    const control = driveUpdater(makeUpdater(), { settings: settings({ channel: 'beta' }), openWork: () => NOTHING_OPEN, log });
    await control.check();
    expect(feed.requests[0]).toBe(`/feed/${channelFileFor('beta')}`);
  });
});

describe('staged rollout: stagingPercentage in latest.yml, by the machine’s staging id', () => {
  // Staging ids whose last four bytes put them at the very start and the very end of the range.
  const EARLY = '6f1b2c3d-0000-4000-8000-000000000001';
  const LATE = '6f1b2c3d-0000-4000-8000-0000fffffffe';

  it('downloads on a machine inside the percentage (electron-updater’s own id in the data directory)', async () => {
    fs.writeFileSync(stagingIdFile(), EARLY);
    feed.yml = latestYml({ stagingPercentage: 10 });
    const control = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await control.check()).toMatchObject({ phase: 'downloaded', version: '0.2.0' });
  });

  it('leaves a machine outside the percentage on its version, without fetching the installer', async () => {
    fs.writeFileSync(stagingIdFile(), LATE);
    feed.yml = latestYml({ stagingPercentage: 10 });
    const control = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await control.check()).toMatchObject({ phase: 'idle', version: null });
    expect(feed.requests).toEqual([`/feed/${channelFile}`]);
    // At 100 % the same machine updates.
    feed.yml = latestYml({ stagingPercentage: 100 });
    expect(await control.check()).toMatchObject({ phase: 'downloaded' });
  });

  it('uses the staging id IT gave the machine (BUFFERT_UPDATE_STAGING_ID) over the account’s own', async () => {
    fs.writeFileSync(stagingIdFile(), EARLY);
    feed.yml = latestYml({ stagingPercentage: 10 });
    const late = driveUpdater(makeUpdater(), { settings: settings({ stagingId: LATE }), openWork: () => NOTHING_OPEN, log });
    expect(await late.check()).toMatchObject({ phase: 'idle' });
    fs.writeFileSync(stagingIdFile(), LATE);
    const early = driveUpdater(makeUpdater(), { settings: settings({ stagingId: EARLY }), openWork: () => NOTHING_OPEN, log });
    expect(await early.check()).toMatchObject({ phase: 'downloaded' });
  });

  it('puts a machine on the same side as electron-updater’s own rule would (shared isWithinRollout = AppUpdater.isStagingMatch)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.integer({ min: 0, max: 100 }), async (id, percentage) => {
        fs.writeFileSync(stagingIdFile(), id);
        const library: AppUpdater = makeUpdater();
        library.logger = null;
        const info = { version: '0.2.0', files: [], path: INSTALLER, sha512: '', releaseDate: '', stagingPercentage: percentage };
        expect(await library.isUserWithinRollout(info)).toBe(isWithinRollout(id, percentage));
      }),
      { numRuns: 60 },
    );
  });
});

describe('install on quit, never with a receipt, count or hand-out open', () => {
  async function downloadedUpdater(openWork: () => OpenWork | null) {
    const updater = makeUpdater();
    const install = vi.spyOn(updater, 'install').mockReturnValue(true);
    const control = driveUpdater(updater, { settings: settings(), openWork, log });
    expect(await control.check()).toMatchObject({ phase: 'downloaded' });
    await Promise.resolve();
    expect(quitHandlers).toHaveLength(1);
    return { updater, install, control, quit: () => quitHandlers[0]!(0) };
  }

  it('installs silently as the app quits when nothing is open (the next start is the new version)', async () => {
    const { updater, install, control, quit } = await downloadedUpdater(() => NOTHING_OPEN);
    expect(control.beforeQuit()).toEqual({ install: true });
    expect(updater.autoInstallOnAppQuit).toBe(true);
    quit();
    // Silent (/S), and not started again by the installer: the person starts the new version.
    expect(install).toHaveBeenCalledExactlyOnceWith(true, false);
  });

  for (const [what, work] of [
    ['a goods receipt being scanned', { ...NOTHING_OPEN, goodsReceipts: 1 }],
    ['a stocktake counted in here', { ...NOTHING_OPEN, stocktakeCounts: 1 }],
    ['an utleverans begun here', { ...NOTHING_OPEN, handOuts: 1 }],
  ] as const) {
    it(`waits while ${what} is open, and installs at a later quit once it is done`, async () => {
      let open: OpenWork = work;
      const { updater, install, control, quit } = await downloadedUpdater(() => open);
      expect(control.beforeQuit()).toMatchObject({ install: false, reason: 'open-work' });
      expect(updater.autoInstallOnAppQuit).toBe(false);
      quit();
      expect(install).not.toHaveBeenCalled();
      expect(control.state()).toMatchObject({ phase: 'downloaded', lastDecision: { install: false } });
      // Done: the next quit installs (in a real run, the next session's download is taken from the cache).
      open = NOTHING_OPEN;
      expect(control.beforeQuit()).toEqual({ install: true });
      quit();
      expect(install).toHaveBeenCalledExactlyOnceWith(true, false);
    });
  }

  it('waits when the open work cannot be read', async () => {
    const { install, control, quit } = await downloadedUpdater(() => {
      throw new Error('database is closed');
    });
    expect(control.beforeQuit()).toMatchObject({ install: false, reason: 'unknown-work' });
    quit();
    expect(install).not.toHaveBeenCalled();
  });

  it('installs nothing on a quit that never asked (no before-quit, e.g. a Windows log-off)', async () => {
    const { updater, install, quit } = await downloadedUpdater(() => NOTHING_OPEN);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    quit();
    expect(install).not.toHaveBeenCalled();
  });

  it('takes the verified file from the cache at the next start instead of downloading it again', async () => {
    await driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log }).check();
    feed.requests = [];
    // The next session: a new updater over the same cache.
    const next = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await next.check()).toMatchObject({ phase: 'downloaded', version: '0.2.0' });
    expect(feed.requests).not.toContain(`/feed/${INSTALLER}`);
  });

  it('checks the cached file again at the next start, and fetches it anew when it was changed on disk', async () => {
    await driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log }).check();
    const cached = path.join(pending(), INSTALLER);
    const bytes = fs.readFileSync(cached);
    bytes[10] = bytes[10]! ^ 0xff;
    fs.writeFileSync(cached, bytes);
    feed.requests = [];
    const next = driveUpdater(makeUpdater(), { settings: settings(), openWork: () => NOTHING_OPEN, log });
    expect(await next.check()).toMatchObject({ phase: 'downloaded' });
    expect(feed.requests).toContain(`/feed/${INSTALLER}`);
    expect(fs.readFileSync(cached).equals(installerBytes)).toBe(true);
  });
});

describe('which installations update themselves', () => {
  const facts = (over: Partial<InstallFacts>): InstallFacts => ({
    platform: 'win32',
    isPackaged: true,
    execPath: 'C:\\Program Files\\Buffert\\Buffert.exe',
    resourcesPath: 'C:\\Program Files\\Buffert\\resources',
    productName: 'Buffert',
    env: {},
    exists: () => false,
    readText: () => null,
    ...over,
  });

  it('tells an NSIS installation (its uninstaller beside the exe) from an MSI one', () => {
    const files = new Set(['C:\\Program Files\\Buffert\\Uninstall Buffert.exe']);
    expect(installKind(facts({ exists: (f) => files.has(f) }))).toBe('nsis');
    expect(installKind(facts({}))).toBe('msi');
  });

  it('tells an AppImage and a deb on Linux, and a development run anywhere', () => {
    const linux = { platform: 'linux' as const, execPath: '/opt/Buffert/buffert', resourcesPath: '/opt/Buffert/resources' };
    expect(installKind(facts({ ...linux, env: { APPIMAGE: '/home/a/Buffert.AppImage' } }))).toBe('appimage');
    expect(installKind(facts({ ...linux, readText: (f) => (f === '/opt/Buffert/resources/package-type' ? 'deb\n' : null) }))).toBe('deb');
    expect(installKind(facts({ ...linux }))).toBe('other');
    expect(installKind(facts({ isPackaged: false }))).toBe('development');
  });

  it('leaves MSI installations, development runs and unknown copies to IT, and follows the settings', () => {
    const on = settings();
    expect(updatesOffReason('nsis', on)).toBeNull();
    expect(updatesOffReason('appimage', on)).toBeNull();
    expect(updatesOffReason('deb', on)).toBeNull();
    expect(updatesOffReason('msi', on)).toMatch(/MSI.*IT/);
    expect(updatesOffReason('development', on)).not.toBeNull();
    expect(updatesOffReason('other', on)).not.toBeNull();
    expect(updatesOffReason('nsis', { ...on, url: null as unknown as string, off: 'BUFFERT_UPDATES=off' })).toBe('BUFFERT_UPDATES=off');
  });

  it('electron-updater itself stays inactive in an unpackaged app (isUpdaterActive)', async () => {
    const updater = install.makeUpdater({ ...testApp(), isPackaged: false });
    updater.logger = null;
    updater.setFeedURL({ provider: 'generic', url: feedUrl });
    expect(updater.isUpdaterActive()).toBe(false);
    expect(await updater.checkForUpdates()).toBeNull();
    expect(feed.requests).toEqual([]);
  });
});

// A random UUID is a valid staging id for the shared rule (what electron-updater writes to .updaterId).
it('accepts the staging ids electron-updater makes', () => {
  expect(() => isWithinRollout(randomUUID(), 50)).not.toThrow();
});
