import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { centralOriginOf, CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META, contentSecurityPolicy, parseCsp } from './csp';
import { FakeSession, FakeWebContents } from '../../tests/helpers/fake-electron';
import { errorWindowOptions, hardenSession, hardenWebContents, isLocalRequestUrl, isSithsLoginRequest, mainWindowOptions, urlForLog, withCsp } from './window';

const quiet = { warn: vi.fn() };

function hardened(): FakeWebContents {
  const webContents = new FakeWebContents();
  hardenWebContents(webContents as unknown as WebContents, quiet);
  return webContents;
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('the main window', () => {
  const options = mainWindowOptions({ preloadPath: '/app/dist/electron/preload/index.cjs', devTools: false });
  const prefs = options.webPreferences!;

  it('isolates the page from Node: context isolation, sandbox, no Node integration anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and has no <webview> tag', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('loads the bundled preload and nothing else of ours into the page', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload/index.cjs');
  });

  it('does not use the spell checker, which would download dictionaries', () => {
    expect(prefs.spellcheck).toBe(false);
  });

  it('is shown only when ready, so no blank window flashes', () => {
    expect(options.show).toBe(false);
  });

  it('has DevTools only when asked for (development)', () => {
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('the startup-error window has the same protections and no preload at all', () => {
    const errorPrefs = errorWindowOptions().webPreferences!;
    expect(errorPrefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(errorPrefs.preload).toBeUndefined();
  });
});

describe('a hardened page', () => {
  it('cannot navigate away from the app', () => {
    const webContents = hardened();
    const event = navigationEvent('https://evil.example/');
    webContents.emit('will-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('cannot navigate any frame either, nor be redirected', () => {
    const webContents = hardened();
    const frame = navigationEvent('https://evil.example/frame');
    webContents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const redirect = navigationEvent('https://evil.example/redirect');
    webContents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('cannot open windows (window.open and target=_blank are denied)', () => {
    const webContents = hardened();
    expect(webContents.windowOpenHandler).not.toBeNull();
    expect(webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler!({ url: 'file:///app/dist/renderer/index.html' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler!({ url: 'app://buffert/index.html' })).toEqual({ action: 'deny' });
  });

  it('cannot attach a <webview>', () => {
    const webContents = hardened();
    const event = { preventDefault: vi.fn() };
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('gets no permissions except writing text to the clipboard, and that only on our own origin', () => {
    const session = hardened().session;
    const request = session.permissionRequestHandler as unknown as (
      wc: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void;
    const check = session.permissionCheckHandler as unknown as (wc: unknown, permission: string, requestingOrigin: string) => boolean;
    const own = 'app://buffert/index.html';
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read', 'hid', 'serial', 'usb', 'midi', 'pointerLock']) {
      const callback = vi.fn();
      request(null, permission, callback, { requestingUrl: own });
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(check(null, permission, 'app://buffert'), permission).toBe(false);
    }
    const granted = vi.fn();
    request(null, 'clipboard-sanitized-write', granted, { requestingUrl: own });
    expect(granted).toHaveBeenCalledWith(true);
    expect(check(null, 'clipboard-sanitized-write', 'app://buffert')).toBe(true);
    // The same permission for any other page (a file: page, a foreign app:// host, the web) is denied.
    for (const other of ['file:///app/dist/renderer/index.html', 'app://evil/index.html', 'https://evil.example/', 'data:text/html,x']) {
      const callback = vi.fn();
      request(null, 'clipboard-sanitized-write', callback, { requestingUrl: other });
      expect(callback, other).toHaveBeenCalledWith(false);
      expect(check(null, 'clipboard-sanitized-write', other), other).toBe(false);
    }
  });

  it('gets no device access (HID is the main process’s job): no permission, every chooser cancelled', () => {
    const webContents = hardened();
    const session = webContents.session;
    expect((session.devicePermissionHandler as unknown as (d: { deviceType: string }) => boolean)({ deviceType: 'hid' })).toBe(false);
    expect(session.spellCheckerEnabled).toBe(false);
    for (const [event, args] of [
      ['select-hid-device', [{ deviceList: [{ deviceId: 'scanner-1' }] }]],
      ['select-usb-device', [{ deviceList: [{ deviceId: 'usb-1' }] }]],
      ['select-serial-port', [[{ portId: 'COM1' }], webContents]],
    ] as const) {
      expect(session.listenerCount(event), event).toBe(1);
      const prevented = { preventDefault: vi.fn() };
      const callback = vi.fn();
      session.emit(event, prevented, ...args, callback);
      expect(prevented.preventDefault, event).toHaveBeenCalled();
      expect(callback, event).toHaveBeenCalledTimes(1);
      // Cancelled: no device id given back.
      expect(callback.mock.calls[0]!.filter((id: unknown) => id !== ''), event).toEqual([]);
    }
    const bluetooth = { preventDefault: vi.fn() };
    const chosen = vi.fn();
    webContents.emit('select-bluetooth-device', bluetooth, [{ deviceId: 'bt-1' }], chosen);
    expect(bluetooth.preventDefault).toHaveBeenCalled();
    expect(chosen).toHaveBeenCalledWith('');
  });

  it('turns off middle-click (auxclick) window opening in the page itself', () => {
    expect(mainWindowOptions({ preloadPath: '/p.cjs', devTools: false }).webPreferences!.disableBlinkFeatures).toBe('Auxclick');
  });

  it('cannot reach the network or the disk: only app://buffert and inline data load', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, quiet);
    const beforeRequest = session.webRequest.beforeRequest as unknown as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    const decide = (url: string) => {
      const callback = vi.fn();
      beforeRequest({ url }, callback);
      return callback.mock.calls[0]![0];
    };
    expect(decide('https://cdn.example/x.js')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:5174/api/app.status')).toEqual({ cancel: true });
    expect(decide('wss://evil.example/socket')).toEqual({ cancel: true });
    expect(decide('app://buffert/assets/index.js')).toEqual({ cancel: false });
    expect(decide('data:image/png;base64,AAAA')).toEqual({ cancel: false });
    // Decision 0017: no page of ours is a file any more, so nothing may load one.
    expect(decide('file:///app/dist/renderer/assets/index.js')).toEqual({ cancel: true });
    expect(decide('file:///home/u/.config/Buffert/buffert.sqlite')).toEqual({ cancel: true });
    expect(decide('app://evil/x.js')).toEqual({ cancel: true });
    expect(isLocalRequestUrl('not a url')).toBe(false);
  });

  it('lets exactly the SITHS login at the configured central through, nothing else there or elsewhere', () => {
    const session = new FakeSession();
    const warn = vi.fn();
    hardenSession(session as unknown as Session, { warn }, { centralOrigin: 'https://central.example.se:8443' });
    const beforeRequest = session.webRequest.beforeRequest as unknown as (d: { url: string; method: string }, cb: (r: { cancel: boolean }) => void) => void;
    const decide = (method: string, url: string) => {
      const callback = vi.fn();
      beforeRequest({ url, method }, callback);
      return callback.mock.calls[0]![0].cancel as boolean;
    };
    expect(decide('POST', 'https://central.example.se:8443/auth/siths')).toBe(false);
    expect(decide('OPTIONS', 'https://central.example.se:8443/auth/siths')).toBe(false);
    expect(decide('GET', 'https://central.example.se:8443/auth/siths')).toBe(true);
    expect(decide('POST', 'https://central.example.se:8443/sync/pull')).toBe(true);
    expect(decide('POST', 'https://central.example.se:8443/auth/siths?x=1')).toBe(true);
    expect(decide('POST', 'https://central.example.se/auth/siths')).toBe(true);
    expect(decide('POST', 'http://central.example.se:8443/auth/siths')).toBe(true);
    expect(decide('POST', 'https://evil.example/auth/siths')).toBe(true);
    expect(isSithsLoginRequest({ url: 'https://central.example.se:8443/auth/siths', method: 'POST' }, null)).toBe(false);
    // Blocked requests are logged without their query (a PIN or a personnummer could be in it).
    decide('GET', 'https://evil.example/path?pin=1234#x');
    expect(warn).toHaveBeenLastCalledWith('Buffert: request to https://evil.example/path blocked');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('1234');
  });

  it('logs URLs without query, fragment or user info', () => {
    expect(urlForLog('https://user:pw@host.example:8443/a/b?pin=1#f')).toBe('https://host.example:8443/a/b');
    expect(urlForLog('data:text/html,<secret>')).toBe('data:');
    expect(urlForLog('nonsense')).toBe('(ogiltig adress)');
  });

  it('carries the policy with the central on the app’s files when there is a central', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, quiet, { centralOrigin: 'https://central.example.se:8443' });
    const headersReceived = session.webRequest.headersReceived as unknown as (d: { url: string }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    const callback = vi.fn();
    headersReceived({ url: 'app://buffert/index.html' }, callback);
    expect(callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([contentSecurityPolicy('https://central.example.se:8443')]);
  });

  it('carries our CSP on every file of the app, replacing any other', () => {
    const session = new FakeSession();
    hardenSession(session as unknown as Session, quiet);
    const headersReceived = session.webRequest.headersReceived as unknown as (
      d: { url: string; responseHeaders?: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    headersReceived(
      { url: 'app://buffert/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const devtools = vi.fn();
    headersReceived({ url: 'devtools://devtools/bundled/devtools_app.html' }, devtools);
    expect(devtools).toHaveBeenCalledWith({});
  });
});

describe('the Content Security Policy', () => {
  const policy = parseCsp(CONTENT_SECURITY_POLICY);

  it("allows only the app itself by default (default-src 'self')", () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('runs no inline script and no eval', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('connects nowhere but the app (the backend is reached over IPC)', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('names no remote host and no wildcard anywhere', () => {
    for (const [directive, sources] of policy) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/^(https?|wss?):|\*|\.[a-z]{2,}$/i);
      }
    }
  });

  it('forbids plugins, frames, <base> and form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(['blob:']);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('has a meta-tag form with the same rules, minus what a meta tag cannot carry, and any https: connection (the header names the central)', () => {
    const meta = parseCsp(CONTENT_SECURITY_POLICY_META);
    expect(meta.has('frame-ancestors')).toBe(false);
    for (const [directive, sources] of meta) {
      expect(directive === 'connect-src' ? sources : policy.get(directive), directive).toEqual(directive === 'connect-src' ? ["'self'", 'https:'] : sources);
    }
  });

  it('with a central, lets the page connect to exactly that origin and changes nothing else', () => {
    expect(contentSecurityPolicy(null)).toBe(CONTENT_SECURITY_POLICY);
    const withCentral = parseCsp(contentSecurityPolicy('https://central.example.se:8443'));
    expect(withCentral.get('connect-src')).toEqual(["'self'", 'https://central.example.se:8443']);
    for (const [directive, sources] of policy) if (directive !== 'connect-src') expect(withCentral.get(directive)).toEqual(sources);
    expect(centralOriginOf(' https://central.example.se:8443/api/ '.trim())).toBe('https://central.example.se:8443');
    expect(centralOriginOf('ftp://x')).toBeNull();
    expect(centralOriginOf('nonsense')).toBeNull();
    expect(centralOriginOf(null)).toBeNull();
  });
});
