import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureNativeBuild, nativeKey } from './native-abi.mjs';

const NODE = nativeKey({ runtime: 'node', version: '115', platform: 'linux', arch: 'x64' });
const ELECTRON = nativeKey({ runtime: 'electron', version: '41.7.1', platform: 'linux', arch: 'x64' });

let dir: string;
let binary: string;
let cacheDir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-abi-'));
  binary = path.join(dir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  cacheDir = path.join(dir, '.cache', 'buffert-native');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.writeFileSync(binary, 'built for node');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const contents = () => fs.readFileSync(binary, 'utf8');

/** A "rebuild" that writes what a real one would: the build for the wanted runtime. */
const rebuildTo = (text: string) =>
  vi.fn(async () => {
    fs.writeFileSync(binary, text);
  });

describe('better-sqlite3 for two runtimes', () => {
  it('keys builds by runtime, version, platform and architecture', () => {
    expect(NODE).toBe('node-115-linux-x64');
    expect(ELECTRON).toBe('electron-41.7.1-linux-x64');
  });

  it('rebuilds for Electron once, keeping the Node build for the tests', async () => {
    const rebuild = rebuildTo('built for electron');
    const probe = vi.fn(async () => NODE);
    expect(await ensureNativeBuild({ binary, cacheDir, want: ELECTRON, probe, rebuild })).toBe('rebuilt');
    expect(contents()).toBe('built for electron');
    expect(rebuild).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(path.join(cacheDir, NODE, 'better_sqlite3.node'), 'utf8')).toBe('built for node');
  });

  it('goes back to the Node build after Electron by copying, not rebuilding', async () => {
    const probe = vi.fn(async () => NODE);
    await ensureNativeBuild({ binary, cacheDir, want: ELECTRON, probe, rebuild: rebuildTo('built for electron') });
    const rebuild = rebuildTo('should not happen');
    expect(await ensureNativeBuild({ binary, cacheDir, want: NODE, probe, rebuild })).toBe('from-cache');
    expect(contents()).toBe('built for node');
    expect(rebuild).not.toHaveBeenCalled();
    expect(await ensureNativeBuild({ binary, cacheDir, want: ELECTRON, probe, rebuild })).toBe('from-cache');
    expect(contents()).toBe('built for electron');
    expect(rebuild).not.toHaveBeenCalled();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the wanted build is already installed', async () => {
    const rebuild = rebuildTo('x');
    expect(await ensureNativeBuild({ binary, cacheDir, want: NODE, probe: async () => NODE, rebuild })).toBe('installed');
    expect(contents()).toBe('built for node');
    expect(rebuild).not.toHaveBeenCalled();
  });

  it('asks again what is installed when the file changed behind its back (npm rebuild)', async () => {
    await ensureNativeBuild({ binary, cacheDir, want: ELECTRON, probe: async () => NODE, rebuild: rebuildTo('built for electron') });
    fs.writeFileSync(binary, 'rebuilt for node by hand');
    const probe = vi.fn(async () => NODE);
    expect(await ensureNativeBuild({ binary, cacheDir, want: NODE, probe, rebuild: rebuildTo('x') })).toBe('installed');
    expect(probe).toHaveBeenCalledTimes(1);
    expect(contents()).toBe('rebuilt for node by hand');
  });

  it('leaves the Node build in the cache even when the rebuild fails', async () => {
    const failing = vi.fn(async () => {
      throw new Error('no compiler');
    });
    await expect(ensureNativeBuild({ binary, cacheDir, want: ELECTRON, probe: async () => NODE, rebuild: failing })).rejects.toThrow('no compiler');
    fs.writeFileSync(binary, 'half-built garbage');
    expect(await ensureNativeBuild({ binary, cacheDir, want: NODE, probe: async () => null, rebuild: rebuildTo('x') })).toBe('from-cache');
    expect(contents()).toBe('built for node');
  });
});
