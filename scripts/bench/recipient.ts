import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';
import { percentile } from './stats';

/**
 * Issue 11's speed target: opening a recipient with 200 aids < 20 ms at the handler: the card
 * (`recipient.get`: the logged view, its audit entry written, the tab counts) and its first tab
 * (`recipient.aids`, Hjälpmedel newest first), over a 200 000-article catalogue. Beside it: the
 * same three queries on raw better-sqlite3 (no contract, no login check, no audit entry).
 */
export const RECIPIENT_OPEN_TARGET_MS = 20;

export async function runRecipientBench(options: { articles: number; log: (line: string) => void; runs?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-recipient-'));
  const runs = options.runs ?? 200;
  try {
    const file = path.join(dir, REPLICA_FILE);
    options.log(`Genererar ${options.articles.toLocaleString('sv-SE')} artiklar och en mottagare med 200 hjälpmedel …`);
    const seedDb = openReplica(file, { key: TEST_REPLICA_KEY });
    seedDemoData(seedDb, { articles: options.articles, individuals: 20_000, recipients: 2_000 });
    // The patient: 200 aids, 120 tracked (with their individuals), 80 untracked; some returned, some not delivered.
    const tracked = seedDb.prepare("SELECT id, article_id FROM individual WHERE status = 'atRecipient' ORDER BY rowid LIMIT 120").all() as { id: string; article_id: string }[];
    const plain = seedDb.prepare('SELECT id FROM article WHERE tracked_individually = 0 ORDER BY rowid LIMIT 80').pluck().all() as string[];
    const insert = seedDb.prepare(`INSERT INTO aid (id, recipient_id, article_id, individual_id, ordered_quantity, quantity, store_id, prescribed, ordered_at, delivered_at, returned_at)
      VALUES (?, 'R2', ?, ?, ?, ?, '50301', 1, ?, ?, ?)`);
    seedDb.prepare("DELETE FROM aid WHERE recipient_id = 'R2'").run();
    seedDb.transaction(() => {
      const day = (k: number) => new Date(Date.UTC(2020, 0, 1) + k * 5 * 86_400_000).toISOString();
      tracked.forEach((t, k) => insert.run(`AID-bench-t${k}`, t.article_id, t.id, 1, 1, day(k), day(k + 1), k % 10 === 0 ? day(k + 30) : null));
      plain.forEach((a, k) => insert.run(`AID-bench-p${k}`, a, null, 2, k % 8 === 0 ? 0 : 2, day(k), k % 8 === 0 ? null : day(k + 1), null));
    })();
    const count = seedDb.prepare("SELECT count(*) FROM aid WHERE recipient_id = 'R2'").pluck().get() as number;
    if (count !== 200) throw new Error(`the bench recipient has ${count} aids, not 200`);
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false });
    const db = backend.context.db;
    const login = dispatch(backend, 'session.login', { userId: 'U3', secret: DEMO_PASSWORD });
    if (!login.ok) throw new Error(login.error.message);

    const open = () => {
      const card = dispatch(backend, 'recipient.get', { id: 'R2' });
      const aids = dispatch(backend, 'recipient.aids', { recipientId: 'R2', tab: 'aids' });
      if (!card.ok || !aids.ok) throw new Error('recipient.get / recipient.aids failed');
      return aids.value as unknown[];
    };
    const shown = open().length;
    const handler: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = performance.now();
      open();
      handler.push(performance.now() - start);
    }

    const raw = {
      card: db.prepare('SELECT * FROM recipient WHERE id = ?'),
      counts: db.prepare(`SELECT sum(a.returned_at IS NULL AND ar.tracked_individually = 1), sum(a.returned_at IS NOT NULL), sum(a.returned_at IS NULL AND ar.tracked_individually = 0)
        FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.recipient_id = ?`),
      orders: db.prepare('SELECT count(*) FROM customer_order WHERE recipient_id = ?'),
      aids: db.prepare(`SELECT a.*, ar.article_no, ar.name, ar.article_type, ar.iso_code, i.individual_no FROM aid a JOIN article ar ON ar.id = a.article_id
        LEFT JOIN individual i ON i.id = a.individual_id LEFT JOIN customer_order o ON o.id = a.order_id
        WHERE a.recipient_id = ? AND a.returned_at IS NULL AND ar.tracked_individually = 1 ORDER BY coalesce(a.delivered_at, a.ordered_at) DESC, a.ordered_at DESC, a.id`),
    };
    const direct: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = performance.now();
      raw.card.get('R2');
      raw.counts.get('R2');
      raw.orders.get('R2');
      raw.aids.all('R2');
      direct.push(performance.now() - start);
    }
    backend.close();

    const h = [...handler].sort((a, b) => a - b);
    const w = [...direct].sort((a, b) => a - b);
    const f = (n: number) => `${n.toFixed(2)} ms`;
    const p95 = percentile(h, 95);
    const rawP95 = percentile(w, 95);
    return {
      lines: [
        `| Recipient with 200 aids opened (\`recipient.get\` + \`recipient.aids\`, ${shown} rows on Hjälpmedel; the view audited), p50 / p95 / max of ${runs} | ${f(percentile(h, 50))} / ${f(p95)} / ${f(h[h.length - 1]!)} | ${f(percentile(w, 50))} / ${f(rawP95)} | ${(p95 / rawP95).toFixed(1)}× |`,
      ],
      checks: [{ name: 'recipient with 200 aids opened (p95, at the handler)', value: p95, target: RECIPIENT_OPEN_TARGET_MS, unit: 'ms' }],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
