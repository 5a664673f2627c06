import type { RegionSettingProblem } from './parse';
import type { RegionSettings } from './settings';

export type RegionStoreRole = keyof RegionSettings['storeNumbers'];
export const REGION_STORE_ROLES: readonly RegionStoreRole[] = ['central', 'purchase', 'investigation'];
const ROLE_SV: Record<RegionStoreRole, string> = { central: 'centrallagret', purchase: 'inköpslagret', investigation: 'utredningslagret' };

/**
 * The region's central, purchase or investigation store: the number the region set
 * (`storeNumbers`) when the store table has it; else the first store of that kind (what Buffert
 * did before the setting), reported as a problem; null when there is neither.
 */
export function regionStore(
  role: RegionStoreRole,
  numbers: RegionSettings['storeNumbers'],
  stores: readonly { id: string; kind: string }[],
): { id: string | null; problem: RegionSettingProblem | null } {
  const wanted = numbers[role];
  if (stores.some((s) => s.id === wanted)) return { id: wanted, problem: null };
  const byKind = [...stores].filter((s) => s.kind === role).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  return {
    id: byKind?.id ?? null,
    problem: {
      key: 'storeNumbers',
      message: `Lager ${wanted} (${ROLE_SV[role]}) finns inte i lagerregistret; ${byKind ? `lager ${byKind.id} används` : 'inget lager av den typen finns'}.`,
    },
  };
}

/** The problems of all three store numbers against the store table. */
export function regionStoreProblems(numbers: RegionSettings['storeNumbers'], stores: readonly { id: string; kind: string }[]): RegionSettingProblem[] {
  return REGION_STORE_ROLES.map((r) => regionStore(r, numbers, stores).problem).filter((p): p is RegionSettingProblem => p !== null);
}
