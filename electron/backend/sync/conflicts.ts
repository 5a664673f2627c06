import type { MutationArgs, MutationName } from '../../../shared/domain/mutations';
import type { SyncConflict } from '../../../shared/api/schemas';
import type { Db } from '../db/replica';
import type { MutationRecord } from './local-mutations';
import { parseStoredArgs } from './local-mutations';

/**
 * Mutations the central server refused. They are listed on the Synk page with what was refused,
 * the server's explanation and what to do; the optimistic effect is already gone (rebase) and the
 * pull has brought the server's truth. Nothing is dropped silently.
 */

/** Used when the server processed a mutation whose answer was lost and its effect is not in the server's data. */
export const UNCONFIRMED_CODE = 'unconfirmed';
export const UNCONFIRMED_MESSAGE =
  'Centralen har tagit emot ändringen men svaret kom aldrig fram, och ändringen finns inte i centralens uppgifter: den avvisades.';

/** What the technician should do, by refusal code (the server's codes are the shared rules' codes). */
export function adviceFor(code: string, name: string): string {
  switch (code) {
    case 'duplicate-individual-no':
      return name === 'individual.register'
        ? 'Individnumret används redan av en annan individ. Kontrollera märkningen på hjälpmedlet och registrera det igen med rätt individnummer.'
        : 'Individnumret används redan av en annan individ. Kontrollera märkningen och byt till ett nummer som inte används.';
    case 'duplicate-id':
      return 'Individen finns redan hos centralen. Sök fram den och kontrollera uppgifterna; ingen ny registrering behövs.';
    case 'unknown-article':
      return 'Artikeln finns inte längre i sortimentet. Kontakta hjälpmedelscentralen om vilken artikel som ska användas.';
    case 'article-not-tracked':
    case 'article-not-b-aid':
    case 'article-tracked':
      return 'Artikeln har ändrats centralt sedan ändringen gjordes. Kontrollera artikeln och gör om ändringen om den fortfarande behövs.';
    case 'unknown-individual':
      return 'Individen finns inte längre i lagrets register (den kan ha flyttats eller tagits bort centralt). Sök fram den och kontakta hjälpmedelscentralen vid behov.';
    case 'same-individual-no':
      return 'Individen har redan det numret. Ingen åtgärd behövs.';
    case 'forbidden-store':
    case 'forbidden-role':
    case 'unknown-user':
      return 'Användaren saknade behörighet hos centralen när ändringen kom fram. Kontakta din administratör och gör om ändringen när behörigheten är rättad.';
    case 'forbidden-user':
      return 'Användaren hör inte (längre) till lagret hos centralen. Kontakta din administratör; gör sedan om ändringen.';
    case 'internal-error':
      return 'Centralen kunde inte behandla ändringen. Kontakta support och ange tidpunkten; gör sedan om ändringen.';
    case 'invalid-input':
    case 'unknown-mutation':
      return 'Centralen kunde inte läsa ändringen; den här versionen av Buffert kan vara för gammal. Uppdatera Buffert och gör om ändringen.';
    case UNCONFIRMED_CODE:
      return 'Kontrollera uppgifterna i Buffert och gör om ändringen om den fortfarande behövs.';
    default:
      return 'Kontrollera uppgifterna i Buffert och gör om ändringen om den fortfarande behövs. Kontakta hjälpmedelscentralen om felet återkommer.';
  }
}

/** One line in Swedish: what the person had done. */
export function describeMutation(db: Db, name: MutationName, args: MutationArgs<MutationName>): string {
  const articleNo = (id: string) =>
    db.prepare<[string], { article_no: string }>('SELECT article_no FROM article WHERE id = ?').get(id)?.article_no ?? id;
  const individualNo = (id: string) =>
    db.prepare<[string], { individual_no: string }>('SELECT individual_no FROM individual WHERE id = ?').get(id)?.individual_no ?? null;
  switch (name) {
    case 'individual.register': {
      const a = args as MutationArgs<'individual.register'>;
      return `Registrering av individ ${a.individualNo} på artikel ${articleNo(a.articleId)}`;
    }
    case 'individual.changeNumber': {
      const a = args as MutationArgs<'individual.changeNumber'>;
      const current = individualNo(a.individualId);
      return `Byte av individnummer${current ? ` för ${current}` : ''} till ${a.newIndividualNo}`;
    }
    case 'individual.addText': {
      const a = args as MutationArgs<'individual.addText'>;
      const current = individualNo(a.individualId);
      return `Text på individ${current ? ` ${current}` : ''}: "${a.text.length > 60 ? `${a.text.slice(0, 57)}…` : a.text}"`;
    }
    case 'stock.adjust': {
      const a = args as MutationArgs<'stock.adjust'>;
      return `Saldojustering ${a.quantity > 0 ? '+' : ''}${a.quantity} på artikel ${articleNo(a.articleId)} (${a.reason})`;
    }
  }
}

export class ConflictStore {
  constructor(private readonly db: Db) {}

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
        summary: parsed ? describeMutation(this.db, parsed.name, parsed.args) : r.name,
        message: r.message,
        advice: adviceFor(r.code, r.name),
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
