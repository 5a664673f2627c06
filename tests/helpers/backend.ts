import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend, type Backend, type BackendOptions } from '../../electron/backend/backend';
import type { ReplicaKey } from '../../electron/backend/db/replica-key';

export interface TempBackend {
  backend: Backend;
  dataDir: string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'buffert-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The replica key of test and bench data directories: a fixed key, so that a test can reopen a
 * data directory (and a child process open the parent's). Real workstations get a random one.
 */
export const TEST_REPLICA_KEY: ReplicaKey = Buffer.from('5d1b7c0e9a4f36b2c8e1d7a0f4b96e3c2a8d5f1e7b0c4a9d6e2f8b1c5a3d7e90', 'hex');

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
