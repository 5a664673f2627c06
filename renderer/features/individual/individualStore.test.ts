import { describe, expect, it } from 'vitest';
import type { HandlerName } from '../../../shared/api/contract';
import type { IndividualDetails } from '../../../shared/api/schemas';
import type { Transport } from '../../../shared/api/transport';
import { err, ok, type Result } from '../../../shared/result';
import { createIndividualStore } from './individualStore';

const details = (individualNo: string): IndividualDetails => ({
  id: 'I1',
  individualNo,
  serialNo: null,
  articleId: 'A10000',
  articleNo: '10000',
  articleName: 'Rollator Cross 50 cm',
  status: 'inStore',
  storeId: '50301',
  articleType: 'mainAid',
  supplierName: null,
  supplierArticleNo: null,
  isoCode: '120606',
  isoName: null,
  purchaseDate: null,
  acquisitionValueOre: null,
  warrantyEnd: null,
  estimatedAgeYears: 0,
  storeName: 'Buffertlager',
  location: null,
  history: [],
  holder: null,
  order: null,
  activities: [],
  components: [],
});

function fakeBackend() {
  let current = details('100000');
  const calls: HandlerName[] = [];
  const listeners: ((payload: { tables: string[] }) => void)[] = [];
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: Record<string, unknown>): Promise<Result<unknown>> => {
      calls.push(name);
      if (name === 'individual.get') return ok(current);
      if (name === 'individual.changeNumber') {
        if (args.newIndividualNo === '100001') return err('duplicate-individual-no', 'Individnummer 100001 finns redan. Individnummer är unika.');
        current = details(String(args.newIndividualNo));
        return ok({ mutationId: 1, id: 'I1' });
      }
      return err('unexpected', name);
    }) as Transport['invoke'],
    on: ((event: string, listener: (payload: { tables: string[] }) => void) => {
      if (event === 'data.changed') listeners.push(listener);
      return () => {};
    }) as Transport['on'],
  };
  return { transport, calls, dataChanged: (tables: string[]) => listeners.forEach((l) => l({ tables })) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('individual store: writes', () => {
  it('an unconfirmed number change is refused with the rule\'s Swedish message before anything is sent', async () => {
    const backend = fakeBackend();
    const store = createIndividualStore(backend.transport, () => {});
    const refused = await store.getState().changeNumber({ individualId: 'I1', newIndividualNo: '200000', reason: 'Felmärkt', confirmed: false as true });
    expect(refused.ok || refused.error.message).toMatch(/Bekräfta att det är rätt individ som ska byta nummer\./);
    expect(backend.calls).toEqual([]);
  });

  it('after a write the open individual is fetched again; a refusal changes nothing', async () => {
    const backend = fakeBackend();
    const store = createIndividualStore(backend.transport, () => {});
    await store.getState().loadDetails('I1');
    const taken = await store.getState().changeNumber({ individualId: 'I1', newIndividualNo: '100001', reason: 'Felmärkt', confirmed: true });
    expect(taken.ok || taken.error.code).toBe('duplicate-individual-no');
    expect(backend.calls).toEqual(['individual.get', 'individual.changeNumber']);

    const saved = await store.getState().changeNumber({ individualId: 'I1', newIndividualNo: '200000', reason: 'Felmärkt', confirmed: true });
    expect(saved.ok).toBe(true);
    await settle();
    expect(store.getState().details?.individualNo).toBe('200000');
  });

  it('a data.changed event about individuals refreshes the open individual, other tables do not', async () => {
    const backend = fakeBackend();
    const store = createIndividualStore(backend.transport, () => {});
    await store.getState().loadDetails('I1');
    backend.dataChanged(['recipient']);
    backend.dataChanged(['individual_text']);
    await settle();
    expect(backend.calls).toEqual(['individual.get', 'individual.get']);
  });
});
