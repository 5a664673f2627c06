import { randomUUID } from 'node:crypto';
import { CFR_LOOKUP_PATH, CfrLookupResponse, type CfrPerson } from '../../../shared/api/recipient';
import { careUnitCodeFormOf, formatPersonalNumber, parseRecipientQuery } from '../../../shared/domain/recipient/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { appendAudit } from '../db/audit';
import { pdfAnswer, renderAidsList, rendered, safeFileName } from '../documents';
import type { HandlerGroup } from '../handlers';
import { SyncRequestError } from '../sync/client';

/** How long a person found in the register may be taken in without a new look-up. */
const LOOKUP_VALID_MS = 15 * 60_000;

/** Mottagare: search by personnummer or care-unit code, the card (a logged view) and its tabs. */
export function recipientHandlers(ctx: BackendContext): HandlerGroup<'recipient'> {
  const repo = ctx.repos.recipients;
  const notFound = () => err('not-found', 'Mottagaren finns inte i lagrets register.');
  const storeOf = ctx.db.prepare<[string], { name: string; issuer: string | null }>(
    'SELECT s.name, (SELECT c.name FROM store c WHERE c.id = s.parent_store_id) AS issuer FROM store s WHERE s.id = ?',
  );
  /** The persons this workstation's users just found in the register (memory only, never stored). */
  const found = new Map<string, { person: CfrPerson; recipientId: string | null; at: number; userId: string }>();
  const offline = (why: string) => err('offline', `Ingen kontakt med centralen: folkbokföringen (CFR) kan inte sökas ${why}. Patienter som lagret redan har hittas ändå under Mottagare.`);
  return {
    'recipient.search': ({ query }) => {
      // Invalid → the identifiers module's Swedish message; nothing is looked up.
      const parsed = parseRecipientQuery(query, careUnitCodeFormOf(ctx.regionSettings.settings.careUnitCode), ctx.now());
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
    'recipient.cfrLookup': async ({ personalNumber }, user) => {
      const parsed = parseRecipientQuery(personalNumber, careUnitCodeFormOf(ctx.regionSettings.settings.careUnitCode), ctx.now());
      if (!parsed.ok) return parsed;
      if (parsed.value.kind !== 'personalNumber') return err('personalNumber.format', 'Folkbokföringen söks på personnummer (12 siffror, ÅÅÅÅMMDDNNNN).');
      const pnr = parsed.value.personalNumber;
      const sync = ctx.sync;
      if (!sync) return offline('på den här arbetsstationen, som inte har någon central server');
      let answer: CfrLookupResponse;
      try {
        answer = await sync.request(CFR_LOOKUP_PATH, { clientId: sync.clientId, userId: user.id, personalNumber: pnr }, CfrLookupResponse);
      } catch (error) {
        if (error instanceof SyncRequestError && error.failure.kind === 'refused') return err(error.failure.code, error.failure.message);
        return offline('just nu. Försök igen när nätverket är tillbaka');
      }
      // Who looked whom up, here too: the register's id of the person, never the personal number.
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        userId: user.id,
        action: 'cfr.lookup',
        entity: answer.found ? (answer.recipientId ? 'recipient' : 'person') : 'person',
        entityId: answer.found ? (answer.recipientId ?? answer.person.registerId) : 'unknown',
        details: { found: answer.found },
      });
      if (!answer.found) {
        return ok({
          found: false,
          person: null,
          mayAdopt: false,
          recipientId: null,
          message:
            answer.reason === 'not-resident'
              ? `Personen med personnummer ${formatPersonalNumber(pnr)} är inte folkbokförd i regionen. Hjälpmedel kan bara förskrivas till den som är folkbokförd i regionen.`
              : `Ingen person med personnummer ${formatPersonalNumber(pnr)} finns i regionens folkbokföringsregister.`,
        });
      }
      const local = repo.findId({ kind: 'personalNumber', personalNumber: pnr });
      if (answer.inStore || local) {
        return ok({ found: true, person: answer.person, mayAdopt: false, recipientId: local?.id ?? answer.recipientId, message: 'Personen är redan mottagare i lagret.' });
      }
      if (answer.person.deceased) {
        return ok({ found: true, person: answer.person, mayAdopt: false, recipientId: null, message: 'Personen är avliden enligt folkbokföringen och kan inte tas in som mottagare.' });
      }
      found.set(pnr, { person: answer.person, recipientId: answer.recipientId, at: ctx.now().getTime(), userId: user.id });
      return ok({ found: true, person: answer.person, mayAdopt: true, recipientId: null, message: 'Personen finns i folkbokföringen men är inte mottagare i lagret ännu.' });
    },
    'recipient.adopt': ({ personalNumber }, user) => {
      const hit = found.get(personalNumber);
      if (!hit || hit.userId !== user.id || ctx.now().getTime() - hit.at > LOOKUP_VALID_MS) {
        return err('lookup-first', 'Sök personen i folkbokföringen (CFR) först; sedan kan personen tas in som mottagare.');
      }
      const recipientId = hit.recipientId ?? randomUUID();
      const p = hit.person;
      const saved = ctx.writer.write(
        'recipient.adopt',
        { changeId: randomUUID(), recipientId, storeId: ctx.ownStoreId, personalNumber, name: p.name, address: p.address, postalCode: p.postalCode, city: p.city },
        user.id,
      );
      if (!saved.ok) return saved;
      found.delete(personalNumber);
      return ok({ mutationId: saved.value.mutationId, id: recipientId });
    },
    'recipient.aidsPdf': ({ recipientId, prescribedOnly }, user) => {
      // The list carries personal data: a logged view like the card.
      const r = repo.view(recipientId, user.id, { via: 'recipient.aidsPdf' });
      if (!r) return notFound();
      const held = [...repo.aids(recipientId, { tab: 'aids', isoPrefix: '', articleType: null }), ...repo.aids(recipientId, { tab: 'consumables', isoPrefix: '', articleType: null })]
        // A cancelled order's rows were never the recipient's: not on the printed list.
        .filter((a) => a.cancelledAt === null && (!prescribedOnly || a.prescribed))
        .sort((a, b) => (b.deliveredAt ?? b.orderedAt).localeCompare(a.deliveredAt ?? a.orderedAt));
      const st = storeOf.get(ctx.ownStoreId);
      const identity = r.kind === 'patient' && r.personalNumber ? `Personnummer ${formatPersonalNumber(r.personalNumber)}` : `Vårdenhet ${r.careUnitCode ?? ''}`;
      const pdf = rendered(() =>
        renderAidsList({
          issuer: { name: st?.issuer ?? 'Hjälpmedelscentralen', addressLines: [] },
          store: { id: ctx.ownStoreId, name: st?.name ?? `Lager ${ctx.ownStoreId}`, addressLines: [] },
          recipient: { name: r.name, identity, addressLines: [r.address, [r.postalCode, r.city].filter(Boolean).join(' ')].filter((l): l is string => !!l) },
          prescribedOnly,
          aids: held.map((a) => ({
            articleNo: a.articleNo,
            name: a.articleName,
            individualNo: a.individualNo,
            isoCode: a.isoCode,
            orderedQuantity: a.orderedQuantity,
            quantity: a.quantity,
            deliveredAt: a.deliveredAt ? a.deliveredAt.slice(0, 10) : null,
            prescribed: a.prescribed,
          })),
          printedBy: user.name,
          printedAt: ctx.now().toISOString(),
        }),
      );
      if (!pdf.ok) return pdf;
      // The file name names no person (it is seen in download lists): the recipient's id.
      return ok(pdfAnswer(safeFileName(`Hjalpmedelslista-${prescribedOnly ? 'forskrivna-' : ''}${recipientId}.pdf`), pdf.value, false));
    },
    'recipient.updateContact': (input, user) => {
      const saved = ctx.writer.write('recipient.updateContact', { ...input, changeId: randomUUID(), storeId: ctx.ownStoreId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: input.recipientId }) : saved;
    },
  };
}
