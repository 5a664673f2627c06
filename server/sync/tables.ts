import { REPLICATED_TABLES, type ReplicatedTable } from '../../shared/sync/protocol';

/**
 * How each replicated table leaves the server: the SELECT list that yields the workstation
 * replica's columns and types (booleans as 0/1, roles as JSON text), its key (a change's `id` is
 * the key, "a|b" for composite keys), the parent rows it refers to (for pulling parents forward,
 * see pull.ts), and `scopeSql`: every (row_id, scope) pair of the table, used to (re)build the
 * change log in bulk.
 */
export interface TableSpec {
  name: ReplicatedTable;
  /** Dependency rank: parents have lower ranks; a page applies upserts by rank, deletes reversed. */
  rank: number;
  columns: string;
  key: readonly string[];
  /** PostgreSQL types of a composite key's columns (default text), for looking rows up by change id. */
  keyTypes?: readonly string[];
  parents: readonly { column: string; table: ReplicatedTable }[];
  /** 'region': one entry with scope '*'; 'store': one entry per store that may see the row. */
  scope: 'region' | 'store';
  scopeSql: string;
}

export const REGION_SCOPE = '*';

const specs: Record<ReplicatedTable, Omit<TableSpec, 'name' | 'rank'>> = {
  store: {
    columns: 'id, name, kind, parent_store_id',
    key: ['id'],
    parents: [{ column: 'parent_store_id', table: 'store' }],
    scope: 'region',
    scopeSql: "SELECT id AS row_id, '*' AS scope FROM store",
  },
  service_point: {
    columns: 'id, name, store_id',
    key: ['id'],
    parents: [{ column: 'store_id', table: 'store' }],
    scope: 'region',
    scopeSql: "SELECT id AS row_id, '*' AS scope FROM service_point",
  },
  iso_class: {
    columns: 'code, name, parent_code',
    key: ['code'],
    parents: [{ column: 'parent_code', table: 'iso_class' }],
    scope: 'region',
    scopeSql: "SELECT code AS row_id, '*' AS scope FROM iso_class",
  },
  supplier: {
    columns: 'id, name',
    key: ['id'],
    parents: [],
    scope: 'region',
    scopeSql: "SELECT id AS row_id, '*' AS scope FROM supplier",
  },
  article: {
    columns: `id, article_no, name, product_name, article_type, article_status, unit, price_ore,
      tracked_individually::int AS tracked_individually, aid_category, iso_code, supplier_id, supplier_article_no`,
    key: ['id'],
    parents: [
      { column: 'iso_code', table: 'iso_class' },
      { column: 'supplier_id', table: 'supplier' },
    ],
    scope: 'region',
    scopeSql: "SELECT id AS row_id, '*' AS scope FROM article",
  },
  article_gtin: {
    columns: 'gtin, article_id',
    key: ['gtin'],
    parents: [{ column: 'article_id', table: 'article' }],
    scope: 'region',
    scopeSql: "SELECT gtin AS row_id, '*' AS scope FROM article_gtin",
  },
  app_user: {
    columns: 'id, hsa_id, name, array_to_json(roles)::text AS roles, active::int AS active',
    key: ['id'],
    parents: [],
    // A user is replicated to every store one of their service points belongs to.
    scope: 'store',
    scopeSql: `SELECT DISTINCT usp.user_id AS row_id, sp.store_id AS scope
      FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id`,
  },
  user_service_point: {
    columns: 'user_id, service_point_id',
    key: ['user_id', 'service_point_id'],
    parents: [
      { column: 'user_id', table: 'app_user' },
      { column: 'service_point_id', table: 'service_point' },
    ],
    scope: 'store',
    scopeSql: `SELECT usp.user_id || '|' || usp.service_point_id AS row_id, sp.store_id AS scope
      FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id`,
  },
  recipient: {
    columns: 'id, kind, personal_number, care_unit_code, name, address, postal_code, city, phone, door_code, delivery_instructions',
    key: ['id'],
    parents: [],
    scope: 'store',
    scopeSql: 'SELECT r.id AS row_id, s.scope FROM recipient r CROSS JOIN LATERAL unnest(r.scope_store_ids) AS s(scope)',
  },
  individual: {
    columns: `id, individual_no, individual_no_rev, article_id, serial_no, purchase_date, acquisition_value_ore, warranty_end,
      estimated_age_years, status, store_id, location`,
    key: ['id'],
    parents: [
      { column: 'article_id', table: 'article' },
      { column: 'store_id', table: 'store' },
    ],
    scope: 'store',
    scopeSql: 'SELECT i.id AS row_id, s.scope FROM individual i CROSS JOIN LATERAL unnest(i.scope_store_ids) AS s(scope)',
  },
  individual_text: {
    columns: 'id, individual_id, at, user_id, text',
    key: ['id'],
    parents: [{ column: 'individual_id', table: 'individual' }],
    scope: 'store',
    scopeSql: `SELECT t.id AS row_id, s.scope FROM individual_text t JOIN individual i ON i.id = t.individual_id
      CROSS JOIN LATERAL unnest(i.scope_store_ids) AS s(scope)`,
  },
  stock_movement: {
    columns: 'id, store_id, article_id, individual_id, quantity, reason, reference, note, user_id, at',
    key: ['id'],
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'article_id', table: 'article' },
      { column: 'individual_id', table: 'individual' },
    ],
    scope: 'store',
    scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stock_movement',
  },
  stock_balance: {
    columns: 'store_id, article_id, article_no, on_hand, reserved',
    key: ['store_id', 'article_id'],
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'article_id', table: 'article' },
    ],
    scope: 'store',
    scopeSql: "SELECT store_id || '|' || article_id AS row_id, store_id AS scope FROM stock_balance",
  },
  // Orders are replicated to the ordering (receiving) store: its workstation follows shipments and
  // moved delivery dates. Central-only before schema version 2; the change log had them already.
  customer_order: {
    columns: 'order_no, kind, store_id, from_store_id, status, delivery_date, created_at, shipped_at',
    key: ['order_no'],
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'from_store_id', table: 'store' },
    ],
    scope: 'store',
    scopeSql: 'SELECT order_no AS row_id, store_id AS scope FROM customer_order',
  },
  customer_order_line: {
    // individual_id is no parent: before shipping, the individual belongs to the sending store.
    columns: 'order_no, line_no, article_id, quantity, individual_id',
    key: ['order_no', 'line_no'],
    keyTypes: ['text', 'int'],
    parents: [
      { column: 'order_no', table: 'customer_order' },
      { column: 'article_id', table: 'article' },
    ],
    scope: 'store',
    scopeSql: `SELECT l.order_no || '|' || l.line_no AS row_id, o.store_id AS scope
      FROM customer_order_line l JOIN customer_order o ON o.order_no = l.order_no`,
  },
};

export const TABLES: readonly TableSpec[] = REPLICATED_TABLES.map((name, rank) => ({ name, rank, ...specs[name] }));
export const TABLE: Record<ReplicatedTable, TableSpec> = Object.fromEntries(TABLES.map((t) => [t.name, t])) as Record<ReplicatedTable, TableSpec>;

/** Every table with change-log entries is replicated (orders joined in schema version 2). */
export type ChangeTable = ReplicatedTable;

export const isReplicated = (table: string): table is ReplicatedTable => (REPLICATED_TABLES as readonly string[]).includes(table);

/** The change id of a row from its key values. */
export const rowKey = (values: readonly unknown[]): string => values.map((v) => String(v)).join('|');
