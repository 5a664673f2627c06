import type { Db } from '../db/replica';

/**
 * Things the sync engine did on its own that a person must hear about (renumbered work after a
 * backup was restored). Shown on the Synk page until someone has read them; kept afterwards.
 */
export class NoticeStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      add: db.prepare('INSERT INTO sync_notice (at, code, message) VALUES (?, ?, ?)'),
      latest: db.prepare<[], { id: number; at: string; code: string; message: string }>(
        'SELECT id, at, code, message FROM sync_notice WHERE dismissed_at IS NULL ORDER BY id DESC LIMIT 1',
      ),
      dismiss: db.prepare('UPDATE sync_notice SET dismissed_at = ?, dismissed_by = ? WHERE id = ? AND dismissed_at IS NULL'),
    };
  }

  /** Call inside the transaction that did what the notice tells. */
  add(code: string, message: string, at: string): void {
    this.s.add.run(at, code, message);
  }

  latest(): { id: number; at: string; code: string; message: string } | null {
    return this.s.latest.get() ?? null;
  }

  dismiss(id: number, userId: string, at: string): boolean {
    return this.s.dismiss.run(at, userId, id).changes > 0;
  }
}
