import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { contract, isHandlerName, type HandlerInput, type HandlerName } from './contract';

const swedish = z.locales.sv().localeError;

/** Formats zod issues as one Swedish sentence per problem, naming the field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates a schema with Swedish messages; the error code is `invalid-input`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(value, { error: swedish });
  if (!parsed.success) {
    return err('invalid-input', `Ogiltiga uppgifter – ${describeIssues(parsed.error)}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return ok(parsed.data);
}

export interface ValidCall<N extends HandlerName = HandlerName> {
  name: N;
  input: HandlerInput<N>;
}

/**
 * The boundary check every transport runs before the backend sees a call: the handler must exist
 * in the contract and the input must match its schema. Unknown names and bad input are refused with
 * a Swedish message and nothing is called.
 */
export function parseCall(name: unknown, args: unknown): Result<ValidCall> {
  if (!isHandlerName(name)) {
    const shown = typeof name === 'string' ? name.slice(0, 60) : typeof name;
    return err('unknown-handler', `Okänd funktion "${shown}".`);
  }
  const input = parseWith(contract[name].input, args === undefined ? {} : args);
  if (!input.ok) return input;
  return ok({ name, input: input.value as HandlerInput<typeof name> });
}
