import { chainExistingAudit } from './audit';
import type { Db } from './replica';

/**
 * Numbered schema migrations of the local replica, applied in order; `PRAGMA user_version` holds
 * the number of the last one applied. Never edit a migration that has shipped: add a new one.
 *
 * Ids: every synced row has a global text `id` (central or workstation-made); tables that need a
 * full-text index also keep a local integer `seq` (rowid alias) so FTS5 rows stay stable.
 * Money is integer öre. Dates are ISO strings (YYYY-MM-DD, timestamps in UTC ISO 8601).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL cannot do (hashing), run after `sql` in the same transaction. */
  after?: (db: Db) => void;
  /**
   * The migration rebuilds a table other tables refer to (SQLite cannot alter a CHECK): foreign
   * keys are off around its transaction and `PRAGMA foreign_key_check` must find nothing before it
   * commits (https://sqlite.org/lang_altertable.html#otheralter).
   */
  rebuildsTables?: boolean;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'master data, individuals, stock ledger, users, audit log',
    sql: `
CREATE TABLE store (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('central','buffer','purchase','investigation')),
  parent_store_id TEXT REFERENCES store(id)
) STRICT;

CREATE TABLE service_point (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id)
) STRICT;

CREATE TABLE iso_class (
  code TEXT PRIMARY KEY CHECK (length(code) IN (2,4,6)),
  name TEXT NOT NULL,
  parent_code TEXT REFERENCES iso_class(code)
) STRICT;

CREATE TABLE supplier (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE article (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  article_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  product_name TEXT,
  article_type TEXT NOT NULL CHECK (article_type IN ('mainAid','accessory','sparePart','setting','service','consumable')),
  article_status TEXT NOT NULL CHECK (article_status IN ('active','phasingOut','gone')),
  unit TEXT NOT NULL DEFAULT 'st',
  price_ore INTEGER NOT NULL DEFAULT 0 CHECK (price_ore >= 0),
  tracked_individually INTEGER NOT NULL DEFAULT 0 CHECK (tracked_individually IN (0,1)),
  -- A: owned and registered by the central service; B: the municipality's own, may be registered locally.
  aid_category TEXT NOT NULL DEFAULT 'A' CHECK (aid_category IN ('A','B')),
  iso_code TEXT NOT NULL REFERENCES iso_class(code),
  supplier_id TEXT REFERENCES supplier(id),
  supplier_article_no TEXT
) STRICT;
CREATE INDEX article_type_no ON article(article_type, article_no);

CREATE TABLE article_gtin (
  gtin TEXT PRIMARY KEY CHECK (length(gtin) = 14),
  article_id TEXT NOT NULL REFERENCES article(id)
) STRICT;
CREATE INDEX article_gtin_article ON article_gtin(article_id);

-- Free-text search over article number, name, product name and supplier article number.
CREATE VIRTUAL TABLE article_fts USING fts5(
  article_no, name, product_name, supplier_article_no,
  content='article', content_rowid='seq', tokenize='trigram'
);
CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
  INSERT INTO article_fts(rowid, article_no, name, product_name, supplier_article_no)
  VALUES (new.seq, new.article_no, new.name, new.product_name, new.supplier_article_no);
END;
CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, article_no, name, product_name, supplier_article_no)
  VALUES ('delete', old.seq, old.article_no, old.name, old.product_name, old.supplier_article_no);
END;
CREATE TRIGGER article_fts_au AFTER UPDATE OF article_no, name, product_name, supplier_article_no ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, article_no, name, product_name, supplier_article_no)
  VALUES ('delete', old.seq, old.article_no, old.name, old.product_name, old.supplier_article_no);
  INSERT INTO article_fts(rowid, article_no, name, product_name, supplier_article_no)
  VALUES (new.seq, new.article_no, new.name, new.product_name, new.supplier_article_no);
END;

CREATE TABLE individual (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  individual_no TEXT NOT NULL UNIQUE,
  -- The number reversed, so that "*12" (ends with) is an index range like "12*".
  individual_no_rev TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  serial_no TEXT,
  purchase_date TEXT,
  acquisition_value_ore INTEGER CHECK (acquisition_value_ore IS NULL OR acquisition_value_ore >= 0),
  warranty_end TEXT,
  estimated_age_years INTEGER,
  status TEXT NOT NULL CHECK (status IN ('inStore','atRecipient','reserved','inRepair','scrapped','investigation')),
  store_id TEXT REFERENCES store(id),
  location TEXT
) STRICT;
CREATE INDEX individual_no_rev ON individual(individual_no_rev);
CREATE INDEX individual_serial ON individual(serial_no COLLATE NOCASE);
CREATE INDEX individual_store_status ON individual(store_id, status, individual_no);
CREATE INDEX individual_article ON individual(article_id);

CREATE VIRTUAL TABLE individual_fts USING fts5(
  individual_no, serial_no,
  content='individual', content_rowid='seq', tokenize='trigram'
);
CREATE TRIGGER individual_fts_ai AFTER INSERT ON individual BEGIN
  INSERT INTO individual_fts(rowid, individual_no, serial_no) VALUES (new.seq, new.individual_no, new.serial_no);
END;
CREATE TRIGGER individual_fts_ad AFTER DELETE ON individual BEGIN
  INSERT INTO individual_fts(individual_fts, rowid, individual_no, serial_no) VALUES ('delete', old.seq, old.individual_no, old.serial_no);
END;
CREATE TRIGGER individual_fts_au AFTER UPDATE OF individual_no, serial_no ON individual BEGIN
  INSERT INTO individual_fts(individual_fts, rowid, individual_no, serial_no) VALUES ('delete', old.seq, old.individual_no, old.serial_no);
  INSERT INTO individual_fts(rowid, individual_no, serial_no) VALUES (new.seq, new.individual_no, new.serial_no);
END;

CREATE TABLE app_user (
  id TEXT PRIMARY KEY,
  hsa_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  roles TEXT NOT NULL, -- JSON array of roles
  active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE user_service_point (
  user_id TEXT NOT NULL REFERENCES app_user(id),
  service_point_id TEXT NOT NULL REFERENCES service_point(id),
  PRIMARY KEY (user_id, service_point_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE recipient (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('patient','careUnit')),
  personal_number TEXT UNIQUE,
  care_unit_code TEXT UNIQUE,
  name TEXT NOT NULL,
  address TEXT,
  postal_code TEXT,
  city TEXT,
  phone TEXT,
  door_code TEXT,
  delivery_instructions TEXT
) STRICT;

-- Append-only stock ledger; stock_balance is maintained in the same transaction.
CREATE TABLE stock_movement (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  store_id TEXT NOT NULL REFERENCES store(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT REFERENCES individual(id),
  quantity INTEGER NOT NULL CHECK (quantity <> 0),
  reason TEXT NOT NULL CHECK (reason IN ('goodsReceipt','issue','return','stockTransfer','stocktake','adjustment','scrap','initial','registration')),
  reference TEXT,
  note TEXT,
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX stock_movement_individual ON stock_movement(individual_id) WHERE individual_id IS NOT NULL;
CREATE INDEX stock_movement_store_article ON stock_movement(store_id, article_id);
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement BEGIN
  SELECT RAISE(ABORT, 'stock_movement is append-only');
END;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement BEGIN
  SELECT RAISE(ABORT, 'stock_movement is append-only');
END;

CREATE TABLE stock_balance (
  store_id TEXT NOT NULL REFERENCES store(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  -- Copied from article (article numbers never change) so the stock list pages in index order.
  article_no TEXT NOT NULL,
  on_hand INTEGER NOT NULL DEFAULT 0,
  reserved INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, article_id)
) STRICT, WITHOUT ROWID;
-- Stock list "med saldo": the store's non-zero balances in article-number order.
CREATE INDEX stock_balance_nonzero ON stock_balance(store_id, article_no, on_hand) WHERE on_hand <> 0;

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  details TEXT -- JSON
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE individual_text (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  individual_id TEXT NOT NULL REFERENCES individual(id),
  at TEXT NOT NULL,
  user_id TEXT,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX individual_text_individual ON individual_text(individual_id);

-- Key/value settings of this replica: own store id, demo seed, workstation id...
CREATE TABLE replica_setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Mutations confirmed locally and not yet acknowledged by the central server (sync, issue 4).
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  user_id TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE message (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  at TEXT NOT NULL,
  text TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0
) STRICT;
`,
  },
  {
    version: 2,
    name: 'sync: outbox with consecutive mutation ids, sync state, conflicts, ledger undo guard',
    sql: `
-- Migration 1's outbox was never written to (no mutation existed before issue 4); its text ids
-- cannot carry the protocol's consecutive integer mutation ids, so it is replaced.
DROP TABLE outbox;

-- Mutations confirmed locally, in order. A row stays until the pull that follows its push has
-- brought the server's truth for it (docs/sync.md "Rebase"): state says how far it got.
CREATE TABLE outbox (
  -- The mutation id: consecutive per client, handed out from sync_state.last_mutation_id.
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  args TEXT NOT NULL, -- JSON, the shared/domain/mutations.ts arguments
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- pending: not yet acknowledged; applied / duplicate: the server answered (no longer pending).
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','applied','duplicate')),
  -- 1 while the optimistic effect is in the replica's tables; undo holds the inverse operations.
  local_applied INTEGER NOT NULL DEFAULT 0 CHECK (local_applied IN (0,1)),
  undo TEXT NOT NULL DEFAULT '[]',
  -- Why the rule refused it when it was re-applied on top of newer server data (the server decides).
  local_error TEXT
) STRICT;
CREATE INDEX outbox_state ON outbox(state, id);

-- One row: where this replica is in the central change feed and in its own mutation ids.
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_mutation_id INTEGER NOT NULL DEFAULT 0,
  cursor TEXT,
  bootstrapped INTEGER NOT NULL DEFAULT 0 CHECK (bootstrapped IN (0,1)),
  -- A re-bootstrap after resync-required is running: rows seen are listed in resync_seen and the
  -- rest are swept when its last page arrives.
  resync INTEGER NOT NULL DEFAULT 0 CHECK (resync IN (0,1)),
  pull_total INTEGER,
  pull_rows INTEGER NOT NULL DEFAULT 0,
  -- Fail-safe bookkeeping of the running pull: row counts when it began, deletions so far (JSON).
  pull_base TEXT,
  pull_deletes TEXT NOT NULL DEFAULT '{}',
  failsafe_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (failsafe_confirmed IN (0,1)),
  last_sync_at TEXT,
  -- Set only inside a rebase transaction: lets an optimistic ledger row be taken back out.
  ledger_unlocked INTEGER NOT NULL DEFAULT 0 CHECK (ledger_unlocked IN (0,1))
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE resync_seen (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (tbl, id)
) STRICT, WITHOUT ROWID;

-- Mutations the central server refused: a person must look at them (Synk page).
CREATE TABLE sync_conflicts (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL,
  mutation_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  user_id TEXT,
  created_at TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL, -- the server's Swedish explanation
  rejected_at TEXT NOT NULL,
  dismissed_at TEXT,
  dismissed_by TEXT,
  UNIQUE (client_id, mutation_id)
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts(dismissed_at, id);

-- The ledger stays append-only, except that a rebase may take back an optimistic movement that
-- the server has not (yet) accepted.
DROP TRIGGER stock_movement_no_delete;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
WHEN (SELECT ledger_unlocked FROM sync_state WHERE id = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'stock_movement is append-only');
END;
`,
  },
  {
    version: 3,
    name: 'sync schema 2: the store\'s orders (customer_order, customer_order_line) replicated from the central server',
    sql: `
-- The store's orders as the central server has them (server/sync/tables.ts): replicated only, the
-- workstation does not write them. Columns are exactly the ones the pull sends.
CREATE TABLE customer_order (
  order_no TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  -- The ordering (receiving) store and the store that sends the goods.
  store_id TEXT NOT NULL REFERENCES store(id),
  from_store_id TEXT NOT NULL REFERENCES store(id),
  status TEXT NOT NULL CHECK (status IN ('registered','picking','shipped','delivered','cancelled')),
  delivery_date TEXT,
  created_at TEXT NOT NULL,
  shipped_at TEXT
) STRICT;
CREATE INDEX customer_order_store ON customer_order(store_id, status);

-- individual_id has no foreign key: before shipping, the individual is in the sending store and
-- is not in this store's replica.
CREATE TABLE customer_order_line (
  order_no TEXT NOT NULL REFERENCES customer_order(order_no),
  line_no INTEGER NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  quantity INTEGER NOT NULL,
  individual_id TEXT,
  PRIMARY KEY (order_no, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_order_line_article ON customer_order_line(article_id);
`,
  },
  {
    version: 4,
    name: 'write path: outbox markers, no ambiguous duplicates, sync notices',
    sql: `
-- The row each mutation's effect is recognised by ("table|key", see LocalMutations.isReflected),
-- stored when it is written. Rows of the four mutations that existed before get theirs here.
ALTER TABLE outbox ADD COLUMN marker TEXT;
UPDATE outbox SET marker = 'individual|' || json_extract(args, '$.individualId') WHERE name = 'individual.register';
UPDATE outbox SET marker = 'individual_text|' || json_extract(args, '$.textId') WHERE name IN ('individual.changeNumber', 'individual.addText');
UPDATE outbox SET marker = 'stock_movement|' || json_extract(args, '$.movementId') WHERE name = 'stock.adjust';
-- Protocol 1 answered every replay "duplicate", refused or not; protocol 2 answers with the stored
-- outcome, so such entries are asked about again.
UPDATE outbox SET state = 'pending' WHERE state = 'duplicate';

-- What the sync engine did on its own that a person must hear about (Synk page).
CREATE TABLE sync_notice (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  dismissed_at TEXT,
  dismissed_by TEXT
) STRICT;
`,
  },
  {
    version: 5,
    name: 'sync schema 3: replenishment, purchase orders, goods receipts, stock levels, order templates, individual number blocks',
    sql: `
-- Orders are keyed by an id chosen where they are made (this workstation's UUID for its own
-- replenishments); order_no is the central case number, null until central has the order.
-- Orders pulled before keep their case number as id, as on the server.
ALTER TABLE customer_order RENAME COLUMN order_no TO id;
ALTER TABLE customer_order ADD COLUMN order_no TEXT;
UPDATE customer_order SET order_no = id;
CREATE UNIQUE INDEX customer_order_order_no ON customer_order(order_no) WHERE order_no IS NOT NULL;
ALTER TABLE customer_order ADD COLUMN provisional_no TEXT;
CREATE INDEX customer_order_provisional ON customer_order(provisional_no) WHERE provisional_no IS NOT NULL;
ALTER TABLE customer_order ADD COLUMN supplier_id TEXT REFERENCES supplier(id);
ALTER TABLE customer_order ADD COLUMN user_id TEXT;

CREATE TABLE purchase_order (
  id TEXT PRIMARY KEY,
  purchase_order_no TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL REFERENCES customer_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  supplier_id TEXT REFERENCES supplier(id),
  status TEXT NOT NULL CHECK (status IN ('ordered','delivered','received','cancelled')),
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  closed_at TEXT
) STRICT;
CREATE INDEX purchase_order_order ON purchase_order(order_id);
CREATE INDEX purchase_order_store ON purchase_order(store_id, status);

ALTER TABLE customer_order_line RENAME COLUMN order_no TO order_id;
ALTER TABLE customer_order_line ADD COLUMN status TEXT NOT NULL DEFAULT 'registered'
  CHECK (status IN ('registered','shipped','ordered','delivered','received','cancelled'));
UPDATE customer_order_line SET status = 'shipped'
  WHERE order_id IN (SELECT id FROM customer_order WHERE status IN ('shipped','delivered'));
UPDATE customer_order_line SET status = 'cancelled' WHERE order_id IN (SELECT id FROM customer_order WHERE status = 'cancelled');
ALTER TABLE customer_order_line ADD COLUMN route TEXT CHECK (route IN ('central','purchase'));
UPDATE customer_order_line SET route = 'central';
ALTER TABLE customer_order_line ADD COLUMN purchase_order_id TEXT REFERENCES purchase_order(id);
ALTER TABLE customer_order_line ADD COLUMN price_ore INTEGER NOT NULL DEFAULT 0;
UPDATE customer_order_line SET price_ore = coalesce((SELECT a.price_ore FROM article a WHERE a.id = customer_order_line.article_id), 0);
CREATE INDEX customer_order_line_purchase ON customer_order_line(purchase_order_id) WHERE purchase_order_id IS NOT NULL;

CREATE TABLE goods_receipt (
  id TEXT PRIMARY KEY,
  purchase_order_id TEXT NOT NULL REFERENCES purchase_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('approved','cancelled')),
  user_id TEXT,
  at TEXT NOT NULL,
  total_ore INTEGER NOT NULL,
  reason TEXT,
  lines TEXT NOT NULL
) STRICT;
CREATE INDEX goods_receipt_purchase_order ON goods_receipt(purchase_order_id);

-- Levels and templates are versioned: a row per setting, the latest in force (shared/sync/tables.ts).
CREATE TABLE stock_level (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  min_level INTEGER NOT NULL,
  max_level INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  user_id TEXT
) STRICT;
CREATE INDEX stock_level_article ON stock_level(store_id, article_id, updated_at);

CREATE TABLE order_template (
  id TEXT PRIMARY KEY,
  template_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id),
  name TEXT NOT NULL,
  lines TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  user_id TEXT
) STRICT;
CREATE INDEX order_template_store ON order_template(store_id, template_id, updated_at);

CREATE TABLE delivery_deviation (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES customer_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT,
  at TEXT NOT NULL,
  text TEXT NOT NULL,
  lines TEXT NOT NULL
) STRICT;
CREATE INDEX delivery_deviation_order ON delivery_deviation(order_id);

CREATE TABLE individual_no_block (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id),
  first_no INTEGER NOT NULL,
  last_no INTEGER NOT NULL,
  allocated_at TEXT NOT NULL
) STRICT;

-- Work on this workstation that is not yet a mutation: a goods receipt being scanned (resumable
-- after a restart; a row per line, line 0 the receipt's own ids, so a scan rewrites one small row),
-- the individual numbers its units hold (one draft unit per number), and the running number of
-- provisional order numbers.
CREATE TABLE receipt_draft (
  purchase_order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (purchase_order_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE TABLE receipt_draft_number (
  individual_no TEXT PRIMARY KEY,
  purchase_order_id TEXT NOT NULL,
  line_no INTEGER NOT NULL
) STRICT;
CREATE INDEX receipt_draft_number_line ON receipt_draft_number(purchase_order_id, line_no);
-- Documents printed on this workstation (a purchase order printed again is marked "Kopia").
CREATE TABLE document_print (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT
) STRICT;
CREATE INDEX document_print_ref ON document_print(kind, ref);
CREATE TABLE local_counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 6,
    name: 'sync schema 4: stocktakes (inventering), their count events, zone hand-overs and approvals',
    sql: `
CREATE TABLE stocktake (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  zones TEXT NOT NULL,
  blind INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('counting','approved','joined')),
  joined_id TEXT,
  created_at TEXT NOT NULL,
  user_id TEXT,
  approved_at TEXT,
  approved_by TEXT
) STRICT;
CREATE INDEX stocktake_store ON stocktake(store_id, status);

-- Count events are only ever added (shared/sync/tables.ts): the count of a line is merged from them.
CREATE TABLE stocktake_count (
  id TEXT PRIMARY KEY,
  stocktake_id TEXT NOT NULL REFERENCES stocktake(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  zone_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('scan','add','replace','recount','keep')),
  article_id TEXT REFERENCES article(id),
  individual_id TEXT,
  code TEXT,
  quantity INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('scan','manual','import')),
  client_id TEXT NOT NULL,
  workstation TEXT NOT NULL,
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX stocktake_count_stocktake ON stocktake_count(stocktake_id, at);
CREATE INDEX stocktake_count_article ON stocktake_count(stocktake_id, article_id);
CREATE INDEX stocktake_count_code ON stocktake_count(stocktake_id, code) WHERE code IS NOT NULL;
CREATE INDEX stocktake_count_zone ON stocktake_count(stocktake_id, zone_id) WHERE zone_id IS NOT NULL;

CREATE TABLE stocktake_zone_assignment (
  id TEXT PRIMARY KEY,
  stocktake_id TEXT NOT NULL REFERENCES stocktake(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  zone_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  workstation TEXT NOT NULL,
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX stocktake_zone_assignment_stocktake ON stocktake_zone_assignment(stocktake_id);

CREATE TABLE stocktake_approval (
  id TEXT PRIMARY KEY,
  stocktake_id TEXT NOT NULL REFERENCES stocktake(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT,
  at TEXT NOT NULL,
  uncounted TEXT NOT NULL,
  counts INTEGER NOT NULL,
  summary TEXT NOT NULL
) STRICT;
CREATE INDEX stocktake_approval_stocktake ON stocktake_approval(stocktake_id);
-- A stocktake's expectation is the balance when a line was first counted: the ledger since then.
CREATE INDEX IF NOT EXISTS stock_movement_store_at ON stock_movement(store_id, at);
`,
  },
  {
    version: 7,
    name: 'issue 10: offline login credentials of this workstation (never synced)',
    sql: `
-- What lets a person log in here without the network: a slow hash (scrypt) of their password or
-- offline PIN, made at their last online login on this workstation and valid until valid_until.
-- Five wrong secrets in a row lock it until the next online login. Local only: not replicated,
-- not in the outbox; encrypted with the replica.
CREATE TABLE offline_credential (
  user_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('password','pin')),
  verifier TEXT NOT NULL,
  online_at TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1))
) STRICT;
`,
  },
  {
    // 8 (not 7): migration 7 is the lead's (login, issue 10); the runner applies any version above
    // user_version in array order, so the two merge as 7 then 8.
    version: 8,
    name: 'audit trail: the audit log hash-chained (sequence number, previous hash, own hash), append-only',
    sql: `
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP INDEX audit_log_entity;
ALTER TABLE audit_log RENAME TO audit_log_unchained;
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  details TEXT, -- JSON
  -- shared/domain/audit/chain.ts: SHA-256 (hex) of the previous entry and of this one.
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
`,
    after(db) {
      chainExistingAudit(db, 'audit_log_unchained');
      db.exec(`
DROP TABLE audit_log_unchained;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_entity_id ON audit_log(entity_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id, at);
CREATE INDEX audit_log_action ON audit_log(action, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
`);
    },
  },
  {
    version: 9,
    name: 'sync schema 5: recipients\' aids, the contact-prescriber flag, orders to recipients',
    sql: `
ALTER TABLE recipient ADD COLUMN contact_prescriber INTEGER NOT NULL DEFAULT 0 CHECK (contact_prescriber IN (0,1));
ALTER TABLE customer_order ADD COLUMN recipient_id TEXT REFERENCES recipient(id);
ALTER TABLE customer_order ADD COLUMN service_point_id TEXT REFERENCES service_point(id);
CREATE INDEX customer_order_recipient ON customer_order(recipient_id, created_at) WHERE recipient_id IS NOT NULL;

-- A recipient's aids (shared/sync/tables.ts: aid). Newest first on the recipient card.
CREATE TABLE aid (
  id TEXT PRIMARY KEY,
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT,
  ordered_quantity INTEGER NOT NULL CHECK (ordered_quantity > 0),
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  store_id TEXT NOT NULL REFERENCES store(id),
  order_id TEXT REFERENCES customer_order(id),
  line_no INTEGER,
  prescribed INTEGER NOT NULL CHECK (prescribed IN (0,1)),
  user_id TEXT,
  ordered_at TEXT NOT NULL,
  delivered_at TEXT,
  returned_at TEXT,
  CHECK (individual_id IS NULL OR ordered_quantity = 1)
) STRICT;
CREATE INDEX aid_recipient ON aid(recipient_id, ordered_at);
CREATE INDEX aid_individual ON aid(individual_id) WHERE individual_id IS NOT NULL;
CREATE INDEX aid_order ON aid(order_id, line_no) WHERE order_id IS NOT NULL;
`,
  },
  {
    version: 10,
    name: 'sync schema 6: messages from central (message) and each person\'s read / deleted marks (message_mark)',
    sql: `
-- Migration 1's message table was local (a demo welcome text): messages now come from central.
DROP TABLE message;
CREATE TABLE message (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT, -- the person it is for; NULL: everyone in the store
  kind TEXT NOT NULL CHECK (kind IN ('deliveryDateMoved','orderShipped','orderDelivered','workOrderClosed','notice')),
  order_id TEXT REFERENCES customer_order(id),
  text TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX message_store_at ON message(store_id, at);
CREATE TABLE message_mark (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES message(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT NOT NULL,
  mark TEXT NOT NULL CHECK (mark IN ('read','deleted')),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX message_mark_message ON message_mark(message_id, user_id);
`,
  },
  {
    version: 11,
    name: 'sync schema 6: article components (individmall), replacement groups, article documents, pack size',
    sql: `
ALTER TABLE article ADD COLUMN pack_size INTEGER NOT NULL DEFAULT 1 CHECK (pack_size > 0);

-- The individmall: components proposed with a main aid (shared/sync/tables.ts: article_component).
CREATE TABLE article_component (
  article_id TEXT NOT NULL REFERENCES article(id),
  component_article_id TEXT NOT NULL REFERENCES article(id),
  kind TEXT NOT NULL CHECK (kind IN ('standard','other')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, component_article_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE replacement_group (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE replacement_group_article (
  article_id TEXT PRIMARY KEY REFERENCES article(id),
  group_id TEXT NOT NULL REFERENCES replacement_group(id),
  rank INTEGER NOT NULL CHECK (rank > 0)
) STRICT;
CREATE INDEX replacement_group_article_group ON replacement_group_article(group_id, rank);

CREATE TABLE article_document (
  id TEXT PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES article(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL
) STRICT;
CREATE INDEX article_document_article ON article_document(article_id);

-- ISO browsing lists an ISO class's articles (2, 4 or 6 digits: a prefix range).
CREATE INDEX article_iso ON article(iso_code, article_no);
`,
  },
  {
    version: 12,
    name: 'sync schema 6: order cancellations (makulering)',
    sql: `
CREATE TABLE order_cancellation (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES customer_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX order_cancellation_order ON order_cancellation(order_id);
`,
  },
  {
    version: 13,
    name: 'article search over the whole catalogue: supplier name, ISO code and article type in the full-text index',
    sql: `
-- Artiklar (issue 11) finds an article by supplier name, ISO code and article type (in Swedish)
-- too, as terms in any order: they join the trigram index. Its content is a view, so that
-- 'rebuild' (bootstrap, demo seed) reads them; the triggers write the same values.
DROP TRIGGER article_fts_ai;
DROP TRIGGER article_fts_ad;
DROP TRIGGER article_fts_au;
DROP TABLE article_fts;
CREATE VIEW article_fts_content AS
  SELECT a.seq, a.article_no, a.name, a.product_name, a.supplier_article_no, s.name AS supplier_name, a.iso_code,
    CASE a.article_type WHEN 'mainAid' THEN 'huvudhjälpmedel' WHEN 'accessory' THEN 'tillbehör' WHEN 'sparePart' THEN 'reservdel'
      WHEN 'setting' THEN 'inställning' WHEN 'service' THEN 'tjänst' ELSE 'förbrukning' END AS article_type_sv
  FROM article a LEFT JOIN supplier s ON s.id = a.supplier_id;
CREATE VIRTUAL TABLE article_fts USING fts5(
  article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv,
  content='article_fts_content', content_rowid='seq', tokenize='trigram'
);
CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
  INSERT INTO article_fts(rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  SELECT seq, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv FROM article_fts_content WHERE seq = new.seq;
END;
CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  VALUES ('delete', old.seq, old.article_no, old.name, old.product_name, old.supplier_article_no,
    (SELECT s.name FROM supplier s WHERE s.id = old.supplier_id), old.iso_code,
    CASE old.article_type WHEN 'mainAid' THEN 'huvudhjälpmedel' WHEN 'accessory' THEN 'tillbehör' WHEN 'sparePart' THEN 'reservdel'
      WHEN 'setting' THEN 'inställning' WHEN 'service' THEN 'tjänst' ELSE 'förbrukning' END);
END;
CREATE TRIGGER article_fts_au AFTER UPDATE OF article_no, name, product_name, supplier_article_no, supplier_id, iso_code, article_type ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  VALUES ('delete', old.seq, old.article_no, old.name, old.product_name, old.supplier_article_no,
    (SELECT s.name FROM supplier s WHERE s.id = old.supplier_id), old.iso_code,
    CASE old.article_type WHEN 'mainAid' THEN 'huvudhjälpmedel' WHEN 'accessory' THEN 'tillbehör' WHEN 'sparePart' THEN 'reservdel'
      WHEN 'setting' THEN 'inställning' WHEN 'service' THEN 'tjänst' ELSE 'förbrukning' END);
  INSERT INTO article_fts(rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  SELECT seq, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv FROM article_fts_content WHERE seq = new.seq;
END;
-- A renamed supplier: its articles are indexed under the new name.
CREATE TRIGGER article_fts_supplier_au AFTER UPDATE OF name ON supplier WHEN old.name IS NOT new.name BEGIN
  INSERT INTO article_fts(article_fts, rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  SELECT 'delete', seq, article_no, name, product_name, supplier_article_no, old.name, iso_code, article_type_sv FROM article_fts_content WHERE seq IN (SELECT seq FROM article WHERE supplier_id = new.id);
  INSERT INTO article_fts(rowid, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv)
  SELECT seq, article_no, name, product_name, supplier_article_no, supplier_name, iso_code, article_type_sv FROM article_fts_content WHERE seq IN (SELECT seq FROM article WHERE supplier_id = new.id);
END;
INSERT INTO article_fts(article_fts) VALUES ('rebuild');
CREATE INDEX article_supplier ON article(supplier_id);
`,
  },
  {
    version: 14,
    name: 'sync schema 6: loan baskets (varukorg), their lines and who handled them',
    sql: `
CREATE TABLE loan_basket (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  prescriber_id TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  closed_at TEXT
) STRICT;
CREATE INDEX loan_basket_store ON loan_basket(store_id, status, due_date);
CREATE TABLE loan_basket_line (
  id TEXT PRIMARY KEY,
  basket_id TEXT NOT NULL REFERENCES loan_basket(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  line_no INTEGER NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  status TEXT NOT NULL CHECK (status IN ('lent','prescribed','returned')),
  recipient_id TEXT,
  aid_id TEXT,
  handled_at TEXT,
  handled_by TEXT,
  UNIQUE (basket_id, line_no)
) STRICT;
CREATE INDEX loan_basket_line_individual ON loan_basket_line(individual_id) WHERE individual_id IS NOT NULL;
CREATE TABLE loan_basket_event (
  id TEXT PRIMARY KEY,
  basket_id TEXT NOT NULL REFERENCES loan_basket(id),
  line_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id),
  action TEXT NOT NULL CHECK (action IN ('prescribed','returned')),
  recipient_id TEXT,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX loan_basket_event_basket ON loan_basket_event(basket_id);
`,
  },
  {
    version: 15,
    name: 'sync schema 6: the header of an order to a recipient, payer and text per order line',
    sql: `
ALTER TABLE customer_order ADD COLUMN details TEXT;
ALTER TABLE customer_order_line ADD COLUMN payer_id TEXT CHECK (payer_id IS NULL OR length(payer_id) = 5);
ALTER TABLE customer_order_line ADD COLUMN note TEXT;
-- Direct orders waiting for their utleverans (the start page's list).
CREATE INDEX customer_order_waiting ON customer_order(store_id, kind, status) WHERE recipient_id IS NOT NULL;
`,
  },
  {
    version: 16,
    name: 'sync schema 6: recipient changes (contact fields edited, taken in from the population register)',
    sql: `
CREATE TABLE recipient_change (
  id TEXT PRIMARY KEY,
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  kind TEXT NOT NULL CHECK (kind IN ('contact','adopt')),
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  phone TEXT,
  door_code TEXT,
  delivery_instructions TEXT,
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1))
) STRICT;
CREATE INDEX recipient_change_recipient ON recipient_change(recipient_id, at);
`,
  },
  {
    version: 17,
    name: 'sync schema 7: pick lists (För plock)',
    sql: `
CREATE TABLE order_pick_list (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES customer_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX order_pick_list_order ON order_pick_list(order_id);
`,
  },
  {
    version: 18,
    name: 'sync schema 7: attachments (bilagor) on orders, activities and deviations, and their removals',
    sql: `
CREATE TABLE attachment (
  id TEXT PRIMARY KEY,
  owner_kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id),
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL CHECK (mime_type IN ('application/pdf','image/png','image/jpeg')),
  size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
  sha256 TEXT NOT NULL,
  content BLOB NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  removed_at TEXT,
  removed_by TEXT
) STRICT;
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id, created_at);
CREATE TABLE attachment_removal (
  id TEXT PRIMARY KEY,
  attachment_id TEXT NOT NULL REFERENCES attachment(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  user_id TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX attachment_removal_attachment ON attachment_removal(attachment_id);
`,
  },
  {
    version: 19,
    name: 'sync schema 8: returns (retursedel, retur, rekond) and returns to suppliers',
    sql: `
CREATE TABLE return_receipt (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  comment TEXT,
  aid_ids TEXT NOT NULL
) STRICT;
CREATE INDEX return_receipt_recipient ON return_receipt(recipient_id, at);
CREATE TABLE aid_return (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  receipt_id TEXT NOT NULL REFERENCES return_receipt(id),
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1))
) STRICT;
CREATE INDEX aid_return_recipient ON aid_return(recipient_id, at);
CREATE TABLE aid_return_line (
  id TEXT PRIMARY KEY,
  return_id TEXT NOT NULL REFERENCES aid_return(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  aid_id TEXT NOT NULL REFERENCES aid(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  outcome TEXT NOT NULL CHECK (outcome IN ('stock','scrap','deregister')),
  rekond TEXT NOT NULL CHECK (rekond IN ('none','pending','done')),
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1)),
  rekond_done_at TEXT,
  rekond_done_by TEXT
) STRICT;
CREATE INDEX aid_return_line_return ON aid_return_line(return_id);
CREATE INDEX aid_return_line_individual ON aid_return_line(individual_id) WHERE individual_id IS NOT NULL;
-- The technician's rekond list: what waits in the store.
CREATE INDEX aid_return_line_rekond ON aid_return_line(store_id, rekond) WHERE rekond = 'pending';
CREATE TABLE supplier_return (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store(id),
  individual_id TEXT NOT NULL REFERENCES individual(id),
  article_id TEXT NOT NULL REFERENCES article(id),
  supplier_id TEXT REFERENCES supplier(id),
  reference_person TEXT,
  information TEXT,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_return_individual ON supplier_return(individual_id);
`,
  },
  {
    version: 20,
    name: 'sync schema 9: pick-up orders (hämtorder), their aids and events; the region\'s pick-up reasons',
    sql: `
CREATE TABLE pickup_reason (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  performer TEXT NOT NULL,
  supplier_copy INTEGER NOT NULL CHECK (supplier_copy IN (0,1)),
  position INTEGER NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0,1))
) STRICT;
CREATE TABLE pickup_order (
  id TEXT PRIMARY KEY,
  order_no TEXT UNIQUE,
  provisional_no TEXT,
  store_id TEXT NOT NULL REFERENCES store(id),
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  reason_id TEXT NOT NULL REFERENCES pickup_reason(id),
  status TEXT NOT NULL CHECK (status IN ('registered','printed','closed','cancelled')),
  address TEXT,
  postal_code TEXT,
  city TEXT,
  phone TEXT NOT NULL,
  door_code TEXT,
  instructions TEXT,
  comment TEXT,
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1)),
  user_id TEXT,
  created_at TEXT NOT NULL,
  printed_at TEXT,
  closed_at TEXT
) STRICT;
CREATE INDEX pickup_order_store ON pickup_order(store_id, status, created_at);
CREATE INDEX pickup_order_recipient ON pickup_order(recipient_id);
CREATE INDEX pickup_order_provisional ON pickup_order(provisional_no);
CREATE TABLE pickup_order_line (
  id TEXT PRIMARY KEY,
  pickup_order_id TEXT NOT NULL REFERENCES pickup_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  line_no INTEGER NOT NULL,
  aid_id TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT,
  quantity INTEGER NOT NULL,
  UNIQUE (pickup_order_id, line_no)
) STRICT;
-- The one-open-pick-up-per-aid rule and the aids list's "Ja" look aids up here.
CREATE INDEX pickup_order_line_aid ON pickup_order_line(aid_id);
CREATE TABLE pickup_order_event (
  id TEXT PRIMARY KEY,
  pickup_order_id TEXT NOT NULL REFERENCES pickup_order(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  kind TEXT NOT NULL CHECK (kind IN ('printed','cancelled','closed')),
  document TEXT,
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX pickup_order_event_order ON pickup_order_event(pickup_order_id);
`,
  },
  {
    version: 21,
    name: 'sync schema 10: deviations and complaints (avvikelse / reklamation) and the aids they concern',
    sql: `
CREATE TABLE deviation (
  id TEXT PRIMARY KEY,
  deviation_no TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store(id),
  event_type TEXT NOT NULL CHECK (event_type IN ('negativeEvent','nearMiss','complaint')),
  category TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('registered','investigating','closed')),
  description TEXT NOT NULL,
  recipient_id TEXT REFERENCES recipient(id),
  delivery_deviation_id TEXT REFERENCES delivery_deviation(id),
  created_by TEXT,
  created_at TEXT NOT NULL,
  status_changed_at TEXT
) STRICT;
CREATE INDEX deviation_store ON deviation(store_id, status, created_at);
CREATE INDEX deviation_no ON deviation(deviation_no);
CREATE INDEX deviation_delivery ON deviation(delivery_deviation_id) WHERE delivery_deviation_id IS NOT NULL;
CREATE TABLE deviation_item (
  id TEXT PRIMARY KEY,
  deviation_id TEXT NOT NULL REFERENCES deviation(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  line_no INTEGER NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  individual_id TEXT,
  aid_id TEXT
) STRICT;
CREATE INDEX deviation_item_deviation ON deviation_item(deviation_id);
CREATE INDEX deviation_item_individual ON deviation_item(individual_id) WHERE individual_id IS NOT NULL;
`,
  },
  {
    version: 22,
    name: 'sync schema 11: activities / work orders (aktivitet, arbetsorder) and their reports',
    sql: `
CREATE TABLE activity (
  id TEXT PRIMARY KEY,
  activity_no TEXT UNIQUE,
  provisional_no TEXT,
  store_id TEXT NOT NULL REFERENCES store(id),
  kind TEXT NOT NULL CHECK (kind IN ('adjustment','repair','sparePartOrder','bufferRepair','specialAdjustment','consultantCase','followUp','fitting','transport')),
  priority TEXT NOT NULL CHECK (priority IN ('normal','high','urgent')),
  status TEXT NOT NULL CHECK (status IN ('registered','reported','closed')),
  recipient_id TEXT REFERENCES recipient(id),
  article_id TEXT REFERENCES article(id),
  individual_id TEXT,
  order_id TEXT REFERENCES customer_order(id),
  title TEXT NOT NULL CHECK (length(title) <= 70),
  requested_action TEXT NOT NULL CHECK (length(requested_action) <= 255),
  description TEXT CHECK (description IS NULL OR length(description) <= 255),
  address_type TEXT NOT NULL CHECK (address_type IN ('recipient','store','other')),
  address TEXT,
  postal_code TEXT,
  city TEXT,
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1)),
  created_at TEXT NOT NULL,
  user_id TEXT,
  closed_at TEXT,
  closed_by TEXT
) STRICT;
CREATE INDEX activity_store ON activity(store_id, status, created_at);
CREATE INDEX activity_recipient ON activity(recipient_id, created_at) WHERE recipient_id IS NOT NULL;
CREATE INDEX activity_individual ON activity(individual_id, created_at) WHERE individual_id IS NOT NULL;
CREATE INDEX activity_order ON activity(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX activity_provisional ON activity(provisional_no);
CREATE TABLE activity_report (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activity(id),
  store_id TEXT NOT NULL REFERENCES store(id),
  text TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes >= 0),
  parts TEXT NOT NULL,
  closed INTEGER NOT NULL CHECK (closed IN (0,1)),
  user_id TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX activity_report_activity ON activity_report(activity_id, at);
`,
  },
  {
    version: 23,
    name: 'sync schema 12: an aid of a cancelled order (makulerad, never delivered)',
    sql: `
ALTER TABLE aid ADD COLUMN cancelled_at TEXT;
UPDATE aid SET cancelled_at = (SELECT min(c.at) FROM order_cancellation c WHERE c.order_id = aid.order_id)
 WHERE delivered_at IS NULL AND quantity = 0 AND order_id IN (SELECT order_id FROM order_cancellation);
`,
  },
  {
    version: 24,
    name: 'sync schema 13: individual status rekond (a returned individual in rekond / rengöring); deviations by recipient',
    rebuildsTables: true,
    // SQLite's own procedure for a changed CHECK: a new table, the rows copied (seq kept, so the
    // external-content FTS index stays valid), the old one dropped (with its indexes and triggers),
    // the new one renamed, indexes and FTS triggers made again. Tables that refer to individual(id)
    // refer to it by name and are untouched. Individuals waiting for rekond (a pending return line)
    // had status inRepair before: they get the new status (central's migration does the same).
    sql: `
CREATE TABLE individual_new (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  individual_no TEXT NOT NULL UNIQUE,
  individual_no_rev TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES article(id),
  serial_no TEXT,
  purchase_date TEXT,
  acquisition_value_ore INTEGER CHECK (acquisition_value_ore IS NULL OR acquisition_value_ore >= 0),
  warranty_end TEXT,
  estimated_age_years INTEGER,
  status TEXT NOT NULL CHECK (status IN ('inStore','atRecipient','reserved','inRepair','rekond','scrapped','investigation')),
  store_id TEXT REFERENCES store(id),
  location TEXT
) STRICT;
INSERT INTO individual_new (seq, id, individual_no, individual_no_rev, article_id, serial_no, purchase_date, acquisition_value_ore, warranty_end, estimated_age_years, status, store_id, location)
  SELECT seq, id, individual_no, individual_no_rev, article_id, serial_no, purchase_date, acquisition_value_ore, warranty_end, estimated_age_years, status, store_id, location FROM individual;
DROP TABLE individual;
ALTER TABLE individual_new RENAME TO individual;
CREATE INDEX individual_no_rev ON individual(individual_no_rev);
CREATE INDEX individual_serial ON individual(serial_no COLLATE NOCASE);
CREATE INDEX individual_store_status ON individual(store_id, status, individual_no);
CREATE INDEX individual_article ON individual(article_id);
CREATE TRIGGER individual_fts_ai AFTER INSERT ON individual BEGIN
  INSERT INTO individual_fts(rowid, individual_no, serial_no) VALUES (new.seq, new.individual_no, new.serial_no);
END;
CREATE TRIGGER individual_fts_ad AFTER DELETE ON individual BEGIN
  INSERT INTO individual_fts(individual_fts, rowid, individual_no, serial_no) VALUES ('delete', old.seq, old.individual_no, old.serial_no);
END;
CREATE TRIGGER individual_fts_au AFTER UPDATE OF individual_no, serial_no ON individual BEGIN
  INSERT INTO individual_fts(individual_fts, rowid, individual_no, serial_no) VALUES ('delete', old.seq, old.individual_no, old.serial_no);
  INSERT INTO individual_fts(rowid, individual_no, serial_no) VALUES (new.seq, new.individual_no, new.serial_no);
END;
UPDATE individual SET status = 'rekond'
 WHERE status = 'inRepair' AND id IN (SELECT l.individual_id FROM aid_return_line l WHERE l.rekond = 'pending' AND l.store_id = individual.store_id);
-- The recipient card's Avvikelser tab.
CREATE INDEX deviation_recipient ON deviation(recipient_id, created_at) WHERE recipient_id IS NOT NULL;
`,
  },  {
    version: 25,
    name: 'sync schema 14: the region\'s settings (region_setting), pulled from central',
    sql: `
CREATE TABLE region_setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
`,
  },
  {
    version: 26,
    name: 'sync schema 15: a pick-up order without a reason (pickup_order.reason_id nullable; region setting pickupReasonRequired)',
    rebuildsTables: true,
    // SQLite cannot drop a NOT NULL: the table is rebuilt its own way (as migration 24), columns in
    // the same order, every row copied, the old table dropped, the new one renamed and its indexes
    // made again. pickup_order_line and pickup_order_event refer to pickup_order by name and are
    // untouched; pickup_order has no triggers.
    sql: `
CREATE TABLE pickup_order_new (
  id TEXT PRIMARY KEY,
  order_no TEXT UNIQUE,
  provisional_no TEXT,
  store_id TEXT NOT NULL REFERENCES store(id),
  recipient_id TEXT NOT NULL REFERENCES recipient(id),
  reason_id TEXT REFERENCES pickup_reason(id),
  status TEXT NOT NULL CHECK (status IN ('registered','printed','closed','cancelled')),
  address TEXT,
  postal_code TEXT,
  city TEXT,
  phone TEXT NOT NULL,
  door_code TEXT,
  instructions TEXT,
  comment TEXT,
  contact_prescriber INTEGER NOT NULL CHECK (contact_prescriber IN (0,1)),
  user_id TEXT,
  created_at TEXT NOT NULL,
  printed_at TEXT,
  closed_at TEXT
) STRICT;
INSERT INTO pickup_order_new (id, order_no, provisional_no, store_id, recipient_id, reason_id, status, address, postal_code, city, phone, door_code, instructions, comment, contact_prescriber, user_id, created_at, printed_at, closed_at)
  SELECT id, order_no, provisional_no, store_id, recipient_id, reason_id, status, address, postal_code, city, phone, door_code, instructions, comment, contact_prescriber, user_id, created_at, printed_at, closed_at FROM pickup_order;
DROP TABLE pickup_order;
ALTER TABLE pickup_order_new RENAME TO pickup_order;
CREATE INDEX pickup_order_store ON pickup_order(store_id, status, created_at);
CREATE INDEX pickup_order_recipient ON pickup_order(recipient_id);
CREATE INDEX pickup_order_provisional ON pickup_order(provisional_no);
`,
  },
];
