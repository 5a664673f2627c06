import pg from 'pg';
import { sqlState } from './db/db';
import { describeDatabase, type ServerConfig } from './config';

/** How long a start waits for PostgreSQL to accept a connection before it gives up with a message. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Thrown when the database does not answer within CONNECT_TIMEOUT_MS at start. */
export class ConnectTimeoutError extends Error {}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why the server (or the admin CLI) could not start, as one Swedish line for the person reading
 * the service log: which setting, which database, what to check. No stack trace, no password.
 */
export function startupErrorMessage(
  error: unknown,
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<ServerConfig, 'host' | 'port'>>,
): string {
  const db = describeDatabase(config);
  const state = sqlState(error);
  const code = errnoOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectTimeoutError) return `${db} svarar inte (ingen anslutning inom ${CONNECT_TIMEOUT_MS / 1000} s). Kontrollera DATABASE_URL, nätet och brandväggen.`;
  if (code === 'EADDRINUSE') return `Porten ${config.port} på ${config.host} används redan av ett annat program. Välj en annan PORT eller stoppa det programmet.`;
  if (code === 'EADDRNOTAVAIL') return `HOST ${config.host} är ingen adress på den här datorn. Ange en av datorns egna adresser (eller 127.0.0.1).`;
  if (code === 'EACCES' && /listen/i.test(text)) return `Centralen får inte lyssna på port ${config.port} (portar under 1024 kräver extra behörighet). Välj en PORT över 1024.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `Centralen får inte skriva i ${config.dataDir}. Kontrollera BUFFERT_SERVER_DATA_DIR och mappens ägare.`;
  if (code === 'ECONNREFUSED') return `${db} nekar anslutningen: ingen PostgreSQL lyssnar där. Kontrollera värd och port i DATABASE_URL och att PostgreSQL körs.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${db}: värden finns inte (DNS). Kontrollera värdnamnet i DATABASE_URL.`;
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${db} går inte att nå över nätet (${code}). Kontrollera nätet och brandväggen.`;
  if (state === '28P01' || state === '28000') return `${db} nekar inloggningen (${state}): kontrollera användare och lösenord (DATABASE_URL / PGPASSWORD) och pg_hba.conf.`;
  if (state === '3D000') return `${db}: databasen finns inte. Skapa den först (docs/deploy-central.md, "PostgreSQL").`;
  if (state === '42501') return `${db}: rollen saknar behörighet att skapa tabeller (${state}). Rollen ska äga databasen (docs/deploy-central.md).`;
  if (state !== undefined && state.startsWith('53')) return `${db} har slut på resurser (${state}: ${text}). Kontrollera max_connections mot BUFFERT_DB_POOL_SIZE × antal noder.`;
  if (/^Connection terminated/.test(text)) return `${db} stängde anslutningen innan den var klar. Kontrollera värd och port i DATABASE_URL, nätet och brandväggen.`;
  if (/self[- ]signed|certificate|SSL|TLS/i.test(text)) return `${db}: TLS-anslutningen misslyckades (${text}). Kontrollera sslmode och certifikat i DATABASE_URL.`;
  return `${db}: ${state ? `PostgreSQL-fel ${state}: ` : ''}${text}`;
}

/**
 * One connection to PostgreSQL with a timeout before the pool is opened: the pool itself has none
 * (a firewall that drops packets would hang the start for minutes), and a timeout on the pool
 * would also cut off requests that wait for a free connection under load.
 */
export async function probePostgres(connectionString: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  // pg's own connect timeout also destroys the half-open socket.
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    if (errnoOf(error) === undefined && error instanceof Error && error.message === 'timeout expired') {
      throw new ConnectTimeoutError(`no connection within ${timeoutMs} ms`, { cause: error });
    }
    throw error;
  }
  await client.end();
}
