import { IndividualNoBlockResponse } from '../../../shared/sync/protocol';
import type { Db } from '../db/replica';
import type { CycleTask } from '../sync/engine';

/** Ask central for a new block when this workstation has fewer free numbers than this. */
export const NUMBER_BLOCK_LOW_WATER = 50;
export const NUMBER_BLOCK_PATH = '/sync/individual-number-block';

/**
 * This workstation's individual numbers (blocks central allocated to its sync client): the next
 * free ones are those no individual of the replica and no receipt being scanned here holds. The
 * blocks are the workstation's own, so what is free here is free in the region.
 */
export class IndividualNumberBlocks {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      blocks: db.prepare<[string], { first_no: number; last_no: number }>('SELECT first_no, last_no FROM individual_no_block WHERE client_id = ? ORDER BY first_no'),
      numbersIn: db.prepare<[string, string], { individual_no: string }>('SELECT individual_no FROM individual WHERE individual_no BETWEEN ? AND ?'),
      draftNumbersIn: db.prepare<[string, string], { individual_no: string }>('SELECT individual_no FROM receipt_draft_number WHERE individual_no BETWEEN ? AND ?'),
    };
  }

  free(clientId: string | null, count: number): string[] {
    if (clientId === null) return [];
    const free: string[] = [];
    for (const b of this.s.blocks.all(clientId)) {
      const used = new Set<string>();
      for (const r of this.s.numbersIn.all(String(b.first_no), String(b.last_no))) used.add(r.individual_no);
      for (const r of this.s.draftNumbersIn.all(String(b.first_no), String(b.last_no))) used.add(r.individual_no);
      for (let n = b.first_no; n <= b.last_no && free.length < count; n++) if (!used.has(String(n))) free.push(String(n));
      if (free.length >= count) break;
    }
    return free;
  }

  left(clientId: string | null): number {
    return this.free(clientId, 100_000).length;
  }

  /** The sync cycle's task: a new block when few numbers are left (the block arrives in the same cycle's pull). */
  cycleTask(storeId: string): CycleTask {
    return async ({ clientId, send }) => {
      if (this.left(clientId) >= NUMBER_BLOCK_LOW_WATER) return;
      await send(NUMBER_BLOCK_PATH, { storeId }, IndividualNoBlockResponse);
    };
  }
}
