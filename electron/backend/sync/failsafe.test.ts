import { describe, expect, it } from 'vitest';
import { failsafeMessage, failsafeTrip } from './failsafe';

describe('fail-safe threshold', () => {
  const base = { individual: 1000, article: 200, store: 4 };

  it('lets ordinary deletions through', () => {
    expect(failsafeTrip(base, { individual: 10, article: 100 })).toBeNull();
    expect(failsafeTrip(base, { individual: 500 })).toBeNull(); // exactly half
  });

  it('trips when more than half of a guarded table would go', () => {
    expect(failsafeTrip(base, { individual: 501 })).toEqual({ table: 'individual', rows: 1000, deletions: 501 });
  });

  it('reports the worst table', () => {
    expect(failsafeTrip(base, { individual: 600, article: 190 })).toMatchObject({ table: 'article' });
  });

  it('does not guard tiny tables (all 4 stores may legitimately change)', () => {
    expect(failsafeTrip(base, { store: 4 })).toBeNull();
  });

  it('counts deletions across the pages of one pull run', () => {
    // Ten pages of 60 each: no single page trips, the run does.
    let run = 0;
    let tripped = null;
    for (let page = 0; page < 10 && !tripped; page++) {
      run += 60;
      tripped = failsafeTrip(base, { individual: run });
    }
    expect(tripped).toMatchObject({ deletions: 540 });
  });

  it('takes its limits from the options', () => {
    expect(failsafeTrip({ individual: 10 }, { individual: 9 }, { minRows: 5, maxShare: 0.8 })).toMatchObject({ deletions: 9 });
    expect(failsafeTrip({ individual: 10 }, { individual: 9 }, { minRows: 20, maxShare: 0.8 })).toBeNull();
  });

  it('explains itself in Swedish with the numbers', () => {
    expect(failsafeMessage({ table: 'individual', rows: 1000, deletions: 600 })).toMatch(/ta bort 600 av 1000 individer \(60 %\)/);
  });
});
