import type { ArticleType, IndividualStatus } from '../../../shared/domain/model';
import { returnSettingsOf, type RekondState, type ReturnAidFacts, type ReturnSettings } from '../../../shared/domain/return/mutations';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { regionSettingsOf } from '../region-settings/settings';


interface AidRow {
  id: string;
  recipient_id: string;
  article_id: string;
  article_no: string;
  article_type: ArticleType;
  individual_id: string | null;
  quantity: number;
  delivered_at: string | null;
  returned_at: string | null;
}

interface IndividualRow {
  individual_no: string;
  status: IndividualStatus;
  store_id: string | null;
  article_id: string;
  article_no: string;
  supplier_id: string | null;
}

export interface ReturnFactsReaders {
  aidFacts(id: string): ReturnAidFacts | undefined;
  recipient: { get(id: string): { id: string } | undefined };
  receipt: { get(id: string): { id: string; recipient_id: string; aid_ids: string } | undefined };
  individual: { get(id: string): IndividualRow | undefined };
  settings(): ReturnSettings;
}

/** The return rules' facts from the replica (the return dialog asks the same). */
export function returnFactsReaders(db: Db): ReturnFactsReaders {
  const aid = db.prepare<[string], AidRow>(
    `SELECT a.id, a.recipient_id, a.article_id, ar.article_no, ar.article_type, a.individual_id, a.quantity, a.delivered_at, a.returned_at
     FROM aid a JOIN article ar ON ar.id = a.article_id WHERE a.id = ?`,
  );
  const recipient = db.prepare<[string], { id: string }>('SELECT id FROM recipient WHERE id = ?');
  const receipt = db.prepare<[string], { id: string; recipient_id: string; aid_ids: string }>('SELECT id, recipient_id, aid_ids FROM return_receipt WHERE id = ?');
  const individual = db.prepare<[string], IndividualRow>(
    'SELECT i.individual_no, i.status, i.store_id, i.article_id, a.article_no, a.supplier_id FROM individual i JOIN article a ON a.id = i.article_id WHERE i.id = ?',
  );
  const aidFacts = (id: string): ReturnAidFacts | undefined => {
    const r = aid.get(id);
    return r
      ? {
          recipientId: r.recipient_id,
          articleId: r.article_id,
          articleNo: r.article_no,
          articleType: r.article_type,
          individualId: r.individual_id,
          quantity: r.quantity,
          deliveredAt: r.delivered_at,
          returnedAt: r.returned_at,
        }
      : undefined;
  };
  // Rekond is the region's setting (central's region_setting, pulled).
  const settings = (): ReturnSettings => returnSettingsOf(regionSettingsOf(db));
  return { aidFacts, recipient, receipt, individual, settings };
}

/** The workstation half of the return mutations: facts from the replica. */
export function returnLocalMutations(db: Db): LocalMutationGroup<'return'> {
  const r = returnFactsReaders(db);
  const line = db.prepare<[string], { store_id: string; individual_id: string | null; rekond: RekondState }>('SELECT store_id, individual_id, rekond FROM aid_return_line WHERE id = ?');
  const individualNo = (id: string | null) => (id ? (r.individual.get(id)?.individual_no ?? id) : '');
  return {
    'return.createReceipt': {
      facts: (args) => ({
        recipient: r.recipient.get(args.recipientId) ?? null,
        aids: Object.fromEntries(args.aidIds.map((id) => [id, r.aidFacts(id)])),
      }),
      describe: (args) => `Retursedel: ${args.aidIds.length} hjälpmedel`,
    },
    'return.register': {
      facts: (args) => {
        const receipt = args.receiptId ? r.receipt.get(args.receiptId) : undefined;
        const aids = Object.fromEntries(args.lines.map((l) => [l.aidId, r.aidFacts(l.aidId)]));
        const individuals: Record<string, { individualNo: string; status: IndividualStatus } | undefined> = {};
        for (const a of Object.values(aids)) {
          if (!a?.individualId) continue;
          const i = r.individual.get(a.individualId);
          individuals[a.individualId] = i ? { individualNo: i.individual_no, status: i.status } : undefined;
        }
        return {
          receipt: receipt ? { id: receipt.id, recipientId: receipt.recipient_id, aidIds: JSON.parse(receipt.aid_ids) as string[] } : null,
          recipient: r.recipient.get(args.recipientId) ?? null,
          aids,
          individuals,
          settings: r.settings(),
        };
      },
      describe: (args) => `Retur: ${args.lines.length} hjälpmedel till lager ${args.storeId}`,
    },
    'return.rekondDone': {
      facts: (args) => {
        const l = line.get(args.lineId);
        const i = l?.individual_id ? r.individual.get(l.individual_id) : undefined;
        return {
          line: l ? { storeId: l.store_id, individualId: l.individual_id, rekond: l.rekond } : null,
          individual: i ? { individualNo: i.individual_no, status: i.status, storeId: i.store_id } : null,
        };
      },
      describe: (args) => `Rekond klar: individ ${individualNo(line.get(args.lineId)?.individual_id ?? null)}`,
    },
    'return.toSupplier': {
      facts: (args) => {
        const i = r.individual.get(args.individualId);
        return {
          individual: i ? { individualNo: i.individual_no, articleId: i.article_id, articleNo: i.article_no, supplierId: i.supplier_id, status: i.status, storeId: i.store_id } : null,
        };
      },
      describe: (args) => `Retur till leverantör: individ ${individualNo(args.individualId)}`,
    },
  };
}
