import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { ftsSubstringQuery } from '../../electron/backend/db/fts';
import { createBackup, inspectBackup } from '../../electron/backend/db/backup';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { Random } from '../../shared/demo/random';
import { ms, ratio, time, type Timing } from './stats';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';

export interface ReplicaBenchOptions {
  articles: number;
  individuals: number;
  log: (line: string) => void;
  /** Reuse (or keep) the generated replica in this directory instead of a temp one. */
  dataDir?: string;
}

export interface ReplicaBenchResult {
  lines: string[];
  checks: { name: string; value: number; target: number; unit: string }[];
}

/**
 * Region-scale figures of the workstation replica, measured at the backend handler (contract
 * validation + login check + repository) and, beside it, the same query on raw better-sqlite3.
 */
export async function runReplicaBench(options: ReplicaBenchOptions): Promise<ReplicaBenchResult> {
  const dir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-'));
  const lines: string[] = [];
  const checks: ReplicaBenchResult['checks'] = [];
  const reuse = options.dataDir !== undefined && fs.existsSync(path.join(dir, REPLICA_FILE));
  try {
    const file = path.join(dir, REPLICA_FILE);
    if (reuse) {
      options.log(`Återanvänder ${file}`);
    } else {
    const seedDb = openReplica(file, { key: TEST_REPLICA_KEY });
    options.log(`Genererar ${options.articles.toLocaleString('sv-SE')} artiklar och ${options.individuals.toLocaleString('sv-SE')} individer …`);
    let lastLog = 0;
    const seeded = seedDemoData(seedDb, { articles: options.articles, individuals: options.individuals, recipients: 20_000 }, (p) => {
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        options.log(`  ${p.phase}: ${p.rows.toLocaleString('sv-SE')} rader`);
      }
    });
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();
    const size = fs.statSync(file).size;
    const rowsPerSecond = seeded.rows / (seeded.ms / 1000);
    lines.push(`| Generation (${seeded.rows.toLocaleString('sv-SE')} rows incl. ledger, FTS and ANALYZE) | ${(seeded.ms / 1000).toFixed(1)} s | ${Math.round(rowsPerSecond).toLocaleString('sv-SE')} rows/s | file ${(size / 1e6).toFixed(0)} MB |`);
    }

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false });
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    const db = backend.context.db;
    const random = new Random(4711);

    // Exact individual lookup: complete numbers that exist, in random order.
    const numbers = db.prepare('SELECT individual_no FROM individual WHERE seq % 97 = 0 LIMIT 3000').pluck().all() as string[];
    const shuffled = numbers.map((n) => [random.next(), n] as const).sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    const exactHandler = time(shuffled, (query) => {
      const r = dispatch(backend, 'individual.search', { query });
      if (!r.ok) throw new Error(r.error.message);
    });
    const rawExact = db.prepare(`SELECT i.id, i.individual_no, i.serial_no, i.article_id, a.article_no, a.name, i.status, i.store_id
      FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?`);
    const exactRaw = time(shuffled, (n) => rawExact.get(n));
    lines.push(row('Exact individual lookup (p50 / p99)', exactHandler, exactRaw, 'p50', 'p99'));
    checks.push({ name: 'exact lookup p99 at the handler', value: exactHandler.p99, target: 0.2, unit: 'ms' });

    // Substring search, 3–6 characters taken from existing individual and serial numbers.
    const serials = db.prepare('SELECT serial_no FROM individual WHERE serial_no IS NOT NULL AND seq % 331 = 0 LIMIT 500').pluck().all() as string[];
    const substrings: string[] = [];
    for (let i = 0; i < 800; i++) {
      const source = i % 4 === 0 ? random.pick(serials) : random.pick(numbers);
      const length = random.int(3, 6);
      const start = random.int(0, Math.max(0, source.length - length));
      substrings.push(source.slice(start, start + length));
    }
    // Exclude complete numbers (those open the individual instead of listing).
    const listQueries = substrings.filter((q) => !numbers.includes(q));
    const substringHandler = time(listQueries, (query) => {
      const r = dispatch(backend, 'individual.search', { query });
      if (!r.ok) throw new Error(r.error.message);
    });
    const rawSubstring = db.prepare(`SELECT i.id, i.individual_no, i.serial_no, i.article_id, a.article_no, a.name, i.status, i.store_id
      FROM individual_fts f JOIN individual i ON i.seq = f.rowid JOIN article a ON a.id = i.article_id
      WHERE individual_fts MATCH ? ORDER BY f.rowid LIMIT 200`);
    const substringRaw = time(listQueries, (q) => rawSubstring.all(ftsSubstringQuery([q])));
    lines.push(row('Substring individual search, 3–6 chars, first 200 + count (p50 / p95)', substringHandler, substringRaw, 'p50', 'p95'));
    checks.push({ name: 'substring search p95 at the handler', value: substringHandler.p95, target: 10, unit: 'ms' });

    // First page of the stock list with each filter.
    for (const balance of ['withBalance', 'all'] as const) {
      for (const articleType of ['all', 'mainAid', 'accessory', 'sparePart'] as const) {
        const repeat = Array.from({ length: 300 }, () => 0);
        const handler = time(repeat, () => {
          const r = dispatch(backend, 'stock.balances', { balance, articleType, limit: 100 });
          if (!r.ok) throw new Error(r.error.message);
        });
        const typeClause = articleType === 'all' ? '' : ` AND a.article_type = '${articleType}'`;
        const rawSql =
          balance === 'withBalance'
            ? `SELECT a.id, a.article_no, a.name, a.article_type, a.article_status, a.unit, a.iso_code, b.on_hand, b.reserved
               FROM stock_balance b JOIN article a ON a.id = b.article_id WHERE b.store_id = '50301' AND b.on_hand <> 0${typeClause}
               ORDER BY b.article_no LIMIT 101`
            : `SELECT a.id, a.article_no, a.name, a.article_type, a.article_status, a.unit, a.iso_code,
                 (SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = a.id) AS on_hand,
                 (SELECT reserved FROM stock_balance WHERE store_id = '50301' AND article_id = a.id) AS reserved
               FROM article a WHERE 1${typeClause} ORDER BY a.article_no LIMIT 101`;
        const stmt = db.prepare(rawSql);
        const raw = time(repeat, () => stmt.all());
        lines.push(row(`Stock list first page: ${balance === 'withBalance' ? 'med saldo' : 'alla'}, type ${articleType} (p50 / p95)`, handler, raw, 'p50', 'p95'));
        checks.push({ name: `stock page ${balance}/${articleType} p95 at the handler`, value: handler.p95, target: 10, unit: 'ms' });
      }
    }
    // Deep pages: the virtualized list jumps anywhere (End key, scrollbar drag).
    for (const [balance, offsets] of [
      ['all', [50_000, 100_000, 150_000]],
      ['withBalance', [10_000, 20_000, 40_000]],
    ] as const) {
      const deep = time(Array.from({ length: 150 }, (_, i) => offsets[i % offsets.length]!), (offset) => {
        const r = dispatch(backend, 'stock.balances', { balance, offset, limit: 200 });
        if (!r.ok) throw new Error(r.error.message);
      });
      lines.push(`| Stock list deep page (${balance === 'all' ? 'alla' : 'med saldo'}, offsets ${offsets.join(' / ')}; p50 / p95) | ${ms(deep.p50)} / ${ms(deep.p95)} | – | – |`);
    }

    const texts = ['rollator cross', 'säng', 'hjul', 'batteri', 'madrass visc', 'etac', '1004', 'toalett'];
    const textQueries = Array.from({ length: 400 }, (_, i) => texts[i % texts.length]!);
    for (const balance of ['withBalance', 'all'] as const) {
      const textHandler = time(textQueries, (text) => {
        const r = dispatch(backend, 'stock.balances', { balance, text, limit: 100 });
        if (!r.ok) throw new Error(r.error.message);
      });
      const label = balance === 'withBalance' ? 'med saldo' : 'alla';
      lines.push(`| Stock list first page: ${label}, free text (${texts.length} texts, p50 / p95) | ${ms(textHandler.p50)} / ${ms(textHandler.p95)} | – | – |`);
      checks.push({ name: `stock page ${balance}/free text p95 at the handler`, value: textHandler.p95, target: 10, unit: 'ms' });
    }

    // The daily backup (Felsökning, decision 0037): VACUUM INTO an encrypted copy, its journal mode
    // switched, its integrity checked and fsynced; beside it, the floor: copying the file's bytes.
    // The backend is synchronous, so this is how long the workstation does nothing else.
    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-backups-'));
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const replicaSize = fs.statSync(path.join(dir, REPLICA_FILE)).size;
      const copyStart = performance.now();
      fs.copyFileSync(path.join(dir, REPLICA_FILE), path.join(backups, 'raw-copy.sqlite'));
      const copyMs = performance.now() - copyStart;
      fs.rmSync(path.join(backups, 'raw-copy.sqlite'));
      const backupStart = performance.now();
      const info = createBackup(db, backups, TEST_REPLICA_KEY, new Date());
      const backupMs = performance.now() - backupStart;
      const checkStart = performance.now();
      inspectBackup(path.join(backups, info.name), TEST_REPLICA_KEY, { check: true });
      const checkMs = performance.now() - checkStart;
      lines.push(`| Daily backup of the replica (${(replicaSize / 1e6).toFixed(0)} MB → ${(info.bytes / 1e6).toFixed(0)} MB: VACUUM INTO, check, fsync) / file copy | ${(backupMs / 1000).toFixed(1)} s | ${(copyMs / 1000).toFixed(1)} s | ${ratio(backupMs, copyMs)} |`);
      lines.push(`| Restore's check of that backup (integrity_check) | ${(checkMs / 1000).toFixed(1)} s | – | – |`);
      checks.push({ name: 'daily backup of the replica', value: backupMs / 1000, target: 60, unit: 's' });
    } finally {
      fs.rmSync(backups, { recursive: true, force: true });
    }

    const memory = process.memoryUsage();
    lines.push(`| Process memory after the run (RSS / heap used) | ${(memory.rss / 1e6).toFixed(0)} MB / ${(memory.heapUsed / 1e6).toFixed(0)} MB | – | – |`);
    backend.close();
  } finally {
    if (options.dataDir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
  return { lines, checks };
}

function row(label: string, handler: Timing, raw: Timing, a: keyof Timing, b: keyof Timing): string {
  return `| ${label} | ${ms(handler[a])} / ${ms(handler[b])} | ${ms(raw[a])} / ${ms(raw[b])} | ${ratio(handler[b], raw[b])} |`;
}
