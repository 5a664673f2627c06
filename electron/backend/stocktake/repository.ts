import type { IndividualLine, LineView, StocktakeSummary } from '../../../shared/api/stocktake';
import type { ArticleType } from '../../../shared/domain/model';
import { mergeFactsOf, type StocktakeRow } from '../../../shared/domain/stocktake/facts';
import { factsAsOf, mergeStocktake, type IndividualResult, type LineResult, type StocktakeResult } from '../../../shared/domain/stocktake/merge';
import { describeScope, parseScope } from '../../../shared/domain/stocktake/scope';
import type { Db } from '../db/replica';
import { stocktakeRowsReader } from './facts';

const TYPE_NAMES: Record<ArticleType, string> = {
  mainAid: 'Huvudhjälpmedel',
  accessory: 'Tillbehör',
  sparePart: 'Reservdelar',
  setting: 'Inställningar',
  service: 'Tjänster',
  consumable: 'Förbrukning',
};
export const articleTypeName = (t: ArticleType): string => TYPE_NAMES[t];

const STATUS_WHERE: Record<string, string> = {
  atRecipient: 'hos mottagare',
  scrapped: 'skrotad',
  investigation: 'i utredningslager',
  inRepair: 'på reparation',
  rekond: 'i rekond / rengöring',
  reserved: 'reserverad',
  inStore: 'i lager',
};

type SummaryRow = StocktakeRow & { user_name: string | null; approver: string | null; joined_name: string | null; counts: number };

/**
 * The stocktakes of the replica and their merged differences. A merge reads every count event and
 * the store's ledger, so its result is kept per stocktake until a table it reads changes (the
 * backend's `data.changed`): a scan answers from the one line it touched (`line`), screens that
 * refresh on every scan read the kept result.
 */
export class StocktakeRepository {
  private readonly rows;
  private readonly s;
  private readonly cache = new Map<string, StocktakeResult>();

  constructor(private readonly db: Db) {
    this.rows = stocktakeRowsReader(db);
    this.s = {
      list: db.prepare<{ store: string; id: string | null }, SummaryRow>(
        `SELECT s.id, s.store_id, s.name, s.scope, s.zones, s.blind, s.status, s.joined_id, s.created_at, s.approved_at,
           u.name AS user_name, a.name AS approver, j.name AS joined_name,
           (SELECT count(*) FROM stocktake_count c WHERE c.stocktake_id = s.id OR c.stocktake_id IN (SELECT id FROM stocktake k WHERE k.joined_id = s.id)) AS counts
         FROM stocktake s LEFT JOIN app_user u ON u.id = s.user_id LEFT JOIN app_user a ON a.id = s.approved_by LEFT JOIN stocktake j ON j.id = s.joined_id
         WHERE s.store_id = @store AND (@id IS NULL OR s.id = @id) ORDER BY s.created_at DESC`,
      ),
      one: db.prepare<[string], StocktakeRow & { user_id: string | null; approved_by: string | null }>(
        'SELECT id, store_id, name, scope, zones, blind, status, joined_id, created_at, approved_at, user_id, approved_by FROM stocktake WHERE id = ?',
      ),
      userName: db.prepare<[string], { name: string }>('SELECT name FROM app_user WHERE id = ?'),
      storeName: db.prepare<[string], { name: string }>('SELECT name FROM store WHERE id = ?'),
    };
  }

  /** Forget kept merges (a table they read changed). */
  invalidate(): void {
    this.cache.clear();
  }

  stocktake(id: string) {
    return this.s.one.get(id) ?? null;
  }

  /** The stocktake counts go to: itself, or the one it joined. */
  target(id: string) {
    const own = this.stocktake(id);
    if (!own) return null;
    return own.status === 'joined' && own.joined_id ? (this.stocktake(own.joined_id) ?? own) : own;
  }

  /** The merged differences (an approved stocktake as it stood when approved). */
  result(id: string, now: string): StocktakeResult | null {
    const kept = this.cache.get(id);
    if (kept) return kept;
    const read = this.rows(id);
    const own = read?.stocktakes.find((s) => s.id === id);
    const facts = read ? mergeFactsOf(id, read) : null;
    if (!facts || !own) return null;
    const result =
      own.status === 'approved' && own.approved_at ? mergeStocktake({ ...factsAsOf(facts, own.approved_at), now: own.approved_at }) : mergeStocktake({ ...facts, now });
    this.cache.set(id, result);
    return result;
  }

  summaries(storeId: string, now: string): StocktakeSummary[] {
    return this.s.list.all({ store: storeId, id: null }).map((r) => this.summaryOf(r, now));
  }

  /** One stocktake's summary (only its own merge is read). */
  summary(id: string, storeId: string, now: string): StocktakeSummary | null {
    const r = this.s.list.get({ store: storeId, id });
    return r ? this.summaryOf(r, now) : null;
  }

  private summaryOf(r: SummaryRow, now: string): StocktakeSummary {
    const result = r.status === 'joined' ? null : this.result(r.id, now);
    const scope = parseScope(r.scope);
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      blind: Boolean(r.blind),
      scope,
      scopeText: describeScope(scope, articleTypeName),
      createdAt: r.created_at,
      createdBy: r.user_name,
      approvedAt: r.approved_at,
      approvedBy: r.approver,
      joined: r.joined_id ? { id: r.joined_id, name: r.joined_name ?? r.joined_id } : null,
      counts: r.counts,
      progress: result?.progress ?? { expected: 0, counted: 0 },
    };
  }

  userName(userId: string | null): string {
    if (userId === null) return 'Okänd användare';
    return this.s.userName.get(userId)?.name ?? userId;
  }

  /** Where the system believes an individual is, in words. */
  believed(i: Pick<IndividualResult, 'storeId' | 'status'>, ownStoreId: string): string {
    if (i.status === 'investigation') return `i utredningslager ${i.storeId ?? ''}`.trim();
    if (i.storeId && i.storeId !== ownStoreId) {
      const name = this.s.storeName.get(i.storeId)?.name;
      return `i lager ${i.storeId}${name ? ` (${name})` : ''}${i.status === 'inStore' ? '' : `, ${STATUS_WHERE[i.status] ?? i.status}`}`;
    }
    return STATUS_WHERE[i.status] ?? i.status;
  }

  individualLine(i: IndividualResult, ownStoreId: string): IndividualLine {
    return {
      id: i.id,
      individualNo: i.individualNo,
      outcome: i.outcome,
      scans: i.scans,
      location: i.location,
      zoneId: i.zoneId,
      valueOre: i.valueOre,
      believed: i.outcome === 'wrongPlace' ? this.believed(i, ownStoreId) : null,
      status: i.status,
    };
  }

  /** A merged line for the screens; expected values hidden unless `showExpected`. */
  lineView(l: LineResult, userId: string, ownStoreId: string, showExpected: boolean): LineView {
    const mine = l.contributions.find((c) => c.userId === userId);
    return {
      articleId: l.article.id,
      articleNo: l.article.articleNo,
      name: l.article.name,
      articleType: l.article.articleType,
      isoCode: l.article.isoCode,
      unit: l.article.unit,
      tracked: l.article.trackedIndividually,
      inScope: l.inScope,
      counted: l.counted,
      countedAt: l.countedAt,
      expected: showExpected ? l.expected : null,
      quantity: l.quantity,
      difference: showExpected ? l.difference : null,
      valueOre: showExpected ? l.valueOre : null,
      priceOre: l.article.priceOre,
      balanceNow: showExpected ? l.balanceNow : null,
      inAfter: l.inAfter,
      outAfter: l.outAfter,
      needsDecision: l.needsDecision,
      keptAt: l.keptAt,
      recountedAt: l.recountedAt,
      supersededEvents: l.supersededEvents,
      contributions: [...l.contributions]
        .sort((a, b) => Number(b.userId === userId) - Number(a.userId === userId))
        .map((c) => ({ user: this.userName(c.userId), workstation: c.workstation, quantity: c.quantity, replaced: c.replaced, self: c.userId === userId })),
      mine: mine ? mine.quantity : null,
      negative:
        showExpected && l.negative
          ? {
              ...l.negative,
              text:
                `Saldot var negativt (${l.expected}): sedan förra inventeringen har ${l.negative.out} lämnats ut men bara ${l.negative.in} tagits emot` +
                `${l.negative.lastOut ? ` (senast ${l.negative.lastOut.at.slice(0, 10)}${l.negative.lastOut.reference ? `, ${l.negative.lastOut.reference}` : ''})` : ''}. ` +
                'Det händer när ett hjälpmedel lämnas ut utan att finnas i lager, till exempel ett sålt hjälpmedel som förskrivs igen.',
            }
          : null,
      individuals: showExpected
        ? l.individuals.map((i) => this.individualLine(i, ownStoreId))
        : l.individuals.filter((i) => i.outcome === 'found' || i.outcome === 'arrivedAfter' || i.outcome === 'outOfScope').map((i) => this.individualLine(i, ownStoreId)),
    };
  }
}
