/**
 * The one spec of the replicated tables: key, columns with their types, scope and parents. The
 * workstation's pull writer and mutation interpreter, the server's change feed and mutation
 * interpreter, and the migrations' parity test (tests/integration/schema-parity.test.ts) all read
 * it, so the two databases cannot drift apart unnoticed.
 *
 * Column types are the wire types of a pulled row: `text`, `integer` (money in öre, counts),
 * `boolean` (0/1 on the wire and in SQLite, boolean in PostgreSQL), `json` (text holding JSON on
 * the wire and in SQLite; `app_user.roles` is text[] in PostgreSQL), `blob` (bytes: base64 text on
 * the wire and in effects, BLOB in SQLite, bytea in PostgreSQL; written once by an insert, never
 * updated — docs/decisions/0027-attachments.md). A trailing `?` = nullable.
 */

export type ColumnType = 'text' | 'integer' | 'boolean' | 'json' | 'blob';
export type ColumnSpec = ColumnType | `${ColumnType}?`;

export interface ReplicatedTableSpec {
  /** Primary key columns; a change's `id` is their values joined with "|". */
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** 'region': every workstation of the region gets the row; 'store': only the stores it belongs to. */
  readonly scope: 'region' | 'store';
  /** Rows this table refers to (the feed brings parents first). */
  readonly parents: readonly { readonly column: string; readonly table: string }[];
  /** Unique columns besides the key (a pulled row that takes a value moves the old holder aside). */
  readonly unique?: readonly { readonly column: string; readonly nullable: boolean }[];
  /** An append-only ledger: a row is written once and never updated (a pulled copy never overwrites it). */
  readonly appendOnly?: boolean;
  /** Columns derived from another column on each side (never sent): `individual_no_rev` = reverse(individual_no). */
  readonly reversed?: { readonly column: string; readonly from: string };
}

/**
 * In dependency order: a table comes after the tables it refers to (the feed's and a page's order).
 * Adding a table: add it here, in both migrations (electron/backend/db/migrations.ts,
 * server/db/migrations.ts), give it a scope rule in server/sync/tables.ts, bump SCHEMA_VERSION.
 */
export const TABLE_SPECS = {
  store: {
    key: ['id'],
    columns: { id: 'text', name: 'text', kind: 'text', parent_store_id: 'text?' },
    scope: 'region',
    parents: [{ column: 'parent_store_id', table: 'store' }],
  },
  service_point: {
    key: ['id'],
    columns: { id: 'text', name: 'text', store_id: 'text' },
    scope: 'region',
    parents: [{ column: 'store_id', table: 'store' }],
  },
  iso_class: {
    key: ['code'],
    columns: { code: 'text', name: 'text', parent_code: 'text?' },
    scope: 'region',
    parents: [{ column: 'parent_code', table: 'iso_class' }],
  },
  supplier: {
    key: ['id'],
    columns: { id: 'text', name: 'text' },
    scope: 'region',
    parents: [],
  },
  article: {
    key: ['id'],
    columns: {
      id: 'text',
      article_no: 'text',
      name: 'text',
      product_name: 'text?',
      article_type: 'text',
      article_status: 'text',
      unit: 'text',
      price_ore: 'integer',
      tracked_individually: 'boolean',
      aid_category: 'text',
      iso_code: 'text',
      supplier_id: 'text?',
      supplier_article_no: 'text?',
      // Antal per förpackning (schema 6): how many units one ordered unit holds.
      pack_size: 'integer',
    },
    scope: 'region',
    parents: [
      { column: 'iso_code', table: 'iso_class' },
      { column: 'supplier_id', table: 'supplier' },
    ],
    unique: [{ column: 'article_no', nullable: false }],
  },
  article_gtin: {
    key: ['gtin'],
    columns: { gtin: 'text', article_id: 'text' },
    scope: 'region',
    parents: [{ column: 'article_id', table: 'article' }],
  },
  /**
   * The article's individmall (schema 6): components proposed with a main aid. `kind` 'standard'
   * (standardkomponent: proposed ticked) or 'other' (övrig komponent: offered, not ticked);
   * `position` orders them on the article page and the order line.
   */
  article_component: {
    key: ['article_id', 'component_article_id'],
    columns: { article_id: 'text', component_article_id: 'text', kind: 'text', quantity: 'integer', position: 'integer' },
    scope: 'region',
    parents: [
      { column: 'article_id', table: 'article' },
      { column: 'component_article_id', table: 'article' },
    ],
  },
  /** An ersättningsgrupp (schema 6): equivalent articles, ranked (replacement_group_article). */
  replacement_group: {
    key: ['id'],
    columns: { id: 'text', name: 'text' },
    scope: 'region',
    parents: [],
  },
  /** An article's place in its replacement group: an article is in at most one; rank 1 is proposed first. */
  replacement_group_article: {
    key: ['article_id'],
    columns: { article_id: 'text', group_id: 'text', rank: 'integer' },
    scope: 'region',
    parents: [
      { column: 'article_id', table: 'article' },
      { column: 'group_id', table: 'replacement_group' },
    ],
  },
  /** A document the supplier published for an article (Dokument tab): its name and where it is. */
  article_document: {
    key: ['id'],
    columns: { id: 'text', article_id: 'text', name: 'text', kind: 'text', url: 'text' },
    scope: 'region',
    parents: [{ column: 'article_id', table: 'article' }],
  },
  app_user: {
    key: ['id'],
    columns: { id: 'text', hsa_id: 'text', name: 'text', roles: 'json', active: 'boolean' },
    scope: 'store',
    parents: [],
    unique: [{ column: 'hsa_id', nullable: false }],
  },
  user_service_point: {
    key: ['user_id', 'service_point_id'],
    columns: { user_id: 'text', service_point_id: 'text' },
    scope: 'store',
    parents: [
      { column: 'user_id', table: 'app_user' },
      { column: 'service_point_id', table: 'service_point' },
    ],
  },
  recipient: {
    key: ['id'],
    columns: {
      id: 'text',
      kind: 'text',
      personal_number: 'text?',
      care_unit_code: 'text?',
      name: 'text',
      address: 'text?',
      postal_code: 'text?',
      city: 'text?',
      phone: 'text?',
      door_code: 'text?',
      delivery_instructions: 'text?',
      // "Förskrivare ska kontaktas" (smitta-knapp): follows the recipient; an order may override it.
      contact_prescriber: 'boolean',
    },
    scope: 'store',
    parents: [],
    unique: [
      { column: 'personal_number', nullable: true },
      { column: 'care_unit_code', nullable: true },
    ],
  },
  individual: {
    key: ['id'],
    columns: {
      id: 'text',
      individual_no: 'text',
      article_id: 'text',
      serial_no: 'text?',
      purchase_date: 'text?',
      acquisition_value_ore: 'integer?',
      warranty_end: 'text?',
      estimated_age_years: 'integer?',
      status: 'text',
      store_id: 'text?',
      location: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'article_id', table: 'article' },
      { column: 'store_id', table: 'store' },
    ],
    unique: [{ column: 'individual_no', nullable: false }],
    reversed: { column: 'individual_no_rev', from: 'individual_no' },
  },
  individual_text: {
    key: ['id'],
    columns: { id: 'text', individual_id: 'text', at: 'text', user_id: 'text?', text: 'text' },
    scope: 'store',
    parents: [{ column: 'individual_id', table: 'individual' }],
  },
  stock_movement: {
    key: ['id'],
    columns: {
      id: 'text',
      store_id: 'text',
      article_id: 'text',
      individual_id: 'text?',
      quantity: 'integer',
      reason: 'text',
      reference: 'text?',
      note: 'text?',
      user_id: 'text?',
      at: 'text',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'article_id', table: 'article' },
      { column: 'individual_id', table: 'individual' },
    ],
    appendOnly: true,
  },
  stock_balance: {
    key: ['store_id', 'article_id'],
    columns: { store_id: 'text', article_id: 'text', article_no: 'text', on_hand: 'integer', reserved: 'integer' },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'article_id', table: 'article' },
    ],
  },
  /**
   * Min and max level of an article in a store (the replenishment suggestion), set by a store admin.
   * A row per setting, never changed: the level in force is the latest (updated_at, then id), so two
   * workstations setting it offline both keep their history and agree on the result.
   */
  stock_level: {
    key: ['id'],
    columns: { id: 'text', store_id: 'text', article_id: 'text', min_level: 'integer', max_level: 'integer', updated_at: 'text', user_id: 'text?' },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'article_id', table: 'article' },
    ],
    appendOnly: true,
  },
  /**
   * A version of a store's order template (beställningsmall); `template_id` is the template, the
   * latest version is in force (a deleted one hides it). `lines` is JSON text [{ articleId, quantity }].
   */
  order_template: {
    key: ['id'],
    columns: {
      id: 'text',
      template_id: 'text',
      store_id: 'text',
      name: 'text',
      lines: 'text',
      deleted: 'boolean',
      updated_at: 'text',
      user_id: 'text?',
    },
    scope: 'store',
    parents: [{ column: 'store_id', table: 'store' }],
    appendOnly: true,
  },
  /**
   * Any order (kundorder). The id is chosen where the order is made (a workstation's UUID, or the
   * case number itself for orders made centrally before schema 3); `order_no` is the central case
   * number (YYWWNNNN), null until central has the order; `provisional_no` is the number an order
   * made offline is known by until then, and stays searchable.
   */
  customer_order: {
    key: ['id'],
    columns: {
      id: 'text',
      order_no: 'text?',
      provisional_no: 'text?',
      kind: 'text',
      store_id: 'text',
      from_store_id: 'text',
      supplier_id: 'text?',
      status: 'text',
      delivery_date: 'text?',
      created_at: 'text',
      user_id: 'text?',
      shipped_at: 'text?',
      // Orders to a patient or a care unit (schema 5): whom, and the service point ordering.
      recipient_id: 'text?',
      service_point_id: 'text?',
      // The header of an order to a recipient (schema 6): JSON text of shared/domain/order
      // OrderHeader (delivery address, phone, door code, instructions, joint delivery, contact
      // person, other information, contact-prescriber flag, MANUELL comment, no alternatives).
      details: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'from_store_id', table: 'store' },
      { column: 'supplier_id', table: 'supplier' },
      { column: 'recipient_id', table: 'recipient' },
      { column: 'service_point_id', table: 'service_point' },
    ],
    unique: [{ column: 'order_no', nullable: true }],
  },
  /** An order to a supplier (inköpsorder), made centrally from an order's lines routed via store 800. */
  purchase_order: {
    key: ['id'],
    columns: {
      id: 'text',
      purchase_order_no: 'text',
      order_id: 'text',
      store_id: 'text',
      supplier_id: 'text?',
      status: 'text',
      created_at: 'text',
      delivered_at: 'text?',
      closed_at: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'order_id', table: 'customer_order' },
      { column: 'store_id', table: 'store' },
      { column: 'supplier_id', table: 'supplier' },
    ],
    unique: [{ column: 'purchase_order_no', nullable: false }],
  },
  customer_order_line: {
    key: ['order_id', 'line_no'],
    // individual_id is no parent: before shipping, the individual belongs to the sending store.
    columns: {
      order_id: 'text',
      line_no: 'integer',
      article_id: 'text',
      quantity: 'integer',
      individual_id: 'text?',
      status: 'text',
      route: 'text?',
      purchase_order_id: 'text?',
      price_ore: 'integer',
      // Orders to a recipient (schema 6): the payer (5 digits) and the line's additional text.
      payer_id: 'text?',
      note: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'order_id', table: 'customer_order' },
      { column: 'article_id', table: 'article' },
      { column: 'purchase_order_id', table: 'purchase_order' },
    ],
  },
  /**
   * An aid (hjälpmedel) a recipient holds or has been given: the recipient's aids list. One row per
   * order line (or per individual); `ordered_quantity` is what was ordered, `quantity` what was
   * delivered: 0 and no `delivered_at` = ordered, not yet delivered (the manual's rule). Returns
   * (issue 12) set `returned_at`. `store_id` is the store whose order it came with (the row's scope);
   * `prescribed`: a prescription (förskrivning) rather than an order for a care unit.
   * `individual_id` is no parent: an individual sent from the central store may not be in this store.
   */
  aid: {
    key: ['id'],
    columns: {
      id: 'text',
      recipient_id: 'text',
      article_id: 'text',
      individual_id: 'text?',
      ordered_quantity: 'integer',
      quantity: 'integer',
      store_id: 'text',
      order_id: 'text?',
      line_no: 'integer?',
      prescribed: 'boolean',
      user_id: 'text?',
      ordered_at: 'text',
      delivered_at: 'text?',
      returned_at: 'text?',
      /** Its order was cancelled (makulerad) before it was delivered: struck on the list, no open order. */
      cancelled_at: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'recipient_id', table: 'recipient' },
      { column: 'article_id', table: 'article' },
      { column: 'store_id', table: 'store' },
      { column: 'order_id', table: 'customer_order' },
    ],
  },
  /**
   * A change of a recipient made at a store (schema 6): their contact fields edited on the card
   * (`contact`: phone, door code, delivery instructions, the contact-prescriber flag, as they were
   * saved), or the person taken into the store from the population register (`adopt`). The
   * recipient's history, and the mutation's own row (its marker).
   */
  recipient_change: {
    key: ['id'],
    columns: {
      id: 'text',
      recipient_id: 'text',
      store_id: 'text',
      kind: 'text',
      user_id: 'text',
      at: 'text',
      phone: 'text?',
      door_code: 'text?',
      delivery_instructions: 'text?',
      contact_prescriber: 'boolean',
    },
    scope: 'store',
    parents: [
      { column: 'recipient_id', table: 'recipient' },
      { column: 'store_id', table: 'store' },
    ],
  },
  /**
   * The confirmation of a delivery (kvittens, the sakattest the invoice is matched against) or its
   * cancellation (makulering). `lines` is what was confirmed: [{ lineNo, quantity, priceOre,
   * individuals: [{ id, individualNo, serialNo }] }] as JSON text.
   */
  goods_receipt: {
    key: ['id'],
    columns: {
      id: 'text',
      purchase_order_id: 'text',
      store_id: 'text',
      outcome: 'text',
      user_id: 'text?',
      at: 'text',
      total_ore: 'integer',
      reason: 'text?',
      lines: 'text',
    },
    scope: 'store',
    parents: [
      { column: 'purchase_order_id', table: 'purchase_order' },
      { column: 'store_id', table: 'store' },
    ],
    appendOnly: true,
  },
  /**
   * A difference the store found when it checked a delivery from the central store (which arrives
   * confirmed): reported to central as a deviation (avvikelse). `lines` is JSON text
   * [{ articleId, expected, counted }].
   */
  delivery_deviation: {
    key: ['id'],
    columns: { id: 'text', order_id: 'text', store_id: 'text', user_id: 'text?', at: 'text', text: 'text', lines: 'text' },
    scope: 'store',
    parents: [
      { column: 'order_id', table: 'customer_order' },
      { column: 'store_id', table: 'store' },
    ],
    appendOnly: true,
  },
  /**
   * A stocktake (inventering) of a store. `scope` is JSON text { isoCodes, articleTypes, locations }
   * (empty lists: all); `zones` JSON text [{ id, name, locations }]. A stocktake created while an
   * overlapping one was already counting is `joined` into it (`joined_id`): its counts count there.
   */
  stocktake: {
    key: ['id'],
    columns: {
      id: 'text',
      store_id: 'text',
      name: 'text',
      scope: 'text',
      zones: 'text',
      blind: 'boolean',
      status: 'text',
      joined_id: 'text?',
      created_at: 'text',
      user_id: 'text?',
      approved_at: 'text?',
      approved_by: 'text?',
    },
    scope: 'store',
    parents: [{ column: 'store_id', table: 'store' }],
  },
  /**
   * One count event of a stocktake, written once (shared/model STOCKTAKE_COUNT_KINDS). `code` is the
   * individual number as scanned; `individual_id` the individual it was at the scan (none: unknown
   * then); neither is a parent, as a wrong-place individual belongs to another store.
   */
  stocktake_count: {
    key: ['id'],
    columns: {
      id: 'text',
      stocktake_id: 'text',
      store_id: 'text',
      zone_id: 'text?',
      kind: 'text',
      article_id: 'text?',
      individual_id: 'text?',
      code: 'text?',
      quantity: 'integer',
      source: 'text',
      client_id: 'text',
      workstation: 'text',
      user_id: 'text?',
      at: 'text',
    },
    scope: 'store',
    parents: [
      { column: 'stocktake_id', table: 'stocktake' },
      { column: 'article_id', table: 'article' },
    ],
    appendOnly: true,
  },
  /** A zone of a stocktake handed to a workstation; the latest hand-over of a zone is in force. */
  stocktake_zone_assignment: {
    key: ['id'],
    columns: { id: 'text', stocktake_id: 'text', store_id: 'text', zone_id: 'text', client_id: 'text', workstation: 'text', user_id: 'text?', at: 'text' },
    scope: 'store',
    parents: [{ column: 'stocktake_id', table: 'stocktake' }],
    appendOnly: true,
  },
  /** The approval of a stocktake: what it adjusted (JSON text summary), once. */
  stocktake_approval: {
    key: ['id'],
    columns: { id: 'text', stocktake_id: 'text', store_id: 'text', user_id: 'text?', at: 'text', uncounted: 'text', counts: 'integer', summary: 'text' },
    scope: 'store',
    parents: [{ column: 'stocktake_id', table: 'stocktake' }],
    appendOnly: true,
  },
  /** A block of individual numbers central gave one workstation, so numbers taken offline never collide. */
  individual_no_block: {
    key: ['id'],
    columns: { id: 'text', client_id: 'text', store_id: 'text', first_no: 'integer', last_no: 'integer', allocated_at: 'text' },
    scope: 'store',
    parents: [{ column: 'store_id', table: 'store' }],
  },
  /** The cancellation (makulering) of a whole order: who cancelled it, when (shared/domain/order/cancel.ts). */
  order_cancellation: {
    key: ['id'],
    columns: { id: 'text', order_id: 'text', store_id: 'text', user_id: 'text?', at: 'text' },
    scope: 'store',
    parents: [
      { column: 'order_id', table: 'customer_order' },
      { column: 'store_id', table: 'store' },
    ],
    appendOnly: true,
  },
  /** A pick list (plocklista) printed for an order, or central starting to pick it: the order is För plock (shared/domain/order/picking.ts). */
  order_pick_list: {
    key: ['id'],
    columns: { id: 'text', order_id: 'text', store_id: 'text', user_id: 'text?', at: 'text' },
    scope: 'store',
    parents: [
      { column: 'order_id', table: 'customer_order' },
      { column: 'store_id', table: 'store' },
    ],
    appendOnly: true,
  },
  /**
   * A loan basket (varukorg, manual 001 "Lån av hjälpmedel"): aids a prescriber borrows from the own
   * store for at most 5 working days (`due_date`), reserved on them; each line is then prescribed to
   * a patient or returned (shared/domain/loan-basket). `closed_at`: every line handled.
   */
  loan_basket: {
    key: ['id'],
    columns: { id: 'text', store_id: 'text', prescriber_id: 'text', created_by: 'text?', created_at: 'text', due_date: 'text', status: 'text', closed_at: 'text?' },
    scope: 'store',
    parents: [{ column: 'store_id', table: 'store' }],
  },
  /** A line of a loan basket: an article (and its individual when tracked), lent → prescribed / returned. */
  loan_basket_line: {
    key: ['id'],
    columns: {
      id: 'text',
      basket_id: 'text',
      store_id: 'text',
      line_no: 'integer',
      article_id: 'text',
      individual_id: 'text?',
      quantity: 'integer',
      status: 'text',
      recipient_id: 'text?',
      aid_id: 'text?',
      handled_at: 'text?',
      handled_by: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'basket_id', table: 'loan_basket' },
      { column: 'article_id', table: 'article' },
    ],
  },
  /** Who prescribed or returned a basket's line, when (a colleague may handle someone's basket); written once. */
  loan_basket_event: {
    key: ['id'],
    columns: { id: 'text', basket_id: 'text', line_id: 'text', store_id: 'text', action: 'text', recipient_id: 'text?', user_id: 'text', at: 'text' },
    scope: 'store',
    parents: [{ column: 'basket_id', table: 'loan_basket' }],
    appendOnly: true,
  },
  /**
   * A message (meddelande) central sends a store (shared/domain/message): a delivery date moved, an
   * order shipped or delivered, a work order closed. `user_id` is the person it is for (the one
   * who placed the order); null = everyone working in the store. Written once, by central.
   */
  message: {
    key: ['id'],
    columns: { id: 'text', store_id: 'text', user_id: 'text?', kind: 'text', order_id: 'text?', text: 'text', at: 'text' },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'order_id', table: 'customer_order' },
    ],
    appendOnly: true,
  },
  /**
   * A person's mark on a message: `read` or `deleted` (hidden from their inbox). Per person, so a
   * message to the whole store is unread for each colleague until they read it; written once.
   */
  message_mark: {
    key: ['id'],
    columns: { id: 'text', message_id: 'text', store_id: 'text', user_id: 'text', mark: 'text', at: 'text' },
    scope: 'store',
    parents: [{ column: 'message_id', table: 'message' }],
    appendOnly: true,
  },
  /**
   * The region's pick-up reasons (hämtorderorsaker, shared/domain/pickup-order/reasons.ts): a list
   * central owns. `supplier_copy`: a supplier fetches the aids and gets a copy without personal data.
   */
  pickup_reason: {
    key: ['id'],
    columns: { id: 'text', name: 'text', description: 'text', performer: 'text', supplier_copy: 'boolean', position: 'integer', active: 'boolean' },
    scope: 'region',
    parents: [],
  },
  /**
   * The region's settings (shared/domain/region-settings): one row per key, `value` the setting as
   * JSON (jsonb centrally), validated by its key's schema when read. Central owns them.
   */
  region_setting: {
    key: ['key'],
    columns: { key: 'text', value: 'json', updated_at: 'text', updated_by: 'text?' },
    scope: 'region',
    parents: [],
  },
  /**
   * A pick-up order (hämtorder, shared/domain/pickup-order): `order_no` is central's number
   * (YYWWNNNN, the customer orders' series), null until central has it; `provisional_no` the
   * workstation's until then. `address`, `postal_code`, `city`: an address for this pick-up only
   * (null: the recipient's). Status registered → printed (Utskriven) → closed (Stängd, by central),
   * or cancelled (Makulerad); `closed_at` is when it was closed or cancelled.
   */
  pickup_order: {
    key: ['id'],
    columns: {
      id: 'text',
      order_no: 'text?',
      provisional_no: 'text?',
      store_id: 'text',
      recipient_id: 'text',
      reason_id: 'text?',
      status: 'text',
      address: 'text?',
      postal_code: 'text?',
      city: 'text?',
      phone: 'text',
      door_code: 'text?',
      instructions: 'text?',
      comment: 'text?',
      contact_prescriber: 'boolean',
      user_id: 'text?',
      created_at: 'text',
      printed_at: 'text?',
      closed_at: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'recipient_id', table: 'recipient' },
      { column: 'reason_id', table: 'pickup_reason' },
    ],
    unique: [{ column: 'order_no', nullable: true }],
  },
  /** An aid of the recipient's list a pick-up fetches. `aid_id` is no parent (the aids list is the orders' table). */
  pickup_order_line: {
    key: ['id'],
    columns: { id: 'text', pickup_order_id: 'text', store_id: 'text', line_no: 'integer', aid_id: 'text', article_id: 'text', individual_id: 'text?', quantity: 'integer' },
    scope: 'store',
    parents: [
      { column: 'pickup_order_id', table: 'pickup_order' },
      { column: 'article_id', table: 'article' },
    ],
  },
  /** What happened to a pick-up and who did it: printed (`document`: the order or the supplier copy), cancelled, closed; written once. */
  pickup_order_event: {
    key: ['id'],
    columns: { id: 'text', pickup_order_id: 'text', store_id: 'text', kind: 'text', document: 'text?', user_id: 'text?', at: 'text' },
    scope: 'store',
    parents: [{ column: 'pickup_order_id', table: 'pickup_order' }],
    appendOnly: true,
  },
  /**
   * A deviation or complaint (avvikelse / reklamation, shared/domain/deviation): event type,
   * category, description, optionally the recipient or the goods-receipt difference it reports;
   * `status` registered → investigating → closed, set by central (`status_changed_at`).
   */
  deviation: {
    key: ['id'],
    columns: {
      id: 'text',
      deviation_no: 'text',
      store_id: 'text',
      event_type: 'text',
      category: 'text',
      status: 'text',
      description: 'text',
      recipient_id: 'text?',
      delivery_deviation_id: 'text?',
      created_by: 'text?',
      created_at: 'text',
      status_changed_at: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'recipient_id', table: 'recipient' },
      { column: 'delivery_deviation_id', table: 'delivery_deviation' },
    ],
  },
  /** An aid a deviation concerns: an article, its individual when known, the recipient's aid row. Written once. */
  deviation_item: {
    key: ['id'],
    // individual_id and aid_id are no parents: the individual may have left the store since.
    columns: { id: 'text', deviation_id: 'text', store_id: 'text', line_no: 'integer', article_id: 'text', individual_id: 'text?', aid_id: 'text?' },
    scope: 'store',
    parents: [
      { column: 'deviation_id', table: 'deviation' },
      { column: 'article_id', table: 'article' },
    ],
    appendOnly: true,
  },
  /**
   * A file attached to an order, an activity or a deviation (bilaga; shared/domain/attachment):
   * PDF, PNG or JPEG, at most 10 MiB, its type checked by its first bytes. `owner_kind` names the
   * owner's table (an enum of shared/domain/attachment that features extend), `store_id` is the
   * owner's store (the row's scope). `content` is the file itself; `removed_at`: taken away by its
   * author while the owner was open (the row and its bytes stay, hidden from the lists).
   */
  attachment: {
    key: ['id'],
    columns: {
      id: 'text',
      owner_kind: 'text',
      owner_id: 'text',
      store_id: 'text',
      file_name: 'text',
      mime_type: 'text',
      size_bytes: 'integer',
      sha256: 'text',
      content: 'blob',
      created_by: 'text?',
      created_at: 'text',
      removed_at: 'text?',
      removed_by: 'text?',
    },
    scope: 'store',
    parents: [{ column: 'store_id', table: 'store' }],
  },
  /** Who took an attachment away, when (the remove mutation's own row); written once. */
  attachment_removal: {
    key: ['id'],
    columns: { id: 'text', attachment_id: 'text', store_id: 'text', user_id: 'text', at: 'text' },
    scope: 'store',
    parents: [{ column: 'attachment_id', table: 'attachment' }],
    appendOnly: true,
  },
  /**
   * A retursedel (return receipt, manual 003): the recipient's receipt of the aids taken back,
   * created before the return (shared/domain/return). `aid_ids` is JSON text of the aid ids it lists.
   */
  return_receipt: {
    key: ['id'],
    columns: { id: 'text', store_id: 'text', recipient_id: 'text', user_id: 'text', at: 'text', comment: 'text?', aid_ids: 'text' },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'recipient_id', table: 'recipient' },
    ],
    appendOnly: true,
  },
  /** A return (retur av hjälpmedel) from a recipient into a store, made with its retursedel; written once. */
  aid_return: {
    key: ['id'],
    columns: { id: 'text', store_id: 'text', recipient_id: 'text', receipt_id: 'text', user_id: 'text', at: 'text', contact_prescriber: 'boolean' },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'recipient_id', table: 'recipient' },
      { column: 'receipt_id', table: 'return_receipt' },
    ],
    appendOnly: true,
  },
  /**
   * A returned aid: `outcome` stock / scrap / deregister (a sale article); `rekond` none / pending /
   * done (an individual passes rekond / rengöring before it is available, a region setting), with the
   * contact-prescriber flag for the technician. `individual_id` is no parent (as on `aid`).
   */
  aid_return_line: {
    key: ['id'],
    columns: {
      id: 'text',
      return_id: 'text',
      store_id: 'text',
      aid_id: 'text',
      article_id: 'text',
      individual_id: 'text?',
      quantity: 'integer',
      outcome: 'text',
      rekond: 'text',
      contact_prescriber: 'boolean',
      rekond_done_at: 'text?',
      rekond_done_by: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'return_id', table: 'aid_return' },
      { column: 'aid_id', table: 'aid' },
      { column: 'article_id', table: 'article' },
    ],
  },
  /** Retur till leverantör / kreditering (manual 000 §2.4): an individual sent back to its supplier; written once. */
  supplier_return: {
    key: ['id'],
    columns: {
      id: 'text',
      store_id: 'text',
      individual_id: 'text',
      article_id: 'text',
      supplier_id: 'text?',
      reference_person: 'text?',
      information: 'text?',
      user_id: 'text',
      at: 'text',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'individual_id', table: 'individual' },
      { column: 'article_id', table: 'article' },
      { column: 'supplier_id', table: 'supplier' },
    ],
    appendOnly: true,
  },
  /**
   * An activity / work order (aktivitet, arbetsorder; shared/domain/activity): its type, priority,
   * the aid or individual, the recipient, a linked customer order (not handed out before the
   * activity is closed), the requested action and the address. `activity_no` is central's number
   * (YYWWNNNN, the order series), null until central has it; `provisional_no` the number it is known
   * by until then. `individual_id` is no parent (an individual at a recipient may be in no store).
   */
  activity: {
    key: ['id'],
    columns: {
      id: 'text',
      activity_no: 'text?',
      provisional_no: 'text?',
      store_id: 'text',
      kind: 'text',
      priority: 'text',
      status: 'text',
      recipient_id: 'text?',
      article_id: 'text?',
      individual_id: 'text?',
      order_id: 'text?',
      title: 'text',
      requested_action: 'text',
      description: 'text?',
      address_type: 'text',
      address: 'text?',
      postal_code: 'text?',
      city: 'text?',
      contact_prescriber: 'boolean',
      created_at: 'text',
      user_id: 'text?',
      closed_at: 'text?',
      closed_by: 'text?',
    },
    scope: 'store',
    parents: [
      { column: 'store_id', table: 'store' },
      { column: 'recipient_id', table: 'recipient' },
      { column: 'article_id', table: 'article' },
      { column: 'order_id', table: 'customer_order' },
    ],
    unique: [{ column: 'activity_no', nullable: true }],
  },
  /**
   * A report on an activity (återrapportering): what was done, working time in minutes, the spare
   * parts taken from the own store (JSON text [{ articleId, articleNo, quantity }], each also a
   * ledger movement), whether it closed the activity. The store's for a buffer repair, central's
   * (user_id null) when central closes another kind. Written once.
   */
  activity_report: {
    key: ['id'],
    columns: { id: 'text', activity_id: 'text', store_id: 'text', text: 'text', minutes: 'integer', parts: 'text', closed: 'boolean', user_id: 'text?', at: 'text' },
    scope: 'store',
    parents: [{ column: 'activity_id', table: 'activity' }],
    appendOnly: true,
  },
} as const satisfies Record<string, ReplicatedTableSpec>;

export type ReplicatedTable = keyof typeof TABLE_SPECS;
export const REPLICATED_TABLES = Object.keys(TABLE_SPECS) as ReplicatedTable[];

export const tableSpec = (table: ReplicatedTable): ReplicatedTableSpec => TABLE_SPECS[table];

export const isReplicatedTable = (table: string): table is ReplicatedTable => Object.prototype.hasOwnProperty.call(TABLE_SPECS, table);

/** A column's base type and whether it may be null. */
export function columnType(spec: ColumnSpec): { type: ColumnType; nullable: boolean } {
  return spec.endsWith('?') ? { type: spec.slice(0, -1) as ColumnType, nullable: true } : { type: spec as ColumnType, nullable: false };
}

/* ---------- rows as the effects name them (typed by the spec) ---------- */

type Base<S> = S extends `${infer T}?` ? T : S;
type ValueOf<S> = (Base<S> extends 'text' | 'json' | 'blob' ? string : Base<S> extends 'integer' ? number : boolean) | (S extends `${string}?` ? null : never);

type Columns<T extends ReplicatedTable> = (typeof TABLE_SPECS)[T]['columns'];
/** A whole row of a table, in its column names and JS types (booleans as booleans). */
export type RowOf<T extends ReplicatedTable> = { -readonly [C in keyof Columns<T>]: ValueOf<Columns<T>[C]> };
type KeyColumns<T extends ReplicatedTable> = (typeof TABLE_SPECS)[T]['key'][number];
/** The key columns of a row. */
export type KeyOf<T extends ReplicatedTable> = Pick<RowOf<T>, KeyColumns<T> & keyof RowOf<T>>;
/** Columns a counter effect may add to (the integer ones that are not part of the key). */
export type CounterColumns<T extends ReplicatedTable> = {
  [C in keyof Columns<T>]: C extends KeyColumns<T> ? never : Base<Columns<T>[C]> extends 'integer' ? C : never;
}[keyof Columns<T>];

/** The protocol's change id of a row: its key values joined with "|". */
export function keyId(table: ReplicatedTable, row: Readonly<Record<string, unknown>>): string {
  return TABLE_SPECS[table].key.map((k) => String(row[k])).join('|');
}

/** The key values of a change id, by column (`null` when the id has the wrong number of parts). */
export function keyOfId(table: ReplicatedTable, id: string): Record<string, string> | null {
  const key = TABLE_SPECS[table].key;
  const parts = key.length === 1 ? [id] : id.split('|');
  if (parts.length !== key.length) return null;
  return Object.fromEntries(key.map((k, i) => [k, parts[i]!]));
}

/** The table's `blob` columns (bytes; base64 on the wire). */
export function blobColumns(table: ReplicatedTable): string[] {
  return Object.entries(TABLE_SPECS[table].columns as Record<string, ColumnSpec>)
    .filter(([, s]) => columnType(s).type === 'blob')
    .map(([c]) => c);
}

/** The value of a `reversed` column (PostgreSQL's reverse(): by character). */
export const reverseText = (text: string): string => [...text].reverse().join('');
