import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalCheck, ExceptionsView, InvestigationRow, LinesPage, LineView, StocktakeScanResult, StocktakeView } from '../../../shared/api/stocktake';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { dispatch } from '../api/dispatch';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/**
 * The stocktake (inventering) on one workstation, through the contract (dispatch) on a real SQLite
 * replica seeded with the demo region: creating, scanning, typed counts and their bad input, the
 * approval's effects and the investigation store. The clock moves a second per reading, so every
 * count and movement has its own time (the merge orders by time).
 */

let t: TempBackend;
let clock = 0;
const STORE = '50301';
const db = () => t.backend.context.db;
const WHOLE = { isoCodes: [], articleTypes: [], locations: [] };

const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const attempt = (name: string, input: unknown) => dispatch(t.backend, name, input);
const login = (userId: string) => call('session.login', { userId, secret: DEMO_PASSWORD });

interface Art {
  id: string;
  article_no: string;
  iso_code: string;
}
interface Ind {
  id: string;
  individual_no: string;
  article_id: string;
  location: string | null;
}
let plain: Art;
let other: Art;
let trackedArt: Art;
let service: Art;
let held: Ind[];
let elsewhere: Ind;

const onHand = (articleId: string) => (db().prepare('SELECT on_hand FROM stock_balance WHERE store_id = ? AND article_id = ?').pluck().get(STORE, articleId) as number | undefined) ?? 0;
/** What a refused write must leave alone: count events, outbox, movements, individuals, texts. */
const written = () =>
  db()
    .prepare(
      `SELECT (SELECT count(*) FROM stocktake_count) AS counts, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM stock_movement) AS movements,
         (SELECT count(*) FROM individual_text) AS texts, (SELECT group_concat(status || store_id, ',') FROM individual) AS individuals,
         (SELECT group_concat(on_hand, ',') FROM stock_balance) AS balances, (SELECT group_concat(status, ',') FROM stocktake) AS stocktakes`,
    )
    .get();

const create = (over: Record<string, unknown> = {}) => call<{ id: string }>('stocktake.create', { name: 'Inventering 2026', scope: WHOLE, blind: false, ...over }).id;
const scanIn = (id: string, text: string, over: Record<string, unknown> = {}) => call<StocktakeScanResult>('stocktake.scan', { id, text, ...over });
const count = (id: string, articleId: string, kind: 'add' | 'replace' | 'recount' | 'keep', quantity = 0) =>
  call<StocktakeScanResult>('stocktake.count', { id, articleId, kind, quantity });
const lines = (id: string, filter = 'all') => call<LinesPage>('stocktake.lines', { id, filter, limit: 500 }).lines;
const line = (id: string, articleId: string): LineView => {
  const l = call<LinesPage>('stocktake.lines', { id, text: '', limit: 500 }).lines.find((x) => x.articleId === articleId);
  if (!l) throw new Error(`no line ${articleId}`);
  return l;
};
const approve = (id: string, uncounted: 'keep' | 'zero' = 'keep') => {
  const check = call<ApprovalCheck>('stocktake.approvalCheck', { id });
  return attempt('stocktake.approve', { id, uncounted, digest: check.digest });
};

beforeEach(() => {
  clock = Date.parse('2026-11-22T08:00:00.000Z');
  t = tempBackend({ now: () => new Date((clock += 1000)) });
  login('U1');
  const d = db();
  plain = d
    .prepare(
      `SELECT a.id, a.article_no, a.iso_code FROM article a JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '50301'
       WHERE a.tracked_individually = 0 AND a.article_type = 'accessory' AND b.on_hand BETWEEN 5 AND 50 ORDER BY a.article_no LIMIT 1`,
    )
    .get() as Art;
  other = d
    .prepare(
      `SELECT a.id, a.article_no, a.iso_code FROM article a JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '50301'
       WHERE a.tracked_individually = 0 AND a.article_type = 'sparePart' AND b.on_hand BETWEEN 2 AND 50 ORDER BY a.article_no LIMIT 1`,
    )
    .get() as Art;
  trackedArt = d
    .prepare(
      `SELECT a.id, a.article_no, a.iso_code FROM article a JOIN individual i ON i.article_id = a.id AND i.store_id = '50301' AND i.status = 'inStore'
       WHERE a.tracked_individually = 1 AND a.aid_category = 'B' GROUP BY a.id HAVING count(*) >= 3 ORDER BY a.article_no LIMIT 1`,
    )
    .get() as Art;
  service = d.prepare(`SELECT id, article_no, iso_code FROM article WHERE article_type = 'service' ORDER BY article_no LIMIT 1`).get() as Art;
  held = d
    .prepare(`SELECT id, individual_no, article_id, location FROM individual WHERE article_id = ? AND store_id = '50301' AND status IN ('inStore', 'reserved', 'inRepair') ORDER BY individual_no`)
    .all(trackedArt.id) as Ind[];
  elsewhere = d.prepare(`SELECT id, individual_no, article_id, location FROM individual WHERE store_id = '10' AND status = 'inStore' ORDER BY individual_no LIMIT 1`).get() as Ind;
  expect(held.length).toBeGreaterThanOrEqual(3);
});
afterEach(() => t.cleanup());

describe('creating a stocktake', () => {
  it('creates a counting stocktake of the own store; one overlapping it is refused with a reason and a way to open it', () => {
    const id = create({ blind: true, zones: [{ name: 'Rum A', locations: ['Hylla A'] }, { name: 'Resten', locations: [] }] });
    const view = call<StocktakeView>('stocktake.get', { id });
    expect(view.summary).toMatchObject({ id, status: 'counting', blind: true, scopeText: 'Hela lagret', createdBy: 'Lena Tekniker', counts: 0 });
    expect(view.zones.map((z) => [z.id, z.name])).toEqual([
      ['z1', 'Rum A'],
      ['z2', 'Resten'],
    ]);
    const before = written();
    const again = attempt('stocktake.create', { name: 'Tillbehör', scope: { ...WHOLE, articleTypes: ['accessory'] }, blind: false });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error.code).toBe('overlapping-stocktake');
    expect(again.error.message).toContain('Inventering 2026');
    expect(again.error.details).toEqual({ stocktakeId: id });
    expect(written()).toEqual(before);
    expect(call<unknown[]>('stocktake.list', {})).toHaveLength(1);
  });

  it('two stocktakes of disjoint scopes may count side by side; bad scopes are refused in Swedish', () => {
    create({ scope: { ...WHOLE, isoCodes: ['12'] } });
    create({ name: 'Rullstolar', scope: { ...WHOLE, isoCodes: ['22'] } });
    expect(call<unknown[]>('stocktake.list', {})).toHaveLength(2);
    const before = written();
    for (const [input, text] of [
      [{ name: '', scope: WHOLE, blind: false }, 'Ge inventeringen ett namn.'],
      [{ name: 'x', scope: { ...WHOLE, articleTypes: ['service'] }, blind: false }, 'Tjänsteartiklar inventeras inte.'],
      [{ name: 'x', scope: { ...WHOLE, isoCodes: ['1'] }, blind: false }, 'ISO-klass'],
      [{ name: 'x'.repeat(61), scope: WHOLE, blind: false }, 'högst 60 tecken'],
    ] as const) {
      const r = attempt('stocktake.create', input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(text);
    }
    expect(written()).toEqual(before);
  });
});

describe('counting by scanning', () => {
  it('answers each scan: found, duplicate, wrong place, unknown, an article +1, and refusals that write nothing', () => {
    const id = create();
    const [a, b] = held;
    const found = scanIn(id, a!.individual_no);
    expect(found).toMatchObject({ outcome: 'found', recorded: true, individualNo: a!.individual_no });
    expect(found.line?.individuals.find((i) => i.individualNo === a!.individual_no)?.outcome).toBe('found');
    const dup = scanIn(id, a!.individual_no);
    expect(dup.outcome).toBe('duplicate');
    expect(dup.message).toContain('skannad 2 gånger');
    expect(dup.line?.quantity).toBe(1);

    const wrong = scanIn(id, elsewhere.individual_no);
    expect(wrong.outcome).toBe('wrongPlace');
    expect(wrong.message).toContain('i lager 10');

    const unknown = scanIn(id, '7770011');
    expect(unknown).toMatchObject({ outcome: 'unknown', recorded: true, individualNo: '7770011' });

    const art = scanIn(id, plain.article_no);
    expect(art).toMatchObject({ outcome: 'article', recorded: true });
    expect(art.line).toMatchObject({ articleId: plain.id, quantity: 1, mine: 1 });
    expect(scanIn(id, plain.article_no).line?.quantity).toBe(2);

    const before = written();
    for (const [text, what] of [
      [trackedArt.article_no, 'individmärkt'],
      [service.article_no, 'tjänst'],
      ['hej hopp', 'känns inte igen'],
    ] as const) {
      const r = scanIn(id, text);
      expect(r.outcome, text).toBe('invalid');
      expect(r.recorded).toBe(false);
      expect(r.message).toContain(what);
    }
    expect(attempt('stocktake.scan', { id, text: '' }).ok).toBe(false);
    expect(written()).toEqual(before);

    const ex = call<ExceptionsView>('stocktake.exceptions', { id });
    expect(ex.wrongPlace.map((i) => [i.individualNo, i.believed])).toEqual([[elsewhere.individual_no, expect.stringContaining('i lager 10')]]);
    expect(ex.unknown.map((u) => [u.code, u.scans])).toEqual([['7770011', 1]]);
    const l = line(id, trackedArt.id);
    expect(l.individuals.find((i) => i.individualNo === b!.individual_no)?.outcome).toBe('missing');
    expect(l.individuals.find((i) => i.individualNo === a!.individual_no)?.scans).toBe(2);
  });

  it('a scan outside the scope asks and writes nothing; confirmed, it counts on a line marked out of scope', () => {
    const id = create({ scope: { ...WHOLE, isoCodes: [other.iso_code.slice(0, 4)] } });
    expect(plain.iso_code.slice(0, 4)).not.toBe(other.iso_code.slice(0, 4));
    const before = written();
    const asked = scanIn(id, plain.article_no);
    expect(asked).toMatchObject({ outcome: 'outOfScope', recorded: false });
    expect(asked.message).toContain('ingår inte i inventeringen');
    expect(written()).toEqual(before);
    const confirmed = scanIn(id, plain.article_no, { confirmOutOfScope: true });
    expect(confirmed).toMatchObject({ outcome: 'article', recorded: true });
    expect(line(id, plain.id).inScope).toBe(false);
  });

  it('an unknown individual registered on the spot: the scan resolves by its number, found, nothing left to decide', () => {
    const id = create();
    for (const i of held) scanIn(id, i.individual_no);
    expect(scanIn(id, '7770012').outcome).toBe('unknown');
    call('individual.register', { articleId: trackedArt.id, individualNo: '7770012', estimatedAgeYears: 1 });
    const l = line(id, trackedArt.id);
    expect(l.individuals.find((i) => i.individualNo === '7770012')?.outcome).toBe('found');
    expect(l.needsDecision).toBe(false);
    expect(l.difference).toBe(0);
    expect(call<ExceptionsView>('stocktake.exceptions', { id }).unknown).toEqual([]);
    expect(call<ApprovalCheck>('stocktake.approvalCheck', { id }).blocked).toBeNull();
  });

  it('zones: the line a scan answers with knows which zones were counted (uncounted there, then missing)', () => {
    const location = held[0]!.location!;
    const id = create({ zones: [{ name: 'Rum 1', locations: [location] }, { name: 'Resten', locations: [] }] });
    const first = scanIn(id, held[0]!.individual_no, { zoneId: 'z1' }).line!;
    const rest = first.individuals.filter((i) => i.individualNo !== held[0]!.individual_no);
    expect(rest.some((i) => i.zoneId === 'z2')).toBe(true);
    for (const i of rest) expect(i.outcome, i.individualNo).toBe(i.zoneId === 'z1' ? 'missing' : 'uncounted');
    // Someone counts in the other zone (another article): what was not found there is missing now.
    call('stocktake.count', { id, articleId: plain.id, kind: 'add', quantity: 1, zoneId: 'z2' });
    const again = scanIn(id, held[0]!.individual_no, { zoneId: 'z1' }).line!;
    for (const i of again.individuals.filter((x) => x.individualNo !== held[0]!.individual_no)) expect(i.outcome, i.individualNo).toBe('missing');
    // The full merge agrees with the line's.
    expect(line(id, trackedArt.id).individuals).toEqual(again.individuals);
  });

  it('"ångra" takes a scan back', () => {
    const id = create();
    scanIn(id, held[0]!.individual_no);
    const undone = call<StocktakeScanResult>('stocktake.undoScan', { id, individualNo: held[0]!.individual_no });
    expect(undone.recorded).toBe(true);
    expect(undone.line?.individuals.find((i) => i.individualNo === held[0]!.individual_no)?.outcome).not.toBe('found');
    scanIn(id, '7770013');
    call('stocktake.undoScan', { id, individualNo: '7770013' });
    expect(call<ExceptionsView>('stocktake.exceptions', { id }).unknown).toEqual([]);
  });
});

describe('typed counts', () => {
  it('several people add up; "ersätt" replaces the own count; recount starts over', () => {
    const id = create();
    count(id, plain.id, 'add', 3);
    login('U2');
    count(id, plain.id, 'add', 2);
    login('U1');
    expect(count(id, plain.id, 'replace', 5).line).toMatchObject({ quantity: 7, mine: 5 });
    const l = line(id, plain.id);
    expect(l.contributions.map((c) => [c.user, c.quantity, c.replaced, c.self])).toEqual([
      ['Lena Tekniker', 5, true, true],
      ['Ahmed Lagerman', 2, false, false],
    ]);
    const re = count(id, plain.id, 'recount', 4);
    expect(re.line).toMatchObject({ quantity: 4, supersededEvents: 3 });
    expect(re.line?.recountedAt).not.toBeNull();
  });

  it('refuses negative, huge, non-numeric and decimal quantities and bad articles with a Swedish message, writing nothing', () => {
    const id = create();
    count(id, plain.id, 'add', 1);
    const before = written();
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ articleId: plain.id, kind: 'add', quantity: -1 }, 'invalid-input', 'Antalet kan inte vara negativt.'],
      [{ articleId: plain.id, kind: 'add', quantity: 100_001 }, 'invalid-input', 'Antalet får vara högst 100'],
      [{ articleId: plain.id, kind: 'add', quantity: 1e12 }, 'invalid-input', 'Antalet får vara högst'],
      [{ articleId: plain.id, kind: 'add', quantity: '5' }, 'invalid-input', 'Antalet ska vara ett tal.'],
      [{ articleId: plain.id, kind: 'add', quantity: 'fem' }, 'invalid-input', 'Antalet ska vara ett tal.'],
      [{ articleId: plain.id, kind: 'add', quantity: 2.5 }, 'invalid-input', 'Antalet ska vara ett heltal.'],
      [{ articleId: plain.id, kind: 'add', quantity: Number.NaN }, 'invalid-input', 'Antalet ska vara ett tal.'],
      [{ articleId: plain.id, kind: 'replace', quantity: -3 }, 'invalid-input', 'negativt'],
      [{ articleId: plain.id, kind: 'guess', quantity: 1 }, 'invalid-input', 'kind'],
      [{ articleId: 'no-such-article', kind: 'add', quantity: 1 }, 'unknown-article', 'Artikeln finns inte i sortimentet.'],
      [{ articleId: service.id, kind: 'add', quantity: 1 }, 'service-article', 'är en tjänst och inventeras inte'],
      [{ articleId: trackedArt.id, kind: 'add', quantity: 2 }, 'article-tracked', 'individmärkt'],
      [{ articleId: trackedArt.id, kind: 'replace', quantity: 1 }, 'article-tracked', 'skanna individerna'],
    ];
    for (const [input, code, text] of refusals) {
      const r = attempt('stocktake.count', { id, ...input });
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, JSON.stringify(input)).toBe(code);
      expect(r.error.message, JSON.stringify(input)).toContain(text);
    }
    expect(attempt('stocktake.count', { id: 'no-such-stocktake', articleId: plain.id, kind: 'add', quantity: 1 }).ok).toBe(false);
    expect(written()).toEqual(before);
    expect(line(id, plain.id).quantity).toBe(1);
    // The largest allowed count is taken.
    expect(count(id, plain.id, 'add', 100_000).line?.quantity).toBe(100_001);
  });

  it('blind: a technician counting sees no expected quantities or differences; a store admin does', () => {
    const id = create({ blind: true, zones: [{ name: 'Rum A', locations: ['Hylla A'] }] });
    login('U2');
    scanIn(id, held[0]!.individual_no);
    count(id, plain.id, 'add', 1);
    const mine = line(id, plain.id);
    expect(mine).toMatchObject({ quantity: 1, expected: null, difference: null, valueOre: null, balanceNow: null });
    const t2 = line(id, trackedArt.id);
    expect(t2.expected).toBeNull();
    expect(t2.individuals.map((i) => i.outcome)).toEqual(['found']);
    expect(call<StocktakeView>('stocktake.get', { id })).toMatchObject({ totals: null, showExpected: false });
    // A zone the stocktake does not have is refused.
    const before = written();
    const r = attempt('stocktake.count', { id, articleId: plain.id, kind: 'add', quantity: 1, zoneId: 'z9' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unknown-zone');
    expect(written()).toEqual(before);
    login('U1');
    expect(line(id, plain.id).expected).toBe(onHand(plain.id));
    expect(line(id, trackedArt.id).individuals.filter((i) => i.outcome === 'missing')).toHaveLength(held.length - 1);
  });

  it('a tracked line is counted with 0 when nothing of it is there: its individuals are missing', () => {
    const id = create();
    const l = count(id, trackedArt.id, 'replace', 0).line!;
    expect(l.counted).toBe(true);
    expect(l.individuals.filter((i) => i.outcome === 'missing').map((i) => i.individualNo)).toEqual(held.map((i) => i.individual_no));
  });
});

describe('movement during the count', () => {
  it('a receipt after the first count shows on the line and blocks approval until "behåll" or "räkna om"', () => {
    const id = create();
    const balance = onHand(plain.id);
    count(id, plain.id, 'add', balance - 1);
    call('stock.adjust', { articleId: plain.id, quantity: 2, reason: 'Mottaget under inventeringen' });
    const l = line(id, plain.id);
    expect(l).toMatchObject({ expected: balance, quantity: balance - 1, difference: -1, inAfter: 2, outAfter: 0, needsDecision: true, balanceNow: balance + 2 });
    const check = call<ApprovalCheck>('stocktake.approvalCheck', { id });
    expect(check.blocked).toContain('Räkna om eller Behåll räkningen');
    // Approving anyway is refused by the rule itself, nothing written.
    const before = written();
    const refused = attempt('stocktake.approve', { id, uncounted: 'keep', digest: check.digest });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('decision-needed');
    expect(written()).toEqual(before);
    count(id, plain.id, 'keep');
    expect(line(id, plain.id)).toMatchObject({ needsDecision: false, difference: -1 });
    expect(approve(id).ok).toBe(true);
    // The adjustment is the difference at T: the receipt stays counted once.
    expect(onHand(plain.id)).toBe(balance + 2 - 1);
  });
});

describe('approval', () => {
  it('writes the adjustments, moves missing individuals to 999 with a note, locks the stocktake; twice is refused', () => {
    const id = create({ blind: true });
    const p0 = onHand(plain.id);
    const o0 = onHand(other.id);
    count(id, plain.id, 'add', p0 - 2);
    count(id, other.id, 'add', o0 + 3);
    const [a, b, c] = held;
    scanIn(id, a!.individual_no);
    scanIn(id, c!.individual_no);
    const missing = held.filter((i) => i !== a && i !== c);
    expect(missing).toContain(b);

    const check = call<ApprovalCheck>('stocktake.approvalCheck', { id });
    expect(check).toMatchObject({ blocked: null, adjustments: 2, toInvestigation: missing.length });
    // A stale digest (counts the approver did not see) is refused.
    const stale = attempt('stocktake.approve', { id, uncounted: 'keep', digest: '1-0000000000000000' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('counts-differ');
    // A technician may count, not approve.
    login('U2');
    const before = written();
    const notAdmin = attempt('stocktake.approve', { id, uncounted: 'keep', digest: check.digest });
    expect(notAdmin.ok).toBe(false);
    expect(written()).toEqual(before);
    expect(call<ApprovalCheck>('stocktake.approvalCheck', { id }).blocked).toContain('lageradministratörer');
    login('U1');

    const differences = lines(id, 'differences');
    expect(approve(id).ok).toBe(true);
    expect(onHand(plain.id)).toBe(p0 - 2);
    expect(onHand(other.id)).toBe(o0 + 3);
    const moves = db().prepare("SELECT article_id, individual_id, quantity, reference, note FROM stock_movement WHERE reason = 'stocktake' ORDER BY article_id, individual_id").all() as {
      article_id: string;
      individual_id: string | null;
      quantity: number;
      reference: string;
      note: string;
    }[];
    expect(moves.filter((m) => m.individual_id === null).map((m) => [m.article_id, m.quantity])).toEqual(
      [
        [plain.id, -2],
        [other.id, 3],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    expect(moves.every((m) => m.reference === 'Inventering 2026')).toBe(true);
    expect(moves.filter((m) => m.individual_id !== null).map((m) => [m.individual_id, m.quantity])).toEqual(missing.map((i) => [i.id, -1]));
    for (const i of missing) {
      const row = db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(i.id);
      expect(row).toEqual({ status: 'investigation', store_id: '999' });
      const text = db().prepare('SELECT text FROM individual_text WHERE individual_id = ? ORDER BY at DESC LIMIT 1').pluck().get(i.id) as string;
      expect(text).toMatch(/^Saknades vid inventeringen ”Inventering 2026” 2026-11-22 i lager 50301\. Flyttad till utredningslager 999\.$/);
    }
    for (const i of [a!, c!]) expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(i.id)).toEqual({ status: 'inStore', store_id: STORE });
    expect(db().prepare('SELECT status, approved_by FROM stocktake WHERE id = ?').get(id)).toEqual({ status: 'approved', approved_by: 'U1' });
    expect(db().prepare('SELECT count(*) FROM stocktake_approval WHERE stocktake_id = ?').pluck().get(id)).toBe(1);

    // The approved stocktake reads as it did when approved (not after its own adjustments).
    expect(lines(id, 'differences')).toEqual(differences.map((l) => ({ ...l, balanceNow: expect.any(Number) })));
    expect(call<StocktakeView>('stocktake.get', { id }).summary.status).toBe('approved');

    // Locked: counting, scanning and approving again are refused, nothing written.
    const locked = written();
    const again = approve(id);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('already-approved');
      expect(again.error.message).toContain('redan godkänd');
    }
    const counted = attempt('stocktake.count', { id, articleId: plain.id, kind: 'add', quantity: 1 });
    expect(counted.ok).toBe(false);
    if (!counted.ok) expect(counted.error.code).toBe('stocktake-approved');
    const scanned = attempt('stocktake.scan', { id, text: a!.individual_no });
    expect(scanned.ok).toBe(false);
    if (!scanned.ok) expect(scanned.error.message).toContain('godkänd och låst');
    expect(attempt('stocktake.undoScan', { id, individualNo: a!.individual_no }).ok).toBe(false);
    expect(attempt('stocktake.assignZone', { id, zoneId: 'z1' }).ok).toBe(false);
    expect(written()).toEqual(locked);
    // A new stocktake of the store may start now.
    expect(create({ name: 'Nästa' })).toBeTruthy();
  });

  it('an approved stocktake limited to shelves still lists its missing individuals as missing', () => {
    const location = held[0]!.location!;
    expect(location).toBeTruthy();
    const id = create({ scope: { ...WHOLE, locations: [location] } });
    const onShelf = db()
      .prepare("SELECT individual_no FROM individual WHERE store_id = '50301' AND status IN ('inStore','reserved','inRepair') AND lower(location) LIKE lower(?) || '%' ORDER BY individual_no")
      .pluck()
      .all(location) as string[];
    scanIn(id, onShelf[0]!);
    // Count every other article on the shelf with 0, so what is not found there is missing.
    const open = lines(id);
    for (const l of open) if (!l.counted) count(id, l.articleId, 'replace', 0);
    const missingBefore = lines(id).flatMap((l) => l.individuals.filter((i) => i.outcome === 'missing').map((i) => i.individualNo));
    expect(missingBefore.length).toBe(onShelf.length - 1);
    expect(approve(id).ok).toBe(true);
    const missingAfter = lines(id).flatMap((l) => l.individuals.filter((i) => i.outcome === 'missing').map((i) => i.individualNo));
    expect(missingAfter).toEqual(missingBefore);
  });

  it('uncounted lines set to zero: non-tracked to 0, uncounted individuals to 999', () => {
    const id = create({ scope: { ...WHOLE, isoCodes: [trackedArt.iso_code] } });
    scanIn(id, held[0]!.individual_no);
    const check = call<ApprovalCheck>('stocktake.approvalCheck', { id });
    const uncountedIndividuals = lines(id).flatMap((l) => l.individuals.filter((i) => i.outcome === 'uncounted'));
    expect(check.zero.toInvestigation).toBe(check.toInvestigation + uncountedIndividuals.length);
    expect(approve(id, 'zero').ok).toBe(true);
    for (const i of uncountedIndividuals) expect(db().prepare('SELECT store_id FROM individual WHERE id = ?').pluck().get(i.id)).toBe('999');
  });
});

describe('the investigation store (999)', () => {
  function approvedWithMissing(): Ind[] {
    const id = create();
    scanIn(id, held[0]!.individual_no);
    expect(approve(id).ok).toBe(true);
    return held.slice(1);
  }

  it('lists the individuals moved there; found again, one goes back in stock (+1) and one is scrapped', () => {
    const [back, scrap] = approvedWithMissing();
    const list = call<InvestigationRow[]>('stocktake.investigation', {});
    const mine = list.filter((r) => r.fromStoreId === STORE);
    expect(mine.map((r) => r.individualNo).sort()).toEqual(held.slice(1).map((i) => i.individual_no));
    expect(mine[0]!.note).toContain('Saknades vid inventeringen');
    const balance = onHand(trackedArt.id);

    call('stocktake.resolveInvestigation', { individualId: back!.id, outcome: 'restock', location: 'Hylla Z9' });
    expect(db().prepare('SELECT status, store_id, location FROM individual WHERE id = ?').get(back!.id)).toEqual({ status: 'inStore', store_id: STORE, location: 'Hylla Z9' });
    expect(onHand(trackedArt.id)).toBe(balance + 1);
    expect(db().prepare("SELECT quantity, reason FROM stock_movement WHERE individual_id = ? ORDER BY at DESC LIMIT 1").get(back!.id)).toEqual({ quantity: 1, reason: 'stocktake' });

    call('stocktake.resolveInvestigation', { individualId: scrap!.id, outcome: 'scrap' });
    expect(db().prepare('SELECT status, store_id FROM individual WHERE id = ?').get(scrap!.id)).toEqual({ status: 'scrapped', store_id: null });
    expect(onHand(trackedArt.id)).toBe(balance + 1);
    const texts = db().prepare('SELECT text FROM individual_text WHERE individual_id IN (?, ?) ORDER BY at').pluck().all(back!.id, scrap!.id) as string[];
    expect(texts.some((x) => x.startsWith('Återfunnen. Åter i lager 50301'))).toBe(true);
    expect(texts.some((x) => x.startsWith('Återfunnen och skrotad'))).toBe(true);
    expect(call<InvestigationRow[]>('stocktake.investigation', {}).map((r) => r.individualId)).not.toContain(back!.id);

    // Handled once: again (or an individual never there) is refused, nothing written.
    const before = written();
    for (const [individualId, code] of [
      [back!.id, 'not-in-investigation'],
      [scrap!.id, 'not-in-investigation'],
      [held[0]!.id, 'not-in-investigation'],
      ['no-such-individual', 'unknown-individual'],
    ] as const) {
      const r = attempt('stocktake.resolveInvestigation', { individualId, outcome: 'restock' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(code);
    }
    expect(written()).toEqual(before);
  });

  it('a technician may not resolve', () => {
    const [back] = approvedWithMissing();
    login('U2');
    const before = written();
    expect(attempt('stocktake.resolveInvestigation', { individualId: back!.id, outcome: 'restock' }).ok).toBe(false);
    expect(written()).toEqual(before);
  });
});
