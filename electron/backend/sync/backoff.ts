/**
 * Retry delays for network errors and 5xx answers: exponential growth from `baseMs`, capped at
 * `maxMs`, with "equal jitter" (half fixed, half random) so that many workstations coming back
 * after the same outage do not hit the server in step, while a retry never comes sooner than half
 * the nominal delay. 4xx answers are never retried (engine.ts).
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** The nominal (jitter-free) delay before retry number `attempt` (1 = first retry). */
export function nominalDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (attempt < 1) return 0;
  // 2^30 already exceeds any sensible cap; keeps the arithmetic finite for absurd attempt counts.
  const exp = Math.min(attempt - 1, 30);
  return Math.min(options.maxMs, options.baseMs * 2 ** exp);
}

/** The delay to wait: within [nominal / 2, nominal]. `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const nominal = nominalDelay(attempt, options);
  const half = nominal / 2;
  return Math.round(half + random() * half);
}

/** Counts consecutive failures; a success resets it. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Records a failure and returns how long to wait before the next try. */
  fail(): number {
    this.attempt++;
    return backoffDelay(this.attempt, this.options, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }

  get failures(): number {
    return this.attempt;
  }
}
