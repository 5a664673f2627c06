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
    );
    changes.upsert('individual', i.id, [i.storeId]);
  }
  if (effects.updateIndividualNo) {
    const u = effects.updateIndividualNo;
    const { rows } = await tx.query<{ scope_store_ids: string[] }>('UPDATE individual SET individual_no = $2 WHERE id = $1 RETURNING scope_store_ids', [
      u.id,
      u.individualNo,
    ]);
    changes.upsert('individual', u.id, rows[0]?.scope_store_ids ?? []);
  }
  if (effects.insertText) {
    const t = effects.insertText;
    // A text goes wherever its individual goes.
    const { rows } = await tx.query<{ scope_store_ids: string[] }>(
      `WITH inserted AS (
         INSERT INTO individual_text (id, individual_id, at, user_id, text) VALUES ($1, $2, $3, $4, $5) RETURNING individual_id
       )
       SELECT i.scope_store_ids FROM individual i JOIN inserted ON inserted.individual_id = i.id`,
      [t.id, t.individualId, t.at, t.userId, t.text],
    );
    changes.upsert('individual_text', t.id, rows[0]?.scope_store_ids ?? []);
  }
  if (effects.movement) {
    const m = effects.movement;
    await tx.query(
      `INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, reference, note, user_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [m.id, m.storeId, m.articleId, m.individualId, m.quantity, m.reason, null, m.note, m.userId, m.at],
    );
    changes.upsert('stock_movement', m.id, [m.storeId]);
    batch.addToBalance(m.storeId, m.articleId, m.quantity);
  }
  batch.addAudit(effects.audit, mutationId);
}
