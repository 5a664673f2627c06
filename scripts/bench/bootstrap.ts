import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPLICATED_TABLES } from '../../shared/sync/protocol';
import type { SyncProgress } from '../../shared/api/schemas';
import { DEMO_ENROLMENT_KEY, openBackend } from '../../electron/backend/backend';
import { openReplica, type Db } from '../../electron/backend/db/replica';
import { openCentralDb } from '../../server/app';
import { startTempPostgres } from '../../tests/helpers/postgres';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';

/**
 * Benchmark hook (issue 4, "Speed"): the first sync (bootstrap) of a fresh replica from a central
 * server on loopback, in rows per second, and its ratio to a raw better-sqlite3 bulk insert of the
 * same rows on the same machine (target ≥ 0.5). `benchBootstrapOnPostgres` sets up the issue's
 * case — a throwaway PostgreSQL with a store scope of 200,000 articles and ~50,000 individuals —
 * and returns printable lines; `benchBootstrap` measures against a server that is already running.
 */

export interface BootstrapBenchResult {
  lines: string[];
  rows: number;
  ms: number;
  rowsPerSecond: number;
  pages: number;
  individuals: number;
  articles: number;
  /** The same rows, raw prepared INSERTs into a fresh replica (its FTS triggers firing per row). */
  rawMs: number;
  rawRowsPerSecond: number;
  ratio: number;
  /** The same rows, raw INSERTs with the FTS triggers dropped and one FTS rebuild at the end. */
  rawBulkMs: number;
  ratioToBulk: number;
}

export interface BootstrapBenchOptions {
  centralUrl: string;
  enrolmentKey?: string;
  storeId?: string;
  pageSize?: number;
  /** Where the temporary replicas go (default: the OS temp directory). */
  tmpDir?: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('sv-SE');

export async function benchBootstrap(options: BootstrapBenchOptions): Promise<BootstrapBenchResult> {
  const dir = fs.mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), 'buffert-bench-sync-'));
  try {
    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY,
      dataDir: path.join(dir, 'workstation'),
      centralUrl: options.centralUrl,
      ...(options.storeId ? { storeId: options.storeId } : {}),
      sync: { autoStart: false, enrolmentKey: options.enrolmentKey ?? DEMO_ENROLMENT_KEY, pageSize: options.pageSize ?? 5_000 },
    });
    let rows = 0;
    let pages = 0;
    backend.events.on('sync.progress', (p: SyncProgress) => {
      if (p.phase !== 'bootstrap') return;
      rows = p.rows;
      pages++;
    });
    const started = performance.now();
    const outcome = await backend.context.sync!.syncNow();
    const ms = performance.now() - started;
    if (!outcome.ok) {
      backend.close();
      throw new Error(`bootstrap failed: ${outcome.error.code} ${outcome.error.message}`);
    }
    const db = backend.context.db;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const individuals = count('individual');
    const articles = count('article');
    const tables = readRows(db);
    backend.close();

    const raw = rawInsert(tables, path.join(dir, 'raw.sqlite'), false);
    const bulk = rawInsert(tables, path.join(dir, 'bulk.sqlite'), true);
    const rowsPerSecond = (rows / ms) * 1000;
    const rawRowsPerSecond = (raw.rows / raw.ms) * 1000;
    const ratio = rowsPerSecond / rawRowsPerSecond;
    const ratioToBulk = rowsPerSecond / ((bulk.rows / bulk.ms) * 1000);
    const lines = [
      `Bootstrap från central (${options.centralUrl}): ${fmt(rows)} rader (${fmt(articles)} artiklar, ${fmt(individuals)} individer) i ${pages} sidor på ${fmt(ms)} ms = ${fmt(rowsPerSecond)} rader/s`,
      `Rå better-sqlite3-insättning av samma ${fmt(raw.rows)} rader (FTS-triggrar per rad): ${fmt(raw.ms)} ms = ${fmt(rawRowsPerSecond)} rader/s`,
      `Kvot bootstrap / rå insättning: ${ratio.toFixed(2)} (mål ≥ 0,5) ${ratio >= 0.5 ? 'OK' : 'UNDER MÅLET'}`,
      `(Jämfört med rå insättning utan FTS-triggrar + en FTS-ombyggnad, ${fmt(bulk.ms)} ms: kvot ${ratioToBulk.toFixed(2)})`,
    ];
    return { lines, rows, ms, rowsPerSecond, pages, individuals, articles, rawMs: raw.ms, rawRowsPerSecond, ratio, rawBulkMs: bulk.ms, ratioToBulk };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

/** Every replicated row the bootstrap wrote, as plain arrays (what a raw insert would be given). */
function readRows(db: Db): TableRows[] {
  return REPLICATED_TABLES.map((table) => {
    const columns = (db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all()).map((c) => c.name).filter((c) => c !== 'seq');
    const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw().all() as unknown[][];
    return { table, columns, rows };
  });
}

/** Prepared INSERTs in transactions of 5,000 rows into a fresh replica; `bulk` drops the FTS triggers and rebuilds once. */
function rawInsert(tables: TableRows[], file: string, bulk: boolean): { rows: number; ms: number } {
  const db = openReplica(file, { key: TEST_REPLICA_KEY });
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  try {
    const started = performance.now();
    const triggers = bulk
      ? db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'").all()
      : [];
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    let rows = 0;
    for (const t of tables) {
      const insert = db.prepare(`INSERT INTO ${t.table} (${t.columns.join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`);
      const batch = db.transaction((part: unknown[][]) => {
        for (const r of part) insert.run(...r);
      });
      for (let i = 0; i < t.rows.length; i += 5_000) batch(t.rows.slice(i, i + 5_000));
      rows += t.rows.length;
    }
    if (bulk) {
      db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild'); INSERT INTO individual_fts(individual_fts) VALUES ('rebuild');");
      for (const t of triggers) db.exec(t.sql);
    }
    return { rows, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

export interface PostgresBenchOptions {
  articles?: number;
  /** Individuals in the whole region; about 95 % are in the store's scope (53,000 → ~50,000). */
  individuals?: number;
  recipients?: number;
  pageSize?: number;
}

/**
 * The case end to end: a throwaway PostgreSQL on loopback (tests/helpers/postgres.ts),
 * seeded with the demo region at benchmark size, and the central server on it in its own process
 * (`server/main.ts`, as in production: its work must not share the workstation's thread), then
 * `benchBootstrap`. Seeding is not measured.
 */
export async function benchBootstrapOnPostgres(options: PostgresBenchOptions = {}): Promise<BootstrapBenchResult> {
  const postgres = await startTempPostgres({ durable: true });
  try {
    const seedStarted = performance.now();
    const databaseUrl = await postgres.createDatabase('buffert_bench_sync');
    const seeded = await openCentralDb({
      db: databaseUrl,
      demo: { articles: options.articles ?? 200_000, individuals: options.individuals ?? 53_000, recipients: options.recipients ?? 5_000 },
    });
    await seeded.close();
    const seedMs = performance.now() - seedStarted;
    const server = await startServerProcess(databaseUrl);
    try {
      const result = await benchBootstrap({ centralUrl: server.url, pageSize: options.pageSize ?? 5_000 });
      result.lines.unshift(`Central: server/main.ts i egen process på PostgreSQL ${postgres.version}, 127.0.0.1 (demoregion seedad på ${fmt(seedMs)} ms, ej mätt)`);
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await postgres.stop();
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run server` on the given database, on a free loopback port; resolves once it prints its URL. */
async function startServerProcess(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', BUFFERT_ENROLMENT_KEY: DEMO_ENROLMENT_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Buffert central: (http:\/\/[^\s)]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`the central server exited before it listened: ${out}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
