/**
 * The workstation under the crash test, as its own process: it writes stock adjustments as fast
 * as a busy technician and syncs in the background, printing `SAVED <reason> <quantity>` to stdout
 * right after each commit — what the UI would show as "Sparat". The parent kills it with SIGKILL
 * at random moments (tests/integration/sync-crash.test.ts).
 *
 * argv: dataDir centralUrl enrolmentKey run
 */
import fs from 'node:fs';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { provisionOfflineLogin, TEST_REPLICA_KEY } from './backend';

const [dataDir, centralUrl, enrolmentKey, run] = process.argv.slice(2);
if (!dataDir || !centralUrl || !enrolmentKey || !run) throw new Error('usage: crash-child dataDir centralUrl enrolmentKey run');

const say = (line: string) => fs.writeSync(1, `${line}\n`);

const backend = openBackend({ replicaKey: TEST_REPLICA_KEY,
  dataDir,
  centralUrl,
  sync: {
    enrolmentKey,
    clientName: `crash-${run}`,
    intervalMs: 20,
    writeDelayMs: 2,
    pushBatchSize: 7,
    pageSize: 300,
    backoff: { baseMs: 10, maxMs: 100 },
    log: { error: () => undefined },
  },
});
say('READY');

const engine = backend.context.sync!;
let n = 0;
let articles: string[] = [];

function write(): void {
  const articleId = articles[n % articles.length]!;
  // Additions only: an adjustment may not take a balance below zero (shared/domain/stock).
  const quantity = (n % 5) + 1;
  const reason = `c-${run}-${n++}`;
  const res = dispatch(backend, 'stock.adjust', { articleId, quantity, reason });
  if (!res.ok) throw new Error(res.error.message);
  say(`SAVED ${reason} ${quantity}`);
  setTimeout(write, Math.floor(Math.random() * 4));
}

function start(): void {
  if (!engine.status().bootstrapped) {
    setTimeout(start, 5);
    return;
  }
  provisionOfflineLogin(backend, 'U1');
  const login = dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  if (!login.ok) throw new Error(login.error.message);
  articles = backend.context.db
    .prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 3")
    .pluck()
    .all() as string[];
  write();
}
start();
