import { parseRegionSettings, type ParsedRegionSettings } from '../../shared/domain/region-settings/parse';
import type { RegionSettings } from '../../shared/domain/region-settings/settings';
import { regionStore, regionStoreProblems, type RegionStoreRole } from '../../shared/domain/region-settings/stores';
import type { Queryable } from '../db/db';

/**
 * The region's settings as central's rules read them: the `region_setting` rows of this
 * transaction's snapshot through the shared parser (a bad row: its key's default, reported).
 * Read inside the transaction of the rule that uses them, so a command that changes a setting and
 * a mutation that uses it are ordered like any two transactions.
 */
export async function readRegionSettingsFull(tx: Queryable): Promise<ParsedRegionSettings & { stored: { key: string; updatedAt: string; updatedBy: string | null }[] }> {
  const { rows } = await tx.query<{ key: string; value: unknown; updated_at: string; updated_by: string | null }>(
    'SELECT key, value, updated_at, updated_by FROM region_setting ORDER BY key',
  );
  const parsed = parseRegionSettings(rows);
  const stores = (await tx.query<{ id: string; kind: string }>('SELECT id, kind FROM store')).rows;
  const problems = [...parsed.problems, ...(stores.length > 0 ? regionStoreProblems(parsed.settings.storeNumbers, stores) : [])];
  return { settings: parsed.settings, problems, stored: rows.map((r) => ({ key: r.key, updatedAt: r.updated_at, updatedBy: r.updated_by })) };
}

/** The values in effect (for the rules). */
export async function readRegionSettings(tx: Queryable): Promise<RegionSettings> {
  return (await readRegionSettingsFull(tx)).settings;
}

/** The settings for a write batch: read once per batch (its transaction), then from the batch's cache. */
export async function batchRegionSettings(batch: { tx: Queryable; cache: Map<string, unknown> }): Promise<RegionSettings> {
  const hit = batch.cache.get('regionSettings') as RegionSettings | undefined;
  if (hit) return hit;
  const settings = await readRegionSettings(batch.tx);
  batch.cache.set('regionSettings', settings);
  return settings;
}

/** The region's central, purchase or investigation store for a write batch (see regionStore). */
export async function batchRegionStore(batch: { tx: Queryable; cache: Map<string, unknown> }, role: RegionStoreRole): Promise<string | null> {
  const settings = await batchRegionSettings(batch);
  const stores = (await batch.tx.query<{ id: string; kind: string }>('SELECT id, kind FROM store', [], { name: 'regionSettings.stores' })).rows;
  return regionStore(role, settings.storeNumbers, stores).id;
}
