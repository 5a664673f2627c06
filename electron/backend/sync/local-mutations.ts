import {
  decideAddIndividualText,
  decideChangeIndividualNo,
  decideRegisterIndividual,
  decideStockAdjustment,
  mutationArgs,
  type Actor,
  type ArticleFacts,
  type Effects,
  type IndividualFacts,
  type MutationArgs,
  type MutationName,
} from '../../../shared/domain/mutations';
import type { AidCategory, ArticleStatus, IndividualStatus } from '../../../shared/domain/model';
import { err, type Result } from '../../../shared/result';
import type { Db } from '../db/replica';
import { reverseNumber } from '../individual/repository';
import { UserRepository } from '../session/repository';

/**
 * The workstation side of the shared mutation rules: gather the facts from the replica, run the
 * same pure `decide…` function the server runs, and write the resulting `Effects` as SQL. Every
 * write records its inverse (`UndoOp`s) so that a rebase can take an optimistic effect back out
 * before the server's rows are applied (docs/sync.md "Rebase"). Nothing here opens a transaction:
 * callers run it inside theirs.
 */

export type UndoOp =
  | { op: 'deleteIndividual'; id: string }
  | { op: 'setIndividualNo'; id: string; individualNo: string }
  | { op: 'deleteText'; id: string }
  | { op: 'deleteMovement'; id: string }
  /** Take a quantity back off a balance; `created` = the row did not exist before (delete it again). */
  | { op: 'balance'; storeId: string; articleId: string; delta: number; created: boolean };

/** A mutation as the outbox holds it and the protocol sends it. */
export interface MutationRecord<N extends MutationName = MutationName> {
  id: number;
  name: N;
  args: MutationArgs<N>;
  userId: string;
  createdAt: string;
}

interface ArticleRow {
  id: string;
  article_no: string;
  tracked_individually: number;
  aid_category: AidCategory;
  article_status: ArticleStatus;
}
interface IndividualRow {
  id: string;
  individual_no: string;
  article_id: string;
  status: IndividualStatus;
  store_id: string | null;
}

const toArticleFacts = (r: ArticleRow | undefined): ArticleFacts | null =>
  r
    ? { id: r.id, articleNo: r.article_no, trackedIndividually: r.tracked_individually === 1, aidCategory: r.aid_category, articleStatus: r.article_status }
    : null;

const toIndividualFacts = (r: IndividualRow | undefined): IndividualFacts | null =>
  r ? { id: r.id, individualNo: r.individual_no, articleId: r.article_id, status: r.status, storeId: r.store_id } : null;

export class LocalMutations {
  private readonly users: UserRepository;
  private readonly s;

  constructor(private readonly db: Db) {
    this.users = new UserRepository(db);
    this.s = {
      article: db.prepare<[string], ArticleRow>('SELECT id, article_no, tracked_individually, aid_category, article_status FROM article WHERE id = ?'),
      individual: db.prepare<[string], IndividualRow>('SELECT id, individual_no, article_id, status, store_id FROM individual WHERE id = ?'),
      individualNoTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM individual WHERE individual_no = ?'),
      individualNoOf: db.prepare<[string], { individual_no: string }>('SELECT individual_no FROM individual WHERE id = ?'),
      movementExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM stock_movement WHERE id = ?'),
      textExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM individual_text WHERE id = ?'),
      insertIndividual: db.prepare(`INSERT INTO individual (id, individual_no, individual_no_rev, article_id, serial_no, estimated_age_years, status, store_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      setIndividualNo: db.prepare('UPDATE individual SET individual_no = ?, individual_no_rev = ? WHERE id = ?'),
      deleteIndividual: db.prepare('DELETE FROM individual WHERE id = ?'),
      insertText: db.prepare('INSERT INTO individual_text (id, individual_id, at, user_id, text) VALUES (?, ?, ?, ?, ?)'),
      deleteText: db.prepare('DELETE FROM individual_text WHERE id = ?'),
      insertMovement: db.prepare(`INSERT INTO stock_movement (id, store_id, article_id, individual_id, quantity, reason, note, user_id, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteMovement: db.prepare('DELETE FROM stock_movement WHERE id = ?'),
      balanceExists: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM stock_balance WHERE store_id = ? AND article_id = ?'),
      bumpBalance: db.prepare(`INSERT INTO stock_balance (store_id, article_id, article_no, on_hand, reserved)
        SELECT ?, a.id, a.article_no, ?, 0 FROM article a WHERE a.id = ?
        ON CONFLICT (store_id, article_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand`),
      addBalance: db.prepare('UPDATE stock_balance SET on_hand = on_hand + ? WHERE store_id = ? AND article_id = ?'),
      deleteBalance: db.prepare('DELETE FROM stock_balance WHERE store_id = ? AND article_id = ?'),
    };
  }

  /** The acting user as the rules see them, from the replica's users (null: unknown or inactive). */
  actorOf(userId: string): Actor | null {
    const user = this.users.get(userId);
    return user ? { userId: user.id, userName: user.name, roles: user.roles, storeIds: user.storeIds } : null;
  }

  /** Runs the shared rule against the replica as it is now. */
  decide(m: Pick<MutationRecord, 'name' | 'args' | 'userId' | 'createdAt'>): Result<Effects> {
    const actor = this.actorOf(m.userId);
    if (!actor) return err('unknown-user', 'Användaren finns inte eller är inte längre aktiv.');
    const at = m.createdAt;
    switch (m.name) {
      case 'individual.register': {
        const args = m.args as MutationArgs<'individual.register'>;
        return decideRegisterIndividual(args, {
          actor,
          article: toArticleFacts(this.s.article.get(args.articleId)),
          individualNoTaken: this.s.individualNoTaken.get(args.individualNo) !== undefined,
          individualIdTaken: this.s.individual.get(args.individualId) !== undefined,
          at,
        });
      }
      case 'individual.changeNumber': {
        const args = m.args as MutationArgs<'individual.changeNumber'>;
        return decideChangeIndividualNo(args, {
          actor,
          individual: toIndividualFacts(this.s.individual.get(args.individualId)),
          newNumberTaken: this.s.individualNoTaken.get(args.newIndividualNo) !== undefined,
          at,
        });
      }
      case 'individual.addText': {
        const args = m.args as MutationArgs<'individual.addText'>;
        return decideAddIndividualText(args, { actor, individual: toIndividualFacts(this.s.individual.get(args.individualId)), at });
      }
      case 'stock.adjust': {
        const args = m.args as MutationArgs<'stock.adjust'>;
        return decideStockAdjustment(args, { actor, article: toArticleFacts(this.s.article.get(args.articleId)), at });
      }
    }
  }

  /** Writes the effects (not the audit entry: that is written once, by the handler) and returns their inverse, in order. */
  apply(effects: Effects): UndoOp[] {
    const undo: UndoOp[] = [];
    const s = this.s;
    const ind = effects.insertIndividual;
    if (ind) {
      s.insertIndividual.run(ind.id, ind.individualNo, reverseNumber(ind.individualNo), ind.articleId, ind.serialNo, ind.estimatedAgeYears, ind.status, ind.storeId);
      undo.push({ op: 'deleteIndividual', id: ind.id });
    }
    const renumber = effects.updateIndividualNo;
    if (renumber) {
      const before = s.individualNoOf.get(renumber.id);
      if (!before) throw new Error(`individual ${renumber.id} vanished between decide and apply`);
      s.setIndividualNo.run(renumber.individualNo, reverseNumber(renumber.individualNo), renumber.id);
      undo.push({ op: 'setIndividualNo', id: renumber.id, individualNo: before.individual_no });
    }
    const text = effects.insertText;
    if (text) {
      s.insertText.run(text.id, text.individualId, text.at, text.userId, text.text);
      undo.push({ op: 'deleteText', id: text.id });
    }
    const mv = effects.movement;
    if (mv) {
      s.insertMovement.run(mv.id, mv.storeId, mv.articleId, mv.individualId, mv.quantity, mv.reason, mv.note, mv.userId, mv.at);
      undo.push({ op: 'deleteMovement', id: mv.id });
      const created = s.balanceExists.get(mv.storeId, mv.articleId) === undefined;
      s.bumpBalance.run(mv.storeId, mv.quantity, mv.articleId);
      undo.push({ op: 'balance', storeId: mv.storeId, articleId: mv.articleId, delta: -mv.quantity, created });
    }
    return undo;
  }

  /**
   * Takes an applied effect back out (reverse order). Deleting a ledger row needs the rebase's
   * unlock (sync_state.ledger_unlocked), which only `Rebase` sets.
   */
  undo(ops: readonly UndoOp[]): void {
    const s = this.s;
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      switch (op.op) {
        case 'deleteIndividual':
          s.deleteIndividual.run(op.id);
          break;
        case 'setIndividualNo':
          s.setIndividualNo.run(op.individualNo, reverseNumber(op.individualNo), op.id);
          break;
        case 'deleteText':
          s.deleteText.run(op.id);
          break;
        case 'deleteMovement':
          s.deleteMovement.run(op.id);
          break;
        case 'balance':
          if (op.created) s.deleteBalance.run(op.storeId, op.articleId);
          else s.addBalance.run(op.delta, op.storeId, op.articleId);
          break;
      }
    }
  }

  /**
   * True when the replica already holds the server's copy of this mutation's effect: every
   * mutation creates one row under an id the workstation chose (a movement or a text), so that
   * row's presence after its optimistic copy was taken out means the server applied it.
   */
  isReflected(m: Pick<MutationRecord, 'name' | 'args'>): boolean {
    switch (m.name) {
      case 'individual.register':
        return this.s.movementExists.get((m.args as MutationArgs<'individual.register'>).movementId) !== undefined;
      case 'stock.adjust':
        return this.s.movementExists.get((m.args as MutationArgs<'stock.adjust'>).movementId) !== undefined;
      case 'individual.changeNumber':
        return this.s.textExists.get((m.args as MutationArgs<'individual.changeNumber'>).textId) !== undefined;
      case 'individual.addText':
        return this.s.textExists.get((m.args as MutationArgs<'individual.addText'>).textId) !== undefined;
    }
  }
}

/** Parses stored arguments again (the outbox is ours, but a damaged row must not become a bug later). */
export function parseStoredArgs(name: string, args: string): { name: MutationName; args: MutationArgs<MutationName> } | null {
  if (!Object.prototype.hasOwnProperty.call(mutationArgs, name)) return null;
  const schema = mutationArgs[name as MutationName];
  const parsed = schema.safeParse(JSON.parse(args));
  return parsed.success ? { name: name as MutationName, args: parsed.data as MutationArgs<MutationName> } : null;
}
