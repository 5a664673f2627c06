import type { KeyboardEvent } from 'react';
import type { AppError } from '../../shared/result';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface PlacedErrors<F extends string> {
  /** The first message for each field the form shows. */
  fields: FieldErrors<F>;
  /** What belongs to no field (a refusal of the whole write), or null. */
  form: string | null;
}

interface Issue {
  path: string[];
  message: string;
}

function issuesOf(error: AppError): Issue[] {
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is Issue =>
      typeof i === 'object' && i !== null && Array.isArray((i as Issue).path) && typeof (i as Issue).message === 'string',
  );
}

/**
 * Places a refusal on the form: validation issues (`invalid-input`, from the contract's schema on
 * either side) go beside their fields, business refusals by code (e.g. a duplicate individual
 * number) to the field they concern, anything else above the buttons. Messages stay the rule's
 * Swedish words; the UI does not rephrase them.
 */
export function placeErrors<F extends string>(
  error: AppError,
  fields: readonly F[],
  where: {
    /** Business refusal code → the field it concerns. */
    codes?: Partial<Record<string, F>>;
    /** Contract field → form field, where they differ (articleId is typed as an article number). */
    paths?: Partial<Record<string, F>>;
  } = {},
): PlacedErrors<F> {
  const placed: FieldErrors<F> = {};
  const loose: string[] = [];
  for (const issue of issuesOf(error)) {
    const key = issue.path[0];
    const field = key === undefined ? undefined : (where.paths?.[key] ?? fields.find((f) => f === key));
    if (field === undefined) loose.push(issue.message);
    else placed[field] ??= issue.message;
  }
  if (issuesOf(error).length > 0) return { fields: placed, form: loose.length > 0 ? loose.join(' ') : null };
  const field = where.codes?.[error.code];
  if (field !== undefined) return { fields: { [field]: error.message } as FieldErrors<F>, form: null };
  return { fields: {}, form: error.message };
}

/** The first field (in form order) that has an error, to move the focus there. */
export function firstErrorField<F extends string>(order: readonly F[], errors: FieldErrors<F>): F | undefined {
  return order.find((f) => errors[f] !== undefined);
}

/** Moves the focus to the first field marked invalid in a form (after a refused submit). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** In a text area, Enter saves the form and Shift+Enter starts a new line (keyboard first). */
export function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>, form: HTMLFormElement | null): void {
  if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
  event.preventDefault();
  form?.requestSubmit();
}
