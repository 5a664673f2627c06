import type { Change, PullRequest, PullResponse, ReplicatedTable } from '../../shared/sync/protocol';
import type { Row, Tx } from '../db/db';
import { decodeCursor, encodeCursor } from './cursor';
import { blobColumns } from '../../shared/sync/tables';
import { REGION_SCOPE, TABLE, isReplicated, rowKey } from './tables';

export interface PullContext {
  epoch: string;
  clientId: string;
  storeId: string;
}

export type PullOutcome = { ok: true; response: PullResponse } | { ok: false; code: 'resync-required' };

interface Entry {
  seq: number;
  table_name: string;
  row_id: string;
  op: 'upsert' | 'delete';
}

/** Parent chains are short (individual_text → individual → article → iso_class → iso_class …). */
const MAX_PARENT_DEPTH = 8;

/**
 * One page of the change feed for the client's store, read in one REPEATABLE READ snapshot:
 *
 * 1. The entries after the cursor in the region scope ('*') and the store's scope, in seq order
 *    (two index range scans merged), at most `limit`.
 * 2. The current row of every upsert (the log holds each row once, at its latest change, so the
 *    feed is compressed over its whole range, not only within a page).
 * 3. Parents pulled forward: a row may refer to a parent whose own latest change lies beyond this
 *    page (an article changed after its individuals were registered). The workstation applies a
 *    page in one transaction with foreign keys on, so such parents are added to the page with their
 *    current state; they come again, harmlessly, at their own place in the feed.
 * 4. The page in dependency order (upserts parents first, deletes children first).
 */
export async function pullPage(tx: Tx, ctx: PullContext, request: Pick<PullRequest, 'cursor' | 'limit'>): Promise<PullOutcome> {
  let fromSeq = 0;
  if (request.cursor !== null) {
    const position = decodeCursor(request.cursor, ctx.epoch, ctx.storeId);
    if (!position) return { ok: false, code: 'resync-required' };
    // A cursor ahead of the sequence comes from a database that has since been restored or replaced.
    const { rows } = await tx.query<{ last_value: number; is_called: boolean }>('SELECT last_value, is_called FROM change_seq');
    const high = rows[0]?.is_called ? rows[0].last_value : 0;
    if (position.seq > high) return { ok: false, code: 'resync-required' };
    fromSeq = position.seq;
  }

  const { rows: found } = await tx.query<Entry>(
    `SELECT seq, table_name, row_id, op FROM (
       (SELECT seq, table_name, row_id, op FROM change_log WHERE scope = $2 AND seq > $1 ORDER BY seq LIMIT $3)
       UNION ALL
       (SELECT seq, table_name, row_id, op FROM change_log WHERE scope = $4 AND seq > $1 ORDER BY seq LIMIT $3)
     ) e ORDER BY seq LIMIT $3`,
    [fromSeq, REGION_SCOPE, request.limit + 1, ctx.storeId],
  );
  const full = found.length > request.limit ? found.slice(0, request.limit) : found;
  // A page ends early where its rows' bytes (attachments) would exceed the budget.
  const fits = await withinBlobBudget(tx, full);
  const entries = full.slice(0, fits);
  const hasMore = found.length > request.limit || fits < full.length;
  const pageEnd = entries.length > 0 ? entries[entries.length - 1]!.seq : fromSeq;

  const changes = new Map<string, Change>();
  const wanted = new Map<ReplicatedTable, Map<string, number>>();
  for (const e of entries) {
    if (!isReplicated(e.table_name)) continue;
    if (e.op === 'delete') {
      changes.set(`${e.table_name}|${e.row_id}`, { seq: e.seq, table: e.table_name, op: 'delete', id: e.row_id, row: null });
    } else {
      let ids = wanted.get(e.table_name);
      if (!ids) wanted.set(e.table_name, (ids = new Map()));
      ids.set(e.row_id, e.seq);
    }
  }

  for (let depth = 0; wanted.size > 0 && depth < MAX_PARENT_DEPTH; depth++) {
    const parents = new Map<ReplicatedTable, Set<string>>();
    for (const [table, ids] of wanted) {
      const spec = TABLE[table];
      for (const row of await fetchRows(tx, table, [...ids.keys()])) {
        const id = rowKey(spec.key.map((k) => row[k]));
        changes.set(`${table}|${id}`, { seq: ids.get(id) ?? 0, table, op: 'upsert', id, row });
        for (const p of spec.parents) {
          const parentId = row[p.column];
          const parentTable = p.table as ReplicatedTable;
          if (typeof parentId !== 'string' || changes.has(`${parentTable}|${parentId}`)) continue;
          let set = parents.get(parentTable);
          if (!set) parents.set(parentTable, (set = new Set()));
          set.add(parentId);
        }
      }
    }
    wanted.clear();
    // On the last page nothing lies beyond it: every parent is delivered already or in this page.
    if (parents.size === 0 || !hasMore) break;
    // Parents whose latest change in this scope lies beyond the page are not at the client yet
    // (or are stale there): deliver them now. Usually few rows of a parent table changed after
    // the page: read those (a range scan) and keep the referenced ones; when many did (early in a
    // bootstrap), look the referenced parents up one by one instead.
    for (const [table, set] of parents) {
      const scope = TABLE[table].scope === 'region' ? REGION_SCOPE : ctx.storeId;
      const cap = set.size + 100;
      const { rows: later } = await tx.query<{ seq: number; row_id: string }>(
        `SELECT seq, row_id FROM change_log WHERE scope = $1 AND table_name = $2 AND seq > $3 AND op = 'upsert' ORDER BY seq LIMIT $4`,
        [scope, table, pageEnd, cap],
        { name: 'pull.laterRows' },
      );
      const ahead =
        later.length < cap
          ? later.filter((r) => set.has(r.row_id))
          : (
              await tx.query<{ seq: number; row_id: string }>(
                `SELECT seq, row_id FROM change_log
                 WHERE table_name = $1 AND scope = $2 AND row_id = ANY($3::text[]) AND op = 'upsert' AND seq > $4`,
                [table, scope, [...set], pageEnd],
              )
            ).rows;
      if (ahead.length === 0) continue;
      let map = wanted.get(table);
      if (!map) wanted.set(table, (map = new Map()));
      for (const a of ahead) map.set(a.row_id, a.seq);
    }
  }

  const { rows: clientRows } = await tx.query<{ last_mutation_id: number }>('SELECT last_mutation_id FROM sync_client WHERE client_id = $1', [
    ctx.clientId,
  ]);
  const response: PullResponse = {
    cursor: encodeCursor(ctx.epoch, ctx.storeId, pageEnd),
    hasMore,
    changes: inDependencyOrder([...changes.values()]),
    lastMutationId: clientRows[0]?.last_mutation_id ?? 0,
  };
  if (request.cursor === null) {
    const { rows } = await tx.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM change_log WHERE scope = $1) + (SELECT count(*) FROM change_log WHERE scope = $2) AS n`,
      [REGION_SCOPE, ctx.storeId],
    );
    response.estimatedTotal = rows[0]?.n ?? 0;
  }
  return { ok: true, response };
}

/**
 * What one page may carry of `blob` columns (attachments, up to 10 MiB each): past this budget the
 * page ends, but it always carries its first such row, so a large file still comes through alone.
 */
export const PULL_PAGE_BLOB_BYTES = 8 * 1024 * 1024;

/** How many of the entries fit the page's blob budget (all of them when no table has a blob column). */
async function withinBlobBudget(tx: Tx, entries: readonly Entry[]): Promise<number> {
  const byTable = new Map<ReplicatedTable, string[]>();
  for (const e of entries) {
    if (e.op !== 'upsert' || !isReplicated(e.table_name) || blobColumns(e.table_name).length === 0) continue;
    let ids = byTable.get(e.table_name);
    if (!ids) byTable.set(e.table_name, (ids = []));
    ids.push(e.row_id);
  }
  if (byTable.size === 0) return entries.length;
  const bytes = new Map<string, number>();
  for (const [table, ids] of byTable) {
    const spec = TABLE[table];
    const size = blobColumns(table).map((c) => `coalesce(octet_length(t.${c}), 0)`).join(' + ');
    const { rows } = await tx.query<{ id: string; bytes: number }>(
      `SELECT ${spec.key.map((k) => `t.${k}::text`).join(` || '|' || `)} AS id, (${size})::int AS bytes FROM ${table} t
       WHERE ${spec.key.map((k) => `t.${k}::text`).join(` || '|' || `)} = ANY($1::text[])`,
      [ids],
    );
    for (const r of rows) bytes.set(`${table}|${r.id}`, r.bytes);
  }
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const b = bytes.get(`${entries[i]!.table_name}|${entries[i]!.row_id}`) ?? 0;
    if (b > 0 && total > 0 && total + b > PULL_PAGE_BLOB_BYTES) return i;
    total += b;
  }
  return entries.length;
}

/** Current rows by key, in the replica's columns. */
async function fetchRows(tx: Tx, table: ReplicatedTable, ids: string[]): Promise<Row[]> {
  const spec = TABLE[table];
  if (spec.key.length === 1) {
    const { rows } = await tx.query(`SELECT ${spec.select} FROM ${table} t WHERE t.${spec.key[0]} = ANY($1::${spec.keyTypes[0]}[])`, [ids]);
    return rows;
  }
  const [a, b] = spec.key as [string, string];
  const [typeA, typeB] = spec.keyTypes as [string, string];
  const left: string[] = [];
  const right: string[] = [];
  for (const id of ids) {
    const at = id.indexOf('|');
    if (at < 0) continue;
    left.push(id.slice(0, at));
    right.push(id.slice(at + 1));
  }
  const { rows } = await tx.query(
    `SELECT ${spec.select} FROM unnest($1::${typeA}[], $2::${typeB}[]) AS k(a, b)
     JOIN ${table} t ON t.${a} = k.a AND t.${b} = k.b`,
    [left, right],
  );
  return rows;
}

/**
 * Upserts parents first (by table rank, then self-references: a store's parent store, an ISO
 * class's shorter parent code), deletes afterwards with children first.
 */
function inDependencyOrder(changes: Change[]): Change[] {
  const depth = (c: Change): number => {
    if (c.row === null) return 0;
    if (c.table === 'iso_class') return String(c.row.code).length;
    if (c.table === 'store') return c.row.parent_store_id === null ? 0 : 1;
    return 0;
  };
  const upserts = changes.filter((c) => c.op === 'upsert');
  const deletes = changes.filter((c) => c.op === 'delete');
  upserts.sort((x, y) => TABLE[x.table].rank - TABLE[y.table].rank || depth(x) - depth(y) || x.seq - y.seq);
  deletes.sort((x, y) => TABLE[y.table].rank - TABLE[x.table].rank || y.seq - x.seq);
  return [...upserts, ...deletes];
}

