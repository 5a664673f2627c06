import type { z } from 'zod';
import type { AppError } from '../../../shared/result';

/**
 * Input a document cannot be made from. The message is Swedish and meant for the person (each
 * problem on its own line, with the line number where there is one); no PDF is made.
 */
export class DocumentInputError extends Error {
  readonly code = 'document.invalid-input';
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
    this.name = 'DocumentInputError';
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message, details: { issues: this.issues } };
  }
}

/** Where in the input a problem is, in words a person recognises: "rad 3" rather than lines.2. */
function where(path: readonly PropertyKey[], input: unknown): string {
  if (path[0] === 'lines' && typeof path[1] === 'number') {
    const lines = (input as { lines?: { lineNo?: unknown }[] } | null)?.lines;
    const lineNo = lines?.[path[1]]?.lineNo;
    return `Rad ${typeof lineNo === 'number' ? lineNo : path[1] + 1}: `;
  }
  if (path[0] === 'labels' && typeof path[1] === 'number') return `Etikett ${path[1] + 1}: `;
  return '';
}

/** zod's own messages (a missing field, a wrong type) are English; ours name the field in Swedish. Schema messages win over this. */
function fallback(issue: { code?: string; path?: PropertyKey[] }): string {
  const field = issue.path && issue.path.length > 0 ? issue.path.join('.') : 'dokumentet';
  return issue.code === 'invalid_type' ? `Fältet ${field} saknas eller har fel typ.` : `Fältet ${field} har ett ogiltigt värde.`;
}

/** Parses `input` with `schema` or throws a DocumentInputError listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { error: fallback });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${where(issue.path, input)}${issue.message}`);
  throw new DocumentInputError([...new Set(issues)]);
}
