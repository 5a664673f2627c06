import { describe, expect, it } from 'vitest';
import { contract, type HandlerName } from '../../../shared/api/contract';
import type { StockLevelRow } from '../../../shared/api/order';
import type { Transport } from '../../../shared/api/transport';
import { ok, type Result } from '../../../shared/result';
import { createLevelStore } from './levelStore';

/** stock.levels / stock.setLevel in miniature: the levels kept as set; calls and answers checked against the contract. */
function fakeBackend() {
  const calls: { name: HandlerName; args: Record<string, unknown> }[] = [];
  const levels = new Map<string, StockLevelRow>();
  const handlers: Partial<Record<HandlerName, (args: Record<string, unknown>) => Result<unknown>>> = {
    'stock.levels': () => ok([...levels.values()]),
    'stock.setLevel': ({ articleId, minLevel, maxLevel }) => {
      const id = String(articleId);
      levels.set(id, { articleId: id, articleNo: id.slice(1), name: `Artikel ${id.slice(1)}`, minLevel: Number(minLevel), maxLevel: Number(maxLevel), available: 0, updatedAt: '2026-11-22T10:00:00Z', userName: 'Lena Tekniker' });
      return ok({ mutationId: 1, id });
    },
  };
  const transport: Transport = {
    kind: 'http',
    invoke: (async (name: HandlerName, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const input = contract[name].input.safeParse(args);
      if (!input.success) throw new Error(`${name}: the store sent what the contract refuses: ${input.error.message}`);
      const result = handlers[name]!(input.data as Record<string, unknown>);
      if (result.ok && !contract[name].output.safeParse(result.value).success) throw new Error(`${name}: the fake answered outside the contract`);
      return result;
    }) as Transport['invoke'],
    on: (() => () => {}) as Transport['on'],
  };
  return { transport, calls };
}

describe('Min/max-nivåer', () => {
  it('max below min is refused by the shared rule at the max field, before anything is sent', async () => {
    const backend = fakeBackend();
    const store = createLevelStore(backend.transport, () => {});
    const refused = await store.getState().setLevel({ articleId: 'A10001', minLevel: 5, maxLevel: 2 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.details?.issues).toEqual([{ path: ['maxLevel'], message: 'Maxnivån kan inte vara lägre än miniminivån.' }]);
    expect(backend.calls).toEqual([]);
    expect((await store.getState().setLevel({ articleId: 'A10001', minLevel: 2, maxLevel: 5 })).ok).toBe(true);
    expect(backend.calls.map((c) => c.name)).toEqual(['stock.setLevel', 'stock.levels']);
    expect(store.getState().savedArticleId).toBe('A10001');
    // The list is fetched again after the save and shows the new level.
    expect(store.getState().rows?.map((r) => [r.articleNo, r.minLevel, r.maxLevel])).toEqual([['10001', 2, 5]]);
  });
});
