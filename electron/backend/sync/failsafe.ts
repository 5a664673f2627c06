import type { ReplicatedTable } from '../../../shared/sync/protocol';

/**
 * Joplin's fail-safe: a pull that would delete most of a table's rows is stopped before it is
 * applied and a person is asked (sync.confirmDeletion). A central mistake (an emptied or restored
 * database, a wrong scope) must not wipe a store's replica silently.
 */
export interface FailsafeOptions {
  /** Tables smaller than this are never guarded (a handful of rows may legitimately all go). */
  minRows: number;
  /** Share of a table's rows that may be deleted in one pull run without asking. */
  maxShare: number;
}

export const DEFAULT_FAILSAFE: FailsafeOptions = { minRows: 20, maxShare: 0.5 };

export interface FailsafeTrip {
  table: ReplicatedTable;
  rows: number;
  deletions: number;
}

/**
 * `base`: row counts when the pull run began; `deletions`: rows deleted so far in the run including
 * the page at hand. Returns the first table over the limit, or null.
 */
export function failsafeTrip(
  base: Partial<Record<ReplicatedTable, number>>,
  deletions: Partial<Record<ReplicatedTable, number>>,
  options: FailsafeOptions = DEFAULT_FAILSAFE,
): FailsafeTrip | null {
  let worst: FailsafeTrip | null = null;
  for (const [table, deleted] of Object.entries(deletions) as [ReplicatedTable, number][]) {
    const rows = base[table] ?? 0;
    if (rows < options.minRows || deleted <= rows * options.maxShare) continue;
    if (!worst || deleted / rows > worst.deletions / worst.rows) worst = { table, rows, deletions: deleted };
  }
  return worst;
}

const TABLE_NAMES_SV: Record<ReplicatedTable, string> = {
  store: 'lager',
  service_point: 'tjänsteställen',
  iso_class: 'ISO-klasser',
  supplier: 'leverantörer',
  article: 'artiklar',
  article_gtin: 'artikelstreckkoder',
  article_component: 'artikelkomponenter',
  replacement_group: 'ersättningsgrupper',
  replacement_group_article: 'artiklar i ersättningsgrupper',
  article_document: 'artikeldokument',
  app_user: 'användare',
  user_service_point: 'användarnas tjänsteställen',
  recipient: 'mottagare',
  individual: 'individer',
  individual_text: 'individtexter',
  stock_movement: 'lagerrörelser',
  stock_balance: 'lagersaldon',
  stock_level: 'min- och maxnivåer',
  order_template: 'beställningsmallar',
  customer_order: 'order',
  purchase_order: 'inköpsorder',
  customer_order_line: 'orderrader',
  aid: 'mottagarnas hjälpmedel',
  recipient_change: 'ändringar av mottagare',
  goods_receipt: 'kvittenser',
  delivery_deviation: 'leveransavvikelser',
  individual_no_block: 'individnummerserier',
  stocktake: 'inventeringar',
  stocktake_count: 'inventeringsräkningar',
  stocktake_zone_assignment: 'inventeringszoner',
  stocktake_approval: 'godkända inventeringar',
  order_cancellation: 'makulerade order',
  order_pick_list: 'plocklistor',
  loan_basket: 'varukorgar',
  loan_basket_line: 'varukorgsrader',
  loan_basket_event: 'varukorgshändelser',
  message: 'meddelanden',
  message_mark: 'lästa och borttagna meddelanden',
  deviation: 'avvikelser',
  deviation_item: 'avvikelsernas hjälpmedel',
  pickup_reason: 'hämtorderorsaker',
  region_setting: 'regioninställningar',
  pickup_order: 'hämtorder',
  pickup_order_line: 'hämtorderrader',
  pickup_order_event: 'hämtorderhändelser',
  attachment: 'bilagor',
  attachment_removal: 'borttagna bilagor',
  return_receipt: 'retursedlar',
  aid_return: 'returer',
  aid_return_line: 'returnerade hjälpmedel',
  supplier_return: 'returer till leverantör',
  activity: 'aktiviteter',
  activity_report: 'återrapporteringar av aktiviteter',
};

export function failsafeMessage(trip: FailsafeTrip): string {
  const pct = Math.round((trip.deletions / trip.rows) * 100);
  return (
    `Synkroniseringen är stoppad: centralen vill ta bort ${trip.deletions} av ${trip.rows} ${TABLE_NAMES_SV[trip.table]} (${pct} %) ` +
    'från den här datorn. Det kan vara ett fel hos centralen. Kontakta hjälpmedelscentralen innan du godkänner borttagningen. ' +
    'Dina egna osynkade ändringar påverkas inte.'
  );
}
