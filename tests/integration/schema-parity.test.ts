import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Db as Replica } from '../../electron/backend/db/replica';
import { openCentralDb, type CentralDb } from '../../server/app';
import { columnType, REPLICATED_TABLES, TABLE_SPECS, tableSpec, type ColumnSpec } from '../../shared/sync/tables';
import { BACKENDS, testBackend, type TestBackend } from '../helpers/databases';

/**
 * The one spec of the replicated tables (shared/sync/tables.ts) against what the two migrations
 * really build: the workstation replica's `PRAGMA table_info` and PostgreSQL's
 * `information_schema`. A column added to one side only, a wrong type or nullability, fails here.
 */

/** Replica-only columns: the FTS rowid alias, and the derived column the spec names. */
const replicaOnly = (table: string): Set<string> => {
  const reversed = TABLE_SPECS[table as keyof typeof TABLE_SPECS] as { reversed?: { column: string } };
  return new Set(['seq', ...(reversed.reversed ? [reversed.reversed.column] : [])]);
};
/** Central-only columns: which stores a row goes to, and the derived (generated) column. */
const centralOnly = (table: string): Set<string> => {
  const reversed = TABLE_SPECS[table as keyof typeof TABLE_SPECS] as { reversed?: { column: string } };
  return new Set(['scope_store_ids', ...(reversed.reversed ? [reversed.reversed.column] : [])]);
};

const sqliteType = (spec: ColumnSpec) => (['integer', 'boolean'].includes(columnType(spec).type) ? 'INTEGER' : columnType(spec).type === 'blob' ? 'BLOB' : 'TEXT');
const pgTypes = (spec: ColumnSpec): string[] => {
  switch (columnType(spec).type) {
    case 'integer':
      return ['integer', 'bigint'];
    case 'boolean':
      return ['boolean'];
    case 'json':
      return ['ARRAY', 'jsonb', 'json'];
    case 'blob':
      return ['bytea'];
    default:
      return ['text'];
  }
};

describe('the table spec matches the workstation replica', () => {
  let db: Replica;
  beforeAll(() => {
    db = openReplica(':memory:');
  });
  afterAll(() => db.close());

  it.each(REPLICATED_TABLES)('%s: same columns, types, nullability and key', (table) => {
    const spec = tableSpec(table);
    const info = db.prepare<[], { name: string; type: string; notnull: number; pk: number }>(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table}')`).all();
    const local = replicaOnly(table);
    const columns = info.filter((c) => !local.has(c.name));
    expect(columns.map((c) => c.name).sort()).toEqual(Object.keys(spec.columns).sort());
    for (const c of columns) {
      const s = spec.columns[c.name]!;
      expect(`${c.name} ${c.type}`).toBe(`${c.name} ${sqliteType(s)}`);
      // SQLite lets a non-integer primary key column hold NULL unless declared NOT NULL; the key is checked below.
      if (!spec.key.includes(c.name)) expect(`${c.name} ${c.notnull ? 'not null' : 'null'}`).toBe(`${c.name} ${columnType(s).nullable ? 'null' : 'not null'}`);
    }
    // The key is the primary key, or (tables with an FTS rowid alias) a unique column.
    const pk = info.filter((c) => c.pk > 0).map((c) => c.name);
    if (pk.length === 1 && pk[0] === 'seq') {
      const unique = db.prepare<[], { name: string }>(`SELECT il.name FROM pragma_index_list('${table}') l, pragma_index_info(l.name) il WHERE l."unique" = 1`).all().map((r) => r.name);
      for (const k of spec.key) expect(unique).toContain(k);
    } else {
      expect(pk.sort()).toEqual([...spec.key].sort());
    }
  });

  it('every parent the spec names is a replicated table with that column', () => {
    for (const table of REPLICATED_TABLES) {
      for (const p of tableSpec(table).parents) {
        expect(REPLICATED_TABLES as readonly string[]).toContain(p.table);
        expect(Object.keys(tableSpec(table).columns)).toContain(p.column);
      }
    }
  });
});

describe.each(BACKENDS)('the table spec matches the central database on %s', (kind) => {
  let backend: TestBackend;
  let central: CentralDb;
  beforeAll(async () => {
    backend = await testBackend(kind);
    central = await openCentralDb({ db: await backend.database(), demo: false });
  });
  afterAll(async () => {
    await central?.close();
    await backend?.close();
  });

  it.each(REPLICATED_TABLES)('%s: same columns, types, nullability and key', async (table) => {
    const spec = tableSpec(table);
    const { rows } = await central.db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    const only = centralOnly(table);
    const columns = rows.filter((c) => !only.has(c.column_name));
    expect(columns.map((c) => c.column_name).sort()).toEqual(Object.keys(spec.columns).sort());
    for (const c of columns) {
      const s = spec.columns[c.column_name]!;
      expect(pgTypes(s), `${table}.${c.column_name} is ${c.data_type}`).toContain(c.data_type);
      expect(`${c.column_name} ${c.is_nullable === 'YES' ? 'null' : 'not null'}`).toBe(`${c.column_name} ${columnType(s).nullable ? 'null' : 'not null'}`);
    }
    const { rows: pk } = await central.db.query<{ column_name: string }>(
      `SELECT k.column_name FROM information_schema.table_constraints t
       JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
       WHERE t.table_schema = current_schema() AND t.table_name = $1 AND t.constraint_type = 'PRIMARY KEY'`,
      [table],
    );
    expect(pk.map((r) => r.column_name).sort()).toEqual([...spec.key].sort());
  });
});
