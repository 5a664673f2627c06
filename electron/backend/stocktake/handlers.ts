import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ApprovalCheck, LineView, StocktakeScanResult, StocktakeView } from '../../../shared/api/stocktake';
import type { UserSummary } from '../../../shared/api/schemas';
import type { LINE_FILTERS } from '../../../shared/api/stocktake';
import type { StocktakeCountKind } from '../../../shared/domain/model';
import { hasAnyRole, STOCK_ADJUST_ROLES } from '../../../shared/domain/mutation';
import { mergeFactsOf, HELD_STATUSES } from '../../../shared/domain/stocktake/facts';
import { approvalPlan, mergeStocktake, type LineResult } from '../../../shared/domain/stocktake/merge';
import { articleInScope, individualInScope, parseScope, parseZones, describeScope } from '../../../shared/domain/stocktake/scope';
import { overlappingStocktake } from '../../../shared/domain/stocktake/mutations';
import { err, ok, type Result } from '../../../shared/result';
import { createScanClassifier } from '../../../shared/scan';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { articleCodes } from '../article/codes';
import { SyncStateStore } from '../sync/state';
import { StocktakeDocuments } from './documents';
import { lineRowsReader, openStocktakesReader } from './facts';
import { stocktakeImport } from './import';
import { articleTypeName, StocktakeRepository } from './repository';

/** Tables a stocktake's merge reads: a change to one of them makes kept merges stale. */
const MERGE_TABLES = new Set(['stocktake', 'stocktake_count', 'stock_movement', 'stock_balance', 'individual', 'article', 'app_user']);

type LineFilter = (typeof LINE_FILTERS)[number];
const FILTERS: Record<LineFilter, (l: LineResult) => boolean> = {
  all: () => true,
  uncounted: (l) => !l.counted,
  counted: (l) => l.counted,
  differences: (l) => (l.difference ?? 0) !== 0 || l.individuals.some((i) => i.scans > 1 || i.outcome === 'missing'),
  decision: (l) => l.needsDecision,
  outOfScope: (l) => !l.inScope || l.individuals.some((i) => i.outcome === 'outOfScope'),
};

/** The stocktake (inventering) on the workstation: docs/stocktake.md. */
export function stocktakeHandlers(ctx: BackendContext): HandlerGroup<'stocktake'> {
  const repo = new StocktakeRepository(ctx.db);
  ctx.events.on('data.changed', ({ tables }) => {
    if (tables.some((t) => MERGE_TABLES.has(t))) repo.invalidate();
  });
  const lineRows = lineRowsReader(ctx.db);
  const openStocktakes = openStocktakesReader(ctx.db);
  const classify = createScanClassifier();
  const articles = articleCodes(ctx.db);
  const state = new SyncStateStore(ctx.db);
  const workstation = (hostname() || 'Arbetsstation').slice(0, 64);
  const now = () => ctx.now().toISOString();
  const s = {
    individualByNo: ctx.db.prepare<[string], { id: string; individual_no: string; article_id: string; store_id: string | null; status: string; location: string | null }>(
      'SELECT id, individual_no, article_id, store_id, status, location FROM individual WHERE individual_no = ?',
    ),
    article: ctx.db.prepare<[string], { id: string; article_no: string; name: string; article_type: Parameters<typeof articleTypeName>[0]; iso_code: string; tracked_individually: number }>(
      'SELECT id, article_no, name, article_type, iso_code, tracked_individually FROM article WHERE id = ?',
    ),
    family: ctx.db.prepare<[string, string], { scope: string }>('SELECT scope FROM stocktake WHERE id = ? OR joined_id = ?'),
    unsynced: ctx.db.prepare<[{ id: string }], { n: number }>(
      `SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND name = 'stocktake.count'
       AND json_extract(args, '$.stocktakeId') IN (SELECT id FROM stocktake WHERE id = @id OR joined_id = @id)`,
    ),
    /** Individuals in the investigation store, with when and from where they went there. */
    investigation: ctx.db.prepare<
        [],
        {
          id: string;
          individual_no: string;
          article_no: string;
          name: string;
          serial_no: string | null;
          acquisition_value_ore: number | null;
          since: string | null;
          from_store: string | null;
          note: string | null;
        }
      >(
        `SELECT i.id, i.individual_no, a.article_no, a.name, i.serial_no, i.acquisition_value_ore,
           (SELECT max(m.at) FROM stock_movement m WHERE m.individual_id = i.id AND m.reason = 'stocktake' AND m.quantity < 0) AS since,
           (SELECT m.store_id FROM stock_movement m WHERE m.individual_id = i.id AND m.reason = 'stocktake' AND m.quantity < 0 ORDER BY m.at DESC LIMIT 1) AS from_store,
           (SELECT t.text FROM individual_text t WHERE t.individual_id = i.id ORDER BY t.at DESC LIMIT 1) AS note
         FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.status = 'investigation' ORDER BY since DESC, i.individual_no`,
      ),
    assignments: ctx.db.prepare<[string], { zone_id: string; client_id: string; workstation: string }>(
      `SELECT zone_id, client_id, workstation FROM stocktake_zone_assignment a WHERE stocktake_id = ?
       AND NOT EXISTS (SELECT 1 FROM stocktake_zone_assignment b WHERE b.stocktake_id = a.stocktake_id AND b.zone_id = a.zone_id AND (b.at > a.at OR (b.at = a.at AND b.id > a.id)))`,
    ),
  };
  const clientId = () => state.clientId();
  const isAdmin = (user: UserSummary) => hasAnyRole(user.roles, STOCK_ADJUST_ROLES);

  /** The stocktake to count in (itself, or the one it joined), open for counting. */
  const countable = (id: string): Result<{ id: string; target: NonNullable<ReturnType<typeof repo.target>> }> => {
    const own = repo.stocktake(id);
    const target = repo.target(id);
    if (!own || !target || own.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
    if (target.status === 'approved') return err('stocktake-approved', `Inventeringen ”${target.name}” är godkänd och låst. Inget har ändrats.`);
    return ok({ id: own.id, target });
  };
  const showExpected = (target: { blind: number | boolean; status: string }, user: UserSummary) => !target.blind || target.status === 'approved' || isAdmin(user);

  /** One line merged from its own rows (a scan's answer): the same merge, a fraction of the reading. */
  const line = (stocktakeId: string, articleId: string, user: UserSummary): LineView | null => {
    const read = lineRows(stocktakeId, articleId);
    const facts = read ? mergeFactsOf(stocktakeId, read) : null;
    if (!read || !facts) return null;
    const result = mergeStocktake({ ...facts, countedZones: read.countedZones, now: now() });
    const l = result.lines.find((x) => x.article.id === articleId);
    const target = repo.target(stocktakeId)!;
    return l ? repo.lineView(l, user.id, ctx.ownStoreId, showExpected(target, user)) : null;
  };

  const record = (
    stocktakeId: string,
    user: UserSummary,
    c: { kind: StocktakeCountKind; articleId: string | null; individualId: string | null; code: string | null; quantity: number; zoneId: string | null; source: 'scan' | 'manual' },
  ) =>
    ctx.writer.write(
      'stocktake.count',
      { countId: randomUUID(), stocktakeId, storeId: ctx.ownStoreId, clientId: clientId(), workstation, ...c },
      user.id,
    );

  const scanResult = (outcome: StocktakeScanResult['outcome'], message: string, recorded: boolean, individualNo: string | null, l: LineView | null): Result<StocktakeScanResult> =>
    ok({ outcome, message, recorded, individualNo, line: l });

  const scopesOf = (id: string) => s.family.all(id, id).map((r) => parseScope(r.scope));
  const documents = new StocktakeDocuments(ctx, repo);
  const importCounts = stocktakeImport(ctx, repo);

  return {
    'stocktake.countSheets': ({ id, zoneId }, user) => documents.countSheets(id, zoneId, user),
    'stocktake.report': ({ id, format }, user) => documents.report(id, format, user),
    'stocktake.importCounts': (input, user) => importCounts(input, user),
    'stocktake.list': () => ok(repo.summaries(ctx.ownStoreId, now())),

    'stocktake.create': (input, user) => {
      // The rule would join it; the workstation, seeing it, refuses up front.
      const running = overlappingStocktake(openStocktakes(ctx.ownStoreId), input.scope);
      if (running) {
        return err(
          'overlapping-stocktake',
          `Inventeringen ”${running.name}” pågår redan för ${describeScope(running.scope, articleTypeName).toLocaleLowerCase('sv-SE')}, som överlappar. Öppna den och räkna där i stället, eller godkänn den först.`,
          { stocktakeId: running.id },
        );
      }
      const stocktakeId = randomUUID();
      const zones = input.zones.map((z, i) => ({ ...z, id: `z${i + 1}` }));
      const saved = ctx.writer.write('stocktake.create', { stocktakeId, storeId: ctx.ownStoreId, name: input.name, scope: input.scope, zones, blind: input.blind }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: stocktakeId }) : saved;
    },

    'stocktake.get': ({ id }, user) => {
      const own = repo.stocktake(id);
      if (!own || own.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const target = repo.target(id)!;
      const summary = repo.summary(target.id, ctx.ownStoreId, now());
      const result = repo.result(target.id, now());
      if (!summary || !result) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const assigned = new Map(s.assignments.all(target.id).map((a) => [a.zone_id, a]));
      const progress = new Map(result.zones.map((z) => [z.zoneId, z]));
      const me = clientId();
      const show = showExpected(target, user);
      const view: StocktakeView = {
        summary,
        zones: parseZones(target.zones).map((z) => {
          const a = assigned.get(z.id);
          const p = progress.get(z.id);
          return { ...z, expected: p?.expected ?? 0, counted: p?.counted ?? 0, assignedTo: a?.workstation ?? null, mine: a?.client_id === me };
        }),
        unzoned: { expected: progress.get(null)?.expected ?? 0, counted: progress.get(null)?.counted ?? 0 },
        workstations: result.workstations.map((w) => ({ ...w, self: w.clientId === me })),
        totals: show ? result.totals : null,
        unsynced: s.unsynced.get({ id: target.id })?.n ?? 0,
        showExpected: show,
      };
      return ok(view);
    },

    'stocktake.lines': ({ id, filter, text, offset, limit }, user) => {
      const target = repo.target(id);
      if (!target || target.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const result = repo.result(target.id, now());
      if (!result) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const q = text.trim().toLocaleLowerCase('sv-SE');
      const matches = (l: LineResult) =>
        q === '' ||
        l.article.articleNo.toLocaleLowerCase('sv-SE').includes(q) ||
        l.article.name.toLocaleLowerCase('sv-SE').includes(q) ||
        l.individuals.some((i) => i.individualNo.includes(q));
      const lines = result.lines.filter((l) => FILTERS[filter](l) && matches(l));
      const show = showExpected(target, user);
      return ok({ total: lines.length, lines: lines.slice(offset, offset + limit).map((l) => repo.lineView(l, user.id, ctx.ownStoreId, show)) });
    },

    'stocktake.exceptions': ({ id }) => {
      const target = repo.target(id);
      if (!target || target.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const result = repo.result(target.id, now())!;
      return ok({
        wrongPlace: result.wrongPlace.map((i) => {
          const a = s.article.get(i.articleId);
          return { ...repo.individualLine(i, ctx.ownStoreId), articleNo: a?.article_no ?? i.articleId, name: a?.name ?? '' };
        }),
        unknown: result.unknown,
      });
    },

    'stocktake.scan': ({ id, text, zoneId, confirmOutOfScope }, user) => {
      const open = countable(id);
      if (!open.ok) return open;
      const meaning = classify(text);
      const byNo = meaning.kind !== 'gs1' ? articles.byArticleNo(meaning.text) : null;
      const gtin = meaning.kind === 'gs1' ? meaning.gs1.gtin : null;
      const coded = byNo ?? (gtin ? articles.byGtin(gtin) : null);
      const scopes = scopesOf(open.value.target.id);

      if (coded) {
        const a = s.article.get(coded.id)!;
        const scopeArticle = { articleType: a.article_type, isoCode: a.iso_code, trackedIndividually: a.tracked_individually === 1 };
        if (a.article_type === 'service') return scanResult('invalid', `Artikel ${a.article_no} är en tjänst och inventeras inte.`, false, null, null);
        if (a.tracked_individually === 1) {
          return scanResult('invalid', `Artikel ${a.article_no} ${a.name} är individmärkt: skanna individernas etiketter i stället.`, false, null, line(id, a.id, user));
        }
        if (!confirmOutOfScope && !scopes.some((sc) => articleInScope(sc, scopeArticle))) {
          return scanResult('outOfScope', `Artikel ${a.article_no} ${a.name} ingår inte i inventeringen. Räkna den ändå?`, false, null, null);
        }
        const saved = record(id, user, { kind: 'add', articleId: a.id, individualId: null, code: null, quantity: 1, zoneId, source: 'scan' });
        if (!saved.ok) return saved;
        const l = line(id, a.id, user);
        return scanResult('article', `${a.article_no} ${a.name}: +1 (du ${l?.mine ?? 1}, totalt ${l?.quantity ?? 1} ${l?.unit ?? 'st'})`, true, null, l);
      }

      if (meaning.kind === 'gs1') {
        return scanResult('invalid', gtin ? `GTIN ${gtin} är inte kopplad till någon artikel. En lageradministratör kan koppla den under Godsmottagning.` : 'GS1-koden saknar GTIN.', false, null, null);
      }
      const number = meaning.kind === 'individualNo' ? meaning.individualNo : meaning.kind === 'articleNo' || meaning.kind === 'caseNumber' ? meaning.text : null;
      if (number === null || !/^[0-9A-Za-z-]{1,30}$/.test(number)) {
        return scanResult('invalid', meaning.kind === 'unknown' ? meaning.error.message : `Koden ${meaning.text.slice(0, 40)} är ingen individ- eller artikelkod.`, false, null, null);
      }
      const ind = s.individualByNo.get(number);
      if (!ind) {
        const saved = record(id, user, { kind: 'scan', articleId: null, individualId: null, code: number, quantity: 1, zoneId, source: 'scan' });
        if (!saved.ok) return saved;
        return scanResult('unknown', `Okänt individnummer ${number}. Registrera individen på plats om den hör till lagret; räkningen finns kvar.`, true, number, null);
      }
      const a = s.article.get(ind.article_id)!;
      const scopeArticle = { articleType: a.article_type, isoCode: a.iso_code, trackedIndividually: a.tracked_individually === 1 };
      const own = ind.store_id === ctx.ownStoreId && (HELD_STATUSES as readonly string[]).includes(ind.status);
      if (own && !confirmOutOfScope && !scopes.some((sc) => individualInScope(sc, scopeArticle, ind.location))) {
        return scanResult('outOfScope', `Individ ${number} (${a.article_no} ${a.name}${ind.location ? `, ${ind.location}` : ''}) ingår inte i inventeringen. Räkna den ändå?`, false, number, null);
      }
      const saved = record(id, user, { kind: 'scan', articleId: a.id, individualId: ind.id, code: number, quantity: 1, zoneId, source: 'scan' });
      if (!saved.ok) return saved;
      const l = line(id, a.id, user);
      if (!own) {
        const believed = repo.believed({ storeId: ind.store_id, status: ind.status as never }, ctx.ownStoreId);
        return scanResult('wrongPlace', `Fel plats: individ ${number} (${a.article_no} ${a.name}) finns enligt systemet ${believed}.`, true, number, l);
      }
      const scans = l?.individuals.find((i) => i.id === ind.id)?.scans ?? 1;
      if (scans > 1) return scanResult('duplicate', `Individ ${number} är redan räknad (skannad ${scans} gånger). Den räknas en gång.`, true, number, l);
      return scanResult('found', `Hittad: individ ${number}, ${a.article_no} ${a.name}.`, true, number, l);
    },

    'stocktake.count': ({ id, articleId, kind, quantity, zoneId }, user) => {
      const open = countable(id);
      if (!open.ok) return open;
      const a = s.article.get(articleId);
      if (!a) return err('unknown-article', 'Artikeln finns inte i sortimentet.');
      const saved = record(id, user, { kind, articleId, individualId: null, code: null, quantity: kind === 'keep' ? 0 : quantity, zoneId, source: 'manual' });
      if (!saved.ok) return saved;
      const l = line(id, articleId, user);
      const what =
        kind === 'add'
          ? `+${quantity}`
          : kind === 'replace'
            ? `din räkning ersatt med ${quantity}`
            : kind === 'recount'
              ? `räknas om${a.tracked_individually === 1 ? ': skanna individerna igen' : ` från ${quantity}`}`
              : 'räkningen behålls';
      return scanResult('article', `${a.article_no} ${a.name}: ${what} (totalt ${l?.quantity ?? quantity} ${l?.unit ?? 'st'})`, true, null, l);
    },

    'stocktake.undoScan': ({ id, individualNo, zoneId }, user) => {
      const open = countable(id);
      if (!open.ok) return open;
      const ind = s.individualByNo.get(individualNo);
      const saved = record(id, user, { kind: 'scan', articleId: ind?.article_id ?? null, individualId: ind?.id ?? null, code: individualNo, quantity: 0, zoneId, source: 'manual' });
      if (!saved.ok) return saved;
      return scanResult('found', `Skanningen av individ ${individualNo} är borttagen: den räknas inte som hittad.`, true, individualNo, ind ? line(id, ind.article_id, user) : null);
    },

    'stocktake.assignZone': ({ id, zoneId }, user) => {
      const open = countable(id);
      if (!open.ok) return open;
      const assignmentId = randomUUID();
      const saved = ctx.writer.write(
        'stocktake.assignZone',
        { assignmentId, stocktakeId: open.value.target.id, storeId: ctx.ownStoreId, zoneId, clientId: clientId(), workstation },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: assignmentId }) : saved;
    },

    'stocktake.approvalCheck': ({ id }, user) => {
      const target = repo.target(id);
      if (!target || target.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const result = repo.result(target.id, now())!;
      const keep = approvalPlan(result, 'keep');
      const zero = approvalPlan(result, 'zero');
      const me = clientId();
      const blocked =
        target.status === 'approved'
          ? 'Inventeringen är redan godkänd.'
          : !isAdmin(user)
            ? 'Bara lageradministratörer får godkänna en inventering.'
            : result.totals.needsDecision > 0
              ? `${result.totals.needsDecision} rader har lagerrörelser efter att de räknades: välj Räkna om eller Behåll räkningen på dem först.`
              : null;
      const check: ApprovalCheck = {
        digest: result.digest,
        counts: result.counts,
        unsynced: s.unsynced.get({ id: target.id })?.n ?? 0,
        lastSyncAt: state.get().lastSyncAt,
        workstations: result.workstations.map((w) => ({ ...w, self: w.clientId === me })),
        totals: result.totals,
        adjustments: keep.adjustments.length,
        toInvestigation: keep.toInvestigation.length,
        valueOre: keep.valueOre,
        zero: { adjustments: zero.adjustments.length, toInvestigation: zero.toInvestigation.length, valueOre: zero.valueOre },
        blocked,
      };
      return ok(check);
    },

    'stocktake.approve': ({ id, uncounted, digest }, user) => {
      const target = repo.target(id);
      if (!target || target.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
      const approvalId = randomUUID();
      const saved = ctx.writer.write('stocktake.approve', { approvalId, stocktakeId: target.id, storeId: ctx.ownStoreId, uncounted, digest }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: target.id }) : saved;
    },

    'stocktake.investigation': () =>
      ok(
        s.investigation
          .all()
          .map((r) => ({
            individualId: r.id,
            individualNo: r.individual_no,
            articleNo: r.article_no,
            name: r.name,
            serialNo: r.serial_no,
            valueOre: r.acquisition_value_ore,
            since: r.since,
            fromStoreId: r.from_store,
            note: r.note,
          })),
      ),

    'stocktake.resolveInvestigation': ({ individualId, outcome, location }, user) => {
      const saved = ctx.writer.write(
        'stocktake.resolveInvestigation',
        { textId: randomUUID(), movementId: randomUUID(), individualId, storeId: ctx.ownStoreId, outcome, location },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: individualId }) : saved;
    },
  };
}
