import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './csp';
import { isAppUrl } from './protocol';

/**
 * Window options and web-contents hardening. Pure or parameterised by the objects they harden, so
 * that unit tests check them without the Electron binary.
 */

export interface MainWindowConfig {
  /** Absolute path of the bundled (CommonJS) preload script. */
  preloadPath: string;
  /** DevTools only in development; a packaged app has none. */
  devTools: boolean;
}

/** Settings every Buffert window shares: the renderer is a web page with no Node at all. */
function secureWebPreferences(devTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    // The spell checker downloads dictionaries from the network; the app must stay local.
    spellcheck: false,
    safeDialogs: true,
    // Chromium's PDF viewer for the print preview's frame (decision 0039); object-src stays 'none'.
    plugins: true,
    // A HID scanner's beep must sound even when no key was pressed since the start (the scan
    // arrives over IPC, not as a user gesture). Only the app's own tones play (decision 0012).
    autoplayPolicy: 'no-user-gesture-required',
    // A middle click on a link would otherwise try to open a new window (denied anyway below).
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}

export function mainWindowOptions(config: MainWindowConfig): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Buffert',
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: { ...secureWebPreferences(config.devTools), preload: config.preloadPath },
  };
}

/** The startup-error window: static HTML, no preload, so no bridge to the main process at all. */
export function errorWindowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 760,
    height: 520,
    title: 'Buffert kunde inte starta',
    show: true,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(false),
  };
}

/**
 * What a page of the app may load: our own origin `app://buffert` (the renderer, decision 0017),
 * and the local schemes Chromium uses for inline data and its own pages. Everything else — http,
 * https, ws, ftp, and `file:` (no page of ours lives there any more) — is cancelled in the
 * session: the renderer has no business on the network or the disk; sync runs in Node.
 */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:', 'chrome:', 'about:']);

export function isLocalRequestUrl(url: string): boolean {
  try {
    return isAppUrl(url) || LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Permissions a page of the app may have: writing plain text to the clipboard (copy a number),
 * and only for our own origin. Everything else is denied: no camera or microphone (media),
 * geolocation, notifications, MIDI, sensors, pointer lock, fullscreen, openExternal, and no WebHID,
 * Web Serial or WebUSB — the scanners are read by the main process with node-hid (decision 0012).
 */
const GRANTED_PERMISSIONS = new Set<string>(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl?: string | null): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/**
 * The one request of the page that leaves the machine: the SITHS card login at the configured
 * central, `POST <central>/auth/siths` and its CORS preflight (issue 10; siths.ts decides which
 * certificate goes with it). Nothing else at central (sync runs in Node) and nowhere else.
 */
export function isSithsLoginRequest(details: { url: string; method?: string }, centralOrigin: string | null): boolean {
  if (centralOrigin === null) return false;
  if (details.method !== 'POST' && details.method !== 'OPTIONS') return false;
  try {
    const url = new URL(details.url);
    return url.origin === centralOrigin && url.pathname === '/auth/siths' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** What of the network a session lets its pages reach: only the central's SITHS login, when there is a central. */
export interface SessionNetwork {
  /** The origin of BUFFERT_CENTRAL_URL (csp.ts `centralOriginOf`), or null. */
  centralOrigin: string | null;
}

const NO_NETWORK: SessionNetwork = { centralOrigin: null };

/** Response headers with our CSP in place of any the response carried. */
export function withCsp(headers: Record<string, string[]> | undefined, policy: string = CONTENT_SECURITY_POLICY): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/**
 * A URL as the log may show it: scheme, host and path, never the query or fragment (a cancelled
 * form navigation carries what was typed, e.g. the SITHS PIN form in siths.ts) nor user info.
 */
export function urlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return parsed.protocol;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 200);
  } catch {
    return '(ogiltig adress)';
  }
}

export interface HardenLog {
  warn(message: string): void;
}

/**
 * Session-wide rules: no permissions beyond the clipboard, no device access (HID belongs to the main
 * process), no remote or file requests, our CSP on every page of the app. Idempotent: Electron keeps one handler
 * of each kind per session, so hardening the same session twice replaces, never stacks.
 */
export function hardenSession(session: Session, log: HardenLog = console, network: SessionNetwork = NO_NETWORK): void {
  const policy = contentSecurityPolicy(network.centralOrigin);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details?.requestingUrl);
    if (!granted) log.warn(`Buffert: permission "${permission}" denied`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  // No device of any kind (HID, serial, USB) for any page: the main process owns the scanners.
  session.setDevicePermissionHandler(() => false);
  // A page that still asks (navigator.hid.requestDevice, …) gets the chooser cancelled, never a device.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    log.warn('Buffert: WebHID device request denied');
    callback();
  });
  session.on('select-serial-port', (event, _portList, _webContents, callback) => {
    event.preventDefault();
    log.warn('Buffert: Web Serial port request denied');
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    log.warn('Buffert: WebUSB device request denied');
    callback();
  });
  session.setSpellCheckerEnabled(false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isLocalRequestUrl(details.url) || isSithsLoginRequest(details, network.centralOrigin);
    if (!allowed) log.warn(`Buffert: request to ${urlForLog(details.url)} blocked`);
    callback({ cancel: !allowed });
  });
  // Our pages are app://buffert (the app; its protocol handler sends the CSP too) and data: (the
  // startup-error page, with its own meta CSP); anything else that loads in this session (DevTools)
  // keeps its own policy.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback(isAppUrl(details.url) ? { responseHeaders: withCsp(details.responseHeaders, policy) } : {});
  });
}

/**
 * Per-page rules, applied to every web contents the app creates (`web-contents-created`): the page
 * never navigates away from the app, never opens windows, never embeds a `<webview>`. The app is
 * a single-page application, so in-page navigation (hash, history) is all it needs; loads started
 * by the main process (`loadURL`) do not pass through these events.
 */
export function hardenWebContents(webContents: WebContents, log: HardenLog = console, network: SessionNetwork = NO_NETWORK): void {
  webContents.on('will-navigate', (event) => {
    event.preventDefault();
    log.warn(`Buffert: navigation to ${urlForLog(event.url)} denied`);
  });
  webContents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    log.warn(`Buffert: frame navigation to ${urlForLog(event.url)} denied`);
  });
  webContents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  webContents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  webContents.setWindowOpenHandler((details) => {
    log.warn(`Buffert: window.open(${urlForLog(details.url)}) denied`);
    return { action: 'deny' };
  });
  hardenSession(webContents.session, log, network);
}
