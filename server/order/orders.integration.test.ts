import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRegion } from '../../shared/demo/generator';
import type { MutationArgs } from '../../shared/domain/mutations';
import { provisionalOrderNo, replenishmentSuggestion, routeLines } from '../../shared/domain/order/rules';
import { formatCaseNumber } from '../../shared/identifiers';
import type { Change } from '../../shared/sync/protocol';
import { runCentralCommand } from '../admin/commands';
import { startServer, type RunningServer } from '../app';
import { BACKENDS, NO_RATE_LIMITS, SMALL_REGION, testBackend, type TestBackend } from '../../tests/helpers/databases';
import { TestClient } from '../../tests/helpers/protocol-client';
import { allocateCaseNumbers } from './numbers';

/**
 * Replenishment and goods receipt, the central side (issue 8), over real HTTP on PGlite and on a
 * real PostgreSQL: central gives the case number and routes the lines, the admin CLI ships and
 * delivers, two workstations receive the same delivery, numbers stay unique under concurrency.
 */
describe.each(BACKENDS)('orders and receipts on %s', (kind) => {
  let backend: TestBackend;
  let server: RunningServer;
  let clients = 0;
  let provisional = 0;
  const OWN = '50301';
  const CENTRAL = '10';
  const TECH = 'U1'; // technician and store admin in 50301
  const plan = demoRegion(SMALL_REGION).replenishment();

  beforeAll(async () => {
    backend = await testBackend(kind);
    server = await startServer({ db: await backend.database(), demo: SMALL_REGION, rateLimits: NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await server.db.query<T>(sql, params)).rows;
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rows<T>(sql, params))[0]!;
  const workstation = (storeId = OWN) => TestClient.register(server.url, `ws-ord-${kind}-${++clients}-${randomUUID().slice(0, 8)}`, storeId);
  const admin = (...argv: string[]) => runCentralCommand(server.db, argv);
  const balance = async (storeId: string, articleId: string) =>
    (await rows<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM stock_balance WHERE store_id = $1 AND article_id = $2', [storeId, articleId]))[0] ?? {
      on_hand: 0,
      reserved: 0,
    };
  const counter = async (at = new Date()) =>
    Number((await rows<{ value: number }>('SELECT value FROM server_counter WHERE name = $1', [`order|${formatCaseNumber(at, 1).slice(0, 4)}`]))[0]?.value ?? 0);

  /** The demo's articles by role (shared/demo/generator.ts, replenishment()). */
  const levelArticles = async (supplierId: string) =>
    rows<{ id: string; article_no: string; tracked: boolean; price_ore: number }>(
      `SELECT a.id, a.article_no, a.tracked_individually AS tracked, a.price_ore FROM stock_level l JOIN article a ON a.id = l.article_id
       WHERE l.store_id = $1 AND a.supplier_id = $2 ORDER BY length(l.id), l.id`,
      [OWN, supplierId],
    );

  const replenishArgs = (supplierId: string | null, lines: { articleId: string; quantity: number }[], kindOf: 'replenishment' | 'stockTransfer' = 'replenishment') =>
    ({
      orderId: randomUUID(),
      provisionalNo: provisionalOrderNo(OWN, `T${kind === 'postgres' ? 'P' : 'L'}`, ++provisional),
      kind: kindOf,
      storeId: OWN,
      fromStoreId: CENTRAL,
      supplierId,
      lines,
    }) satisfies MutationArgs<'order.replenish'>;

  interface OrderRow {
    id: string;
    order_no: string | null;
    provisional_no: string;
    status: string;
  }
  const order = (id: string) => one<OrderRow>('SELECT id, order_no, provisional_no, status FROM customer_order WHERE id = $1', [id]);
  const lines = (orderId: string) =>
    rows<{ line_no: number; article_id: string; quantity: number; status: string; route: string | null; purchase_order_id: string | null; price_ore: number; individual_id: string | null }>(
      'SELECT line_no, article_id, quantity, status, route, purchase_order_id, price_ore, individual_id FROM customer_order_line WHERE order_id = $1 ORDER BY line_no',
      [orderId],
    );
  const purchaseOrderOf = (orderId: string) =>
    rows<{ id: string; purchase_order_no: string; status: string; store_id: string }>('SELECT id, purchase_order_no, status, store_id FROM purchase_order WHERE order_id = $1', [orderId]);

  const receipt = (
    purchaseOrderId: string,
    orderLines: { line_no: number; quantity: number; price_ore: number; tracked: boolean }[],
    numbers: () => string,
    price = (l: { price_ore: number }) => Math.max(100, Math.round(l.price_ore / 100) * 100),
  ): MutationArgs<'goodsReceipt.approve'> => ({
    receiptId: randomUUID(),
    purchaseOrderId,
    storeId: OWN,
    lines: orderLines.map((l) => ({
      lineNo: l.line_no,
      quantity: l.quantity,
      priceOre: price(l),
      movementId: l.tracked ? null : randomUUID(),
      individuals: l.tracked
        ? Array.from({ length: l.quantity }, () => {
            const no = numbers();
            return { individualId: randomUUID(), movementId: randomUUID(), individualNo: no, serialNo: `SN-${no}` };
          })
        : [],
    })),
  });
  let nextNo = kind === 'postgres' ? 8_100_000 : 8_200_000;
  const number = () => String(++nextNo);

  const find = (changes: readonly Change[], table: string, id: string) => changes.find((c) => c.table === table && c.id === id);

  describe('the demo region', () => {
    it('has a replenishment suggestion whose lines go to the central store and to purchase: tracked, untracked and 0 kr, each with a GTIN', async () => {
      const levels = await rows<{ article_id: string; min_level: number; max_level: number; article_no: string; status: string; supplier_id: string; tracked: boolean; price_ore: number; gtins: number }>(
        `SELECT l.article_id, l.min_level, l.max_level, a.article_no, a.article_status AS status, a.supplier_id, a.tracked_individually AS tracked, a.price_ore,
           (SELECT count(*)::int FROM article_gtin g WHERE g.article_id = a.id) AS gtins
         FROM stock_level l JOIN article a ON a.id = l.article_id WHERE l.store_id = $1`,
        [OWN],
      );
      expect(levels.length).toBe(30);
      const balances = async (store: string) =>
        new Map(
          (await rows<{ article_id: string; available: number }>('SELECT article_id, on_hand - reserved AS available FROM stock_balance WHERE store_id = $1', [store])).map((b) => [
            b.article_id,
            b.available,
          ]),
        );
      const articles = new Map(levels.map((l) => [l.article_id, { articleNo: l.article_no, articleStatus: l.status as 'active' }]));
      const suggestion = replenishmentSuggestion(
        levels.map((l) => ({ articleId: l.article_id, minLevel: l.min_level, maxLevel: l.max_level })),
        await balances(OWN),
        new Map(),
        articles,
      );
      const of = (supplier: string) => suggestion.filter((s) => levels.find((l) => l.article_id === s.articleId)!.supplier_id === supplier);
      const central = await balances(CENTRAL);
      const toPurchase = of(plan.purchaseSupplierId);
      expect(routeLines(toPurchase, central, 'replenishment').every((r) => r === 'purchase')).toBe(true);
      const kinds = toPurchase.map((s) => levels.find((l) => l.article_id === s.articleId)!);
      expect(kinds.some((k) => k.tracked)).toBe(true);
      expect(kinds.some((k) => !k.tracked && k.price_ore > 0)).toBe(true);
      expect(kinds.some((k) => k.price_ore === 0)).toBe(true);
      expect(kinds.every((k) => k.gtins > 0)).toBe(true);
      expect(routeLines(of(plan.centralSupplierId), central, 'replenishment')).toEqual(['central', 'central', 'central', 'central', 'purchase']);
    });
  });

  describe('order.replenish', () => {
    it('central gives the case number, routes each line, reserves what the central store sends, and makes a purchase order only when a line goes to purchase', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const centralSide = await levelArticles(plan.centralSupplierId);
      const purchaseSide = await levelArticles(plan.purchaseSupplierId);
      const [stocked, scarce] = [centralSide[0]!, centralSide[4]!];
      const centralBefore = await Promise.all([balance(CENTRAL, stocked.id), balance(CENTRAL, scarce.id)]);
      expect(centralBefore[1].on_hand - centralBefore[1].reserved).toBeLessThan(5);

      const mixed = replenishArgs(plan.centralSupplierId, [
        { articleId: stocked.id, quantity: 5 },
        { articleId: scarce.id, quantity: 5 },
      ]);
      const onlyCentral = replenishArgs(plan.centralSupplierId, [{ articleId: centralSide[1]!.id, quantity: 3 }]);
      const toSupplier = replenishArgs(
        plan.purchaseSupplierId,
        purchaseSide.map((a) => ({ articleId: a.id, quantity: a.tracked ? 2 : 3 })),
      );
      const answer = await ws.pushOk([ws.mutation('order.replenish', TECH, mixed), ws.mutation('order.replenish', TECH, onlyCentral), ws.mutation('order.replenish', TECH, toSupplier)]);
      expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

      const week = formatCaseNumber(new Date(), 1).slice(0, 4);
      const [m, c, p] = await Promise.all([order(mixed.orderId), order(onlyCentral.orderId), order(toSupplier.orderId)]);
      for (const o of [m, c, p]) expect(o).toMatchObject({ order_no: expect.stringMatching(new RegExp(`^${week}[0-9]{4}$`)), status: 'registered' });
      expect(m.provisional_no).toBe(mixed.provisionalNo);

      expect(await lines(mixed.orderId)).toMatchObject([
        { line_no: 1, route: 'central', status: 'registered', purchase_order_id: null, price_ore: expect.any(Number) },
        { line_no: 2, route: 'purchase', status: 'ordered', purchase_order_id: expect.any(String) },
      ]);
      expect(await lines(onlyCentral.orderId)).toMatchObject([{ route: 'central', status: 'registered', purchase_order_id: null }]);
      expect((await lines(toSupplier.orderId)).every((l) => l.route === 'purchase' && l.status === 'ordered')).toBe(true);
      // One purchase order per order that needs one, none for an order the central store fills.
      const [mPo, cPo, pPo] = await Promise.all([purchaseOrderOf(mixed.orderId), purchaseOrderOf(onlyCentral.orderId), purchaseOrderOf(toSupplier.orderId)]);
      expect(mPo).toHaveLength(1);
      expect(cPo).toHaveLength(0);
      expect(pPo).toHaveLength(1);
      expect(mPo[0]).toMatchObject({ status: 'ordered', store_id: OWN, purchase_order_no: expect.stringMatching(new RegExp(`^${week}[0-9]{4}$`)) });
      // Case and purchase order numbers share the week's series: never the same number twice.
      const numbers = [m.order_no, c.order_no, p.order_no, mPo[0]!.purchase_order_no, pPo[0]!.purchase_order_no];
      expect(new Set(numbers).size).toBe(5);
      // The reservation: only what the central store sends.
      expect(await balance(CENTRAL, stocked.id)).toEqual({ on_hand: centralBefore[0].on_hand, reserved: centralBefore[0].reserved + 5 });
      expect(await balance(CENTRAL, scarce.id)).toEqual(centralBefore[1]);

      // The store pulls its orders back with both numbers, the lines and the purchase orders; never the central store's balances.
      const { changes } = await ws.pullAll(cursor);
      expect(find(changes, 'customer_order', mixed.orderId)?.row).toMatchObject({ order_no: m.order_no, provisional_no: mixed.provisionalNo, store_id: OWN, user_id: TECH });
      expect(find(changes, 'purchase_order', mPo[0]!.id)?.row).toMatchObject({ purchase_order_no: mPo[0]!.purchase_order_no, order_id: mixed.orderId, status: 'ordered' });
      expect(find(changes, 'customer_order_line', `${mixed.orderId}|2`)?.row).toMatchObject({ route: 'purchase', status: 'ordered', purchase_order_id: mPo[0]!.id });
      // What the central store reserved reaches the workstation as its availability (docs/decisions/0021).
      expect(changes.some((c) => c.table === 'stock_balance' && c.row?.store_id === CENTRAL && Number(c.row.reserved) > 0)).toBe(true);
      // Parents before children within the feed.
      const at = (table: string, id: string) => changes.findIndex((c) => c.table === table && c.id === id);
      expect(at('customer_order', mixed.orderId)).toBeLessThan(at('purchase_order', mPo[0]!.id));
      expect(at('purchase_order', mPo[0]!.id)).toBeLessThan(at('customer_order_line', `${mixed.orderId}|2`));
    });

    it('a refused order takes no case number; a replayed push is answered with the stored outcome and makes nothing twice', async () => {
      const ws = await workstation();
      const centralSide = await levelArticles(plan.centralSupplierId);
      const purchaseSide = await levelArticles(plan.purchaseSupplierId);
      const before = await counter();
      const mixedSuppliers = replenishArgs(plan.centralSupplierId, [
        { articleId: centralSide[2]!.id, quantity: 1 },
        { articleId: purchaseSide[0]!.id, quantity: 1 },
      ]);
      const fromBuffer = { ...replenishArgs(plan.centralSupplierId, [{ articleId: centralSide[2]!.id, quantity: 1 }]), fromStoreId: OWN };
      const good = replenishArgs(plan.centralSupplierId, [{ articleId: centralSide[2]!.id, quantity: 2 }]);
      const batch = [ws.mutation('order.replenish', TECH, mixedSuppliers), ws.mutation('order.replenish', TECH, fromBuffer), ws.mutation('order.replenish', TECH, good)];
      const first = await ws.pushOk(batch);
      expect(first.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['mixed-suppliers', 'invalid-sending-store', 'applied']);
      expect(await counter()).toBe(before + 1);
      const placed = await order(good.orderId);
      const reservedAfter = (await balance(CENTRAL, centralSide[2]!.id)).reserved;

      const again = await ws.pushOk(batch);
      expect(again.results).toEqual(first.results);
      expect(await counter()).toBe(before + 1);
      expect(await order(good.orderId)).toEqual(placed);
      expect((await balance(CENTRAL, centralSide[2]!.id)).reserved).toBe(reservedAfter);
      expect((await rows('SELECT 1 FROM customer_order WHERE id = ANY($1::text[])', [[mixedSuppliers.orderId, fromBuffer.orderId]])).length).toBe(0);
    });

    it('stock levels and order templates are stored as versions and reach the store', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const a = (await levelArticles(plan.centralSupplierId))[0]!;
      const level = { levelId: randomUUID(), storeId: OWN, articleId: a.id, minLevel: 2, maxLevel: 8 };
      const templateId = randomUUID();
      const save = { versionId: randomUUID(), templateId, storeId: OWN, name: 'Veckobeställning', lines: [{ articleId: a.id, quantity: 4 }] };
      const rename = { ...save, versionId: randomUUID(), name: 'Veckobeställning 2' };
      const del = { versionId: randomUUID(), templateId };
      // A second apart: the version in force is the latest by time (then by id).
      const t = (n: number) => new Date(Date.now() - 60_000 + n * 1000).toISOString();
      const answer = await ws.pushOk([
        ws.mutation('stock.setLevel', TECH, level, t(0)),
        ws.mutation('stock.setLevel', 'U2', { ...level, levelId: randomUUID() }, t(1)),
        ws.mutation('orderTemplate.save', TECH, save, t(2)),
        ws.mutation('orderTemplate.save', TECH, rename, t(3)),
        ws.mutation('orderTemplate.delete', TECH, del, t(4)),
        ws.mutation('orderTemplate.delete', TECH, { versionId: randomUUID(), templateId }, t(5)),
        ws.mutation('orderTemplate.delete', TECH, { versionId: randomUUID(), templateId: randomUUID() }, t(6)),
      ]);
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual([
        'applied',
        'forbidden-role',
        'applied',
        'applied',
        'applied',
        'unknown-template',
        'unknown-template',
      ]);
      const { changes } = await ws.pullAll(cursor);
      expect(find(changes, 'stock_level', level.levelId)?.row).toMatchObject({ article_id: a.id, min_level: 2, max_level: 8, user_id: TECH });
      const versions = changes.filter((c) => c.table === 'order_template' && c.row?.template_id === templateId).map((c) => c.row);
      expect(versions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: rename.versionId, name: 'Veckobeställning 2', deleted: 0 }),
          expect.objectContaining({ id: del.versionId, name: 'Veckobeställning 2', deleted: 1, lines: '[]' }),
        ]),
      );
    });
  });

  describe('the admin CLI ships and delivers', () => {
    it('ship sends the central lines (by provisional number too), deliver marks the purchase order, the receipt closes the order', async () => {
      const ws = await workstation();
      const { cursor } = await ws.pullAll(null);
      const centralSide = await levelArticles(plan.centralSupplierId);
      const [stocked, scarce] = [centralSide[3]!, centralSide[4]!];
      const args = replenishArgs(plan.centralSupplierId, [
        { articleId: stocked.id, quantity: 4 },
        { articleId: scarce.id, quantity: 6 },
      ]);
      await ws.pushOk([ws.mutation('order.replenish', TECH, args)]);
      const placed = await order(args.orderId);
      const [po] = await purchaseOrderOf(args.orderId);
      const centralBefore = await balance(CENTRAL, stocked.id);
      const ownBefore = await Promise.all([balance(OWN, stocked.id), balance(OWN, scarce.id)]);

      const shipped = await admin('ship', args.provisionalNo);
      expect(shipped).toEqual({ ok: true, value: `Order ${placed.order_no} är utlevererad från lager 10 till lager 50301 (1 rad). 1 rad väntar på leverantören.` });
      expect(await balance(CENTRAL, stocked.id)).toEqual({ on_hand: centralBefore.on_hand - 4, reserved: centralBefore.reserved - 4 });
      expect((await balance(OWN, stocked.id)).on_hand).toBe(ownBefore[0]!.on_hand + 4);
      expect(await lines(args.orderId)).toMatchObject([{ status: 'shipped' }, { status: 'ordered' }]);
      // The order waits for its purchase line.
      expect((await order(args.orderId)).status).toBe('registered');
      expect(await admin('ship', placed.order_no!)).toEqual({
        ok: false,
        error: { code: 'nothing-to-ship', message: `Order ${placed.order_no} har inga rader att utleverera från lager 10: raden beställs från leverantören (inköpsorder ${po!.purchase_order_no}).` },
      });

      expect(await admin('deliver', po!.purchase_order_no)).toMatchObject({ ok: true, value: expect.stringContaining(`Inköpsorder ${po!.purchase_order_no} (order ${placed.order_no}) är levererad till lager 50301`) });
      expect(await admin('deliver', po!.purchase_order_no)).toMatchObject({ ok: false, error: { code: 'purchase-order-not-deliverable', message: expect.stringContaining('status Levererad') } });
      expect(await admin('deliver', '99999999')).toMatchObject({ ok: false, error: { code: 'unknown-purchase-order' } });
      expect((await lines(args.orderId))[1]).toMatchObject({ status: 'delivered' });

      const listed = await admin('orders');
      expect(listed.ok && listed.value).toContain(`${placed.order_no}  (prel. ${args.provisionalNo})  lager 10 → 50301  Registrerad`);
      expect(listed.ok && listed.value).toContain(`rad 2  artikel ${scarce.article_no}  6 st  inköp  Levererad  inköpsorder ${po!.purchase_order_no}`);

      // What central did reaches the store with its next pull.
      const mid = await ws.pullAll(cursor);
      expect(find(mid.changes, 'customer_order_line', `${args.orderId}|1`)?.row).toMatchObject({ status: 'shipped' });
      expect(find(mid.changes, 'customer_order_line', `${args.orderId}|2`)?.row).toMatchObject({ status: 'delivered' });
      expect(find(mid.changes, 'purchase_order', po!.id)?.row).toMatchObject({ status: 'delivered', delivered_at: expect.any(String) });
      expect(find(mid.changes, 'stock_balance', `${OWN}|${stocked.id}`)?.row).toMatchObject({ on_hand: ownBefore[0]!.on_hand + 4 });
      expect(mid.changes.filter((c) => c.table === 'stock_movement').map((c) => [c.row?.store_id, c.row?.reason, c.row?.quantity, c.row?.reference])).toEqual([
        [OWN, 'goodsReceipt', 4, placed.order_no],
      ]);

      // The store's receipt of the supplier's part completes the order.
      const approve = receipt(po!.id, [{ line_no: 2, quantity: 6, price_ore: 5000, tracked: false }], number);
      expect((await ws.pushOk([ws.mutation('goodsReceipt.approve', TECH, approve)])).results[0]).toEqual({ id: expect.any(Number), status: 'applied' });
      expect((await order(args.orderId)).status).toBe('delivered');
      expect((await balance(OWN, scarce.id)).on_hand).toBe(ownBefore[1]!.on_hand + 6);
      const end = await ws.pullAll(mid.cursor);
      expect(find(end.changes, 'customer_order', args.orderId)?.row).toMatchObject({ status: 'delivered' });
      expect(find(end.changes, 'goods_receipt', approve.receiptId)?.row).toMatchObject({ outcome: 'approved', total_ore: 30_000, purchase_order_id: po!.id });
    });

    it('ships tracked lines as individuals of the central store, and refuses when the stock is short (changing nothing)', async () => {
      const ws = await workstation();
      const { rows: named } = await server.db.query<{ individual_id: string }>("SELECT individual_id FROM customer_order_line WHERE individual_id IS NOT NULL");
      const unit = await one<{ id: string; article_id: string; individual_no: string }>(
        `SELECT i.id, i.article_id, i.individual_no FROM individual i JOIN article a ON a.id = i.article_id
         WHERE i.store_id = $1 AND i.status = 'inStore' AND a.article_status = 'active' AND NOT (i.id = ANY($2::text[])) ORDER BY i.individual_no LIMIT 1`,
        [CENTRAL, named.map((n) => n.individual_id)],
      );
      const transfer = replenishArgs(null, [{ articleId: unit.article_id, quantity: 1 }], 'stockTransfer');
      const tooMuch = replenishArgs(null, [{ articleId: (await levelArticles(plan.centralSupplierId))[5]!.id, quantity: 500 }], 'stockTransfer');
      await ws.pushOk([ws.mutation('order.replenish', TECH, transfer), ws.mutation('order.replenish', TECH, tooMuch)]);
      expect(await lines(transfer.orderId)).toMatchObject([{ route: 'central', status: 'registered' }]);

      const short = await admin('ship', (await order(tooMuch.orderId)).order_no!);
      expect(short).toMatchObject({ ok: false, error: { code: 'not-enough-stock', message: expect.stringContaining('behöver 500 st') } });
      expect((await order(tooMuch.orderId)).status).toBe('registered');

      const { cursor } = await ws.pullAll(null);
      expect(await admin('ship', (await order(transfer.orderId)).order_no!)).toMatchObject({ ok: true });
      expect(await one('SELECT store_id, status FROM individual WHERE id = $1', [unit.id])).toEqual({ store_id: OWN, status: 'inStore' });
      expect((await lines(transfer.orderId))[0]).toMatchObject({ status: 'shipped', individual_id: unit.id });
      expect((await order(transfer.orderId)).status).toBe('shipped');
      const { changes } = await ws.pullAll(cursor);
      expect(find(changes, 'individual', unit.id)?.row).toMatchObject({ individual_no: unit.individual_no, store_id: OWN, status: 'inStore' });
      expect(changes.filter((c) => c.table === 'stock_movement').map((c) => c.row)).toEqual([
        expect.objectContaining({ store_id: OWN, individual_id: unit.id, quantity: 1, reason: 'goodsReceipt' }),
      ]);
    });
  });

  describe('goods receipt', () => {
    it('two workstations receive the same delivery at once: the first is applied, the second refused already-received; stock and individuals once', async () => {
      const [a, b] = await Promise.all([workstation(), workstation()]);
      const purchaseSide = await levelArticles(plan.purchaseSupplierId);
      const args = replenishArgs(
        plan.purchaseSupplierId,
        purchaseSide.map((x) => ({ articleId: x.id, quantity: x.tracked ? 2 : 3 })),
      );
      await a.pushOk([a.mutation('order.replenish', TECH, args)]);
      const [po] = await purchaseOrderOf(args.orderId);
      const orderLines = (await lines(args.orderId)).map((l) => ({ ...l, tracked: purchaseSide.find((x) => x.id === l.article_id)!.tracked }));
      expect(orderLines.some((l) => l.tracked)).toBe(true);
      expect(orderLines.some((l) => !l.tracked && l.price_ore > 0)).toBe(true);
      const free = orderLines.find((l) => l.price_ore === 0);
      expect(free).toBeDefined();
      const plain = orderLines.find((l) => !l.tracked)!;
      const before = await balance(OWN, plain.article_id);

      // A line ordered at 0 kr needs the real price from the delivery note.
      const unpriced = receipt(po!.id, orderLines, number, (l) => l.price_ore);
      expect((await a.pushOk([a.mutation('goodsReceipt.approve', TECH, unpriced)])).results[0]).toMatchObject({ status: 'rejected', error: { code: 'price-missing' } });

      const first = receipt(po!.id, orderLines, number);
      const second = receipt(po!.id, orderLines, number);
      const [ra, rb] = await Promise.all([a.pushOk([a.mutation('goodsReceipt.approve', TECH, first)]), b.pushOk([b.mutation('goodsReceipt.approve', 'U2', second)])]);
      const outcomes = [ra.results[0]!, rb.results[0]!].map((r) => (r.status === 'rejected' ? r.error.code : r.status)).sort();
      expect(outcomes).toEqual(['already-received', 'applied']);
      const winner = ra.results[0]!.status === 'applied' ? first : second;
      const loser = winner === first ? second : first;

      expect((await balance(OWN, plain.article_id)).on_hand).toBe(before.on_hand + plain.quantity);
      expect((await rows('SELECT 1 FROM goods_receipt WHERE purchase_order_id = $1', [po!.id])).length).toBe(1);
      const made = (x: typeof first) => x.lines.flatMap((l) => l.individuals.map((i) => i.individualNo));
      expect((await rows('SELECT 1 FROM individual WHERE individual_no = ANY($1::text[])', [made(winner)])).length).toBe(made(winner).length);
      expect((await rows('SELECT 1 FROM individual WHERE individual_no = ANY($1::text[])', [made(loser)])).length).toBe(0);
      expect(await one('SELECT status FROM purchase_order WHERE id = $1', [po!.id])).toEqual({ status: 'received' });
      expect((await lines(args.orderId)).every((l) => l.status === 'received')).toBe(true);
      expect((await order(args.orderId)).status).toBe('delivered');
      const stored = await one<{ lines: string; total_ore: number }>('SELECT lines, total_ore FROM goods_receipt WHERE purchase_order_id = $1', [po!.id]);
      const recorded = JSON.parse(stored.lines) as { lineNo: number; priceOre: number }[];
      expect(recorded.find((l) => l.lineNo === free!.line_no)?.priceOre).toBe(100);
      // The receipt cannot be cancelled afterwards.
      const cancel = await b.pushOk([b.mutation('goodsReceipt.cancel', 'U2', { receiptId: randomUUID(), purchaseOrderId: po!.id, storeId: OWN, reason: 'Fel leverans' })]);
      expect(cancel.results[0]).toMatchObject({ status: 'rejected', error: { code: 'already-received' } });
    });

    it('refuses an individual number central already has, also one outside the store, and a purchase order of another store', async () => {
      const ws = await workstation();
      const purchaseSide = (await levelArticles(plan.purchaseSupplierId)).filter((a) => a.tracked);
      const args = replenishArgs(plan.purchaseSupplierId, [{ articleId: purchaseSide[0]!.id, quantity: 1 }]);
      await ws.pushOk([ws.mutation('order.replenish', TECH, args)]);
      const [po] = await purchaseOrderOf(args.orderId);
      const elsewhere = await one<{ individual_no: string }>("SELECT individual_no FROM individual WHERE scope_store_ids = ARRAY['10']::text[] ORDER BY individual_no LIMIT 1");
      const line = [{ line_no: 1, quantity: 1, price_ore: 10_000, tracked: true }];
      const taken = receipt(po!.id, line, () => elsewhere.individual_no);
      const answer = await ws.pushOk([ws.mutation('goodsReceipt.approve', TECH, taken)]);
      expect(answer.results[0]).toMatchObject({ status: 'rejected', error: { code: 'duplicate-individual-no', message: expect.stringContaining(elsewhere.individual_no) } });

      const other = await workstation(CENTRAL);
      const foreign = await other.pushOk([other.mutation('goodsReceipt.approve', TECH, { ...receipt(po!.id, line, number), storeId: OWN })]);
      expect(foreign.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden-user' } });
      expect(await one('SELECT status FROM purchase_order WHERE id = $1', [po!.id])).toEqual({ status: 'ordered' });
    });
  });

  describe('numbers under concurrency', () => {
    it('case numbers stay unique and the central stock is never promised twice when stores order at once', async () => {
      const stations = await Promise.all(Array.from({ length: 6 }, () => workstation()));
      const centralSide = await levelArticles(plan.centralSupplierId);
      const contested = centralSide[1]!;
      const start = await balance(CENTRAL, contested.id);
      const available = start.on_hand - start.reserved;
      const each = Math.floor(available / 2) + 1; // two orders cannot both be filled from the central store
      const placed = stations.map((ws, i) => {
        const mutations = [0, 1, 2].map((n) =>
          ws.mutation('order.replenish', TECH, replenishArgs(plan.centralSupplierId, [{ articleId: n === 0 && i < 2 ? contested.id : centralSide[2]!.id, quantity: n === 0 && i < 2 ? each : 1 }])),
        );
        return { ws, mutations };
      });
      const answers = await Promise.all(placed.map((p) => p.ws.pushOk(p.mutations)));
      expect(answers.flatMap((a) => a.results.map((r) => r.status)).every((s) => s === 'applied')).toBe(true);
      const ids = placed.flatMap((p) => p.mutations.map((m) => (m.args as { orderId: string }).orderId));
      const numbers = await rows<{ order_no: string }>('SELECT order_no FROM customer_order WHERE id = ANY($1::text[])', [ids]);
      expect(new Set(numbers.map((n) => n.order_no)).size).toBe(ids.length);
      const contestedLines = await rows<{ route: string }>(
        'SELECT l.route FROM customer_order_line l WHERE l.order_id = ANY($1::text[]) AND l.article_id = $2',
        [ids, contested.id],
      );
      expect(contestedLines.map((l) => l.route).sort()).toEqual(['central', 'purchase']);
      expect((await balance(CENTRAL, contested.id)).reserved).toBe(start.reserved + each);
    });

    it('two concurrent transactions get consecutive numbers: the second waits for the first', async () => {
      const at = '2026-06-10T10:00:00.000Z';
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = server.db.transaction(async (tx) => {
        const got = await allocateCaseNumbers(tx, at, 1);
        await held;
        return got;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      let secondDone = false;
      const second = server.db.transaction((tx) => allocateCaseNumbers(tx, at, 2)).then((n) => ((secondDone = true), n));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(secondDone).toBe(false);
      release();
      const [a, b] = await Promise.all([first, second]);
      expect([...a, ...b]).toEqual([formatCaseNumber(new Date(at), 1), formatCaseNumber(new Date(at), 2), formatCaseNumber(new Date(at), 3)]);
    });
  });
});
