import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import { api } from './wedge';

const run = promisify(execFile);

/** The admin CLI (`npm run central -- …`) against the e2e run's central server, as an operator runs it. */
export async function central(...argv: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'server/cli.ts', ...argv], { env: { ...process.env, BUFFERT_SERVER_DATA_DIR: process.env.BUFFERT_E2E_CENTRAL_DATA_DIR }, timeout: 60_000 });
  return stdout;
}

/** Syncs now, then waits until the workstation is bootstrapped, idle and has nothing left to push. */
export async function synced(request: APIRequestContext, timeout = 90_000): Promise<void> {
  await api(request, 'sync.now', {});
  await expect
    .poll(
      async () => {
        const s = await api<{ state: string; pendingChanges: number; bootstrapped: boolean }>(request, 'sync.status', {});
        return s.bootstrapped && s.state === 'idle' && s.pendingChanges === 0;
      },
      { timeout },
    )
    .toBe(true);
}
