import { describe, expect, it } from 'vitest';
import { regionStore, regionStoreProblems } from './stores';

const stores = [
  { id: '10', kind: 'central' },
  { id: '11', kind: 'central' },
  { id: '800', kind: 'purchase' },
  { id: '999', kind: 'investigation' },
  { id: '50301', kind: 'store' },
];

describe('regionStore', () => {
  it('uses the region’s number when the store table has it, whatever the default', () => {
    expect(regionStore('central', { central: '11', purchase: '800', investigation: '999' }, stores)).toEqual({ id: '11', problem: null });
    expect(regionStore('central', { central: '10', purchase: '800', investigation: '999' }, stores)).toEqual({ id: '10', problem: null });
  });

  it('falls back to the store of that kind and reports it; null when there is none', () => {
    const r = regionStore('investigation', { central: '10', purchase: '800', investigation: '998' }, stores);
    expect(r.id).toBe('999');
    expect(r.problem).toEqual({ key: 'storeNumbers', message: 'Lager 998 (utredningslagret) finns inte i lagerregistret; lager 999 används.' });
    expect(regionStore('purchase', { central: '10', purchase: '801', investigation: '999' }, stores.filter((s) => s.kind !== 'purchase')).id).toBeNull();
    expect(regionStoreProblems({ central: '10', purchase: '800', investigation: '999' }, stores)).toEqual([]);
  });
});
