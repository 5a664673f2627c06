import { appendAudit } from '../db/audit';
import type { Db } from '../db/replica';

/** A recipient (patient or care unit) as a screen shows them: personal data. */
export interface RecipientView {
  id: string;
  kind: 'patient' | 'careUnit';
  personalNumber: string | null;
  careUnitCode: string | null;
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  phone: string | null;
  doorCode: string | null;
  deliveryInstructions: string | null;
}

/** Why a recipient was looked up (the screen or handler), kept in the audit entry. */
export interface ViewContext {
  via: string;
  individualId?: string;
}

/**
 * The one read path of a recipient's personal data on the workstation (patient-data law: every
 * look-up is logged — who, when, whom). Each read writes a `recipient.view` audit entry in the
 * same small transaction: the recipient's id and why, never a name or personal number. Handlers
 * that show a recipient (an individual's holder, an order's delivery address) read through here.
 */
export class RecipientRepository {
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byId = db.prepare<[string], Record<string, string | null>>(
      `SELECT id, kind, personal_number, care_unit_code, name, address, postal_code, city, phone, door_code, delivery_instructions
         FROM recipient WHERE id = ?`,
    );
  }

  view(id: string, viewerId: string, context: ViewContext): RecipientView | null {
    return this.db.transaction(() => {
      const r = this.byId.get(id);
      if (!r) return null;
      appendAudit(this.db, { at: this.now().toISOString(), userId: viewerId, action: 'recipient.view', entity: 'recipient', entityId: id, details: context });
      return {
        id: r.id!,
        kind: r.kind as RecipientView['kind'],
        personalNumber: r.personal_number ?? null,
        careUnitCode: r.care_unit_code ?? null,
        name: r.name!,
        address: r.address ?? null,
        postalCode: r.postal_code ?? null,
        city: r.city ?? null,
        phone: r.phone ?? null,
        doorCode: r.door_code ?? null,
        deliveryInstructions: r.delivery_instructions ?? null,
      };
    })();
  }
}
