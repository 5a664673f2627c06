import type { LabelLayoutInput, PdfDocument } from '../../../shared/api/documents';
import { err, ok, type Result } from '../../../shared/result';
import type { Db } from '../db/replica';
import { LABEL_SHEETS, pdfAnswer, renderLabels, rendered, ROLL_LABEL_SIZES, type LabelSheetInputData } from '../documents';

// The contract's layout ids are the documents module's: a missing one is a type error here.
const ROLLS: Record<Extract<LabelLayoutInput, { kind: 'roll' }>['size'], unknown> = ROLL_LABEL_SIZES;
const SHEETS: Record<Extract<LabelLayoutInput, { kind: 'sheet' }>['sheet'], unknown> = LABEL_SHEETS;
void ROLLS;
void SHEETS;

/** Individual-number labels (Code 128 + DataMatrix, number, article) of individuals in the replica, in the order given. */
export function individualLabels(db: Db): (individualIds: readonly string[], layout: LabelLayoutInput, printedAt: string) => Result<PdfDocument> {
  const individual = db.prepare<[string], { individual_no: string; serial_no: string | null; article_no: string; name: string; store_name: string | null }>(
    `SELECT i.individual_no, i.serial_no, a.article_no, a.name, s.name AS store_name
     FROM individual i JOIN article a ON a.id = i.article_id LEFT JOIN store s ON s.id = i.store_id WHERE i.id = ?`,
  );
  return (individualIds, layout, printedAt) => {
    const labels: LabelSheetInputData['labels'] = [];
    for (const id of individualIds) {
      const i = individual.get(id);
      if (!i) return err('not-found', 'En av individerna finns inte i lagrets register.');
      labels.push({ individualNo: i.individual_no, articleNo: i.article_no, articleName: i.name, serialNo: i.serial_no, storeName: i.store_name });
    }
    const bytes = rendered(() => renderLabels({ labels, layout, printedAt }));
    if (!bytes.ok) return bytes;
    const first = labels[0]!.individualNo;
    return ok(pdfAnswer(`Etiketter ${first}${labels.length > 1 ? ` m.fl. (${labels.length} st)` : ''}.pdf`, bytes.value, false));
  };
}
