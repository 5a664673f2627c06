import { z } from 'zod';
import type { Ok } from '../result';
import type { Decision } from './effects';
import type { Role } from './model';

/**
 * What every mutation of the write path is made of (docs/decisions/0007-write-path.md): an args
 * schema, a pure rule `decide(args, facts) → decision | refusal`, and the list of its refusal
 * codes. The workstation runs the rule optimistically against its replica, the server
 * authoritatively against PostgreSQL; each side only says how to read the facts.
 */

/** Who is acting: the user behind the mutation and the stores they may work in. */
export interface Actor {
  userId: string;
  userName: string;
  roles: readonly Role[];
  storeIds: readonly string[];
}

/** What every rule gets besides its own facts. */
export interface Context {
  actor: Actor;
  /** When the person confirmed it (the workstation's clock, checked by the server). */
  at: string;
}

/** A refusal with a code from the rule's own list and a Swedish message for the person. */
export interface Refusal<C extends string> {
  ok: false;
  error: { code: C; message: string };
}
export type Decided<C extends string> = Ok<Decision> | Refusal<C>;

export const refuse = <C extends string>(code: C, message: string): Refusal<C> => ({ ok: false, error: { code, message } });
export const decided = (decision: Decision): Ok<Decision> => ({ ok: true, value: decision });

export interface MutationDef<S extends z.ZodType, F, C extends string> {
  args: S;
  /** Every code `decide` may answer, for the advice catalogue (renderer/i18n) and its test. */
  refusals: readonly C[];
  decide(args: z.output<S>, facts: F, ctx: Context): Decided<C>;
}

/** Declares a mutation; the generic keeps the facts and refusal types for the registries. */
export const defineMutation = <S extends z.ZodType, F, C extends string>(def: MutationDef<S, F, C>): MutationDef<S, F, C> => def;

/* ---------- text and numbers at the boundary ---------- */

// C0 controls (NUL included) and DEL; `multiLine` lets line breaks and tabs through. Finding
// control characters is the point of this expression.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAKS = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds only characters every database and screen can keep. */
export function isCleanText(text: string, multiLine = false): boolean {
  return !CONTROL.test(text) && !LONE_SURROGATE.test(text) && (multiLine || !LINE_BREAKS.test(text));
}

/** The text with every character no database column can keep replaced by "?" (for texts the server itself stores, e.g. a refusal). */
export function storableText(text: string, max = 2000): string {
  return text.replace(new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g'), '?').slice(0, max);
}

const CONTROL_MESSAGE = 'Texten innehåller tecken som inte kan sparas (styrtecken). Skriv om texten.';

/** A trimmed, bounded string without control characters; `required`: the message when empty. */
export function cleanText(max: number, tooLong: string, options: { multiLine?: boolean; required?: string } = {}) {
  const base = z.string().trim();
  return (options.required ? base.min(1, options.required) : base).max(max, tooLong).refine((t) => isCleanText(t, options.multiLine), CONTROL_MESSAGE);
}

/** Ids made by central or a workstation: UUIDs, article ids like "A14540", store ids like "50301". */
export const RowId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'Ogiltigt id.');
export const Uuid = z.string().uuid();

export const IndividualNo = z
  .string()
  .trim()
  .min(1, 'Ange ett individnummer.')
  .max(30, 'Individnumret får vara högst 30 tecken.')
  .regex(/^[0-9A-Za-z-]+$/, 'Individnumret får bara innehålla siffror, bokstäver och bindestreck.');

/* ---------- who may do what ---------- */

/** Store staff register individuals and change their numbers. */
export const STORE_STAFF_ROLES: readonly Role[] = ['technician', 'storeAdmin'];
/** Only store admins adjust a stock balance. */
export const STOCK_ADJUST_ROLES: readonly Role[] = ['storeAdmin'];

/** Whether someone with these roles may do store-staff work at all (the UI's enabled buttons). */
export const hasAnyRole = (roles: readonly Role[] | undefined, allowed: readonly Role[]): boolean =>
  roles !== undefined && roles.some((r) => allowed.includes(r));

export type StoreRefusal = 'forbidden-store' | 'forbidden-role';
export const STORE_REFUSALS = ['forbidden-store', 'forbidden-role'] as const satisfies readonly StoreRefusal[];

/** The actor works in `storeId` and has one of `roles`; null when allowed. */
export function mayWorkInStore(actor: Actor, storeId: string | null, roles: readonly Role[] = STORE_STAFF_ROLES): Refusal<StoreRefusal> | null {
  if (storeId === null || !actor.storeIds.includes(storeId)) {
    return refuse('forbidden-store', storeId === null ? 'Du har inte behörighet att ändra det här.' : `Du har inte behörighet att arbeta i lager ${storeId}.`);
  }
  return mayActAs(actor.roles, roles);
}

/** The roles allow it; else the refusal both the rules and the workstation's dispatch give. */
export function mayActAs(userRoles: readonly Role[], roles: readonly Role[]): Refusal<'forbidden-role'> | null {
  if (hasAnyRole(userRoles, roles)) return null;
  if (roles === STOCK_ADJUST_ROLES) return refuse('forbidden-role', 'Bara lageradministratörer får göra detta.');
  if (roles === STORE_STAFF_ROLES) return refuse('forbidden-role', 'Bara lagerpersonal får göra detta.');
  return refuse('forbidden-role', 'Din roll får inte göra detta.');
}
