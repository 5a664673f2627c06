import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrashScenario } from '../helpers/crash-scenario';
import { startCentral } from '../helpers/central';
import type { CentralUnderTest } from '../helpers/sync-harness';

let central: CentralUnderTest;

beforeAll(async () => {
  central = await startCentral();
});
afterAll(() => central.close());

describe('crash test: the workstation process killed with SIGKILL during writes and syncs', () => {
  it('every write it reported saved is on the server after restart, none twice', async () => {
    const report = await runCrashScenario(central, Number(process.env.SYNC_CRASH_KILLS ?? 25));
    console.log(`crash test: ${JSON.stringify(report)}`);
    expect(report.saved).toBeGreaterThan(report.kills);
    expect(report.lost).toEqual([]);
    expect(report.appliedTwice).toEqual([]);
    expect(report.onServer).toBeGreaterThanOrEqual(report.saved);
    expect(report.ftsTriggers).toBe(7);
  }, 180_000);
});
