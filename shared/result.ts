/**
 * Expected refusals (bad input, business rules) are data, not exceptions.
 * `message` is Swedish and meant for the person at the keyboard; `code` is stable for code.
 */
export interface AppError {
  code: string;
  message: string;
  /** Optional machine-readable detail, e.g. which field was wrong. */
  details?: Record<string, unknown>;
}

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: string, message: string, details?: Record<string, unknown>): Err =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
