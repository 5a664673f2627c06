import type { Effects } from '../../shared/domain/mutations';
import type { WriteBatch } from './batch';

/**
 * Writes the effects a shared rule decided, as central SQL, and records every written row in the
 * change log with the scopes that should receive it. Stock balances follow the ledger in the same
 * transaction (written at flush). The same Effects drive the workstation's optimistic SQL.
 */
export async function applyEffects(batch: WriteBatch, effects: Effects, mutationId: number | null): Promise<void> {
  const { tx, changes } = batch;
  if (effects.insertIndividual) {
    const i = effects.insertIndividual;
    await tx.query(
      `INSERT INTO individual (id, individual_no, article_id, serial_no, estimated_age_years, status, store_id, scope_store_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ARRAY[$7]::text[])`,
      [i.id, i.individualNo, i.articleId, i.serialNo, i.estimatedAgeYears, i.status, i.storeId],
      { name: 'sync.insertIndividual' },
    );
    changes.upsert('individual', i.id, [i.storeId]);
  }
  if (effects.updateIndividualNo) {
    const u = effects.updateIndividualNo;
    const { rows } = await tx.query<{ scope_store_ids: string[] }>(
      'UPDATE individual SET individual_no = $2 WHERE id = $1 RETURNING scope_store_ids',
      [u.id, u.individualNo],
      { name: 'sync.updateIndividualNo' },
    );
    changes.upsert('individual', u.id, rows[0]?.scope_store_ids ?? []);
  }
  if (effects.insertText) {
    const t = effects.insertText;
    batch.insertText({ id: t.id, individualId: t.individualId, at: t.at, userId: t.userId, text: t.text });
  }
  if (effects.movement) {
    const m = effects.movement;
    batch.insertMovement({ ...m, reference: null });
  }
  batch.addAudit(effects.audit, mutationId);
}
