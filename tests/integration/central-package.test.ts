import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCentral, CENTRAL_FILES, type Lockfile } from '../../scripts/build-central.mjs';
import { DEMO_OWN_STORE_ID } from '../../shared/demo/generator';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { migrations } from '../../server/db/migrations';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The environment of a deployed process: no npm lifecycle variables from `npm test` (they name
 * the repository), no NODE_PATH or NODE_OPTIONS that could reach the repository's node_modules.
 * npm's cache, registry and proxy settings stay, so CI's cache from `npm ci` serves the install.
 */
function deployEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_PATH' || key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key === 'DATABASE_URL' || key.startsWith('BUFFERT_')) continue;
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig|globalconfig|cafile|strict_ssl|.*proxy)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

interface Node {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

/** `node main.js` in the deployed folder; resolves once it prints its URL, rejects if it exits first. */
function startNode(dir: string, env: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, ['main.js'], { cwd: dir, env: deployEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const url = /Buffert central: (http:\/\/[^\s)]+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => out, exited });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`main.js exited with ${code} before it listened:\n${out}`));
    });
  });
}

/** `node main.js` expected to refuse to start: its exit status and everything it printed. */
async function failedStart(dir: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    await run(process.execPath, ['main.js'], { cwd: dir, env: deployEnv(env), timeout: 30_000 });
    return { code: 0, output: '' };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The SQL block the deployment guide tells operators to run after a restore. */
function restoreSqlFromGuide(): string {
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'deploy-central.md'), 'utf8');
  const sql = /<!-- restore-new-epoch[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(guide)?.[1]?.trim();
  if (!sql) throw new Error('docs/deploy-central.md: the restore-new-epoch SQL block is missing');
  return sql;
}

describe('the built central server, installed alone', () => {
  let tmp: string;
  let deploy: string;
  let postgres: TempPostgres;
  let install: { ms: number; stdout: string };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-central-package-'));
    const [pgCluster] = await Promise.all([
      startTempPostgres(),
      (async () => {
        const { outDir } = await buildCentral({ outDir: path.join(tmp, 'build'), logLevel: 'silent' });
        // Deploy = copy the built files into an empty folder, then install production dependencies there.
        deploy = path.join(tmp, 'deploy');
        fs.mkdirSync(deploy);
        for (const file of fs.readdirSync(outDir)) fs.copyFileSync(path.join(outDir, file), path.join(deploy, file));
        const started = Date.now();
        const { stdout } = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
          cwd: deploy,
          env: deployEnv(),
          timeout: 240_000,
        });
        install = { ms: Date.now() - started, stdout };
      })(),
    ]);
    postgres = pgCluster;
  }, 300_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await postgres?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the folder holds the built files and the production dependencies of its lock, nothing from the repository', () => {
    expect(fs.readdirSync(deploy).sort()).toEqual([...CENTRAL_FILES, 'node_modules'].sort());
    const lock = JSON.parse(fs.readFileSync(path.join(deploy, 'package-lock.json'), 'utf8')) as Lockfile;
    const installed = JSON.parse(fs.readFileSync(path.join(deploy, 'node_modules', '.package-lock.json'), 'utf8')) as Lockfile;
    // Every locked package is installed at its locked version (pg-cloudflare is optional: either way).
    for (const [at, entry] of Object.entries(lock.packages)) {
      if (at === '') continue;
      if (entry.optional) continue;
      expect(installed.packages[at]?.version, at).toBe(entry.version);
    }
    for (const at of Object.keys(installed.packages)) expect(lock.packages[at], `${at} installed but not locked`).toBeDefined();

    // No devDependency of the repository that the server does not need, and no TypeScript tooling reachable.
    const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const devOnly = Object.keys(rootManifest.devDependencies).filter((name) => lock.packages[`node_modules/${name}`] === undefined);
    expect(devOnly).toEqual(expect.arrayContaining(['tsx', 'typescript', 'vitest', 'esbuild', 'electron']));
    for (const name of devOnly) expect(fs.existsSync(path.join(deploy, 'node_modules', name)), name).toBe(false);
    const requireThere = createRequire(path.join(deploy, 'main.js'));
    for (const name of ['tsx', 'typescript', 'vitest', 'better-sqlite3-multiple-ciphers']) expect(() => requireThere.resolve(name), name).toThrow();
    expect(requireThere.resolve('fastify')).toBe(path.join(deploy, 'node_modules', 'fastify', 'fastify.js'));
    console.log(`central package: npm ci --omit=dev in ${install.ms} ms`);
  });

  it('two nodes started at once on an empty PostgreSQL migrate it once and both answer /health with database pg; SIGTERM stops them cleanly', async () => {
    const databaseUrl = await postgres.createDatabase('central_package');
    const env = { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', BUFFERT_ENROLMENT_KEY: 'central-package-test-enrolment-key', BUFFERT_DB_POOL_SIZE: '4' };
    const nodes = await Promise.all([startNode(deploy, env), startNode(deploy, env)]);
    expect(nodes[0]!.url).not.toBe(nodes[1]!.url);

    for (const node of nodes) {
      const response = await fetch(`${node.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', database: 'pg' });
      expect(node.output()).not.toContain('Registreringsnyckel: demo');
    }

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const versions = (await client.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version')).rows.map((r) => r.version);
      expect(versions).toEqual(migrations.map((m) => m.version));
      const meta = (await client.query<{ key: string }>("SELECT key FROM server_meta WHERE key IN ('epoch', 'seeded') ORDER BY key")).rows.map((r) => r.key);
      expect(meta).toEqual(['epoch', 'seeded']);
      const apps = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'buffert-central'")).rows[0]!.n;
      expect(apps).toBeGreaterThan(0);
    } finally {
      await client.end();
    }

    for (const node of nodes) node.child.kill('SIGTERM');
    for (const node of nodes) {
      expect(await node.exited).toEqual({ code: 0, signal: null });
      expect(node.output()).toContain('Buffert central: stoppad (SIGTERM).');
      expect(node.output()).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it("the guide's restore step (a new epoch) sends a workstation holding an old cursor to a full resync", async () => {
    const databaseUrl = await postgres.createDatabase('central_restore');
    const env = { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', BUFFERT_ENROLMENT_KEY: 'central-package-test-enrolment-key' };
    const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: `restore-${randomUUID()}` };
    const pull = (node: Node, cursor: string | null, token: string) => post(`${node.url}/sync/pull`, { ...versions, cursor, limit: 50 }, token);
    const stop = async (node: Node) => {
      node.child.kill('SIGTERM');
      expect((await node.exited).code).toBe(0);
    };

    let node = await startNode(deploy, env);
    const registered = await post(`${node.url}/sync/register`, { ...versions, storeId: DEMO_OWN_STORE_ID, enrolmentKey: env.BUFFERT_ENROLMENT_KEY, name: 'restore test' });
    expect(registered.status).toBe(200);
    const token = registered.body.token as string;
    const first = await pull(node, null, token);
    expect(first.status).toBe(200);
    const cursor = first.body.cursor as string;
    await stop(node);

    // A restart alone keeps the epoch: the cursor is still good.
    node = await startNode(deploy, env);
    expect((await pull(node, cursor, token)).status).toBe(200);
    await stop(node);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const before = (await client.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'epoch'")).rows[0]!.value;
      await client.query(restoreSqlFromGuide());
      const after = (await client.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'epoch'")).rows[0]!.value;
      expect(after).not.toBe(before);
    } finally {
      await client.end();
    }

    node = await startNode(deploy, env);
    const stale = await pull(node, cursor, token);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'resync-required' } });
    expect((await pull(node, null, token)).status).toBe(200);
    await stop(node);
  }, 120_000);

  it('a bad setting or an unreachable database: one readable line and a non-zero exit, no stack trace', async () => {
    const badPort = await failedStart(deploy, { PORT: 'åttioåtta' });
    expect(badPort).toEqual({ code: 2, output: 'PORT ska vara ett portnummer (0–65535), inte "åttioåtta".\n' });

    // Port 1 on loopback: privileged, nothing listens there.
    const unreachable = await failedStart(deploy, { DATABASE_URL: 'postgres://buffert:hemligt@127.0.0.1:1/buffert', PORT: '0' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toBe(
      'Centralen kunde inte starta: PostgreSQL 127.0.0.1:1/buffert nekar anslutningen: ingen PostgreSQL lyssnar där. Kontrollera värd och port i DATABASE_URL och att PostgreSQL körs.\n',
    );

    const noDatabase = await failedStart(deploy, { DATABASE_URL: postgres.url('saknas'), PORT: '0' });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.output).toContain('databasen finns inte');
    expect(noDatabase.output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
