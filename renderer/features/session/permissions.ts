import type { UserSummary } from '../../../shared/api/schemas';
import type { Role } from '../../../shared/domain/model';

/**
 * Which buttons a person sees enabled. The backend decides (the shared rules in
 * shared/domain/mutations.ts refuse with a Swedish message); these only spare people a form
 * that would be refused, and say why instead.
 */
const STORE_STAFF: readonly Role[] = ['technician', 'storeAdmin'];

/** Register individuals, change their numbers: store staff. */
export const isStoreStaff = (user: UserSummary | null | undefined): boolean => !!user?.roles.some((r) => STORE_STAFF.includes(r));

/** Adjust a stock balance: store admins only. */
export const isStoreAdmin = (user: UserSummary | null | undefined): boolean => !!user?.roles.includes('storeAdmin');
