import { isDefaultRegionSetting, isRegionSettingKey, parseRegionSetting } from '../../shared/domain/region-settings/parse';
import { DEFAULT_REGION_SETTINGS, REGION_SETTING_KEYS } from '../../shared/domain/region-settings/settings';
import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { readRegionSettingsFull } from './settings';

/**
 * `region-settings`: every key with the value in effect, whether it is the default, and when and
 * by what it was set; a stored value the key's schema refuses is shown with why (its default is used).
 */
export async function listRegionSettings(db: Db): Promise<Result<string>> {
  const { settings, problems, stored } = await readRegionSettingsFull(db);
  const lines = REGION_SETTING_KEYS.map((key) => {
    const value = settings[key];
    const row = stored.find((s) => s.key === key);
    const state = isDefaultRegionSetting(key, value) ? 'standard' : 'satt';
    return `${key} = ${JSON.stringify(value)}  (${state}${row ? `, ändrad ${row.updatedAt}` : ''})`;
  });
  return ok(['Regionens inställningar:', ...lines, ...problems.map((p) => `FEL ${p.key}: ${p.message}`)].join('\n'));
}

/**
 * `region-setting <key> <json>`: sets one key, validated with its schema (a bad key or value
 * changes nothing), audited, and in the change feed so every workstation has it after its next pull.
 */
export async function setRegionSetting(db: Db, key: string, json: string, now = new Date()): Promise<Result<string>> {
  if (!isRegionSettingKey(key)) return err('unknown-region-setting', `Okänd inställning "${key}". Inställningarna är: ${REGION_SETTING_KEYS.join(', ')}.`);
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    return err('invalid-region-setting', `Värdet för ${key} är ingen JSON: ${json} (en text skrivs med citattecken, t.ex. '"siths"'; standardvärdet är ${JSON.stringify(DEFAULT_REGION_SETTINGS[key])}).`);
  }
  const parsed = parseRegionSetting(key, value);
  if (!parsed.ok) return err('invalid-region-setting', `${parsed.message} Standardvärdet är ${JSON.stringify(DEFAULT_REGION_SETTINGS[key])}. Inget ändrades.`);
  return db.transaction(async (tx) => {
    const at = now.toISOString();
    const { rows } = await tx.query<{ value: unknown }>('SELECT value FROM region_setting WHERE key = $1 FOR UPDATE', [key]);
    const before = rows[0]?.value ?? null;
    await tx.query(
      `INSERT INTO region_setting (key, value, updated_at, updated_by) VALUES ($1, $2::jsonb, $3, 'central')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [key, JSON.stringify(parsed.value), at],
    );
    const batch = new WriteBatch(tx, null);
    batch.changes.upsert('region_setting', key, ['*']);
    batch.addCentralAudit('regionSetting.set', 'regionSetting', key, { from: before, to: parsed.value }, at);
    await batch.flush();
    return ok(`${key} = ${JSON.stringify(parsed.value)}${isDefaultRegionSetting(key, parsed.value) ? ' (standardvärdet)' : ''}. Arbetsstationerna får det vid nästa synk.`);
  });
}
