import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from './launch-plan.mjs';

/**
 * `npm start` end to end, without building: the web host really runs (real backend, real HTTP);
 * Chromium and Electron are small stand-in scripts that record how they were started.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = process.getuid?.() === 0;

let tmp: string;
let running: ChildProcess | null = null;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-start-'));
  fs.mkdirSync(path.join(tmp, 'static'));
  fs.writeFileSync(path.join(tmp, 'static', 'index.html'), '<!doctype html><title>Buffert</title>');
});
afterEach(() => {
  if (running?.pid !== undefined && running.exitCode === null) {
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running = null;
  fs.rmSync(tmp, { recursive: true, force: true });
});

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // The launch tests run without the central server; scripts/central-for-start.test.ts covers it.
  const env: NodeJS.ProcessEnv = { ...process.env, BUFFERT_DATA_DIR: path.join(tmp, 'data'), BUFFERT_CENTRAL: 'off', ...extra };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'ELECTRON_OVERRIDE_DIST_PATH', 'BUFFERT_CHROMIUM', 'HTTPS_PROXY', 'https_proxy', 'ELECTRON_MIRROR']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

/** Starts `node scripts/start.mjs` as its own process group, like a shell job. */
function start(argv: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['scripts/start.mjs', ...argv], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let output = '';
  const waiters: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) return resolve(match);
        if (child.exitCode !== null) return reject(new Error(`start.mjs exited (${child.exitCode}) before ${pattern}:\n${output}`));
        waiters.push(check);
      };
      void exit.then(() => check());
      check();
    });
  return { child, output: () => output, waitFor, exit };
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
function pressCtrlC(child: ChildProcess): void {
  process.kill(-child.pid!, 'SIGINT');
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function script(name: string, body: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `#!${process.execPath}\n${body}`, { mode: 0o755 });
  return file;
}

describe('npm start without an Electron binary', () => {
  it('says so in one line, starts the web host, prints its URL, and Ctrl-C stops everything with 0', async () => {
    const started = start(['--no-build', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv());
    const [, url, launch] = await started.waitFor(/Öppna (http:\/\/127\.0\.0\.1:\d+)(\/\?launch=[\w-]+) i en webbläsare/);
    expect(started.output().split('\n').filter((line) => line === MESSAGES.electronMissing)).toHaveLength(1);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true });
    // Decision 0017: the API wants this launch's secret; the printed link gives it (as a cookie) once.
    const call = (headers: Record<string, string> = {}) =>
      fetch(`${url}/api/app.status`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await call()).status).toBe(401);
    const opened = await fetch(`${url}${launch}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${url}${launch}`, { redirect: 'manual' })).status).toBe(401);
    const status = await call({ cookie });
    expect(await status.json()).toMatchObject({ ok: true, value: { dataDir: path.join(tmp, 'data') } });

    pressCtrlC(started.child);
    expect(await started.exit).toBe(0);
    await waitUntil(() => !groupAlive(started.child.pid!));
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('tries to fetch the binary only when the network is there, else still says it in one line', async () => {
    // A port that was just free: the download probe is refused at once, like on a machine without network.
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const chromium = script('chromium', `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`);
    const started = start(
      ['--no-build', '--port', '0', '--static-dir', path.join(tmp, 'static')],
      baseEnv({ DISPLAY: ':99', BUFFERT_CHROMIUM: chromium, HTTPS_PROXY: `http://127.0.0.1:${closedPort}` }),
    );
    await started.waitFor(/i Chromium/);
    const lines = started.output().split('\n');
    expect(lines.filter((line) => line === MESSAGES.electronMissing)).toHaveLength(1);
    expect(started.output()).not.toContain('hämtar');
    pressCtrlC(started.child);
    expect(await started.exit).toBe(0);
  });

  it('stops its children on SIGTERM too (a supervisor, not a terminal)', async () => {
    const started = start(['--no-build', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv());
    await started.waitFor(/Öppna http:\/\/127\.0\.0\.1:\d+/);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    await waitUntil(() => !groupAlive(started.child.pid!));
  });

  it('opens the URL in Chromium app mode when there is a display', async () => {
    const argsFile = path.join(tmp, 'chromium-args.json');
    const chromium = script(
      'chromium',
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify({ argv: process.argv.slice(2), pid: process.pid }));
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);`,
    );
    const started = start(['--no-build', '--no-download', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv({ DISPLAY: ':99', BUFFERT_CHROMIUM: chromium }));
    const [, url] = await started.waitFor(/Öppnar (http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]+) i Chromium/);
    await waitUntil(() => fs.existsSync(argsFile));
    const { argv } = JSON.parse(fs.readFileSync(argsFile, 'utf8')) as { argv: string[] };
    expect(argv).toContain(`--app=${url}`);
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) expect(argv).toContain(flag);
    expect(argv.includes('--no-sandbox')).toBe(isRoot);
    const profile = argv.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    expect(fs.existsSync(profile)).toBe(true);

    pressCtrlC(started.child);
    expect(await started.exit).toBe(0);
    await waitUntil(() => !groupAlive(started.child.pid!));
    expect(fs.existsSync(profile)).toBe(false);
  });

  it('closing the Chromium window stops the web host, like closing the app', async () => {
    const argsFile = path.join(tmp, 'chromium-args.json');
    const chromium = script(
      'chromium',
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify({ pid: process.pid }));
setTimeout(() => process.exit(0), 300);`,
    );
    const started = start(['--no-build', '--no-download', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv({ DISPLAY: ':99', BUFFERT_CHROMIUM: chromium }));
    await started.waitFor(/i Chromium/);
    expect(await started.exit).toBe(0);
    await waitUntil(() => !groupAlive(started.child.pid!));
  });

  it('keeps serving and prints the URL when Chromium cannot start at all', async () => {
    const chromium = script('chromium', 'process.exit(1);');
    const started = start(['--no-build', '--no-download', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv({ DISPLAY: ':99', BUFFERT_CHROMIUM: chromium }));
    const [, url] = await started.waitFor(/Chromium kunde inte startas \(kod 1\) – öppna (http:\/\/127\.0\.0\.1:\d+)\/\?launch=[\w-]+ i en webbläsare/);
    expect((await fetch(`${url}/health`)).ok).toBe(true);
    pressCtrlC(started.child);
    expect(await started.exit).toBe(0);
  });
});

describe('npm start with an Electron binary', () => {
  it('launches Electron on the app directory, never as plain Node, and returns its exit code', async () => {
    const record = path.join(tmp, 'electron-run.json');
    const electronDir = path.join(tmp, 'electron-dist');
    fs.mkdirSync(electronDir);
    fs.renameSync(
      script(
        'electron',
        `require('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));
process.exit(3);`,
      ),
      path.join(electronDir, 'electron'),
    );
    const started = start(['--no-build', '--no-rebuild'], baseEnv({ DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: electronDir, ELECTRON_RUN_AS_NODE: '1' }));
    expect(await started.exit).toBe(3);
    expect(started.output()).not.toContain(MESSAGES.electronMissing);
    expect(started.output()).toContain('Startar Buffert i Electron');
    const run = JSON.parse(fs.readFileSync(record, 'utf8')) as { argv: string[]; cwd: string; runAsNode: string | null };
    expect(run.argv).toEqual(isRoot ? ['.', '--no-sandbox'] : ['.']);
    expect(run.cwd).toBe(ROOT);
    expect(run.runAsNode).toBeNull();
  });

  it('uses the web host instead when there is no display for its window', async () => {
    const electronDir = path.join(tmp, 'electron-dist');
    fs.mkdirSync(electronDir);
    fs.renameSync(script('electron', 'process.exit(9);'), path.join(electronDir, 'electron'));
    const started = start(['--no-build', '--port', '0', '--static-dir', path.join(tmp, 'static')], baseEnv({ ELECTRON_OVERRIDE_DIST_PATH: electronDir }));
    await started.waitFor(/Öppna http:\/\/127\.0\.0\.1:\d+/);
    expect(started.output()).toContain(MESSAGES.noDisplay);
    pressCtrlC(started.child);
    expect(await started.exit).toBe(0);
  });
});
