import { randomBytes } from 'node:crypto';
import { chainExistingCentralAudit } from '../audit/log';
import { LOCK, type Db, type Tx } from './db';

/**
 * Numbered migrations of the central PostgreSQL schema, the same SQL for PostgreSQL and PGlite.
 * `schema_migration` records what ran. Never edit a migration that has shipped: add a new one.
 *
 * The replicated tables mirror the workstation replica (electron/backend/db/migrations.ts) column
 * for column, so a pulled row is the replica's row: text dates, integer öre. Central-only columns
 * (`scope_store_ids`) decide which stores a row is replicated to and never leave the server.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL cannot do (hashing), run after `sql` in the same transaction. */
  after?: (tx: Tx) => Promise<void>;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'region master data, individuals, stock ledger, orders, change log, sync clients',
    sql: `
CREATE TABLE server_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TABLE store (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('central','buffer','purchase','investigation')),
  parent_store_id text REFERENCES store(id)
);

CREATE TABLE service_point (
  id text PRIMARY KEY,
  name text NOT NULL,
  store_id text NOT NULL REFERENCES store(id)
);
CREATE INDEX service_point_store ON service_point(store_id);

CREATE TABLE iso_class (
  code text PRIMARY KEY CHECK (length(code) IN (2,4,6)),
  name text NOT NULL,
  parent_code text REFERENCES iso_class(code)
);

CREATE TABLE supplier (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE article (
  id text PRIMARY KEY,
  article_no text NOT NULL UNIQUE,
  name text NOT NULL,
  product_name text,
  article_type text NOT NULL CHECK (article_type IN ('mainAid','accessory','sparePart','setting','service','consumable')),
  article_status text NOT NULL CHECK (article_status IN ('active','phasingOut','gone')),
  unit text NOT NULL DEFAULT 'st',
  price_ore integer NOT NULL DEFAULT 0 CHECK (price_ore >= 0),
  tracked_individually boolean NOT NULL DEFAULT false,
  aid_category text NOT NULL DEFAULT 'A' CHECK (aid_category IN ('A','B')),
  iso_code text NOT NULL REFERENCES iso_class(code),
  supplier_id text REFERENCES supplier(id),
  supplier_article_no text
);

CREATE TABLE article_gtin (
  gtin text PRIMARY KEY CHECK (length(gtin) = 14),
  article_id text NOT NULL REFERENCES article(id)
);
CREATE INDEX article_gtin_article ON article_gtin(article_id);

CREATE TABLE app_user (
  id text PRIMARY KEY,
  hsa_id text NOT NULL UNIQUE,
  name text NOT NULL,
  roles text[] NOT NULL,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE user_service_point (
  user_id text NOT NULL REFERENCES app_user(id),
  service_point_id text NOT NULL REFERENCES service_point(id),
  PRIMARY KEY (user_id, service_point_id)
);
CREATE INDEX user_service_point_service_point ON user_service_point(service_point_id);

CREATE TABLE recipient (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('patient','careUnit')),
  personal_number text UNIQUE,
  care_unit_code text UNIQUE,
  name text NOT NULL,
  address text,
  postal_code text,
  city text,
  phone text,
  door_code text,
  delivery_instructions text,
  -- Central only: the stores this recipient has (had) aids from.
  scope_store_ids text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE individual (
  id text PRIMARY KEY,
  individual_no text NOT NULL UNIQUE,
  individual_no_rev text GENERATED ALWAYS AS (reverse(individual_no)) STORED,
  article_id text NOT NULL REFERENCES article(id),
  serial_no text,
  purchase_date text,
  acquisition_value_ore integer CHECK (acquisition_value_ore IS NULL OR acquisition_value_ore >= 0),
  warranty_end text,
  estimated_age_years integer,
  status text NOT NULL CHECK (status IN ('inStore','atRecipient','reserved','inRepair','scrapped','investigation')),
  store_id text REFERENCES store(id),
  location text,
  -- Central only: every store that holds or has held the individual (only grows), so a store keeps
  -- the individuals its ledger and texts refer to.
  scope_store_ids text[] NOT NULL
);
CREATE INDEX individual_article ON individual(article_id);
CREATE INDEX individual_store ON individual(store_id);

CREATE TABLE individual_text (
  id text PRIMARY KEY,
  individual_id text NOT NULL REFERENCES individual(id),
  at text NOT NULL,
  user_id text,
  text text NOT NULL
);
CREATE INDEX individual_text_individual ON individual_text(individual_id);

-- Append-only stock ledger; stock_balance is maintained in the same transaction.
CREATE TABLE stock_movement (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  article_id text NOT NULL REFERENCES article(id),
  individual_id text REFERENCES individual(id),
  quantity integer NOT NULL CHECK (quantity <> 0),
  reason text NOT NULL CHECK (reason IN ('goodsReceipt','issue','return','stockTransfer','stocktake','adjustment','scrap','initial','registration')),
  reference text,
  note text,
  user_id text,
  at text NOT NULL
);
CREATE INDEX stock_movement_store_article ON stock_movement(store_id, article_id);
CREATE INDEX stock_movement_individual ON stock_movement(individual_id) WHERE individual_id IS NOT NULL;
CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE stock_balance (
  store_id text NOT NULL REFERENCES store(id),
  article_id text NOT NULL REFERENCES article(id),
  article_no text NOT NULL,
  on_hand integer NOT NULL DEFAULT 0,
  reserved integer NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, article_id)
);

-- Central orders, minimal for now: enough to ship an order and move its delivery date.
CREATE TABLE customer_order (
  order_no text PRIMARY KEY CHECK (order_no ~ '^[0-9]{8}$'),
  kind text NOT NULL CHECK (kind IN ('replenishment','stockTransfer','directPrescription','prescription','careUnitOrder','directCareUnitOrder')),
  -- The ordering (receiving) store and the store that sends the goods.
  store_id text NOT NULL REFERENCES store(id),
  from_store_id text NOT NULL REFERENCES store(id),
  status text NOT NULL CHECK (status IN ('registered','picking','shipped','delivered','cancelled')),
  delivery_date text CHECK (delivery_date IS NULL OR delivery_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  created_at text NOT NULL,
  shipped_at text
);
CREATE INDEX customer_order_store ON customer_order(store_id, status);

CREATE TABLE customer_order_line (
  order_no text NOT NULL REFERENCES customer_order(order_no),
  line_no integer NOT NULL CHECK (line_no > 0),
  article_id text NOT NULL REFERENCES article(id),
  quantity integer NOT NULL CHECK (quantity > 0),
  individual_id text REFERENCES individual(id),
  PRIMARY KEY (order_no, line_no),
  CHECK (individual_id IS NULL OR quantity = 1)
);

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  at text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  user_id text,
  client_id text,
  mutation_id bigint,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  details jsonb
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Registered workstations. Only the token's SHA-256 is stored.
CREATE TABLE sync_client (
  client_id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  last_mutation_id bigint NOT NULL DEFAULT 0 CHECK (last_mutation_id >= 0),
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_push_at timestamptz
);

-- Every processed mutation, once (the primary key is the last line of defence against applying
-- a mutation twice).
CREATE TABLE sync_mutation (
  client_id text NOT NULL REFERENCES sync_client(client_id),
  mutation_id bigint NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied','rejected')),
  error_code text,
  user_id text,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, mutation_id)
);

-- The change feed: one entry per (row, scope) holding the sequence number of the row's latest
-- change in that scope ('*' = the whole region, else a store id). A change moves the entry to a
-- new, higher seq, so the feed is compressed over its whole range. Sequence numbers are allocated
-- under an advisory lock held until COMMIT (server/sync/changes.ts), so they become visible in order.
CREATE SEQUENCE change_seq;
CREATE TABLE change_log (
  table_name text NOT NULL,
  row_id text NOT NULL,
  scope text NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert','delete')),
  seq bigint NOT NULL,
  PRIMARY KEY (table_name, row_id, scope)
);
CREATE UNIQUE INDEX change_log_scope_seq ON change_log(scope, seq) INCLUDE (table_name, row_id, op);
`,
  },
  {
    version: 2,
    name: 'change sequence numbers assigned at commit',
    sql: `
-- A writer records its entries with seq NULL plus one change_commit row; the deferred trigger
-- numbers them at COMMIT under the change-log lock, so the lock is held only for that UPDATE and
-- the commit itself, never across a round trip to the application.
ALTER TABLE change_log ALTER COLUMN seq DROP NOT NULL;
CREATE INDEX change_log_unsequenced ON change_log(table_name, row_id) WHERE seq IS NULL;
CREATE TABLE change_commit (
  xid xid8 PRIMARY KEY
);
CREATE FUNCTION sequence_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK.changeLog});
  UPDATE change_log SET seq = nextval('change_seq') WHERE seq IS NULL;
  DELETE FROM change_commit WHERE xid = NEW.xid;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER change_commit_sequence AFTER INSERT ON change_commit
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sequence_changes();
`,
  },
  {
    version: 3,
    name: 'change log by scope and table',
    sql: `
-- "Which rows of this table changed after seq N in this scope": the parents a pull page must bring
-- forward (server/sync/pull.ts) are found by a short range scan instead of a probe per parent.
CREATE INDEX change_log_scope_table_seq ON change_log(scope, table_name, seq) INCLUDE (row_id, op);
`,
  },
  {
    version: 4,
    name: 'protocol 2: stored outcomes and content hashes of processed mutations',
    sql: `
-- A replayed mutation id is answered with the outcome stored when it was processed; the hash of
-- its name, user and args tells a replay from another mutation under the same id (a workstation
-- restored from a backup), which is answered "conflict". Rows from before have no hash.
ALTER TABLE sync_mutation ADD COLUMN error_message text;
ALTER TABLE sync_mutation ADD COLUMN content_hash text;
`,
  },
  {
    version: 5,
    name: 'registering a known client id again needs its token or an admin reset',
    sql: `
-- token_used_at: when the current token was first presented (NULL: never, e.g. the answer to its
-- registration was lost, so registering again with the enrolment key is still allowed).
-- reset_requested_at: an admin's reset-client; the next registration with the enrolment key alone
-- is accepted once (server/sync/auth.ts).
ALTER TABLE sync_client ADD COLUMN token_used_at timestamptz;
ALTER TABLE sync_client ADD COLUMN reset_requested_at timestamptz;
-- Clients registered before this migration are in use: they are protected from the start.
UPDATE sync_client SET token_used_at = registered_at;
`,
  },
  {
    version: 6,
    name: 'schema 3: replenishment, purchase orders, goods receipts, stock levels, order templates, individual number blocks',
    sql: `
-- An order is keyed by an id chosen where it is made (a workstation's UUID); the case number is
-- given centrally and is null until then. Orders from before keep their case number as id, which
-- is also the id their change-log entries already carry.
ALTER TABLE customer_order DROP CONSTRAINT customer_order_order_no_check;
ALTER TABLE customer_order RENAME COLUMN order_no TO id;
ALTER TABLE customer_order ADD COLUMN order_no text UNIQUE CHECK (order_no ~ '^[0-9]{8}$');
UPDATE customer_order SET order_no = id;
ALTER TABLE customer_order ADD COLUMN provisional_no text;
ALTER TABLE customer_order ADD COLUMN supplier_id text REFERENCES supplier(id);
ALTER TABLE customer_order ADD COLUMN user_id text;
CREATE INDEX customer_order_provisional ON customer_order(provisional_no) WHERE provisional_no IS NOT NULL;

CREATE TABLE purchase_order (
  id text PRIMARY KEY,
  purchase_order_no text NOT NULL UNIQUE CHECK (purchase_order_no ~ '^[0-9]{8}$'),
  order_id text NOT NULL REFERENCES customer_order(id),
  store_id text NOT NULL REFERENCES store(id),
  supplier_id text REFERENCES supplier(id),
  status text NOT NULL CHECK (status IN ('ordered','delivered','received','cancelled')),
  created_at text NOT NULL,
  delivered_at text,
  closed_at text
);
CREATE INDEX purchase_order_order ON purchase_order(order_id);
CREATE INDEX purchase_order_store ON purchase_order(store_id, status);

ALTER TABLE customer_order_line RENAME COLUMN order_no TO order_id;
ALTER TABLE customer_order_line ADD COLUMN status text NOT NULL DEFAULT 'registered'
  CHECK (status IN ('registered','shipped','ordered','delivered','received','cancelled'));
UPDATE customer_order_line l SET status = 'shipped' FROM customer_order o WHERE o.id = l.order_id AND o.status IN ('shipped','delivered');
UPDATE customer_order_line l SET status = 'cancelled' FROM customer_order o WHERE o.id = l.order_id AND o.status = 'cancelled';
ALTER TABLE customer_order_line ADD COLUMN route text CHECK (route IN ('central','purchase'));
UPDATE customer_order_line SET route = 'central';
ALTER TABLE customer_order_line ADD COLUMN purchase_order_id text REFERENCES purchase_order(id);
ALTER TABLE customer_order_line ADD COLUMN price_ore integer NOT NULL DEFAULT 0 CHECK (price_ore >= 0);
UPDATE customer_order_line l SET price_ore = a.price_ore FROM article a WHERE a.id = l.article_id;
CREATE INDEX customer_order_line_purchase ON customer_order_line(purchase_order_id) WHERE purchase_order_id IS NOT NULL;

-- One approved or cancelled receipt per purchase order: a second workstation's is refused by the
-- rule (the order is locked and read first); this index is the last line of defence.
CREATE TABLE goods_receipt (
  id text PRIMARY KEY,
  purchase_order_id text NOT NULL REFERENCES purchase_order(id),
  store_id text NOT NULL REFERENCES store(id),
  outcome text NOT NULL CHECK (outcome IN ('approved','cancelled')),
  user_id text,
  at text NOT NULL,
  total_ore bigint NOT NULL CHECK (total_ore >= 0),
  reason text,
  lines text NOT NULL
);
CREATE UNIQUE INDEX goods_receipt_one_per_purchase_order ON goods_receipt(purchase_order_id);
CREATE TRIGGER goods_receipt_append_only BEFORE UPDATE OR DELETE ON goods_receipt
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Levels and templates are versioned: a row per setting, the latest in force (shared/sync/tables.ts).
CREATE TABLE stock_level (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  article_id text NOT NULL REFERENCES article(id),
  min_level integer NOT NULL CHECK (min_level >= 0),
  max_level integer NOT NULL CHECK (max_level >= min_level),
  updated_at text NOT NULL,
  user_id text
);
CREATE INDEX stock_level_article ON stock_level(store_id, article_id, updated_at);
CREATE TRIGGER stock_level_append_only BEFORE UPDATE OR DELETE ON stock_level
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE order_template (
  id text PRIMARY KEY,
  template_id text NOT NULL,
  store_id text NOT NULL REFERENCES store(id),
  name text NOT NULL,
  lines text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  updated_at text NOT NULL,
  user_id text
);
CREATE INDEX order_template_store ON order_template(store_id, template_id, updated_at);
CREATE TRIGGER order_template_append_only BEFORE UPDATE OR DELETE ON order_template
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE delivery_deviation (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES customer_order(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text,
  at text NOT NULL,
  text text NOT NULL,
  lines text NOT NULL
);
CREATE INDEX delivery_deviation_order ON delivery_deviation(order_id);
CREATE TRIGGER delivery_deviation_append_only BEFORE UPDATE OR DELETE ON delivery_deviation
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE individual_no_block (
  id text PRIMARY KEY,
  client_id text NOT NULL,
  store_id text NOT NULL REFERENCES store(id),
  first_no integer NOT NULL,
  last_no integer NOT NULL CHECK (last_no >= first_no),
  allocated_at text NOT NULL
);
CREATE INDEX individual_no_block_client ON individual_no_block(client_id);

-- Running numbers handed out centrally: case numbers per series and ISO week ('order|2649'),
-- the next individual number of the blocks.
CREATE TABLE server_counter (
  name text PRIMARY KEY,
  value bigint NOT NULL
);
`,
  },
  {
    version: 7,
    name: 'central numbering continues after existing orders; receipts look serial numbers up per article',
    sql: `
-- Case and purchase order numbers share one running series per ISO week ('order|YYWW',
-- docs/decisions/0011): orders made before it continue it, so a new number never meets an old one.
INSERT INTO server_counter (name, value)
SELECT 'order|' || left(n, 4), max(right(n, 4)::int)
FROM (SELECT order_no AS n FROM customer_order WHERE order_no IS NOT NULL UNION ALL SELECT purchase_order_no FROM purchase_order) s
GROUP BY left(n, 4)
ON CONFLICT (name) DO UPDATE SET value = GREATEST(server_counter.value, excluded.value);

-- A goods receipt refuses a serial number an individual of the same article already has.
CREATE INDEX individual_article_serial ON individual(article_id, serial_no) WHERE serial_no IS NOT NULL;
`,
  },
  {
    version: 8,
    name: 'schema 4: stocktakes (inventering), their count events, zone hand-overs and approvals',
    sql: `
CREATE TABLE stocktake (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  name text NOT NULL,
  scope text NOT NULL,
  zones text NOT NULL,
  blind boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('counting','approved','joined')),
  joined_id text REFERENCES stocktake(id),
  created_at text NOT NULL,
  user_id text,
  approved_at text,
  approved_by text
);
CREATE INDEX stocktake_store ON stocktake(store_id, status);
CREATE INDEX stocktake_joined ON stocktake(joined_id) WHERE joined_id IS NOT NULL;

CREATE TABLE stocktake_count (
  id text PRIMARY KEY,
  stocktake_id text NOT NULL REFERENCES stocktake(id),
  store_id text NOT NULL REFERENCES store(id),
  zone_id text,
  kind text NOT NULL CHECK (kind IN ('scan','add','replace','recount','keep')),
  article_id text REFERENCES article(id),
  individual_id text,
  code text,
  quantity integer NOT NULL,
  source text NOT NULL CHECK (source IN ('scan','manual','import')),
  client_id text NOT NULL,
  workstation text NOT NULL,
  user_id text,
  at text NOT NULL
);
CREATE INDEX stocktake_count_stocktake ON stocktake_count(stocktake_id, at);
CREATE TRIGGER stocktake_count_append_only BEFORE UPDATE OR DELETE ON stocktake_count
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE stocktake_zone_assignment (
  id text PRIMARY KEY,
  stocktake_id text NOT NULL REFERENCES stocktake(id),
  store_id text NOT NULL REFERENCES store(id),
  zone_id text NOT NULL,
  client_id text NOT NULL,
  workstation text NOT NULL,
  user_id text,
  at text NOT NULL
);
CREATE INDEX stocktake_zone_assignment_stocktake ON stocktake_zone_assignment(stocktake_id);
CREATE TRIGGER stocktake_zone_assignment_append_only BEFORE UPDATE OR DELETE ON stocktake_zone_assignment
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- One approval per stocktake: the rule refuses a second (the stocktake is locked and read first);
-- this index is the last line of defence.
CREATE TABLE stocktake_approval (
  id text PRIMARY KEY,
  stocktake_id text NOT NULL REFERENCES stocktake(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text,
  at text NOT NULL,
  uncounted text NOT NULL CHECK (uncounted IN ('keep','zero')),
  counts integer NOT NULL,
  summary text NOT NULL
);
CREATE UNIQUE INDEX stocktake_approval_one ON stocktake_approval(stocktake_id);
CREATE TRIGGER stocktake_approval_append_only BEFORE UPDATE OR DELETE ON stocktake_approval
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE INDEX IF NOT EXISTS stock_movement_store_at ON stock_movement(store_id, at);
`,
  },
  {
    version: 9,
    name: 'issue 10: passwords, user sessions bound to a workstation, SITHS login grants',
    sql: `
-- Login state lives beside app_user, not in it: app_user is replicated, and a login must not
-- put the user's row into every store's change feed.
CREATE TABLE user_credential (
  user_id text PRIMARY KEY REFERENCES app_user(id),
  password_hash text,
  must_change boolean NOT NULL DEFAULT false,
  failed_count integer NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
  locked_until timestamptz,
  last_login_at timestamptz
);

CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  client_id text NOT NULL REFERENCES sync_client(client_id),
  method text NOT NULL CHECK (method IN ('siths','password')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX user_session_user_client ON user_session(user_id, client_id, created_at);

-- A SITHS login proven over mutual TLS, waiting for its workstation to redeem it (once, soon).
CREATE TABLE siths_grant (
  code_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_user(id),
  client_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
`,
  },
  {
    // 10 (not 9): migration 9 is the lead's (login, issue 10). Missing versions are applied in
    // array order whatever their numbers, so the two merge as 9 then 10.
    version: 10,
    name: 'audit trail: central audit_log hash-chained per chain; every workstation chain stored and checked',
    sql: `
-- One chain per workstation (its client id) plus 'central' (server/audit/log.ts). Filled for the
-- entries written before by the migration's second step, then required.
ALTER TABLE audit_log ADD COLUMN chain text, ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text;
CREATE TABLE audit_chain_head (
  chain text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;

-- Each workstation's own chain as it sent it (POST /sync/audit), checked on arrival. An entry that
-- does not chain is kept with what is wrong in break; one sent again with other content is kept
-- in workstation_audit_break beside the first.
CREATE TABLE workstation_audit (
  client_id text NOT NULL REFERENCES sync_client(client_id),
  seq bigint NOT NULL CHECK (seq > 0),
  at text NOT NULL,
  user_id text,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  details text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  break text,
  PRIMARY KEY (client_id, seq)
);
CREATE INDEX workstation_audit_breaks ON workstation_audit(client_id, seq) WHERE break IS NOT NULL;
CREATE TRIGGER workstation_audit_append_only BEFORE UPDATE OR DELETE ON workstation_audit
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
-- How far each workstation's chain has arrived: its last entry.
CREATE TABLE workstation_audit_head (
  client_id text PRIMARY KEY REFERENCES sync_client(client_id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
CREATE TABLE workstation_audit_break (
  id bigserial PRIMARY KEY,
  client_id text NOT NULL REFERENCES sync_client(client_id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  message text NOT NULL,
  entry jsonb NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workstation_audit_break_client ON workstation_audit_break(client_id, seq);
CREATE TRIGGER workstation_audit_break_append_only BEFORE UPDATE OR DELETE ON workstation_audit_break
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
    async after(tx) {
      await chainExistingCentralAudit(tx);
      await tx.exec(`
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
ALTER TABLE audit_log ALTER COLUMN chain SET NOT NULL, ALTER COLUMN chain_seq SET NOT NULL,
  ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain ON audit_log(chain, chain_seq);
`);
    },
  },
  {
    version: 11,
    name: 'sync schema 5: recipients\' aids, the contact-prescriber flag, orders to recipients',
    sql: `
ALTER TABLE recipient ADD COLUMN contact_prescriber boolean NOT NULL DEFAULT false;
ALTER TABLE customer_order ADD COLUMN recipient_id text REFERENCES recipient(id),
  ADD COLUMN service_point_id text REFERENCES service_point(id);
CREATE INDEX customer_order_recipient ON customer_order(recipient_id, created_at) WHERE recipient_id IS NOT NULL;

CREATE TABLE aid (
  id text PRIMARY KEY,
  recipient_id text NOT NULL REFERENCES recipient(id),
  article_id text NOT NULL REFERENCES article(id),
  individual_id text,
  ordered_quantity integer NOT NULL CHECK (ordered_quantity > 0),
  quantity integer NOT NULL CHECK (quantity >= 0),
  store_id text NOT NULL REFERENCES store(id),
  order_id text REFERENCES customer_order(id),
  line_no integer,
  prescribed boolean NOT NULL,
  user_id text,
  ordered_at text NOT NULL,
  delivered_at text,
  returned_at text,
  CHECK (individual_id IS NULL OR ordered_quantity = 1)
);
CREATE INDEX aid_recipient ON aid(recipient_id, ordered_at);
CREATE INDEX aid_individual ON aid(individual_id) WHERE individual_id IS NOT NULL;
CREATE INDEX aid_order ON aid(order_id, line_no) WHERE order_id IS NOT NULL;
CREATE INDEX aid_store ON aid(store_id);
`,
  },
  {
    version: 12,
    name: 'sync schema 6: messages to stores (message) and each person\'s read / deleted marks (message_mark)',
    sql: `
CREATE TABLE message (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  user_id text,
  kind text NOT NULL CHECK (kind IN ('deliveryDateMoved','orderShipped','orderDelivered','workOrderClosed','notice')),
  order_id text REFERENCES customer_order(id),
  text text NOT NULL,
  at text NOT NULL
);
CREATE INDEX message_store_at ON message(store_id, at);
CREATE TABLE message_mark (
  id text PRIMARY KEY,
  message_id text NOT NULL REFERENCES message(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text NOT NULL,
  mark text NOT NULL CHECK (mark IN ('read','deleted')),
  at text NOT NULL
);
CREATE INDEX message_mark_message ON message_mark(message_id, user_id);
CREATE INDEX message_mark_store ON message_mark(store_id);
`,
  },
  {
    version: 13,
    name: 'sync schema 6: article components (individmall), replacement groups, article documents, pack size',
    sql: `
ALTER TABLE article ADD COLUMN pack_size integer NOT NULL DEFAULT 1 CHECK (pack_size > 0);

CREATE TABLE article_component (
  article_id text NOT NULL REFERENCES article(id),
  component_article_id text NOT NULL REFERENCES article(id),
  kind text NOT NULL CHECK (kind IN ('standard','other')),
  quantity integer NOT NULL CHECK (quantity > 0),
  position integer NOT NULL,
  PRIMARY KEY (article_id, component_article_id)
);
CREATE INDEX article_component_component ON article_component(component_article_id);

CREATE TABLE replacement_group (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE replacement_group_article (
  article_id text PRIMARY KEY REFERENCES article(id),
  group_id text NOT NULL REFERENCES replacement_group(id),
  rank integer NOT NULL CHECK (rank > 0)
);
CREATE INDEX replacement_group_article_group ON replacement_group_article(group_id, rank);

CREATE TABLE article_document (
  id text PRIMARY KEY,
  article_id text NOT NULL REFERENCES article(id),
  name text NOT NULL,
  kind text NOT NULL,
  url text NOT NULL
);
CREATE INDEX article_document_article ON article_document(article_id);
`,
  },
  {
    version: 14,
    name: 'sync schema 6: order cancellations (makulering)',
    sql: `
CREATE TABLE order_cancellation (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES customer_order(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text,
  at text NOT NULL
);
CREATE INDEX order_cancellation_order ON order_cancellation(order_id);
CREATE INDEX order_cancellation_store ON order_cancellation(store_id);
`,
  },
  {
    version: 15,
    name: 'sync schema 6: loan baskets (varukorg), their lines and who handled them',
    sql: `
CREATE TABLE loan_basket (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  prescriber_id text NOT NULL,
  created_by text,
  created_at text NOT NULL,
  due_date text NOT NULL,
  status text NOT NULL CHECK (status IN ('open','closed')),
  closed_at text
);
CREATE INDEX loan_basket_store ON loan_basket(store_id, status, due_date);
CREATE TABLE loan_basket_line (
  id text PRIMARY KEY,
  basket_id text NOT NULL REFERENCES loan_basket(id),
  store_id text NOT NULL REFERENCES store(id),
  line_no integer NOT NULL,
  article_id text NOT NULL REFERENCES article(id),
  individual_id text,
  quantity integer NOT NULL CHECK (quantity > 0),
  status text NOT NULL CHECK (status IN ('lent','prescribed','returned')),
  recipient_id text,
  aid_id text,
  handled_at text,
  handled_by text,
  UNIQUE (basket_id, line_no)
);
CREATE INDEX loan_basket_line_store ON loan_basket_line(store_id);
CREATE TABLE loan_basket_event (
  id text PRIMARY KEY,
  basket_id text NOT NULL REFERENCES loan_basket(id),
  line_id text NOT NULL,
  store_id text NOT NULL REFERENCES store(id),
  action text NOT NULL CHECK (action IN ('prescribed','returned')),
  recipient_id text,
  user_id text NOT NULL,
  at text NOT NULL
);
CREATE INDEX loan_basket_event_store ON loan_basket_event(store_id);
`,
  },
  {
    version: 16,
    name: 'sync schema 6: the header of an order to a recipient, payer and text per order line',
    sql: `
ALTER TABLE customer_order ADD COLUMN details text;
ALTER TABLE customer_order_line ADD COLUMN payer_id text CHECK (payer_id IS NULL OR payer_id ~ '^[0-9]{5}$'),
  ADD COLUMN note text;
`,
  },
  {
    version: 17,
    name: 'sync schema 6: recipient changes; the population register (CFR) of the region',
    sql: `
CREATE TABLE recipient_change (
  id text PRIMARY KEY,
  recipient_id text NOT NULL REFERENCES recipient(id),
  store_id text NOT NULL REFERENCES store(id),
  kind text NOT NULL CHECK (kind IN ('contact','adopt')),
  user_id text NOT NULL,
  at text NOT NULL,
  phone text,
  door_code text,
  delivery_instructions text,
  contact_prescriber boolean NOT NULL
);
CREATE INDEX recipient_change_recipient ON recipient_change(recipient_id, at);
CREATE INDEX recipient_change_store ON recipient_change(store_id);

-- Central only, never replicated: the region's population register data (Centrala
-- folkbokföringsregistret), looked up over POST /cfr/lookup. Residents of the region only;
-- a person who has moved out keeps a row with resident = false (refused, never shown).
CREATE TABLE population_register (
  -- Who was looked up, in the audit trail without the personal number.
  id text PRIMARY KEY,
  personal_number text NOT NULL UNIQUE,
  name text NOT NULL,
  address text,
  postal_code text,
  city text,
  deceased boolean NOT NULL DEFAULT false,
  resident boolean NOT NULL DEFAULT true
);
`,
  },
  {
    version: 18,
    name: 'the central store\'s stock balances go to the whole region (availability at every workstation)',
    sql: `
-- server/sync/tables.ts: stock_balance rows of a central store have the region scope now. Existing
-- entries move there (numbered anew, so every workstation's next pull brings them); the store's
-- own scope keeps none (a workstation of the central store pulls the region scope too).
INSERT INTO change_log (table_name, row_id, scope, op, seq)
SELECT 'stock_balance', b.store_id || '|' || b.article_id, '*', 'upsert', nextval('change_seq')
FROM stock_balance b JOIN store s ON s.id = b.store_id WHERE s.kind = 'central'
ON CONFLICT (table_name, row_id, scope) DO NOTHING;
DELETE FROM change_log WHERE table_name = 'stock_balance' AND scope IN (SELECT id FROM store WHERE kind = 'central');
`,
  },
  {
    version: 19,
    name: 'sync schema 7: pick lists (För plock)',
    sql: `
CREATE TABLE order_pick_list (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES customer_order(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text,
  at text NOT NULL
);
CREATE INDEX order_pick_list_order ON order_pick_list(order_id);
CREATE INDEX order_pick_list_store ON order_pick_list(store_id);
`,
  },
  {
    version: 20,
    name: 'sync schema 7: attachments (bilagor) on orders, activities and deviations, and their removals',
    sql: `
CREATE TABLE attachment (
  id text PRIMARY KEY,
  owner_kind text NOT NULL,
  owner_id text NOT NULL,
  store_id text NOT NULL REFERENCES store(id),
  file_name text NOT NULL,
  mime_type text NOT NULL CHECK (mime_type IN ('application/pdf','image/png','image/jpeg')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_by text,
  created_at text NOT NULL,
  removed_at text,
  removed_by text
);
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id, created_at);
CREATE INDEX attachment_store ON attachment(store_id);
CREATE TABLE attachment_removal (
  id text PRIMARY KEY,
  attachment_id text NOT NULL REFERENCES attachment(id),
  store_id text NOT NULL REFERENCES store(id),
  user_id text NOT NULL,
  at text NOT NULL
);
CREATE INDEX attachment_removal_store ON attachment_removal(store_id);
`,
  },
  {
    version: 21,
    name: 'sync schema 8: returns (retursedel, retur, rekond) and returns to suppliers',
    sql: `
CREATE TABLE return_receipt (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  recipient_id text NOT NULL REFERENCES recipient(id),
  user_id text NOT NULL,
  at text NOT NULL,
  comment text,
  aid_ids text NOT NULL
);
CREATE INDEX return_receipt_recipient ON return_receipt(recipient_id);
CREATE INDEX return_receipt_store ON return_receipt(store_id);
CREATE TABLE aid_return (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  recipient_id text NOT NULL REFERENCES recipient(id),
  receipt_id text NOT NULL REFERENCES return_receipt(id),
  user_id text NOT NULL,
  at text NOT NULL,
  contact_prescriber boolean NOT NULL
);
CREATE INDEX aid_return_recipient ON aid_return(recipient_id);
CREATE INDEX aid_return_store ON aid_return(store_id);
CREATE TABLE aid_return_line (
  id text PRIMARY KEY,
  return_id text NOT NULL REFERENCES aid_return(id),
  store_id text NOT NULL REFERENCES store(id),
  aid_id text NOT NULL REFERENCES aid(id),
  article_id text NOT NULL REFERENCES article(id),
  individual_id text,
  quantity integer NOT NULL CHECK (quantity > 0),
  outcome text NOT NULL CHECK (outcome IN ('stock','scrap','deregister')),
  rekond text NOT NULL CHECK (rekond IN ('none','pending','done')),
  contact_prescriber boolean NOT NULL,
  rekond_done_at text,
  rekond_done_by text
);
CREATE INDEX aid_return_line_return ON aid_return_line(return_id);
CREATE INDEX aid_return_line_store ON aid_return_line(store_id);
CREATE TABLE supplier_return (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES store(id),
  individual_id text NOT NULL REFERENCES individual(id),
  article_id text NOT NULL REFERENCES article(id),
  supplier_id text REFERENCES supplier(id),
  reference_person text,
  information text,
  user_id text NOT NULL,
  at text NOT NULL
);
CREATE INDEX supplier_return_store ON supplier_return(store_id);
`,
  },
  {
    version: 22,
    name: 'sync schema 9: pick-up orders (hämtorder), their aids and events; the region\'s pick-up reasons',
    sql: `
CREATE TABLE pickup_reason (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL,
  performer text NOT NULL,
  supplier_copy boolean NOT NULL,
  position integer NOT NULL,
  active boolean NOT NULL
);
CREATE TABLE pickup_order (
  id text PRIMARY KEY,
  order_no text UNIQUE,
  provisional_no text,
  store_id text NOT NULL REFERENCES store(id),
  recipient_id text NOT NULL REFERENCES recipient(id),
  reason_id text NOT NULL REFERENCES pickup_reason(id),
  status text NOT NULL CHECK (status IN ('registered','printed','closed','cancelled')),
  address text,
  postal_code text,
  city text,
  phone text NOT NULL,
  door_code text,
  instructions text,
  comment text,
  contact_prescriber boolean NOT NULL,
  user_id text,
  created_at text NOT NULL,
  printed_at text,
  closed_at text
);
CREATE INDEX pickup_order_store ON pickup_order(store_id);
CREATE INDEX pickup_order_provisional ON pickup_order(provisional_no);
CREATE TABLE pickup_order_line (
  id text PRIMARY KEY,
  pickup_order_id text NOT NULL REFERENCES pickup_order(id),
  store_id text NOT NULL REFERENCES store(id),
  line_no integer NOT NULL,
  aid_id text NOT NULL,
  article_id text NOT NULL REFERENCES article(id),
  individual_id text,
  quantity integer NOT NULL,
  UNIQUE (pickup_order_id, line_no)
);
CREATE INDEX pickup_order_line_aid ON pickup_order_line(aid_id);
CREATE INDEX pickup_order_line_store ON pickup_order_line(store_id);
CREATE TABLE pickup_order_event (
  id text PRIMARY KEY,
  pickup_order_id text NOT NULL REFERENCES pickup_order(id),
  store_id text NOT NULL REFERENCES store(id),
  kind text NOT NULL CHECK (kind IN ('printed','cancelled','closed')),
  document text,
  user_id text,
  at text NOT NULL
);
CREATE INDEX pickup_order_event_store ON pickup_order_event(store_id);
`,
  },
  {
    version: 23,
    name: 'sync schema 10: deviations and complaints (avvikelse / reklamation) and the aids they concern',
    sql: `
CREATE TABLE deviation (
  id text PRIMARY KEY,
  deviation_no text NOT NULL,
  store_id text NOT NULL REFERENCES store(id),
  event_type text NOT NULL CHECK (event_type IN ('negativeEvent','nearMiss','complaint')),
  category text NOT NULL,
  status text NOT NULL CHECK (status IN ('registered','investigating','closed')),
  description text NOT NULL,
  recipient_id text REFERENCES recipient(id),
  delivery_deviation_id text REFERENCES delivery_deviation(id),
  created_by text,
  created_at text NOT NULL,
  status_changed_at text
);
CREATE INDEX deviation_store ON deviation(store_id, status, created_at);
CREATE INDEX deviation_no ON deviation(deviation_no);
CREATE INDEX deviation_delivery ON deviation(delivery_deviation_id) WHERE delivery_deviation_id IS NOT NULL;
CREATE TABLE deviation_item (
  id text PRIMARY KEY,
  deviation_id text NOT NULL REFERENCES deviation(id),
  store_id text NOT NULL REFERENCES store(id),
  line_no integer NOT NULL,
  article_id text NOT NULL REFERENCES article(id),
  individual_id text,
  aid_id text
);
CREATE INDEX deviation_item_deviation ON deviation_item(deviation_id);
CREATE INDEX deviation_item_store ON deviation_item(store_id);
`,
  },
  {
    version: 24,
    name: 'sync schema 11: activities / work orders (aktivitet, arbetsorder) and their reports',
    sql: `
CREATE TABLE activity (
  id text PRIMARY KEY,
  activity_no text UNIQUE,
  provisional_no text,
  store_id text NOT NULL REFERENCES store(id),
  kind text NOT NULL CHECK (kind IN ('adjustment','repair','sparePartOrder','bufferRepair','specialAdjustment','consultantCase','followUp','fitting','transport')),
  priority text NOT NULL CHECK (priority IN ('normal','high','urgent')),
  status text NOT NULL CHECK (status IN ('registered','reported','closed')),
  recipient_id text REFERENCES recipient(id),
  article_id text REFERENCES article(id),
  individual_id text,
  order_id text REFERENCES customer_order(id),
  title text NOT NULL CHECK (length(title) <= 70),
  requested_action text NOT NULL CHECK (length(requested_action) <= 255),
  description text CHECK (description IS NULL OR length(description) <= 255),
  address_type text NOT NULL CHECK (address_type IN ('recipient','store','other')),
  address text,
  postal_code text,
  city text,
  contact_prescriber boolean NOT NULL,
  created_at text NOT NULL,
  user_id text,
  closed_at text,
  closed_by text
);
CREATE INDEX activity_store ON activity(store_id, status, created_at);
CREATE INDEX activity_order ON activity(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX activity_provisional ON activity(provisional_no);
CREATE TABLE activity_report (
  id text PRIMARY KEY,
  activity_id text NOT NULL REFERENCES activity(id),
  store_id text NOT NULL REFERENCES store(id),
  text text NOT NULL,
  minutes integer NOT NULL CHECK (minutes >= 0),
  parts text NOT NULL,
  closed boolean NOT NULL,
  user_id text,
  at text NOT NULL
);
CREATE INDEX activity_report_activity ON activity_report(activity_id, at);
CREATE INDEX activity_report_store ON activity_report(store_id);
`,
  },
  {
    version: 25,
    name: 'sync schema 12: an aid of a cancelled order (makulerad, never delivered)',
    sql: `
ALTER TABLE aid ADD COLUMN cancelled_at text;
UPDATE aid SET cancelled_at = (SELECT min(c.at) FROM order_cancellation c WHERE c.order_id = aid.order_id)
 WHERE delivered_at IS NULL AND quantity = 0 AND order_id IN (SELECT order_id FROM order_cancellation);
`,
  },
  {
    version: 26,
    name: 'sync schema 13: individual status rekond (a returned individual in rekond / rengöring)',
    // Individuals waiting for rekond (a pending return line) had status inRepair: they get the new
    // status, and their feed entries a new number so that every workstation's next pull brings it.
    sql: `
ALTER TABLE individual DROP CONSTRAINT individual_status_check;
ALTER TABLE individual ADD CONSTRAINT individual_status_check
  CHECK (status IN ('inStore','atRecipient','reserved','inRepair','rekond','scrapped','investigation'));
CREATE TEMP TABLE rekond_individual ON COMMIT DROP AS
  SELECT i.id FROM individual i
   WHERE i.status = 'inRepair' AND EXISTS (SELECT 1 FROM aid_return_line l WHERE l.individual_id = i.id AND l.rekond = 'pending' AND l.store_id = i.store_id);
UPDATE individual SET status = 'rekond' WHERE id IN (SELECT id FROM rekond_individual);
UPDATE change_log SET seq = nextval('change_seq') WHERE table_name = 'individual' AND row_id IN (SELECT id FROM rekond_individual);
`,
  },  {
    version: 27,
    name: 'sync schema 14: the region\'s settings (region_setting), owned by central',
    sql: `
CREATE TABLE region_setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at text NOT NULL,
  updated_by text
);
`,
  },
  {
    version: 28,
    name: 'sync schema 15: a pick-up order without a reason (pickup_order.reason_id nullable; region setting pickupReasonRequired)',
    sql: `
ALTER TABLE pickup_order ALTER COLUMN reason_id DROP NOT NULL;
`,
  },
];

/**
 * Applies the missing migrations in one transaction under an advisory lock, so several server
 * processes starting at once against one PostgreSQL migrate it exactly once. Returns the database's
 * epoch: a random id made with the schema, carried in every cursor so that cursors of a re-created
 * database are recognised as unknown.
 */
export async function migrate(db: Db): Promise<{ applied: number[]; epoch: string }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK.migrate]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await migration.after?.(tx);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await tx.query("INSERT INTO server_meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(4).toString('hex')]);
    const epoch = (await tx.query<{ value: string }>("SELECT value FROM server_meta WHERE key = 'epoch'")).rows[0]!.value;
    return { applied, epoch };
  });
}
