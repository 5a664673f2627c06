import type { CounterColumns, KeyOf, ReplicatedTable, RowOf } from '../sync/tables';

/**
 * The small vocabulary a mutation's rule speaks when it says what to write. Each side interprets
 * it once, from the table spec (shared/sync/tables.ts): the workstation writes SQLite and records
 * the inverse of every step (electron/backend/sync/effects.ts), the server writes PostgreSQL and
 * the change log with the scopes each row goes to (server/sync/effects.ts). No mutation writes SQL
 * of its own, so undo, change feed and duplicate-id checks come for free with a new mutation.
 */
export type Effect = { [T in ReplicatedTable]: InsertEffect<T> | UpdateEffect<T> | AddEffect<T> | ShareEffect<T> }[ReplicatedTable];

/** A new row under an id the mutation chose (its args carry it): never overwrites an existing row. */
export interface InsertEffect<T extends ReplicatedTable> {
  kind: 'insert';
  table: T;
  row: RowOf<T>;
}

/** Some fields of an existing row. */
export interface UpdateEffect<T extends ReplicatedTable> {
  kind: 'update';
  table: T;
  key: KeyOf<T>;
  set: Partial<Omit<RowOf<T>, keyof KeyOf<T>>>;
}

/** Adds to counter columns (a stock balance); the row is created from `init` when missing. */
export interface AddEffect<T extends ReplicatedTable> {
  kind: 'add';
  table: T;
  key: KeyOf<T>;
  amounts: Partial<Record<CounterColumns<T>, number>>;
  /** The row's other columns, used only when it does not exist yet (counters then start at 0). */
  init: Partial<Omit<RowOf<T>, keyof KeyOf<T>>>;
}

/**
 * A row of a table replicated to the stores that hold it (central's `scope_store_ids`: recipients,
 * individuals) is now held by `storeId` too: central adds the store and announces the row to it,
 * as it stands. The workstation doing it has the row already (its own insert, or a pull), so it
 * writes nothing. A store never loses a row this way; the list only grows.
 */
export interface ShareEffect<T extends ReplicatedTable> {
  kind: 'share';
  table: T;
  key: KeyOf<T>;
  storeId: string;
}

/** Who did what, for the audit log of both sides. */
export interface Audit {
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** What a rule decided: the rows to write and the audit entry. */
export interface Decision {
  effects: Effect[];
  audit: Audit;
}

export const insert = <T extends ReplicatedTable>(table: T, row: RowOf<T>): InsertEffect<T> => ({ kind: 'insert', table, row });
export const update = <T extends ReplicatedTable>(table: T, key: KeyOf<T>, set: UpdateEffect<T>['set']): UpdateEffect<T> => ({
  kind: 'update',
  table,
  key,
  set,
});
export const add = <T extends ReplicatedTable>(table: T, key: KeyOf<T>, amounts: AddEffect<T>['amounts'], init: AddEffect<T>['init']): AddEffect<T> => ({
  kind: 'add',
  table,
  key,
  amounts,
  init,
});

export const share = <T extends ReplicatedTable>(table: T, key: KeyOf<T>, storeId: string): ShareEffect<T> => ({ kind: 'share', table, key, storeId });

/**
 * The row a mutation's effect is recognised by: its first insert (every mutation creates at least
 * one row under an id of its own args). After a lost answer, that row in the server's data means
 * the server applied the mutation.
 */
export function markerOf(decision: Decision): { table: ReplicatedTable; key: Record<string, unknown> } | null {
  for (const e of decision.effects) {
    if (e.kind === 'insert') return { table: e.table, key: e.row as Record<string, unknown> };
  }
  return null;
}
