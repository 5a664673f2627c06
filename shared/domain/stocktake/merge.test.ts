import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MovementReason } from '../model';
import {
  approvalPlan,
  countsDigest,
  factsAsOf,
  mergeStocktake,
  type CountEvent,
  type LineResult,
  type MergeArticle,
  type MergeIndividual,
  type MergeMovement,
  type StocktakeMergeFacts,
  type StocktakeResult,
} from './merge';
import { StocktakeScope, WHOLE_STORE, type StocktakeZone } from './scope';

/*
 * The merge of count events into differences (merge.ts), on hand-made facts: one store, a few
 * articles and individuals, events with explicit times. Times are minutes after 08:00 on the count day.
 */

const STORE = '50301';
const t = (min: number) => new Date(Date.parse('2026-11-20T08:00:00.000Z') + min * 60_000).toISOString();

const article = (id: string, over: Partial<MergeArticle> = {}): MergeArticle => ({
  id,
  articleNo: id,
  name: `Artikel ${id}`,
  articleType: 'accessory',
  isoCode: '120606',
  trackedIndividually: false,
  priceOre: 10_000,
  unit: 'st',
  ...over,
});
const tracked = (id: string, over: Partial<MergeArticle> = {}) => article(id, { articleType: 'mainAid', trackedIndividually: true, priceOre: 300_000, ...over });
const individual = (no: string, articleId: string, over: Partial<MergeIndividual> = {}): MergeIndividual => ({
  id: `i${no}`,
  individualNo: no,
  articleId,
  storeId: STORE,
  status: 'inStore',
  location: 'Hylla A1',
  acquisitionValueOre: 500_000,
  ...over,
});

let seq = 0;
type Who = { userId?: string | null; clientId?: string; workstation?: string; zoneId?: string | null };
const event = (over: Partial<CountEvent> & { at: string }): CountEvent => ({
  id: `c${String(++seq).padStart(5, '0')}`,
  zoneId: null,
  kind: 'add',
  articleId: null,
  individualId: null,
  code: null,
  quantity: 1,
  source: 'manual',
  userId: 'U1',
  clientId: 'ws1',
  workstation: 'Laptop 1',
  ...over,
});
const add = (articleId: string, quantity: number, at: string, who: Who = {}) => event({ kind: 'add', articleId, quantity, at, ...who });
const replace = (articleId: string, quantity: number, at: string, who: Who = {}) => event({ kind: 'replace', articleId, quantity, at, ...who });
const recount = (articleId: string, quantity: number, at: string, who: Who = {}) => event({ kind: 'recount', articleId, quantity, at, ...who });
const keep = (articleId: string, at: string, who: Who = {}) => event({ kind: 'keep', articleId, quantity: 0, at, ...who });
const scan = (i: MergeIndividual | string, at: string, who: Who = {}, quantity = 1) =>
  typeof i === 'string'
    ? event({ kind: 'scan', code: i, quantity, at, source: 'scan', ...who })
    : event({ kind: 'scan', articleId: i.articleId, individualId: i.id, code: i.individualNo, quantity, at, source: 'scan', ...who });
const movement = (articleId: string, quantity: number, at: string, reason: MovementReason = quantity > 0 ? 'goodsReceipt' : 'issue', individualId: string | null = null): MergeMovement => ({
  articleId,
  individualId,
  quantity,
  reason,
  reference: null,
  at,
});

const facts = (over: Partial<StocktakeMergeFacts> = {}): StocktakeMergeFacts => ({
  storeId: STORE,
  scopes: [WHOLE_STORE],
  zones: [],
  articles: [],
  balances: {},
  ledgerSince: {},
  individuals: [],
  movements: [],
  counts: [],
  now: t(600),
  ...over,
});
const lineOf = (r: StocktakeResult, articleId: string): LineResult => {
  const l = r.lines.find((x) => x.article.id === articleId);
  if (!l) throw new Error(`no line for ${articleId}: ${r.lines.map((x) => x.article.id).join(', ')}`);
  return l;
};
const outcomes = (l: LineResult) => Object.fromEntries(l.individuals.map((i) => [i.individualNo, i.outcome]));

const P = article('P');
const Q = article('Q', { priceOre: 2_500 });

describe('non-tracked articles: counts of several people add up', () => {
  it('adds the counts of every person and workstation, per person', () => {
    const r = mergeStocktake(
      facts({
        articles: [P],
        balances: { P: 10 },
        counts: [
          add('P', 3, t(1), { userId: 'U1', clientId: 'ws1', workstation: 'Laptop 1' }),
          add('P', 2, t(2), { userId: 'U2', clientId: 'ws2', workstation: 'Laptop 2' }),
          add('P', 1, t(3), { userId: 'U1', clientId: 'ws3', workstation: 'Laptop 3' }),
        ],
      }),
    );
    const l = lineOf(r, 'P');
    expect(l.counted).toBe(true);
    expect(l.quantity).toBe(6);
    expect(l.expected).toBe(10);
    expect(l.difference).toBe(-4);
    expect(l.valueOre).toBe(-4 * 10_000);
    expect(l.contributions).toEqual([
      { userId: 'U1', workstation: 'Laptop 1', quantity: 4, replaced: false },
      { userId: 'U2', workstation: 'Laptop 2', quantity: 2, replaced: false },
    ]);
    expect(r.totals).toMatchObject({ lines: 1, countedLines: 1, linesWithDifference: 1, minusOre: -40_000, plusOre: 0 });
    expect(r.workstations.map((w) => [w.clientId, w.counts])).toEqual([
      ['ws1', 1],
      ['ws2', 1],
      ['ws3', 1],
    ]);
  });

  it('"ersätt" replaces only the same person’s own earlier count, visibly; later additions add to it', () => {
    const base = [add('P', 3, t(1), { userId: 'U1' }), add('P', 2, t(2), { userId: 'U2', clientId: 'ws2' }), add('P', 4, t(3), { userId: 'U1' })];
    const replaced = [...base, replace('P', 5, t(4), { userId: 'U1' })];
    const l1 = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 7 }, counts: replaced })), 'P');
    // U1's 3 + 4 became 5; U2's 2 stands.
    expect(l1.quantity).toBe(7);
    expect(l1.difference).toBe(0);
    expect(l1.contributions.find((c) => c.userId === 'U1')).toMatchObject({ quantity: 5, replaced: true });
    expect(l1.contributions.find((c) => c.userId === 'U2')).toMatchObject({ quantity: 2, replaced: false });
    // Nothing is superseded by a replace: the earlier counts stay part of the line's events.
    expect(l1.events).toBe(4);
    expect(l1.supersededEvents).toBe(0);

    const l2 = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 7 }, counts: [...replaced, add('P', 1, t(5), { userId: 'U1' })] })), 'P');
    expect(l2.quantity).toBe(8);
    // U2's replace of their own count leaves U1's alone.
    const l3 = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 7 }, counts: [...replaced, replace('P', 0, t(6), { userId: 'U2', clientId: 'ws2' })] })), 'P');
    expect(l3.quantity).toBe(5);
    expect(l3.contributions.find((c) => c.userId === 'U2')).toMatchObject({ quantity: 0, replaced: true });
    // A replace by someone who had not counted the line is just their count.
    const l4 = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 7 }, counts: [...base, replace('P', 1, t(7), { userId: 'U3', clientId: 'ws3' })] })), 'P');
    expect(l4.quantity).toBe(10);
  });

  it('recount: the latest recount decides, earlier counts stay visible as superseded', () => {
    const counts = [
      add('P', 3, t(1), { userId: 'U1' }),
      add('P', 4, t(2), { userId: 'U2', clientId: 'ws2' }),
      recount('P', 6, t(3), { userId: 'U2', clientId: 'ws2' }),
      add('P', 1, t(4), { userId: 'U1' }),
    ];
    const l = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 9 }, counts })), 'P');
    expect(l.quantity).toBe(7);
    expect(l.countedAt).toBe(t(3));
    expect(l.recountedAt).toBe(t(3));
    expect(l.supersededEvents).toBe(2);
    expect(l.events).toBe(4);
    expect(l.difference).toBe(-2);
    // A second recount starts over again; the first and what followed it are superseded too.
    const again = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 9 }, counts: [...counts, recount('P', 9, t(5), { userId: 'U1' })] })), 'P');
    expect(again.quantity).toBe(9);
    expect(again.supersededEvents).toBe(4);
    expect(again.recountedAt).toBe(t(5));
    expect(again.difference).toBe(0);
    expect(again.contributions).toEqual([{ userId: 'U1', workstation: 'Laptop 1', quantity: 9, replaced: false }]);
  });

  it('"behåll" alone does not count a line', () => {
    const l = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: 4 }, counts: [keep('P', t(1))] })), 'P');
    expect(l.counted).toBe(false);
    expect(l.quantity).toBeNull();
    expect(l.difference).toBeNull();
  });
});

describe('the expectation is frozen when a line is first counted', () => {
  // Balance 10 when counted at 08:01 (8 found); later 2 received and 1 handed out: on hand now 11.
  const base = facts({
    articles: [P],
    balances: { P: 11 },
    movements: [movement('P', 2, t(5)), movement('P', -1, t(6))],
    counts: [add('P', 8, t(1))],
  });

  it('movements after T show as inAfter / outAfter and ask for a decision; the difference stays counted − expected at T', () => {
    const l = lineOf(mergeStocktake(base), 'P');
    expect(l.countedAt).toBe(t(1));
    expect(l.expected).toBe(10);
    expect(l.balanceNow).toBe(11);
    expect(l.inAfter).toBe(2);
    expect(l.outAfter).toBe(1);
    expect(l.needsDecision).toBe(true);
    expect(l.difference).toBe(-2);
    expect(mergeStocktake(base).totals.needsDecision).toBe(1);
    // The adjustment is the difference at T: the receipt and hand-out are in the ledger once.
    expect(approvalPlan(mergeStocktake(base), 'keep').adjustments).toEqual([{ articleId: 'P', articleNo: 'P', quantity: -2, valueOre: -20_000 }]);
  });

  it('movements before the first count are part of the expectation', () => {
    const l = lineOf(mergeStocktake({ ...base, counts: [add('P', 8, t(7))] }), 'P');
    expect(l.expected).toBe(11);
    expect(l.inAfter).toBe(0);
    expect(l.needsDecision).toBe(false);
    expect(l.difference).toBe(-3);
  });

  it('"behåll räkningen" settles it, keeping the difference at T; a movement after the keep needs a decision again', () => {
    const kept = { ...base, counts: [...base.counts, keep('P', t(8))] };
    const l = lineOf(mergeStocktake(kept), 'P');
    expect(l.needsDecision).toBe(false);
    expect(l.keptAt).toBe(t(8));
    expect(l.difference).toBe(-2);
    expect(l.expected).toBe(10);
    const moved = { ...kept, balances: { P: 8 }, movements: [...kept.movements, movement('P', -3, t(9))] };
    const l2 = lineOf(mergeStocktake(moved), 'P');
    expect(l2.needsDecision).toBe(true);
    expect(l2.outAfter).toBe(4);
    expect(l2.expected).toBe(10);
    expect(l2.difference).toBe(-2);
    // A keep before the movements settles nothing.
    const early = lineOf(mergeStocktake({ ...base, counts: [...base.counts, keep('P', t(4))] }), 'P');
    expect(early.needsDecision).toBe(true);
  });

  it('"räkna om" after the movements takes the expectation anew', () => {
    const l = lineOf(mergeStocktake({ ...base, counts: [...base.counts, recount('P', 11, t(8))] }), 'P');
    expect(l.needsDecision).toBe(false);
    expect(l.expected).toBe(11);
    expect(l.inAfter).toBe(0);
    expect(l.difference).toBe(0);
    expect(l.supersededEvents).toBe(1);
  });
});

describe('which lines a stocktake has', () => {
  it('articles with a balance or with movements since the last approved stocktake, counted ones, never service articles', () => {
    const zero = article('Z');
    const moved = article('M');
    const counted = article('C');
    const service = article('S', { articleType: 'service' });
    const none = article('N');
    const r = mergeStocktake(
      facts({
        articles: [P, zero, moved, counted, service, none],
        balances: { P: 3, Z: 0, M: 0, S: 5 },
        ledgerSince: { M: { in: 2, out: 2, lastOut: { reason: 'issue', reference: '26480001', at: t(-100) } } },
        counts: [add('C', 2, t(1))],
      }),
    );
    expect(r.lines.map((l) => l.article.id).sort()).toEqual(['C', 'M', 'P']);
    expect(lineOf(r, 'P')).toMatchObject({ counted: false, expected: 3, quantity: null, difference: null, inScope: true });
    expect(lineOf(r, 'C')).toMatchObject({ counted: true, expected: 0, quantity: 2, difference: 2, valueOre: 20_000 });
    expect(r.totals).toMatchObject({ lines: 3, countedLines: 1, uncountedLines: 2, plusOre: 20_000 });
  });

  it('ISO classes and article types limit the lines; an article counted outside the scope is a line marked out of scope', () => {
    const inIso = article('A1', { isoCode: '120606', articleType: 'accessory' });
    const otherIso = article('A2', { isoCode: '220606', articleType: 'accessory' });
    const otherType = article('A3', { isoCode: '120606', articleType: 'sparePart' });
    const scopes = [StocktakeScope.parse({ isoCodes: ['12'], articleTypes: ['accessory'], locations: [] })];
    const base = facts({ scopes, articles: [inIso, otherIso, otherType], balances: { A1: 1, A2: 1, A3: 1 } });
    expect(mergeStocktake(base).lines.map((l) => l.article.id)).toEqual(['A1']);
    const r = mergeStocktake({ ...base, counts: [add('A2', 1, t(1))] });
    expect(r.lines.map((l) => [l.article.id, l.inScope])).toEqual([
      ['A1', true],
      ['A2', false],
    ]);
    // Joined stocktakes add their scopes.
    const joined = mergeStocktake({ ...base, scopes: [...scopes, StocktakeScope.parse({ isoCodes: [], articleTypes: ['sparePart'], locations: [] })] });
    expect(joined.lines.map((l) => l.article.id).sort()).toEqual(['A1', 'A3']);
  });

  it('lines come in ISO class and article number order', () => {
    const r = mergeStocktake(
      facts({
        articles: [
          article('10010', { isoCode: '220606' }),
          article('10002', { isoCode: '12 06 06' }),
          article('10001', { isoCode: '120606' }),
          article('9', { isoCode: '091203' }),
          article('999', { isoCode: '1206' }),
          article('1000', { isoCode: '1206' }),
        ],
        balances: { '10010': 1, '10002': 1, '10001': 1, '9': 1, '999': 1, '1000': 1 },
      }),
    );
    // A class before its sub-classes; article numbers as numbers (999 before 1000).
    expect(r.lines.map((l) => l.article.id)).toEqual(['9', '999', '1000', '10001', '10002', '10010']);
  });

  it('a negative expectation says why (the ledger since the last stocktake)', () => {
    const ledger = { in: 1, out: 3, lastOut: { reason: 'issue' as const, reference: '26480007', at: t(-60) } };
    const l = lineOf(mergeStocktake(facts({ articles: [P], balances: { P: -2 }, ledgerSince: { P: ledger }, counts: [add('P', 0, t(1))] })), 'P');
    expect(l.expected).toBe(-2);
    expect(l.negative).toEqual(ledger);
    expect(l.difference).toBe(2);
    expect(mergeStocktake(facts({ articles: [P], balances: { P: 2 } })).lines[0]!.negative).toBeNull();
  });
});

describe('individuals', () => {
  const T = tracked('T');
  const U = tracked('U');
  const i1 = individual('100001', 'T');
  const i2 = individual('100002', 'T');
  const i3 = individual('100003', 'T', { acquisitionValueOre: null });
  const base = facts({ articles: [T, U], balances: { T: 3 }, individuals: [i1, i2, i3] });

  it('found, missing (its line counted), valued at acquisition value or the article price', () => {
    const r = mergeStocktake({ ...base, counts: [scan(i1, t(1))] });
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toEqual({ '100001': 'found', '100002': 'missing', '100003': 'missing' });
    expect(l).toMatchObject({ counted: true, expected: 3, quantity: 1, difference: -2, valueOre: -(500_000 + 300_000) });
    expect(r.totals.missing).toBe(2);
    expect(r.progress).toEqual({ expected: 3, counted: 1 });
    const plan = approvalPlan(r, 'keep');
    expect(plan.adjustments).toEqual([]);
    expect(plan.toInvestigation.map((x) => x.individualNo)).toEqual(['100002', '100003']);
    expect(plan.valueOre).toBe(-800_000);
  });

  it('nothing scanned of an article: its individuals are uncounted, not missing, until the line is counted (with 0)', () => {
    const r = mergeStocktake(base);
    expect(outcomes(lineOf(r, 'T'))).toEqual({ '100001': 'uncounted', '100002': 'uncounted', '100003': 'uncounted' });
    expect(lineOf(r, 'T').difference).toBeNull();
    expect(approvalPlan(r, 'keep').toInvestigation).toEqual([]);
    expect(approvalPlan(r, 'zero').toInvestigation).toHaveLength(3);
    const zero = mergeStocktake({ ...base, counts: [replace('T', 0, t(1))] });
    expect(outcomes(lineOf(zero, 'T'))).toEqual({ '100001': 'missing', '100002': 'missing', '100003': 'missing' });
  });

  it('scanned twice: flagged, counted once', () => {
    const r = mergeStocktake({ ...base, counts: [scan(i1, t(1)), scan(i1, t(2), { clientId: 'ws2', workstation: 'Laptop 2', userId: 'U2' }), scan(i2, t(3)), scan(i3, t(4))] });
    const l = lineOf(r, 'T');
    expect(l.quantity).toBe(3);
    expect(l.difference).toBe(0);
    expect(l.individuals.find((i) => i.individualNo === '100001')).toMatchObject({ outcome: 'found', scans: 2 });
    expect(r.totals.duplicates).toBe(1);
    expect(r.progress).toEqual({ expected: 3, counted: 3 });
  });

  it('a scan taken back (quantity 0) leaves the individual not found', () => {
    const r = mergeStocktake({ ...base, counts: [scan(i1, t(1)), scan(i2, t(2)), scan(i2, t(3), {}, 0)] });
    expect(outcomes(lineOf(r, 'T'))).toMatchObject({ '100001': 'found', '100002': 'missing' });
    // …and scanned again after that, found again.
    const again = mergeStocktake({ ...base, counts: [scan(i1, t(1)), scan(i2, t(2)), scan(i2, t(3), {}, 0), scan(i2, t(4))] });
    expect(outcomes(lineOf(again, 'T'))).toMatchObject({ '100002': 'found' });
  });

  it('one that belongs elsewhere is "fel plats" with where the system believes it is, on no line of the store', () => {
    const elsewhere = [
      individual('200001', 'U', { storeId: '10' }),
      individual('200002', 'U', { storeId: null, status: 'atRecipient', location: null }),
      individual('200003', 'U', { storeId: null, status: 'scrapped', location: null }),
      individual('200004', 'U', { storeId: '999', status: 'investigation', location: null }),
      individual('200005', 'U', { storeId: STORE, status: 'scrapped' }),
    ];
    const r = mergeStocktake({ ...base, individuals: [...base.individuals, ...elsewhere], counts: [scan(i1, t(1)), ...elsewhere.map((i, n) => scan(i, t(2 + n)))] });
    expect(r.wrongPlace.map((i) => [i.individualNo, i.storeId, i.status, i.outcome])).toEqual([
      ['200001', '10', 'inStore', 'wrongPlace'],
      ['200002', null, 'atRecipient', 'wrongPlace'],
      ['200003', null, 'scrapped', 'wrongPlace'],
      ['200004', '999', 'investigation', 'wrongPlace'],
      ['200005', STORE, 'scrapped', 'wrongPlace'],
    ]);
    expect(r.totals.wrongPlace).toBe(5);
    expect(r.lines.map((l) => l.article.id)).toEqual(['T']);
    expect(lineOf(r, 'T').quantity).toBe(1);
    // Taken back: no longer a find.
    const undone = mergeStocktake({ ...base, individuals: [...base.individuals, elsewhere[0]!], counts: [scan(elsewhere[0]!, t(1)), scan(elsewhere[0]!, t(2), {}, 0)] });
    expect(undone.wrongPlace).toEqual([]);
  });

  it('an unknown number is "okänd" with its scans and workstations; taken back it is gone', () => {
    const r = mergeStocktake({ ...base, counts: [scan('777001', t(1)), scan('777001', t(2), { clientId: 'ws2', workstation: 'Laptop 2' }), scan('777002', t(3))] });
    expect(r.unknown).toEqual([
      { code: '777001', scans: 2, firstAt: t(1), workstations: ['Laptop 1', 'Laptop 2'] },
      { code: '777002', scans: 1, firstAt: t(3), workstations: ['Laptop 1'] },
    ]);
    expect(r.totals.unknown).toBe(2);
    const undone = mergeStocktake({ ...base, counts: [scan('777002', t(3)), scan('777002', t(4), {}, 0)] });
    expect(undone.unknown).toEqual([]);
  });

  it('registered on the spot after an unknown scan: the scan resolves by number and it counts as found', () => {
    const scanned = scan('777001', t(1));
    const registered = individual('777001', 'T', { id: 'new-777001', location: null, acquisitionValueOre: null });
    const r = mergeStocktake({
      ...base,
      balances: { T: 4 },
      individuals: [...base.individuals, registered],
      movements: [movement('T', 1, t(2), 'registration', registered.id)],
      counts: [scan(i1, t(0)), scanned, scan(i2, t(3)), scan(i3, t(4))],
    });
    expect(r.unknown).toEqual([]);
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toEqual({ '100001': 'found', '100002': 'found', '100003': 'found', '777001': 'found' });
    // The registration is the system learning of what was counted, not stock moving during the count.
    expect(l.needsDecision).toBe(false);
    expect(l.difference).toBe(0);
    expect(approvalPlan(r, 'keep').toInvestigation).toEqual([]);
  });

  it('arrived after its line was counted: shown, not expected, no difference, and no decision (individuals are told apart)', () => {
    const i4 = individual('100004', 'T');
    const r = mergeStocktake({
      ...base,
      balances: { T: 4 },
      individuals: [...base.individuals, i4],
      movements: [movement('T', 1, t(5), 'goodsReceipt', i4.id)],
      counts: [scan(i1, t(1)), scan(i2, t(2)), scan(i3, t(3))],
    });
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toMatchObject({ '100004': 'arrivedAfter' });
    expect(l).toMatchObject({ expected: 3, quantity: 3, difference: 0, inAfter: 1, needsDecision: false });
    // Scanned after it came: still an arrival, not a find of the count at T.
    const scanned = mergeStocktake({
      ...base,
      balances: { T: 4 },
      individuals: [...base.individuals, i4],
      movements: [movement('T', 1, t(5), 'goodsReceipt', i4.id)],
      counts: [scan(i1, t(1)), scan(i2, t(2)), scan(i3, t(3)), scan(i4, t(6))],
    });
    expect(outcomes(lineOf(scanned, 'T'))).toMatchObject({ '100004': 'arrivedAfter' });
    expect(lineOf(scanned, 'T').difference).toBe(0);
  });

  it('left after its line was counted and not found: it went out, nothing to do (no difference, not to 999)', () => {
    const left = { ...i3, storeId: null, status: 'atRecipient' as const, location: null };
    const r = mergeStocktake({
      ...base,
      balances: { T: 2 },
      individuals: [i1, i2, left],
      movements: [movement('T', -1, t(5), 'issue', left.id)],
      counts: [scan(i1, t(1)), scan(i2, t(2))],
    });
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toEqual({ '100001': 'found', '100002': 'found', '100003': 'leftAfter' });
    expect(l.outAfter).toBe(1);
    expect(l.difference).toBe(0);
    expect(l.valueOre).toBe(0);
    expect(r.totals.missing).toBe(0);
    expect(r.totals.linesWithDifference).toBe(0);
    expect(approvalPlan(r, 'keep').toInvestigation).toEqual([]);
    expect(approvalPlan(r, 'zero').toInvestigation).toEqual([]);
  });

  it('zones not counted: their individuals are uncounted, not missing; counted in, they are missing', () => {
    const zones: StocktakeZone[] = [
      { id: 'z1', name: 'Rum A', locations: ['Hylla A'] },
      { id: 'z2', name: 'Rum B', locations: ['Hylla B'] },
    ];
    const inB = individual('100005', 'T', { location: 'Hylla B2' });
    const other = individual('100006', 'U', { location: 'Hylla B3' });
    const f = { ...base, zones, balances: { T: 4, U: 1 }, individuals: [...base.individuals, inB, other] };
    const r = mergeStocktake({ ...f, counts: [scan(i1, t(1), { zoneId: 'z1' })] });
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toEqual({ '100001': 'found', '100002': 'missing', '100003': 'missing', '100005': 'uncounted' });
    expect(l.difference).toBe(-2);
    // Progress: what is left to count in zone B.
    expect(r.zones).toEqual([
      { zoneId: 'z1', expected: 3, counted: 1 },
      { zoneId: 'z2', expected: 2, counted: 0 },
    ]);
    expect(approvalPlan(r, 'keep').toInvestigation.map((x) => x.individualNo)).toEqual(['100002', '100003']);
    expect(approvalPlan(r, 'zero').toInvestigation.map((x) => x.individualNo).sort()).toEqual(['100002', '100003', '100005', '100006']);
    // Someone counts in zone B (another article): the zone is counted, what was not found there is missing.
    const counted = mergeStocktake({ ...f, counts: [scan(i1, t(1), { zoneId: 'z1' }), scan(other, t(2), { zoneId: 'z2' })] });
    expect(outcomes(lineOf(counted, 'T'))).toMatchObject({ '100005': 'missing' });
    expect(counted.zones).toEqual([
      { zoneId: 'z1', expected: 3, counted: 1 },
      { zoneId: 'z2', expected: 2, counted: 1 },
    ]);
  });

  it('found in the store but on a shelf outside the stocktake’s locations: out of scope, not a find of the line', () => {
    const scopes = [StocktakeScope.parse({ isoCodes: [], articleTypes: [], locations: ['Hylla A'] })];
    const outside = individual('100007', 'T', { location: 'Hylla C1' });
    const r = mergeStocktake({ ...base, scopes, balances: { T: 4 }, individuals: [...base.individuals, outside], counts: [scan(i1, t(1)), scan(outside, t(2))] });
    const l = lineOf(r, 'T');
    expect(outcomes(l)).toEqual({ '100001': 'found', '100002': 'missing', '100003': 'missing', '100007': 'outOfScope' });
    expect(l.expected).toBe(3);
    expect(l.quantity).toBe(1);
  });
});

describe('approvalPlan: uncounted lines kept or set to zero', () => {
  it('keep leaves uncounted lines as they are; zero takes non-tracked ones to 0 and sends uncounted individuals to 999', () => {
    const T = tracked('T');
    const i1 = individual('100001', 'T');
    const i2 = individual('100002', 'T');
    const r = mergeStocktake(
      facts({
        articles: [P, Q, T],
        balances: { P: 5, Q: -3, T: 2 },
        individuals: [i1, i2],
        counts: [add('P', 6, t(1))],
      }),
    );
    expect(approvalPlan(r, 'keep')).toEqual({ adjustments: [{ articleId: 'P', articleNo: 'P', quantity: 1, valueOre: 10_000 }], toInvestigation: [], valueOre: 10_000 });
    const zero = approvalPlan(r, 'zero');
    expect(zero.adjustments).toEqual([
      { articleId: 'P', articleNo: 'P', quantity: 1, valueOre: 10_000 },
      { articleId: 'Q', articleNo: 'Q', quantity: 3, valueOre: 7_500 },
    ]);
    expect(zero.toInvestigation.map((x) => x.individualNo)).toEqual(['100001', '100002']);
    expect(zero.valueOre).toBe(10_000 + 7_500 - 2 * 500_000);
  });
});

describe('factsAsOf: an approved stocktake reads as it stood when approved', () => {
  /** The facts after an approval at `at`: its plan applied as the approve mutation writes it. */
  function approved(f: StocktakeMergeFacts, at: string, uncounted: 'keep' | 'zero' = 'keep'): Omit<StocktakeMergeFacts, 'now'> {
    const plan = approvalPlan(mergeStocktake({ ...f, now: at }), uncounted);
    const balances: Record<string, number> = { ...f.balances };
    const movements = [...f.movements];
    for (const adj of plan.adjustments) {
      balances[adj.articleId] = (balances[adj.articleId] ?? 0) + adj.quantity;
      movements.push(movement(adj.articleId, adj.quantity, at, 'stocktake'));
    }
    const gone = new Set(plan.toInvestigation.map((x) => x.individualId));
    for (const x of plan.toInvestigation) {
      balances[x.articleId] = (balances[x.articleId] ?? 0) - 1;
      movements.push(movement(x.articleId, -1, at, 'stocktake', x.individualId));
    }
    // As the approve mutation writes it: to 999, the shelf it was missing from kept.
    const individuals = f.individuals.map((i) => (gone.has(i.id) ? { ...i, storeId: '999', status: 'investigation' as const } : i));
    return { ...f, balances, movements, individuals };
  }
  const strip = (r: StocktakeResult) => ({ ...r, lines: r.lines.map((l) => ({ ...l, balanceNow: 0 })) });

  it('balances and individuals go back by the approval’s own movements; every count stays, whatever its clock said', () => {
    const T = tracked('T');
    const i1 = individual('100001', 'T');
    const i2 = individual('100002', 'T');
    const before = facts({ articles: [P, T], balances: { P: 5, T: 2 }, individuals: [i1, i2], counts: [add('P', 3, t(1)), scan(i1, t(2))], now: t(10) });
    const at = t(10);
    const now = approved(before, at);
    expect(now.balances).toEqual({ P: 3, T: 1 });
    const asOf = factsAsOf(now, at);
    expect(asOf.balances).toEqual({ P: 5, T: 2 });
    expect(strip(mergeStocktake({ ...asOf, now: at }))).toEqual(strip(mergeStocktake(before)));
    // A count stamped after the approval (its workstation's clock ahead of the approver's) was booked: it stays.
    const skewed = { ...before, counts: [...before.counts, add('P', 1, t(11), { userId: 'U2', clientId: 'ws2' })] };
    const booked = approved(skewed, at);
    expect(booked.balances.P).toBe(4);
    expect(lineOf(mergeStocktake({ ...factsAsOf(booked, at), now: at }), 'P').quantity).toBe(4);
  });

  it('with a stocktake limited to shelf locations and zones, the missing individuals are still there as missing', () => {
    const T = tracked('T');
    const i1 = individual('100001', 'T', { location: 'Hylla A1' });
    const i2 = individual('100002', 'T', { location: 'Hylla A2' });
    const scopes = [StocktakeScope.parse({ isoCodes: [], articleTypes: [], locations: ['Hylla A'] })];
    const zones: StocktakeZone[] = [
      { id: 'z1', name: 'A1', locations: ['Hylla A1'] },
      { id: 'z2', name: 'A2', locations: ['Hylla A2'] },
    ];
    const before = facts({ scopes, zones, articles: [T], balances: { T: 2 }, individuals: [i1, i2], counts: [scan(i1, t(1), { zoneId: 'z1' }), scan(i1, t(2), { zoneId: 'z2' }, 0)], now: t(10) });
    const r = mergeStocktake(before);
    expect(outcomes(lineOf(r, 'T'))).toEqual({ '100001': 'missing', '100002': 'missing' });
    const asOf = mergeStocktake({ ...factsAsOf(approved(before, t(10)), t(10)), now: t(10) });
    expect(outcomes(lineOf(asOf, 'T'))).toEqual({ '100001': 'missing', '100002': 'missing' });
    expect(asOf.totals.missing).toBe(2);
  });
});

describe('countsDigest', () => {
  it('is order-free, carries the number of counts and tells different sets apart', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `${i}-${'x'.repeat(i % 7)}`);
    const d = countsDigest(ids);
    expect(d).toMatch(/^50-[0-9a-f]{16}$/);
    expect(countsDigest([...ids].reverse())).toBe(d);
    expect(countsDigest([...ids].sort(() => 0.5 - Math.random()))).toBe(d);
    expect(countsDigest(ids.slice(1))).not.toBe(d);
    expect(countsDigest([...ids.slice(1), 'other'])).not.toBe(d);
    expect(countsDigest(['ab', 'c'])).not.toBe(countsDigest(['a', 'bc']));
    expect(countsDigest([])).toMatch(/^0-/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 30 }), fc.integer(), (list, seed) => {
        const shuffled = [...list].sort((a, b) => ((hash(a) ^ seed) >>> 0) - ((hash(b) ^ seed) >>> 0));
        return countsDigest(shuffled) === countsDigest(list);
      }),
    );
  });
});

const hash = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193), 0x811c9dc5);

/* ---------------- property: three workstations, synced in any order ---------------- */

describe('property: counts from 3 workstations, in any order, give the identical result', () => {
  const articles = [article('P'), article('Q'), article('R', { isoCode: '220601', articleType: 'sparePart' }), tracked('T'), tracked('U')];
  const zones: StocktakeZone[] = [
    { id: 'z1', name: 'A', locations: ['Hylla A'] },
    { id: 'z2', name: 'B', locations: ['Hylla B'] },
  ];
  const individuals = [
    individual('100001', 'T', { location: 'Hylla A1' }),
    individual('100002', 'T', { location: 'Hylla B1' }),
    individual('100003', 'T', { location: 'Hylla B2' }),
    individual('100004', 'U', { location: 'Hylla A2' }),
    individual('100005', 'U', { location: null }),
    individual('200001', 'U', { storeId: '10', location: 'Hylla X' }),
    individual('200002', 'T', { storeId: null, status: 'atRecipient', location: null }),
    individual('100006', 'U', { storeId: null, status: 'atRecipient', location: null }),
  ];
  // During the count: a receipt of P, a hand-out of Q, an individual handed out, one received.
  const movements = [movement('P', 4, t(20)), movement('Q', -2, t(30)), movement('U', -1, t(25), 'issue', 'i100006'), movement('T', 1, t(35), 'goodsReceipt', 'i100003')];
  const codes = [...individuals.map((i) => i.individualNo), '777001', '777002'];
  // Three workstations; two with the same host name (any order of equal names must not matter).
  const stations = [
    { clientId: 'ws-a', workstation: 'Laptop' },
    { clientId: 'ws-b', workstation: 'Laptop' },
    { clientId: 'ws-c', workstation: 'Kontor' },
  ];

  const countArb = (station: number) =>
    fc
      .record({
        kind: fc.constantFrom('scan', 'scan', 'add', 'add', 'replace', 'recount', 'keep'),
        article: fc.constantFrom('P', 'Q', 'R', 'T', 'U'),
        code: fc.constantFrom(...codes),
        quantity: fc.integer({ min: 0, max: 12 }),
        undo: fc.boolean(),
        user: fc.constantFrom('U1', 'U2', null),
        // Few distinct minutes: many events share a time, the id decides.
        minute: fc.integer({ min: 0, max: 40 }),
        zone: fc.constantFrom(null, 'z1', 'z2'),
      })
      .map((c) => ({ ...c, station }));
  type Draft = { kind: string; article: string; code: string; quantity: number; undo: boolean; user: string | null; minute: number; zone: string | null; station: number };
  const toEvent = (c: Draft, n: number): CountEvent => {
    const s = stations[c.station]!;
    const who = { userId: c.user, clientId: s.clientId, workstation: s.workstation, zoneId: c.zone };
    const id = `${s.clientId}-${String(n).padStart(4, '0')}`;
    const at = t(c.minute);
    if (c.kind === 'scan') {
      const ind = individuals.find((i) => i.individualNo === c.code);
      return { ...scan(ind ?? c.code, at, who, c.undo ? 0 : 1), id };
    }
    const a = c.article;
    const isTracked = a === 'T' || a === 'U';
    if (c.kind === 'keep') return { ...keep(a, at, who), id };
    if (c.kind === 'recount') return { ...recount(a, isTracked ? 0 : c.quantity, at, who), id };
    return { ...(c.kind === 'add' ? add : replace)(a, isTracked ? 0 : c.quantity, at, who), id };
  };
  const workstationCounts = fc.tuple(...[0, 1, 2].map((s) => fc.array(countArb(s), { maxLength: 25 })));

  it('any interleaving of the three workstations’ counts merges to the same result, digest included', () => {
    fc.assert(
      fc.property(workstationCounts, fc.array(fc.nat(), { minLength: 75, maxLength: 75 }), (lists, order) => {
        const events = lists.flatMap((list) => list.map((c, n) => toEvent(c, n)));
        const f = facts({
          zones,
          articles,
          balances: { P: 10, Q: 3, R: 0, T: 3, U: 1 },
          ledgerSince: { R: { in: 1, out: 1, lastOut: null } },
          individuals,
          movements,
          now: t(60),
        });
        // Workstation by workstation (as each pushed in turn) …
        const first = mergeStocktake({ ...f, counts: events });
        // … and shuffled (any order of arrival at central or at another workstation).
        const shuffled = events.map((e, i) => ({ e, k: order[i % order.length]! * 1000 + i })).sort((x, y) => x.k - y.k).map((x) => x.e);
        const second = mergeStocktake({ ...f, counts: shuffled });
        const reversed = mergeStocktake({ ...f, counts: [...events].reverse() });
        expect(second).toEqual(first);
        expect(reversed).toEqual(first);
        // Whoever approves on it decides the same plan.
        expect(approvalPlan(second, 'zero')).toEqual(approvalPlan(first, 'zero'));
      }),
      { numRuns: 300 },
    );
  });
});
