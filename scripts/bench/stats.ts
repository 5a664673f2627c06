/** Timing helpers for the benchmark: percentiles over repeated calls, in milliseconds. */
export interface Timing {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `fn` once per input (after a warm-up pass over the first inputs) and returns percentiles. */
export function time<T>(inputs: readonly T[], fn: (input: T) => unknown): Timing {
  for (const input of inputs.slice(0, Math.min(50, inputs.length))) fn(input);
  const samples: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    fn(input);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), n: samples.length };
}

export const ms = (v: number): string => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(2)} ms`);
export const ratio = (handler: number, raw: number): string => `${(handler / raw).toFixed(1)}×`;
