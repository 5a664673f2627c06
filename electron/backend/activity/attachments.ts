import type { Db } from '../db/replica';

/**
 * How many attachments the replica holds for an activity (a special adjustment needs one). The
 * attachments feature (issue 12 item 5) owns the table; until it exists here, there are none.
 */
export function attachmentCounter(db: Db): (activityId: string) => number {
  const exists = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'attachment'").get()!.n > 0;
  if (!exists) return () => 0;
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM attachment WHERE owner_id = ?');
  return (id) => count.get(id)!.n;
}
