import type { AuditLogRow, AuditPage } from '../../../shared/api/audit';
import type { HandlerInput } from '../../../shared/api/contract';
import type { Db } from '../db/replica';

type Query = HandlerInput<'audit.list'>;

interface Row {
  seq: number;
  at: string;
  user_id: string | null;
  user_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  label: string | null;
  details: string | null;
}

/** The Logg page's reads of the local audit trail: newest first, filtered, paged by sequence number. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  list(query: Query): AuditPage {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (sql: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    filter('l.at >= ?', query.from);
    // Dates are days in UTC, like the stored timestamps.
    filter("l.at < date(?, '+1 day')", query.to);
    filter('l.user_id = ?', query.userId);
    filter('l.action = ?', query.action);
    filter('l.entity_id = ?', query.entityId);
    filter('l.seq < ?', query.before);
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT l.seq, l.at, l.user_id, u.name AS user_name, l.action, l.entity, l.entity_id, l.details,
                CASE l.entity WHEN 'individual' THEN (SELECT i.individual_no FROM individual i WHERE i.id = l.entity_id)
                              WHEN 'article' THEN (SELECT a.article_no FROM article a WHERE a.id = l.entity_id)
                              WHEN 'user' THEN (SELECT au.name FROM app_user au WHERE au.id = l.entity_id) END AS label
           FROM audit_log l LEFT JOIN app_user u ON u.id = l.user_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY l.seq DESC LIMIT ?`,
      )
      .all(...params, query.limit + 1);
    const hasMore = rows.length > query.limit;
    const page = (hasMore ? rows.slice(0, query.limit) : rows).map(
      (r): AuditLogRow => ({ seq: r.seq, at: r.at, userId: r.user_id, userName: r.user_name, action: r.action, entity: r.entity, entityId: r.entity_id, label: r.label, details: r.details }),
    );
    return { rows: page, nextBefore: hasMore ? page.at(-1)!.seq : null, users: this.users(), actions: this.actions() };
  }

  private users(): { id: string; name: string }[] {
    return this.db
      .prepare<[], { id: string; name: string }>(
        'SELECT DISTINCT l.user_id AS id, coalesce(u.name, l.user_id) AS name FROM audit_log l LEFT JOIN app_user u ON u.id = l.user_id WHERE l.user_id IS NOT NULL ORDER BY name',
      )
      .all();
  }

  private actions(): string[] {
    return this.db.prepare<[], string>('SELECT DISTINCT action FROM audit_log ORDER BY action').pluck().all();
  }
}
