/**
 * What the server logs of an unexpected error. PostgreSQL's `detail` (a violated key's value, the
 * failing row), `where` and `internalQuery` can hold personal data — a personal number, a name —
 * and are left out; the message, SQLSTATE, table, column and constraint are enough to find the
 * fault (docs/deploy-central.md, "Logs").
 */
const KEPT_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;

export interface LoggableError {
  type: string;
  message: string;
  stack?: string;
  cause?: LoggableError | string;
  [field: string]: unknown;
}

export function loggableError(error: unknown, depth = 0): LoggableError | string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : `non-error thrown: ${typeof error}`;
  const out: LoggableError = { type: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  for (const field of KEPT_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (error.cause !== undefined && depth < 3) out.cause = loggableError(error.cause, depth + 1);
  return out;
}

/** The same as one text block for stderr (no JSON logger). */
export function formatLoggableError(error: unknown): string {
  const e = loggableError(error);
  if (typeof e === 'string') return e;
  const fields = KEPT_FIELDS.filter((f) => e[f] !== undefined).map((f) => `${f}=${String(e[f])}`);
  const cause = e.cause === undefined ? '' : `\n  cause: ${typeof e.cause === 'string' ? e.cause : (e.cause.stack ?? e.cause.message)}`;
  return `${e.stack ?? `${e.type}: ${e.message}`}${fields.length > 0 ? `\n  ${fields.join(' ')}` : ''}${cause}`;
}
