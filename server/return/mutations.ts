import type { ArticleType, IndividualStatus } from '../../shared/domain/model';
import { returnSettingsOf, type RekondState, type ReturnAidFacts } from '../../shared/domain/return/mutations';
import type { ServerMutationGroup } from '../mutations';
import { batchRegionSettings } from '../region-settings/settings';

type Json<T> = T | string | null;
const parse = <T>(raw: Json<T>): T | null => (typeof raw === 'string' ? (JSON.parse(raw) as T) : raw);

interface AidJson {
  id: string;
  recipient_id: string;
  article_id: string;
  article_no: string;
  article_type: ArticleType;
  individual_id: string | null;
  quantity: number;
  delivered_at: string | null;
  returned_at: string | null;
  individual_no: string | null;
  individual_status: IndividualStatus | null;
}

const AIDS_SQL = `(SELECT json_agg(json_build_object('id', a.id, 'recipient_id', a.recipient_id, 'article_id', a.article_id, 'article_no', ar.article_no,
    'article_type', ar.article_type, 'individual_id', a.individual_id, 'quantity', a.quantity, 'delivered_at', a.delivered_at, 'returned_at', a.returned_at,
    'individual_no', i.individual_no, 'individual_status', i.status))
  FROM aid a JOIN article ar ON ar.id = a.article_id LEFT JOIN individual i ON i.id = a.individual_id WHERE a.id = ANY($1::text[]))`;

const toAid = (a: AidJson): ReturnAidFacts => ({
  recipientId: a.recipient_id,
  articleId: a.article_id,
  articleNo: a.article_no,
  articleType: a.article_type,
  individualId: a.individual_id,
  quantity: a.quantity,
  deliveredAt: a.delivered_at,
  returnedAt: a.returned_at,
});

/** Server half of the return mutations: the aids, receipt, recipient and individuals in one query each. */
export const returnServerMutations: ServerMutationGroup<'return'> = {
  'return.createReceipt': {
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ recipient: Json<{ id: string }>; aids: Json<AidJson[]> }>(
        `SELECT (SELECT json_build_object('id', r.id) FROM recipient r WHERE r.id = $2) AS recipient, ${AIDS_SQL} AS aids`,
        [args.aidIds, args.recipientId],
        { name: 'return.createReceipt.facts' },
      );
      const aids = parse(rows[0]!.aids) ?? [];
      return { recipient: parse(rows[0]!.recipient), aids: Object.fromEntries(aids.map((a) => [a.id, toAid(a)])) };
    },
  },
  'return.register': {
    locks: (args) => args.lines.map((l) => ({ table: 'aid' as const, id: l.aidId })),
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ recipient: Json<{ id: string }>; receipt: Json<{ id: string; recipient_id: string; aid_ids: string }>; aids: Json<AidJson[]> }>(
        `SELECT (SELECT json_build_object('id', r.id) FROM recipient r WHERE r.id = $2) AS recipient,
           (SELECT json_build_object('id', k.id, 'recipient_id', k.recipient_id, 'aid_ids', k.aid_ids) FROM return_receipt k WHERE k.id = $3) AS receipt,
           ${AIDS_SQL} AS aids`,
        [args.lines.map((l) => l.aidId), args.recipientId, args.receiptId],
        { name: 'return.register.facts' },
      );
      const aids = parse(rows[0]!.aids) ?? [];
      const receipt = parse(rows[0]!.receipt);
      return {
        receipt: receipt ? { id: receipt.id, recipientId: receipt.recipient_id, aidIds: JSON.parse(receipt.aid_ids) as string[] } : null,
        recipient: parse(rows[0]!.recipient),
        aids: Object.fromEntries(aids.map((a) => [a.id, toAid(a)])),
        individuals: Object.fromEntries(
          aids.filter((a) => a.individual_id && a.individual_no && a.individual_status).map((a) => [a.individual_id!, { individualNo: a.individual_no!, status: a.individual_status! }]),
        ),
        // Rekond is the region's setting (region_setting), read in this batch's transaction.
        settings: returnSettingsOf(await batchRegionSettings(batch)),
      };
    },
  },
  'return.rekondDone': {
    locks: (args) => [{ table: 'aid_return_line', id: args.lineId }],
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ store_id: string; individual_id: string | null; rekond: RekondState; individual_no: string | null; status: IndividualStatus | null; individual_store_id: string | null }>(
        `SELECT l.store_id, l.individual_id, l.rekond, i.individual_no, i.status, i.store_id AS individual_store_id
         FROM aid_return_line l LEFT JOIN individual i ON i.id = l.individual_id WHERE l.id = $1`,
        [args.lineId],
        { name: 'return.rekondDone.facts' },
      );
      const l = rows[0];
      return {
        line: l ? { storeId: l.store_id, individualId: l.individual_id, rekond: l.rekond } : null,
        individual: l && l.individual_no && l.status ? { individualNo: l.individual_no, status: l.status, storeId: l.individual_store_id } : null,
      };
    },
  },
  'return.toSupplier': {
    locks: (args) => [{ table: 'individual', id: args.individualId }],
    async facts(batch, args) {
      const { rows } = await batch.tx.query<{ individual_no: string; article_id: string; article_no: string; supplier_id: string | null; status: IndividualStatus; store_id: string | null }>(
        'SELECT i.individual_no, i.article_id, a.article_no, a.supplier_id, i.status, i.store_id FROM individual i JOIN article a ON a.id = i.article_id WHERE i.id = $1',
        [args.individualId],
        { name: 'return.toSupplier.facts' },
      );
      const i = rows[0];
      return { individual: i ? { individualNo: i.individual_no, articleId: i.article_id, articleNo: i.article_no, supplierId: i.supplier_id, status: i.status, storeId: i.store_id } : null };
    },
  },
};
