import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './client';

describe('retryAfterMs (a 429 answer)', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it('reads seconds and HTTP dates, never a negative wait, at most an hour; 60 s when missing or unreadable', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(3_600_000);
    expect(retryAfterMs(undefined, now)).toBe(60_000);
    expect(retryAfterMs('snart', now)).toBe(60_000);
    expect(retryAfterMs(['1', '2'], now)).toBe(60_000);
  });
});
