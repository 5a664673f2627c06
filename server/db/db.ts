/**
 * One SQL dialect, two engines: the central server speaks plain PostgreSQL through this small
 * interface, backed by `pg` (a real PostgreSQL, production and CI) or PGlite (PostgreSQL in WASM,
 * the embedded default and the quick tests). Both adapters parse values the same way: int8 as a JS
 * number (our sequences stay far below 2^53), dates and timestamps as their text.
 */

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A name makes the statement a prepared one on PostgreSQL (parsed and planned once per
   * connection): worth it for the few statements run once per mutation. PGlite ignores it.
   */
  name?: string;
}

export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
}

/** Inside a transaction: parameterised queries plus multi-statement scripts (migrations). */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  readOnly?: boolean;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** BEGIN … COMMIT around `fn`; ROLLBACK and rethrow when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export function beginStatement(options: TransactionOptions = {}): string {
  const isolation = (options.isolation ?? 'read committed').toUpperCase();
  return `BEGIN ISOLATION LEVEL ${isolation}${options.readOnly ? ' READ ONLY' : ''}`;
}

/** PostgreSQL's SQLSTATE of a failed query, for both drivers. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Advisory lock keys (pg_advisory_xact_lock): one per purpose, region-wide. */
export const LOCK = {
  migrate: 0x42554601,
  seed: 0x42554602,
  /** Held from allocating change sequence numbers until COMMIT: the feed's order is commit order. */
  changeLog: 0x42554603,
} as const;
