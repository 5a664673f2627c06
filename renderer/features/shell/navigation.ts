import type { Role } from '../../../shared/domain/model';
import { STORE_STAFF_ROLES } from '../../../shared/domain/mutations';
import type { Route } from '../../app/router';

export type NavKey =
  | 'start'
  | 'stock'
  | 'individuals'
  | 'goodsReceipt'
  | 'replenishment'
  | 'stocktake'
  | 'recipients'
  | 'articles'
  | 'activities'
  | 'orders'
  | 'sync'
  | 'scanners'
  | 'audit'
  | 'messages'
  | 'myOrders'
  | 'loanBasket'
  | 'pickupOrders'
  | 'deviations'
  | 'settings'
  | 'diagnostics'
  | 'rekond';

export interface NavItem {
  key: NavKey;
  route: Route;
  /** Not built yet: the page says "kommer". */
  coming: boolean;
  /** Shown only to users with one of these roles (the backend refuses the others anyway). */
  roles?: readonly Role[];
}

/** The left navigation in the order of the manuals' menus; Alt+1…Alt+0 jump to each entry. */
export const NAV_ITEMS: NavItem[] = [
  { key: 'start', route: { page: 'start' }, coming: false },
  { key: 'stock', route: { page: 'stock', tab: 'balances' }, coming: false },
  { key: 'individuals', route: { page: 'individuals' }, coming: false },
  { key: 'goodsReceipt', route: { page: 'goodsReceipt' }, coming: false },
  { key: 'replenishment', route: { page: 'replenishment', tab: 'cart' }, coming: false },
  { key: 'stocktake', route: { page: 'stocktakes' }, coming: false },
  { key: 'recipients', route: { page: 'recipients' }, coming: false },
  { key: 'articles', route: { page: 'articles' }, coming: false },
  { key: 'activities', route: { page: 'activities' }, coming: false },
  { key: 'sync', route: { page: 'sync' }, coming: false },
  { key: 'scanners', route: { page: 'scanners' }, coming: false },
  { key: 'orders', route: { page: 'newOrder', recipientId: null }, coming: false },
  { key: 'messages', route: { page: 'messages' }, coming: false },
  { key: 'myOrders', route: { page: 'myOrders', tab: 'search' }, coming: false },
  { key: 'loanBasket', route: { page: 'loanBasket' }, coming: false },
  { key: 'pickupOrders', route: { page: 'pickupOrders' }, coming: false },
  { key: 'deviations', route: { page: 'deviations' }, coming: false },
  { key: 'settings', route: { page: 'settings' }, coming: false },
  { key: 'diagnostics', route: { page: 'diagnostics' }, coming: false },
  // Last: entries shown to some roles only never shift the Alt+1…Alt+0 shortcuts of the others.
  { key: 'rekond', route: { page: 'rekond' }, coming: false, roles: STORE_STAFF_ROLES },
  { key: 'audit', route: { page: 'audit' }, coming: false, roles: ['storeAdmin'] },
];

/** The entries this user sees. */
export function navItemsFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.roles || item.roles.some((r) => roles.includes(r)));
}

/** Alt+1 … Alt+0 reach the first ten entries; later ones are reached with the mouse or Tab. */
export const SHORTCUT_COUNT = 10;

export function navKeyOf(route: Route): NavKey {
  switch (route.page) {
    case 'start':
      return 'start';
    case 'stock':
      return 'stock';
    case 'individuals':
    case 'individual':
      return 'individuals';
    case 'replenishment':
    case 'order':
      return 'replenishment';
    case 'goodsReceipt':
    case 'receipt':
    case 'centralDelivery':
      return 'goodsReceipt';
    case 'stocktakes':
    case 'stocktake':
    case 'investigation':
      return 'stocktake';
    case 'newOrder':
    case 'recipientOrder':
      return 'orders';
    case 'sync':
      return 'sync';
    case 'scanners':
      return 'scanners';
    case 'settings':
      return 'settings';
    case 'audit':
      return 'audit';
    case 'diagnostics':
      return 'diagnostics';
    case 'recipients':
    case 'recipient':
      return 'recipients';
    case 'messages':
      return 'messages';
    case 'articles':
    case 'article':
      return 'articles';
    case 'myOrders':
      return 'myOrders';
    case 'loanBasket':
      return 'loanBasket';
    case 'pickupOrders':
    case 'newPickupOrder':
      return 'pickupOrders';
    case 'deviations':
    case 'deviation':
    case 'newDeviation':
      return 'deviations';
    case 'activities':
    case 'activity':
    case 'newActivity':
      return 'activities';
    case 'rekond':
      return 'rekond';
    case 'coming':
      return route.feature;
  }
}

/** Alt+1 … Alt+9, Alt+0 for the tenth. */
export const shortcutKey = (index: number): string => String((index + 1) % 10);
