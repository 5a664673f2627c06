import {
  decideAddIndividualText,
  decideChangeIndividualNo,
  decideRegisterIndividual,
} from '../../shared/domain/mutations';
import type { Target } from '../sync/batch';
import { gatherFacts, lockIndividual } from '../sync/facts';
import { duplicateId, idArg, type ServerMutation } from '../sync/mutation';

/** Server side of the individual mutations: facts from PostgreSQL, the shared rules decide. */

const register: ServerMutation<'individual.register'> = {
  async decide(batch, args, actor, at) {
    const facts = await gatherFacts(batch, {
      articleId: args.articleId,
      individualNo: args.individualNo,
      newIndividualId: args.individualId,
      movementId: args.movementId,
      textId: args.textId,
    });
    const decision = decideRegisterIndividual(args, { actor, article: facts.article, individualNoTaken: facts.individualNoTaken, individualIdTaken: facts.individualIdTaken, at });
    if (!decision.ok) return decision;
    return facts.movementIdTaken || (decision.value.insertText && facts.textIdTaken) ? duplicateId() : decision;
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
    const storeId = actor.storeIds[0] ?? '';
    await lockIndividual(batch, args.individualId, storeId);
    const facts = await gatherFacts(batch, { individual: { id: args.individualId, storeId }, individualNo: args.newIndividualNo, textId: args.textId });
    const decision = decideChangeIndividualNo(args, { actor, individual: facts.individual, newNumberTaken: facts.individualNoTaken, at });
    if (!decision.ok) return decision;
    return facts.textIdTaken ? duplicateId() : decision;
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
    const storeId = actor.storeIds[0] ?? '';
    const facts = await gatherFacts(batch, { individual: { id: args.individualId, storeId }, textId: args.textId });
    const decision = decideAddIndividualText(args, { actor, individual: facts.individual, at });
    if (!decision.ok) return decision;
    return facts.textIdTaken ? duplicateId() : decision;
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
