import { DEFAULT_REGION_SETTINGS, REGION_SETTING_SCHEMAS, type RegionSettingKey, type RegionSettings } from './settings';

/** A stored setting: its key and its value (parsed JSON; a replica row's text is parsed by its reader). */
export interface RegionSettingRow {
  readonly key: string;
  readonly value: unknown;
}

export interface RegionSettingProblem {
  readonly key: string;
  readonly message: string;
}

export interface ParsedRegionSettings {
  readonly settings: RegionSettings;
  readonly problems: readonly RegionSettingProblem[];
}

export const isRegionSettingKey = (key: string): key is RegionSettingKey => Object.hasOwn(REGION_SETTING_SCHEMAS, key);

/** The first issue of a zod failure, in the schema's Swedish where it has one. */
function issueText(issues: readonly { message: string; path: readonly PropertyKey[] }[]): string {
  const first = issues[0];
  if (!first) return 'ogiltigt värde';
  const at = first.path.length > 0 ? ` (${first.path.map(String).join('.')})` : '';
  return `${first.message}${at}`;
}

/**
 * Validates one value of a key with its schema: the value, or a Swedish message why not.
 * Shared by the readers and by central's `region-setting` command.
 */
export function parseRegionSetting<K extends RegionSettingKey>(key: K, value: unknown): { ok: true; value: RegionSettings[K] } | { ok: false; message: string } {
  const schema = REGION_SETTING_SCHEMAS[key];
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, message: `Ogiltigt värde för ${key}: ${issueText(parsed.error.issues)}.` };
  if (key === 'careUnitCode') {
    try {
      new RegExp((parsed.data as RegionSettings['careUnitCode']).pattern);
    } catch {
      return { ok: false, message: `Ogiltigt värde för ${key}: mönstret är inget giltigt reguljärt uttryck.` };
    }
  }
  return { ok: true, value: parsed.data as RegionSettings[K] };
}

/**
 * The region's settings from the stored rows: each key validated alone with its schema, unknown
 * keys ignored, a bad value (or a key stored twice) falls back to the default and is reported.
 * A key without a row has its default (not a problem: the region has not set it).
 */
export function parseRegionSettings(rows: readonly RegionSettingRow[]): ParsedRegionSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_REGION_SETTINGS };
  const problems: RegionSettingProblem[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!isRegionSettingKey(row.key)) continue;
    if (seen.has(row.key)) {
      problems.push({ key: row.key, message: `Inställningen ${row.key} finns flera gånger; standardvärdet används.` });
      settings[row.key] = DEFAULT_REGION_SETTINGS[row.key];
      continue;
    }
    seen.add(row.key);
    const parsed = parseRegionSetting(row.key, row.value);
    if (parsed.ok) settings[row.key] = parsed.value;
    else problems.push({ key: row.key, message: `${parsed.message} Standardvärdet används.` });
  }
  return { settings: settings as RegionSettings, problems };
}

/** Whether a key's value is its default (by value, not identity). */
export function isDefaultRegionSetting(key: RegionSettingKey, value: unknown): boolean {
  return stableJson(value) === stableJson(DEFAULT_REGION_SETTINGS[key]);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

