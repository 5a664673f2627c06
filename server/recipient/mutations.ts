import type { ServerMutationGroup } from '../mutations';

/** Server half of the recipient mutations: the recipient and the region's population register. */
export const recipientServerMutations: ServerMutationGroup<'recipient'> = {
  'recipient.updateContact': {
    locks: (args) => [{ table: 'recipient', id: args.recipientId }],
    async facts(batch, args, _actor, storeId) {
      const { rows } = await batch.tx.query<{ in_store: boolean }>('SELECT $2::text = ANY(scope_store_ids) AS in_store FROM recipient WHERE id = $1', [args.recipientId, storeId], {
        name: 'recipient.updateContact.facts',
      });
      return { recipient: rows[0] ? { inStore: rows[0].in_store } : null };
    },
  },
  'recipient.adopt': {
    locks: (args) => [{ table: 'recipient', id: args.recipientId }],
    async facts(batch, args, _actor, storeId) {
      const { rows } = await batch.tx.query<{ existing: { id: string; in_store: boolean } | null; register: { name: string; address: string | null; postal_code: string | null; city: string | null; deceased: boolean; resident: boolean } | null }>(
        `SELECT (SELECT row_to_json(r) FROM (SELECT id, $2::text = ANY(scope_store_ids) AS in_store FROM recipient WHERE personal_number = $1 OR id = $3 ORDER BY personal_number = $1 DESC LIMIT 1) r) AS existing,
                (SELECT row_to_json(p) FROM (SELECT name, address, postal_code, city, deceased, resident FROM population_register WHERE personal_number = $1) p) AS register`,
        [args.personalNumber, storeId, args.recipientId],
        { name: 'recipient.adopt.facts' },
      );
      const { existing, register } = rows[0]!;
      return {
        existing: existing ? { id: existing.id, inStore: existing.in_store } : null,
        register: register
          ? { name: register.name, address: register.address, postalCode: register.postal_code, city: register.city, deceased: register.deceased, resident: register.resident }
          : null,
      };
    },
  },
};
