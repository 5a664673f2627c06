import { parseRegionSettings, type ParsedRegionSettings } from '../../shared/domain/region-settings/parse';
import type { RegionSettings } from '../../shared/domain/region-settings/settings';
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
  return { ...parseRegionSettings(rows), stored: rows.map((r) => ({ key: r.key, updatedAt: r.updated_at, updatedBy: r.updated_by })) };
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
