#!/usr/bin/env node
/**
 * `npm start`: build, then run Buffert in Electron — or, where Electron cannot run (no binary, as
 * on the build machines, or no display), run the web host and open it in Chromium's app mode.
 * Ctrl-C stops every child and exits with 0. The decisions live in launch-plan.mjs (unit-tested);
 * this file only carries them out.
 *
 * Native module ABI: better-sqlite3-multiple-ciphers in node_modules is built for Node (tests, web host). Before
 * Electron starts, the Electron build is swapped in (rebuilt once with @electron/rebuild, cached
 * after that), and the Node build is swapped back when Electron exits — see native-abi.mjs.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
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
import { ensureNativeBuild, nativeKey } from './native-abi.mjs';
import { startCentralForStart } from './central-for-start.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = parseStartArgs(process.argv.slice(2));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
let stopping = false;

const say = (line) => console.log(line);

/** Spawns a tracked child; the promise settles with its exit code (null when killed by a signal). */
function run(command, argv, options) {
  const child = spawn(command, argv, { cwd: ROOT, ...options });
  children.add(child);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      children.delete(child);
      resolve({ code: null, error });
    });
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, error: null });
    });
  });
  return { child, exited };
}

/** Ctrl-C (or SIGTERM from a supervisor): stop the children, then the flow below exits with 0. */
function stop() {
  if (stopping) {
    for (const child of children) child.kill('SIGKILL');
    return;
  }
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
  }, 5000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);

function packageBin(pkg, relative) {
  return path.join(ROOT, 'node_modules', pkg, relative);
}

async function buildRenderer() {
  say('Bygger gränssnittet (vite build) …');
  const { exited } = run(process.execPath, [packageBin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const { code } = await exited;
  if (code !== 0 && !stopping) throw new Error(`vite build avslutades med kod ${code}`);
}

/** The Electron binary `require('electron')` points at, if it is really there. */
function probeElectron() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Whether a TCP connection opens within `ms` (no network → give up fast, say one line). */
function canConnect({ host, port }, ms) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Fetches the binary with Electron's own installer (checksummed); null when that cannot work. */
async function downloadElectron() {
  if (!(await canConnect(downloadProbeTarget(process.env), 3000))) return null;
  say('Electron-binären saknas – hämtar den med Electrons installationsskript (bara första gången) …');
  const { code } = await run(process.execPath, [packageBin('electron', 'install.js')], { stdio: 'inherit' }).exited;
  return code === 0 && !stopping ? probeElectron() : null;
}

// --- the SQLite module for the runtime that is about to use it ----------------------------------

/** The replica's native SQLite module (encrypted: docs/decisions/0016-encrypted-replica.md). */
const NATIVE_MODULE = 'better-sqlite3-multiple-ciphers';
const NATIVE_BINARY = path.join(ROOT, 'node_modules', NATIVE_MODULE, 'build', 'Release', 'better_sqlite3.node');
// One cache per module: a cached build of another module with the same file name is never swapped in.
const NATIVE_CACHE = path.join(ROOT, 'node_modules', '.cache', 'buffert-native', NATIVE_MODULE);
const nodeTarget = nativeKey({ runtime: 'node', version: process.versions.modules, platform: process.platform, arch: process.arch });

/** Loads the installed build in a throw-away Node process: does plain Node accept it? */
async function probeNative() {
  const probe = spawnSync(process.execPath, ['-e', `new (require('${NATIVE_MODULE}'))(':memory:').close()`], { cwd: ROOT, stdio: 'ignore' });
  return probe.status === 0 ? nodeTarget : null;
}

async function runToEnd(command, argv) {
  const { code } = await run(command, argv, { stdio: 'inherit' }).exited;
  if (code !== 0) throw new Error(`${path.basename(command)} ${argv.slice(0, 2).join(' ')} avslutades med kod ${code}`);
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

async function nativeForElectron() {
  const version = electronVersion();
  const how = await ensureNativeBuild({
    binary: NATIVE_BINARY,
    cacheDir: NATIVE_CACHE,
    want: nativeKey({ runtime: 'electron', version, platform: process.platform, arch: process.arch }),
    probe: probeNative,
    rebuild: () => {
      say(`Bygger ${NATIVE_MODULE} för Electron ${version} (första gången; sparas sedan) …`);
      return runToEnd(process.execPath, [packageBin('@electron/rebuild', 'lib/cli.js'), '--force', '--only', NATIVE_MODULE, '--version', version]);
    },
  });
  if (how === 'from-cache') say(`${NATIVE_MODULE} för Electron ${version} hämtad ur cachen.`);
}

/** After Electron: the Node build back, so that `npm test` and the web host work. */
async function nativeForNode() {
  try {
    await ensureNativeBuild({
      binary: NATIVE_BINARY,
      cacheDir: NATIVE_CACHE,
      want: nodeTarget,
      probe: probeNative,
      rebuild: () => {
        const npm = process.env.npm_execpath;
        return npm ? runToEnd(process.execPath, [npm, 'rebuild', NATIVE_MODULE]) : runToEnd('npm', ['rebuild', NATIVE_MODULE]);
      },
    });
  } catch (error) {
    say(`Kunde inte återställa ${NATIVE_MODULE} för Node (${error instanceof Error ? error.message : error}). Kör "npm rebuild ${NATIVE_MODULE}" före "npm test".`);
  }
}

// --- the two modes --------------------------------------------------------------------------------

async function runElectron(binary) {
  if (args.build) {
    const { buildElectron } = await import('./build-electron.mjs');
    await buildElectron();
  }
  if (args.rebuild) {
    try {
      await nativeForElectron();
    } catch (error) {
      await nativeForNode();
      if (stopping) return 0;
      return runWeb(`${NATIVE_MODULE} kunde inte byggas för Electron (${error instanceof Error ? error.message : error}) – startar webbvärden i stället.`);
    }
  }
  if (stopping) return 0;
  if (isRoot) say('Kör som root: Electron startas utan Chromiums sandlåda (--no-sandbox).');
  say('Startar Buffert i Electron. Avsluta med Ctrl-C eller stäng fönstret.');
  const { exited } = run(binary, electronArgs({ isRoot, passThrough: args.passThrough }), { stdio: 'inherit', env: electronEnv(process.env) });
  const { code, error } = await exited;
  if (args.rebuild) await nativeForNode();
  if (error) {
    say(`Electron kunde inte startas (${error.message}).`);
    return 1;
  }
  return stopping ? 0 : (code ?? 0);
}

/** Reads the host's output, passing it through, until its URL appears (null: it exited first). */
function waitForHostUrl(host) {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: host.child.stdout });
    let found = null;
    lines.on('line', (line) => {
      console.log(line);
      if (found === null) {
        found = findHostUrl(line);
        if (found !== null) resolve(found);
      }
    });
    void host.exited.then(() => resolve(found));
  });
}

async function runWeb(reason) {
  say(reason);
  const staticDirGiven = args.passThrough.includes('--static-dir');
  if (!staticDirGiven && !fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    say('Gränssnittet är inte byggt (dist/renderer/index.html saknas) – kör "npm start" utan --no-build.');
    return 1;
  }
  const host = run(process.execPath, [packageBin('tsx', 'dist/cli.mjs'), 'electron/web-host/main.ts', ...webHostArgs(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForHostUrl(host);
  if (url === null) {
    const { code } = await host.exited;
    if (stopping) return 0;
    say(`Webbvärden avslutades innan den var igång (kod ${code}).`);
    return code || 1;
  }

  const display = hasDisplay(process.env, process.platform);
  const chromium = display ? findChromium(process.env, fs.existsSync) : null;
  if (chromium === null) {
    say(display ? `Chromium hittades inte – öppna ${url} i en webbläsare. Avsluta med Ctrl-C.` : `Öppna ${url} i en webbläsare. Avsluta med Ctrl-C.`);
    const { code } = await host.exited;
    return stopping ? 0 : (code ?? 0);
  }

  say(`Öppnar ${url} i Chromium (appläge). Avsluta med Ctrl-C eller stäng fönstret.`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-chromium-'));
  try {
    const startedAt = Date.now();
    const browser = run(chromium, chromiumArgs({ url, userDataDir: profile, isRoot }), { stdio: 'ignore' });
    const first = await Promise.race([host.exited.then(() => 'host'), browser.exited.then(() => 'browser')]);
    if (first === 'host') {
      browser.child.kill('SIGTERM');
      await browser.exited;
      const { code } = await host.exited;
      return stopping ? 0 : (code ?? 0);
    }
    const { code: browserCode } = await browser.exited;
    if (!stopping && browserCode !== 0 && Date.now() - startedAt < 5000) {
      // Chromium could not start at all: keep serving, the URL is printed above.
      say(`Chromium kunde inte startas (kod ${browserCode}) – öppna ${url} i en webbläsare. Avsluta med Ctrl-C.`);
      const { code } = await host.exited;
      return stopping ? 0 : (code ?? 0);
    }
    // The user closed the app window: stop the host like closing the Electron app would.
    host.child.kill('SIGTERM');
    await host.exited;
    return 0;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  if (args.help) {
    say(MESSAGES.usage);
    return 0;
  }
  // Issue 4: the central server the workstation syncs with (scripts/central-for-start.mjs);
  // it starts while the UI is built.
  const givenCentral = Boolean(process.env.BUFFERT_CENTRAL_URL?.trim());
  const central = startCentralForStart({ run, say, root: ROOT, env: process.env });
  if (args.build) await buildRenderer();
  const centralUrl = await central;
  if (centralUrl) {
    process.env.BUFFERT_CENTRAL_URL = centralUrl;
    // The local demo region's users log in with the demo password: the login screen says which.
    if (!givenCentral) process.env.BUFFERT_DEMO_LOGIN = '1';
  }
  if (stopping) return 0;
  const display = hasDisplay(process.env, process.platform);
  let electronBinary = args.forceWeb ? null : probeElectron();
  if (shouldDownloadElectron({ electronBinary, forceWeb: args.forceWeb, display, download: args.download, env: process.env })) {
    electronBinary = await downloadElectron();
  }
  if (stopping) return 0;
  const plan = chooseLaunchMode({ forceWeb: args.forceWeb, electronBinary, display });
  return plan.mode === 'electron' ? runElectron(plan.binary) : runWeb(plan.reason);
}

main().then(
  (code) => process.exit(stopping ? 0 : code),
  (error) => {
    console.error(`npm start misslyckades: ${error instanceof Error ? error.message : error}`);
    for (const child of children) child.kill('SIGTERM');
    process.exit(stopping ? 0 : 1);
  },
);
