import { syncFuzzSuite } from '../helpers/sync-fuzz';

/**
 * Fuzzing the real central server's sync API over HTTP, on PGlite and on PostgreSQL (issue 7,
 * "a fuzz test of /sync/push and /sync/pull"). The guarantees and inputs are listed in
 * tests/helpers/sync-fuzz.ts, with deterministic cases of the input classes it first found
 * breaking a guarantee (NUL, lone surrogates, a balance at the integer limit).
 * `npm run test:soak` runs the same properties with more runs (SYNC_FUZZ_RUNS); SYNC_FUZZ_SEED
 * repeats a run.
 */
syncFuzzSuite({
  runs: Number(process.env.SYNC_FUZZ_RUNS ?? 120),
  ...(process.env.SYNC_FUZZ_SEED ? { seed: Number(process.env.SYNC_FUZZ_SEED) } : {}),
});
