import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { emptyHeader } from '../../shared/domain/order/recipient-orders';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';
import { percentile } from './stats';

/**
 * Issue 11's speed target: an order of 20 lines saved < 50 ms, at the handler (`order.place`:
 * contract validation, login, the shared rule over the replica's facts, effects written with
 * their undo log and the outbox entry, one transaction), over a 200 000-article catalogue. A
 * direct prescription of 10 individuals (scanned) and 10 untracked articles. Beside it: the same
 * rows written by hand on raw better-sqlite3 (order, lines, aids, reservations) in one transaction.
 */
export const ORDER_SAVE_TARGET_MS = 50;

export interface OrdersBenchResult {
  lines: string[];
  checks: { name: string; value: number; target: number; unit: string }[];
}

export async function runOrdersBench(options: { articles: number; log: (line: string) => void; orders?: number }): Promise<OrdersBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-orders-'));
  const orders = options.orders ?? 30;
  try {
    const file = path.join(dir, REPLICA_FILE);
    options.log(`Genererar ${options.articles.toLocaleString('sv-SE')} artiklar för beställningar …`);
    const seedDb = openReplica(file, { key: TEST_REPLICA_KEY });
    seedDemoData(seedDb, { articles: options.articles, individuals: 50_000, recipients: 2_000 });
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false });
    const db = backend.context.db;
    const login = dispatch(backend, 'session.login', { userId: 'U3', secret: DEMO_PASSWORD });
    if (!login.ok) throw new Error(login.error.message);
    const individuals = db
      .prepare(
        `SELECT i.id, i.article_id FROM individual i JOIN article a ON a.id = i.article_id
          WHERE i.store_id = '50301' AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.rowid LIMIT ?`,
      )
      .all(orders * 10) as { id: string; article_id: string }[];
    const plain = db
      .prepare(
        `SELECT a.id FROM stock_balance b JOIN article a ON a.id = b.article_id
          WHERE b.store_id = '50301' AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= ? ORDER BY a.rowid LIMIT 10`,
      )
      .pluck()
      .all(orders + 1) as string[];
    const patients = db.prepare("SELECT id FROM recipient WHERE kind = 'patient' ORDER BY rowid LIMIT ?").pluck().all(orders * 2) as string[];
    if (individuals.length < orders * 10 || plain.length < 10 || patients.length < orders * 2) {
      throw new Error(`not enough demo data for the orders bench: ${individuals.length} individuals, ${plain.length} articles, ${patients.length} patients`);
    }

    // The raw writes reuse the handler's rows (they check nothing).
    const linesOf = (k: number) => [
      ...individuals.slice((k % orders) * 10, (k % orders) * 10 + 10).map((i) => ({ articleId: i.article_id, quantity: 1, individualId: i.id })),
      ...plain.map((articleId) => ({ articleId, quantity: 1 })),
    ];
    const handler: number[] = [];
    for (let k = 0; k < orders; k++) {
      const input = { kind: 'directPrescription', recipientId: patients[k]!, servicePointId: '50312', header: emptyHeader(), lines: linesOf(k) };
      const start = performance.now();
      const r = dispatch(backend, 'order.place', input);
      handler.push(performance.now() - start);
      if (!r.ok) throw new Error(`order.place: ${r.error.message}`);
    }

    // The same rows by hand: no rule, no undo log, no outbox.
    const order = db.prepare(
      `INSERT INTO customer_order (id, provisional_no, kind, store_id, from_store_id, status, created_at, user_id, recipient_id, service_point_id, details)
       VALUES (?, ?, 'directPrescription', '50301', '50301', 'registered', ?, 'U3', ?, '50312', ?)`,
    );
    const line = db.prepare(
      `INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, individual_id, status, route, purchase_order_id, price_ore, payer_id, note)
       VALUES (?, ?, ?, ?, ?, 'registered', NULL, NULL, 0, '50312', NULL)`,
    );
    const aid = db.prepare(
      `INSERT INTO aid (id, recipient_id, article_id, individual_id, ordered_quantity, quantity, store_id, order_id, line_no, prescribed, user_id, ordered_at)
       VALUES (?, ?, ?, ?, ?, 0, '50301', ?, ?, 1, 'U3', ?)`,
    );
    const reserve = db.prepare("UPDATE stock_balance SET reserved = reserved + ? WHERE store_id = '50301' AND article_id = ?");
    const individual = db.prepare("UPDATE individual SET status = 'reserved' WHERE id = ?");
    const raw: number[] = [];
    for (let k = orders; k < orders * 2; k++) {
      const id = randomUUID();
      const at = new Date().toISOString();
      const start = performance.now();
      db.transaction(() => {
        order.run(id, `PBENCH-${k}`, at, patients[k]!, JSON.stringify(emptyHeader()));
        linesOf(k).forEach((l, i) => {
          const ind = 'individualId' in l ? (l.individualId as string) : null;
          line.run(id, i + 1, l.articleId, l.quantity, ind);
          aid.run(randomUUID(), patients[k]!, l.articleId, ind, l.quantity, id, i + 1, at);
          reserve.run(l.quantity, l.articleId);
          if (ind) individual.run(ind);
        });
      })();
      raw.push(performance.now() - start);
    }
    backend.close();

    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const h = sorted(handler);
    const w = sorted(raw);
    const f = (n: number) => `${n.toFixed(2)} ms`;
    const p95 = percentile(h, 95);
    const rawP95 = percentile(w, 95);
    return {
      lines: [
        `| Order of 20 lines saved (\`order.place\`, direct prescription: 10 individuals + 10 articles), p50 / p95 / max of ${orders} | ${f(percentile(h, 50))} / ${f(p95)} / ${f(h[h.length - 1]!)} | ${f(percentile(w, 50))} / ${f(rawP95)} | ${(p95 / rawP95).toFixed(1)}× |`,
      ],
      checks: [{ name: 'order of 20 lines saved (p95, at the handler)', value: p95, target: ORDER_SAVE_TARGET_MS, unit: 'ms' }],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
