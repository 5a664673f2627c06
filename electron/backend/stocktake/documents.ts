import type { PdfDocument } from '../../../shared/api/documents';
import type { FileDocument, REPORT_FORMATS } from '../../../shared/api/stocktake';
import type { UserSummary } from '../../../shared/api/schemas';
import { hasAnyRole, STOCK_ADJUST_ROLES } from '../../../shared/domain/mutation';
import { HELD_STATUSES } from '../../../shared/domain/stocktake/facts';
import type { IndividualResult, LineResult } from '../../../shared/domain/stocktake/merge';
import { describeScope, parseScope, parseZones, type StocktakeZone } from '../../../shared/domain/stocktake/scope';
import { err, ok, type Result } from '../../../shared/result';
import type { BackendContext } from '../backend';
import {
  pdfAnswer,
  renderCountSheets,
  renderVarianceReport,
  rendered,
  safeFileName,
  varianceReportCsv,
  varianceReportXlsx,
  type CountSheetsDocumentInput,
  type VarianceReportDocumentInput,
} from '../documents';
import { articleTypeName, type StocktakeRepository } from './repository';

type ReportFormat = (typeof REPORT_FORMATS)[number];
type SheetArticle = CountSheetsDocumentInput['sections'][number]['articles'][number];
type Section = CountSheetsDocumentInput['sections'][number];

const MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const STATUS_NOTE: Partial<Record<string, string>> = { reserved: 'reserverad', inRepair: 'på reparation', rekond: 'i rekond' };

const LOCATION_ORDER = new Intl.Collator('sv-SE', { numeric: true });
const byLocation = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : LOCATION_ORDER.compare(a, b));

/** YYYY-MM-DD in Swedish time (file names, dates on documents). */
const swedishDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/**
 * The stocktake's documents from the replica: the count sheets (inventeringslistor) of the whole
 * stocktake or a zone, and the variance report (differenslista) as PDF, Excel or CSV from the
 * merged result. The documents module renders them from plain data assembled here.
 */
export class StocktakeDocuments {
  private readonly s;

  constructor(
    private readonly ctx: BackendContext,
    private readonly repo: StocktakeRepository,
  ) {
    this.s = {
      store: ctx.db.prepare<[string], { id: string; name: string; issuer: string | null }>(
        'SELECT s.id, s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?',
      ),
      serials: ctx.db.prepare<[string], { id: string; serial_no: string | null }>('SELECT id, serial_no FROM individual WHERE id IN (SELECT value FROM json_each(?))'),
      storeSerials: ctx.db.prepare<[string], { id: string; serial_no: string | null }>('SELECT id, serial_no FROM individual WHERE store_id = ?'),
      articles: ctx.db.prepare<[string], { id: string; article_no: string; name: string }>('SELECT id, article_no, name FROM article WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  private now() {
    return this.ctx.now().toISOString();
  }

  private head(storeId: string) {
    const st = this.s.store.get(storeId);
    return {
      issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
      store: { id: storeId, name: st?.name ?? `Lager ${storeId}`, addressLines: [] },
    };
  }

  /** Serial numbers of the store's individuals, and of the others asked for. */
  private serials(individuals: readonly { id: string }[]): Map<string, string | null> {
    const map = new Map<string, string | null>();
    if (individuals.length === 0) return map;
    for (const r of this.s.storeSerials.all(this.ctx.ownStoreId)) map.set(r.id, r.serial_no);
    const others = individuals.filter((i) => !map.has(i.id)).map((i) => i.id);
    if (others.length > 0) for (const r of this.s.serials.all(JSON.stringify(others))) map.set(r.id, r.serial_no);
    return map;
  }

  private stocktakeHead(target: NonNullable<ReturnType<StocktakeRepository['target']>>) {
    return {
      name: target.name,
      scopeText: describeScope(parseScope(target.scope), articleTypeName),
      blind: Boolean(target.blind),
      status: target.status,
      createdAt: target.created_at,
      approvedAt: target.approved_at,
      approvedBy: target.approved_by ? this.repo.userName(target.approved_by) : null,
    };
  }

  private open(id: string) {
    const own = this.repo.stocktake(id);
    const target = this.repo.target(id);
    if (!own || !target || own.store_id !== this.ctx.ownStoreId) return null;
    const result = this.repo.result(target.id, this.now());
    return result ? { target, result } : null;
  }

  /** The count sheets of the stocktake (zoneId null) or of one zone. */
  countSheets(id: string, zoneId: string | null, user: UserSummary): Result<PdfDocument> {
    const opened = this.open(id);
    if (!opened) return err('not-found', 'Inventeringen finns inte för det här lagret.');
    const { target, result } = opened;
    const zones = parseZones(target.zones);
    const zone = zoneId === null ? null : (zones.find((z) => z.id === zoneId) ?? null);
    if (zoneId !== null && !zone) return err('unknown-zone', 'Zonen finns inte i inventeringen.');
    const blind = Boolean(target.blind);
    const own = this.ctx.ownStoreId;
    const catchAll = zones.find((z) => z.locations.length === 0) ?? null;

    // The individuals expected on the shelves now: the store's, in the scope.
    const expectedOf = (l: LineResult) => l.individuals.filter((i) => i.storeId === own && HELD_STATUSES.includes(i.status) && i.outcome !== 'outOfScope');
    const lines = result.lines.filter((l) => l.inScope);
    const serials = this.serials(lines.flatMap(expectedOf));

    const base = (l: LineResult) => ({ articleNo: l.article.articleNo, name: l.article.name, isoCode: l.article.isoCode, unit: l.article.unit, tracked: l.article.trackedIndividually });
    /** A tracked line's entries: one per shelf its individuals are on (walking order), each with the individuals there. */
    const trackedEntries = (l: LineResult, order: number, individuals: IndividualResult[]) => {
      const byShelf = new Map<string | null, IndividualResult[]>();
      for (const i of individuals) byShelf.set(i.location, [...(byShelf.get(i.location) ?? []), i]);
      if (byShelf.size === 0) byShelf.set(null, []);
      return [...byShelf].map(([shelf, here]) => ({
        order,
        article: {
          ...base(l),
          shelf,
          expected: blind ? null : here.length,
          individuals: blind
            ? []
            : [...here]
                .sort((a, b) => (a.individualNo < b.individualNo ? -1 : 1))
                .map((i) => ({ individualNo: i.individualNo, serialNo: serials.get(i.id) ?? null, location: i.location, note: STATUS_NOTE[i.status] ?? null })),
        } satisfies SheetArticle,
      }));
    };
    // Walking order: shelf location, then ISO class and article (the merge's line order).
    const inOrder = (entries: { order: number; article: SheetArticle }[]): SheetArticle[] =>
      entries.sort((x, y) => byLocation(x.article.shelf ?? null, y.article.shelf ?? null) || x.order - y.order).map((e) => e.article);

    const tracked = lines.filter((l) => l.article.trackedIndividually);
    const zoneArticles = (z: StocktakeZone | null) =>
      inOrder(
        tracked.flatMap((l, order) => {
          const all = expectedOf(l);
          const mine = all.filter((i) => i.zoneId === (z?.id ?? null));
          // A tracked line without individuals (a balance only) is counted where the catch-all zone is.
          if (mine.length === 0 && !(all.length === 0 && (z?.id ?? null) === (catchAll?.id ?? null))) return [];
          return trackedEntries(l, order, mine);
        }),
      );
    const quantitySection = (): Section => ({
      title: 'Artiklar utan individnummer',
      note:
        zones.length > 0
          ? 'De har ingen hyllplats i systemet: räkna dem där de står. Antal från flera zoner och personer läggs ihop.'
          : 'Räkna dem där de står. Antal från flera personer läggs ihop.',
      articles: lines.filter((l) => !l.article.trackedIndividually).map((l) => ({ ...base(l), shelf: null, expected: blind ? null : l.expected, individuals: [] })),
    });
    const zoneTitle = (z: StocktakeZone) => `Zon ${z.name}`;
    const zoneNote = (z: StocktakeZone) => (z.locations.length > 0 ? `Hyllplatser ${z.locations.join(', ')}` : 'Hyllplatser som ingen annan zon har');

    const sections: Section[] = [];
    if (zone) {
      sections.push({ title: zoneTitle(zone), note: zoneNote(zone), articles: zoneArticles(zone) });
      if (catchAll === null || catchAll.id === zone.id) sections.push(quantitySection());
    } else if (zones.length === 0) {
      sections.push({ title: 'Individmärkta artiklar', note: null, articles: zoneArticles(null) });
      sections.push(quantitySection());
    } else {
      for (const z of zones) sections.push({ title: zoneTitle(z), note: zoneNote(z), articles: zoneArticles(z) });
      const outside = catchAll ? [] : zoneArticles(null);
      if (outside.length > 0) sections.push({ title: 'Utanför zonerna', note: 'Individer på hyllplatser som ingen zon har.', articles: outside });
      sections.push(quantitySection());
    }

    const printedAt = this.now();
    const bytes = rendered(() =>
      renderCountSheets({
        ...this.head(target.store_id),
        stocktake: this.stocktakeHead(target),
        zone: zone ? { name: zone.name, locations: zone.locations } : null,
        sections: sections.filter((s, i) => s.articles.length > 0 || i === 0),
        printedBy: user.name,
        printedAt,
      }),
    );
    if (!bytes.ok) return bytes;
    const fileName = `${safeFileName(`Inventeringslista ${target.name}${zone ? ` ${zone.name}` : ''} ${swedishDate(printedAt)}`)}.pdf`;
    return ok(pdfAnswer(fileName, bytes.value, false));
  }

  /** The variance report's data: every line with its expected values, whoever asks (the caller checks that they may). */
  varianceData(id: string, user: UserSummary): Result<VarianceReportDocumentInput> {
    const opened = this.open(id);
    if (!opened) return err('not-found', 'Inventeringen finns inte för det här lagret.');
    const { target, result } = opened;
    const own = this.ctx.ownStoreId;
    const serials = this.serials([...result.lines.flatMap((l) => l.individuals), ...result.wrongPlace]);
    const articleOf = new Map<string, { articleNo: string; name: string }>(result.lines.map((l) => [l.article.id, l.article]));
    const elsewhere = [...new Set(result.wrongPlace.map((i) => i.articleId))].filter((a) => !articleOf.has(a));
    if (elsewhere.length > 0) for (const a of this.s.articles.all(JSON.stringify(elsewhere))) articleOf.set(a.id, { articleNo: a.article_no, name: a.name });
    const individual = (i: ReturnType<StocktakeRepository['individualLine']>) => ({
      individualNo: i.individualNo,
      serialNo: serials.get(i.id) ?? null,
      outcome: i.outcome,
      scans: i.scans,
      location: i.location,
      valueOre: i.valueOre,
      believed: i.believed,
    });
    return ok({
      ...this.head(target.store_id),
      stocktake: this.stocktakeHead(target),
      totals: result.totals,
      lines: result.lines.map((l) => {
        const v = this.repo.lineView(l, user.id, own, true);
        const flags: NonNullable<VarianceReportDocumentInput['lines'][number]['flags']> = [];
        if (!v.counted) flags.push('uncounted');
        if (v.recountedAt) flags.push('recounted');
        if (v.keptAt) flags.push('kept');
        if (!v.inScope) flags.push('outOfScope');
        if (v.negative) flags.push('negative');
        if (v.needsDecision) flags.push('needsDecision');
        return {
          articleNo: v.articleNo,
          name: v.name,
          isoCode: v.isoCode,
          unit: v.unit,
          tracked: v.tracked,
          expected: v.expected ?? 0,
          counted: v.quantity,
          difference: v.difference,
          priceOre: v.priceOre,
          valueOre: v.valueOre,
          flags,
          negativeText: v.negative?.text ?? null,
          individuals: v.individuals.map(individual),
        };
      }),
      wrongPlace: result.wrongPlace.map((i) => {
        const a = articleOf.get(i.articleId);
        return { ...individual(this.repo.individualLine(i, own)), articleNo: a?.articleNo ?? i.articleId, name: a?.name ?? 'Okänd artikel' };
      }),
      unknown: result.unknown,
      printedBy: user.name,
      printedAt: this.now(),
    });
  }

  /** The variance report as a file. A blind stocktake's shows expected values: only store admins get it before approval. */
  report(id: string, format: ReportFormat, user: UserSummary): Result<FileDocument> {
    const target = this.repo.target(id);
    if (target && target.store_id === this.ctx.ownStoreId && target.blind && target.status !== 'approved' && !hasAnyRole(user.roles, STOCK_ADJUST_ROLES)) {
      return err('forbidden', 'Differenslistan visar förväntade antal. I en blindinventering kan bara lageradministratörer ta fram den innan inventeringen är godkänd.');
    }
    const data = this.varianceData(id, user);
    if (!data.ok) return data;
    const d = data.value;
    const bytes = rendered(() => (format === 'pdf' ? renderVarianceReport(d) : format === 'xlsx' ? varianceReportXlsx(d) : varianceReportCsv(d)));
    if (!bytes.ok) return bytes;
    return ok({ fileName: `${safeFileName(`Differenslista ${d.stocktake.name} ${swedishDate(d.printedAt)}`)}.${format}`, mimeType: MIME[format], base64: bytes.value.toString('base64') });
  }
}
