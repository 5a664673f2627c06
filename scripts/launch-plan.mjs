/**
 * The decisions of `npm start`, as pure functions (scripts/start.mjs does the side effects):
 * which mode to run in, with which arguments, and what to tell the user.
 */

export const MESSAGES = {
  electronMissing: 'Electron-binären saknas på den här datorn – startar webbvärden i stället.',
  noDisplay: 'Ingen skärm hittades (DISPLAY och WAYLAND_DISPLAY saknas) – startar webbvärden i stället.',
  forcedWeb: 'Startar webbvärden (--web).',
  usage: [
    'Användning: npm start -- [--web] [--no-build] [--no-rebuild] [--port N] [övriga flaggor till webbvärden]',
    '  --web         kör webbvärden i Chromium även om Electron finns',
    '  --no-build    bygg inte om gränssnittet och Electron-paketen',
    '  --no-rebuild  bygg inte om better-sqlite3-multiple-ciphers för Electron (den är redan byggd)',
    '  --no-download hämta inte Electron-binären när den saknas',
    '  --port N      webbvärdens port (standard 5174)',
    'Miljö: BUFFERT_DATA_DIR (datakatalog), BUFFERT_CHROMIUM (sökväg till Chromium).',
  ].join('\n'),
};

/**
 * @param {string[]} argv arguments after `node scripts/start.mjs`
 * @returns {{ forceWeb: boolean, build: boolean, rebuild: boolean, download: boolean, help: boolean, port: string | null, passThrough: string[] }}
 */
export function parseStartArgs(argv) {
  const result = { forceWeb: false, build: true, rebuild: true, download: true, help: false, port: null, passThrough: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--web') result.forceWeb = true;
    else if (arg === '--no-build') result.build = false;
    else if (arg === '--no-rebuild') result.rebuild = false;
    else if (arg === '--no-download') result.download = false;
    else if (arg === '--help' || arg === '-h') result.help = true;
    else if (arg === '--port' && i + 1 < argv.length) result.port = argv[++i];
    else if (arg.startsWith('--port=')) result.port = arg.slice('--port='.length);
    else result.passThrough.push(arg);
  }
  return result;
}

/**
 * Whether a window can be shown. Windows and macOS always have a desktop; on Linux and the BSDs
 * a graphical session sets DISPLAY (X11) or WAYLAND_DISPLAY.
 * @param {Record<string, string | undefined>} env
 * @param {string} platform
 */
export function hasDisplay(env, platform) {
  if (platform === 'win32' || platform === 'darwin') return true;
  return Boolean(env.DISPLAY?.trim() || env.WAYLAND_DISPLAY?.trim());
}

/**
 * @param {{ forceWeb: boolean, electronBinary: string | null, display: boolean }} facts
 *   electronBinary: the path `require('electron')` gave, if it gave one and the file exists.
 * @returns {{ mode: 'electron', binary: string } | { mode: 'web', reason: string }}
 */
export function chooseLaunchMode(facts) {
  if (facts.forceWeb) return { mode: 'web', reason: MESSAGES.forcedWeb };
  if (facts.electronBinary === null) return { mode: 'web', reason: MESSAGES.electronMissing };
  if (!facts.display) return { mode: 'web', reason: MESSAGES.noDisplay };
  return { mode: 'electron', binary: facts.electronBinary };
}

/**
 * Whether to fetch the missing Electron binary with its own installer (node_modules/electron/
 * install.js, checksums included). npm never does it here: the package's install script is
 * disabled in package.json (`allowScripts`) so that `npm install` works without that download.
 * Only worth it when the binary could then be used (a display), and not when the user or the
 * environment says no (`--no-download`, Electron's own ELECTRON_SKIP_BINARY_DOWNLOAD).
 * @param {{ electronBinary: string | null, forceWeb: boolean, display: boolean, download: boolean, env: Record<string, string | undefined> }} facts
 */
export function shouldDownloadElectron(facts) {
  return facts.electronBinary === null && !facts.forceWeb && facts.display && facts.download && !facts.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
}

/**
 * Where a quick TCP probe decides whether the download can work at all (a few seconds, instead
 * of the installer hanging on a machine without network): the proxy if one is set, else the
 * mirror, else GitHub, where Electron's releases live.
 * @param {Record<string, string | undefined>} env
 * @returns {{ host: string, port: number }}
 */
export function downloadProbeTarget(env) {
  const configured = env.HTTPS_PROXY || env.https_proxy || env.ELECTRON_MIRROR || env.electron_config_mirror;
  if (configured) {
    try {
      const url = new URL(configured);
      return { host: url.hostname, port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443) };
    } catch {
      // not a URL: fall through to GitHub
    }
  }
  return { host: 'github.com', port: 443 };
}

/**
 * Arguments for Electron. Chromium refuses to run as root with its sandbox on; only then (a
 * container or a test machine, never a workstation) is it switched off, with a warning.
 * @param {{ isRoot: boolean, passThrough?: string[] }} options
 */
export function electronArgs(options) {
  return ['.', ...(options.isRoot ? ['--no-sandbox'] : []), ...(options.passThrough ?? [])];
}

/**
 * The environment for Electron: ELECTRON_RUN_AS_NODE would turn the binary into plain Node.
 * @param {Record<string, string | undefined>} env
 */
export function electronEnv(env) {
  const result = { ...env };
  delete result.ELECTRON_RUN_AS_NODE;
  return result;
}

/**
 * Chromium in app mode on the web host: its own throw-away profile, and none of its own network
 * traffic (updates, sync, safe-browsing lists), so the app stays local like in Electron.
 * @param {{ url: string, userDataDir: string, isRoot: boolean }} options
 */
export function chromiumArgs(options) {
  return [
    `--app=${options.url}`,
    `--user-data-dir=${options.userDataDir}`,
    ...(options.isRoot ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--window-size=1366,860',
  ];
}

/**
 * The first Chromium that exists: BUFFERT_CHROMIUM if set, then the usual Linux names.
 * @param {Record<string, string | undefined>} env
 * @param {(file: string) => boolean} exists
 * @returns {string | null}
 */
export function findChromium(env, exists) {
  const candidates = env.BUFFERT_CHROMIUM
    ? [env.BUFFERT_CHROMIUM]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((file) => exists(file)) ?? null;
}

/**
 * The web host prints "Buffert körs på http://127.0.0.1:5174/?launch=… …"; this finds the URL
 * (with its one-time launch link, decision 0017) in a line. Only loopback addresses count: the
 * host never listens on anything else.
 * @param {string} text
 * @returns {string | null}
 */
export function findHostUrl(text) {
  const match = /\bhttps?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d{1,5}(?:\/\?launch=[A-Za-z0-9_%-]+|\/?)/.exec(text);
  return match ? match[0].replace(/\/$/, '') : null;
}

/**
 * Arguments for the web host (`tsx electron/web-host/main.ts …`).
 * @param {{ port: string | null, passThrough: string[] }} options
 */
export function webHostArgs(options) {
  return [...(options.port !== null ? ['--port', options.port] : []), ...options.passThrough];
}
