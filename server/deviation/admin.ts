import { update } from '../../shared/domain/effects';
import { DEVIATION_NO, DEVIATION_STATUSES, type DeviationStatus } from '../../shared/domain/deviation/mutations';
import { err, ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { WriteBatch } from '../sync/batch';
import { applyEffects } from '../sync/effects';

/**
 * Central's handling of deviations (admin CLI): the list of a region's deviations, and moving one
 * through Registrerad → Under utredning → Avslutad. The change reaches the store with its next pull;
 * a closed deviation takes no more files.
 */

const STATUS_SV: Record<DeviationStatus, string> = { registered: 'Registrerad', investigating: 'Under utredning', closed: 'Avslutad' };
/** Where a status may go: forward, or a closed case reopened for investigation. */
const NEXT: Record<DeviationStatus, readonly DeviationStatus[]> = { registered: ['investigating', 'closed'], investigating: ['closed'], closed: ['investigating'] };

export async function setDeviationStatus(db: Db, ref: string, status: string, now = new Date()): Promise<Result<string>> {
  if (!(DEVIATION_STATUSES as readonly string[]).includes(status)) return err('invalid-status', `Okänd status "${status}": ange ${DEVIATION_STATUSES.join(', ')}.`);
  const to = status as DeviationStatus;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; deviation_no: string; store_id: string; status: DeviationStatus }>(
      `SELECT id, deviation_no, store_id, status FROM deviation WHERE ${DEVIATION_NO.test(ref) ? 'deviation_no' : 'id'} = $1 ORDER BY id FOR UPDATE`,
      [ref],
    );
    const d = rows[0];
    if (!d) return err('unknown-deviation', `Avvikelse ${ref} finns inte hos centralen.`);
    if (!NEXT[d.status].includes(to)) return err('deviation-status', `Avvikelse ${d.deviation_no} har status ${STATUS_SV[d.status]} och kan inte bli ${STATUS_SV[to]}.`);
    const at = now.toISOString();
    const batch = new WriteBatch(tx, null);
    await applyEffects(batch, [update('deviation', { id: d.id }, { status: to, status_changed_at: at })]);
    batch.addCentralAudit('deviation.status', 'deviation', d.id, { deviationNo: d.deviation_no, from: d.status, to }, at);
    await batch.flush();
    return ok(`Avvikelse ${d.deviation_no} (lager ${d.store_id}) har status ${STATUS_SV[to]}.`);
  });
}

export async function listDeviations(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<{ deviation_no: string; store_id: string; event_type: string; category: string; status: DeviationStatus; created_at: string; items: number; attachments: number }>(
    `SELECT d.deviation_no, d.store_id, d.event_type, d.category, d.status, d.created_at,
       (SELECT count(*)::int FROM deviation_item i WHERE i.deviation_id = d.id) AS items,
       (SELECT count(*)::int FROM attachment a WHERE a.owner_kind = 'deviation' AND a.owner_id = d.id AND a.removed_at IS NULL) AS attachments
     FROM deviation d ORDER BY d.created_at DESC LIMIT 200`,
  );
  if (rows.length === 0) return ok('Inga avvikelser.');
  return ok(rows.map((r) => `${r.deviation_no}  lager ${r.store_id}  ${r.event_type}/${r.category}  ${STATUS_SV[r.status]}  ${r.created_at}  ${r.items} hjälpmedel  ${r.attachments} bilagor`).join('\n'));
}
