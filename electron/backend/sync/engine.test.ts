import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../shared/api/schemas';
import type { Change } from '../../../shared/sync/protocol';
import { dispatch } from '../api/dispatch';
import type { Backend, BackendOptions } from '../backend';
import { makeTempDir, provisionOfflineLogin, tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { demoSnapshot, startScriptedCentral, type ProtocolMutation as Mutation, type ScriptedCentral } from '../../../tests/helpers/scripted-central';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

const SNAPSHOT = demoSnapshot();
let central: ScriptedCentral;
const open: TempBackend[] = [];

beforeEach(async () => {
  central = await startScriptedCentral(SNAPSHOT);
});
afterEach(async () => {
  for (const t of open.splice(0)) t.cleanup();
  await central.close();
});

function workstation(options: Partial<BackendOptions> = {}): TempBackend {
  const t = tempBackend({
    centralUrl: central.url,
    ...options,
    sync: { autoStart: false, pageSize: 100, log: { error: () => undefined }, backoff: { baseMs: 20, maxMs: 80 }, intervalMs: 60_000, writeDelayMs: 5, ...options.sync },
  });
  open.push(t);
  return t;
}
const engine = (b: Backend) => b.context.sync!;
const rows = (b: Backend, sql: string, ...params: unknown[]) => b.context.db.prepare(sql).all(...params);
const value = (b: Backend, sql: string, ...params: unknown[]) => b.context.db.prepare(sql).pluck().get(...params) as number;
const login = (b: Backend, userId = 'U1') => {
  // As if the user had logged in online here before (the online login has its own tests).
  provisionOfflineLogin(b, userId);
  expect(dispatch(b, 'session.login', { userId, secret: DEMO_PASSWORD }).ok).toBe(true);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls (a loaded CI machine may be slow); fails the test after 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (const end = Date.now() + 10_000; !done(); await sleep(10)) if (Date.now() > end) throw new Error(`timed out: ${what}`);
}
const untrackedArticle = (b: Backend) =>
  b.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1").pluck().get() as string;
const adjust = (b: Backend, articleId: string, quantity: number, reason = 'test') => {
  const res = dispatch(b, 'stock.adjust', { articleId, quantity, reason });
  expect(res.ok).toBe(true);
  return res;
};
/** What the server "applies": the movement and the new balance row, like the real server's feed. */
function serverEffects(m: Mutation, balances: Map<string, number>): Omit<Change, 'seq'>[] {
  if (m.name !== 'stock.adjust') return [];
  const a = m.args as { movementId: string; articleId: string; storeId: string; quantity: number; reason: string };
  const key = `${a.storeId}|${a.articleId}`;
  const onHand = (balances.get(key) ?? 0) + a.quantity;
  balances.set(key, onHand);
  const articleNo = SNAPSHOT.find((c) => c.table === 'article' && c.id === a.articleId)!.row!.article_no;
  return [
    { table: 'stock_movement', op: 'upsert', id: a.movementId, row: { id: a.movementId, store_id: a.storeId, article_id: a.articleId, individual_id: null, quantity: a.quantity, reason: 'adjustment', reference: null, note: a.reason, user_id: m.userId, at: m.createdAt } },
    { table: 'stock_balance', op: 'upsert', id: key, row: { store_id: a.storeId, article_id: a.articleId, article_no: articleNo, on_hand: onHand, reserved: 0 } },
  ];
}
function serverBalances(): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of SNAPSHOT) if (c.table === 'stock_balance') m.set(c.id, c.row!.on_hand as number);
  return m;
}

describe('bootstrap of a new workstation', () => {
  it('fills an empty replica from the central feed in pages, with progress (rows, %, time left)', async () => {
    const t = workstation();
    const progress: SyncProgress[] = [];
    t.backend.events.on('sync.progress', (p) => progress.push(p));
    expect(value(t.backend, 'SELECT count(*) FROM article')).toBe(0);
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ ok: true, value: { state: 'bootstrapping', bootstrapped: false } });
    const outcome = await engine(t.backend).syncNow();
    expect(outcome).toEqual({ ok: true });
    for (const table of ['article', 'individual', 'stock_balance', 'app_user', 'recipient']) {
      expect(value(t.backend, `SELECT count(*) FROM ${table}`)).toBe(SNAPSHOT.filter((c) => c.table === table).length);
    }
    const pages = Math.ceil(SNAPSHOT.length / 100);
    expect(central.pulls()).toHaveLength(pages);
    const boot = progress.filter((p) => p.phase === 'bootstrap');
    expect(boot).toHaveLength(pages);
    expect(boot[0]).toMatchObject({ rows: 100, total: SNAPSHOT.length });
    expect(boot[0]!.percent).toBeCloseTo((100 / SNAPSHOT.length) * 100, 0);
    expect(boot.at(-1)).toMatchObject({ rows: SNAPSHOT.length, percent: 100, secondsLeft: 0 });
    expect(boot.map((p) => p.rows)).toEqual([...boot.map((p) => p.rows)].sort((a, b) => a - b));
    const status = dispatch(t.backend, 'sync.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'idle', online: true, bootstrapped: true, pendingChanges: 0 } });
    // The individual search works on pulled rows (individual_no_rev derived locally, FTS filled).
    login(t.backend);
    const no = value(t.backend, 'SELECT individual_no FROM individual LIMIT 1') as unknown as string;
    expect(dispatch(t.backend, 'individual.search', { query: no })).toMatchObject({ ok: true, value: { match: 'exact' } });
    expect(dispatch(t.backend, 'individual.search', { query: `*${no.slice(-4)}` })).toMatchObject({ ok: true, value: { match: 'list' } });
  });

  it('resumes an interrupted bootstrap from the cursor of the last page it saved', async () => {
    const dataDir = makeTempDir();
    let pulls = 0;
    central.intercept = (path) => (path === '/sync/pull' && ++pulls === 3 ? { status: 503, body: { error: { code: 'x', message: 'upptagen' } } } : undefined);
    const first = workstation({ dataDir });
    const outcome = await engine(first.backend).syncNow();
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(value(first.backend, 'SELECT cursor FROM sync_state')).toBe('200');
    expect(value(first.backend, 'SELECT pull_rows FROM sync_state')).toBe(200);
    first.backend.close();
    open.splice(open.indexOf(first), 1);

    const progress: SyncProgress[] = [];
    const again = workstation({ dataDir });
    again.backend.events.on('sync.progress', (p) => progress.push(p));
    expect(await engine(again.backend).syncNow()).toEqual({ ok: true });
    expect(central.pulls().slice(3)[0]).toEqual({ cursor: '200' });
    expect(progress[0]).toMatchObject({ phase: 'bootstrap', rows: 300, total: SNAPSHOT.length });
    expect(value(again.backend, 'SELECT count(*) FROM article')).toBe(SNAPSHOT.filter((c) => c.table === 'article').length);
  });

  it('refuses local writes until the first bootstrap has finished, then keeps full-text search working', async () => {
    let pulls = 0;
    central.intercept = (path) => (path === '/sync/pull' && ++pulls === 2 ? { status: 503, body: {} } : undefined);
    const t = workstation();
    await engine(t.backend).syncNow();
    const refused = t.backend.context.writer.write('individual.addText', { individualId: 'x', textId: crypto.randomUUID(), text: 'x' }, 'U1');
    expect(refused).toMatchObject({ ok: false, error: { code: 'bootstrap-running', message: expect.stringMatching(/första synkroniseringen/) } });
    // The bootstrap writes without the FTS triggers (kept aside in the same transaction) …
    const triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'";
    expect(value(t.backend, triggers)).toBe(0);
    expect(value(t.backend, "SELECT count(*) FROM replica_setting WHERE key = 'ftsTriggersSuspended'")).toBe(1);
    // … and its last page rebuilds the indexes and restores them, also after an interruption.
    expect(await engine(t.backend).syncNow()).toEqual({ ok: true });
    expect(value(t.backend, triggers)).toBe(7);
    expect(value(t.backend, "SELECT count(*) FROM replica_setting WHERE key = 'ftsTriggersSuspended'")).toBe(0);
    login(t.backend);
    const article = t.backend.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' LIMIT 1").pluck().get() as string;
    expect(dispatch(t.backend, 'individual.register', { articleId: article, individualNo: 'FTS-12345', estimatedAgeYears: 0 }).ok).toBe(true);
    expect(dispatch(t.backend, 'individual.search', { query: 'S-123' })).toMatchObject({ ok: true, value: { match: 'list', total: 1 } });
    const someArticle = SNAPSHOT.find((c) => c.table === 'article')!.row!.name as string;
    expect(dispatch(t.backend, 'stock.balancesCount', { balance: 'all', text: someArticle.slice(0, 5) })).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    expect(((dispatch(t.backend, 'stock.balancesCount', { balance: 'all', text: someArticle.slice(0, 5) }) as { value: { total: number } }).value.total)).toBeGreaterThan(0);
  });

  it('applies a page together with its cursor or not at all', async () => {
    const t = workstation();
    await engine(t.backend).syncNow();
    const cursor = value(t.backend, 'SELECT cursor FROM sync_state');
    const before = value(t.backend, 'SELECT count(*) FROM supplier');
    central.emit([
      { table: 'supplier', op: 'upsert', id: 'S900', row: { id: 'S900', name: 'Ny leverantör' } },
      // A row the replica's CHECK refuses: the whole page must roll back.
      { table: 'iso_class', op: 'upsert', id: '1', row: { code: '1', name: 'ogiltig', parent_code: null } },
    ]);
    const outcome = await engine(t.backend).syncNow();
    expect(outcome.ok).toBe(false);
    expect(value(t.backend, 'SELECT cursor FROM sync_state')).toBe(cursor);
    expect(value(t.backend, 'SELECT count(*) FROM supplier')).toBe(before);
  });
});

describe('push and pull', () => {
  it('pushes before it pulls and empties the outbox of acknowledged mutations', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const article = untrackedArticle(t.backend);
    const balances = serverBalances();
    central.decide = () => ({ outcome: 'applied' });
    const push = central.decide;
    central.decide = (clientId, m) => {
      central.emit(serverEffects(m, balances));
      return push(clientId, m);
    };
    adjust(t.backend, article, 3);
    adjust(t.backend, article, 4);
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ value: { pendingChanges: 2 } });
    const before = central.requests.length;
    expect(await e.syncNow()).toEqual({ ok: true });
    expect(central.requests.slice(before).map((r) => r.path)).toEqual(['/sync/push', '/sync/pull']);
    const pushed = central.requests[before]!.body.mutations as Mutation[];
    expect(pushed.map((m) => [m.id, m.name, m.userId])).toEqual([
      [1, 'stock.adjust', 'U1'],
      [2, 'stock.adjust', 'U1'],
    ]);
    expect(value(t.backend, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(dispatch(t.backend, 'app.status', {})).toMatchObject({ value: { pendingChanges: 0, online: true } });
    expect(value(t.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", article)).toBe(balances.get(`50301|${article}`));
  });

  it('does not let a pull overwrite rows with unacknowledged work: it is re-applied on top', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const article = untrackedArticle(t.backend);
    const key = `50301|${article}`;
    const articleNo = SNAPSHOT.find((c) => c.table === 'article' && c.id === article)!.row!.article_no;
    adjust(t.backend, article, 5);
    // Another workstation's work arrives: the central balance is now 100.
    e.applyPage({
      cursor: '9999',
      hasMore: false,
      lastMutationId: 0,
      changes: [{ seq: 9999, table: 'stock_balance', op: 'upsert', id: key, row: { store_id: '50301', article_id: article, article_no: articleNo, on_hand: 100, reserved: 0 } }],
    });
    expect(value(t.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", article)).toBe(105);
    expect(value(t.backend, "SELECT count(*) FROM outbox WHERE state = 'pending' AND local_applied = 1")).toBe(1);
  });

  it('lists a refused mutation as a conflict with the server’s explanation and advice, and takes its effect back', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const article = t.backend.context.db.prepare("SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' LIMIT 1").pluck().get() as string;
    const reg = dispatch(t.backend, 'individual.register', { articleId: article, individualNo: 'KROCK-1', estimatedAgeYears: 1 });
    expect(reg.ok).toBe(true);
    expect(value(t.backend, "SELECT count(*) FROM individual WHERE individual_no = 'KROCK-1'")).toBe(1);
    central.decide = () => ({ outcome: 'rejected', code: 'duplicate-individual-no', message: 'Individnummer KROCK-1 finns redan. Individnummer är unika.' });
    expect(await e.syncNow()).toEqual({ ok: true });
    expect(value(t.backend, "SELECT count(*) FROM individual WHERE individual_no = 'KROCK-1'")).toBe(0);
    expect(value(t.backend, 'SELECT count(*) FROM outbox')).toBe(0);
    const conflicts = dispatch(t.backend, 'sync.conflicts', {});
    expect(conflicts).toMatchObject({
      ok: true,
      value: [{ code: 'duplicate-individual-no', message: 'Individnummer KROCK-1 finns redan. Individnummer är unika.', summary: expect.stringContaining('Registrering av individ KROCK-1') }],
    });
    const [c] = (conflicts as { value: { id: number; code: string }[] }).value;
    // What to do is the catalogue's text for the code (renderer/i18n, sync.advice.<code>).
    expect(c!.code).toBe('duplicate-individual-no');
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ value: { conflicts: 1 } });
    expect(dispatch(t.backend, 'sync.dismissConflict', { id: c!.id }).ok).toBe(true);
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ value: { conflicts: 0 } });
    expect(dispatch(t.backend, 'sync.conflicts', { includeDismissed: true })).toMatchObject({ value: [{ dismissedAt: expect.any(String) }] });
  });

  it('a push whose answer was lost is sent again, answered with its stored outcome and counted once, confirmed by the pull', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const article = untrackedArticle(t.backend);
    const balances = serverBalances();
    central.decide = (_c, m) => {
      central.emit(serverEffects(m, balances));
      return { outcome: 'applied' };
    };
    adjust(t.backend, article, 7);
    // Simulate "committed, answer lost": run the server's push, then answer 502.
    const push = central.requests.length;
    central.intercept = (path, body) => {
      if (path !== '/sync/push' || central.requests.length !== push + 1) return undefined;
      const m = (body.mutations as Mutation[])[0]!;
      central.lastMutationId.set(body.clientId as string, m.id);
      central.emit(serverEffects(m, balances));
      return { status: 502, body: 'Bad Gateway' };
    };
    expect(await e.syncNow()).toMatchObject({ ok: false, retryable: true });
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ value: { state: 'error', pendingChanges: 1, nextRetryAt: expect.any(String) } });
    expect(await e.syncNow()).toEqual({ ok: true });
    const lastPush = central.requests.filter((r) => r.path === '/sync/push').at(-1)!;
    expect((lastPush.body.mutations as Mutation[]).map((m) => m.id)).toEqual([1]);
    expect(value(t.backend, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(value(t.backend, 'SELECT count(*) FROM sync_conflicts')).toBe(0);
    expect(value(t.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", article)).toBe(balances.get(`50301|${article}`));
    expect(value(t.backend, "SELECT count(*) FROM stock_movement WHERE note = 'test' AND article_id = ?", article)).toBe(1);
  });
});

describe('refusals and failures', () => {
  it('stops with a clear Swedish status when the server does not support this version, and does not retry', async () => {
    const t = workstation();
    central.protocolVersion = 99;
    const e = engine(t.backend);
    e.start();
    await until(() => e.status().state === 'version-not-supported', 'the version refusal');
    const status = dispatch(t.backend, 'sync.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'version-not-supported', nextRetryAt: null } });
    expect((status as { value: { error: { message: string } } }).value.error.message).toMatch(/versionen av Buffert.*uppdaterats/);
    const n = central.requests.length;
    await sleep(200);
    expect(central.requests.length).toBe(n);
    // "Synka nu" tries again, once.
    await e.syncNow();
    expect(central.requests.length).toBe(n + 1);
  });

  it('never retries a 4xx refusal on its own, not even after a local write, and surfaces it', async () => {
    const t = workstation();
    await engine(t.backend).syncNow();
    login(t.backend);
    central.intercept = (path) => (path === '/sync/pull' ? { status: 403, body: { error: { code: 'forbidden', message: 'fel lager' } } } : undefined);
    engine(t.backend).start();
    await until(() => engine(t.backend).status().state === 'error', 'the 403');
    const n = central.requests.length;
    adjust(t.backend, untrackedArticle(t.backend), 1);
    await sleep(200);
    expect(central.requests.length).toBe(n);
    expect(dispatch(t.backend, 'sync.status', {})).toMatchObject({ value: { state: 'error', error: { code: 'forbidden', message: expect.stringMatching(/nekar/) }, nextRetryAt: null } });
  });

  it('backs off on 5xx and network errors and recovers by itself', async () => {
    const t = workstation();
    let failures = 0;
    central.intercept = (path) => (path === '/sync/pull' && failures++ < 3 ? { status: 503, body: {} } : undefined);
    const e = engine(t.backend);
    const states: string[] = [];
    t.backend.events.on('sync.status', (s) => states.push(s.state));
    e.start();
    await until(() => e.status().state === 'idle', 'recovery');
    expect(e.status()).toMatchObject({ state: 'idle', bootstrapped: true, error: null, nextRetryAt: null });
    expect(states.filter((s) => s === 'error')).toHaveLength(3);
    e.stop();
  });

  it('registers again once when the server no longer knows the token', async () => {
    const t = workstation();
    await engine(t.backend).syncNow();
    const refused = [...central.tokens][0];
    central.tokens.clear();
    expect(await engine(t.backend).syncNow()).toEqual({ ok: true });
    const registrations = central.requests.filter((r) => r.path === '/sync/register');
    expect(registrations).toHaveLength(2);
    // The second carries the refused token: a server registers a known id again only for its holder.
    expect(registrations[0]!.body.currentToken).toBeUndefined();
    expect(registrations[1]!.body.currentToken).toBe(refused);
  });

  it('stops (fail-safe) before a pull deletes most of the store’s individuals, and applies it once a person confirms', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const ids = rows(t.backend, 'SELECT id FROM individual ORDER BY id').map((r) => (r as { id: string }).id);
    const doomed = ids.slice(0, Math.ceil(ids.length * 0.6));
    const cursor = value(t.backend, 'SELECT cursor FROM sync_state');
    central.emit(doomed.map((id) => ({ table: 'individual' as const, op: 'delete' as const, id, row: null })));
    const outcome = await e.syncNow();
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    const status = dispatch(t.backend, 'sync.status', {});
    expect(status).toMatchObject({ value: { state: 'failsafe', failsafe: { table: 'individual', rows: ids.length, deletions: doomed.length } } });
    expect((status as { value: { failsafe: { message: string } } }).value.failsafe.message).toMatch(/ta bort .* individer/);
    expect(value(t.backend, 'SELECT count(*) FROM individual')).toBe(ids.length);
    expect(value(t.backend, 'SELECT cursor FROM sync_state')).toBe(cursor);
    expect(dispatch(t.backend, 'sync.confirmDeletion', {}).ok).toBe(true);
    await until(() => e.status().state === 'idle', 'the confirmed pull');
    expect(value(t.backend, 'SELECT count(*) FROM individual')).toBe(ids.length - doomed.length);
    // A small deletion passes without asking.
    central.emit([{ table: 'individual', op: 'delete', id: ids.at(-1)!, row: null }]);
    expect(await e.syncNow()).toEqual({ ok: true });
  });

  it('re-bootstraps on resync-required, sweeps what the server no longer has and keeps unacknowledged work', async () => {
    const t = workstation();
    const e = engine(t.backend);
    await e.syncNow();
    login(t.backend);
    const article = untrackedArticle(t.backend);
    const before = value(t.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", article);
    // The server lost its feed: a new snapshot without one recipient, and every old cursor unknown.
    const goneRecipient = SNAPSHOT.find((c) => c.table === 'recipient')!.id;
    const head = central.feed.at(-1)!.seq;
    central.feed = SNAPSHOT.filter((c) => !(c.table === 'recipient' && c.id === goneRecipient)).map((c, i) => ({ ...c, seq: head + 10 + i }));
    central.compactedBefore = head + 10;
    // A write made while the first pull is in flight is unacknowledged when that pull is refused.
    let pushes = 0;
    let wrote = false;
    central.intercept = (path) => {
      if (path === '/sync/push') pushes++;
      if (path === '/sync/pull' && !wrote) {
        wrote = true;
        adjust(t.backend, article, 2);
      }
      return undefined;
    };
    expect(await e.syncNow()).toEqual({ ok: true });
    expect(pushes).toBe(0);
    expect(central.pulls().some((p) => p.cursor === null)).toBe(true);
    expect(value(t.backend, 'SELECT count(*) FROM recipient WHERE id = ?', goneRecipient)).toBe(0);
    expect(value(t.backend, 'SELECT count(*) FROM resync_seen')).toBe(0);
    expect(value(t.backend, "SELECT count(*) FROM outbox WHERE state = 'pending' AND local_applied = 1")).toBe(1);
    expect(value(t.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", article)).toBe(before + 2);
    expect(value(t.backend, 'SELECT resync FROM sync_state')).toBe(0);
  });
});
