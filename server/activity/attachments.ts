import type { Queryable } from '../db/db';

/**
 * How many attachments central holds for an activity (a special adjustment needs one). The
 * attachments feature (issue 12 item 5) owns the table; until it exists, there are none.
 */
export async function attachmentCount(tx: Queryable, activityId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'attachment'", [], { name: 'activity.attachmentTable' });
  if (Number(rows[0]!.n) === 0) return 0;
  const counted = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM attachment WHERE owner_id = $1', [activityId]);
  return Number(counted.rows[0]!.n);
}
