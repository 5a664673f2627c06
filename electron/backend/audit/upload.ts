import { AUDIT_SYNC_PATH, AuditPushResponse, MAX_AUDIT_ENTRIES } from '../../../shared/sync/audit';
import { auditEntriesAfter } from '../db/audit';
import type { Db } from '../db/replica';
import { getSetting, setSetting } from '../db/settings';
import type { CycleTask } from '../sync/engine';

/** The last seq of the local chain central has confirmed. */
export const AUDIT_SENT_SETTING = 'audit.sentSeq';
/** A request's budget for the entries' details (JSON bytes), well inside the server's body limit. */
const BATCH_DETAIL_BYTES = 256 * 1024;
/** Batches per sync cycle; the rest goes in the next cycle. */
const BATCHES_PER_CYCLE = 20;

/**
 * Sends the audit chain to central (POST /sync/audit) in every sync cycle, from the last entry
 * central confirmed. A crash between send and answer sends the same entries again: central
 * recognises them. Central checks the chain; what it flags is its admins' to see (verify-audit).
 */
export class AuditUpload {
  constructor(private readonly db: Db) {}

  sentSeq(): number {
    return Number(getSetting(this.db, AUDIT_SENT_SETTING) ?? 0);
  }

  cycleTask(): CycleTask {
    return async ({ send }) => {
      for (let i = 0; i < BATCHES_PER_CYCLE; i++) {
        const after = this.sentSeq();
        const entries = this.batch(after);
        if (entries.length === 0) return;
        const answer = await send(AUDIT_SYNC_PATH, { after, entries }, AuditPushResponse);
        this.db.transaction(() => setSetting(this.db, AUDIT_SENT_SETTING, String(answer.headSeq)))();
        if (!answer.resend && answer.headSeq < entries.at(-1)!.seq) return;
      }
    };
  }

  private batch(after: number) {
    const entries = auditEntriesAfter(this.db, after, MAX_AUDIT_ENTRIES);
    let bytes = 0;
    const out = [];
    for (const e of entries) {
      bytes += (e.details?.length ?? 0) + 200;
      if (out.length > 0 && bytes > BATCH_DETAIL_BYTES) break;
      out.push(e);
    }
    return out;
  }
}
