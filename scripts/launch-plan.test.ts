import { describe, expect, it } from 'vitest';
import {
  chooseLaunchMode,
  chromiumArgs,
  downloadProbeTarget,
  electronArgs,
  electronEnv,
  findChromium,
  findHostUrl,
  hasDisplay,
  MESSAGES,
  parseStartArgs,
  shouldDownloadElectron,
  webHostArgs,
} from './launch-plan.mjs';

describe('npm start decides', () => {
  it('to run Electron when its binary is there and a display is available', () => {
    expect(chooseLaunchMode({ forceWeb: false, electronBinary: '/e/electron', display: true })).toEqual({ mode: 'electron', binary: '/e/electron' });
  });

  it('to run the web host, saying so in one line, when the Electron binary is missing', () => {
    const plan = chooseLaunchMode({ forceWeb: false, electronBinary: null, display: true });
    expect(plan).toEqual({ mode: 'web', reason: 'Electron-binären saknas på den här datorn – startar webbvärden i stället.' });
    expect(MESSAGES.electronMissing).not.toContain('\n');
  });

  it('to run the web host when there is no display for an Electron window', () => {
    expect(chooseLaunchMode({ forceWeb: false, electronBinary: '/e/electron', display: false })).toEqual({ mode: 'web', reason: MESSAGES.noDisplay });
  });

  it('to run the web host when asked to with --web', () => {
    expect(chooseLaunchMode({ forceWeb: true, electronBinary: '/e/electron', display: true })).toMatchObject({ mode: 'web' });
  });

  it('that a display exists from DISPLAY or WAYLAND_DISPLAY on Linux, and always on Windows and macOS', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: '' }, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
  });
});

describe('a missing Electron binary', () => {
  const facts = { electronBinary: null, forceWeb: false, display: true, download: true, env: {} };

  it('is fetched with its own installer when it could then be used', () => {
    expect(shouldDownloadElectron(facts)).toBe(true);
  });

  it('is not fetched when present, not wanted, or useless without a display', () => {
    expect(shouldDownloadElectron({ ...facts, electronBinary: '/e/electron' })).toBe(false);
    expect(shouldDownloadElectron({ ...facts, forceWeb: true })).toBe(false);
    expect(shouldDownloadElectron({ ...facts, display: false })).toBe(false);
    expect(shouldDownloadElectron({ ...facts, download: false })).toBe(false);
    expect(shouldDownloadElectron({ ...facts, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toBe(false);
  });

  it('is probed for at the proxy, the mirror, or GitHub', () => {
    expect(downloadProbeTarget({})).toEqual({ host: 'github.com', port: 443 });
    expect(downloadProbeTarget({ HTTPS_PROXY: 'http://proxy.region.se:3128' })).toEqual({ host: 'proxy.region.se', port: 3128 });
    expect(downloadProbeTarget({ ELECTRON_MIRROR: 'https://mirror.region.se/electron/' })).toEqual({ host: 'mirror.region.se', port: 443 });
    expect(downloadProbeTarget({ ELECTRON_MIRROR: 'not a url' })).toEqual({ host: 'github.com', port: 443 });
  });
});

describe('npm start arguments', () => {
  it('are read, and the rest passed on to the host', () => {
    expect(parseStartArgs([])).toEqual({ forceWeb: false, build: true, rebuild: true, download: true, help: false, port: null, passThrough: [] });
    expect(parseStartArgs(['--web', '--no-build', '--port', '6000', '--static-dir', '/x'])).toEqual({
      forceWeb: true,
      build: false,
      rebuild: true,
      download: true,
      help: false,
      port: '6000',
      passThrough: ['--static-dir', '/x'],
    });
    expect(parseStartArgs(['--port=0', '--no-rebuild', '--no-download', '-h'])).toMatchObject({ port: '0', rebuild: false, download: false, help: true });
  });

  it('for the web host carry the port only when one was given', () => {
    expect(webHostArgs({ port: null, passThrough: [] })).toEqual([]);
    expect(webHostArgs({ port: '0', passThrough: ['--data-dir', '/d'] })).toEqual(['--port', '0', '--data-dir', '/d']);
  });
});

describe('Electron is launched', () => {
  it('on the app directory, with the sandbox off only when running as root', () => {
    expect(electronArgs({ isRoot: false })).toEqual(['.']);
    expect(electronArgs({ isRoot: true })).toEqual(['.', '--no-sandbox']);
  });

  it('never as plain Node', () => {
    expect(electronEnv({ ELECTRON_RUN_AS_NODE: '1', BUFFERT_DATA_DIR: '/d' })).toEqual({ BUFFERT_DATA_DIR: '/d' });
  });
});

describe('Chromium for the web host', () => {
  const args = chromiumArgs({ url: 'http://127.0.0.1:5174', userDataDir: '/tmp/profile', isRoot: false });

  it('opens the app in app mode with a throw-away profile', () => {
    expect(args).toContain('--app=http://127.0.0.1:5174');
    expect(args).toContain('--user-data-dir=/tmp/profile');
  });

  it('makes no network traffic of its own', () => {
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      expect(args).toContain(flag);
    }
  });

  it('turns its sandbox off only when running as root', () => {
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumArgs({ url: 'http://127.0.0.1:1', userDataDir: '/p', isRoot: true })).toContain('--no-sandbox');
  });

  it('is found at BUFFERT_CHROMIUM or the usual places', () => {
    const existing = new Set(['/usr/bin/chromium', '/opt/chrome']);
    const exists = (file: string) => existing.has(file);
    expect(findChromium({}, exists)).toBe('/usr/bin/chromium');
    expect(findChromium({ BUFFERT_CHROMIUM: '/opt/chrome' }, exists)).toBe('/opt/chrome');
    expect(findChromium({ BUFFERT_CHROMIUM: '/nowhere' }, exists)).toBeNull();
    expect(findChromium({}, () => false)).toBeNull();
  });
});

describe('the web host URL', () => {
  it('is found in the host’s start line', () => {
    expect(findHostUrl('Buffert körs på http://127.0.0.1:5174  (data: /d, startade på 900 ms)')).toBe('http://127.0.0.1:5174');
    expect(findHostUrl('listening on http://localhost:41234/')).toBe('http://localhost:41234');
    expect(findHostUrl('http://[::1]:80')).toBe('http://[::1]:80');
  });

  it('keeps the one-time launch link, which is what Chromium must open (decision 0017)', () => {
    expect(findHostUrl('Buffert körs på http://127.0.0.1:5174/?launch=Ab_9-xY  (data: /d)')).toBe('http://127.0.0.1:5174/?launch=Ab_9-xY');
  });

  it('is never a non-loopback address', () => {
    expect(findHostUrl('see https://example.com:443/')).toBeNull();
    expect(findHostUrl('http://192.168.1.2:5174')).toBeNull();
    expect(findHostUrl('no url here')).toBeNull();
  });
});
