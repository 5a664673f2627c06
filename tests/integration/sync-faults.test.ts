import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFaultScenario } from '../helpers/fault-scenario';
import { startCentral } from '../helpers/central';
import type { CentralUnderTest } from '../helpers/sync-harness';

let central: CentralUnderTest;

beforeAll(async () => {
  central = await startCentral();
});
afterAll(() => central.close());

describe('fault injection: 3 workstations, 20 % faults, server restarts, outages', () => {
  it('loses nothing, applies nothing twice, and every side ends with the same balances', async () => {
    const report = await runFaultScenario({ central, mutations: Number(process.env.SYNC_FAULT_MUTATIONS ?? 600) });
    console.log(`fault injection: ${JSON.stringify(report)}`);
    expect(report.lost).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
    expect(report.replicasEqual).toBe(true);
    expect(report.balancesAsExpected).toBe(true);
    expect(report.restarts).toBe(2);
    for (const f of ['drop-request', 'drop-response', 'cut-request', 'cut-response', 'duplicate', 'delay'] as const) expect(report.faults[f]).toBeGreaterThan(0);
  }, 180_000);
});
