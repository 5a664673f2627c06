import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, nominalDelay } from './backoff';

const opts = { baseMs: 1000, maxMs: 60_000 };

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => nominalDelay(n, opts))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(nominalDelay(10_000, opts)).toBe(60_000);
    expect(nominalDelay(0, opts)).toBe(0);
  });

  it('jitters within [nominal/2, nominal]', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const nominal = nominalDelay(attempt, opts);
      expect(backoffDelay(attempt, opts, () => 0)).toBe(nominal / 2);
      expect(backoffDelay(attempt, opts, () => 0.999_999)).toBe(nominal);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, opts);
        expect(d).toBeGreaterThanOrEqual(nominal / 2);
        expect(d).toBeLessThanOrEqual(nominal);
      }
    }
  });

  it('spreads retries: many clients do not retry in step', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelay(5, opts)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('counts consecutive failures and starts over after a success', () => {
    const b = new Backoff(opts, () => 0.5);
    expect([b.fail(), b.fail(), b.fail()]).toEqual([750, 1500, 3000]);
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.fail()).toBe(750);
  });
});
