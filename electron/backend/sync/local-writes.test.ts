import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { LocalMutations } from './local-mutations';
import { Outbox } from './outbox';
import { Rebase } from './rebase';
import { SyncStateStore } from './state';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

let t: TempBackend;
const db = () => t.backend.context.db;
const call = (name: string, args: unknown) => dispatch(t.backend, name, args);
const one = <T>(sql: string, ...params: unknown[]) => db().prepare(sql).get(...params) as T;
const count = (sql: string, ...params: unknown[]) => (db().prepare(sql).pluck().get(...params) as number) ?? 0;
const changes = () => db().prepare('SELECT total_changes()').pluck().get() as number;

/** A snapshot of every table a mutation may write, to prove that a refusal or an undo leaves no trace. */
const snapshot = () =>
  ['individual', 'individual_text', 'stock_movement', 'stock_balance'].map((t) =>
    JSON.stringify(db().prepare(`SELECT * FROM ${t} ORDER BY 1`).all().map((r) => ({ ...(r as object), seq: undefined }))),
  );

let bArticle: { id: string; article_no: string };
let aArticle: { id: string; article_no: string };
let untracked: { id: string; article_no: string };
let inStore: { id: string; individual_no: string };

beforeAll(() => {
  t = tempBackend();
  bArticle = one("SELECT id, article_no FROM article WHERE tracked_individually = 1 AND aid_category = 'B' ORDER BY article_no LIMIT 1");
  aArticle = one("SELECT id, article_no FROM article WHERE tracked_individually = 1 AND aid_category = 'A' ORDER BY article_no LIMIT 1");
  untracked = one("SELECT id, article_no FROM article WHERE tracked_individually = 0 AND article_type = 'accessory' ORDER BY article_no LIMIT 1");
  inStore = one("SELECT id, individual_no FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY individual_no LIMIT 1");
  expect(call('session.login', { userId: 'U1', secret: DEMO_PASSWORD }).ok).toBe(true);
});
afterAll(() => t.cleanup());

describe('a local write is one transaction: effect, audit entry and outbox entry', () => {
  it('registers a B-aid individual in the own store with its movement, balance, text and outbox entry', () => {
    const balanceBefore = count("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", bArticle.id);
    const saved = call('individual.register', { articleId: bArticle.id, individualNo: 'REG-0001', serialNo: 'SN-1', estimatedAgeYears: 2, text: 'Ny från förrådet' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const { id, mutationId } = saved.value as { id: string; mutationId: number };
    const ind = one<{ individual_no: string; individual_no_rev: string; status: string; store_id: string; serial_no: string }>('SELECT * FROM individual WHERE id = ?', id);
    expect(ind).toMatchObject({ individual_no: 'REG-0001', individual_no_rev: '1000-GER', status: 'inStore', store_id: '50301', serial_no: 'SN-1' });
    expect(count("SELECT count(*) FROM stock_movement WHERE individual_id = ? AND reason = 'registration' AND quantity = 1", id)).toBe(1);
    expect(count("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", bArticle.id)).toBe(balanceBefore + 1);
    expect(count('SELECT count(*) FROM individual_text WHERE individual_id = ?', id)).toBe(1);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'individual.register' AND entity_id = ? AND user_id = 'U1'", id)).toBe(1);
    const entry = one<{ name: string; user_id: string; state: string; args: string }>('SELECT * FROM outbox WHERE id = ?', mutationId);
    expect(entry).toMatchObject({ name: 'individual.register', user_id: 'U1', state: 'pending' });
    expect(JSON.parse(entry.args)).toMatchObject({ individualId: id, individualNo: 'REG-0001', storeId: '50301' });
  });

  it.each([
    ['a duplicate individual number', () => ({ articleId: bArticle.id, individualNo: inStore.individual_no }), 'duplicate-individual-no', /finns redan/],
    ['an unknown article', () => ({ articleId: 'no-such-article', individualNo: 'REG-X1' }), 'unknown-article', /finns inte/],
    ['an article not tracked individually', () => ({ articleId: untracked.id, individualNo: 'REG-X2' }), 'article-not-tracked', /inte individmärkt/],
    ['an A-aid', () => ({ articleId: aArticle.id, individualNo: 'REG-X3' }), 'article-not-b-aid', /A-hjälpmedel/],
  ])('refuses to register %s and changes nothing', (_what, args, code, message) => {
    const before = changes();
    const snap = snapshot();
    const res = call('individual.register', { ...args(), serialNo: null, estimatedAgeYears: 0 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe(code);
    expect(res.error.message).toMatch(message);
    expect(changes()).toBe(before);
    expect(snapshot()).toEqual(snap);
  });

  it('changes an individual number, keeping the old number, reason and user in the text history', () => {
    const res = call('individual.changeNumber', { individualId: inStore.id, newIndividualNo: 'NYTT-77', reason: 'Etiketten var skadad', confirmed: true });
    expect(res.ok).toBe(true);
    const ind = one<{ individual_no: string; individual_no_rev: string }>('SELECT individual_no, individual_no_rev FROM individual WHERE id = ?', inStore.id);
    expect(ind).toEqual({ individual_no: 'NYTT-77', individual_no_rev: '77-TTYN' });
    const text = one<{ text: string }>('SELECT text FROM individual_text WHERE individual_id = ? ORDER BY seq DESC LIMIT 1', inStore.id).text;
    expect(text).toContain(`Tidigare individnummer: ${inStore.individual_no}`);
    expect(text).toContain('Anledning: Etiketten var skadad');
    expect(text).toContain('/Lena Tekniker');
    // The new number is found by the "ends with" search (individual_no_rev).
    const found = call('individual.search', { query: '*-77' });
    expect(found.ok && found.value).toMatchObject({ match: 'list' });
  });

  it('refuses a number change without confirmation at the boundary', () => {
    const res = call('individual.changeNumber', { individualId: inStore.id, newIndividualNo: 'NYTT-78', reason: 'x', confirmed: false });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/Bekräfta/);
  });

  it('adds text information to an individual', () => {
    const res = call('individual.addText', { individualId: inStore.id, text: 'Bromsarna justerade' });
    expect(res.ok).toBe(true);
    expect(count("SELECT count(*) FROM individual_text WHERE individual_id = ? AND text = 'Bromsarna justerade'", inStore.id)).toBe(1);
  });

  it('adjusts a balance with a reason (store admin) and refuses a tracked article', () => {
    const before = count("SELECT coalesce((SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?), 0)", untracked.id);
    const res = call('stock.adjust', { articleId: untracked.id, quantity: -2, reason: 'Trasiga vid inventering' });
    expect(res.ok).toBe(true);
    expect(count("SELECT on_hand FROM stock_balance WHERE store_id = '50301' AND article_id = ?", untracked.id)).toBe(before - 2);
    const tracked = call('stock.adjust', { articleId: bArticle.id, quantity: 1, reason: 'x' });
    expect(tracked.ok === false && tracked.error.code).toBe('article-tracked');
  });

  it('refuses a stock adjustment by a technician who is not a store admin', () => {
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    const res = call('stock.adjust', { articleId: untracked.id, quantity: 1, reason: 'x' });
    expect(res.ok === false && res.error.message).toMatch(/lageradministratörer/);
    call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  });

  it('refuses writes when nobody is logged in', () => {
    call('session.logout', {});
    const res = call('individual.addText', { individualId: inStore.id, text: 'x' });
    expect(res.ok === false && res.error.code).toBe('not-logged-in');
    call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
  });

  it('finds an article by number for the register screen', () => {
    const res = call('article.lookup', { articleNo: bArticle.article_no });
    expect(res.ok && res.value).toMatchObject({ id: bArticle.id, trackedIndividually: true, aidCategory: 'B' });
    const missing = call('article.lookup', { articleNo: '00000' });
    expect(missing.ok === false && missing.error.code).toBe('not-found');
  });

  it('counts the queued writes as pending in app.status and sync.status (no central server: disabled)', () => {
    const pending = count("SELECT count(*) FROM outbox WHERE state = 'pending'");
    expect(pending).toBeGreaterThanOrEqual(4);
    const status = call('app.status', {});
    expect(status.ok && status.value).toMatchObject({ pendingChanges: pending, online: false });
    const sync = call('sync.status', {});
    expect(sync.ok && sync.value).toMatchObject({ state: 'disabled', pendingChanges: pending });
    expect(call('sync.now', {}).ok).toBe(false);
  });
});

describe('outbox ordering', () => {
  it('hands out consecutive mutation ids in commit order, also after acknowledged entries are gone', () => {
    const outbox = new Outbox(db());
    const ids = (db().prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as number[]);
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
    db().exec('DELETE FROM outbox');
    const res = call('individual.addText', { individualId: inStore.id, text: 'efter tömning' });
    expect(res.ok && (res.value as { mutationId: number }).mutationId).toBe(ids.at(-1)! + 1);
    expect(outbox.pendingBatch(10).map((m) => m.id)).toEqual([ids.at(-1)! + 1]);
  });

  it('a refused write does not use up a mutation id', () => {
    const last = new Outbox(db()).lastId();
    call('individual.addText', { individualId: 'no-such-individual', text: 'x' });
    const res = call('individual.addText', { individualId: inStore.id, text: 'y' });
    expect(res.ok && (res.value as { mutationId: number }).mutationId).toBe(last + 1);
  });
});

describe('rebase', () => {
  it('takes every optimistic effect out exactly and puts it back on top', () => {
    const local = new LocalMutations(db());
    const outbox = new Outbox(db());
    const rebase = new Rebase(db(), outbox, local, new SyncStateStore(db()));
    db().exec('DELETE FROM outbox');
    const clean = snapshot();
    call('individual.register', { articleId: bArticle.id, individualNo: 'REB-1', serialNo: null, estimatedAgeYears: 0, text: 'a' });
    const reg = db().prepare("SELECT id FROM individual WHERE individual_no = 'REB-1'").pluck().get() as string;
    call('individual.addText', { individualId: reg, text: 'b' });
    call('individual.changeNumber', { individualId: reg, newIndividualNo: 'REB-2', reason: 'r', confirmed: true });
    call('stock.adjust', { articleId: untracked.id, quantity: 5, reason: 'r' });
    const written = snapshot();
    let inside: string[] = [];
    db().transaction(() => rebase.run(() => (inside = snapshot())))();
    expect(inside).toEqual(clean);
    expect(snapshot()).toEqual(written);
    // And a refused entry (its individual taken meanwhile by "the server") stays queued without effect.
    db().transaction(() =>
      rebase.run(() => {
        db().prepare('UPDATE individual SET individual_no = ? WHERE id = ?').run('SERVER-OWNS', inStore.id);
        db().prepare(`INSERT INTO individual (id, individual_no, individual_no_rev, article_id, status, store_id) VALUES ('srv-1', 'REB-1', '1-BER', ?, 'inStore', '50301')`).run(bArticle.id);
      }),
    )();
    const entries = outbox.all();
    expect(entries[0]).toMatchObject({ name: 'individual.register', localApplied: false });
    expect(entries[0]!.localError).toMatch(/REB-1 finns redan/);
    // addText and changeNumber on the never-registered individual are refused locally too.
    expect(entries.slice(1, 3).every((e) => !e.localApplied)).toBe(true);
    expect(entries[3]).toMatchObject({ name: 'stock.adjust', localApplied: true });
  });

  it('keeps the ledger append-only outside a rebase', () => {
    expect(() => db().exec('DELETE FROM stock_movement')).toThrow(/append-only/);
  });
});
