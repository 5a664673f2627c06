import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../shared/api/schemas';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { startCentral } from '../helpers/central';
import { login, replicaState, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * The workstation backend (real SQLite in a temp dir) against the real central server (in
 * process, PGlite in memory): bootstrap, the four first mutations end to end, a refusal, central
 * changes, and a resync.
 */

let central: CentralUnderTest;
const stations: Workstation[] = [];
beforeAll(async () => {
  central = await startCentral();
}, 60_000);
afterAll(async () => {
  for (const s of stations) s.cleanup();
  await central.close();
});

function station(name: string): Workstation {
  const s = workstation(name, central.url, central.enrolmentKey, { sync: { autoStart: false } });
  stations.push(s);
  return s;
}
const one = <T>(b: Backend, sql: string, ...params: unknown[]) => b.context.db.prepare(sql).pluck().get(...params) as T;
const call = (b: Backend, name: string, args: unknown) => dispatch(b, name, args);
const bArticle = (b: Backend) => one<string>(b, "SELECT id FROM article WHERE tracked_individually = 1 AND aid_category = 'B' ORDER BY article_no LIMIT 1");
const untracked = (b: Backend) => one<string>(b, "SELECT id FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1");
const saved = (res: ReturnType<typeof call>) => {
  if (!res.ok) throw new Error(res.error.message);
  return res.value as { id: string; mutationId: number };
};

let a: Workstation;
let b: Workstation;

describe('a workstation against the central server', () => {
  it('starts empty and bootstraps the store from the central server with progress', async () => {
    a = station('A');
    const progress: SyncProgress[] = [];
    a.backend.events.on('sync.progress', (p) => progress.push(p));
    expect(one<number>(a.backend, 'SELECT count(*) FROM article')).toBe(0);
    expect(call(a.backend, 'sync.status', {})).toMatchObject({ ok: true, value: { state: 'bootstrapping', bootstrapped: false } });
    await settle(a.backend);
    expect(one<number>(a.backend, 'SELECT count(*) FROM article')).toBeGreaterThan(200);
    expect(one<number>(a.backend, "SELECT count(*) FROM individual WHERE store_id = '50301'")).toBeGreaterThan(0);
    const boot = progress.filter((p) => p.phase === 'bootstrap');
    expect(boot.length).toBeGreaterThan(0);
    expect(boot.at(-1)).toMatchObject({ percent: 100 });
    expect(boot[0]!.total).toBeGreaterThan(0);
    expect(call(a.backend, 'session.screen', {})).toMatchObject({ ok: true, value: { firstSync: false, users: expect.arrayContaining([expect.objectContaining({ id: 'U1' })]) } });
    login(a.backend);
    expect(call(a.backend, 'app.status', {})).toMatchObject({ ok: true, value: { online: true, pendingChanges: 0, lastSyncAt: expect.any(String) } });

    b = station('B');
    await settle(b.backend);
    login(b.backend);
    expect(replicaState(b.backend)).toEqual(replicaState(a.backend));
  });

  it('carries the four first mutations to the server and on to another workstation', async () => {
    const article = bArticle(a.backend);
    const reg = saved(call(a.backend, 'individual.register', { articleId: article, individualNo: 'INT-1001', serialNo: 'SN-9', estimatedAgeYears: 3, text: 'Registrerad i buffertlagret' }));
    saved(call(a.backend, 'individual.changeNumber', { individualId: reg.id, newIndividualNo: 'INT-1002', reason: 'Dubbelmärkt', confirmed: true }));
    saved(call(a.backend, 'individual.addText', { individualId: reg.id, text: 'Kontrollerad' }));
    const accessory = untracked(a.backend);
    const before = one<number | undefined>(a.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", accessory) ?? 0;
    saved(call(a.backend, 'stock.adjust', { articleId: accessory, quantity: 4, reason: 'Hittade vid städning' }));
    expect(call(a.backend, 'sync.status', {})).toMatchObject({ value: { pendingChanges: 4 } });

    await settle(a.backend);
    expect(call(a.backend, 'sync.status', {})).toMatchObject({ value: { state: 'idle', online: true, pendingChanges: 0, conflicts: 0 } });
    await settle(b.backend);
    expect(one<string>(b.backend, 'SELECT individual_no FROM individual WHERE id = ?', reg.id)).toBe('INT-1002');
    expect(one<string>(b.backend, 'SELECT individual_no_rev FROM individual WHERE id = ?', reg.id)).toBe('2001-TNI');
    const texts = b.backend.context.db.prepare('SELECT text FROM individual_text WHERE individual_id = ? ORDER BY at, text').pluck().all(reg.id) as string[];
    expect(texts).toEqual(expect.arrayContaining(['Registrerad i buffertlagret', 'Kontrollerad', expect.stringContaining('Tidigare individnummer: INT-1001')]));
    expect(one<number>(b.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", accessory)).toBe(before + 4);
    expect(call(b.backend, 'individual.search', { query: 'INT-1002' })).toMatchObject({ ok: true, value: { match: 'exact' } });
    expect(replicaState(b.backend)).toEqual(replicaState(a.backend));
  });

  it('lists a mutation the server refuses as a conflict and restores the server’s truth', async () => {
    const article = bArticle(a.backend);
    // Both workstations, offline, register the same individual number.
    const first = saved(call(a.backend, 'individual.register', { articleId: article, individualNo: 'KROCK-77', estimatedAgeYears: 0 }));
    const second = saved(call(b.backend, 'individual.register', { articleId: article, individualNo: 'KROCK-77', estimatedAgeYears: 1 }));
    await settle(a.backend);
    await settle(b.backend);
    expect(one<string>(b.backend, "SELECT id FROM individual WHERE individual_no = 'KROCK-77'")).toBe(first.id);
    expect(one<number>(b.backend, 'SELECT count(*) FROM individual WHERE id = ?', second.id)).toBe(0);
    const conflicts = call(b.backend, 'sync.conflicts', {});
    expect(conflicts).toMatchObject({
      ok: true,
      value: [{ code: 'duplicate-individual-no', message: expect.stringMatching(/KROCK-77 finns redan/), summary: expect.stringContaining('KROCK-77') }],
    });
    expect(call(b.backend, 'sync.status', {})).toMatchObject({ value: { conflicts: 1, pendingChanges: 0 } });
    expect(replicaState(b.backend)).toEqual(replicaState(a.backend));
  });

  it('learns what changed centrally (an article added by the central service)', async () => {
    await central.admin(['add-article', '99901', 'Rollator Central Test', '--type', 'mainAid', '--tracked', '--b-aid']);
    expect(call(a.backend, 'article.lookup', { articleNo: '99901' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await settle(a.backend);
    expect(call(a.backend, 'article.lookup', { articleNo: '99901' })).toMatchObject({ ok: true, value: { name: 'Rollator Central Test', trackedIndividually: true, aidCategory: 'B' } });
    const id = (call(a.backend, 'article.lookup', { articleNo: '99901' }) as { value: { id: string } }).value.id;
    saved(call(a.backend, 'individual.register', { articleId: id, individualNo: 'NY-99901-1', estimatedAgeYears: 0 }));
    await settle(a.backend);
    expect(call(a.backend, 'sync.status', {})).toMatchObject({ value: { pendingChanges: 0 } });
  });

  it('re-bootstraps when the server no longer knows the cursor, keeping unacknowledged work', async () => {
    const accessory = untracked(a.backend);
    const balance = () => one<number>(a.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", accessory);
    const before = balance();
    saved(call(a.backend, 'stock.adjust', { articleId: accessory, quantity: -1, reason: 'Trasig' }));
    a.backend.context.db.prepare('UPDATE sync_state SET cursor = ?').run('b2xkLWN1cnNvcg');
    const states: string[] = [];
    a.backend.events.on('sync.status', (s) => states.push(s.state));
    expect(await a.backend.context.sync!.pullOnly()).toEqual({ ok: true });
    expect(states).toContain('resyncing');
    expect(call(a.backend, 'sync.status', {})).toMatchObject({ value: { pendingChanges: 1 } });
    expect(balance()).toBe(before - 1);
    await settle(a.backend);
    await settle(b.backend);
    expect(replicaState(a.backend)).toEqual(replicaState(b.backend));
    expect(one<number>(b.backend, "SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", accessory)).toBe(before - 1);
  });
});
