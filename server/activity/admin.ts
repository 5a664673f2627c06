import { randomUUID } from 'node:crypto';
import { insert, update } from '../../shared/domain/effects';
import { ACTIVITY_KIND_SV, ACTIVITY_STATUS_SV, TEXT_MAX, workOrderClosedText, type ActivityKind, type ActivityStatus } from '../../shared/domain/activity/mutations';
import { messageEffect } from '../../shared/domain/message/messages';
import { isCleanText } from '../../shared/domain/mutation';
import { PROVISIONAL_ORDER_NO } from '../../shared/domain/order/rules';
import { err, ok, type Result } from '../../shared/result';
import type { Db, Queryable, Tx } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Central's side of activities (admin CLI): the central service's technicians close the work orders
 * that are not buffer repairs (`close-activity`), and the list of activities (`activities`). Closing
 * is one transaction of effects: a report row (central's, no user), the activity Avslutad, and a
 * message to the person who registered it; the store's workstation gets all three with its next pull.
 */

interface ActivityRow {
  id: string;
  activity_no: string | null;
  provisional_no: string | null;
  store_id: string;
  kind: ActivityKind;
  status: ActivityStatus;
  user_id: string | null;
  order_id: string | null;
}

const shown = (a: { activity_no: string | null; provisional_no: string | null; id: string }) => a.activity_no ?? a.provisional_no ?? a.id;

/** The numbers of the open activities linked to an order (an order waits for them before it is handed out). */
export async function openActivitiesOf(tx: Queryable, orderId: string): Promise<string[]> {
  const { rows } = await tx.query<{ no: string }>(
    "SELECT coalesce(activity_no, provisional_no, id) AS no FROM activity WHERE order_id = $1 AND status <> 'closed' ORDER BY created_at",
    [orderId],
    { name: 'activity.openOfOrder' },
  );
  return rows.map((r) => r.no);
}

async function lockActivity(tx: Tx, ref: string): Promise<Result<ActivityRow>> {
  const byNo = /^[0-9]{8}$/.test(ref);
  if (!byNo && !PROVISIONAL_ORDER_NO.test(ref)) return err('invalid-activity-no', 'Ange aktivitetsnumret (8 siffror, ÅÅVVNNNN) eller det preliminära numret.');
  const { rows } = await tx.query<ActivityRow>(
    `SELECT id, activity_no, provisional_no, store_id, kind, status, user_id, order_id FROM activity WHERE ${byNo ? 'activity_no' : 'provisional_no'} = $1 ORDER BY id FOR UPDATE`,
    [ref],
  );
  if (rows.length === 0) return err('unknown-activity', `Aktivitet ${ref} finns inte.`);
  if (rows.length > 1) return err('ambiguous-activity', `Det preliminära numret ${ref} hör till flera aktiviteter; ange aktivitetsnumret.`);
  return ok(rows[0]!);
}

/** Closes (avslutar) an activity that is not a buffer repair, with what was done. */
export async function closeActivity(db: Db, ref: string, text: string, now = new Date()): Promise<Result<string>> {
  const done = text.trim();
  if (done.length === 0) return err('invalid-text', 'Skriv vad som är utfört.');
  if (done.length > TEXT_MAX || !isCleanText(done, true)) return err('invalid-text', `Utförd åtgärd får vara högst ${TEXT_MAX} tecken, utan styrtecken.`);
  return db.transaction(async (tx) => {
    const found = await lockActivity(tx, ref);
    if (!found.ok) return found;
    const a = found.value;
    const no = shown(a);
    if (a.kind === 'bufferRepair') return err('buffer-repair', `Aktivitet ${no} är en buffertreparation: den återrapporteras och avslutas av lagret självt.`);
    if (a.status === 'closed') return err('activity-closed', `Aktivitet ${no} är redan avslutad.`);
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    await applyEffects(batch, [
      insert('activity_report', { id: randomUUID(), activity_id: a.id, store_id: a.store_id, text: done, minutes: 0, parts: '[]', closed: true, user_id: null, at }),
      update('activity', { id: a.id }, { status: 'closed', closed_at: at, closed_by: null }),
      messageEffect({ id: randomUUID(), storeId: a.store_id, userId: a.user_id, kind: 'workOrderClosed', orderId: a.order_id, text: workOrderClosedText(no, a.kind), at }),
    ]);
    batch.addCentralAudit('activity.close', 'activity', a.id, { activityNo: no }, at);
    await batch.flush();
    return ok(`Aktivitet ${no} (${ACTIVITY_KIND_SV[a.kind]}) är avslutad.`);
  });
}

/** The activities of the region with their reports (what central sees). */
export async function listActivities(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<ActivityRow & { title: string; order_no: string | null; reports: unknown }>(
    `SELECT a.id, a.activity_no, a.provisional_no, a.store_id, a.kind, a.status, a.user_id, a.order_id, a.title,
       (SELECT coalesce(o.order_no, o.provisional_no) FROM customer_order o WHERE o.id = a.order_id) AS order_no,
       (SELECT json_agg(json_build_object('text', p.text, 'minutes', p.minutes, 'parts', p.parts, 'closed', p.closed) ORDER BY p.at)
          FROM activity_report p WHERE p.activity_id = a.id) AS reports
     FROM activity a ORDER BY a.activity_no NULLS LAST, a.created_at, a.id`,
  );
  if (rows.length === 0) return ok('Inga aktiviteter.');
  const parse = <T>(raw: unknown): T[] => ((typeof raw === 'string' ? JSON.parse(raw) : raw) as T[] | null) ?? [];
  const out: string[] = [];
  for (const a of rows) {
    const provisional = a.provisional_no && a.activity_no ? `  (prel. ${a.provisional_no})` : '';
    out.push(`${shown(a)}${provisional}  lager ${a.store_id}  ${ACTIVITY_KIND_SV[a.kind]}  ${ACTIVITY_STATUS_SV[a.status]}  ${a.title}${a.order_no ? `  order ${a.order_no}` : ''}`);
    for (const r of parse<{ text: string; minutes: number; parts: string; closed: boolean }>(a.reports)) {
      const parts = (JSON.parse(r.parts) as { articleNo: string; quantity: number }[]).map((p) => `${p.quantity} st ${p.articleNo}`).join(', ');
      out.push(`  återrapport: ${r.text}  ${r.minutes} min${parts ? `  reservdelar ${parts}` : ''}${r.closed ? '  (avslutad)' : ''}`);
    }
  }
  return ok(out.join('\n'));
}
