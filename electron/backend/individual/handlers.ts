import { randomUUID } from 'node:crypto';
import { parseIndividualQuery } from '../../../shared/domain/individual/search';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';
import { individualLabels } from './labels';

export function individualHandlers(ctx: BackendContext): HandlerGroup<'individual'> {
  const repo = ctx.repos.individuals;
  const labels = individualLabels(ctx.db);
  return {
    'individual.labels': ({ individualIds, layout }) => labels(individualIds, layout, ctx.now().toISOString()),
    'individual.search': ({ query, limit }) => {
      const parsed = parseIndividualQuery(query, ctx.regionSettings.settings.individualSearch);
      if (!parsed.ok) return parsed;
      // A complete individual number opens the individual directly (manual 003).
      const whole = parsed.value.kind === 'substring' ? parsed.value.text
        : parsed.value.kind === 'pattern' && parsed.value.parts.length === 1 && parsed.value.anchoredStart && parsed.value.anchoredEnd ? parsed.value.parts[0]!
        : null;
      if (whole !== null) {
        const exact = repo.findByNumber(whole);
        if (exact) return ok({ match: 'exact' as const, individual: exact });
      }
      const found = repo.search(parsed.value, limit);
      return ok({ match: 'list' as const, ...found });
    },
    'individual.get': ({ id }) => {
      const details = repo.details(id);
      return details ? ok(details) : err('not-found', 'Individen finns inte i lagrets register.');
    },
    // Writes (issue 4): one local transaction each, queued for the central server (sync/writer.ts).
    'individual.register': (input, user) => {
      const individualId = randomUUID();
      const saved = ctx.writer.write(
        'individual.register',
        { ...input, individualId, movementId: randomUUID(), textId: randomUUID(), storeId: ctx.ownStoreId },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: individualId }) : saved;
    },
    'individual.changeNumber': (input, user) => {
      const saved = ctx.writer.write('individual.changeNumber', { ...input, textId: randomUUID() }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: input.individualId }) : saved;
    },
    'individual.addText': (input, user) => {
      const textId = randomUUID();
      const saved = ctx.writer.write('individual.addText', { ...input, textId }, user.id);
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: textId }) : saved;
    },
  };
}
