import { demoRegion, DEMO_OWN_STORE_ID, DEMO_WELCOME_MESSAGE, DEMO_PASSWORD, type DemoOptions } from '../../../shared/demo/generator';
import { DEFAULT_PICKUP_REASONS } from '../../../shared/domain/pickup-order/reasons';
import { DEFAULT_REGION_SETTINGS, REGION_SETTING_KEYS } from '../../../shared/domain/region-settings/settings';
import type { Db } from '../db/replica';
import { setSetting } from '../db/settings';
import { reverseNumber } from '../individual/repository';
import { makeVerifier, OfflineCredentials } from '../session/credentials';

export interface SeedProgress {
  phase: 'master' | 'articles' | 'individuals' | 'balances' | 'recipients' | 'index';
  rows: number;
}

export interface SeedResult {
  rows: number;
  ms: number;
}

const BATCH = 20_000;

/**
 * Fills an empty replica with the deterministic demo region. Runs in batches of one transaction
 * each; full-text indexes are filled by their triggers. Used on first start, by tests and by the
 * benchmark (`--articles 200000 --individuals 1000000`).
 */
export function seedDemoData(db: Db, options: DemoOptions = {}, onProgress?: (p: SeedProgress) => void): SeedResult {
  const started = performance.now();
  const region = demoRegion(options);
  // Bulk mode: fill the full-text indexes once at the end ('rebuild' is ~20× faster than the
  // per-row triggers); the triggers are restored from their own stored SQL.
  const ftsTriggers = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('article_fts_ai', 'individual_fts_ai')",
    )
    .all();
  for (const t of ftsTriggers) db.exec(`DROP TRIGGER ${t.name}`);
  const ownStoreId = DEMO_OWN_STORE_ID;
  let rows = 0;

  db.transaction(() => {
    const store = db.prepare('INSERT INTO store (id, name, kind, parent_store_id) VALUES (?, ?, ?, ?)');
    for (const s of region.stores) store.run(s.id, s.name, s.kind, s.parentStoreId);
    const sp = db.prepare('INSERT INTO service_point (id, name, store_id) VALUES (?, ?, ?)');
    for (const s of region.servicePoints) sp.run(s.id, s.name, s.storeId);
    const iso = db.prepare('INSERT INTO iso_class (code, name, parent_code) VALUES (?, ?, ?)');
    for (const c of region.isoClasses) iso.run(c.code, c.name, c.parentCode);
    const sup = db.prepare('INSERT INTO supplier (id, name) VALUES (?, ?)');
    for (const s of region.suppliers) sup.run(s.id, s.name);
    const reason = db.prepare('INSERT INTO pickup_reason (id, name, description, performer, supplier_copy, position, active) VALUES (?, ?, ?, ?, ?, ?, 1)');
    for (const r of DEFAULT_PICKUP_REASONS) reason.run(r.id, r.name, r.description, r.performer, r.supplierCopy ? 1 : 0, r.position);
    // The demo region states every setting with Buffert's defaults (as central's demo seed does).
    const setting = db.prepare("INSERT INTO region_setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, 'demo')");
    const settingsAt = new Date().toISOString();
    for (const k of REGION_SETTING_KEYS) setting.run(k, JSON.stringify(DEFAULT_REGION_SETTINGS[k]), settingsAt);
    const user = db.prepare('INSERT INTO app_user (id, hsa_id, name, roles) VALUES (?, ?, ?, ?)');
    const usp = db.prepare('INSERT INTO user_service_point (user_id, service_point_id) VALUES (?, ?)');
    for (const u of region.users) {
      user.run(u.id, u.hsaId, u.name, JSON.stringify(u.roles));
      for (const p of u.servicePointIds) usp.run(u.id, p);
    }
    // The demo users log in here with the demo password (no central has ever checked them). The
    // hash is cheap on purpose: the password is printed on the login screen anyway.
    const credentials = new OfflineCredentials(db);
    const verifier = makeVerifier(DEMO_PASSWORD, 10);
    const seededAt = new Date();
    for (const u of region.users) credentials.provision(u.id, 'password', DEMO_PASSWORD, seededAt, new Date(seededAt.getTime() + 3650 * 86400e3), verifier);
    rows += region.stores.length + region.servicePoints.length + region.isoClasses.length + region.suppliers.length + region.users.length + DEFAULT_PICKUP_REASONS.length;
    setSetting(db, 'ownStoreId', ownStoreId);
    setSetting(db, 'demoSeed', String(options.seed ?? 'default'));
  })();
  onProgress?.({ phase: 'master', rows });

  const insertArticle = db.prepare(`INSERT INTO article (id, article_no, name, product_name, article_type, article_status, unit,
    price_ore, tracked_individually, aid_category, iso_code, supplier_id, supplier_article_no, pack_size) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertGtin = db.prepare('INSERT INTO article_gtin (gtin, article_id) VALUES (?, ?)');
  rows += inBatches(db, region.articles(), (a) => {
    insertArticle.run(a.id, a.articleNo, a.name, a.productName, a.articleType, a.articleStatus, a.unit, a.priceOre,
      a.trackedIndividually ? 1 : 0, a.aidCategory, a.isoCode, a.supplierId, a.supplierArticleNo, a.packSize);
    for (const g of a.gtins) insertGtin.run(g, a.id);
  }, (n) => onProgress?.({ phase: 'articles', rows: n }));
  // Individmall, replacement groups and documents: the same rows as central's seed.
  const insertComponent = db.prepare('INSERT INTO article_component (article_id, component_article_id, kind, quantity, position) VALUES (?,?,?,?,?)');
  rows += inBatches(db, region.components(), (c) => insertComponent.run(c.articleId, c.componentArticleId, c.kind, c.quantity, c.position), () => {});
  const insertDocument = db.prepare('INSERT INTO article_document (id, article_id, name, kind, url) VALUES (?,?,?,?,?)');
  rows += inBatches(db, region.documents(), (d) => insertDocument.run(d.id, d.articleId, d.name, d.kind, d.url), () => {});
  db.transaction(() => {
    const group = db.prepare('INSERT INTO replacement_group (id, name) VALUES (?, ?)');
    const member = db.prepare('INSERT INTO replacement_group_article (article_id, group_id, rank) VALUES (?,?,?)');
    for (const g of region.replacementGroups()) {
      group.run(g.id, g.name);
      for (const m of g.members) member.run(m.articleId, g.id, m.rank);
      rows += 1 + g.members.length;
    }
  })();

  const at = region.now;
  const insertIndividual = db.prepare(`INSERT INTO individual (id, individual_no, individual_no_rev, article_id, serial_no,
    purchase_date, acquisition_value_ore, warranty_end, estimated_age_years, status, store_id, location)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertMovement = db.prepare(`INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, reference, user_id, at)
    VALUES (?,?,?,?,?,?,?,?,?)`);
  const articleNoOf = db.prepare<[string], { article_no: string }>('SELECT article_no FROM article WHERE id = ?');
  const bumpBalance = db.prepare(`INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved) VALUES (?,?,?,?,?)
    ON CONFLICT (store_id, article_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand, reserved = reserved + excluded.reserved`);
  let movementNo = 0;
  rows += inBatches(db, region.individuals(), (ind) => {
    insertIndividual.run(ind.id, ind.individualNo, reverseNumber(ind.individualNo), ind.articleId, ind.serialNo, ind.purchaseDate,
      ind.acquisitionValueOre, ind.warrantyEnd, ind.estimatedAgeYears, ind.status, ind.storeId, ind.location);
    if (ind.storeId !== null && (ind.status === 'inStore' || ind.status === 'reserved')) {
      insertMovement.run(`M-demo-${++movementNo}`, ind.storeId, ind.articleId, ind.id, 1, 'initial', 'Ingående saldo', null, at);
      const articleNo = articleNoOf.get(ind.articleId)!.article_no;
      bumpBalance.run(ind.storeId, ind.articleId, articleNo, 1, ind.status === 'reserved' ? 1 : 0);
    }
  }, (n) => onProgress?.({ phase: 'individuals', rows: n }));

  rows += inBatches(db, region.openingBalances(), (b) => {
    insertMovement.run(`M-demo-${++movementNo}`, b.storeId, b.articleId, null, b.quantity, 'initial', 'Ingående saldo', null, at);
    bumpBalance.run(b.storeId, b.articleId, b.articleNo, b.quantity, 0);
  }, (n) => onProgress?.({ phase: 'balances', rows: n }));
  // The buffer store's min/max levels (the replenishment suggestion), the same rows as central's seed.
  db.transaction(() => {
    const level = db.prepare('INSERT INTO stock_level (id, store_id, article_id, min_level, max_level, updated_at, user_id) VALUES (?,?,?,?,?,?,NULL)');
    for (const l of region.replenishment().levels) level.run(l.id, l.storeId, l.articleId, l.minLevel, l.maxLevel, at);
    rows += region.replenishment().levels.length;
  })();

  const insertRecipient = db.prepare(`INSERT INTO recipient (id, kind, personal_number, care_unit_code, name, address, postal_code, city, phone)
    VALUES (?,?,?,?,?,?,?,?,?)`);
  rows += inBatches(db, region.recipients(), (r) => {
    insertRecipient.run(r.id, r.kind, r.personalNumber, r.careUnitCode, r.name, r.address, r.postalCode, r.city, r.phone);
  }, (n) => onProgress?.({ phase: 'recipients', rows: n }));
  const insertAid = db.prepare(`INSERT INTO aid (id, recipient_id, article_id, individual_id, ordered_quantity, quantity, store_id, prescribed, ordered_at, delivered_at, returned_at)
    VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
  rows += inBatches(db, region.aids(), (a) => {
    insertAid.run(a.id, a.recipientId, a.articleId, a.individualId, a.orderedQuantity, a.quantity, a.storeId, a.prescribed ? 1 : 0, a.orderedAt, a.deliveredAt, a.returnedAt);
  }, (n) => onProgress?.({ phase: 'recipients', rows: n }));

  // The colleague prescriber's loan baskets (one open, one overdue), the same rows as central's seed.
  db.transaction(() => {
    const basket = db.prepare("INSERT INTO loan_basket (id, store_id, prescriber_id, created_by, created_at, due_date, status, closed_at) VALUES (?, ?, ?, ?, ?, ?, 'open', NULL)");
    const line = db.prepare(`INSERT INTO loan_basket_line (id, basket_id, store_id, line_no, article_id, individual_id, quantity, status, recipient_id, aid_id, handled_at, handled_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'lent', NULL, NULL, NULL, NULL)`);
    for (const b of region.loanBaskets(new Date())) {
      basket.run(b.id, ownStoreId, b.prescriberId, b.prescriberId, b.createdAt, b.dueDate);
      for (const l of b.lines) line.run(l.id, b.id, ownStoreId, l.lineNo, l.articleId, l.individualId, l.quantity);
      rows += 1 + b.lines.length;
    }
  })();
  db.prepare("INSERT INTO message (id, store_id, user_id, kind, order_id, text, at) VALUES (?, ?, NULL, 'notice', NULL, ?, ?)").run(
    DEMO_WELCOME_MESSAGE.id, DEMO_WELCOME_MESSAGE.storeId, DEMO_WELCOME_MESSAGE.text, at,
  );
  db.transaction(() => {
    db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild'); INSERT INTO individual_fts(individual_fts) VALUES ('rebuild');");
    for (const t of ftsTriggers) db.exec(t.sql);
  })();
  db.exec('ANALYZE');
  onProgress?.({ phase: 'index', rows });
  return { rows, ms: performance.now() - started };
}

function inBatches<T>(db: Db, source: Iterable<T>, write: (row: T) => void, progress: (n: number) => void): number {
  let n = 0;
  let batch: T[] = [];
  const flush = db.transaction((items: T[]) => {
    for (const item of items) write(item);
  });
  for (const row of source) {
    batch.push(row);
    if (batch.length === BATCH) {
      flush(batch);
      n += batch.length;
      batch = [];
      progress(n);
    }
  }
  if (batch.length > 0) {
    flush(batch);
    n += batch.length;
    progress(n);
  }
  return n;
}
