import { startServer } from './app';
import { centralDataDir } from './config';
import { DEMO_ENROLMENT_KEY } from './sync/auth';

/**
 * `npm run server`: the central server alone. PostgreSQL when DATABASE_URL is set, otherwise
 * PGlite in BUFFERT_SERVER_DATA_DIR (default ~/.buffert-central). An empty database is seeded with
 * the demo region. HOST (default 127.0.0.1) and PORT (default 8787).
 */
const databaseUrl = process.env.DATABASE_URL?.trim();
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT ska vara ett portnummer, inte "${process.env.PORT}".`);
  process.exit(2);
}

const server = await startServer({
  ...(databaseUrl ? { db: databaseUrl } : { db: 'pglite', dataDir: centralDataDir() }),
  host: process.env.HOST?.trim() || '127.0.0.1',
  port,
  logger: process.env.BUFFERT_SERVER_LOG === '1',
});
console.log(`Buffert central: ${server.url} (${databaseUrl ? 'PostgreSQL' : `PGlite i ${centralDataDir()}`})`);
if (!process.env.BUFFERT_ENROLMENT_KEY) console.log(`Registreringsnyckel: demo ("${DEMO_ENROLMENT_KEY}"). Sätt BUFFERT_ENROLMENT_KEY i drift.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
