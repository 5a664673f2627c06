import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsArbitrary, convergenceWorld, runInterleaving, type ConvergenceWorld } from '../helpers/convergence';
import { startCentral } from '../helpers/central';
import { replicaState, serverTruth, type CentralUnderTest } from '../helpers/sync-harness';

let central: CentralUnderTest;
let world: ConvergenceWorld;

beforeAll(async () => {
  central = await startCentral();
  world = await convergenceWorld(central);
}, 60_000);
afterAll(async () => {
  world.cleanup();
  await central.close();
});

describe('property: replicas converge to the server’s state', () => {
  it('for random interleavings of offline writes, pushes and pulls on three workstations', async () => {
    await fc.assert(
      fc.asyncProperty(commandsArbitrary(3, 25), async (commands) => {
        const problem = await runInterleaving(world, 3, commands);
        expect(problem).toBeNull();
      }),
      { numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 20) },
    );
  }, 180_000);

  it('and the observer that followed the feed equals a fresh bootstrap of the server', async () => {
    const fresh = await serverTruth(central);
    try {
      expect(replicaState(world.observer.backend)).toEqual(replicaState(fresh.backend));
    } finally {
      fresh.cleanup();
    }
  });
});
