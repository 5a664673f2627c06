import type { Queryable } from '../db/db';

/** How many attachments (not removed) central holds for an activity: a special adjustment needs one. */
export async function attachmentCount(tx: Queryable, activityId: string): Promise<number> {
  const counted = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM attachment WHERE owner_kind = 'activity' AND owner_id = $1 AND removed_at IS NULL", [activityId], {
    name: 'activity.attachments',
  });
  return Number(counted.rows[0]!.n);
}
