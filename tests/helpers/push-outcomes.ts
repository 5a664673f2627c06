import { z } from 'zod';

/**
 * The protocol-specific expectations of the central tests (fuzz, two nodes) in one place
 * (protocol 2):
 * - a replayed mutation id is answered with its STORED outcome (`applied`, or `rejected` with the
 *   original code and message);
 * - the same id with other content (name, args, userId) is answered `conflict`, and the batch
 *   stops there.
 * The answers are read leniently (any status string) so that a wrong one fails an assertion with
 * a readable message rather than a parse error.
 */

const Outcome = z.object({
  id: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected', 'conflict']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AnyOutcome = z.infer<typeof Outcome>;

/** A push answer, read with room for statuses the protocol does not have (protocol 1's `duplicate`). */
export const AnyPushResponse = z.object({
  results: z.array(Outcome),
  lastMutationId: z.number().int().nonnegative(),
  gap: z.object({ expected: z.number().int(), received: z.number().int() }).optional(),
});
export type AnyPushResponse = z.infer<typeof AnyPushResponse>;

/** What the server decided the first time it processed a mutation id. */
export type FirstOutcome = { status: 'applied' } | { status: 'rejected'; code: string };

/** Whether `answer` is an acceptable answer to a replay (same id, same content) of a mutation first decided as `first`. */
export function isReplayAnswer(answer: AnyOutcome, first: FirstOutcome): boolean {
  if (first.status === 'applied') return answer.status === 'applied';
  return answer.status === 'rejected' && answer.error?.code === first.code;
}

/** Whether `answer` is an acceptable answer to an id already processed, sent again with other content. */
export const isOtherContentAnswer = (answer: AnyOutcome): boolean => answer.status === 'conflict';

/**
 * Whether a rejection may be a business decision of the shared rules; `internal-error` never is
 * (a bug, or a transient database error that should have become a 503).
 */
export const isBusinessRejection = (answer: AnyOutcome): boolean => answer.status === 'rejected' && answer.error?.code !== 'internal-error';
