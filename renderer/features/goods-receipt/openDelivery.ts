import type { AppStores } from '../../app/context';
import type { Route } from '../../app/router';

/**
 * Where a delivery leads: a direct delivery (it has a purchase order) to its receipt; one from the
 * central store arrives confirmed, so to the screen that checks it by scanning (which shows the
 * order instead while central has not shipped it).
 */
export function deliveryRoute(found: { purchaseOrderId: string | null; orderId: string }): Route {
  return found.purchaseOrderId !== null ? { page: 'receipt', purchaseOrderId: found.purchaseOrderId } : { page: 'centralDelivery', orderId: found.orderId };
}

/** Opens what a delivery's number (or its line in Godsmottagning) leads to. */
export function openFound(stores: AppStores, found: { purchaseOrderId: string | null; orderId: string }): void {
  stores.router.getState().navigate(deliveryRoute(found));
}

/**
 * The number on a delivery note ("Märk lev:" order number, purchase order number, provisional
 * number), typed or scanned on Godsmottagning: finds the delivery and opens it. False when not
 * found (the store then holds why, shown at the field).
 */
export async function openDeliveryByNumber(stores: AppStores, number: string): Promise<boolean> {
  const found = await stores.receipt.getState().find(number);
  if (found.ok) openFound(stores, found.value);
  return found.ok;
}
