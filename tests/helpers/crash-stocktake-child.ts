/**
 * A workstation counting a stocktake, as its own process, under the stocktake crash test: it scans
 * and types counts as fast as a scanner can send them and syncs in the background, printing a
 * `SAVED …` line right after each count is committed — what the screen would show as counted. The
 * parent kills it with SIGKILL at random moments (tests/integration/stocktake-crash.test.ts).
 *
 * Each count is identifiable afterwards: a scan of a number of its own (`SAVED scan <number>`,
 * unknown in the store, so it is kept as such), a typed addition (`SAVED add <articleId> <q>`) or an
 * article scanned (`SAVED article <articleId> 1`).
 *
 * argv: dataDir centralUrl enrolmentKey run stocktakeId articleIds(comma-separated)
 */
import fs from 'node:fs';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { provisionOfflineLogin, TEST_REPLICA_KEY } from './backend';

const [dataDir, centralUrl, enrolmentKey, run, stocktakeId, articleList] = process.argv.slice(2);
if (!dataDir || !centralUrl || !enrolmentKey || !run || !stocktakeId || !articleList) {
  throw new Error('usage: crash-stocktake-child dataDir centralUrl enrolmentKey run stocktakeId articleIds');
}
const articles = articleList.split(',');
const say = (line: string) => fs.writeSync(1, `${line}\n`);

// Started ahead of its turn (crash-scenario.ts standby): the code is loaded, the data directory untouched until told.
if (process.env.BUFFERT_CRASH_STANDBY) {
  say('STANDBY');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
}

const backend = openBackend({ replicaKey: TEST_REPLICA_KEY,
  dataDir,
  centralUrl,
  sync: {
    enrolmentKey,
    clientName: `stocktake-crash-${run}`,
    intervalMs: 15,
    writeDelayMs: 2,
    pushBatchSize: 5,
    pageSize: 300,
    backoff: { baseMs: 10, maxMs: 100 },
    log: { error: () => undefined },
  },
});
say('READY');

const articleNos = new Map(
  (backend.context.db.prepare(`SELECT id, article_no FROM article WHERE id IN (${articles.map(() => '?').join(',')})`).all(...articles) as { id: string; article_no: string }[]).map((a) => [
    a.id,
    a.article_no,
  ]),
);
// Each run starts on another kind of count, so kills land in all three write paths.
let n = Number(run) % 3;

function fail(what: string, r: { ok: false; error: { code: string; message: string } }): never {
  throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
}

function countOnce(): void {
  const k = n++;
  const articleId = articles[k % articles.length]!;
  if (k % 3 === 0) {
    // A number nobody has: 9 + run (3 digits) + count (5 digits).
    const code = `9${run!.padStart(3, '0')}${String(k).padStart(5, '0')}`;
    const r = dispatch(backend, 'stocktake.scan', { id: stocktakeId, text: code });
    if (!r.ok) fail(`scan ${code}`, r);
    if ((r.value as { outcome: string; recorded: boolean }).outcome !== 'unknown') throw new Error(`scan ${code}: ${JSON.stringify(r.value)}`);
    say(`SAVED scan ${code}`);
  } else if (k % 3 === 1) {
    const quantity = (k % 5) + 1;
    const r = dispatch(backend, 'stocktake.count', { id: stocktakeId, articleId, kind: 'add', quantity });
    if (!r.ok) fail(`add ${articleId}`, r);
    say(`SAVED add ${articleId} ${quantity}`);
  } else {
    const r = dispatch(backend, 'stocktake.scan', { id: stocktakeId, text: articleNos.get(articleId)! });
    if (!r.ok) fail(`article ${articleId}`, r);
    if ((r.value as { recorded: boolean }).recorded !== true) throw new Error(`article ${articleId}: ${JSON.stringify(r.value)}`);
    say(`SAVED article ${articleId} 1`);
  }
  setTimeout(countOnce, Math.floor(Math.random() * 3));
}

for (const id of ['U1', 'U2']) provisionOfflineLogin(backend, id);
const login = dispatch(backend, 'session.login', { userId: run === '0' ? 'U1' : Number(run) % 2 === 0 ? 'U1' : 'U2', secret: DEMO_PASSWORD });
if (!login.ok) fail('login', login);
countOnce();
