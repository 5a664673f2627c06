import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend, type Backend, type BackendOptions } from '../../electron/backend/backend';
import { makeVerifier } from '../../electron/backend/session/credentials';
import { DEMO_PASSWORD } from '../../shared/demo/generator';
import type { ReplicaKey } from '../../electron/backend/db/replica-key';
import { TEST_REPLICA_KEY_HEX } from './replica-key';

export interface TempBackend {
  backend: Backend;
  dataDir: string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'buffert-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The fixed key of test and bench replicas (replica-key.ts). */
export const TEST_REPLICA_KEY: ReplicaKey = Buffer.from(TEST_REPLICA_KEY_HEX, 'hex');

/** A real backend over a real SQLite file in a fresh temp directory, seeded with the demo region. */
export function tempBackend(options: Partial<BackendOptions> = {}): TempBackend {
  const dataDir = options.dataDir ?? makeTempDir();
  const backend = openBackend({ dataDir, now: () => new Date('2026-11-22T10:00:00Z'), replicaKey: TEST_REPLICA_KEY, ...options });
  return {
    backend,
    dataDir,
    cleanup() {
      backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * As if `userId` had logged in online on this workstation before: the offline credential for the
 * demo password exists (replicas filled from central have none; the online login has its own
 * tests in tests/integration/login.test.ts). Cheap scrypt parameters: test data.
 */
export function provisionOfflineLogin(backend: Backend, userId: string): void {
  const credentials = backend.context.repos.credentials;
  if (!credentials.state(userId)) credentials.provision(userId, 'password', DEMO_PASSWORD, new Date(), new Date(Date.now() + 86400e3), makeVerifier(DEMO_PASSWORD, 10));
}

