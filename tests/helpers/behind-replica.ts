/**
 * `npx tsx tests/helpers/behind-replica.ts DIR`: leaves in DIR a demo replica put back from an
 * older copy of itself, three confirmed changes behind its high-water mark — what a restored
 * backup or a lost -wal looks like at the next start. The end-to-end tests start a web host on it
 * for the startup-error screen (playwright.config.ts). Does nothing when DIR already has a replica.
 */
import fs from 'node:fs';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend, replicaPath } from '../../electron/backend/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from './backend';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: behind-replica DIR');
const file = replicaPath(dataDir);

if (!fs.existsSync(file)) {
  openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir }).close();
  const backup = fs.readFileSync(file);
  const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir });
  const login = dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  if (!login.ok) throw new Error(login.error.message);
  const articleId = backend.context.db
    .prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1")
    .pluck()
    .get() as string;
  for (let i = 1; i <= 3; i++) {
    const saved = dispatch(backend, 'stock.adjust', { articleId, quantity: i, reason: `e2e ${i}` });
    if (!saved.ok) throw new Error(saved.error.message);
  }
  backend.close();
  fs.writeFileSync(file, backup);
}
