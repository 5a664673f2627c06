import type { AppStores } from '../../app/context';

/** Opens what a delivery's number leads to: the receipt of a direct delivery, else the order. */
export function openFound(stores: AppStores, found: { purchaseOrderId: string | null; orderId: string }): void {
  // A delivery from the central store arrives confirmed: its order is shown instead.
  if (found.purchaseOrderId !== null) stores.router.getState().navigate({ page: 'receipt', purchaseOrderId: found.purchaseOrderId });
  else stores.router.getState().navigate({ page: 'order', id: found.orderId });
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
