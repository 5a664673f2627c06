import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticlePage, ReplacementsView } from '../../../shared/api/article';
import { matchesExactArticle } from '../../../shared/domain/article/search';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';

/** The article page and replacement logistics over the demo replica (a real SQLite file). */

let t: TempBackend;
const db = () => t.backend.context.db;
const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const available = (storeId: string, articleId: string) =>
  (db().prepare('SELECT on_hand - reserved FROM stock_balance WHERE store_id = ? AND article_id = ?').pluck().get(storeId, articleId) as number | undefined) ?? 0;

beforeAll(() => {
  t = tempBackend();
  call('session.login', { userId: 'U3', secret: DEMO_PASSWORD });
});
afterAll(() => t.cleanup());

describe('Ersättningslogistik: ranked equivalents with stock', () => {
  it('a rank-1 article without stock in the own store gets the best-ranked member that has it proposed', () => {
    const first = db()
      .prepare("SELECT m.article_id, m.group_id FROM replacement_group_article m WHERE m.rank = 1 ORDER BY m.group_id LIMIT 1")
      .get() as { article_id: string; group_id: string };
    expect(available('50301', first.article_id)).toBeLessThanOrEqual(0);
    const v = call<ReplacementsView>('article.replacements', { articleId: first.article_id, quantity: 1 });
    expect(v.group?.id).toBe(first.group_id);
    expect(v.needed).toBe(true);
    expect(v.why).toMatch(/tillgängliga i eget lager, 1 behövs\.$/);
    expect(v.candidates.map((c) => c.rank)).toEqual([...v.candidates.map((c) => c.rank)].sort((a, b) => a - b));
    const suggested = v.candidates.find((c) => c.suggested)!;
    expect(suggested.articleId).toBe(v.suggestedArticleId);
    expect(suggested.ownAvailable).toBeGreaterThanOrEqual(1);
    expect(suggested.ownAvailable).toBe(available('50301', suggested.articleId));
    // Nothing better ranked was proposable.
    for (const c of v.candidates.filter((c) => c.rank < suggested.rank)) expect(c.proposable).toBe(false);
    // The gone member is listed, never proposed.
    for (const c of v.candidates.filter((c) => c.articleStatus === 'gone')) expect(c).toMatchObject({ proposable: false, reason: 'Utgången: kan inte beställas.' });
  });

  it('from the central store: its availability decides (the demo replica holds the central balances)', () => {
    const first = db().prepare('SELECT article_id FROM replacement_group_article WHERE rank = 1 ORDER BY group_id LIMIT 1').pluck().get() as string;
    const v = call<ReplacementsView>('article.replacements', { articleId: first, quantity: 1, source: 'central' });
    expect(v.source).toBe('central');
    expect(v.article.centralAvailable).toBe(available('10', first));
    for (const c of v.candidates) expect(c.centralAvailable).toBe(available('10', c.articleId));
  });

  it('an article in no group: no group, no candidates, and whether it needs one', () => {
    const lone = db()
      .prepare("SELECT a.id FROM article a JOIN stock_balance b ON b.article_id = a.id AND b.store_id = '50301' WHERE a.article_status = 'active' AND b.on_hand - b.reserved >= 2 AND a.id NOT IN (SELECT article_id FROM replacement_group_article) LIMIT 1")
      .pluck()
      .get() as string;
    const v = call<ReplacementsView>('article.replacements', { articleId: lone, quantity: 2 });
    expect(v).toMatchObject({ group: null, candidates: [], needed: false, suggestedArticleId: null });
  });

  it('bad input: an unknown article and a wrong quantity are refused in Swedish', () => {
    const unknown = dispatch(t.backend, 'article.replacements', { articleId: 'A-nope', quantity: 1 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Artikeln finns inte i sortimentet.' } });
    for (const quantity of [0, 1.5, -2, 'två']) {
      const r = dispatch(t.backend, 'article.replacements', { articleId: 'A10000', quantity });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/Antalet/);
    }
  });
});

describe('Artikelsidan', () => {
  it('shows type, unit, pack size, ISO path, price, individmall, replacement group, stock per store and documents', () => {
    const withParts = db()
      .prepare("SELECT c.article_id FROM article_component c JOIN replacement_group_article m ON m.article_id = c.article_id GROUP BY c.article_id LIMIT 1")
      .pluck()
      .get() as string | undefined;
    const articleId = withParts ?? (db().prepare('SELECT article_id FROM article_component LIMIT 1').pluck().get() as string);
    const articleNo = db().prepare('SELECT article_no FROM article WHERE id = ?').pluck().get(articleId) as string;
    const p = call<ArticlePage>('article.get', { articleNo });
    expect(p).toMatchObject({ id: articleId, articleNo, articleType: 'mainAid', packSize: 1, unit: 'st' });
    expect(p.isoPath.map((c) => c.code)).toEqual([p.isoCode.slice(0, 2), p.isoCode.slice(0, 4), p.isoCode]);
    expect(p.components.length).toBeGreaterThan(0);
    // Standard components come before the other ones.
    const kinds = p.components.map((c) => c.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => Number(a === 'other') - Number(b === 'other')));
    expect(p.documents[0]?.name).toMatch(/^(Bruksanvisning|Produktblad) /);
    if (withParts) expect(p.replacementGroup?.members.filter((m) => m.current)).toHaveLength(1);
    // A store with nothing shows nothing.
    for (const s of p.stock) expect(s.onHand !== 0 || s.reserved !== 0).toBe(true);
    const stores = db().prepare('SELECT store_id FROM stock_balance WHERE article_id = ? AND (on_hand <> 0 OR reserved <> 0) ORDER BY store_id').pluck().all(articleId);
    expect(p.stock.map((s) => s.storeId).sort()).toEqual(stores);
  });

  it('a consumable shows its pack size', () => {
    const no = db().prepare("SELECT article_no FROM article WHERE article_type = 'consumable' LIMIT 1").pluck().get() as string;
    const p = call<ArticlePage>('article.get', { articleNo: no });
    expect(p.unit).toBe('förp');
    expect([10, 25, 50]).toContain(p.packSize);
  });

  it('an unknown article number is refused with a clear Swedish message', () => {
    expect(dispatch(t.backend, 'article.get', { articleNo: '99999' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'Artikel 99999 finns inte i sortimentet.' } });
    const empty = dispatch(t.backend, 'article.get', { articleNo: '  ' });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toMatch(/Ange ett artikelnummer/);
  });
});

describe('Sök artikel: as you type over the whole catalogue (manual 003)', () => {
  type Page = { rows: { articleNo: string; name: string; supplierName: string | null; isoCode: string; articleType: string; ownAvailable: number; centralAvailable: number | null }[]; hasMore: boolean };
  it('name parts in any order: "rollator byggs" finds "Byggsats rollator"', () => {
    const page = call<Page>('article.search', { text: 'rollator byggs' });
    expect(page.rows.length).toBeGreaterThan(0);
    for (const r of page.rows) expect(r.name).toMatch(/^Byggsats rollator/);
    const count = call<{ total: number }>('article.searchCount', { text: 'byggs ROLLATOR' });
    expect(count.total).toBe(db().prepare("SELECT count(*) FROM article WHERE name LIKE 'Byggsats rollator%'").pluck().get());
  });

  it('finds by supplier, ISO code, article type in Swedish, supplier article number and article number', () => {
    const etac = call<Page>('article.search', { text: 'etac sverige', limit: 500 });
    expect(etac.rows.length).toBeGreaterThan(0);
    for (const r of etac.rows) expect(`${r.name} ${r.supplierName}`).toMatch(/Etac.*Sverige|Etac Sverige AB/);
    expect(etac.rows.some((r) => r.supplierName === 'Etac Sverige AB' && !r.name.includes('Etac'))).toBe(true);
    const iso = call<Page>('article.search', { text: '122203 reservdel', limit: 500 });
    for (const r of iso.rows) expect([r.isoCode, r.articleType]).toEqual(['122203', 'sparePart']);
    expect(iso.rows.length).toBeGreaterThan(0);
    const supplierNo = db().prepare("SELECT article_no, supplier_article_no FROM article WHERE article_no = '10045'").get() as { article_no: string; supplier_article_no: string };
    expect(call<Page>('article.search', { text: supplierNo.supplier_article_no }).rows.map((r) => r.articleNo)).toContain('10045');
    expect(call<Page>('article.search', { text: '10045' }).rows[0]!.articleNo).toBe('10045');
  });

  it('no cap: every match can be paged through, with own and central availability', () => {
    const total = call<{ total: number }>('article.searchCount', { text: 'rollator' }).total;
    expect(total).toBeGreaterThan(40);
    let seen = 0;
    for (let offset = 0; ; offset += 20) {
      const page = call<Page>('article.search', { text: 'rollator', offset, limit: 20 });
      seen += page.rows.length;
      if (!page.hasMore) break;
    }
    expect(seen).toBe(total);
    const first = call<Page>('article.search', { text: '' }).rows[0]!;
    expect(first.ownAvailable).toBe(available('50301', `A${first.articleNo}`));
    expect(first.centralAvailable).toBe(available('10', `A${first.articleNo}`));
  });

  it('an ISO class filters the list (2, 4 or 6 digits) and browsing counts its subclasses', () => {
    const top = call<{ path: unknown[]; children: { code: string; articles: number }[]; articles: number }>('article.iso', {});
    expect(top.articles).toBe(db().prepare('SELECT count(*) FROM article').pluck().get());
    const twelve = call<{ path: { code: string }[]; children: { code: string; articles: number }[]; articles: number }>('article.iso', { code: '12' });
    expect(twelve.path.map((c) => c.code)).toEqual(['12']);
    expect(twelve.children.every((c) => c.code.length === 4 && c.code.startsWith('12'))).toBe(true);
    expect(twelve.articles).toBe(twelve.children.reduce((n, c) => n + c.articles, 0));
    expect(call<{ total: number }>('article.searchCount', { isoCode: '1206' }).total).toBe(twelve.children.find((c) => c.code === '1206')!.articles);
    const six = call<Page>('article.search', { isoCode: '120606', limit: 500 });
    for (const r of six.rows) expect(r.isoCode).toBe('120606');
  });

  it('bad input: short terms, an ISO code of 3 digits, an unknown class, oversized text', () => {
    expect(dispatch(t.backend, 'article.search', { text: 'rollator by' })).toMatchObject({ ok: false, error: { code: 'query-too-short' } });
    const three = dispatch(t.backend, 'article.search', { isoCode: '120' });
    expect(three.ok).toBe(false);
    if (!three.ok) expect(three.error.message).toMatch(/2, 4 eller 6 siffror/);
    expect(dispatch(t.backend, 'article.iso', { code: '99' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'ISO-klass 99 finns inte.' } });
    const long = dispatch(t.backend, 'article.search', { text: 'x'.repeat(201) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toMatch(/högst 200 tecken/);
  });

  it('a renamed supplier is found under its new name', () => {
    db().prepare("UPDATE supplier SET name = 'Nordrehab Hjälpmedel AB' WHERE id = 'S001'").run();
    const s001 = db().prepare("SELECT count(*) FROM article WHERE supplier_id = 'S001'").pluck().get();
    expect(call<{ total: number }>('article.searchCount', { text: 'nordrehab' }).total).toBe(s001);
    expect(call<{ total: number }>('article.searchCount', { text: 'sverige etac' }).total).toBeLessThan(call<{ total: number }>('article.searchCount', { text: 'etac' }).total);
    db().prepare("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')").run();
  });
});

describe('Sök artikel: the region setting articleSearch', () => {
  type Page = { rows: { articleNo: string; name: string }[]; hasMore: boolean };
  const setMode = (mode: string) => {
    db().prepare("UPDATE region_setting SET value = ? WHERE key = 'articleSearch'").run(JSON.stringify(mode));
    t.backend.context.regionSettings.invalidate();
  };
  const total = (text: string) => call<{ total: number }>('article.searchCount', { text }).total;
  const all = (text: string) => {
    const rows: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = call<Page>('article.search', { text, offset, limit: 100 });
      rows.push(...page.rows.map((r) => r.articleNo));
      if (!page.hasMore) return rows;
    }
  };
  /** The articles the shared rule says an 'exact' text matches, in article-number order. */
  const expected = (text: string) =>
    (db().prepare('SELECT article_no, supplier_article_no, name, product_name FROM article ORDER BY article_no').all() as { article_no: string; supplier_article_no: string | null; name: string; product_name: string | null }[])
      .filter((a) => matchesExactArticle(text, { articleNo: a.article_no, supplierArticleNo: a.supplier_article_no, name: a.name, productName: a.product_name }))
      .map((a) => a.article_no);

  it("'substringPerTerm' finds parts anywhere; 'exact' only whole numbers and a name's beginning", () => {
    const a = db().prepare("SELECT article_no, supplier_article_no, name FROM article WHERE article_no = '10045'").get() as { article_no: string; supplier_article_no: string; name: string };
    const word = a.name.split(' ')[1]!.toLowerCase();
    try {
      // Default: a part of the number, a word inside the name, a short term refused.
      expect(total('1004')).toBeGreaterThan(1);
      expect(all(word)).toContain('10045');
      expect(dispatch(t.backend, 'article.search', { text: '45' })).toMatchObject({ ok: false, error: { code: 'query-too-short' } });

      setMode('exact');
      expect(all('10045')).toEqual(['10045']);
      expect(all('1004')).toEqual(expected('1004'));
      expect(all('1004')).not.toContain('10045');
      expect(all(a.supplier_article_no.toLowerCase())).toContain('10045');
      expect(all(a.supplier_article_no.toLowerCase())).toEqual(expected(a.supplier_article_no));
      // The name's beginning, in any case; a word inside the name is not its beginning.
      const head = a.name.slice(0, 8).toUpperCase();
      expect(all(head)).toContain('10045');
      expect(all(head)).toEqual(expected(head));
      expect(total(head)).toBe(expected(head).length);
      expect(all(word)).toEqual(expected(word));
      expect(all(word)).not.toContain('10045');
      // No length minimum: a short text is a whole number (none here), never a refusal.
      expect(dispatch(t.backend, 'article.search', { text: '45' })).toMatchObject({ ok: true, value: { rows: [] } });
      expect(call<Page>('article.search', { text: '' }).rows.length).toBeGreaterThan(0);

      setMode('substringPerTerm');
      expect(total('1004')).toBeGreaterThan(1);
      expect(dispatch(t.backend, 'article.search', { text: '45' })).toMatchObject({ ok: false, error: { code: 'query-too-short' } });
    } finally {
      setMode('substringPerTerm');
    }
  });
});
