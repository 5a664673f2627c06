import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral } from '../helpers/central';
import { commandsArbitrary, convergenceWorld, runInterleaving } from '../helpers/convergence';
import { runCrashScenario } from '../helpers/crash-scenario';
import { runFaultScenario } from '../helpers/fault-scenario';
import type { CentralUnderTest } from '../helpers/sync-harness';

const size = (name: string, full: number) => Number(process.env[name] ?? full);

let central: CentralUnderTest;
beforeAll(async () => {
  central = await startCentral();
});
afterAll(() => central.close());

describe('sync soak (full size)', () => {
  it('fault injection: 10,000 mutations from 3 workstations with 20 % faults, restarts and outages', async () => {
    const report = await runFaultScenario({ central, mutations: size('SYNC_FAULT_MUTATIONS', 10_000), restarts: 5, outages: 5 });
    console.log(`fault injection: ${JSON.stringify(report)}`);
    expect(report.lost).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
    expect(report.replicasEqual).toBe(true);
    expect(report.balancesAsExpected).toBe(true);
  });

  it('crash test: 200 SIGKILLs during writes and syncs', async () => {
    const report = await runCrashScenario(central, size('SYNC_CRASH_KILLS', 200));
    console.log(`crash test: ${JSON.stringify(report)}`);
    expect(report.lost).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
  });

  it('property: 300 random interleavings on three workstations converge', async () => {
    const world = await convergenceWorld(central);
    try {
      await fc.assert(
        fc.asyncProperty(commandsArbitrary(3, 40), async (commands) => {
          expect(await runInterleaving(world, 3, commands)).toBeNull();
        }),
        { numRuns: size('SYNC_PROPERTY_RUNS', 300) },
      );
    } finally {
      world.cleanup();
    }
  });
});
