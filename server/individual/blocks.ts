import { randomUUID } from 'node:crypto';
import { insert } from '../../shared/domain/effects';
import {
  INDIVIDUAL_NO_BLOCK_FIRST,
  INDIVIDUAL_NO_BLOCK_LAST,
  INDIVIDUAL_NO_BLOCK_SIZE,
  MAX_UNTOUCHED_INDIVIDUAL_NO_BLOCKS,
  type IndividualNoBlock,
  type IndividualNoBlockResponse,
} from '../../shared/sync/protocol';
import type { Db, Tx } from '../db/db';
import type { SyncClient } from '../sync/auth';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Blocks of individual numbers for a workstation's offline receipts (POST /sync/individual-number-block).
 * The range comes from the counter `individualNo` in server_counter (the last number given out),
 * taken with INSERT … ON CONFLICT DO UPDATE … RETURNING, so concurrent requests — of any clients,
 * through any server node — get disjoint ranges. The block is a row of `individual_no_block` in the
 * client's store scope (change log: it also reaches the workstation with its next pull, e.g. after
 * a lost answer).
 *
 * Central cannot know which numbers a workstation has used before they are pushed, so the cap is on
 * what it can see: a client holding MAX_UNTOUCHED_INDIVIDUAL_NO_BLOCKS blocks none of whose numbers
 * an individual has centrally is answered with those blocks instead of a new one. A workstation
 * that asks again and again (lost answers, a bug) wastes at most that many blocks; one that uses its
 * numbers always gets more. Requests of one client are serialized on its sync_client row.
 */

/** Numbers have run out (about 5,000 blocks): the region must extend the range (docs/decisions/0011). */
export class IndividualNumbersExhausted extends Error {
  constructor() {
    super('the individual number range for blocks is exhausted');
    this.name = 'IndividualNumbersExhausted';
  }
}

/** Ranges tried when one holds a number an individual already has (a label printed in the range). */
const MAX_SKIPS = 20;

const numbersOf = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => String(first + i));

async function clientBlocks(tx: Tx, clientId: string): Promise<IndividualNoBlock[]> {
  const { rows } = await tx.query<{ id: string; first_no: number; last_no: number; allocated_at: string; taken: number }>(
    `SELECT b.id, b.first_no, b.last_no, b.allocated_at,
       (SELECT count(*) FROM individual i WHERE i.individual_no = ANY(ARRAY(SELECT g::text FROM generate_series(b.first_no, b.last_no) g)))::int AS taken
     FROM (SELECT * FROM individual_no_block WHERE client_id = $1 ORDER BY first_no DESC LIMIT 20) b ORDER BY b.first_no`,
    [clientId],
    { name: 'individualNoBlock.client' },
  );
  return rows.map((r) => ({ id: r.id, firstNo: r.first_no, lastNo: r.last_no, allocatedAt: r.allocated_at, taken: r.taken }));
}

export async function allocateIndividualNoBlock(db: Db, client: SyncClient, now = new Date()): Promise<IndividualNoBlockResponse> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM sync_client WHERE client_id = $1 FOR UPDATE', [client.clientId]);
    const held = (await clientBlocks(tx, client.clientId)).filter((b) => b.taken < b.lastNo - b.firstNo + 1);
    if (held.filter((b) => b.taken === 0).length >= MAX_UNTOUCHED_INDIVIDUAL_NO_BLOCKS) return { allocated: null, blocks: held };
    for (let attempt = 0; attempt < MAX_SKIPS; attempt++) {
      const { rows } = await tx.query<{ value: number }>(
        `INSERT INTO server_counter (name, value) VALUES ('individualNo', $1) ON CONFLICT (name) DO UPDATE SET value = server_counter.value + $2 RETURNING value`,
        [INDIVIDUAL_NO_BLOCK_FIRST + INDIVIDUAL_NO_BLOCK_SIZE - 1, INDIVIDUAL_NO_BLOCK_SIZE],
        { name: 'individualNoBlock.counter' },
      );
      const lastNo = Number(rows[0]!.value);
      const firstNo = lastNo - INDIVIDUAL_NO_BLOCK_SIZE + 1;
      if (lastNo > INDIVIDUAL_NO_BLOCK_LAST) throw new IndividualNumbersExhausted();
      const { rows: taken } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM individual WHERE individual_no = ANY($1::text[])', [numbersOf(firstNo, lastNo)]);
      if (taken[0]!.n > 0) continue;
      const at = now.toISOString();
      const block: IndividualNoBlock = { id: randomUUID(), firstNo, lastNo, allocatedAt: at, taken: 0 };
      const batch = new WriteBatch(tx, client);
      await applyEffects(batch, [
        insert('individual_no_block', { id: block.id, client_id: client.clientId, store_id: client.storeId, first_no: firstNo, last_no: lastNo, allocated_at: at }),
      ]);
      batch.addCentralAudit('individualNoBlock.allocate', 'individualNoBlock', block.id, { clientId: client.clientId, storeId: client.storeId, firstNo, lastNo }, at);
      await batch.flush();
      return { allocated: block, blocks: [...held, block] };
    }
    throw new IndividualNumbersExhausted();
  });
}
