import type { Db } from '../db/replica';

/** How many attachments (not removed) the replica holds for an activity: a special adjustment needs one. */
export function attachmentCounter(db: Db): (activityId: string) => number {
  const count = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM attachment WHERE owner_kind = 'activity' AND owner_id = ? AND removed_at IS NULL");
  return (id) => count.get(id)!.n;
}
