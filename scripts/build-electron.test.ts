import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, MAIN_EXTERNALS } from './build-electron.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let tmp: string;
let built: Awaited<ReturnType<typeof buildElectron>>;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-build-'));
  built = await buildElectron({ outDir: path.join(tmp, 'dist', 'electron'), logLevel: 'silent' });
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Loads the preload the way a sandboxed renderer does: a function wrapper and a tiny `require`. */
function runSandboxedPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const ipcRenderer = { invoke: () => Promise.resolve(null), on() {}, removeListener() {} };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  vm.runInNewContext(`(function (require, module, exports) {\n${code}\n})`, {})(sandboxRequire, module, module.exports);
  return { exposed, required };
}

describe('the Electron bundles', () => {
  it('bundle the preload as CommonJS that needs nothing but electron and exposes only invoke and on', () => {
    const code = fs.readFileSync(built.preloadFile, 'utf8');
    expect(built.preloadFile.endsWith('.cjs')).toBe(true);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const { exposed, required } = runSandboxedPreload(code);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['buffert']);
    expect(Object.keys(exposed.get('buffert') as object).sort()).toEqual(['invoke', 'on']);
  });

  it('keep the preload tiny: no zod, no contract, only the transport constants', () => {
    const inputs = Object.keys(built.metafiles.preload.inputs);
    expect(inputs.sort()).toEqual(['electron/preload/index.ts', 'shared/api/transport.ts']);
  });

  it('bundle main as ESM with electron and the native modules left outside', () => {
    const code = fs.readFileSync(built.mainFile, 'utf8');
    expect(code).toMatch(/^import .* from "electron";$/m);
    expect(code).toMatch(/^import Database from "better-sqlite3-multiple-ciphers";$/m);
    const inputs = Object.keys(built.metafiles.main.inputs);
    expect(inputs.some((file) => file.includes('node_modules/better-sqlite3-multiple-ciphers/'))).toBe(false);
    expect(inputs.some((file) => file.includes('node_modules/electron/'))).toBe(false);
    const output = Object.values(built.metafiles.main.outputs).find((o) => o.entryPoint !== undefined)!;
    const externals = output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path);
    for (const name of externals) expect(MAIN_EXTERNALS).toContain(name);
  });

  it('run: the bundled main opens the replica, loads our page, and its router answers only our main frame', () => {
    const index = path.join(tmp, 'dist', 'renderer', 'index.html');
    fs.mkdirSync(path.dirname(index), { recursive: true });
    fs.writeFileSync(index, '<!doctype html><title>Buffert</title>');
    const dataDir = path.join(tmp, 'data');
    const run = spawnSync(process.execPath, ['--import', path.join(here, 'test-support', 'register-electron-hooks.mjs'), built.mainFile], {
      env: { ...process.env, BUFFERT_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const steps = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { step: string; [key: string]: unknown });
    const names = steps.map((s) => s.step);
    expect(names).toEqual([
      'set-name',
      'sandbox',
      'privileged-schemes',
      'protocol-handle',
      'ipc-handle',
      'window',
      'load',
      'fetch-page',
      'invoke-own',
      'invoke-subframe',
      'quit',
      'ipc-remove',
    ]);
    expect(steps.find((s) => s.step === 'privileged-schemes')!.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const window = steps.find((s) => s.step === 'window')!;
    expect(window.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: path.join(tmp, 'dist', 'electron', 'preload', 'index.cjs'),
    });
    // Decision 0017: app://buffert, served from dist/renderer by the protocol handler; never file://.
    expect(steps.find((s) => s.step === 'load')!.url).toBe('app://buffert/index.html');
    expect(steps.find((s) => s.step === 'fetch-page')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', escapeStatus: 404 });
    expect(steps.find((s) => s.step === 'invoke-own')!.result).toMatchObject({ ok: true, value: { dataDir } });
    expect(steps.find((s) => s.step === 'invoke-subframe')!.result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(fs.existsSync(path.join(dataDir, 'buffert.sqlite'))).toBe(true);
  });

  it('run: a corrupt replica gives the startup-error page, naming the file', () => {
    const dataDir = path.join(tmp, 'corrupt');
    fs.mkdirSync(dataDir, { recursive: true });
    // SQLite's plain header and garbage after it: an unencrypted replica that is damaged.
    fs.writeFileSync(path.join(dataDir, 'buffert.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(8176, 0x41)]));
    const run = spawnSync(process.execPath, ['--import', path.join(here, 'test-support', 'register-electron-hooks.mjs'), built.mainFile], {
      env: { ...process.env, BUFFERT_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const load = run.stdout.split('\n').find((line) => line.includes('"step":"load"'))!;
    expect(load).toContain('Buffert kunde inte starta');
    expect(load).toContain(path.join(dataDir, 'buffert.sqlite'));
    expect(run.stdout).not.toContain('ipc-handle');
  });
});
