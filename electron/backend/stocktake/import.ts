import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Parser } from '@fast-csv/parse/build/src/parser';
import { ParserOptions } from '@fast-csv/parse';
import type { ImportCountsInput, ImportResult } from '../../../shared/api/stocktake';
import type { UserSummary } from '../../../shared/api/schemas';
import type { ArticleType, IndividualStatus } from '../../../shared/domain/model';
import { checkImportRows, IMPORT_FORMAT_HELP, type ImportArticle } from '../../../shared/domain/stocktake/import';
import { describeScope, parseScope, parseZones } from '../../../shared/domain/stocktake/scope';
import { err, ok, type Result } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { gtin14 } from '../article/codes';
import { SyncStateStore } from '../sync/state';
import type { PendingWrite } from '../sync/writer';
import { articleTypeName, type StocktakeRepository } from './repository';

/** The separator of a CSV: the first of semicolon, tab and comma found outside quotes in its first line (Swedish Excel writes semicolons). */
export function csvSeparator(text: string): string {
  let quoted = false;
  const seen = new Set<string>();
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seen.size > 0) break;
    } else if (!quoted && (ch === ';' || ch === '\t' || ch === ',')) seen.add(ch);
  }
  return seen.has(';') ? ';' : seen.has('\t') ? '\t' : seen.has(',') ? ',' : ';';
}

/**
 * A CSV's text as rows of cells, synchronously (the handlers are): @fast-csv/parse's own parser,
 * which its streams drive. Quotes, doubled quotes and line breaks inside quotes are read as RFC
 * 4180 has them; a byte-order mark is dropped.
 */
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; message: string } {
  const body = text.replace(/^\uFEFF/, '');
  try {
    const parser = new Parser(new ParserOptions({ delimiter: csvSeparator(body), ignoreEmpty: false, trim: false }));
    return { ok: true, rows: parser.parse(body, false).rows };
  } catch {
    return { ok: false, message: `Filen kunde inte läsas som CSV: ett citattecken (") avslutas inte eller står fel. Spara filen som CSV (semikolonavgränsad) och försök igen. ${IMPORT_FORMAT_HELP}` };
  }
}

/**
 * Counts from a CSV file (a first count done on paper): parsed, checked row by row by the shared
 * rules (shared/domain/stocktake/import.ts), and, unless it is a dry run and only when no row is
 * wrong, written as one count event per row in ONE local transaction.
 */
export function stocktakeImport(ctx: BackendContext, repo: StocktakeRepository) {
  const state = new SyncStateStore(ctx.db);
  const workstation = (hostname() || 'Arbetsstation').slice(0, 64);
  type ArticleRow = { id: string; article_no: string; article_type: ArticleType; iso_code: string; tracked_individually: number };
  const s = {
    articleByNo: ctx.db.prepare<[string], ArticleRow>('SELECT id, article_no, article_type, iso_code, tracked_individually FROM article WHERE article_no = ?'),
    articleByGtin: ctx.db.prepare<[string], ArticleRow>(
      'SELECT a.id, a.article_no, a.article_type, a.iso_code, a.tracked_individually FROM article_gtin g JOIN article a ON a.id = g.article_id WHERE g.gtin = ?',
    ),
    individual: ctx.db.prepare<[string], ArticleRow & { individual_id: string; individual_no: string; store_id: string | null; status: IndividualStatus; location: string | null }>(
      `SELECT i.id AS individual_id, i.individual_no, i.store_id, i.status, i.location, a.id, a.article_no, a.article_type, a.iso_code, a.tracked_individually
       FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?`,
    ),
    family: ctx.db.prepare<[string, string], { scope: string }>('SELECT scope FROM stocktake WHERE id = ? OR joined_id = ?'),
  };
  const article = (r: ArticleRow): ImportArticle => ({
    id: r.id,
    articleNo: r.article_no,
    articleType: r.article_type,
    isoCode: r.iso_code,
    trackedIndividually: r.tracked_individually === 1,
  });
  const lookups = {
    article: (code: string) => {
      const r = s.articleByNo.get(code) ?? (/^\d{8,14}$/.test(code) ? s.articleByGtin.get(gtin14(code)) : undefined);
      return r ? article(r) : null;
    },
    individual: (no: string) => {
      const r = s.individual.get(no);
      return r ? { id: r.individual_id, individualNo: r.individual_no, storeId: r.store_id, status: r.status, location: r.location, article: article(r) } : null;
    },
  };

  return (input: Required<Pick<ImportCountsInput, 'id' | 'csv'>> & { zoneId: string | null; dryRun: boolean }, user: UserSummary): Result<ImportResult> => {
    const own = repo.stocktake(input.id);
    const target = repo.target(input.id);
    if (!own || !target || own.store_id !== ctx.ownStoreId) return err('not-found', 'Inventeringen finns inte för det här lagret.');
    if (target.status === 'approved') return err('stocktake-approved', `Inventeringen ”${target.name}” är godkänd och låst. Inget har lästs in.`);
    if (input.zoneId !== null && !parseZones(target.zones).some((z) => z.id === input.zoneId)) return err('unknown-zone', 'Zonen finns inte i inventeringen. Inget har lästs in.');

    const parsed = parseCsv(input.csv);
    if (!parsed.ok) return ok({ rows: 0, imported: 0, errors: [{ row: 0, message: parsed.message }] });
    const scopes = s.family.all(target.id, target.id).map((r) => parseScope(r.scope));
    const check = checkImportRows(parsed.rows, lookups, { ownStoreId: ctx.ownStoreId, scopes, scopeText: describeScope(parseScope(target.scope), articleTypeName).toLocaleLowerCase('sv-SE') });
    if (check.errors.length > 0 || input.dryRun) return ok({ rows: check.rows, imported: 0, errors: check.errors });

    const clientId = state.clientId();
    const writes: PendingWrite[] = check.counts.map((c) => ({
      name: 'stocktake.count',
      args: {
        countId: randomUUID(),
        stocktakeId: own.id,
        storeId: ctx.ownStoreId,
        zoneId: input.zoneId,
        clientId,
        workstation,
        source: 'import',
        quantity: c.kind === 'add' ? c.quantity : 1,
        ...(c.kind === 'add'
          ? { kind: 'add', articleId: c.articleId, individualId: null, code: null }
          : { kind: 'scan', articleId: c.articleId, individualId: c.individualId, code: c.code }),
      },
    }));
    const saved = ctx.writer.writeAll(writes, user.id);
    if (!saved.ok) return saved;
    return ok({ rows: check.rows, imported: saved.value.length, errors: [] });
  };
}
