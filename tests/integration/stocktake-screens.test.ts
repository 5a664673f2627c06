import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandlerName } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/transport';
import type { Result } from '../../shared/result';
import { dispatch } from '../../electron/backend/api/dispatch';
import { createStocktakeStore, REFRESH_MS } from '../../renderer/features/stocktake/stocktakeStore';
import { parseCountQuantity } from '../../renderer/features/stocktake/quantity';
import { tempBackend, type TempBackend } from '../helpers/backend';
import { DEMO_PASSWORD } from '../../shared/demo/generator';

/**
 * The stocktake screens' store (renderer/features/stocktake) against a real workstation backend
 * over a real SQLite file: the calls the screens make, the answers they show, and the refresh that
 * follows `data.changed`. The transport is the backend's own front door (dispatch), as both real
 * transports call it; only the wire is left out.
 *
 * Demo region (shared/demo/generator.ts): Rollator Cross M (10380) has 100857 and 102474 in the
 * store; 100294 is a rollator at a recipient; Bromsvajer (10057) is a non-tracked spare part.
 */
function transportOf(t: TempBackend, calls: HandlerName[] = []): Transport {
  return {
    kind: 'http',
    invoke: (name, args) => {
      calls.push(name);
      // The answer comes a turn later, as over IPC or HTTP.
      return Promise.resolve().then(() => dispatch(t.backend, name, args, { error: () => {} }) as Result<never>);
    },
    on: (event, listener) => t.backend.events.on(event, listener),
  };
}

const ROLLATORS = { name: 'Rollatorer', scope: { isoCodes: ['12 06 06'], articleTypes: [], locations: [] }, zones: [], blind: true };

describe('the stocktake screens against a real backend', () => {
  let t: TempBackend;
  let tick = 0;

  beforeEach(() => {
    tick = 0;
    // A clock that moves: every count is later than the one before.
    t = tempBackend({ now: () => new Date(Date.parse('2026-11-22T10:00:00Z') + ++tick * 1000) });
    dispatch(t.backend, 'session.login', { userId: 'U2', secret: DEMO_PASSWORD });
  });
  afterEach(() => {
    vi.useRealTimers();
    t.cleanup();
  });

  it('a stocktake is created and listed; one that overlaps it is refused with the running one to open', async () => {
    const store = createStocktakeStore(transportOf(t), () => {});
    const created = await store.getState().create(ROLLATORS);
    expect(created.ok).toBe(true);
    await store.getState().loadList();
    expect(store.getState().list).toMatchObject([{ name: 'Rollatorer', status: 'counting', blind: true, scopeText: 'ISO 12 06 06' }]);

    const whole = await store.getState().create({ ...ROLLATORS, name: 'Hela lagret', scope: { isoCodes: [], articleTypes: [], locations: [] } });
    expect(whole).toMatchObject({ ok: false, error: { code: 'overlapping-stocktake', details: { stocktakeId: created.ok ? created.value.id : '' } } });
    expect(!whole.ok && whole.error.message).toContain('Rollatorer');

    // Bad input changes nothing: an ISO class of three digits is refused before any call.
    const bad = await store.getState().create({ ...ROLLATORS, name: 'Fel', scope: { isoCodes: ['12 0'], articleTypes: [], locations: [] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await store.getState().loadList();
    expect(store.getState().list).toHaveLength(1);
  });

  it('scans say what they did: found, duplicate, wrong place, unknown; outside the scope asks and is counted only when confirmed', async () => {
    const store = createStocktakeStore(transportOf(t), () => {});
    const created = await store.getState().create(ROLLATORS);
    if (!created.ok) throw new Error(created.error.message);
    await store.getState().open(created.value.id);
    const s = () => store.getState();

    await s().scan('100857');
    expect(s().lastScan).toMatchObject({ outcome: 'found', individualNo: '100857' });
    await s().scan('100857');
    expect(s().lastScan).toMatchObject({ outcome: 'duplicate' });
    await s().scan('100294');
    expect(s().lastScan).toMatchObject({ outcome: 'wrongPlace', message: { text: expect.stringContaining('hos mottagare') } });
    await s().scan('199999');
    expect(s().lastScan).toMatchObject({ outcome: 'unknown', unknownNo: '199999' });

    await s().scan('10007');
    expect(s().lastScan).toMatchObject({ outcome: 'outOfScope', question: '10007' });
    s().skipQuestion();
    expect(s().lastScan).toMatchObject({ outcome: 'skipped', question: null, message: { key: 'stocktake.count.skipped' } });
    await s().scan('10007');
    await s().scan(s().lastScan!.question!, true);
    expect(s().lastScan).toMatchObject({ outcome: 'article' });
    expect(s().activeLine).toMatchObject({ articleNo: '10007', inScope: false, quantity: 1 });

    // The feed: newest first, the question not in it; an individual's scans can be taken back.
    expect(s().feed.map((f) => f.outcome)).toEqual(['article', 'unknown', 'wrongPlace', 'duplicate', 'found']);
    await s().undoScan(s().feed.find((f) => f.outcome === 'found')!);
    expect(s().feed.filter((f) => f.individualNo === '100857').every((f) => f.undone)).toBe(true);
    const page = dispatch(t.backend, 'stocktake.lines', { id: created.value.id, text: '10380' });
    if (!page.ok) throw new Error(page.error.message);
    const individuals = (page.value as { lines: { individuals: { individualNo: string; outcome: string }[] }[] }).lines[0]!.individuals;
    expect(individuals.some((i) => i.individualNo === '100857' && i.outcome === 'found')).toBe(false);
  });

  it('typed counts are whole numbers 0–100 000; they add up, and "ersätt" replaces only the own count', async () => {
    expect(parseCountQuantity('12')).toEqual({ ok: true, value: 12 });
    expect(parseCountQuantity('1 200')).toEqual({ ok: true, value: 1200 });
    expect(parseCountQuantity('')).toMatchObject({ ok: false, error: { key: 'stocktake.quantity.missing' } });
    expect(parseCountQuantity('2,5')).toMatchObject({ ok: false, error: { key: 'stocktake.quantity.decimals' } });
    expect(parseCountQuantity('2.5')).toMatchObject({ ok: false, error: { key: 'stocktake.quantity.decimals' } });
    expect(parseCountQuantity('tolv')).toMatchObject({ ok: false, error: { key: 'stocktake.quantity.notNumber' } });
    expect(parseCountQuantity('-3')).toMatchObject({ ok: false, error: { text: 'Antalet kan inte vara negativt.' } });
    expect(parseCountQuantity('100001')).toMatchObject({ ok: false, error: { text: expect.stringMatching(/^Antalet får vara högst 100\s000\.$/) } });

    const calls: HandlerName[] = [];
    const store = createStocktakeStore(transportOf(t, calls), () => {});
    const created = await store.getState().create(ROLLATORS);
    if (!created.ok) throw new Error(created.error.message);
    await store.getState().open(created.value.id);
    await store.getState().scan('10057');
    const articleId = store.getState().activeLine!.articleId;

    const before = calls.length;
    const refused = await store.getState().count(articleId, 'add', '2,5');
    expect(refused.ok).toBe(false);
    expect(store.getState().countError).toMatchObject({ key: 'stocktake.quantity.decimals' });
    expect(calls.length, 'a refused quantity is never sent').toBe(before);

    await store.getState().count(articleId, 'add', '4');
    expect(store.getState().activeLine).toMatchObject({ quantity: 5, mine: 5 });
    // Another person counts the same shelf: the counts add up.
    dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    await store.getState().count(articleId, 'add', '3');
    expect(store.getState().activeLine).toMatchObject({ quantity: 8, mine: 3 });
    // Lena replaces her own count; Ahmed's 5 stays.
    await store.getState().count(articleId, 'replace', '2');
    expect(store.getState().activeLine).toMatchObject({ quantity: 7, mine: 2 });
    expect(store.getState().activeLine!.contributions).toEqual(
      expect.arrayContaining([expect.objectContaining({ user: 'Lena Tekniker', quantity: 2, replaced: true }), expect.objectContaining({ user: 'Ahmed Lagerman', quantity: 5, replaced: false })]),
    );
  });

  it('many scans refresh the open stocktake at most once a second, and the last change is always shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const calls: HandlerName[] = [];
    const store = createStocktakeStore(transportOf(t, calls), () => {});
    const created = await store.getState().create(ROLLATORS);
    if (!created.ok) throw new Error(created.error.message);
    store.getState().setShown('stocktake', true);
    await store.getState().open(created.value.id);
    const gets = () => calls.filter((c) => c === 'stocktake.get').length;
    const start = gets();

    // Ten scans within one second (Bromsvajer, ten on the shelf).
    for (let i = 0; i < 10; i++) {
      await store.getState().scan('10057');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(gets() - start).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(REFRESH_MS);
    expect(gets() - start).toBeLessThanOrEqual(3);
    expect(store.getState().view!.summary.counts).toBe(10);

    // Not on screen: no refreshes at all.
    store.getState().setShown('stocktake', false);
    const hidden = gets();
    await store.getState().scan('10057');
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
    expect(gets()).toBe(hidden);
  });

  it('approval: a technician is told why not; a store admin approves with the digest of the counts shown, once', async () => {
    const store = createStocktakeStore(transportOf(t), () => {});
    const created = await store.getState().create(ROLLATORS);
    if (!created.ok) throw new Error(created.error.message);
    await store.getState().open(created.value.id);
    await store.getState().scan('100857');
    await store.getState().loadApprovalCheck();
    expect(store.getState().approvalCheck).toMatchObject({ blocked: 'Bara lageradministratörer får godkänna en inventering.', toInvestigation: 1 });

    dispatch(t.backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    await store.getState().loadApprovalCheck();
    expect(store.getState().approvalCheck).toMatchObject({ blocked: null, unsynced: 1 });
    const approved = await store.getState().approve('keep');
    expect(approved.ok).toBe(true);
    expect(store.getState().view!.summary.status).toBe('approved');
    const again = await store.getState().approve('keep');
    expect(again).toMatchObject({ ok: false, error: { code: 'already-approved' } });
    // A scan into an approved stocktake is refused and recorded nowhere.
    await store.getState().scan('102474');
    expect(store.getState().lastScan).toMatchObject({ outcome: 'error', message: { text: expect.stringContaining('godkänd och låst') } });
  });
});
