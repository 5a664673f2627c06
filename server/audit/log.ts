import { createHash } from 'node:crypto';
import {
  auditHash,
  breakMessage,
  chainAfter,
  findChainBreaks,
  GENESIS_HASH,
  type ChainBreak,
  type ChainedAuditRecord,
} from '../../shared/domain/audit/chain';
import type { Db, Queryable, Tx } from '../db/db';

/**
 * Central's own audit log, hash-chained (docs/decisions/0019-audit-trail.md). THE one insert path
 * for `audit_log`: auth's security events, the admin commands' and push's mutation entries, and
 * request-level entries all come through `appendCentralAudit`.
 *
 * One chain per workstation (`chain` = its client id) plus `central` for central's own writes
 * (admin commands). The chain's head row (`audit_chain_head`) is locked by the upsert that reads
 * it, in the inserting transaction: writers of one chain take turns, writers of different chains
 * never wait for each other. A push already holds its client's sync_client row from its first
 * statement, so pushes of one client (through any server node) were serialized anyway, and the
 * head is taken last, at flush: no lock order can cross.
 */

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Central's own chain: writes that no workstation made. Client ids are at least 8 characters. */
export const CENTRAL_CHAIN = 'central';

export interface CentralAuditEntry {
  at: string;
  userId: string | null;
  /** The workstation behind the write; its chain. Null: central's own chain. */
  clientId?: string | null;
  mutationId?: number | null;
  action: string;
  entity: string;
  entityId: string;
  details?: unknown;
}

export const chainOf = (clientId: string | null | undefined): string => clientId ?? CENTRAL_CHAIN;

function isDb(q: Tx | Db): q is Db {
  return typeof (q as Db).transaction === 'function';
}

/**
 * Appends entries (in order) to their chains. Call inside the transaction of the write they
 * record; given the database itself, it runs a transaction of its own.
 */
export async function appendCentralAudit(q: Tx | Db, entries: CentralAuditEntry | readonly CentralAuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? (entries as readonly CentralAuditEntry[]) : [entries as CentralAuditEntry];
  if (list.length === 0) return;
  if (isDb(q)) return q.transaction((tx) => appendCentralAudit(tx, list));
  const byChain = new Map<string, CentralAuditEntry[]>();
  for (const e of list) {
    const chain = chainOf(e.clientId);
    let group = byChain.get(chain);
    if (!group) byChain.set(chain, (group = []));
    group.push(e);
  }
  // Chains in name order: two transactions writing the same two chains lock them alike.
  for (const chain of [...byChain.keys()].sort()) await appendToChain(q, chain, byChain.get(chain)!);
}

async function appendToChain(tx: Tx, chain: string, entries: readonly CentralAuditEntry[]): Promise<void> {
  // Creates the head on first use and locks it (the upsert's row lock) until COMMIT.
  const { rows } = await tx.query<{ seq: number; hash: string }>(
    `INSERT INTO audit_chain_head (chain, seq, hash) VALUES ($1, 0, $2)
     ON CONFLICT (chain) DO UPDATE SET chain = excluded.chain RETURNING seq, hash`,
    [chain, GENESIS_HASH],
    { name: 'audit.lockHead' },
  );
  const head = rows[0]!;
  const chained = chainAfter(
    sha256Hex,
    head,
    entries.map((e) => ({
      at: e.at,
      userId: e.userId,
      clientId: e.clientId ?? null,
      mutationId: e.mutationId ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      // As jsonb gives it back: canonical JSON of the value, so the hash reads the same later.
      details: e.details === undefined ? null : (JSON.parse(JSON.stringify(e.details)) as unknown),
    })),
  );
  const last = chained.at(-1)!;
  await tx.query(
    `WITH inserted AS (
       INSERT INTO audit_log (at, user_id, client_id, mutation_id, action, entity, entity_id, details, chain, chain_seq, prev_hash, hash)
       SELECT at, user_id, client_id, mutation_id, action, entity, entity_id, details::jsonb, $1, chain_seq, prev_hash, hash
       FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[])
         WITH ORDINALITY AS u(at, user_id, client_id, mutation_id, action, entity, entity_id, details, chain_seq, prev_hash, hash, n)
       ORDER BY n
     )
     UPDATE audit_chain_head SET seq = $13, hash = $14 WHERE chain = $1`,
    [
      chain,
      chained.map((c) => c.at),
      chained.map((c) => c.userId),
      chained.map((c) => c.clientId),
      chained.map((c) => c.mutationId),
      chained.map((c) => c.action),
      chained.map((c) => c.entity),
      chained.map((c) => c.entityId),
      chained.map((c) => (c.details === null ? null : JSON.stringify(c.details))),
      chained.map((c) => c.seq),
      chained.map((c) => c.prevHash),
      chained.map((c) => c.hash),
      last.seq,
      last.hash,
    ],
    { name: 'audit.insert' },
  );
}

interface CentralAuditRow {
  chain_seq: number;
  at: string;
  user_id: string | null;
  client_id: string | null;
  mutation_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  details: unknown;
  prev_hash: string;
  hash: string;
}

const recordOf = (r: CentralAuditRow): ChainedAuditRecord => ({
  seq: r.chain_seq,
  at: r.at,
  userId: r.user_id,
  clientId: r.client_id,
  mutationId: r.mutation_id,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  details: r.details ?? null,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export interface ChainReport {
  chain: string;
  count: number;
  breaks: ChainBreak[];
}

/** Checks one chain of central's audit log in sequence order, and its head against the last entry (entries taken off the end). */
export async function verifyCentralChain(db: Queryable, chain: string): Promise<ChainReport> {
  const { rows } = await db.query<CentralAuditRow>(
    `SELECT chain_seq, at, user_id, client_id, mutation_id, action, entity, entity_id, details, prev_hash, hash
     FROM audit_log WHERE chain = $1 ORDER BY chain_seq, seq`,
    [chain],
  );
  const { count, head, breaks } = findChainBreaks(sha256Hex, rows.map(recordOf));
  const stored = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE chain = $1', [chain])).rows[0];
  if (stored && (stored.seq !== head.seq || stored.hash !== head.hash)) {
    breaks.push({
      seq: stored.seq,
      kind: stored.seq > head.seq ? 'gap' : 'link',
      message:
        stored.seq > head.seq
          ? `Kedjan slutar på nr ${head.seq} men har skrivits till nr ${stored.seq}: de sista posterna har tagits bort.`
          : breakMessage('link', stored.seq, stored.seq),
    });
  }
  return { chain, count, breaks };
}

export async function centralChains(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ chain: string }>('SELECT chain FROM audit_chain_head UNION SELECT DISTINCT chain FROM audit_log ORDER BY chain');
  return rows.map((r) => r.chain);
}

/** Server migration 10: chains the entries written before the chain existed, per chain in their order. */
export async function chainExistingCentralAudit(tx: Tx): Promise<void> {
  const { rows } = await tx.query<Omit<CentralAuditRow, 'chain_seq' | 'prev_hash' | 'hash'> & { seq: number }>(
    'SELECT seq, at, user_id, client_id, mutation_id, action, entity, entity_id, details FROM audit_log ORDER BY seq',
  );
  const heads = new Map<string, { seq: number; hash: string }>();
  const updates: { seq: number; chain: string; chainSeq: number; prev: string; hash: string }[] = [];
  for (const r of rows) {
    const chain = chainOf(r.client_id);
    const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
    const chainSeq = head.seq + 1;
    const hash = auditHash(
      sha256Hex,
      { seq: chainSeq, at: r.at, userId: r.user_id, clientId: r.client_id, mutationId: r.mutation_id, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details ?? null },
      head.hash,
    );
    updates.push({ seq: r.seq, chain, chainSeq, prev: head.hash, hash });
    heads.set(chain, { seq: chainSeq, hash });
  }
  for (let i = 0; i < updates.length; i += 5000) {
    const part = updates.slice(i, i + 5000);
    await tx.query(
      `UPDATE audit_log a SET chain = u.chain, chain_seq = u.chain_seq, prev_hash = u.prev_hash, hash = u.hash
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS u(seq, chain, chain_seq, prev_hash, hash)
       WHERE a.seq = u.seq`,
      [part.map((u) => u.seq), part.map((u) => u.chain), part.map((u) => u.chainSeq), part.map((u) => u.prev), part.map((u) => u.hash)],
    );
  }
  for (const [chain, head] of heads) {
    await tx.query('INSERT INTO audit_chain_head (chain, seq, hash) VALUES ($1, $2, $3)', [chain, head.seq, head.hash]);
  }
}
