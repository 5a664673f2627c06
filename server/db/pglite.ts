import fs from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, TransactionOptions, Tx } from './db';

const asText = (value: string) => value;
const parsers = {
  20: (value: string) => Number(value),
  1082: asText,
  1083: asText,
  1114: asText,
  1184: asText,
  1266: asText,
};

/**
 * PGlite: PostgreSQL compiled to WASM, in this process. One connection, so transactions are
 * serialized by PGlite itself. `dataDir` undefined → in memory (tests); otherwise a directory that
 * only this process may open (the admin CLI goes through the running server, see server/cli.ts).
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ ...(dataDir !== undefined ? { dataDir } : {}), parsers });

  const run = async <T,>(target: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    const result = await target.query<T>(sql, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
  };

  return {
    kind: 'pglite',
    query: (sql, params) => run(pglite, sql, params),
    transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
      return pglite.transaction(async (transaction) => {
        if (options?.isolation || options?.readOnly) {
          const isolation = (options.isolation ?? 'read committed').toUpperCase();
          await transaction.query(`SET TRANSACTION ISOLATION LEVEL ${isolation}${options.readOnly ? ' READ ONLY' : ''}`);
        }
        const tx: Tx = {
          query: (sql, params) => run(transaction, sql, params),
          exec: async (sql) => {
            await transaction.exec(sql);
          },
        };
        return fn(tx);
      });
    },
    close: () => pglite.close(),
  };
}
