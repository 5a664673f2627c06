import { z } from 'zod';
import { parsePersonalNumber } from '../../identifiers';
import { insert, share, update } from '../effects';
import { ROLES } from '../model';
import { cleanText, decided, defineMutation, mayWorkInStore, refuse, RowId, STORE_REFUSALS, Uuid } from '../mutation';

/** Limits of the card's editable fields (the manuals' delivery texts: 255 characters). */
export const PHONE_MAX = 30;
export const DOOR_CODE_MAX = 20;
export const INSTRUCTIONS_MAX = 255;

const optional = (schema: z.ZodType<string>) => schema.transform((t) => (t === '' ? null : t)).nullable();

export const Phone = optional(
  cleanText(PHONE_MAX, `Telefonnumret får vara högst ${PHONE_MAX} tecken.`).refine((t) => t === '' || /^\+?[0-9][0-9 ()-]*$/.test(t), 'Telefonnumret får bara innehålla siffror, mellanslag, bindestreck, parenteser och ett inledande +.'),
);
export const DoorCode = optional(cleanText(DOOR_CODE_MAX, `Portkoden får vara högst ${DOOR_CODE_MAX} tecken.`));
export const Instructions = optional(cleanText(INSTRUCTIONS_MAX, `Leveransinstruktionerna får vara högst ${INSTRUCTIONS_MAX} tecken.`, { multiLine: true }));

export interface UpdateContactFacts {
  /** The recipient as this side has it; `inStore`: the store has a relation to them. */
  recipient: { inStore: boolean } | null;
}

/**
 * The recipient card's editable fields (manual 003 "Mottagare"): phone, door code, delivery
 * instructions and the contact-prescriber flag ("smittaknappen", which follows the recipient until
 * it is changed). The population-register address is not among them. Saved on the recipient, so
 * every store that has them and every new order sees the same; the change is a row of its own
 * (recipient_change, the card's history).
 */
export const updateRecipientContact = defineMutation({
  args: z
    .object({
      changeId: Uuid,
      recipientId: RowId,
      storeId: RowId,
      phone: Phone,
      doorCode: DoorCode,
      deliveryInstructions: Instructions,
      contactPrescriber: z.boolean(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'unknown-recipient'],
  decide(args, facts: UpdateContactFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, ROLES);
    if (forbidden) return forbidden;
    if (!facts.recipient?.inStore) return refuse('unknown-recipient', 'Mottagaren finns inte i lagrets register.');
    const fields = { phone: args.phone, door_code: args.doorCode, delivery_instructions: args.deliveryInstructions, contact_prescriber: args.contactPrescriber };
    return decided({
      effects: [
        insert('recipient_change', { id: args.changeId, recipient_id: args.recipientId, store_id: args.storeId, kind: 'contact', user_id: actor.userId, at, ...fields }),
        update('recipient', { id: args.recipientId }, fields),
      ],
      // Which fields, never their values: the audit trail holds no personal data.
      audit: { action: 'recipient.updateContact', entity: 'recipient', entityId: args.recipientId, details: { contactPrescriber: args.contactPrescriber } },
    });
  },
});

/** A person of the region's population register, as the rule sees them. */
export interface RegisterPerson {
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  deceased: boolean;
  resident: boolean;
}

export interface AdoptFacts {
  /** A recipient with this personnummer on this side (the region's, centrally); inStore: already this store's. */
  existing: { id: string; inStore: boolean } | null;
  /**
   * The register's entry. Central reads its register; the workstation has none and passes what the
   * look-up it just made answered (the args; central re-checks everything when the mutation arrives).
   */
  register: RegisterPerson | null;
}

/**
 * Takes a person found in the population register (CFR) into the store: they become a recipient
 * of the store (replicated to it), with their register name and address. A person already a
 * recipient of another store of the region keeps their id and gains this store.
 */
export const adoptRecipient = defineMutation({
  args: z
    .object({
      changeId: Uuid,
      recipientId: RowId,
      storeId: RowId,
      personalNumber: z.string().regex(/^\d{12}$/, 'Personnumret ska ha 12 siffror.'),
      /** What the look-up answered: the workstation shows it at once; central takes its register's. */
      name: cleanText(200, 'Namnet får vara högst 200 tecken.', { required: 'Namnet saknas.' }),
      address: cleanText(200, 'Adressen får vara högst 200 tecken.').nullable(),
      postalCode: cleanText(10, 'Postnumret får vara högst 10 tecken.').nullable(),
      city: cleanText(100, 'Orten får vara högst 100 tecken.').nullable(),
    })
    .strict(),
  refusals: [...STORE_REFUSALS, 'invalid-personal-number', 'not-in-register', 'not-resident', 'deceased', 'already-recipient', 'recipient-id-taken'],
  decide(args, facts: AdoptFacts, { actor, at }) {
    const forbidden = mayWorkInStore(actor, args.storeId, ROLES);
    if (forbidden) return forbidden;
    const parsed = parsePersonalNumber(args.personalNumber, new Date(at));
    if (!parsed.ok || parsed.value.normalized !== args.personalNumber) return refuse('invalid-personal-number', parsed.ok ? 'Personnumret ska ha 12 siffror.' : parsed.error.message);
    const person = facts.register;
    if (!person) return refuse('not-in-register', 'Personen finns inte i regionens folkbokföringsregister.');
    if (!person.resident) return refuse('not-resident', 'Personen är inte folkbokförd i regionen. Hjälpmedel kan bara förskrivas till den som är folkbokförd i regionen.');
    if (person.deceased) return refuse('deceased', 'Personen är avliden enligt folkbokföringen och kan inte tas in som mottagare.');
    if (facts.existing?.inStore) return refuse('already-recipient', 'Personen är redan mottagare i lagret.');
    if (facts.existing && facts.existing.id !== args.recipientId) {
      return refuse('recipient-id-taken', 'Personen blev samtidigt mottagare i ett annat lager. Sök fram personen igen.');
    }
    const change = insert('recipient_change', {
      id: args.changeId,
      recipient_id: args.recipientId,
      store_id: args.storeId,
      kind: 'adopt',
      user_id: actor.userId,
      at,
      phone: null,
      door_code: null,
      delivery_instructions: null,
      contact_prescriber: false,
    });
    const recipient = facts.existing
      ? []
      : [
          insert('recipient', {
            id: args.recipientId,
            kind: 'patient',
            personal_number: args.personalNumber,
            care_unit_code: null,
            name: person.name,
            address: person.address,
            postal_code: person.postalCode,
            city: person.city,
            phone: null,
            door_code: null,
            delivery_instructions: null,
            contact_prescriber: false,
          }),
        ];
    return decided({
      // The recipient row first (the change refers to it), the change is the marker either way.
      effects: [...recipient, change, share('recipient', { id: args.recipientId }, args.storeId)],
      audit: { action: 'recipient.adopt', entity: 'recipient', entityId: args.recipientId, details: { via: 'cfr' } },
    });
  },
});

export const recipientMutations = { 'recipient.updateContact': updateRecipientContact, 'recipient.adopt': adoptRecipient } as const;
