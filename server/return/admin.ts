import { ok, type Result } from '../../shared/result';
import type { Db } from '../db/db';
import { returnDocumentNo } from '../../shared/domain/return/mutations';

const OUTCOME_SV: Record<string, string> = { stock: 'till lager', scrap: 'kasserad', deregister: 'avregistrerad' };
const REKOND_SV: Record<string, string> = { none: '', pending: '  rekond pågår', done: '  rekond klar' };

/**
 * `returns`: central's view of the returns (retur av hjälpmedel) and returns to suppliers, newest
 * first: which store, which article and individual, what happened to it, the rekond state. No
 * recipient names (the admin output is seen by operators).
 */
export async function listReturns(db: Db): Promise<Result<string>> {
  const { rows } = await db.query<{ at: string; store_id: string; receipt_id: string; article_no: string; individual_no: string | null; quantity: number; outcome: string; rekond: string; contact_prescriber: boolean }>(
    `SELECT r.at, r.store_id, r.receipt_id, a.article_no, i.individual_no, l.quantity, l.outcome, l.rekond, l.contact_prescriber
     FROM aid_return r JOIN aid_return_line l ON l.return_id = r.id JOIN article a ON a.id = l.article_id LEFT JOIN individual i ON i.id = l.individual_id
     ORDER BY r.at DESC, a.article_no LIMIT 200`,
  );
  const { rows: toSupplier } = await db.query<{ at: string; store_id: string; individual_no: string; article_no: string; supplier: string | null; reference_person: string | null }>(
    `SELECT r.at, r.store_id, i.individual_no, a.article_no, s.name AS supplier, r.reference_person
     FROM supplier_return r JOIN individual i ON i.id = r.individual_id JOIN article a ON a.id = r.article_id LEFT JOIN supplier s ON s.id = r.supplier_id
     ORDER BY r.at DESC LIMIT 200`,
  );
  const out: string[] = [];
  out.push(rows.length === 0 ? 'Inga returer.' : 'Returer:');
  for (const r of rows) {
    out.push(
      `  ${r.at.slice(0, 16).replace('T', ' ')}  lager ${r.store_id}  artikel ${r.article_no}${r.individual_no ? `  individ ${r.individual_no}` : ''}  ${r.quantity} st  ${OUTCOME_SV[r.outcome] ?? r.outcome}` +
        `${REKOND_SV[r.rekond] ?? ''}${r.contact_prescriber ? '  kontakta förskrivaren' : ''}  retursedel ${returnDocumentNo(r.receipt_id)}`,
    );
  }
  out.push(toSupplier.length === 0 ? 'Inga returer till leverantör.' : 'Returer till leverantör:');
  for (const r of toSupplier) {
    out.push(`  ${r.at.slice(0, 16).replace('T', ' ')}  lager ${r.store_id}  artikel ${r.article_no}  individ ${r.individual_no}  till ${r.supplier ?? 'okänd leverantör'}${r.reference_person ? `  ref. ${r.reference_person}` : ''}`);
  }
  return ok(out.join('\n'));
}
