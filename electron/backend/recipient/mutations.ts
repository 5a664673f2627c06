import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';

/**
 * The workstation half of the recipient mutations. A recipient in the replica is one the store
 * has a relation to. Taking in from the population register: the workstation has no register, so
 * the rule gets what the look-up just answered (in the args); central re-checks its register.
 */
export function recipientLocalMutations(db: Db): LocalMutationGroup<'recipient'> {
  const byId = db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE id = ?');
  const byNumber = db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE personal_number = ?');
  return {
    'recipient.updateContact': {
      facts: (args) => ({ recipient: byId.get(args.recipientId) ? { inStore: true } : null }),
      describe: () => 'Mottagarens telefon, portkod, leveransinstruktioner eller smittaflagga ändrade',
    },
    'recipient.adopt': {
      facts: (args) => {
        const existing = byNumber.get(args.personalNumber) ?? byId.get(args.recipientId);
        return {
          existing: existing ? { id: existing.id, inStore: true } : null,
          register: { name: args.name, address: args.address, postalCode: args.postalCode, city: args.city, deceased: false, resident: true },
        };
      },
      describe: () => 'Person hämtad från folkbokföringen och tagen in som mottagare',
    },
  };
}
