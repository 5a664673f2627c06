#!/usr/bin/env node
/**
 * `npm run build:central`: the central server as a package of its own, in plain JavaScript, for
 * deployment without the repository (docs/deploy-central.md, decision 0007):
 *
 *   dist/central/main.js            the server (server/main.ts), ESM, shared/ code inlined
 *   dist/central/cli.js             the admin CLI (server/cli.ts)
 *   dist/central/package.json       server/package.json's runtime dependencies + `start`
 *   dist/central/package-lock.json  the part of the root package-lock.json those dependencies
 *                                   reach: `npm ci --omit=dev` installs exactly the versions
 *                                   the test suite ran against
 *   dist/central/README.md          how to install and start it
 *   dist/central/fonts/             the document fonts, once the server uses electron/backend/documents
 *
 * Every package is left external (installed next to the bundle, never inlined): PGlite loads its
 * WASM from its own folder, and external packages stay visible to `npm audit` on the host.
 *
 * Usage: node scripts/build-central.mjs [--out <dir>]
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files a built package consists of (before `npm ci`). */
export const CENTRAL_FILES = ['README.md', 'cli.js', 'cli.js.map', 'main.js', 'main.js.map', 'package-lock.json', 'package.json'];

/** Thrown for a problem a person must fix in the repository (message in Swedish, no stack needed). */
export class CentralBuildError extends Error {}

/**
 * The runtime dependencies (server/package.json) checked against the root lock: each must be
 * pinned to exactly the version the root package-lock.json resolves, so the deployed server runs
 * what the tests ran.
 * @param {{ dependencies?: Record<string, string> }} manifest
 * @param {{ packages: Record<string, { version?: string }> }} rootLock
 * @returns {string[]} one Swedish line per mismatch
 */
export function pinProblems(manifest, rootLock) {
  const problems = [];
  for (const [name, wanted] of Object.entries(manifest.dependencies ?? {})) {
    const locked = rootLock.packages[`node_modules/${name}`]?.version;
    if (locked === undefined) problems.push(`${name} finns inte i package-lock.json (lägg till det i rotens package.json).`);
    else if (wanted !== locked) problems.push(`${name}: server/package.json har "${wanted}", package-lock.json har ${locked}.`);
  }
  return problems;
}

/**
 * The lockfile of the deployed package: the entries of the root lock (lockfileVersion 3) that
 * `dependencies` reach, at the same paths, so Node resolves every import to the same copy as in
 * the repository. Dev/optional/peer flags are recomputed for the smaller tree: the root lock marks
 * fastify etc. `dev`, which is false here (npm recalculates flags when it installs, but `npm ls`,
 * audits and a person reading the file take them as written).
 * @param {{ lockfileVersion: number, packages: Record<string, any> }} rootLock
 * @param {{ name: string, version: string, dependencies: Record<string, string> }} manifest
 */
export function centralLockfile(rootLock, manifest) {
  if (rootLock.lockfileVersion !== 3) throw new CentralBuildError(`package-lock.json har lockfileVersion ${rootLock.lockfileVersion}; bygget kräver 3.`);
  const all = rootLock.packages;

  /** Node's lookup: <from>/node_modules/<name>, then each enclosing node_modules up to the root. */
  const resolve = (from, name) => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (all[candidate]) return candidate;
      if (!base) return null;
      base = base.slice(0, base.lastIndexOf('node_modules/')).replace(/\/$/, '');
    }
  };

  /** Edges of an entry: [name, optional, peer]. Optional peers are not followed (npm does not install them). */
  const edges = (entry) => [
    ...Object.keys(entry.dependencies ?? {}).map((name) => [name, false, false]),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => [name, true, false]),
    ...Object.keys(entry.peerDependencies ?? {})
      .filter((name) => !entry.peerDependenciesMeta?.[name]?.optional)
      .map((name) => [name, false, true]),
  ];

  /** Everything reachable from the root's dependencies, following only edges that `allow` accepts. */
  const reach = (allow) => {
    const seen = new Set();
    const queue = [['', Object.keys(manifest.dependencies).map((name) => [name, false, false])]];
    while (queue.length > 0) {
      const [from, out] = queue.shift();
      for (const [name, optional, peer] of out) {
        if (!allow(optional, peer)) continue;
        const at = resolve(from, name);
        if (at === null) {
          if (optional) continue; // e.g. a platform-specific optional dependency npm left out
          throw new CentralBuildError(`package-lock.json saknar ${name} (behövs av ${from || 'server/package.json'}). Kör npm install.`);
        }
        if (seen.has(at)) continue;
        seen.add(at);
        queue.push([at, edges(all[at])]);
      }
    }
    return seen;
  };

  const reached = reach(() => true);
  const required = reach((optional) => !optional);
  const unpeered = reach((_optional, peer) => !peer);

  const packages = { '': { name: manifest.name, version: manifest.version, dependencies: { ...manifest.dependencies } } };
  for (const at of [...reached].sort()) {
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = all[at];
    if (entry.link) throw new CentralBuildError(`${at} är en länk i package-lock.json; centralen kan bara bero på paket från registret.`);
    packages[at] = { ...entry, ...(required.has(at) ? {} : { optional: true }), ...(unpeered.has(at) ? {} : { peer: true }) };
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages };
}

/**
 * The documents module (electron/backend/documents, decision 0013) looks for its fonts in `fonts/`
 * beside the bundle: when the server's bundle contains it, the fonts and their licence are copied
 * there from resources/fonts. Answers the files copied (relative to outDir).
 * @param {string} root @param {string} outDir @param {string[]} inputs the bundle's source files, relative to root
 * @returns {string[]}
 */
export function copyDocumentFonts(root, outDir, inputs) {
  if (!inputs.some((file) => file.startsWith('electron/backend/documents/'))) return [];
  const from = path.join(root, 'resources', 'fonts');
  fs.mkdirSync(path.join(outDir, 'fonts'), { recursive: true });
  return fs
    .readdirSync(from)
    .sort()
    .map((name) => {
      fs.copyFileSync(path.join(from, name), path.join(outDir, 'fonts', name));
      return `fonts/${name}`;
    });
}

/** The deployed package.json: the committed manifest plus version, start script and engines. */
function centralManifest(serverManifest, rootManifest) {
  return {
    name: serverManifest.name,
    version: rootManifest.version,
    private: true,
    description: 'Buffert central server (built by npm run build:central; see README.md)',
    type: 'module',
    engines: rootManifest.engines,
    scripts: { start: 'node --enable-source-maps main.js', cli: 'node --enable-source-maps cli.js' },
    dependencies: serverManifest.dependencies,
  };
}

const README = (version) => `# Buffert central ${version}

The central server of Buffert, built by \`npm run build:central\` from the repository.
Plain JavaScript; Node.js 20.19 or newer. No build tools are needed here.

    npm ci --omit=dev --ignore-scripts   # installs exactly the versions in package-lock.json
    DATABASE_URL=postgres://buffert@db.internal:5432/buffert HOST=10.0.0.5 npm start
    node cli.js help                     # the admin CLI, same DATABASE_URL

Configuration, PostgreSQL, TLS, load balancing, health checks, backups and a systemd unit:
docs/deploy-central.md in the repository.
`;

/**
 * @param {{ root?: string, outDir?: string, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outDir: string, externals: string[], inputs: string[] }>}
 */
export async function buildCentral(options = {}) {
  const root = options.root ?? ROOT;
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist', 'central'));
  const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  const serverManifest = readJson('server/package.json');
  const rootManifest = readJson('package.json');
  const rootLock = readJson('package-lock.json');

  const problems = pinProblems(serverManifest, rootLock);
  if (problems.length > 0) throw new CentralBuildError(`Centralens beroenden följer inte package-lock.json:\n  ${problems.join('\n  ')}`);

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: path.join(root, 'server', 'main.ts'), cli: path.join(root, 'server', 'cli.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // Every bare import stays an import: installed by npm next to the bundle.
    packages: 'external',
    sourcemap: true,
    metafile: true,
    legalComments: 'none',
    logLevel: options.logLevel ?? 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
  });

  const declared = Object.keys(serverManifest.dependencies ?? {});
  /** `@scope/name/sub` and `name/sub` → the package name. */
  const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  const externals = [
    ...new Set(
      Object.values(result.metafile.outputs)
        .flatMap((output) => output.imports)
        .filter((i) => i.external && !isBuiltin(i.path))
        .map((i) => packageOf(i.path)),
    ),
  ].sort();
  const undeclared = externals.filter((name) => !declared.includes(name));
  const unused = declared.filter((name) => !externals.includes(name));
  if (undeclared.length > 0 || unused.length > 0) {
    throw new CentralBuildError(
      [
        undeclared.length > 0 ? `Centralen importerar ${undeclared.join(', ')} som saknas i server/package.json (lägg till med versionen från package-lock.json).` : '',
        unused.length > 0 ? `server/package.json listar ${unused.join(', ')} som centralen inte importerar (ta bort).` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }

  const manifest = centralManifest(serverManifest, rootManifest);
  const write = (file, text) => fs.writeFileSync(path.join(outDir, file), text);
  write('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  write('package-lock.json', `${JSON.stringify(centralLockfile(rootLock, manifest), null, 2)}\n`);
  write('README.md', README(manifest.version));
  const inputs = Object.keys(result.metafile.inputs).sort();
  copyDocumentFonts(root, outDir, inputs);
  return { outDir, externals, inputs };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const started = Date.now();
  const outFlag = process.argv.indexOf('--out');
  try {
    const { outDir, externals } = await buildCentral(outFlag > 0 && process.argv[outFlag + 1] ? { outDir: process.argv[outFlag + 1] } : {});
    console.log(`Centralen byggd på ${Date.now() - started} ms i ${path.relative(process.cwd(), outDir) || '.'} (beroenden: ${externals.join(', ')}).`);
    console.log(`Installera och starta där: npm ci --omit=dev --ignore-scripts && npm start (se docs/deploy-central.md).`);
  } catch (error) {
    // esbuild has already printed its errors with file and line; ours are one readable block.
    console.error(
      error instanceof CentralBuildError
        ? error.message
        : `Bygget av centralen misslyckades: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    process.exit(1);
  }
}
