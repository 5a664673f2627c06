import type { SyncConflict } from '../../../shared/api/schemas';
import type { Db } from '../db/replica';
import type { LocalMutations, MutationRecord } from './local-mutations';
import { parseStoredArgs } from './local-mutations';

/**
 * Mutations the central server refused. They are listed on the Synk page with what was refused,
 * the server's explanation and what to do; the optimistic effect is already gone (rebase) and the
 * pull has brought the server's truth. Nothing is dropped silently. What a person should do about
 * each refusal code is in the renderer's i18n catalogue (sync.advice.<code>).
 */

export class ConflictStore {
  constructor(
    private readonly db: Db,
    private readonly local: LocalMutations,
  ) {}

  record(clientId: string, m: MutationRecord, code: string, message: string, at: string): void {
    this.db
      .prepare(`INSERT INTO sync_conflicts (client_id, mutation_id, name, args, user_id, created_at, code, message, rejected_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, mutation_id) DO NOTHING`)
      .run(clientId, m.id, m.name, JSON.stringify(m.args), m.userId, m.createdAt, code, message, at);
  }

  openCount(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_conflicts WHERE dismissed_at IS NULL').get()!.n;
  }

  list(includeDismissed: boolean, limit: number): SyncConflict[] {
    const rows = this.db
      .prepare<[number], {
        id: number;
        mutation_id: number;
        name: string;
        args: string;
        user_name: string | null;
        created_at: string;
        code: string;
        message: string;
        rejected_at: string;
        dismissed_at: string | null;
      }>(`SELECT c.id, c.mutation_id, c.name, c.args, u.name AS user_name, c.created_at, c.code, c.message, c.rejected_at, c.dismissed_at
        FROM sync_conflicts c LEFT JOIN app_user u ON u.id = c.user_id
        ${includeDismissed ? '' : 'WHERE c.dismissed_at IS NULL'} ORDER BY c.id DESC LIMIT ?`)
      .all(limit);
    return rows.map((r) => {
      const parsed = parseStoredArgs(r.name, r.args);
      return {
        id: r.id,
        mutationId: r.mutation_id,
        name: r.name,
        summary: parsed ? this.local.describe(parsed.name, parsed.args) : r.name,
        message: r.message,
        code: r.code,
        userName: r.user_name,
        createdAt: r.created_at,
        rejectedAt: r.rejected_at,
        dismissedAt: r.dismissed_at,
      };
    });
  }

  /** "Jag har sett det": the entry leaves the open list (it stays in the table for the record). */
  dismiss(id: number, userId: string, at: string): boolean {
    return this.db.prepare('UPDATE sync_conflicts SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND dismissed_at IS NULL').run(at, userId, id).changes > 0;
  }
}
