import type { ArticleType, IndividualStatus, MovementReason, StocktakeCountKind, StocktakeCountSource, StocktakeUncounted } from '../model';
import { articleInScope, individualInScope, locationIn, zoneOf, type StocktakeScope, type StocktakeZone } from './scope';

/**
 * The merge of a stocktake's count events into differences (docs/stocktake.md). Pure and
 * deterministic over the *set* of events: events are ordered by (at, id), never by arrival, so
 * three workstations' counts synced in any order give the same result on every workstation and on
 * central, which re-decides the approval with this same function.
 *
 * A line's expectation is frozen when it is first counted (time T): the balance then is the
 * balance now minus the ledger's movements after T. What moved after T is shown on the line and
 * needs "räkna om" or "behåll räkningen"; the adjustment is always counted − expected at T, so
 * receipts and hand-outs during the count are neither lost nor counted twice.
 */

export interface CountEvent {
  id: string;
  zoneId: string | null;
  kind: StocktakeCountKind;
  articleId: string | null;
  individualId: string | null;
  code: string | null;
  quantity: number;
  source: StocktakeCountSource;
  userId: string | null;
  clientId: string;
  workstation: string;
  at: string;
}

export interface MergeArticle {
  id: string;
  articleNo: string;
  name: string;
  articleType: ArticleType;
  isoCode: string;
  trackedIndividually: boolean;
  priceOre: number;
  unit: string;
}

export interface MergeIndividual {
  id: string;
  individualNo: string;
  articleId: string;
  storeId: string | null;
  status: IndividualStatus;
  location: string | null;
  acquisitionValueOre: number | null;
}

export interface MergeMovement {
  articleId: string;
  individualId: string | null;
  quantity: number;
  reason: MovementReason;
  reference: string | null;
  at: string;
}

/** An article's ledger since the last approved stocktake (why a balance went negative). */
export interface LedgerSince {
  in: number;
  out: number;
  lastOut: { reason: MovementReason; reference: string | null; at: string } | null;
}

export interface StocktakeMergeFacts {
  storeId: string;
  /** The stocktake's scope and those of the stocktakes joined into it. */
  scopes: readonly StocktakeScope[];
  zones: readonly StocktakeZone[];
  /** Articles the store may count: with a balance, moved, with individuals, or counted. */
  articles: readonly MergeArticle[];
  /** On hand now, per article (missing: 0). */
  balances: Readonly<Record<string, number>>;
  /** Articles with movements since the last approved stocktake, with what moved. */
  ledgerSince: Readonly<Record<string, LedgerSince>>;
  /** Individuals of the store now, those scanned and those that moved in the store during the count. */
  individuals: readonly MergeIndividual[];
  /** The store's movements after the earliest count (the ledger that moved lines after T). */
  movements: readonly MergeMovement[];
  counts: readonly CountEvent[];
  /** Zones counted in (by events outside `counts`, when the facts are one line's). */
  countedZones?: readonly string[];
  /** The time of an uncounted line's expectation (the approval's, or now). */
  now: string;
}

export type IndividualOutcome =
  /** In the store when counted, and found. */
  | 'found'
  /** In the store when counted, not found although its line (and zone) was counted. */
  | 'missing'
  /** Its line or zone was not counted. */
  | 'uncounted'
  /** Came into the store after its line was counted (counting it again is not needed). */
  | 'arrivedAfter'
  /** Left the store after its line was counted and was not found: it went out, nothing to do. */
  | 'leftAfter'
  /** Found, but the system believes it is somewhere else. */
  | 'wrongPlace'
  /** Found in the store, but its article or shelf is outside the stocktake's scope. */
  | 'outOfScope';

export interface IndividualResult {
  id: string;
  individualNo: string;
  articleId: string;
  outcome: IndividualOutcome;
  /** Times it was scanned in the line's current count (2 or more: flagged, counted once). */
  scans: number;
  location: string | null;
  zoneId: string | null;
  /** Acquisition value (the article's price when unknown). */
  valueOre: number;
  /** Where the system believes it is (wrong place). */
  storeId: string | null;
  status: IndividualStatus;
}

export interface Contribution {
  userId: string | null;
  workstation: string;
  quantity: number;
  /** The person replaced ("ersätt") an earlier count of their own. */
  replaced: boolean;
}

export interface LineResult {
  article: MergeArticle;
  /** False: counted although the article is outside the scope (the person confirmed it). */
  inScope: boolean;
  counted: boolean;
  /** T: when the line's current count began (first count, or the latest recount). */
  countedAt: string | null;
  /** Expected quantity at T (uncounted: now). */
  expected: number;
  /** Counted quantity (tracked: individuals found that were in the store). */
  quantity: number | null;
  difference: number | null;
  valueOre: number | null;
  balanceNow: number;
  /** Movements after T: into the store (+) and out of it (−). */
  inAfter: number;
  outAfter: number;
  /** Stock moved after T (or after the last "behåll"): the line asks "räkna om" or "behåll räkningen". */
  needsDecision: boolean;
  keptAt: string | null;
  /** Recounted ("räkna om"): earlier counts are kept but superseded. */
  recountedAt: string | null;
  supersededEvents: number;
  contributions: Contribution[];
  events: number;
  /** A negative balance at T and why. */
  negative: LedgerSince | null;
  individuals: IndividualResult[];
}

export interface UnknownCode {
  code: string;
  scans: number;
  firstAt: string;
  workstations: string[];
}

export interface ZoneProgress {
  zoneId: string | null;
  expected: number;
  counted: number;
}

export interface WorkstationCounts {
  clientId: string;
  workstation: string;
  counts: number;
  lastAt: string;
}

export interface StocktakeTotals {
  lines: number;
  countedLines: number;
  uncountedLines: number;
  linesWithDifference: number;
  needsDecision: number;
  plusOre: number;
  minusOre: number;
  missing: number;
  wrongPlace: number;
  unknown: number;
  duplicates: number;
  negative: number;
}

export interface StocktakeResult {
  lines: LineResult[];
  unknown: UnknownCode[];
  /** Found individuals the system places elsewhere (they belong to no line of the store). */
  wrongPlace: IndividualResult[];
  zones: ZoneProgress[];
  /** Progress in units: individuals and non-tracked lines. */
  progress: { expected: number; counted: number };
  workstations: WorkstationCounts[];
  totals: StocktakeTotals;
  counts: number;
  digest: string;
}

/** Individuals in these statuses are part of the store's stock when they are in its store. */
const HELD: readonly IndividualStatus[] = ['inStore', 'reserved', 'inRepair', 'rekond'];

const byTime = (a: { at: string; id: string }, b: { at: string; id: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * An order-free fingerprint of a set of count ids (FNV-1a, 2 × 32 bits, over the sorted ids): the
 * approval carries the one the approver saw, central compares it with its own.
 */
export function countsDigest(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ sorted.length;
  for (const id of sorted) {
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0x2c, 0x01000193);
    h2 = Math.imul(h2 ^ 0x2c, 0x5bd1e995);
  }
  return `${sorted.length}-${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

interface Window {
  events: CountEvent[];
  recount: CountEvent | null;
  superseded: number;
  keep: CountEvent | null;
}

/** The events that decide a line now: from its latest recount on (or all), and its latest "behåll". */
function windowOf(sorted: CountEvent[]): Window {
  let start = 0;
  let recount: CountEvent | null = null;
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (sorted[i]!.kind === 'recount') {
      recount = sorted[i]!;
      start = i;
      break;
    }
  }
  const events = sorted.slice(start);
  let keep: CountEvent | null = null;
  for (const e of events) if (e.kind === 'keep') keep = e;
  return { events, recount, superseded: start, keep };
}

/** A non-tracked line's count: each person's latest "ersätt" (or recount) plus what they added after it. */
function quantityOf(w: Window): { quantity: number; contributions: Contribution[] } | null {
  const per = new Map<string, Contribution>();
  let any = false;
  for (const e of w.events) {
    if (e.kind === 'keep' || e.kind === 'scan') continue;
    any = true;
    const who = e.userId ?? `?${e.clientId}`;
    const c = per.get(who);
    if (e.kind === 'add') {
      if (c) c.quantity += e.quantity;
      else per.set(who, { userId: e.userId, workstation: e.workstation, quantity: e.quantity, replaced: false });
    } else {
      // replace, or the recount that opened the window: the person's count starts over.
      per.set(who, { userId: e.userId, workstation: e.workstation, quantity: e.quantity, replaced: e.kind === 'replace' || (c !== undefined && e.kind === 'recount') });
    }
  }
  if (!any) return null;
  const contributions = [...per.values()];
  return { quantity: contributions.reduce((n, c) => n + c.quantity, 0), contributions };
}

const negativeOf = (expected: number, ledger: LedgerSince | undefined): LedgerSince | null =>
  expected < 0 ? (ledger ?? { in: 0, out: 0, lastOut: null }) : null;

export function mergeStocktake(facts: StocktakeMergeFacts): StocktakeResult {
  const articleById = new Map(facts.articles.map((a) => [a.id, a]));
  const individualById = new Map(facts.individuals.map((i) => [i.id, i]));
  const individualByNo = new Map(facts.individuals.map((i) => [i.individualNo, i]));
  const inScope = (a: MergeArticle) => facts.scopes.some((s) => articleInScope(s, a));
  const individualCovered = (a: MergeArticle, location: string | null) => facts.scopes.some((s) => individualInScope(s, a, location));

  // Events per article, and scans per individual (resolved by id, or by number: registered on the spot).
  const eventsByArticle = new Map<string, CountEvent[]>();
  const unknown = new Map<string, CountEvent[]>();
  const scansOf = new Map<string, CountEvent[]>();
  const zonesCounted = new Set<string>(facts.countedZones ?? []);
  const perClient = new Map<string, WorkstationCounts>();
  const push = (articleId: string, e: CountEvent) => {
    const list = eventsByArticle.get(articleId);
    if (list) list.push(e);
    else eventsByArticle.set(articleId, [e]);
  };
  const heldNow = (i: MergeIndividual) => i.storeId === facts.storeId && HELD.includes(i.status);
  const moved = new Set<string>();
  for (const m of facts.movements) if (m.individualId !== null) moved.add(m.individualId);
  const ownIndividual = (i: MergeIndividual) => heldNow(i) || moved.has(i.id);
  const wrongScans = new Map<string, CountEvent[]>();
  for (const e of facts.counts) {
    const w = perClient.get(e.clientId);
    if (w) {
      w.counts++;
      if (e.at > w.lastAt) {
        w.lastAt = e.at;
        w.workstation = e.workstation;
      }
    } else perClient.set(e.clientId, { clientId: e.clientId, workstation: e.workstation, counts: 1, lastAt: e.at });
    if (e.zoneId !== null && e.kind !== 'keep') zonesCounted.add(e.zoneId);
    if (e.kind === 'scan') {
      const ind = (e.individualId !== null ? individualById.get(e.individualId) : undefined) ?? (e.code !== null ? individualByNo.get(e.code) : undefined);
      if (!ind) {
        const code = e.code ?? e.individualId ?? '?';
        const list = unknown.get(code);
        if (list) list.push(e);
        else unknown.set(code, [e]);
        continue;
      }
      // A scan of an individual that is not the store's (now, or by the ledger during the count)
      // says nothing of the store's line: it is a wrong-place find.
      if (!ownIndividual(ind)) {
        const list = wrongScans.get(ind.id);
        if (list) list.push(e);
        else wrongScans.set(ind.id, [e]);
        continue;
      }
      push(ind.articleId, e);
      const list = scansOf.get(ind.id);
      if (list) list.push(e);
      else scansOf.set(ind.id, [e]);
    } else if (e.articleId !== null) push(e.articleId, e);
  }

  // The ledger after the earliest count, per article and per individual.
  const movementsByArticle = new Map<string, MergeMovement[]>();
  for (const m of facts.movements) {
    const list = movementsByArticle.get(m.articleId);
    if (list) list.push(m);
    else movementsByArticle.set(m.articleId, [m]);
  }
  const individualsByArticle = new Map<string, MergeIndividual[]>();
  for (const i of facts.individuals) {
    const list = individualsByArticle.get(i.articleId);
    if (list) list.push(i);
    else individualsByArticle.set(i.articleId, [i]);
  }

  // Lines: articles in scope with a balance, movements since the last stocktake or individuals; and every counted article.
  const lineIds = new Set<string>();
  for (const a of facts.articles) {
    if (!inScope(a)) continue;
    const has = a.trackedIndividually
      ? (individualsByArticle.get(a.id) ?? []).some((i) => heldNow(i) && individualCovered(a, i.location)) || (facts.balances[a.id] ?? 0) !== 0
      : (facts.balances[a.id] ?? 0) !== 0 || facts.ledgerSince[a.id] !== undefined;
    if (has || eventsByArticle.has(a.id)) lineIds.add(a.id);
  }
  for (const id of eventsByArticle.keys()) if (articleById.has(id)) lineIds.add(id);

  // An individual registered after it was scanned as unknown was counted: its registration is the
  // system learning of it, not stock that moved during the count.
  const registeredOnTheSpot = (m: MergeMovement) =>
    m.reason === 'registration' && m.individualId !== null && (scansOf.get(m.individualId) ?? []).some((s) => s.quantity > 0 && s.at <= m.at);

  const zoneIds = facts.zones.map((z) => z.id);
  const zoneProgress = new Map<string | null, ZoneProgress>([...zoneIds, null].map((z) => [z, { zoneId: z, expected: 0, counted: 0 }]));
  const progressOf = (zoneId: string | null) => zoneProgress.get(zoneId) ?? zoneProgress.get(null)!;
  const wrongPlace: IndividualResult[] = [];
  let foundZoneCache: Set<string | null> | null = null;
  const lines: LineResult[] = [];
  const individualResult = (i: MergeIndividual, a: MergeArticle, outcome: IndividualOutcome, scans: number): IndividualResult => ({
    id: i.id,
    individualNo: i.individualNo,
    articleId: a.id,
    outcome,
    scans,
    location: i.location,
    zoneId: facts.zones.length > 0 ? zoneOf(facts.zones, i.location) : null,
    valueOre: i.acquisitionValueOre ?? a.priceOre,
    storeId: i.storeId,
    status: i.status,
  });

  for (const articleId of [...lineIds].sort((x, y) => cmpArticle(articleById.get(x)!, articleById.get(y)!))) {
    const a = articleById.get(articleId)!;
    const sorted = (eventsByArticle.get(articleId) ?? []).sort(byTime);
    const w = windowOf(sorted);
    // A scan taken back (quantity 0) does not by itself make the line counted.
    const deciding = w.events.filter((e) => e.kind !== 'keep' && !(e.kind === 'scan' && e.quantity === 0));
    const counted = deciding.length > 0;
    const T = counted ? deciding[0]!.at : null;
    const after = T === null ? [] : (movementsByArticle.get(articleId) ?? []).filter((m) => m.at > T && !registeredOnTheSpot(m));
    const inAfter = after.reduce((n, m) => n + (m.quantity > 0 ? m.quantity : 0), 0);
    const outAfter = after.reduce((n, m) => n + (m.quantity < 0 ? -m.quantity : 0), 0);
    const settledAt = w.keep && T !== null && w.keep.at > T ? w.keep.at : T;
    // Individuals are told apart one by one (arrived after T: not expected; left after T: was
    // there), so only a counted quantity can have taken in, or missed, what moved meanwhile.
    const needsDecision = !a.trackedIndividually && settledAt !== null && after.some((m) => m.at > settledAt);
    const balanceNow = facts.balances[articleId] ?? 0;
    const base = {
      article: a,
      inScope: inScope(a),
      counted,
      countedAt: T,
      balanceNow,
      inAfter,
      outAfter,
      needsDecision,
      keptAt: w.keep?.at ?? null,
      recountedAt: w.recount?.at ?? null,
      supersededEvents: w.superseded,
      events: sorted.length,
    };

    if (!a.trackedIndividually) {
      const expected = balanceNow - after.reduce((n, m) => n + m.quantity, 0);
      const q = quantityOf(w);
      const difference = q === null ? null : q.quantity - expected;
      progressOf(null).expected++;
      if (q !== null) progressOf(null).counted++;
      lines.push({
        ...base,
        expected,
        quantity: q?.quantity ?? null,
        difference,
        valueOre: difference === null ? null : difference * a.priceOre,
        contributions: q?.contributions ?? [],
        negative: negativeOf(expected, facts.ledgerSince[articleId]),
        individuals: [],
      });
      continue;
    }

    // Tracked: a line per article, individual by individual.
    const netAfter = new Map<string, number>();
    for (const m of after) if (m.individualId !== null) netAfter.set(m.individualId, (netAfter.get(m.individualId) ?? 0) + m.quantity);
    const recount = w.recount;
    const results: IndividualResult[] = [];
    let foundCount = 0;
    let expectedCount = 0;
    let valueOre = 0;
    const seen = new Set<string>();
    const candidates = [...(individualsByArticle.get(articleId) ?? [])];
    for (const id of netAfter.keys()) {
      const i = individualById.get(id);
      if (i && i.articleId !== articleId) candidates.push(i);
    }
    for (const i of candidates.sort((x, y) => (x.individualNo < y.individualNo ? -1 : x.individualNo > y.individualNo ? 1 : 0))) {
      if (seen.has(i.id)) continue;
      seen.add(i.id);
      const scans = (scansOf.get(i.id) ?? []).filter((s) => recount === null || byTime(s, recount) >= 0).sort(byTime);
      const last = scans[scans.length - 1];
      const found = last !== undefined && last.quantity > 0;
      const scanCount = scans.filter((s) => s.quantity > 0).length;
      const held = heldNow(i);
      const net = netAfter.get(i.id) ?? 0;
      const atT = counted ? (held ? 1 : 0) - net > 0 : held;
      const covered = individualCovered(a, i.location);
      const zoneId = facts.zones.length > 0 ? zoneOf(facts.zones, i.location) : null;
      let outcome: IndividualOutcome;
      if (found) {
        outcome = atT ? (covered ? 'found' : 'outOfScope') : 'arrivedAfter';
      } else if (atT) {
        if (!covered) continue;
        const zoneCounted = zoneId === null || zonesCounted.has(zoneId) || foundZones().has(zoneId);
        outcome = !counted || !zoneCounted ? 'uncounted' : held ? 'missing' : 'leftAfter';
      } else if (held && counted) {
        outcome = 'arrivedAfter';
      } else continue;
      const r = individualResult(i, a, outcome, scanCount);
      if (atT && covered) {
        expectedCount++;
        progressOf(r.zoneId).expected++;
      }
      if (outcome === 'found') {
        foundCount++;
        progressOf(r.zoneId).counted++;
      }
      if (outcome === 'missing') valueOre -= r.valueOre;
      results.push(r);
    }
    // Uncounted individuals and those that left after T (the ledger took them out) are no difference.
    const difference = counted ? foundCount - expectedCount + results.filter((r) => r.outcome === 'uncounted' || r.outcome === 'leftAfter').length : null;
    lines.push({
      ...base,
      expected: expectedCount,
      quantity: counted ? foundCount : null,
      difference,
      valueOre: counted ? valueOre : null,
      contributions: contributionsOfScans(w.events),
      negative: negativeOf(balanceNow - after.reduce((n, m) => n + m.quantity, 0), facts.ledgerSince[articleId]),
      individuals: results,
    });
  }

  /** Zones where an individual was found (a zone is counted when someone counted in it or found something there). */
  function foundZones(): Set<string | null> {
    if (foundZoneCache) return foundZoneCache;
    foundZoneCache = new Set();
    for (const [id, scans] of scansOf) {
      const i = individualById.get(id);
      if (i && scans.some((s) => s.quantity > 0)) foundZoneCache.add(zoneOf(facts.zones, i.location));
    }
    return foundZoneCache;
  }

  for (const [id, scans] of wrongScans) {
    const i = individualById.get(id)!;
    const a = articleById.get(i.articleId);
    const sortedScans = scans.sort(byTime);
    if (!a || sortedScans[sortedScans.length - 1]!.quantity <= 0) continue;
    wrongPlace.push(individualResult(i, a, 'wrongPlace', sortedScans.filter((s) => s.quantity > 0).length));
  }
  wrongPlace.sort((x, y) => (x.individualNo < y.individualNo ? -1 : 1));

  // An unknown code is listed when its latest scan stands (a scan taken back is no find), like an individual's.
  const unknownList: UnknownCode[] = [];
  for (const [code, scans] of unknown) {
    const sortedScans = scans.sort(byTime);
    const positive = sortedScans.filter((s) => s.quantity > 0);
    if (sortedScans[sortedScans.length - 1]!.quantity <= 0) continue;
    unknownList.push({ code, scans: positive.length, firstAt: positive[0]!.at, workstations: [...new Set(positive.map((s) => s.workstation))].sort() });
  }
  unknownList.sort((x, y) => (x.code < y.code ? -1 : 1));
  const totals: StocktakeTotals = {
    lines: lines.length,
    countedLines: lines.filter((l) => l.counted).length,
    uncountedLines: lines.filter((l) => !l.counted).length,
    linesWithDifference: lines.filter((l) => (l.difference ?? 0) !== 0).length,
    needsDecision: lines.filter((l) => l.needsDecision).length,
    plusOre: lines.reduce((n, l) => n + Math.max(0, l.valueOre ?? 0), 0),
    minusOre: lines.reduce((n, l) => n + Math.min(0, l.valueOre ?? 0), 0),
    missing: lines.reduce((n, l) => n + l.individuals.filter((i) => i.outcome === 'missing').length, 0),
    wrongPlace: wrongPlace.length,
    unknown: unknownList.length,
    duplicates: lines.reduce((n, l) => n + l.individuals.filter((i) => i.scans > 1).length, 0) + wrongPlace.filter((i) => i.scans > 1).length,
    negative: lines.filter((l) => l.negative !== null).length,
  };
  const zones = [...zoneProgress.values()].filter((z) => z.zoneId !== null || z.expected > 0);
  return {
    lines,
    unknown: unknownList,
    wrongPlace,
    zones,
    progress: { expected: zones.reduce((n, z) => n + z.expected, 0), counted: zones.reduce((n, z) => n + z.counted, 0) },
    workstations: [...perClient.values()].sort((x, y) => (x.workstation < y.workstation ? -1 : x.workstation > y.workstation ? 1 : x.clientId < y.clientId ? -1 : 1)),
    totals,
    counts: facts.counts.length,
    digest: countsDigest(facts.counts.map((c) => c.id)),
  };
}

function contributionsOfScans(events: readonly CountEvent[]): Contribution[] {
  const per = new Map<string, Contribution>();
  for (const e of events) {
    if (e.kind !== 'scan' || e.quantity <= 0) continue;
    const who = e.userId ?? `?${e.clientId}`;
    const c = per.get(who);
    if (c) c.quantity++;
    else per.set(who, { userId: e.userId, workstation: e.workstation, quantity: 1, replaced: false });
  }
  return [...per.values()];
}

/** One collator for every comparison: `localeCompare` with a locale builds one per call (~1 s for a 5 000-line sort). */
const ARTICLE_ORDER = new Intl.Collator('sv-SE', { numeric: true });

/** The count sheets' and reports' order: ISO class, then article number. */
export function cmpArticle(a: MergeArticle, b: MergeArticle): number {
  const x = a.isoCode.replace(/ /g, '');
  const y = b.isoCode.replace(/ /g, '');
  // ISO codes are digits: their order is the code units'.
  return x < y ? -1 : x > y ? 1 : ARTICLE_ORDER.compare(a.articleNo, b.articleNo);
}

/** What an approval does, from the merged result: the adjustments and the individuals to store 999. */
export interface ApprovalPlan {
  adjustments: { articleId: string; articleNo: string; quantity: number; valueOre: number }[];
  toInvestigation: { individualId: string; individualNo: string; articleId: string; articleNo: string; valueOre: number }[];
  valueOre: number;
}

export function approvalPlan(result: StocktakeResult, uncounted: StocktakeUncounted): ApprovalPlan {
  const adjustments: ApprovalPlan['adjustments'] = [];
  const toInvestigation: ApprovalPlan['toInvestigation'] = [];
  for (const l of result.lines) {
    const a = l.article;
    if (!a.trackedIndividually) {
      const diff = l.difference ?? (uncounted === 'zero' ? -l.balanceNow : 0);
      if (diff !== 0) adjustments.push({ articleId: a.id, articleNo: a.articleNo, quantity: diff, valueOre: diff * a.priceOre });
      continue;
    }
    for (const i of l.individuals) {
      const gone = i.outcome === 'missing' || (uncounted === 'zero' && i.outcome === 'uncounted' && i.storeId !== null);
      if (gone) toInvestigation.push({ individualId: i.id, individualNo: i.individualNo, articleId: a.id, articleNo: a.articleNo, valueOre: i.valueOre });
    }
  }
  const valueOre = adjustments.reduce((n, x) => n + x.valueOre, 0) - toInvestigation.reduce((n, x) => n + x.valueOre, 0);
  return { adjustments, toInvestigation, valueOre };
}

export { locationIn };

/**
 * The facts as they stood just before `cutoff` (an approval's time), from the facts now and the
 * ledger since: an approved stocktake's differences read as they did when it was approved, not
 * after its own adjustments. Balances go back by the movements at or after the cutoff, an
 * individual is the store's if the ledger says it was; the counts are kept as they are.
 */
export function factsAsOf<F extends Omit<StocktakeMergeFacts, 'now'>>(facts: F, cutoff: string): F {
  const later = facts.movements.filter((m) => m.at >= cutoff);
  const balances: Record<string, number> = { ...facts.balances };
  const net = new Map<string, number>();
  for (const m of later) {
    balances[m.articleId] = (balances[m.articleId] ?? 0) - m.quantity;
    if (m.individualId !== null) net.set(m.individualId, (net.get(m.individualId) ?? 0) + m.quantity);
  }
  const individuals = facts.individuals.map((i): MergeIndividual => {
    const n = net.get(i.id) ?? 0;
    if (n < 0) return { ...i, storeId: facts.storeId, status: 'inStore' };
    if (n > 0) return { ...i, storeId: null, status: 'atRecipient' };
    return i;
  });
  // Every count stays: an approved stocktake's counts are those it was approved on (central refuses
  // later ones), whatever their clocks said — an approver's clock behind another workstation's
  // must not hide counts the approval booked.
  return { ...facts, balances, individuals, movements: facts.movements.filter((m) => m.at < cutoff) };
}
