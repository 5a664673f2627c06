import type { UserSummary } from '../../../shared/api/schemas';
import { hasAnyRole, STOCK_ADJUST_ROLES, STORE_STAFF_ROLES } from '../../../shared/domain/mutations';

/**
 * Which buttons a person sees enabled. The backend decides (the shared rules in
 * shared/domain/mutations.ts refuse with a Swedish message); these use the same role lists and
 * only spare people a form that would be refused, and say why instead.
 */

/** Register individuals, change their numbers: store staff. */
export const isStoreStaff = (user: UserSummary | null | undefined): boolean => hasAnyRole(user?.roles, STORE_STAFF_ROLES);

/** Adjust a stock balance: store admins only. */
export const isStoreAdmin = (user: UserSummary | null | undefined): boolean => hasAnyRole(user?.roles, STOCK_ADJUST_ROLES);
