import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/api/dispatch';
import type { Backend } from '../../electron/backend/backend';
import { stocktakeRowsReader } from '../../electron/backend/stocktake/facts';
import type { ApprovalCheck, LinesPage, StocktakeScanResult, StocktakeSummary } from '../../shared/api/stocktake';
import type { SyncConflict } from '../../shared/api/schemas';
import { mergeFactsOf, type StocktakeRows } from '../../shared/domain/stocktake/facts';
import { approvalPlan, mergeStocktake, type StocktakeResult } from '../../shared/domain/stocktake/merge';
import { stocktakeRows } from '../../server/stocktake/mutations';
import { startCentral } from '../helpers/central';
import { login, settle, workstation, type CentralUnderTest, type Workstation } from '../helpers/sync-harness';

/**
 * Issue 9 below the UI, on a real central server (PGlite): three workstations of store 50301 count
 * one stocktake offline and sync in random orders; every workstation's merge, and central's over
 * its own rows (server/stocktake/mutations.ts stocktakeRows, as the approval reads them), agree.
 * Then the hard cases of the approval: overlapping stocktakes created offline (the second joins the
 * first), an approval made on counts central has more of (counts-differ, undone locally), two
 * approvals of one stocktake (exactly one), and a count arriving after the approval (refused).
 */

const STORE = '50301';
/** Who counts on each workstation: Lena (store admin) on two, Ahmed (technician) on one. */
const USERS = ['U1', 'U2', 'U1'];
let central: CentralUnderTest;
let ws: Workstation[];
const WHOLE = { isoCodes: [], articleTypes: [], locations: [] };

const call = <T>(b: Backend, name: string, input: unknown): T => {
  const r = dispatch(b, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const engine = (w: Workstation) => w.backend.context.sync!;
async function push(w: Workstation) {
  const r = await engine(w).pushOnly();
  if (!r.ok) throw new Error(`push ${w.name}: ${r.error.code} ${r.error.message}`);
}
async function pull(w: Workstation) {
  const r = await engine(w).pullOnly();
  if (!r.ok) throw new Error(`pull ${w.name}: ${r.error.code} ${r.error.message}`);
}
/** Every workstation pushed and pulled everything (twice round: the first ones see the last ones' pushes). */
async function settleAll() {
  for (const w of [...ws, ...ws]) await settle(w.backend);
}

const central$ = { query: async <T>(sql: string, params?: readonly unknown[]) => ({ rows: await central.query!<T>(sql, params ? [...params] : []), rowCount: 0 }) };
const NOW = '2030-01-01T00:00:00.000Z';
const merged = (rows: StocktakeRows | null, id: string): StocktakeResult => {
  const facts = rows ? mergeFactsOf(id, rows) : null;
  if (!facts) throw new Error(`no stocktake ${id}`);
  return mergeStocktake({ ...facts, now: NOW });
};
const localMerge = (w: Workstation, id: string) => merged(stocktakeRowsReader(w.backend.context.db)(id), id);
const centralMerge = async (id: string) => merged(await stocktakeRows(central$, id, STORE), id);

const create = (w: Workstation, name: string, scope: unknown = WHOLE) => call<{ id: string }>(w.backend, 'stocktake.create', { name, scope, blind: false }).id;
const scanIn = (w: Workstation, id: string, text: string) => call<StocktakeScanResult>(w.backend, 'stocktake.scan', { id, text });
const count = (w: Workstation, id: string, articleId: string, kind: string, quantity = 0) => call<StocktakeScanResult>(w.backend, 'stocktake.count', { id, articleId, kind, quantity });
const check = (w: Workstation, id: string) => call<ApprovalCheck>(w.backend, 'stocktake.approvalCheck', { id });
const approve = (w: Workstation, id: string, uncounted: 'keep' | 'zero' = 'keep') => call(w.backend, 'stocktake.approve', { id, uncounted, digest: check(w, id).digest });
const status = (w: Workstation, id: string) => w.backend.context.db.prepare('SELECT status FROM stocktake WHERE id = ?').pluck().get(id) as string | undefined;
const conflicts = (w: Workstation) => call<SyncConflict[]>(w.backend, 'sync.conflicts', {});
const balances = (w: Workstation) => w.backend.context.db.prepare('SELECT article_id, on_hand FROM stock_balance WHERE store_id = ? ORDER BY article_id').all(STORE);
const individuals = (w: Workstation) => w.backend.context.db.prepare('SELECT id, status, store_id FROM individual ORDER BY id').all();
const centralBalances = async () =>
  (await central.query!<{ article_id: string; on_hand: number }>('SELECT article_id, on_hand FROM stock_balance WHERE store_id = $1 ORDER BY article_id COLLATE "C"', [STORE])).map((r) => ({
    article_id: r.article_id,
    on_hand: Number(r.on_hand),
  }));
const stocktakeMovements = async (reference: string) =>
  Number((await central.query!<{ n: number }>("SELECT count(*)::int AS n FROM stock_movement WHERE reason = 'stocktake' AND reference = $1", [reference]))[0]!.n);

/** What the three counted, from the store's own data as central seeded it. */
let plainArticles: { id: string; article_no: string }[];
let heldIndividuals: string[];
let elsewhere: string[];

/** Individuals in the store now (earlier approvals moved the missing ones to 999). */
function refreshHeld() {
  heldIndividuals = ws[0]!.backend.context.db.prepare("SELECT individual_no FROM individual WHERE store_id = '50301' AND status = 'inStore' ORDER BY individual_no LIMIT 6").pluck().all() as string[];
}

beforeAll(async () => {
  central = await startCentral();
  ws = ['st-a', 'st-b', 'st-c'].map((name) => workstation(name, central.url, central.enrolmentKey, { sync: { autoStart: false } }));
  await Promise.all(ws.map((w) => settle(w.backend)));
  ws.forEach((w, i) => login(w.backend, USERS[i]!));
  const db = ws[0]!.backend.context.db;
  plainArticles = db
    .prepare(
      `SELECT a.id, a.article_no FROM article a JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '50301'
       WHERE a.tracked_individually = 0 AND a.article_type <> 'service' AND b.on_hand > 0 ORDER BY a.article_no LIMIT 4`,
    )
    .all() as { id: string; article_no: string }[];
  refreshHeld();
  elsewhere = db.prepare("SELECT individual_no FROM individual WHERE store_id IS NOT '50301' ORDER BY individual_no LIMIT 2").pluck().all() as string[];
  expect(plainArticles).toHaveLength(4);
  expect(heldIndividuals.length).toBeGreaterThanOrEqual(4);
}, 180_000);
afterAll(async () => {
  for (const w of ws ?? []) w.cleanup();
  await central?.close();
});

/** Every workstation's merge and its lines as one user sees them, and central's merge: one and the same. */
async function expectAgreement(id: string) {
  const truth = await centralMerge(id);
  for (const w of ws) expect(localMerge(w, id), `${w.name}'s merge`).toEqual(truth);
  const asU1 = ws.map((w) => {
    login(w.backend, 'U1');
    return call<LinesPage>(w.backend, 'stocktake.lines', { id, limit: 500 });
  });
  for (const page of asU1.slice(1)) expect(page).toEqual(asU1[0]);
  login(ws[1]!.backend, 'U2');
  return truth;
}

describe('three workstations count one stocktake offline and sync in random orders', () => {
  type Action = { w: number; op: 'individual' | 'elsewhere' | 'unknown' | 'article' | 'add' | 'replace' | 'recount' | 'undo' | 'receive'; n: number; q: number };
  const action = fc.record({
    w: fc.integer({ min: 0, max: 2 }),
    op: fc.constantFrom('individual', 'individual', 'elsewhere', 'unknown', 'article', 'add', 'add', 'replace', 'recount', 'undo', 'receive'),
    n: fc.nat(),
    q: fc.integer({ min: 0, max: 30 }),
  }) as fc.Arbitrary<Action>;
  const syncStep = fc.record({ w: fc.integer({ min: 0, max: 2 }), push: fc.boolean() });
  let run = 0;

  function perform(id: string, a: Action) {
    const w = ws[a.w]!;
    const article = plainArticles[a.n % plainArticles.length]!;
    switch (a.op) {
      case 'individual':
        return scanIn(w, id, heldIndividuals[a.n % heldIndividuals.length]!);
      case 'elsewhere':
        return elsewhere.length > 0 ? scanIn(w, id, elsewhere[a.n % elsewhere.length]!) : null;
      case 'unknown':
        return scanIn(w, id, `77700${a.n % 3}`);
      case 'article':
        return scanIn(w, id, article.article_no);
      case 'receive':
        // Stock moves during the count (a receipt on some workstation): lines counted before it ask for a decision.
        // Store admins adjust stock: U1 for a moment on the technician's workstation.
        login(w.backend, 'U1');
        call(w.backend, 'stock.adjust', { articleId: article.id, quantity: 1 + (a.q % 3), reason: 'Mottaget under inventeringen' });
        return login(w.backend, USERS[a.w]!);
      case 'undo':
        return call(w.backend, 'stocktake.undoScan', { id, individualNo: heldIndividuals[a.n % heldIndividuals.length]! });
      default:
        return count(w, id, article.id, a.op, a.q);
    }
  }

  it('every workstation and central merge to the same differences, and one approval books them once everywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 5, maxLength: 25 }),
        fc.array(syncStep, { minLength: 1, maxLength: 6 }),
        fc.array(action, { maxLength: 15 }),
        fc.array(syncStep, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2 }),
        async (offline, syncs1, more, syncs2, approver) => {
          const name = `Inventering ${++run}`;
          refreshHeld();
          // Created on one workstation; the others pull it.
          const creator = ws[run % 3]!;
          login(creator.backend, 'U1');
          const id = create(creator, name);
          await settle(creator.backend);
          for (const w of ws) await pull(w);
          for (const w of ws) expect(status(w, id)).toBe('counting');
          // Offline counting, partial syncs in a random order, more counting, more syncs.
          for (const a of offline) perform(id, a);
          // Each screen shows the stocktake live (the workstation keeps its merge until a table changes).
          const step = async (s: { w: number; push: boolean }) => {
            await (s.push ? push(ws[s.w]!) : pull(ws[s.w]!));
            call(ws[s.w]!.backend, 'stocktake.get', { id });
            call(ws[s.w]!.backend, 'stocktake.lines', { id, filter: 'all' });
          };
          for (const s of syncs1) await step(s);
          for (const a of more) perform(id, a);
          for (const s of syncs2) await step(s);
          await settleAll();
          let truth = await expectAgreement(id);
          expect(truth.counts).toBe([...offline, ...more].filter((a) => a.op !== 'receive').length);

          // A store admin approves on one of them; everyone ends with the same books.
          const admin = ws[approver]!;
          login(admin.backend, 'U1');
          // Lines that stock moved on after they were counted: "behåll räkningen" first (the approval refuses otherwise).
          const decisions = call<LinesPage>(admin.backend, 'stocktake.lines', { id, filter: 'decision', limit: 500 }).lines;
          expect(decisions.length).toBe(truth.totals.needsDecision);
          if (decisions.length > 0) {
            expect(check(admin, id).blocked).toContain('Räkna om eller Behåll räkningen');
            for (const l of decisions) count(admin, id, l.articleId, 'keep');
            await settleAll();
            truth = await expectAgreement(id);
            expect(truth.totals.needsDecision).toBe(0);
          }
          login(admin.backend, 'U1');
          const seen = check(admin, id);
          expect(seen.digest).toBe(truth.digest);
          expect(seen.blocked).toBeNull();
          approve(admin, id);
          await settleAll();
          login(ws[1]!.backend, 'U2');
          for (const w of ws) {
            expect(status(w, id)).toBe('approved');
            expect(conflicts(w).filter((c) => c.name.startsWith('stocktake'))).toEqual([]);
          }
          const books = await centralBalances();
          for (const w of ws) expect(balances(w)).toEqual(books);
          for (const w of ws.slice(1)) expect(individuals(w)).toEqual(individuals(ws[0]!));
          const plan = approvalPlan(truth, 'keep');
          expect(await stocktakeMovements(name)).toBe(plan.adjustments.length + plan.toInvestigation.length);
          // The approved stocktake reads the same everywhere, as it stood when approved.
          const after = await centralMerge(id);
          for (const w of ws) expect(localMerge(w, id).digest).toBe(after.digest);
          // Found again: the missing ones go back in stock from 999 (on another workstation), once.
          const finder = ws[(approver + 1) % 3]!;
          login(finder.backend, 'U1');
          for (const x of plan.toInvestigation) call(finder.backend, 'stocktake.resolveInvestigation', { individualId: x.individualId, outcome: 'restock', location: 'Hylla Å1' });
          await settleAll();
          login(ws[1]!.backend, 'U2');
          const back = plan.toInvestigation.map((x) => x.individualId);
          const onCentral = await central.query!<{ status: string; store_id: string }>('SELECT DISTINCT status, store_id FROM individual WHERE id = ANY($1::text[])', [back]);
          expect(onCentral).toEqual(back.length > 0 ? [{ status: 'inStore', store_id: STORE }] : []);
          const booksAfter = await centralBalances();
          for (const w of ws) expect(balances(w)).toEqual(booksAfter);
          for (const w of ws.slice(1)) expect(individuals(w)).toEqual(individuals(ws[0]!));
        },
      ),
      { numRuns: Number(process.env.SYNC_STOCKTAKE_RUNS ?? 4), endOnFailure: true },
    );
  }, 240_000);
});

describe('the hard cases of a stocktake across workstations', () => {
  it('a stocktake created offline on two workstations for overlapping scopes: the second joins the first, its counts count there', async () => {
    refreshHeld();
    const [a, b] = [ws[0]!, ws[1]!];
    login(a.backend, 'U1');
    login(b.backend, 'U1');
    const first = create(a, 'Helårsinventering');
    const second = create(b, 'Tillbehör', { ...WHOLE, articleTypes: ['accessory', 'sparePart', 'mainAid', 'consumable', 'setting'] });
    const article = plainArticles[0]!;
    count(a, first, article.id, 'add', 2);
    count(b, second, article.id, 'add', 3);
    scanIn(b, second, heldIndividuals[0]!);
    await push(a);
    await push(b);
    await settleAll();
    const rows = await central.query!<{ id: string; status: string; joined_id: string | null }>('SELECT id, status, joined_id FROM stocktake WHERE id = ANY($1::text[]) ORDER BY created_at', [
      [first, second],
    ]);
    expect(rows).toEqual([
      { id: first, status: 'counting', joined_id: null },
      { id: second, status: 'joined', joined_id: first },
    ]);
    for (const w of ws) {
      expect(status(w, second)).toBe('joined');
      const list = call<StocktakeSummary[]>(w.backend, 'stocktake.list', {});
      expect(list.find((s) => s.id === second)?.joined).toEqual({ id: first, name: 'Helårsinventering' });
    }
    const truth = await expectAgreement(first);
    expect(truth.lines.find((l) => l.article.id === article.id)?.quantity).toBe(5);
    expect(truth.lines.flatMap((l) => l.individuals).find((i) => i.individualNo === heldIndividuals[0])?.outcome).toBe('found');
    // Counting in the joined one on b goes to the first; approving the joined one approves the first.
    count(b, second, article.id, 'add', 1);
    await settleAll();
    expect((await centralMerge(first)).lines.find((l) => l.article.id === article.id)?.quantity).toBe(6);
    login(b.backend, 'U1');
    approve(b, second);
    await settleAll();
    for (const w of ws) expect(status(w, first)).toBe('approved');
    expect(conflicts(b).filter((c) => c.name.startsWith('stocktake'))).toEqual([]);
    login(b.backend, 'U2');
  }, 120_000);

  it('approving on counts central has more of: refused (counts-differ) as a conflict, undone locally; after everyone syncs it goes through', async () => {
    refreshHeld();
    const [a, b] = [ws[0]!, ws[1]!];
    login(a.backend, 'U1');
    const id = create(a, 'Ofullständig');
    await settleAll();
    const article = plainArticles[1]!;
    count(a, id, article.id, 'add', 1);
    scanIn(a, id, heldIndividuals[1]!);
    await settle(a.backend);
    const before = balances(a);
    const indsBefore = individuals(a);
    // b counts and pushes; a has not pulled it and approves on what it has.
    count(b, id, article.id, 'add', 4);
    await push(b);
    const digest = check(a, id).digest;
    approve(a, id);
    expect(status(a, id)).toBe('approved');
    await push(a);
    await pull(a);
    const refused = conflicts(a).filter((c) => c.name === 'stocktake.approve');
    expect(refused.map((c) => c.code)).toEqual(['counts-differ']);
    expect(refused[0]!.message).toContain('Synka alla arbetsstationer');
    expect(status(a, id)).toBe('counting');
    expect((await central.query!<{ status: string }>('SELECT status FROM stocktake WHERE id = $1', [id]))[0]!.status).toBe('counting');
    // The local approval is undone: its adjustments and moves to 999 are gone again.
    expect(balances(a)).toEqual(before);
    expect(individuals(a)).toEqual(indsBefore);
    expect(check(a, id).digest).not.toBe(digest);
    for (const c of refused) call(a.backend, 'sync.dismissConflict', { id: c.id });
    await settleAll();
    await expectAgreement(id);
    approve(a, id);
    await settleAll();
    for (const w of ws) expect(status(w, id)).toBe('approved');
    expect(conflicts(a).filter((c) => c.name.startsWith('stocktake'))).toEqual([]);
    expect((await centralMerge(id)).lines.find((l) => l.article.id === article.id)?.quantity).toBe(5);
  }, 120_000);

  it('two workstations approving the same stocktake: exactly one approval, no doubled adjustments', async () => {
    const [a, b, c] = ws as [Workstation, Workstation, Workstation];
    login(a.backend, 'U1');
    login(b.backend, 'U1');
    const id = create(a, 'Dubbelgodkänd');
    await settleAll();
    const article = plainArticles[2]!;
    const onHand = Number((await centralBalances()).find((r) => r.article_id === article.id)?.on_hand ?? 0);
    count(c, id, article.id, 'add', onHand + 7);
    await settleAll();
    approve(a, id);
    approve(b, id);
    await push(a);
    await push(b);
    await settleAll();
    expect(Number((await central.query!<{ n: number }>('SELECT count(*)::int AS n FROM stocktake_approval WHERE stocktake_id = $1', [id]))[0]!.n)).toBe(1);
    expect(conflicts(b).filter((x) => x.name === 'stocktake.approve').map((x) => x.code)).toEqual(['already-approved']);
    expect(conflicts(a).filter((x) => x.name === 'stocktake.approve')).toEqual([]);
    const moves = await central.query!<{ quantity: number }>("SELECT quantity FROM stock_movement WHERE reason = 'stocktake' AND reference = 'Dubbelgodkänd' AND article_id = $1", [article.id]);
    expect(moves.map((m) => Number(m.quantity))).toEqual([7]);
    const books = await centralBalances();
    expect(books.find((r) => r.article_id === article.id)?.on_hand).toBe(onHand + 7);
    for (const w of ws) {
      expect(balances(w)).toEqual(books);
      expect(status(w, id)).toBe('approved');
      expect(w.backend.context.db.prepare('SELECT count(*) FROM stocktake_approval WHERE stocktake_id = ?').pluck().get(id)).toBe(1);
    }
    for (const x of conflicts(b)) call(b.backend, 'sync.dismissConflict', { id: x.id });
    login(b.backend, 'U2');
  }, 120_000);

  it('an approver whose clock is behind: the approved stocktake still shows every count it booked, on every workstation', async () => {
    refreshHeld();
    const late = workstation('st-slow-clock', central.url, central.enrolmentKey, { sync: { autoStart: false }, now: () => new Date(Date.now() - 2 * 3_600_000) });
    try {
      await settle(late.backend);
      login(late.backend, 'U1');
      const [a] = ws as [Workstation];
      login(a.backend, 'U1');
      const id = create(a, 'Fel klocka');
      const article = plainArticles[0]!;
      count(a, id, article.id, 'add', 3);
      await settle(a.backend);
      await settle(late.backend);
      approve(late, id);
      await settle(late.backend);
      await settleAll();
      expect(conflicts(late).filter((c) => c.name.startsWith('stocktake'))).toEqual([]);
      const booked = Number((await centralBalances()).find((r) => r.article_id === article.id)?.on_hand);
      expect(booked).toBe(3);
      for (const w of [...ws, late]) {
        expect(status(w, id)).toBe('approved');
        login(w.backend, 'U1');
        const shown = call<LinesPage>(w.backend, 'stocktake.lines', { id, limit: 500 }).lines.find((l) => l.articleId === article.id);
        expect(shown, w.name).toMatchObject({ counted: true, quantity: 3 });
      }
      ws.forEach((w, i) => login(w.backend, USERS[i]!));
    } finally {
      late.cleanup();
    }
  }, 120_000);

  it('a count arriving after the approval is refused (stocktake-approved) and shown as a conflict; nothing is doubled', async () => {
    refreshHeld();
    const [a, b] = [ws[0]!, ws[1]!];
    login(a.backend, 'U1');
    const id = create(a, 'Sent räknad');
    await settleAll();
    const article = plainArticles[3]!;
    count(a, id, article.id, 'add', 2);
    await settle(a.backend);
    // b counts offline while a approves and syncs.
    count(b, id, article.id, 'add', 9);
    scanIn(b, id, heldIndividuals[2]!);
    approve(a, id);
    await settle(a.backend);
    const books = await centralBalances();
    await settleAll();
    const late = conflicts(b).filter((c) => c.name === 'stocktake.count');
    expect(late.map((c) => c.code)).toEqual(['stocktake-approved', 'stocktake-approved']);
    expect(late[0]!.message).toContain('godkändes');
    expect(await centralBalances()).toEqual(books);
    expect(books.find((r) => r.article_id === article.id)?.on_hand).toBe(2);
    for (const w of ws) expect(balances(w)).toEqual(books);
    expect(Number((await central.query!<{ n: number }>('SELECT count(*)::int AS n FROM stocktake_count WHERE stocktake_id = $1', [id]))[0]!.n)).toBe(1);
    // b's replica dropped its late counts: everyone reads the approved stocktake alike.
    expect(b.backend.context.db.prepare('SELECT count(*) FROM stocktake_count WHERE stocktake_id = ?').pluck().get(id)).toBe(1);
    const truth = await centralMerge(id);
    for (const w of ws) expect(localMerge(w, id)).toEqual(truth);
  }, 120_000);
});
