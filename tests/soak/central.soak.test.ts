import { syncFuzzSuite } from '../helpers/sync-fuzz';
import { twoNodeSuite } from '../helpers/two-nodes';

/**
 * `npm run test:soak`, the central server at full size (`npm test` runs the same suites smaller):
 * - the sync API fuzz, 2,000 runs per property (SYNC_FUZZ_RUNS, SYNC_FUZZ_SEED);
 * - two nodes on one PostgreSQL: 16 workstations × 250 mutations, 3 pullers
 *   (SYNC_TWO_NODES_WORKSTATIONS, SYNC_TWO_NODES_MUTATIONS, SYNC_TWO_NODES_PULLERS, SYNC_TWO_NODES_SEED).
 */
const size = (name: string, full: number) => Number(process.env[name] ?? full);

syncFuzzSuite({
  runs: size('SYNC_FUZZ_RUNS', 2_000),
  timeoutMs: 60 * 60_000,
  ...(process.env.SYNC_FUZZ_SEED ? { seed: Number(process.env.SYNC_FUZZ_SEED) } : {}),
});

twoNodeSuite({
  workstations: size('SYNC_TWO_NODES_WORKSTATIONS', 16),
  mutationsPerWorkstation: size('SYNC_TWO_NODES_MUTATIONS', 250),
  pullers: size('SYNC_TWO_NODES_PULLERS', 3),
  timeoutMs: 30 * 60_000,
  ...(process.env.SYNC_TWO_NODES_SEED ? { seed: Number(process.env.SYNC_TWO_NODES_SEED) } : {}),
});
