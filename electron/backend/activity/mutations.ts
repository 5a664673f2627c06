import type { ActivityKind, ActivityStatus, CreateActivityFacts, ReportBackFacts } from '../../../shared/domain/activity/mutations';
import type { ArticleType, IndividualStatus, OrderStatus } from '../../../shared/domain/model';
import type { Db } from '../db/replica';
import type { LocalMutationGroup } from '../mutations';
import { fileFacts } from '../attachment/owners';
import { attachmentCounter } from './attachments';

/** The workstation half of the activity mutations: their facts from the replica. */
export function activityLocalMutations(db: Db): LocalMutationGroup<'activity'> {
  const recipient = db.prepare<[string], { id: string; kind: 'patient' | 'careUnit' }>('SELECT id, kind FROM recipient WHERE id = ?');
  const article = db.prepare<[string], { id: string; article_no: string; article_type: ArticleType }>('SELECT id, article_no, article_type FROM article WHERE id = ?');
  const individual = db.prepare<[string], { id: string; individual_no: string; article_id: string; status: IndividualStatus; store_id: string | null }>(
    'SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ?',
  );
  const order = db.prepare<[string], { id: string; no: string; status: OrderStatus; store_id: string; recipient_id: string | null }>(
    'SELECT id, coalesce(order_no, provisional_no, id) AS no, status, store_id, recipient_id FROM customer_order WHERE id = ?',
  );
  const mainAids = db.prepare<[string], { article_id: string }>(
    "SELECT DISTINCT l.article_id FROM customer_order_line l JOIN article a ON a.id = l.article_id WHERE l.order_id = ? AND a.article_type = 'mainAid' AND l.status <> 'cancelled'",
  );
  const attachments = attachmentCounter(db);
  const activity = db.prepare<[string], { id: string; no: string; store_id: string; kind: ActivityKind; status: ActivityStatus; individual_id: string | null; individual_status: IndividualStatus | null }>(
    `SELECT a.id, coalesce(a.activity_no, a.provisional_no, a.id) AS no, a.store_id, a.kind, a.status, a.individual_id, i.status AS individual_status
       FROM activity a LEFT JOIN individual i ON i.id = a.individual_id WHERE a.id = ?`,
  );
  const part = db.prepare<[string, string], { article_no: string; article_type: ArticleType; tracked: number; on_hand: number | null; reserved: number | null }>(
    `SELECT a.article_no, a.article_type, a.tracked_individually AS tracked, b.on_hand, b.reserved
       FROM article a LEFT JOIN stock_balance b ON b.article_id = a.id AND b.store_id = ? WHERE a.id = ?`,
  );
  const activityName = db.prepare<[string], { no: string }>('SELECT coalesce(activity_no, provisional_no, id) AS no FROM activity WHERE id = ?');

  return {
    'activity.create': {
      facts: (args): CreateActivityFacts => {
        const ind = args.individualId ? individual.get(args.individualId) : undefined;
        const articleId = ind?.article_id ?? args.articleId;
        const a = articleId ? article.get(articleId) : undefined;
        const o = args.orderId ? order.get(args.orderId) : undefined;
        return {
          recipient: args.recipientId ? (recipient.get(args.recipientId) ?? null) : null,
          article: a ? { id: a.id, articleNo: a.article_no, articleType: a.article_type } : null,
          individual: ind ? { id: ind.id, individualNo: ind.individual_no, articleId: ind.article_id, status: ind.status, storeId: ind.store_id } : null,
          order: o ? { id: o.id, no: o.no, status: o.status, storeId: o.store_id, recipientId: o.recipient_id, mainAidArticleIds: mainAids.all(o.id).map((r) => r.article_id) } : null,
          attachments: attachments(args.activityId),
          files: args.files.map((f) => fileFacts(f.content)),
          central: null,
        };
      },
      describe: (args) => `Aktivitet ${args.provisionalNo}: ${args.title}`,
    },
    'activity.reportBack': {
      facts: (args): ReportBackFacts => {
        const a = activity.get(args.activityId);
        const parts: ReportBackFacts['parts'] = {};
        for (const p of args.parts) {
          const r = part.get(args.storeId, p.articleId);
          if (r) parts[p.articleId] = { articleNo: r.article_no, articleType: r.article_type, tracked: r.tracked === 1, onHand: r.on_hand ?? 0, reserved: r.reserved ?? 0 };
        }
        return {
          activity: a ? { id: a.id, no: a.no, storeId: a.store_id, kind: a.kind, status: a.status, individualId: a.individual_id, individualStatus: a.individual_status } : null,
          parts,
        };
      },
      describe: (args) => `Återrapportering av aktivitet ${activityName.get(args.activityId)?.no ?? args.activityId}${args.close ? ' (avslutad)' : ''}`,
    },
  };
}
