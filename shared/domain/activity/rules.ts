/**
 * The rule order.issue (and central's shipment) adds for an activity linked to a customer order
 * (manual 003 "Aktivitet kopplad till kundorder"): the order is not handed out until every linked
 * activity is closed. Its own file without imports, so the order rules can use it.
 */
export function openActivityRefusal(orderName: string, openActivityNos: readonly string[]): string | null {
  if (openActivityNos.length === 0) return null;
  return `Order ${orderName} kan inte lämnas ut förrän aktivitet ${openActivityNos.join(', ')} är avslutad.`;
}
