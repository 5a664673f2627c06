import { randomUUID } from 'node:crypto';
import type { DeviationItemView, DeviationRow } from '../../../shared/api/deviation';
import { deviationNo, type DeviationCategory, type DeviationEventType, type DeviationStatus } from '../../../shared/domain/deviation/mutations';
import { err, ok } from '../../../shared/result';
import type { BackendContext } from '../backend';
import type { HandlerGroup } from '../handlers';

interface Row {
  id: string;
  deviation_no: string;
  event_type: DeviationEventType;
  category: DeviationCategory;
  status: DeviationStatus;
  description: string;
  created_at: string;
  created_by_name: string | null;
  delivery_deviation_id: string | null;
  attachments: number;
}
interface ItemRow {
  deviation_id: string;
  line_no: number;
  article_id: string;
  article_no: string;
  name: string;
  individual_id: string | null;
  individual_no: string | null;
}

const LIMIT = 200;
const COLUMNS = `d.id, d.deviation_no, d.event_type, d.category, d.status, d.description, d.created_at, u.name AS created_by_name, d.delivery_deviation_id,
  (SELECT count(*) FROM attachment a WHERE a.owner_kind = 'deviation' AND a.owner_id = d.id AND a.removed_at IS NULL) AS attachments`;

/**
 * Avvikelser over the replica (works offline): search, one deviation, the aids to link (by
 * individual or article number), the store's goods-receipt differences, and registering.
 */
export function deviationHandlers(ctx: BackendContext): HandlerGroup<'deviation'> {
  const db = ctx.db;
  const search = db.prepare<Record<string, string | number | null>, Row>(
    `SELECT ${COLUMNS} FROM deviation d LEFT JOIN app_user u ON u.id = d.created_by
     WHERE d.store_id = @storeId
       AND (@status = 'all' OR (@status = 'open' AND d.status <> 'closed') OR d.status = @status)
       AND (@eventType IS NULL OR d.event_type = @eventType)
       AND (@recipientId IS NULL OR d.recipient_id = @recipientId)
       AND (@individualId IS NULL OR EXISTS (SELECT 1 FROM deviation_item i WHERE i.deviation_id = d.id AND i.individual_id = @individualId))
       AND (@text = '' OR d.deviation_no = upper(@text) OR instr(lower(d.description), lower(@text)) > 0
            OR EXISTS (SELECT 1 FROM deviation_item i JOIN article a ON a.id = i.article_id LEFT JOIN individual n ON n.id = i.individual_id
                       WHERE i.deviation_id = d.id AND (a.article_no = @text OR n.individual_no = @text)))
     ORDER BY d.created_at DESC, d.id LIMIT ${LIMIT + 1}`,
  );
  const one = db.prepare<[string, string], Row & { recipient_id: string | null; recipient_name: string | null; status_changed_at: string | null }>(
    `SELECT ${COLUMNS}, d.recipient_id, r.name AS recipient_name, d.status_changed_at FROM deviation d LEFT JOIN app_user u ON u.id = d.created_by
     LEFT JOIN recipient r ON r.id = d.recipient_id WHERE d.id = ? AND d.store_id = ?`,
  );
  const items = db.prepare<[string], ItemRow>(
    `SELECT i.deviation_id, i.line_no, i.article_id, a.article_no, a.name, i.individual_id, n.individual_no
     FROM deviation_item i JOIN article a ON a.id = i.article_id LEFT JOIN individual n ON n.id = i.individual_id
     WHERE i.deviation_id IN (SELECT value FROM json_each(?)) ORDER BY i.deviation_id, i.line_no`,
  );
  const delivery = db.prepare<[string], { id: string; order_id: string; order_no: string | null; at: string; text: string }>(
    'SELECT d.id, d.order_id, o.order_no, d.at, d.text FROM delivery_deviation d LEFT JOIN customer_order o ON o.id = d.order_id WHERE d.id = ?',
  );
  const differences = db.prepare<[string], { id: string; order_id: string; order_no: string | null; at: string; text: string; lines: string; reported_as: string | null }>(
    `SELECT d.id, d.order_id, o.order_no, d.at, d.text, d.lines, (SELECT v.deviation_no FROM deviation v WHERE v.delivery_deviation_id = d.id LIMIT 1) AS reported_as
     FROM delivery_deviation d LEFT JOIN customer_order o ON o.id = d.order_id WHERE d.store_id = ? ORDER BY d.at DESC LIMIT 100`,
  );
  const articles = db.prepare<[string], { id: string; article_no: string; name: string }>('SELECT id, article_no, name FROM article WHERE id IN (SELECT value FROM json_each(?))');
  const byIndividualNo = db.prepare<[string], { id: string; individual_no: string; article_id: string; article_no: string; name: string }>(
    'SELECT i.id, i.individual_no, a.id AS article_id, a.article_no, a.name FROM individual i JOIN article a ON a.id = i.article_id WHERE i.individual_no = ?',
  );
  const byArticleNo = db.prepare<[string], { id: string; article_no: string; name: string }>('SELECT id, article_no, name FROM article WHERE article_no = ?');
  const pending = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND name = 'deviation.register' AND json_extract(args, '$.deviationId') = ?");

  const itemsOf = (ids: string[]): Map<string, DeviationItemView[]> => {
    const map = new Map<string, DeviationItemView[]>();
    for (const i of items.all(JSON.stringify(ids))) {
      const view = { lineNo: i.line_no, articleId: i.article_id, articleNo: i.article_no, name: i.name, individualId: i.individual_id, individualNo: i.individual_no };
      const list = map.get(i.deviation_id);
      if (list) list.push(view);
      else map.set(i.deviation_id, [view]);
    }
    return map;
  };
  const view = (r: Row, its: Map<string, DeviationItemView[]>): DeviationRow => ({
    id: r.id,
    deviationNo: r.deviation_no,
    eventType: r.event_type,
    category: r.category,
    status: r.status,
    description: r.description,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    items: its.get(r.id) ?? [],
    attachments: r.attachments,
    fromDelivery: r.delivery_deviation_id !== null,
  });

  return {
    'deviation.search': (q) => {
      const rows = search.all({ storeId: ctx.ownStoreId, status: q.status, eventType: q.eventType, recipientId: q.recipientId, individualId: q.individualId, text: q.text });
      const shown = rows.slice(0, LIMIT);
      const its = itemsOf(shown.map((r) => r.id));
      return ok({ deviations: shown.map((r) => view(r, its)), truncated: rows.length > LIMIT });
    },
    'deviation.get': ({ id }) => {
      const r = one.get(id, ctx.ownStoreId);
      if (!r) return err('not-found', 'Avvikelsen finns inte i lagret.');
      const d = r.delivery_deviation_id ? delivery.get(r.delivery_deviation_id) : undefined;
      return ok({
        ...view(r, itemsOf([r.id])),
        statusChangedAt: r.status_changed_at,
        recipient: r.recipient_id ? { id: r.recipient_id, name: r.recipient_name ?? r.recipient_id } : null,
        deliveryDeviation: d ? { id: d.id, orderId: d.order_id, orderNo: d.order_no, at: d.at, text: d.text } : null,
        pendingCentral: pending.get(r.id)!.n > 0,
      });
    },
    'deviation.lookupItem': ({ code }) => {
      const ind = byIndividualNo.get(code);
      if (ind) return ok({ articleId: ind.article_id, articleNo: ind.article_no, name: ind.name, individualId: ind.id, individualNo: ind.individual_no });
      const a = byArticleNo.get(code);
      if (!a) return err('not-found', `Inget hjälpmedel med individ- eller artikelnummer ${code} finns.`);
      return ok({ articleId: a.id, articleNo: a.article_no, name: a.name, individualId: null, individualNo: null });
    },
    'deviation.deliveryDifferences': () => {
      const rows = differences.all(ctx.ownStoreId);
      const parsed = rows.map((r) => ({ r, lines: JSON.parse(r.lines) as { articleId: string; expected: number; counted: number }[] }));
      const names = new Map(articles.all(JSON.stringify([...new Set(parsed.flatMap((p) => p.lines.map((l) => l.articleId)))])).map((a) => [a.id, a]));
      return ok(
        parsed.map(({ r, lines }) => ({
          id: r.id,
          orderId: r.order_id,
          orderNo: r.order_no,
          at: r.at,
          text: r.text,
          lines: lines.map((l) => ({ articleId: l.articleId, articleNo: names.get(l.articleId)?.article_no ?? l.articleId, name: names.get(l.articleId)?.name ?? '', expected: l.expected, counted: l.counted })),
          reportedAs: r.reported_as,
        })),
      );
    },
    'deviation.register': (input, user) => {
      const deviationId = randomUUID();
      const saved = ctx.writer.write(
        'deviation.register',
        {
          deviationId,
          deviationNo: deviationNo(ctx.now().toISOString(), deviationId),
          storeId: ctx.ownStoreId,
          eventType: input.eventType,
          category: input.category,
          description: input.description,
          recipientId: input.recipientId,
          deliveryDeviationId: input.deliveryDeviationId,
          items: input.items.map((i) => ({ itemId: randomUUID(), articleId: i.articleId, individualId: i.individualId, aidId: i.aidId })),
        },
        user.id,
      );
      return saved.ok ? ok({ mutationId: saved.value.mutationId, id: deviationId }) : saved;
    },
  };
}
