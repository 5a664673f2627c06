/**
 * `npx tsx tests/helpers/delivered-replica.ts DIR`: leaves in DIR a demo replica holding two
 * purchase orders delivered to store 50301, written as the pull from central writes them (the
 * standalone demo has no central to create them). The end-to-end tests of the receipt screen start
 * a web host on it (playwright.config.ts). Does nothing when DIR already has a replica.
 *
 * 26485001 ("Märk lev:" 26480007): 2 × 10001 (tracked, GTIN 07350000000016, 7 117 kr),
 * 3 × 10007 (450,50 kr), 1 × 10038 (a service at 0 kr). 26485002 (26480008): 1 × 10008.
 * 26480009: a replenishment shipped from central store 10 (it arrives confirmed, to be checked by
 * scanning): 3 × 10007 (GTIN 07350000000078), 2 × 10008.
 */
import fs from 'node:fs';
import { openBackend, replicaPath } from '../../electron/backend/backend';
import { TEST_REPLICA_KEY } from './backend';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: delivered-replica DIR');

if (!fs.existsSync(replicaPath(dataDir))) {
  const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir });
  const db = backend.context.db;
  const articleId = (no: string) => {
    const id = db.prepare('SELECT id FROM article WHERE article_no = ?').pluck().get(no) as string | undefined;
    if (!id) throw new Error(`demo article ${no} is missing`);
    return id;
  };
  db.transaction(() => {
    const order = db.prepare(`INSERT INTO customer_order (id, order_no, provisional_no, kind, store_id, from_store_id, supplier_id, status, created_at, user_id)
      VALUES (?, ?, ?, 'replenishment', '50301', '10', ?, 'registered', '2026-11-20T09:00:00Z', 'U1')`);
    const po = db.prepare(`INSERT INTO purchase_order (id, purchase_order_no, order_id, store_id, supplier_id, status, created_at, delivered_at)
      VALUES (?, ?, ?, '50301', ?, 'delivered', '2026-11-20T09:00:01Z', '2026-11-21T12:00:00Z')`);
    const line = db.prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, purchase_order_id, price_ore)
      VALUES (?, ?, ?, ?, 'delivered', 'purchase', ?, ?)`);
    order.run('e2e-order-1', '26480007', 'P50301-E2E0-0001', 'S010');
    po.run('e2e-po-1', '26485001', 'e2e-order-1', 'S010');
    line.run('e2e-order-1', 1, articleId('10001'), 2, 'e2e-po-1', 711_700);
    line.run('e2e-order-1', 2, articleId('10007'), 3, 'e2e-po-1', 45_050);
    line.run('e2e-order-1', 3, articleId('10038'), 1, 'e2e-po-1', 0);
    order.run('e2e-order-2', '26480008', 'P50301-E2E0-0002', 'S009');
    po.run('e2e-po-2', '26485002', 'e2e-order-2', 'S009');
    line.run('e2e-order-2', 1, articleId('10008'), 1, 'e2e-po-2', 120_000);
    // Shipped by central: no purchase order, the lines routed to the central store.
    db.prepare(`INSERT INTO customer_order (id, order_no, provisional_no, kind, store_id, from_store_id, status, created_at, shipped_at, user_id)
      VALUES ('e2e-order-3', '26480009', 'P50301-E2E0-0003', 'replenishment', '50301', '10', 'shipped', '2026-11-20T09:00:00Z', '2026-11-21T07:00:00Z', 'U1')`).run();
    const shipped = db.prepare(`INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, status, route, price_ore)
      VALUES ('e2e-order-3', ?, ?, ?, 'shipped', 'central', ?)`);
    shipped.run(1, articleId('10007'), 3, 45_050);
    shipped.run(2, articleId('10008'), 2, 120_000);
  })();
  backend.close();
}
