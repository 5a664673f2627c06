import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/backend/api/dispatch';
import { openBackend } from '../../electron/backend/backend';
import { ftsSubstringQuery } from '../../electron/backend/db/fts';
import { openReplica, REPLICA_FILE } from '../../electron/backend/db/replica';
import { seedDemoData } from '../../electron/backend/demo/seed';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import { TEST_REPLICA_KEY } from '../../tests/helpers/backend';
import { ms, ratio, time, type Timing } from './stats';

export interface ArticleBenchResult {
  lines: string[];
  checks: { name: string; value: number; target: number; unit: string }[];
}

/** What people type into Sök artikel: each word list typed key by key (from 3 characters a term). */
const TYPED = [
  'rollator cross',
  'byggsats rollator',
  'rollator byggs',
  'rullstol netti smal',
  'säng sentida',
  'etac tillbehör',
  '120606',
  'huvudhjälpmedel toalett',
  'madrass visco',
  'batteri lyft',
  '10045',
  'smal',
  'griptång 80',
  'invacare reservdel',
  'duschstol etac',
];

/** The queries typing produces: every prefix whose terms all have at least 3 characters. */
export function typedQueries(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    for (let i = 3; i <= w.length; i++) {
      const t = w.slice(0, i);
      if (!t.endsWith(' ') && t.split(' ').every((x) => x.length >= 3)) out.push(t);
    }
  }
  return out;
}

/**
 * Artiklar at region scale (issue 11): search as you type over 200 000 articles at the handler
 * (contract validation, login check, repository, availability in the own and the central store),
 * beside the same page query on raw better-sqlite3; the count, the article page, replacements and
 * ISO browsing beside it.
 */
export async function runArticleBench(options: { articles: number; log: (line: string) => void }): Promise<ArticleBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffert-bench-articles-'));
  const lines: string[] = [];
  const checks: ArticleBenchResult['checks'] = [];
  try {
    const file = path.join(dir, REPLICA_FILE);
    const seedDb = openReplica(file, { key: TEST_REPLICA_KEY });
    options.log(`Artiklar: genererar ${options.articles.toLocaleString('sv-SE')} artiklar …`);
    const seeded = seedDemoData(seedDb, { articles: options.articles, individuals: 50_000, recipients: 1000 });
    seedDb.pragma('wal_checkpoint(TRUNCATE)');
    seedDb.close();
    lines.push(`| Generation (${seeded.rows.toLocaleString('sv-SE')} rows incl. components, documents and the search index) | ${(seeded.ms / 1000).toFixed(1)} s | – | – |`);

    const backend = openBackend({ replicaKey: TEST_REPLICA_KEY, dataDir: dir, demo: false });
    dispatch(backend, 'session.login', { userId: 'U1', secret: DEMO_PASSWORD });
    const db = backend.context.db;
    const queries = typedQueries(TYPED);
    const repeated = Array.from({ length: 6 }, () => queries).flat();
    const search = time(repeated, (text) => {
      const r = dispatch(backend, 'article.search', { text, limit: 100 });
      if (!r.ok) throw new Error(r.error.message);
    });
    const raw = db.prepare(`SELECT a.id, a.article_no, a.name, a.product_name, a.article_type, a.article_status, a.unit, a.iso_code,
        (SELECT s.name FROM supplier s WHERE s.id = a.supplier_id) AS supplier_name, a.supplier_article_no,
        (SELECT on_hand - reserved FROM stock_balance WHERE store_id = '50301' AND article_id = a.id) AS own,
        (SELECT on_hand - reserved FROM stock_balance WHERE store_id = '10' AND article_id = a.id) AS central
      FROM article_fts f JOIN article a ON a.seq = f.rowid WHERE article_fts MATCH ? ORDER BY f.rowid LIMIT 101`);
    const rawSearch = time(repeated, (text) => raw.all(ftsSubstringQuery(text.split(' '))));
    lines.push(row(`Article search as you type, first 100 rows with availability (${queries.length} typed queries × 6; p50 / p95)`, search, rawSearch));
    checks.push({ name: 'article search as you type p95 at the handler', value: search.p95, target: 10, unit: 'ms' });

    const count = time(repeated, (text) => {
      const r = dispatch(backend, 'article.searchCount', { text });
      if (!r.ok) throw new Error(r.error.message);
    });
    const rawCount = db.prepare('SELECT count(*) FROM article_fts WHERE article_fts MATCH ?').pluck();
    const rawCountT = time(repeated, (text) => rawCount.get(ftsSubstringQuery(text.split(' '))));
    lines.push(row('… its count (asked beside the first page, not awaited by it; p50 / p95)', count, rawCountT));

    const deep = time(Array.from({ length: 120 }, (_, i) => [5_000, 10_000, 15_000][i % 3]!), (offset) => {
      const r = dispatch(backend, 'article.search', { text: 'smal', offset, limit: 100 });
      if (!r.ok) throw new Error(r.error.message);
    });
    lines.push(`| … a deep page of a broad search ("smal", offsets 5 000 / 10 000 / 15 000; p50 / p95) | ${ms(deep.p50)} / ${ms(deep.p95)} | – | – |`);

    const numbers = db.prepare('SELECT article_no FROM article WHERE seq % 211 = 0 LIMIT 600').pluck().all() as string[];
    const get = time(numbers, (articleNo) => {
      const r = dispatch(backend, 'article.get', { articleNo });
      if (!r.ok) throw new Error(r.error.message);
    });
    lines.push(`| Article page (article.get: components, group, stock per store, documents; p50 / p95) | ${ms(get.p50)} / ${ms(get.p95)} | – | – |`);
    const grouped = db.prepare('SELECT article_id FROM replacement_group_article').pluck().all() as string[];
    const replacements = time(Array.from({ length: 400 }, (_, i) => grouped[i % grouped.length]!), (articleId) => {
      const r = dispatch(backend, 'article.replacements', { articleId, quantity: 1 });
      if (!r.ok) throw new Error(r.error.message);
    });
    lines.push(`| Replacement proposal (article.replacements; p50 / p95) | ${ms(replacements.p50)} / ${ms(replacements.p95)} | – | – |`);
    const codes = [null, '12', '1206', '120606', '18', '1812', '09'];
    const iso = time(Array.from({ length: 140 }, (_, i) => codes[i % codes.length]!), (code) => {
      const r = dispatch(backend, 'article.iso', { code });
      if (!r.ok) throw new Error(r.error.message);
    });
    const isoList = time(Array.from({ length: 140 }, (_, i) => ['12', '1206', '120606', '09'][i % 4]!), (isoCode) => {
      const r = dispatch(backend, 'article.search', { isoCode, limit: 100 });
      if (!r.ok) throw new Error(r.error.message);
    });
    lines.push(`| ISO browsing: a class with its subclasses' counts / its first 100 articles (p50 / p95) | ${ms(iso.p50)} / ${ms(iso.p95)} · ${ms(isoList.p50)} / ${ms(isoList.p95)} | – | – |`);
    backend.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { lines, checks };
}

function row(label: string, handler: Timing, raw: Timing): string {
  return `| ${label} | ${ms(handler.p50)} / ${ms(handler.p95)} | ${ms(raw.p50)} / ${ms(raw.p95)} | ${ratio(handler.p95, raw.p95)} |`;
}
