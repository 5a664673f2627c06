import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { newWebSecret, WEB_SECRET_ENV, WEB_SECRET_HEADER } from '../electron/web-host/auth';
import { centralPlan, findCentralUrl, startCentralForStart } from './central-for-start.mjs';
import { DEMO_PASSWORD } from '../shared/demo/generator';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-central-start-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function run(command: string, argv: string[], options: object) {
  const child = spawn(command, argv, { cwd: ROOT, ...options });
  children.push(child);
  const exited = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })));
  return { child, exited };
}

describe('npm start and the central server', () => {
  it('uses a given BUFFERT_CENTRAL_URL, can be switched off, and otherwise starts one', () => {
    expect(centralPlan({ BUFFERT_CENTRAL_URL: ' http://10.0.0.5:8787 ' })).toEqual({ mode: 'given', url: 'http://10.0.0.5:8787' });
    expect(centralPlan({ BUFFERT_CENTRAL: 'off' })).toEqual({ mode: 'off' });
    expect(centralPlan({})).toEqual({ mode: 'start' });
    expect(findCentralUrl('Buffert central: http://127.0.0.1:40279 (PGlite i /tmp/x)')).toBe('http://127.0.0.1:40279');
    expect(findCentralUrl('Registreringsnyckel: demo')).toBeNull();
  });

  it('starts the central server on PGlite with demo data, and the workstation syncs with it: online, 0 pending after a write', async () => {
    const env = { ...process.env, BUFFERT_SERVER_DATA_DIR: path.join(tmp, 'central') } as Record<string, string | undefined>;
    delete env.BUFFERT_CENTRAL_URL;
    delete env.BUFFERT_CENTRAL;
    const lines: string[] = [];
    const url = await startCentralForStart({ run, say: (l: string) => lines.push(l), root: ROOT, env });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', database: 'pglite' });
    // A second start finds the running server instead of fighting over the PGlite directory.
    expect(await startCentralForStart({ run, say: (l: string) => lines.push(l), root: ROOT, env })).toBe(url);
    expect(lines.at(-1)).toMatch(/redan körs/);

    // The workstation as npm start runs it in the web host: an empty data directory, BUFFERT_CENTRAL_URL.
    // The API is what is tested here; a stand-in page keeps the test independent of a renderer build.
    const staticDir = path.join(tmp, 'renderer');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Buffert</title>');
    const secret = newWebSecret();
    const host = run(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/web-host/main.ts', '--port', '0', '--static-dir', staticDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // The secret the host's API wants (decision 0017): this test is its parent and calls the API itself.
      env: { ...process.env, BUFFERT_CENTRAL_URL: url, BUFFERT_DATA_DIR: path.join(tmp, 'workstation'), [WEB_SECRET_ENV]: secret },
    });
    const hostUrl = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: host.child.stdout! }).on('line', (line) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) resolve(m[1]!);
      });
      void host.exited.then(({ code }) => reject(new Error(`web host exited (${code})`)));
    });
    const api = async (name: string, body: unknown = {}) => {
      const res = await fetch(`${hostUrl}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEB_SECRET_HEADER]: secret },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { message: string } };
    };
    const status = async () => (await api('sync.status')).value as { state: string; online: boolean; pendingChanges: number; bootstrapped: boolean };
    const until = async (what: string, done: (s: Awaited<ReturnType<typeof status>>) => boolean) => {
      for (let i = 0; i < 600; i++) {
        const s = await status();
        if (done(s)) return s;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out: ${what} (${JSON.stringify(await status())})`);
    };
    await until('the first sync', (s) => s.bootstrapped && s.online);
    // Online: central checks the demo password (the replica was filled by the first sync, no offline login yet).
    expect(await api('session.loginOnline', { userId: 'U1', secret: DEMO_PASSWORD })).toMatchObject({ ok: true });
    // An accessory: its balance is adjusted directly (tracked articles follow their individuals).
    const balances = (await api('stock.balances', { articleType: 'accessory', limit: 1 })).value as { rows: { articleId: string }[] };
    const articleId = balances.rows[0]!.articleId;
    expect(await api('stock.adjust', { articleId, quantity: 1, reason: 'Demo' })).toMatchObject({ ok: true });
    expect((await api('app.status')).value).toMatchObject({ centralUrl: url });
    const synced = await until('the write to reach the central server', (s) => s.pendingChanges === 0 && s.state === 'idle');
    expect(synced).toMatchObject({ online: true, pendingChanges: 0 });
    expect((await api('app.status')).value).toMatchObject({ online: true, pendingChanges: 0, lastSyncAt: expect.any(String) });
  }, 120_000);
});
