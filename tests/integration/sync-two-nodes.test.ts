import { twoNodeSuite } from '../helpers/two-nodes';

/**
 * Issue 7: two central nodes (two server processes) on one PostgreSQL. Workstations push
 * alternately through both, resend batches whose answer was lost and send the same batch to both
 * at once, on contended rows; pullers read pages of 7 alternately through both into real replicas
 * (tests/helpers/two-nodes.ts). Small here; `npm run test:soak` runs it larger. SYNC_TWO_NODES_SEED repeats a plan.
 */
twoNodeSuite({
  workstations: 8,
  mutationsPerWorkstation: 60,
  pullers: 2,
  ...(process.env.SYNC_TWO_NODES_SEED ? { seed: Number(process.env.SYNC_TWO_NODES_SEED) } : {}),
});
