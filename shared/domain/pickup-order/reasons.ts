/**
 * The region's pick-up reasons (hämtorderorsaker), a central-owned list replicated to every
 * workstation (table pickup_reason). The demo region starts with manual 003's set ("Hämtorder":
 * who fetches what); manual 001 only says the reason is chosen from a list. A reason whose
 * pick-up is done by a supplier (`supplierCopy`) prints a copy for the supplier that carries no
 * personal data (003: ceiling lifts, mailed to Guldmann).
 */
export interface PickupReason {
  id: string;
  name: string;
  /** What the reason means, printed on the pick-up order. */
  description: string;
  /** Who fetches the aids. */
  performer: string;
  /** The pick-up is done by a supplier: a copy without the patient's name, number or address goes to them. */
  supplierCopy: boolean;
  position: number;
}

export const DEFAULT_PICKUP_REASONS: readonly PickupReason[] = [
  {
    id: 'khs-aid',
    name: 'Hämtning av A-hjälpmedel KHS',
    description: 'Hämtning av hjälpmedel som hämtas på buffertförråd utföres av KHS.',
    performer: 'KHS',
    supplierCopy: false,
    position: 1,
  },
  {
    id: 'khs-bed',
    name: 'Hämtning av säng/sängtillbehör KHS',
    description: 'Hämtning av säng/sängtillbehör utföres av KHS.',
    performer: 'KHS',
    supplierCopy: false,
    position: 2,
  },
  {
    id: 'ceiling-lift',
    name: 'Hämtning av taklyft Guldmann',
    description: 'Hämtning av taklyft utföres av Guldmann. Förskrivaren mejlar leverantörskopian till Guldmann Sverige AB.',
    performer: 'Guldmann Sverige AB',
    supplierCopy: true,
    position: 3,
  },
];
