import { z } from 'zod';

/**
 * The protocol-specific expectations of the central tests (fuzz, two nodes) in one place, so that
 * the write-path rewrite of issue 7 (protocol 2) only has to adapt this file:
 * - a replayed mutation id is answered `duplicate` today; protocol 2 answers its STORED outcome
 *   (`applied`, or `rejected` with the original code and message);
 * - the same id with other content (name, args, userId) is answered `duplicate` today; protocol 2
 *   answers `conflict` and stops the batch there.
 * The tests state the guarantees (no 5xx, no internal error, effects exactly once, …) and accept
 * either form of these two answers.
 */

const Outcome = z.object({
  id: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected', 'conflict']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AnyOutcome = z.infer<typeof Outcome>;

/** A push answer of protocol 1 or 2 (PushResponse of protocol 1 does not know `conflict`). */
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
  if (answer.status === 'duplicate') return true;
  if (first.status === 'applied') return answer.status === 'applied';
  return answer.status === 'rejected' && answer.error?.code === first.code;
}

/** Whether `answer` is an acceptable answer to an id already processed, sent again with other content. */
export const isOtherContentAnswer = (answer: AnyOutcome): boolean => answer.status === 'duplicate' || answer.status === 'conflict';

/**
 * Whether a rejection may be a business decision of the shared rules; `internal-error` never is
 * (a bug, or a transient database error that should have become a 503).
 */
export const isBusinessRejection = (answer: AnyOutcome): boolean => answer.status === 'rejected' && answer.error?.code !== 'internal-error';
