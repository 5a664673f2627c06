import {
  decideAddIndividualText,
  decideChangeIndividualNo,
  decideRegisterIndividual,
} from '../../shared/domain/mutations';
import type { Target } from '../sync/batch';
import { articleFacts, idsTaken, individualFacts } from '../sync/facts';
import { duplicateId, idArg, type ServerMutation } from '../sync/mutation';

/** Server side of the individual mutations: facts from PostgreSQL, the shared rules decide. */

const register: ServerMutation<'individual.register'> = {
  async decide(batch, args, actor, at) {
    const { tx } = batch;
    const article = await articleFacts(tx, args.articleId);
    const { rows } = await tx.query<{ no_taken: boolean; id_taken: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM individual WHERE individual_no = $1) AS no_taken,
              EXISTS (SELECT 1 FROM individual WHERE id = $2) AS id_taken`,
      [args.individualNo, args.individualId],
    );
    const facts = rows[0]!;
    const decision = decideRegisterIndividual(args, { actor, article, individualNoTaken: facts.no_taken, individualIdTaken: facts.id_taken, at });
    if (!decision.ok) return decision;
    const taken = await idsTaken(tx, { movement: args.movementId, ...(decision.value.insertText ? { text: args.textId } : {}) });
    return taken.length > 0 ? duplicateId() : decision;
  },
  targets(args, storeId) {
    const t: Target[] = [];
    const individualId = idArg(args, 'individualId');
    const movementId = idArg(args, 'movementId');
    const textId = idArg(args, 'textId');
    const articleId = idArg(args, 'articleId');
    if (individualId) t.push({ table: 'individual', id: individualId });
    if (textId) t.push({ table: 'individual_text', id: textId });
    if (movementId) t.push({ table: 'stock_movement', id: movementId });
    if (articleId) t.push({ table: 'stock_balance', id: `${storeId}|${articleId}` });
    return t;
  },
};

const changeNumber: ServerMutation<'individual.changeNumber'> = {
  async decide(batch, args, actor, at) {
    const { tx } = batch;
    const individual = await individualFacts(tx, args.individualId, actor.storeIds[0] ?? '', true);
    const { rows } = await tx.query<{ taken: boolean }>('SELECT EXISTS (SELECT 1 FROM individual WHERE individual_no = $1) AS taken', [args.newIndividualNo]);
    const decision = decideChangeIndividualNo(args, { actor, individual, newNumberTaken: rows[0]!.taken, at });
    if (!decision.ok) return decision;
    return (await idsTaken(tx, { text: args.textId })).length > 0 ? duplicateId() : decision;
  },
  targets(args) {
    const t: Target[] = [];
    const individualId = idArg(args, 'individualId');
    const textId = idArg(args, 'textId');
    if (individualId) t.push({ table: 'individual', id: individualId });
    if (textId) t.push({ table: 'individual_text', id: textId });
    return t;
  },
};

const addText: ServerMutation<'individual.addText'> = {
  async decide(batch, args, actor, at) {
    const { tx } = batch;
    const individual = await individualFacts(tx, args.individualId, actor.storeIds[0] ?? '', false);
    const decision = decideAddIndividualText(args, { actor, individual, at });
    if (!decision.ok) return decision;
    return (await idsTaken(tx, { text: args.textId })).length > 0 ? duplicateId() : decision;
  },
  targets(args) {
    const textId = idArg(args, 'textId');
    return textId ? [{ table: 'individual_text', id: textId }] : [];
  },
};

export const individualMutations = {
  'individual.register': register,
  'individual.changeNumber': changeNumber,
  'individual.addText': addText,
};
