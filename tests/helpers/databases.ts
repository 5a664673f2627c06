import type { RateLimits } from '../../server/security/rate-limit';
import { startTempPostgres, type TempPostgres } from './postgres';

/**
 * The two database engines every server integration suite runs on: PGlite in memory (the embedded
 * default) and a real PostgreSQL started for the test file.
 */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type BackendKind = (typeof BACKENDS)[number];

export interface TestBackend {
  kind: BackendKind;
  /** A fresh, empty database: 'pglite' (a new in-memory instance) or a PostgreSQL URL. */
  database(): Promise<string>;
  postgres: TempPostgres | null;
  close(): Promise<void>;
}

let databases = 0;

export async function testBackend(kind: BackendKind): Promise<TestBackend> {
  if (kind === 'pglite') {
    return { kind, database: async () => 'pglite', postgres: null, close: async () => {} };
  }
  const postgres = await startTempPostgres();
  return {
    kind,
    postgres,
    database: () => postgres.createDatabase(`buffert_test_${process.pid}_${++databases}`),
    close: () => postgres.stop(),
  };
}

/** A small demo region: enough of every kind of row, quick to seed on both engines. */
export const SMALL_REGION = { articles: 240, individuals: 160, recipients: 20 } as const;

/**
 * For suites that register many workstations (and log in many times) from 127.0.0.1 within a
 * minute: the strict per-address limits of production would refuse them. The limits themselves
 * are tested in server/security/ with limits of their own.
 */
export const NO_RATE_LIMITS: Partial<RateLimits> = { register: false, login: false };
