import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCentral, CENTRAL_FILES, CentralBuildError, centralLockfile, copyDocumentFonts, pinProblems, type Lockfile } from './build-central.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = <T,>(file: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
const rootLock = readJson<Lockfile>('package-lock.json');
const rootManifest = readJson<{ version: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; optionalDependencies?: Record<string, string> }>('package.json');
const serverManifest = readJson<{ name: string; type: string; dependencies: Record<string, string> }>('server/package.json');

describe('server/package.json: the central server runtime dependencies', () => {
  it('pins each to exactly the version package-lock.json resolves (fails when they drift)', () => {
    expect(Object.keys(serverManifest.dependencies).length).toBeGreaterThan(0);
    expect(pinProblems(serverManifest, rootLock)).toEqual([]);
    for (const [name, version] of Object.entries(serverManifest.dependencies)) {
      expect(rootLock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });

  it('the drift check names the package and both versions', () => {
    const fastify = rootLock.packages['node_modules/fastify']!.version!;
    expect(pinProblems({ dependencies: { fastify: '0.0.1', 'not-a-package-here': '1.0.0' } }, rootLock)).toEqual([
      `fastify: server/package.json har "0.0.1", package-lock.json har ${fastify}.`,
      'not-a-package-here finns inte i package-lock.json (lägg till det i rotens package.json).',
    ]);
  });

  it('declares each in the root package.json as a devDependency: the workstation installer keeps only the native modules, the updater and the Windows printing', () => {
    for (const name of Object.keys(serverManifest.dependencies)) expect(rootManifest.devDependencies[name], name).toBeDefined();
    // electron-updater stays outside the bundle: it reads its own app-update.yml beside the app (decision 0033).
    // pdf-to-printer too: it runs the SumatraPDF beside its bundle (Windows printing, decision 0039).
    expect(Object.keys(rootManifest.dependencies).sort()).toEqual(['better-sqlite3-multiple-ciphers', 'electron-updater', 'node-hid', 'pdf-to-printer']);
    // The card lock's PC/SC module: optional, so npm install works where it cannot build.
    expect(Object.keys(rootManifest.optionalDependencies ?? {})).toEqual(['@pokusew/pcsclite']);
  });

  it('is ESM like the root, so tsx and vitest run server/*.ts the same with it present', () => {
    expect(serverManifest.type).toBe('module');
  });
});

describe('centralLockfile', () => {
  // A hoisted tree with a nested copy, an optional and a peer edge, and unrelated dev packages.
  const lock: Lockfile = {
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'root', dependencies: { native: '1' }, devDependencies: { a: '1', tool: '1' } },
      'node_modules/a': { version: '1.0.0', dev: true, dependencies: { b: '^2', '@s/c': '1' }, optionalDependencies: { opt: '1' }, peerDependencies: { p: '1', q: '1' }, peerDependenciesMeta: { q: { optional: true } } },
      'node_modules/a/node_modules/b': { version: '2.0.0', dev: true, dependencies: { d: '1' } },
      'node_modules/b': { version: '1.0.0', dev: true },
      'node_modules/@s/c': { version: '1.0.0', dev: true, dependencies: { b: '^1' } },
      'node_modules/d': { version: '1.0.0', dev: true },
      'node_modules/opt': { version: '1.0.0', devOptional: true },
      'node_modules/p': { version: '1.0.0', dev: true, peer: true },
      'node_modules/q': { version: '1.0.0', dev: true },
      'node_modules/tool': { version: '1.0.0', dev: true },
      'node_modules/native': { version: '1.0.0', hasInstallScript: true },
    },
  };

  it('keeps what the dependencies reach, at the same paths, with the flags of the smaller tree', () => {
    const out = centralLockfile(lock, { name: 'central', version: '9.9.9', dependencies: { a: '1.0.0' } });
    expect(out.packages['']).toEqual({ name: 'central', version: '9.9.9', dependencies: { a: '1.0.0' } });
    expect(Object.keys(out.packages).sort()).toEqual(
      ['', 'node_modules/@s/c', 'node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/b', 'node_modules/d', 'node_modules/opt', 'node_modules/p'].sort(),
    );
    // a's own b is the nested 2.0.0; @s/c's b is the hoisted 1.0.0; d is found from the nested b.
    expect(out.packages['node_modules/a/node_modules/b']!.version).toBe('2.0.0');
    expect(out.packages['node_modules/b']!.version).toBe('1.0.0');
    expect(out.packages['node_modules/a']!.dev).toBeUndefined();
    expect(out.packages['node_modules/opt']).toEqual({ version: '1.0.0', optional: true });
    expect(out.packages['node_modules/p']).toEqual({ version: '1.0.0', peer: true });
    expect(out.packages['node_modules/d']).toEqual({ version: '1.0.0' });
  });

  it('refuses a dependency the lock does not have', () => {
    expect(() => centralLockfile(lock, { name: 'central', version: '1', dependencies: { missing: '1' } })).toThrow(CentralBuildError);
  });

  it('on the real lock: every edge resolves inside the subset, nothing is flagged dev, and no build tool is in it', () => {
    const out = centralLockfile(rootLock, { name: 'buffert-central', version: rootManifest.version, dependencies: serverManifest.dependencies });
    const paths = new Set(Object.keys(out.packages));
    for (const [at, entry] of Object.entries(out.packages)) {
      if (at === '') continue;
      expect(entry.dev, at).toBeUndefined();
      expect(entry.devOptional, at).toBeUndefined();
      expect(entry.hasInstallScript, `${at} runs an install script; docs/deploy-central.md says --ignore-scripts`).toBeUndefined();
      for (const name of Object.keys(entry.dependencies ?? {})) {
        let base = at;
        let found = false;
        for (;;) {
          if (paths.has(`${base}/node_modules/${name}`) || paths.has(`node_modules/${name}`)) {
            found = true;
            break;
          }
          const i = base.lastIndexOf('/node_modules/');
          if (i < 0) break;
          base = base.slice(0, i);
        }
        expect(found, `${at} → ${name}`).toBe(true);
      }
    }
    for (const tool of ['tsx', 'typescript', 'vitest', 'esbuild', 'electron', 'react', 'better-sqlite3']) expect(paths.has(`node_modules/${tool}`), tool).toBe(false);
  });
});

describe('buildCentral', () => {
  let tmp: string;
  let built: Awaited<ReturnType<typeof buildCentral>>;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-central-build-'));
    built = await buildCentral({ outDir: path.join(tmp, 'central'), logLevel: 'silent' });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly the package files, a package.json with start and the runtime dependencies only', () => {
    expect(fs.readdirSync(built.outDir).sort()).toEqual([...CENTRAL_FILES].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(built.outDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'buffert-central', version: rootManifest.version, type: 'module', engines: { node: '>=20.19' }, dependencies: serverManifest.dependencies });
    expect((manifest.scripts as Record<string, string>).start).toBe('node --enable-source-maps main.js');
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('leaves exactly the declared packages external and inlines shared/ and server/ code only', () => {
    expect(built.externals).toEqual(Object.keys(serverManifest.dependencies).sort());
    expect(built.inputs.some((file) => file.startsWith('shared/'))).toBe(true);
    for (const file of built.inputs) {
      // The one module of the backend the server may use (decision 0013).
      expect(file, 'only our TypeScript is bundled').toMatch(/^(shared|server|electron\/backend\/documents)\/.+\.ts$/);
      expect(file, 'test support and benchmarks stay out of the product').not.toMatch(/\.test\.ts$|^server\/testing\/|bench/);
    }
  });

  it('output is plain JavaScript that imports no TypeScript tooling', () => {
    const main = fs.readFileSync(path.join(built.outDir, 'main.js'), 'utf8');
    expect(main).not.toMatch(/from ["'](tsx|typescript|esbuild)["']/);
    expect(main).toMatch(/^import .* from "fastify";$/m);
  });
});

describe('copyDocumentFonts', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-central-fonts-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('copies the fonts beside the bundle once the server bundles the documents module, and only then', () => {
    expect(copyDocumentFonts(ROOT, path.join(tmp, 'without'), ['server/main.ts', 'shared/result.ts'])).toEqual([]);
    expect(fs.existsSync(path.join(tmp, 'without', 'fonts'))).toBe(false);
    const copied = copyDocumentFonts(ROOT, path.join(tmp, 'with'), ['server/main.ts', 'electron/backend/documents/index.ts']);
    expect(copied).toEqual(fs.readdirSync(path.join(ROOT, 'resources', 'fonts')).sort().map((f) => `fonts/${f}`));
    for (const file of copied) expect(fs.readFileSync(path.join(tmp, 'with', file)).equals(fs.readFileSync(path.join(ROOT, 'resources', file))), file).toBe(true);
  });
});
