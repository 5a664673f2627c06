import { createHash } from 'node:crypto';
import type { Decision, Effect } from '../../shared/domain/effects';
import { columnType, type ColumnSpec, type ReplicatedTable } from '../../shared/sync/tables';
import type { Tx } from '../db/db';
import type { WriteBatch } from './batch';
import { pgType, pgValue, TABLE, type WriteScope } from './tables';

/**
 * The central interpreter of the effect vocabulary (shared/domain/effects.ts), written once for
 * every mutation from the table spec: rows are written to PostgreSQL and every written row is
 * recorded in the change log with the scopes that should receive it. Inserts never overwrite: a
 * row whose key exists already is a `DuplicateRow`, which push turns into the refusal
 * `duplicate-id`. Ledger rows, texts and counters are buffered in the batch and written in
 * bulk at its end (fixed order: no deadlocks on hot rows); other rows are written at once, so later
 * mutations of the same batch read them in their facts.
 */

type Values = Record<string, unknown>;

/** A mutation tried to insert a row under a key that exists (or was written earlier in the batch). */
export class DuplicateRow extends Error {
  constructor(
    readonly table: ReplicatedTable,
    readonly id: string,
  ) {
    super(`${table} ${id} exists already`);
    this.name = 'DuplicateRow';
  }
}

const columnsOf = (table: ReplicatedTable) => TABLE[table].columns as unknown as Record<string, ColumnSpec>;

/** Prepared-statement names for generated SQL: stable per text, within PostgreSQL's 63 bytes. */
const statementName = (sql: string) => `fx_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;

/** `table.k1 || '|' || table.k2` as text: a row's change id. */
export const keySql = (table: ReplicatedTable, alias: string) => TABLE[table].key.map((k) => `${alias}.${k}::text`).join(` || '|' || `);

/** The scopes (text[]) of row `alias` of `table`, as SQL. */
export function scopeSql(table: ReplicatedTable, alias: string, depth = 0): string {
  const scope: WriteScope = TABLE[table].writeScope;
  switch (scope.kind) {
    case 'region':
      return `ARRAY['*']::text[]`;
    case 'column':
      return `ARRAY[${alias}.${scope.column}]::text[]`;
    case 'storeColumn':
      return `(SELECT CASE WHEN s.kind = 'central' THEN ARRAY['*'] ELSE ARRAY[s.id] END::text[] FROM store s WHERE s.id = ${alias}.${scope.column})`;
    case 'array':
      return `${alias}.scope_store_ids`;
    case 'parent': {
      const parent = TABLE[scope.table];
      if (parent.key.length !== 1 || depth > 4) throw new Error(`parent scope of ${table} needs a single-column key`);
      const p = `p${depth}`;
      return `(SELECT ${scopeSql(scope.table, p, depth + 1)} FROM ${scope.table} ${p} WHERE ${p}.${parent.key[0]} = ${alias}.${scope.column})`;
    }
    case 'none':
      throw new Error(`mutations do not write ${table}`);
  }
}

/**
 * The scopes of a row from its own values, for tables whose scope needs no lookup (`centralStores`:
 * the region's central stores, for `storeColumn` scopes).
 */
export function scopesOfValues(table: ReplicatedTable, values: Values, centralStores: ReadonlySet<string> = new Set()): string[] {
  const scope = TABLE[table].writeScope;
  if (scope.kind === 'region') return ['*'];
  if (scope.kind === 'column') return typeof values[scope.column] === 'string' ? [values[scope.column] as string] : [];
  if (scope.kind === 'storeColumn') {
    const store = values[scope.column];
    if (typeof store !== 'string') return [];
    return centralStores.has(store) ? ['*'] : [store];
  }
  throw new Error(`the scopes of ${table} rows need a lookup`);
}

const isBlob = (table: ReplicatedTable, column: string): boolean => {
  const spec = columnsOf(table)[column];
  return spec !== undefined && columnType(spec).type === 'blob';
};

/** Booleans and numbers go as they are; the spec's types cast the parameter arrays. */
function param(table: ReplicatedTable, column: string, values: readonly Values[]): { sql: string; value: unknown[] } {
  const spec = columnsOf(table)[column];
  if (!spec) throw new Error(`effect on ${table} names an unknown column ${column}`);
  return { sql: `${pgType(spec)}[]`, value: values.map((v) => v[column] ?? null) };
}

/**
 * Inserts rows of one table (all with the same columns), and records them in the change log.
 * Throws DuplicateRow when a key exists already; then nothing of the statement is kept.
 */
export async function insertRows(tx: Tx, batch: WriteBatch, table: ReplicatedTable, rows: readonly Values[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = TABLE[table];
  const cols = Object.keys(rows[0]!);
  const params = cols.map((c) => param(table, c, rows));
  const scope = spec.writeScope;
  const arrayScope =
    scope.kind === 'array' ? (scope.from ? `, CASE WHEN u.${scope.from} IS NULL THEN '{}'::text[] ELSE ARRAY[u.${scope.from}]::text[] END` : `, '{}'::text[]`) : '';
  const sql = `WITH ins AS (
    INSERT INTO ${table} (${cols.join(', ')}${arrayScope ? ', scope_store_ids' : ''})
    SELECT ${cols.map((c) => (isBlob(table, c) ? `decode(u.${c}, 'base64')` : `u.${c}`)).join(', ')}${arrayScope}
    FROM unnest(${params.map((p, i) => `$${i + 1}::${p.sql}`).join(', ')}) AS u(${cols.join(', ')})
    ON CONFLICT (${spec.key.join(', ')}) DO NOTHING
    RETURNING *
  ) SELECT ${keySql(table, 'ins')} AS id, ${scopeSql(table, 'ins')} AS scopes FROM ins`;
  const { rows: written } = await tx.query<{ id: string; scopes: string[] | null }>(
    sql,
    params.map((p) => p.value),
    { name: statementName(sql) },
  );
  if (written.length < rows.length) {
    const got = new Set(written.map((w) => w.id));
    const missing = rows.map((r) => spec.key.map((k) => String(r[k])).join('|')).find((id) => !got.has(id)) ?? '?';
    throw new DuplicateRow(table, missing);
  }
  const unique = spec.unique ?? [];
  for (const r of rows) batch.noteWritten(table, spec.key.map((k) => String(r[k])).join('|'), unique.map((u) => [u.column, r[u.column]] as [string, unknown]));
  for (const w of written) batch.changes.upsert(table, w.id, (w.scopes ?? []).filter((s): s is string => typeof s === 'string'));
}

/** One row at once (a row later rules of the batch may read): a plain VALUES insert, the cheapest round trip. */
async function insertRow(tx: Tx, batch: WriteBatch, table: ReplicatedTable, row: Values): Promise<void> {
  const spec = TABLE[table];
  const cols = Object.keys(row);
  const params: unknown[] = [];
  const values = cols.map((c) => {
    const s = columnsOf(table)[c];
    if (!s) throw new Error(`effect on ${table} names an unknown column ${c}`);
    params.push(row[c] ?? null);
    return pgValue(s, `$${params.length}`);
  });
  const scope = spec.writeScope;
  if (scope.kind === 'array') {
    const from = scope.from ? cols.indexOf(scope.from) : -1;
    values.push(from < 0 ? `'{}'::text[]` : `CASE WHEN ${values[from]} IS NULL THEN '{}'::text[] ELSE ARRAY[${values[from]}] END`);
  }
  const sql = `INSERT INTO ${table} AS t (${cols.join(', ')}${scope.kind === 'array' ? ', scope_store_ids' : ''}) VALUES (${values.join(', ')})
    ON CONFLICT (${spec.key.join(', ')}) DO NOTHING RETURNING ${keySql(table, 't')} AS id, ${scopeSql(table, 't')} AS scopes`;
  const { rows } = await tx.query<{ id: string; scopes: string[] | null }>(sql, params, { name: statementName(sql) });
  const id = spec.key.map((k) => String(row[k])).join('|');
  if (rows.length === 0) throw new DuplicateRow(table, id);
  batch.noteWritten(table, id, (spec.unique ?? []).map((u) => [u.column, row[u.column]] as [string, unknown]));
  batch.changes.upsert(table, rows[0]!.id, (rows[0]!.scopes ?? []).filter((s): s is string => typeof s === 'string'));
}

async function updateRow(tx: Tx, batch: WriteBatch, table: ReplicatedTable, key: Values, set: Values): Promise<void> {
  const spec = TABLE[table];
  const cols = Object.keys(set);
  if (cols.length === 0) return;
  const params: unknown[] = [];
  const p = (table_: ReplicatedTable, column: string, value: unknown) => {
    const s = columnsOf(table_)[column];
    if (!s) throw new Error(`effect on ${table_} names an unknown column ${column}`);
    // Bytes are written once (shared/sync/tables.ts): an update of one is a bug of the rule.
    if (columnType(s).type === 'blob') throw new Error(`effect on ${table_} updates the blob column ${column}`);
    params.push(value ?? null);
    return `$${params.length}::${pgType(s)}`;
  };
  const assignments = cols.map((c) => `${c} = ${p(table, c, set[c])}`);
  const scope = spec.writeScope;
  if (scope.kind === 'array' && scope.from !== undefined && scope.from in set) {
    // A row that moves to another store keeps every store it has been in (they keep its history).
    const to = p(table, scope.from, set[scope.from]);
    assignments.push(`scope_store_ids = CASE WHEN ${to} IS NULL OR ${to} = ANY(scope_store_ids) THEN scope_store_ids ELSE scope_store_ids || ${to} END`);
  }
  const where = spec.key.map((k) => `${k} = ${p(table, k, key[k])}`).join(' AND ');
  const sql = `UPDATE ${table} t SET ${assignments.join(', ')} WHERE ${where} RETURNING ${keySql(table, 't')} AS id, ${scopeSql(table, 't')} AS scopes`;
  const { rows } = await tx.query<{ id: string; scopes: string[] | null }>(sql, params, { name: statementName(sql) });
  // The rule read this row a moment ago in the same transaction, under its lock: absence is a bug.
  if (rows.length === 0) throw new Error(`${table} ${JSON.stringify(key)} vanished between decide and apply`);
  const unique = (spec.unique ?? []).filter((u) => u.column in set);
  batch.noteWritten(table, rows[0]!.id, unique.map((u) => [u.column, set[u.column]] as [string, unknown]));
  batch.changes.upsert(table, rows[0]!.id, (rows[0]!.scopes ?? []).filter((s): s is string => typeof s === 'string'));
}

/** Adds a store to an array-scoped row's stores and announces the row to it (shared/domain/effects.ts: share). */
async function shareRow(tx: Tx, batch: WriteBatch, table: ReplicatedTable, key: Values, storeId: string): Promise<void> {
  const spec = TABLE[table];
  if (spec.writeScope.kind !== 'array') throw new Error(`${table} is not scoped by scope_store_ids: it cannot be shared with a store`);
  const params: unknown[] = [storeId];
  const where = spec.key
    .map((k) => {
      const s = columnsOf(table)[k];
      if (!s) throw new Error(`effect on ${table} names an unknown column ${k}`);
      params.push(key[k] ?? null);
      return `${k} = $${params.length}::${pgType(s)}`;
    })
    .join(' AND ');
  const sql = `UPDATE ${table} t SET scope_store_ids = CASE WHEN $1::text = ANY(scope_store_ids) THEN scope_store_ids ELSE scope_store_ids || $1::text END
    WHERE ${where} RETURNING ${keySql(table, 't')} AS id, t.scope_store_ids AS scopes`;
  const { rows } = await tx.query<{ id: string; scopes: string[] | null }>(sql, params, { name: statementName(sql) });
  if (rows.length === 0) throw new Error(`${table} ${JSON.stringify(key)} vanished between decide and apply`);
  batch.changes.upsert(table, rows[0]!.id, (rows[0]!.scopes ?? []).filter((s): s is string => typeof s === 'string'));
}

/** Writes one effect (appendOnly inserts and counters are buffered in the batch). */
async function applyEffect(batch: WriteBatch, e: Effect): Promise<void> {
  const table = e.table as ReplicatedTable;
  switch (e.kind) {
    case 'insert':
      if (TABLE[table].bulkInsert) batch.bufferInsert(table, e.row as Values);
      else await insertRow(batch.tx, batch, table, e.row as Values);
      return;
    case 'update':
      return updateRow(batch.tx, batch, table, e.key as Values, e.set as Values);
    case 'add':
      batch.addCounters(table, e.key as Values, e.amounts as Record<string, number>, e.init as Values);
      return;
    case 'share':
      return shareRow(batch.tx, batch, table, e.key as Values, e.storeId);
  }
}

/** Writes effects in order (central writes that no rule decided, e.g. an order shipped by the admin CLI). */
export async function applyEffects(batch: WriteBatch, effects: readonly Effect[]): Promise<void> {
  for (const e of effects) await applyEffect(batch, e);
}

/** Writes a rule's decision: its effects in order, then its audit entry. */
export async function applyDecision(batch: WriteBatch, decision: Decision, who: { userId: string; at: string; mutationId: number | null }): Promise<void> {
  for (const e of decision.effects) await applyEffect(batch, e);
  batch.addAudit({ ...decision.audit, userId: who.userId, at: who.at }, who.mutationId);
}
