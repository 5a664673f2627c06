import { KNOWN_OPEN, syncFuzzSuite } from '../helpers/sync-fuzz';

/**
 * `npm run test:soak`, the central server at full size: the sync API fuzz with 2,000 runs per
 * property (SYNC_FUZZ_RUNS, SYNC_FUZZ_SEED override). `npm test` runs the same suite smaller
 * (tests/integration/sync-fuzz.test.ts).
 */
syncFuzzSuite({
  runs: Number(process.env.SYNC_FUZZ_RUNS ?? 2_000),
  knownOpen: KNOWN_OPEN,
  timeoutMs: 30 * 60_000,
  ...(process.env.SYNC_FUZZ_SEED ? { seed: Number(process.env.SYNC_FUZZ_SEED) } : {}),
});
