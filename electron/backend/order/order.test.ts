import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedOrders, OrderSummary, OrderTemplate, StockLevelRow, Suggestion } from '../../../shared/api/order';
import { dispatch } from '../api/dispatch';
import { tempBackend, type TempBackend } from '../../../tests/helpers/backend';
import { DEMO_PASSWORD } from '../../../shared/demo/generator';

/** Replenishment (lagerpåfyllnad) on the workstation, offline: no central server behind it. */

let t: TempBackend;
const STORE = '50301';
const db = () => t.backend.context.db;
const call = <T>(name: string, input: unknown): T => {
  const r = dispatch(t.backend, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};
const attempt = (name: string, input: unknown) => dispatch(t.backend, name, input);
const outboxCount = () => db().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
const articleOf = (where: string) => db().prepare(`SELECT id, article_no, supplier_id FROM article WHERE ${where} ORDER BY article_no LIMIT 1`).get() as { id: string; article_no: string; supplier_id: string };

beforeEach(() => {
  // A clock that moves: the level and template versions in force are the latest.
  let tick = 0;
  t = tempBackend({ now: () => new Date(Date.UTC(2026, 10, 22, 10, 0, tick++)) });
  call('session.login', { userId: 'U1', secret: DEMO_PASSWORD });
});
afterEach(() => t.cleanup());

describe('Lagerpåfyllnad: one order per supplier', () => {
  it('lines of two suppliers become two orders in one transaction, each with a provisional number, and the person is told', () => {
    const a = articleOf("article_status = 'active' AND supplier_id = 'S001' AND article_type <> 'service'");
    const b = articleOf("article_status = 'active' AND supplier_id = 'S002' AND article_type <> 'service'");
    const created = call<CreatedOrders>('order.create', { kind: 'replenishment', lines: [{ articleId: a.id, quantity: 2 }, { articleId: b.id, quantity: 5 }] });
    expect(created.orders).toHaveLength(2);
    expect(created.message).toMatch(/delades upp i 2 lagerpåfyllnader, en per leverantör/);
    expect(created.orders.map((o) => o.provisionalNo)).toEqual([expect.stringMatching(/^P50301-[0-9A-F]{4}-0001$/), expect.stringMatching(/^P50301-[0-9A-F]{4}-0002$/)]);
    const rows = db().prepare('SELECT supplier_id, order_no, status, from_store_id FROM customer_order WHERE store_id = ? ORDER BY provisional_no').all(STORE);
    expect(rows).toEqual([
      { supplier_id: 'S001', order_no: null, status: 'registered', from_store_id: '10' },
      { supplier_id: 'S002', order_no: null, status: 'registered', from_store_id: '10' },
    ]);
    expect(db().prepare("SELECT count(*) FROM outbox WHERE name = 'order.replenish' AND state = 'pending'").pluck().get()).toBe(2);
    const list = call<OrderSummary[]>('order.list', {});
    expect(list.filter((o) => o.pendingCentral)).toHaveLength(2);
    // The provisional number finds the order.
    expect(call<OrderSummary[]>('order.list', { text: created.orders[1]!.provisionalNo }).map((o) => o.id)).toEqual([created.orders[1]!.orderId]);
    // The next order continues the running number.
    const next = call<CreatedOrders>('order.create', { kind: 'replenishment', lines: [{ articleId: a.id, quantity: 1 }] });
    expect(next.orders[0]!.provisionalNo).toMatch(/-0003$/);
  });

  it('an utgången article cannot be ordered: nothing is written; an utgående one is ordered with a warning', () => {
    const gone = articleOf("article_status = 'gone'");
    const ok = articleOf(`article_status = 'active' AND supplier_id = '${gone.supplier_id}'`);
    const before = outboxCount();
    const r = attempt('order.create', { kind: 'replenishment', lines: [{ articleId: ok.id, quantity: 1 }, { articleId: gone.id, quantity: 1 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`Artikel ${gone.article_no} är utgången och kan inte beställas.`);
    expect(outboxCount()).toBe(before);
    const phasing = articleOf("article_status = 'phasingOut'");
    const created = call<CreatedOrders>('order.create', { kind: 'replenishment', lines: [{ articleId: phasing.id, quantity: 1 }] });
    expect(created.warnings).toEqual([expect.stringContaining(`Artikel ${phasing.article_no} är utgående`)]);
  });

  it('bad input is refused with a Swedish message and changes nothing', () => {
    const a = articleOf("article_status = 'active'");
    const before = outboxCount();
    for (const lines of [[{ articleId: a.id, quantity: 0 }], [{ articleId: a.id, quantity: 1.5 }], [], [{ articleId: 'nope', quantity: 1 }]]) {
      const r = attempt('order.create', { kind: 'replenishment', lines });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/[a-zåäö]/i);
    }
    expect(outboxCount()).toBe(before);
  });

  it('a stock transfer (lagerflytt) from the central store is one order whatever the suppliers', () => {
    const a = articleOf("article_status = 'active' AND supplier_id = 'S001'");
    const b = articleOf("article_status = 'active' AND supplier_id = 'S003'");
    const created = call<CreatedOrders>('order.create', { kind: 'stockTransfer', lines: [{ articleId: a.id, quantity: 1 }, { articleId: b.id, quantity: 1 }] });
    expect(created.orders).toHaveLength(1);
    expect(db().prepare('SELECT kind, supplier_id FROM customer_order WHERE id = ?').get(created.orders[0]!.orderId)).toEqual({ kind: 'stockTransfer', supplier_id: null });
  });
});

describe('the suggestion from min/max levels', () => {
  it('lists articles below their min level with the quantity up to the max level; the latest level setting is in force', () => {
    const a = db()
      .prepare("SELECT b.article_id AS id, b.on_hand - b.reserved AS available FROM stock_balance b JOIN article a ON a.id = b.article_id WHERE b.store_id = ? AND a.article_status = 'active' AND a.tracked_individually = 0 AND b.on_hand > 2 ORDER BY a.article_no LIMIT 1")
      .get(STORE) as { id: string; available: number };
    call('stock.setLevel', { articleId: a.id, minLevel: 1, maxLevel: 2 });
    expect(call<Suggestion>('order.suggestion', {}).rows.find((r) => r.articleId === a.id)).toBeUndefined();
    call('stock.setLevel', { articleId: a.id, minLevel: a.available + 1, maxLevel: a.available + 10 });
    const row = call<Suggestion>('order.suggestion', {}).rows.find((r) => r.articleId === a.id);
    expect(row).toMatchObject({ quantity: 10, available: a.available, minLevel: a.available + 1, maxLevel: a.available + 10 });
    expect(call<StockLevelRow[]>('stock.levels', {}).filter((l) => l.articleId === a.id)).toEqual([expect.objectContaining({ minLevel: a.available + 1 })]);
    // Ordered: what is on order counts, the article leaves the suggestion.
    call('order.create', { kind: 'replenishment', lines: [{ articleId: a.id, quantity: 10 }] });
    expect(call<Suggestion>('order.suggestion', {}).rows.find((r) => r.articleId === a.id)).toBeUndefined();
  });

  it('max below min is refused; only store admins set levels', () => {
    const a = articleOf("article_status = 'active'");
    const r = attempt('stock.setLevel', { articleId: a.id, minLevel: 5, maxLevel: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Maxnivån kan inte vara lägre än miniminivån/);
    call('session.login', { userId: 'U2', secret: DEMO_PASSWORD });
    const forbidden = attempt('stock.setLevel', { articleId: a.id, minLevel: 1, maxLevel: 2 });
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('forbidden-role');
  });
});

describe('beställningsmallar', () => {
  it('are created, edited (a new version) and deleted', () => {
    const a = articleOf("article_status = 'active'");
    const b = articleOf(`article_status = 'active' AND id <> '${a.id}'`);
    const saved = call<{ id: string }>('orderTemplate.save', { templateId: null, name: 'Veckopåfyllnad', lines: [{ articleId: a.id, quantity: 4 }] });
    call('orderTemplate.save', { templateId: saved.id, name: 'Veckopåfyllnad rollatorer', lines: [{ articleId: a.id, quantity: 6 }, { articleId: b.id, quantity: 1 }] });
    const list = call<OrderTemplate[]>('orderTemplate.list', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ templateId: saved.id, name: 'Veckopåfyllnad rollatorer' });
    expect(list[0]!.lines.map((l) => [l.articleId, l.quantity])).toEqual([[a.id, 6], [b.id, 1]]);
    const empty = attempt('orderTemplate.save', { templateId: null, name: '   ', lines: [{ articleId: a.id, quantity: 1 }] });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toContain('Ge mallen ett namn.');
    call('orderTemplate.delete', { templateId: saved.id });
    expect(call<OrderTemplate[]>('orderTemplate.list', {})).toEqual([]);
    const again = attempt('orderTemplate.delete', { templateId: saved.id });
    expect(again.ok).toBe(false);
  });
});
