import { formatPersonalNumber, parseRecipientQuery } from '../../../shared/domain/recipient/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

/** Mottagare: search by personnummer or care-unit code, the card (a logged view) and its tabs. */
export function recipientHandlers(ctx: BackendContext): HandlerGroup<'recipient'> {
  const repo = ctx.repos.recipients;
  const notFound = () => err('not-found', 'Mottagaren finns inte i lagrets register.');
  return {
    'recipient.search': ({ query }) => {
      // Invalid → the identifiers module's Swedish message; nothing is looked up.
      const parsed = parseRecipientQuery(query, ctx.careUnitCodeForm, ctx.now());
      if (!parsed.ok) return parsed;
      const q = parsed.value;
      const found = repo.findId(q);
      if (found) return ok({ found: true as const, recipientId: found.id, kind: found.kind });
      return ok(
        q.kind === 'personalNumber'
          ? {
              found: false as const,
              kind: 'personalNumber' as const,
              value: q.personalNumber,
              message: `Ingen patient med personnummer ${formatPersonalNumber(q.personalNumber)} finns i lagrets register. Sök i folkbokföringen (CFR) för att ta in patienten.`,
            }
          : { found: false as const, kind: 'careUnit' as const, value: q.code, message: `Ingen vårdenhet med koden ${q.code} finns i lagrets register.` },
      );
    },
    'recipient.get': ({ id }, user) => {
      const card = repo.card(id, user.id, { via: 'recipient.card' });
      return card ? ok(card) : notFound();
    },
    'recipient.aids': ({ recipientId, tab, isoCode, articleType }) =>
      ok(repo.aids(recipientId, { tab, isoPrefix: isoCode.replace(/\s+/g, ''), articleType })),
    'recipient.orders': ({ recipientId }) => ok(repo.orders(recipientId)),
  };
}
