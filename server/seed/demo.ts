import { formatCaseNumber } from '../../shared/identifiers';
import { DEFAULT_PICKUP_REASONS } from '../../shared/domain/pickup-order/reasons';
import { DEFAULT_REGION_SETTINGS, REGION_SETTING_KEYS } from '../../shared/domain/region-settings/settings';
import {
  DEMO_CENTRAL_STORE_ID,
  DEMO_OWN_STORE_ID,
  DEMO_PASSWORD,
  DEMO_WELCOME_MESSAGE,
  demoRegion,
  type DemoOptions,
} from '../../shared/demo/generator';
import { LOCK, type Db, type Tx } from '../db/db';
import { caseSeries } from '../order/numbers';
import { hashPassword } from '../session/passwords';
import { TABLES } from '../sync/tables';

const CHUNK = 5000;

export interface SeedResult {
  seeded: boolean;
  rows: number;
  ms: number;
}

/**
 * Fills an empty central database with the deterministic demo region — the same rows, with the
 * same ids, as a workstation's local demo replica (electron/backend/demo/seed.ts) — plus a few
 * demo orders, and writes a change-log entry for every row so a new workstation's first pull
 * (bootstrap) delivers the whole scope. One transaction under an advisory lock: several server
 * processes starting on one empty PostgreSQL seed it once. Does nothing when already seeded.
 *
 * Scope attribution of the demo data (the generator has no "issued from" link): individuals held by
 * the central store 10 belong to store 10; every other individual (in the buffer store, at a
 * recipient, scrapped, in investigation) and every recipient belongs to buffer store 50301's history.
 */
export async function seedDemoRegion(db: Db, options: DemoOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const result = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK.seed]);
    const { rows: meta } = await tx.query("SELECT 1 FROM server_meta WHERE key = 'seeded'");
    const { rows: any } = await tx.query('SELECT 1 FROM store LIMIT 1');
    if (meta.length > 0 || any.length > 0) return { seeded: false, rows: 0 };
    const rows = await insertRegion(tx, options);
    // One hash for every demo user (demo data; real users each get their own temporary password).
    await tx.query(`INSERT INTO user_credential (user_id, password_hash) SELECT id, $1 FROM app_user`, [await hashPassword(DEMO_PASSWORD)]);
    await writeChangeLog(tx);
    await tx.query("INSERT INTO server_meta (key, value) VALUES ('seeded', $1)", [JSON.stringify({ demo: options, at: new Date().toISOString() })]);
    return { seeded: true, rows };
  });
  if (result.seeded) await db.query('ANALYZE');
  return { ...result, ms: performance.now() - started };
}

interface Column {
  name: string;
  type: string;
  /** SQL over `{v}` (the unnested value) when the column needs a conversion, e.g. to text[]. */
  expr?: string;
}

/** Multi-row INSERT through unnest of one array per column, in chunks. */
async function insertRows(tx: Tx, table: string, columns: readonly Column[], rows: readonly unknown[][]): Promise<number> {
  const names = columns.map((c) => c.name).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => (c.expr ? c.expr.replaceAll('{v}', `u.c${i}`) : `u.c${i}`)).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${unnest}) AS u(${aliases.join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await tx.query(
      sql,
      columns.map((_, i) => chunk.map((r) => r[i] ?? null)),
    );
  }
  return rows.length;
}

/** Streams a generator into insertRows in chunks without holding the whole region in memory. */
async function insertStream<T>(tx: Tx, table: string, columns: readonly Column[], source: Iterable<T>, toRow: (item: T) => unknown[][]): Promise<number> {
  let n = 0;
  let buffer: unknown[][] = [];
  for (const item of source) {
    for (const row of toRow(item)) buffer.push(row);
    if (buffer.length >= CHUNK) {
      n += await insertRows(tx, table, columns, buffer);
      buffer = [];
    }
  }
  if (buffer.length > 0) n += await insertRows(tx, table, columns, buffer);
  return n;
}

const text = (name: string): Column => ({ name, type: 'text' });
const int = (name: string): Column => ({ name, type: 'int' });
const textArray = (name: string): Column => ({ name, type: 'text', expr: "string_to_array({v}, ',')" });

async function insertRegion(tx: Tx, options: DemoOptions): Promise<number> {
  const region = demoRegion(options);
  let rows = 0;
  rows += await insertRows(tx, 'store', [text('id'), text('name'), text('kind'), text('parent_store_id')],
    // Parents first (the foreign key is checked per statement, but keep the order obvious).
    [...region.stores].sort((a, b) => Number(a.parentStoreId !== null) - Number(b.parentStoreId !== null)).map((s) => [s.id, s.name, s.kind, s.parentStoreId]));
  rows += await insertRows(tx, 'service_point', [text('id'), text('name'), text('store_id')], region.servicePoints.map((s) => [s.id, s.name, s.storeId]));
  rows += await insertRows(tx, 'iso_class', [text('code'), text('name'), text('parent_code')],
    [...region.isoClasses].sort((a, b) => a.code.length - b.code.length).map((c) => [c.code, c.name, c.parentCode]));
  rows += await insertRows(tx, 'supplier', [text('id'), text('name')], region.suppliers.map((s) => [s.id, s.name]));
  rows += await insertRows(tx, 'pickup_reason', [text('id'), text('name'), text('description'), text('performer'), { name: 'supplier_copy', type: 'bool' }, int('position'), { name: 'active', type: 'bool' }],
    DEFAULT_PICKUP_REASONS.map((r) => [r.id, r.name, r.description, r.performer, r.supplierCopy, r.position, true]));
  // The demo region states every setting, with Buffert's defaults (central's `region-setting` changes them).
  const seededAt = new Date().toISOString();
  rows += await insertRows(tx, 'region_setting', [text('key'), { name: 'value', type: 'text', expr: '{v}::jsonb' }, text('updated_at'), text('updated_by')],
    REGION_SETTING_KEYS.map((k) => [k, JSON.stringify(DEFAULT_REGION_SETTINGS[k]), seededAt, 'demo']));
  rows += await insertRows(tx, 'app_user', [text('id'), text('hsa_id'), text('name'), textArray('roles')],
    region.users.map((u) => [u.id, u.hsaId, u.name, u.roles.join(',')]));
  rows += await insertRows(tx, 'user_service_point', [text('user_id'), text('service_point_id')],
    region.users.flatMap((u) => u.servicePointIds.map((p) => [u.id, p])));

  rows += await insertStream(tx, 'article',
    [text('id'), text('article_no'), text('name'), text('product_name'), text('article_type'), text('article_status'), text('unit'),
      int('price_ore'), { name: 'tracked_individually', type: 'bool' }, text('aid_category'), text('iso_code'), text('supplier_id'), text('supplier_article_no'),
      int('pack_size')],
    region.articles(),
    (a) => [[a.id, a.articleNo, a.name, a.productName, a.articleType, a.articleStatus, a.unit, a.priceOre, a.trackedIndividually, a.aidCategory, a.isoCode, a.supplierId, a.supplierArticleNo,
      a.packSize]]);
  rows += await insertStream(tx, 'article_gtin', [text('gtin'), text('article_id')], region.articles(), (a) => a.gtins.map((g) => [g, a.id]));
  rows += await insertStream(tx, 'article_component', [text('article_id'), text('component_article_id'), text('kind'), int('quantity'), int('position')],
    region.components(), (c) => [[c.articleId, c.componentArticleId, c.kind, c.quantity, c.position]]);
  rows += await insertStream(tx, 'article_document', [text('id'), text('article_id'), text('name'), text('kind'), text('url')],
    region.documents(), (d) => [[d.id, d.articleId, d.name, d.kind, d.url]]);
  const groups = region.replacementGroups();
  rows += await insertRows(tx, 'replacement_group', [text('id'), text('name')], groups.map((g) => [g.id, g.name]));
  rows += await insertRows(tx, 'replacement_group_article', [text('article_id'), text('group_id'), int('rank')],
    groups.flatMap((g) => g.members.map((m) => [m.articleId, g.id, m.rank])));

  rows += await insertStream(tx, 'individual',
    [text('id'), text('individual_no'), text('article_id'), text('serial_no'), text('purchase_date'), int('acquisition_value_ore'), text('warranty_end'),
      int('estimated_age_years'), text('status'), text('store_id'), text('location'), textArray('scope_store_ids')],
    region.individuals(),
    (i) => [[i.id, i.individualNo, i.articleId, i.serialNo, i.purchaseDate, i.acquisitionValueOre, i.warrantyEnd, i.estimatedAgeYears, i.status,
      i.storeId, i.location, demoIndividualScope(i.storeId).join(',')]]);

  // The ledger's opening movements, numbered exactly as the workstation's demo seed numbers them.
  let movementNo = 0;
  const movementColumns = [text('id'), text('store_id'), text('article_id'), text('individual_id'), int('quantity'), text('reason'), text('reference'), text('at')];
  rows += await insertStream(tx, 'stock_movement', movementColumns, region.individuals(), (i) =>
    i.storeId !== null && (i.status === 'inStore' || i.status === 'reserved')
      ? [[`M-demo-${++movementNo}`, i.storeId, i.articleId, i.id, 1, 'initial', 'Ingående saldo', region.now]]
      : []);
  rows += await insertStream(tx, 'stock_movement', movementColumns, region.openingBalances(), (b) => [
    [`M-demo-${++movementNo}`, b.storeId, b.articleId, null, b.quantity, 'initial', 'Ingående saldo', region.now],
  ]);
  // Balances derived from the ledger (reserved: individuals reserved for an order).
  const balances = await tx.query(
    `INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved)
     SELECT m.store_id, m.article_id, a.article_no, sum(m.quantity), count(*) FILTER (WHERE i.status = 'reserved')
     FROM stock_movement m JOIN article a ON a.id = m.article_id LEFT JOIN individual i ON i.id = m.individual_id
     GROUP BY m.store_id, m.article_id, a.article_no`,
  );
  rows += balances.rowCount;

  rows += await insertStream(tx, 'recipient',
    [text('id'), text('kind'), text('personal_number'), text('care_unit_code'), text('name'), text('address'), text('postal_code'), text('city'), text('phone'),
      textArray('scope_store_ids')],
    region.recipients(),
    (r) => [[r.id, r.kind, r.personalNumber, r.careUnitCode, r.name, r.address, r.postalCode, r.city, r.phone, DEMO_OWN_STORE_ID]]);
  rows += await insertStream(tx, 'aid',
    [text('id'), text('recipient_id'), text('article_id'), text('individual_id'), int('ordered_quantity'), int('quantity'), text('store_id'),
      { name: 'prescribed', type: 'bool' }, text('ordered_at'), text('delivered_at'), text('returned_at')],
    region.aids(),
    (a) => [[a.id, a.recipientId, a.articleId, a.individualId, a.orderedQuantity, a.quantity, a.storeId, a.prescribed, a.orderedAt, a.deliveredAt, a.returnedAt]]);
  rows += await insertStream(tx, 'population_register',
    [text('id'), text('personal_number'), text('name'), text('address'), text('postal_code'), text('city'), { name: 'deceased', type: 'bool' }, { name: 'resident', type: 'bool' }],
    region.populationRegister(),
    (p) => [[p.id, p.personalNumber, p.name, p.address, p.postalCode, p.city, p.deceased, p.resident]]);

  rows += await insertRows(tx, 'stock_level', [text('id'), text('store_id'), text('article_id'), int('min_level'), int('max_level'), text('updated_at')],
    region.replenishment().levels.map((l) => [l.id, l.storeId, l.articleId, l.minLevel, l.maxLevel, region.now]));

  rows += await insertDemoOrders(tx, region.now);
  // The colleague prescriber's loan baskets (one open, one overdue), the same rows as a workstation's demo seed.
  const baskets = region.loanBaskets(new Date());
  rows += await insertRows(tx, 'loan_basket', [text('id'), text('store_id'), text('prescriber_id'), text('created_by'), text('created_at'), text('due_date'), text('status')],
    baskets.map((b) => [b.id, DEMO_OWN_STORE_ID, b.prescriberId, b.prescriberId, b.createdAt, b.dueDate, 'open']));
  rows += await insertRows(tx, 'loan_basket_line',
    [text('id'), text('basket_id'), text('store_id'), int('line_no'), text('article_id'), text('individual_id'), int('quantity'), text('status')],
    baskets.flatMap((b) => b.lines.map((l) => [l.id, b.id, DEMO_OWN_STORE_ID, l.lineNo, l.articleId, l.individualId, l.quantity, 'lent'])));
  await tx.query("INSERT INTO message (id, store_id, user_id, kind, order_id, text, at) VALUES ($1, $2, NULL, 'notice', NULL, $3, $4)", [
    DEMO_WELCOME_MESSAGE.id,
    DEMO_WELCOME_MESSAGE.storeId,
    DEMO_WELCOME_MESSAGE.text,
    region.now,
  ]);
  return rows + 1;
}

export function demoIndividualScope(storeId: string | null): string[] {
  if (storeId === DEMO_CENTRAL_STORE_ID) return [DEMO_CENTRAL_STORE_ID];
  return storeId === null || storeId === DEMO_OWN_STORE_ID ? [DEMO_OWN_STORE_ID] : [storeId, DEMO_OWN_STORE_ID];
}

/**
 * Replenishment orders from the central store to the buffer store, routed to the central store and
 * reserved there as `order.replenish` would have done, so the admin CLI has something to ship
 * (`ship 26450001`; 26450002 names its individual) and to move (`move-delivery-date 26450003
 * 2026-11-20`). The id of an order made centrally is its case number. The week's counter continues
 * after them.
 */
async function insertDemoOrders(tx: Tx, now: string): Promise<number> {
  const date = new Date(now);
  // Articles the central store holds (the generator's central supplier), most first.
  const { rows: stocked } = await tx.query<{ id: string; price_ore: number; supplier_id: string | null }>(
    `SELECT a.id, a.price_ore, a.supplier_id FROM stock_balance b JOIN article a ON a.id = b.article_id
     WHERE b.store_id = $1 AND NOT a.tracked_individually AND a.article_status = 'active' AND b.on_hand - b.reserved >= 20 ORDER BY a.article_no LIMIT 3`,
    [DEMO_CENTRAL_STORE_ID],
  );
  const { rows: tracked } = await tx.query<{ id: string; article_id: string; price_ore: number; supplier_id: string | null }>(
    `SELECT i.id, i.article_id, a.price_ore, a.supplier_id FROM individual i JOIN article a ON a.id = i.article_id
     WHERE i.store_id = $1 AND i.status = 'inStore' AND a.article_status = 'active' ORDER BY i.individual_no LIMIT 1`,
    [DEMO_CENTRAL_STORE_ID],
  );
  type Line = { articleId: string; quantity: number; individualId: string | null; priceOre: number; supplierId: string | null };
  const orders: { no: string; delivery: string; lines: Line[] }[] = [];
  const line = (a: { id: string; price_ore: number; supplier_id: string | null }, quantity: number, individualId: string | null = null): Line => ({
    articleId: a.id, quantity, individualId, priceOre: a.price_ore, supplierId: a.supplier_id,
  });
  if (stocked.length >= 2) orders.push({ no: formatCaseNumber(date, 1), delivery: '2026-11-05', lines: [line(stocked[0]!, 4), line(stocked[1]!, 10)] });
  if (tracked[0]) orders.push({ no: formatCaseNumber(date, 2), delivery: '2026-11-06', lines: [line({ ...tracked[0], id: tracked[0].article_id }, 1, tracked[0].id)] });
  if (stocked[2]) orders.push({ no: formatCaseNumber(date, 3), delivery: '2026-11-10', lines: [line(stocked[2], 20)] });
  for (const o of orders) {
    const suppliers = [...new Set(o.lines.map((l) => l.supplierId))];
    await tx.query(
      `INSERT INTO customer_order (id, order_no, kind, store_id, from_store_id, supplier_id, status, delivery_date, created_at)
       VALUES ($1, $1, 'replenishment', $2, $3, $4, 'registered', $5, $6)`,
      [o.no, DEMO_OWN_STORE_ID, DEMO_CENTRAL_STORE_ID, suppliers.length === 1 ? suppliers[0] : null, o.delivery, now],
    );
    for (const [i, l] of o.lines.entries()) {
      await tx.query(
        `INSERT INTO customer_order_line (order_id, line_no, article_id, quantity, individual_id, status, route, price_ore)
         VALUES ($1, $2, $3, $4, $5, 'registered', 'central', $6)`,
        [o.no, i + 1, l.articleId, l.quantity, l.individualId, l.priceOre],
      );
      await tx.query('UPDATE stock_balance SET reserved = reserved + $3 WHERE store_id = $1 AND article_id = $2', [DEMO_CENTRAL_STORE_ID, l.articleId, l.quantity]);
    }
  }
  if (orders.length > 0) {
    await tx.query('INSERT INTO server_counter (name, value) VALUES ($1, $2)', [caseSeries(date), orders.length]);
  }
  return orders.reduce((n, o) => n + 1 + o.lines.length, 0);
}

/** One change-log entry per (row, scope), tables in dependency order. */
async function writeChangeLog(tx: Tx): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK.changeLog]);
  const all = TABLES.map((t) => ({ name: t.name as string, scopeSql: t.scopeSql }));
  for (const t of all) {
    await tx.query(
      `INSERT INTO change_log (table_name, row_id, scope, op, seq)
       SELECT $1, s.row_id, s.scope, 'upsert', nextval('change_seq') FROM (${t.scopeSql}) s`,
      [t.name],
    );
  }
}
