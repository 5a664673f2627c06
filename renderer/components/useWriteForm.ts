import { useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../shared/result';
import { focusFirstInvalid, placeErrors, type FieldErrors } from './forms';

type Places<F extends string> = Parameters<typeof placeErrors<F>>[2];

/**
 * The state every write dialog shares: field errors and a form error placed from a refusal, a
 * saving flag against double submits, and the focus moved to the first invalid field after a
 * refused save (keyboard first).
 */
export function useWriteForm<F extends string>(fields: readonly F[], places?: Places<F>) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(formRef.current);
  }, [attempt]);

  /** Moves the focus to the first invalid field (after the errors are shown). */
  const focusInvalid = () => setAttempt((n) => n + 1);

  /** Shows a refusal beside its fields (or above the buttons); `focus: false` leaves the focus be. */
  const refuse = (error: AppError, focus = true) => {
    const placed = placeErrors(error, fields, places);
    setErrors(placed.fields);
    setFormError(placed.form);
    if (focus) focusInvalid();
  };

  /** A check the form makes before sending: one field, one message. */
  const fieldError = (field: F, message: string) => {
    setErrors({ [field]: message } as FieldErrors<F>);
    setFormError(null);
    focusInvalid();
  };

  const clear = (field: F) => setErrors((e) => (e[field] === undefined ? e : { ...e, [field]: undefined }));

  /** Runs one write; a refusal is shown on the form, a success goes to `onSaved`. */
  const submit = async <T>(write: () => Promise<Result<T>>, onSaved: (value: T) => void) => {
    if (saving) return;
    setSaving(true);
    setFormError(null);
    const result = await write();
    setSaving(false);
    if (!result.ok) refuse(result.error);
    else onSaved(result.value);
  };

  return { formRef, errors, formError, saving, refuse, fieldError, clear, focusInvalid, submit };
}
