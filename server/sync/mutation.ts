import type { Actor, Effects, MutationArgs, MutationName } from '../../shared/domain/mutations';
import { err, type Result } from '../../shared/result';
import type { Target, WriteBatch } from './batch';

/**
 * The server half of a mutation: gather the facts from PostgreSQL and run the shared rule
 * (shared/domain/mutations.ts) — the same function the workstation ran optimistically.
 */
export interface ServerMutation<N extends MutationName> {
  decide(batch: WriteBatch, args: MutationArgs<N>, actor: Actor, at: string): Promise<Result<Effects>>;
  /** The rows it writes, read leniently from the raw args (they may have failed validation). */
  targets(args: Record<string, unknown>, storeId: string): Target[];
}

/** A string argument usable as a row id, or undefined. */
export function idArg(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 64 && !v.includes('|') ? v : undefined;
}

export const duplicateId = (): Result<never> =>
  err('duplicate-id', 'Ändringen använder ett id som redan finns hos centralen. Den har inte sparats centralt; registrera uppgiften på nytt.');
