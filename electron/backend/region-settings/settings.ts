import { parseRegionSettings, type ParsedRegionSettings } from '../../../shared/domain/region-settings/parse';
import type { RegionSettings } from '../../../shared/domain/region-settings/settings';
import { regionStore, regionStoreProblems, type RegionStoreRole } from '../../../shared/domain/region-settings/stores';
import type { Db } from '../db/replica';
import type { BackendEvents } from '../events';

/**
 * The region's settings on this workstation: the replica's `region_setting` rows (pulled from
 * central) through the shared parser, cached until a pull or local write touches that table
 * (the `data.changed` event names it). A row whose JSON cannot be read is a problem like a value
 * its key's schema refuses: the key keeps its default.
 */
export class RegionSettingsCache {
  private cached: (ParsedRegionSettings & { stored: string[] }) | null = null;

  constructor(
    private readonly db: Db,
    events: BackendEvents | null,
  ) {
    events?.on('data.changed', ({ tables }) => {
      if (tables.includes('region_setting') || tables.includes('store')) this.cached = null;
    });
    if (events) registered.set(db, this);
  }

  /** The values in effect, the refused ones, and the keys central has set. */
  read(): ParsedRegionSettings & { stored: string[] } {
    if (this.cached) return this.cached;
    const rows = this.db.prepare('SELECT key, value FROM region_setting ORDER BY key').all() as { key: string; value: string }[];
    const unreadable: { key: string; message: string }[] = [];
    const parsed: { key: string; value: unknown }[] = [];
    for (const r of rows) {
      try {
        parsed.push({ key: r.key, value: JSON.parse(r.value) as unknown });
      } catch {
        unreadable.push({ key: r.key, message: `Inställningen ${r.key} kunde inte läsas. Standardvärdet används.` });
      }
    }
    const result = parseRegionSettings(parsed);
    const stores = this.db.prepare('SELECT id, kind FROM store').all() as { id: string; kind: string }[];
    const storeProblems = stores.length > 0 ? regionStoreProblems(result.settings.storeNumbers, stores) : [];
    this.cached = { settings: result.settings, problems: [...unreadable, ...result.problems, ...storeProblems], stored: rows.map((r) => r.key) };
    return this.cached;
  }

  /** The values in effect (for the rules). */
  get settings(): RegionSettings {
    return this.read().settings;
  }

  /** Forgets the cache (a write outside the pull and the writer, e.g. the demo seed). */
  invalidate(): void {
    this.cached = null;
  }
}

const registered = new WeakMap<Db, RegionSettingsCache>();

/**
 * The region's settings of a replica for the rules' fact readers (which know only the database):
 * the backend's cache for it, or (a replica without a backend, e.g. a tool) read now.
 */
export function regionSettingsOf(db: Db): RegionSettings {
  return (registered.get(db) ?? new RegionSettingsCache(db, null)).settings;
}

/** The region's central, purchase or investigation store in this replica (see regionStore). */
export function regionStoreOf(db: Db, role: RegionStoreRole): string | null {
  const stores = db.prepare('SELECT id, kind FROM store').all() as { id: string; kind: string }[];
  return regionStore(role, regionSettingsOf(db).storeNumbers, stores).id;
}
