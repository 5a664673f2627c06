import pg from 'pg';
import { beginStatement, type Db, type QueryOptions, type QueryResult, type TransactionOptions, type Tx } from './db';

const INT8 = 20;
const asText = (value: string) => value;
/** int8 → number; date/timestamp types stay text (no local-midnight Date surprises). */
const TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1266]);

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8) return (value: string) => Number(value);
    if (TEXT_TYPES.has(oid)) return asText;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PgOptions {
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

/** A pool of connections to a real PostgreSQL. Several server processes may share one database. */
export function openPg(connectionString: string, options: PgOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? 'buffert-central',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const run = async <T,>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>> => {
    const values = params as unknown[] | undefined;
    const result = await (options?.name ? client.query({ name: options.name, text: sql, values }) : client.query(sql, values));
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  };

  return {
    kind: 'pg',
    query: (sql, params, options) => run(pool, sql, params, options),
    async transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(beginStatement(options));
        const tx: Tx = {
          query: (sql, params, options) => run(client, sql, params, options),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that cannot even roll back is dropped instead of going back to the pool.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
