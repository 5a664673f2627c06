import fs from 'node:fs';
import { DEMO_ENROLMENT_KEY } from '../shared/sync/protocol';
import { startServer, type RunningServer } from './app';
import { serverLoggerOptions } from './log';
import { describeDatabase, serverConfig } from './config';
import { probePostgres, startupErrorMessage } from './startup';

/**
 * The central server process (`npm run server`, and dist/central/main.js when deployed; every
 * variable is in docs/deploy-central.md). PostgreSQL when DATABASE_URL is set, otherwise PGlite in
 * BUFFERT_SERVER_DATA_DIR. Migrations run on start; an empty database is seeded with the demo
 * region. Exit status: 2 for a configuration error, 1 when the start fails, 0 after SIGTERM/SIGINT.
 */
const config = serverConfig(process.env);
if (!config.ok) {
  console.error(config.error.message);
  process.exit(2);
}
const c = config.value;

let server: RunningServer;
try {
  if (c.databaseUrl !== undefined) await probePostgres(c.databaseUrl);
  server = await startServer({
    ...(c.databaseUrl !== undefined ? { db: c.databaseUrl, poolSize: c.poolSize } : { db: 'pglite', dataDir: c.dataDir }),
    host: c.host,
    port: c.port,
    logger: c.logFile ? serverLoggerOptions({ file: c.logFile }) : c.logger,
    ...(c.enrolmentKey !== undefined ? { enrolmentKey: c.enrolmentKey } : {}),
    ...(c.tls ? { tls: { cert: fs.readFileSync(c.tls.certFile, 'utf8'), key: fs.readFileSync(c.tls.keyFile, 'utf8') } } : {}),
    ...(c.siths ? { siths: c.siths } : {}),
    ...(process.env.BUFFERT_APP_ORIGINS ? { appOrigins: process.env.BUFFERT_APP_ORIGINS.split(',').map((o) => o.trim()) } : {}),
    trustProxy: c.trustProxy,
    rateLimits: {
      register: c.rateLimitPerMinute.register > 0 ? { max: c.rateLimitPerMinute.register, timeWindowMs: 60_000 } : false,
      login: c.rateLimitPerMinute.login > 0 ? { max: c.rateLimitPerMinute.login, timeWindowMs: 60_000 } : false,
    },
  });
} catch (error) {
  console.error(`Centralen kunde inte starta: ${startupErrorMessage(error, c)}`);
  process.exit(1);
}
// scripts/central-for-start.mjs and the benchmark read the URL from this line.
console.log(`Buffert central: ${server.url} (${describeDatabase(c)})`);
if (c.enrolmentKey === undefined) console.log(`Registreringsnyckel: demo ("${DEMO_ENROLMENT_KEY}"). Sätt BUFFERT_ENROLMENT_KEY i drift.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  try {
    // Fastify stops accepting, answers 503 on kept-alive connections and lets running requests finish.
    await server.close();
    console.log(`Buffert central: stoppad (${signal}).`);
    process.exit(0);
  } catch (error) {
    console.error(`Buffert central: fel vid stopp: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
