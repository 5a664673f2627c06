import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { ms, percentile, type Timing } from './stats';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';

/**
 * Goods receipt at region scale (issue 8): a 200 000-article catalogue, purchase orders of 200
 * tracked lines as central sends them, received by scans (the GS1 DataMatrix of each unit, then
 * its individual-number label) and approved. Measured at the backend handler (contract
 * validation, login, resolution in the replica, draft saved durably) and, beside it, the raw
 * better-sqlite3 lookup of a GTIN.
 * Targets: scan resolution p99 < 2 ms (the issue's); the whole scan into a receipt p95 < 5 ms (ours);
 * a receipt of 200 lines with 200 individuals approved < 200 ms.
 */

export const SCAN_TARGET_MS = 2;
/** The whole scan into a receipt (resolution, draft written, the receipt's view answered): our own target, well inside the 100 ms on screen. */
export const SCAN_INTO_RECEIPT_P95_MS = 5;
export const APPROVE_TARGET_MS = 200;

export interface ReceiptBenchResult {
  lines: string[];
  checks: { name: string; value: number; target: number; unit: string }[];
}

const timing = (samples: number[]): Timing => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
};

export async function runReceiptBench(options: { articles: number; log: (line: string) => void; receipts?: number }): Promise<ReceiptBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-receipt-'));
  const receipts = options.receipts ?? 5;
  try {
    const file = path.join(dir, REPLICA_FILE);
    options.log(`Genererar ${options.articles.toLocaleString('sv-SE')} artiklar för kvittens …`);
    const seedDb = openReplica(file, { key: TEST_REPLICA_KEY });
    seedDemoData(seedDb, { articles: options.articles, individuals: 50_000, recipients: 1_000 });
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false });
    const db = backend.context.db;
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    // Tracked articles with a GTIN, spread over the catalogue.
    const articles = db
      .prepare(
        `SELECT a.id, g.gtin FROM article a JOIN article_gtin g ON g.article_id = a.id
         WHERE a.tracked_individually = 1 AND a.article_status = 'active' ORDER BY a.rowid LIMIT ?`,
      )
      .all(200 * receipts) as { id: string; gtin: string }[];
    if (articles.length < 200 * receipts) throw new Error(`only ${articles.length} tracked articles with a GTIN`);

    const insert = db.transaction((r: number) => {
      const order = `bench-order-${r}`;
      const po = `bench-po-${r}`;
      db.prepare(
        `INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, supplier_id, status, created_at)
         VALUES (?, ?, 'replenishment', '50301', '10', NULL, 'registered', '2026-11-20T09:00:00Z')`,
      ).run(order, `264900${String(r).padStart(2, '0')}`);
      db.prepare(`INSERT INTO purchase_order (id, purchase_order_no, order_id, store_id, status, created_at) VALUES (?, ?, ?, '50301', 'delivered', '2026-11-20T09:00:00Z')`).run(
        po,
        `264950${String(r).padStart(2, '0')}`,
        order,
      );
      const line = db.prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, purchase_order_id, price_ore)
        VALUES (?, ?, ?, 1, 'delivered', 'purchase', ?, 250000)`);
      for (let i = 0; i < 200; i++) line.run(order, i + 1, articles[r * 200 + i]!.id, po);
    });

    const scanSamples: number[] = [];
    const approveSamples: number[] = [];
    let number = 9_500_000;
    for (let r = 0; r < receipts; r++) {
      insert(r);
      const purchaseOrderId = `bench-po-${r}`;
      for (let i = 0; i < 200; i++) {
        const a = articles[r * 200 + i]!;
        for (const text of [`]d201${a.gtin}21SN${r}-${i}`, String(number++)]) {
          const start = performance.now();
          const res = dispatch(backend, 'goodsReceipt.scan', { purchaseOrderId, text });
          scanSamples.push(performance.now() - start);
          if (!res.ok || (res.value as { outcome: string }).outcome !== 'ok') throw new Error(`scan refused: ${JSON.stringify(res)}`);
        }
      }
      const start = performance.now();
      const approved = dispatch(backend, 'goodsReceipt.approve', { purchaseOrderId });
      approveSamples.push(performance.now() - start);
      if (!approved.ok) throw new Error(approved.error.message);
    }
    // Scan resolution alone (what a code means in the replica, as `scan.resolve` answers it for
    // every screen): GS1 codes, article numbers and individual labels of the catalogue.
    const individualNos = db.prepare('SELECT individual_no FROM individual ORDER BY rowid DESC LIMIT 700').pluck().all() as string[];
    const articleNos = db.prepare('SELECT article_no FROM article ORDER BY rowid DESC LIMIT 700').pluck().all() as string[];
    const codes = [
      ...articles.slice(0, 700).map((a, i) => ({ kind: 'gtin' as const, value: a.gtin, i })),
      ...articleNos.map((value, i) => ({ kind: 'articleNo' as const, value, i })),
      ...individualNos.map((value, i) => ({ kind: 'individualNo' as const, value, i })),
    ].sort((x, y) => x.i - y.i);
    const resolveSamples = codes.map((c) => {
      const start = performance.now();
      const r = dispatch(backend, 'scan.resolve', { lookups: [{ kind: c.kind, value: c.value }] });
      const took = performance.now() - start;
      if (!r.ok || (r.value as { matches: unknown[] }).matches.length !== 1) throw new Error(`not resolved: ${c.kind} ${c.value}`);
      return took;
    });
    const rawGtin = db.prepare('SELECT a.id, a.article_no FROM article_gtin g JOIN article a ON a.id = g.article_id WHERE g.gtin = ?');
    const rawSamples = articles.map((a) => {
      const start = performance.now();
      rawGtin.get(a.gtin);
      return performance.now() - start;
    });
    backend.close();

    const scan = timing(scanSamples);
    const resolve = timing(resolveSamples);
    const raw = timing(rawSamples);
    const approve = timing(approveSamples);
    const individuals = receipts * 200;
    return {
      lines: [
        `| Scan resolution at the handler (\`scan.resolve\`: GTIN, article number, individual number) p50 / p99 | ${ms(resolve.p50)} / ${ms(resolve.p99)} | raw GTIN lookup ${ms(raw.p50)} / ${ms(raw.p99)} | n = ${resolve.n} |`,
        `| Scan into a receipt at the handler (GS1 → article, serial; label → individual number; draft saved) p50 / p95 / p99 | ${ms(scan.p50)} / ${ms(scan.p95)} / ${ms(scan.p99)} | raw GTIN lookup ${ms(raw.p50)} / ${ms(raw.p99)} | n = ${scan.n} |`,
        `| Approve a receipt of 200 lines and 200 individuals (median / worst of ${approve.n}) | ${ms(approve.p50)} / ${ms(Math.max(...approveSamples))} | | ${individuals} individuals created |`,
      ],
      checks: [
        { name: 'scan resolution p99 at the handler', value: resolve.p99, target: SCAN_TARGET_MS, unit: 'ms' },
        { name: 'scan into a receipt (resolution + draft saved) p95 at the handler', value: scan.p95, target: SCAN_INTO_RECEIPT_P95_MS, unit: 'ms' },
        { name: 'approve 200 lines / 200 individuals (worst)', value: Math.max(...approveSamples), target: APPROVE_TARGET_MS, unit: 'ms' },
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runReceiptBench({ articles: Number(process.argv[2] ?? 200_000), log: console.log });
  for (const line of result.lines) console.log(line);
  for (const c of result.checks) console.log(`${c.name}: ${c.value.toFixed(3)} ${c.unit} (target < ${c.target})`);
}
