import { columnType, REPLICATED_TABLES, TABLE_SPECS, type ColumnSpec, type ReplicatedTable, type ReplicatedTableSpec } from '../../shared/sync/tables';

/**
 * The central side of the replicated tables' spec (shared/sync/tables.ts): which stores a row goes
 * to. `scopeSql` lists every (row_id, scope) pair of a table (to build the change log in bulk);
 * `writeScope` says how the mutation interpreter (effects.ts) finds the scopes of a row it writes.
 * Column lists, casts and key types are derived from the shared spec, never written here.
 */

export const REGION_SCOPE = '*';

/**
 * How a written row's scopes are found: the region; the store in one of its columns; the
 * central-only `scope_store_ids` array (every store that holds or has held the row, only grows);
 * or its parent row's scopes. `none`: mutations do not write the table (users are central data).
 */
export type WriteScope =
  | { kind: 'region' }
  | { kind: 'column'; column: string }
  /**
   * The store in `column`, except that a central store's rows go to the whole region: every buffer
   * store shows the central store's availability (stock_balance; docs/decisions/0021).
   */
  | { kind: 'storeColumn'; column: string }
  | { kind: 'array'; from?: string }
  | { kind: 'parent'; column: string; table: ReplicatedTable }
  | { kind: 'none' };

export interface TableSpec extends ReplicatedTableSpec {
  name: ReplicatedTable;
  /** Dependency rank: parents have lower ranks; a page applies upserts by rank, deletes reversed. */
  rank: number;
  /** The SELECT list that yields the workstation replica's columns and wire types (rows aliased `t`). */
  select: string;
  /** PostgreSQL types of the key columns, for looking rows up by change id. */
  keyTypes: readonly string[];
  scopeSql: string;
  writeScope: WriteScope;
  /**
   * Rows mutations only ever insert and no later rule of the same batch reads: written in bulk at
   * the end of a push batch instead of one statement per row (the ledger, individual texts).
   */
  bulkInsert?: boolean;
}

const central: Record<ReplicatedTable, { scopeSql: string; writeScope: WriteScope; bulkInsert?: boolean }> = {
  store: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM store", writeScope: { kind: 'region' } },
  service_point: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM service_point", writeScope: { kind: 'region' } },
  iso_class: { scopeSql: "SELECT code AS row_id, '*' AS scope FROM iso_class", writeScope: { kind: 'region' } },
  supplier: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM supplier", writeScope: { kind: 'region' } },
  article: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM article", writeScope: { kind: 'region' } },
  article_gtin: { scopeSql: "SELECT gtin AS row_id, '*' AS scope FROM article_gtin", writeScope: { kind: 'region' } },
  article_component: {
    scopeSql: "SELECT article_id || '|' || component_article_id AS row_id, '*' AS scope FROM article_component",
    writeScope: { kind: 'region' },
  },
  replacement_group: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM replacement_group", writeScope: { kind: 'region' } },
  replacement_group_article: { scopeSql: "SELECT article_id AS row_id, '*' AS scope FROM replacement_group_article", writeScope: { kind: 'region' } },
  article_document: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM article_document", writeScope: { kind: 'region' } },
  // A user is replicated to every store one of their service points belongs to.
  app_user: {
    scopeSql: `SELECT DISTINCT usp.user_id AS row_id, sp.store_id AS scope
      FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id`,
    writeScope: { kind: 'none' },
  },
  user_service_point: {
    scopeSql: `SELECT usp.user_id || '|' || usp.service_point_id AS row_id, sp.store_id AS scope
      FROM user_service_point usp JOIN service_point sp ON sp.id = usp.service_point_id`,
    writeScope: { kind: 'none' },
  },
  // Written by the recipient mutations (contact fields, taken in from the population register):
  // its stores only grow, through the `share` effect.
  recipient: {
    scopeSql: 'SELECT r.id AS row_id, s.scope FROM recipient r CROSS JOIN LATERAL unnest(r.scope_store_ids) AS s(scope)',
    writeScope: { kind: 'array' },
  },
  individual: {
    scopeSql: 'SELECT i.id AS row_id, s.scope FROM individual i CROSS JOIN LATERAL unnest(i.scope_store_ids) AS s(scope)',
    writeScope: { kind: 'array', from: 'store_id' },
  },
  individual_text: {
    scopeSql: `SELECT t.id AS row_id, s.scope FROM individual_text t JOIN individual i ON i.id = t.individual_id
      CROSS JOIN LATERAL unnest(i.scope_store_ids) AS s(scope)`,
    writeScope: { kind: 'parent', column: 'individual_id', table: 'individual' },
    bulkInsert: true,
  },
  stock_movement: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stock_movement', writeScope: { kind: 'column', column: 'store_id' }, bulkInsert: true },
  // A buffer store's balances go to it; the central store's to the region (its availability is
  // shown beside the own store's at every workstation).
  stock_balance: {
    scopeSql: `SELECT b.store_id || '|' || b.article_id AS row_id, CASE WHEN s.kind = 'central' THEN '*' ELSE b.store_id END AS scope
      FROM stock_balance b JOIN store s ON s.id = b.store_id`,
    writeScope: { kind: 'storeColumn', column: 'store_id' },
  },
  stock_level: {
    scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stock_level',
    writeScope: { kind: 'column', column: 'store_id' },
  },
  order_template: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM order_template', writeScope: { kind: 'column', column: 'store_id' } },
  // Orders are replicated to the ordering (receiving) store: its workstation follows routing,
  // shipments, purchase orders and moved delivery dates.
  customer_order: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM customer_order', writeScope: { kind: 'column', column: 'store_id' } },
  purchase_order: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM purchase_order', writeScope: { kind: 'column', column: 'store_id' } },
  customer_order_line: {
    scopeSql: `SELECT l.order_id || '|' || l.line_no AS row_id, o.store_id AS scope
      FROM customer_order_line l JOIN customer_order o ON o.id = l.order_id`,
    writeScope: { kind: 'parent', column: 'order_id', table: 'customer_order' },
  },
  aid: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM aid', writeScope: { kind: 'column', column: 'store_id' } },
  recipient_change: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM recipient_change', writeScope: { kind: 'column', column: 'store_id' } },
  goods_receipt: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM goods_receipt', writeScope: { kind: 'column', column: 'store_id' } },
  delivery_deviation: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM delivery_deviation', writeScope: { kind: 'column', column: 'store_id' } },
  stocktake: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stocktake', writeScope: { kind: 'column', column: 'store_id' } },
  stocktake_count: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stocktake_count', writeScope: { kind: 'column', column: 'store_id' } },
  stocktake_zone_assignment: {
    scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stocktake_zone_assignment',
    writeScope: { kind: 'column', column: 'store_id' },
  },
  stocktake_approval: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM stocktake_approval', writeScope: { kind: 'column', column: 'store_id' } },
  individual_no_block: {
    scopeSql: 'SELECT id AS row_id, store_id AS scope FROM individual_no_block',
    writeScope: { kind: 'column', column: 'store_id' },
  },
  order_cancellation: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM order_cancellation', writeScope: { kind: 'column', column: 'store_id' } },
  order_pick_list: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM order_pick_list', writeScope: { kind: 'column', column: 'store_id' } },
  loan_basket: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM loan_basket', writeScope: { kind: 'column', column: 'store_id' } },
  loan_basket_line: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM loan_basket_line', writeScope: { kind: 'column', column: 'store_id' } },
  loan_basket_event: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM loan_basket_event', writeScope: { kind: 'column', column: 'store_id' } },
  message: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM message', writeScope: { kind: 'column', column: 'store_id' } },
  message_mark: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM message_mark', writeScope: { kind: 'column', column: 'store_id' } },
  deviation: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM deviation', writeScope: { kind: 'column', column: 'store_id' } },
  deviation_item: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM deviation_item', writeScope: { kind: 'column', column: 'store_id' } },
  // Central's list: written by central only (the demo seed; later an admin command).
  pickup_reason: { scopeSql: "SELECT id AS row_id, '*' AS scope FROM pickup_reason", writeScope: { kind: 'region' } },
  // Central's settings: written by the admin command region-setting only.
  region_setting: { scopeSql: "SELECT key AS row_id, '*' AS scope FROM region_setting", writeScope: { kind: 'region' } },
  pickup_order: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM pickup_order', writeScope: { kind: 'column', column: 'store_id' } },
  pickup_order_line: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM pickup_order_line', writeScope: { kind: 'column', column: 'store_id' } },
  pickup_order_event: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM pickup_order_event', writeScope: { kind: 'column', column: 'store_id' } },
  attachment: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM attachment', writeScope: { kind: 'column', column: 'store_id' } },
  attachment_removal: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM attachment_removal', writeScope: { kind: 'column', column: 'store_id' } },
  return_receipt: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM return_receipt', writeScope: { kind: 'column', column: 'store_id' } },
  aid_return: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM aid_return', writeScope: { kind: 'column', column: 'store_id' } },
  aid_return_line: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM aid_return_line', writeScope: { kind: 'column', column: 'store_id' } },
  supplier_return: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM supplier_return', writeScope: { kind: 'column', column: 'store_id' } },
  activity: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM activity', writeScope: { kind: 'column', column: 'store_id' } },
  activity_report: { scopeSql: 'SELECT id AS row_id, store_id AS scope FROM activity_report', writeScope: { kind: 'column', column: 'store_id' } },
};

/** PostgreSQL's type of a spec column's parameter (for casts of parameter arrays); a blob travels as base64 text. */
export function pgType(spec: ColumnSpec): string {
  const { type } = columnType(spec);
  return type === 'integer' ? 'int' : type === 'boolean' ? 'boolean' : 'text';
}

/** The SQL value of a parameter for a column: cast to its type, a blob's base64 decoded to bytea. */
export function pgValue(spec: ColumnSpec, placeholder: string): string {
  return columnType(spec).type === 'blob' ? `decode(${placeholder}::text, 'base64')` : `${placeholder}::${pgType(spec)}`;
}

/** The SELECT expression of a column of row `t` in the replica's wire type. */
function selectColumn(name: string, spec: ColumnSpec): string {
  const { type } = columnType(spec);
  if (type === 'boolean') return `t.${name}::int AS ${name}`;
  // app_user.roles is text[] centrally, region_setting.value jsonb; both JSON text in the replica.
  if (type === 'json') return `to_json(t.${name})::text AS ${name}`;
  // encode() breaks base64 into lines of 76 characters: the wire carries it in one piece.
  if (type === 'blob') return `translate(encode(t.${name}, 'base64'), E'\\n', '') AS ${name}`;
  return `t.${name}`;
}

export const TABLES: readonly TableSpec[] = REPLICATED_TABLES.map((name, rank) => {
  const spec: ReplicatedTableSpec = TABLE_SPECS[name];
  const columns = spec.columns as Record<string, ColumnSpec>;
  return {
    ...spec,
    name,
    rank,
    select: Object.entries(columns)
      .map(([c, s]) => selectColumn(c, s))
      .join(', '),
    keyTypes: spec.key.map((k) => pgType(columns[k]!)),
    ...central[name],
  };
});
export const TABLE: Record<ReplicatedTable, TableSpec> = Object.fromEntries(TABLES.map((t) => [t.name, t])) as Record<ReplicatedTable, TableSpec>;

/** Every table with change-log entries is replicated. */
export type ChangeTable = ReplicatedTable;

export const isReplicated = (table: string): table is ReplicatedTable => (REPLICATED_TABLES as readonly string[]).includes(table);

/** The change id of a row from its key values. */
export const rowKey = (values: readonly unknown[]): string => values.map((v) => String(v)).join('|');
