import { startServer } from '../../server/app';
import { runCentralCommand } from '../../server/admin/commands';
import { DEMO_ENROLMENT_KEY } from '../../electron/backend/backend';
import { NO_RATE_LIMITS } from './databases';
import type { CentralUnderTest } from './sync-harness';

/** A small demo region (as the server's own suites use): quick to seed. */
const REGION = { articles: 240, individuals: 160, recipients: 20 };

/**
 * The central server the sync integration tests run against: the real one (server/), in process,
 * on PGlite in memory, or on the PostgreSQL at BUFFERT_TEST_DATABASE_URL when set.
 */
export async function startCentral(): Promise<CentralUnderTest> {
  const databaseUrl = process.env.BUFFERT_TEST_DATABASE_URL?.trim();
  const server = await startServer({ db: databaseUrl || 'pglite', demo: REGION, enrolmentKey: DEMO_ENROLMENT_KEY, rateLimits: NO_RATE_LIMITS });
  return {
    get url() {
      return server.url;
    },
    enrolmentKey: DEMO_ENROLMENT_KEY,
    restart: () => server.restart(),
    admin: async (argv) => {
      const out = await runCentralCommand(server.db, argv);
      if (!out.ok) throw new Error(out.error.message);
      return out.value;
    },
    query: async <R>(sql: string, params: unknown[] = []) => (await server.db.query<R & Record<string, unknown>>(sql, params)).rows as R[],
    close: () => server.close(),
  };
}
