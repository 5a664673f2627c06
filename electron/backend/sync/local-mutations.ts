import type { Decision } from '../../../shared/domain/effects';
import { markerOf } from '../../../shared/domain/effects';
import { decideMutation, isMutationName, mutationArgs, type Actor, type MutationArgs, type MutationName } from '../../../shared/domain/mutations';
import { err, type Result } from '../../../shared/result';
import { isReplicatedTable, keyOfId, keyId, type ReplicatedTable } from '../../../shared/sync/tables';
import type { Db } from '../db/replica';
import { localMutations, type LocalMutation, type LocalMutationRegistry } from '../mutations';
import { UserRepository } from '../session/repository';
import { EffectWriter, type UndoOp } from './effects';

export type { UndoOp } from './effects';

/** A mutation as the outbox holds it and the protocol sends it. */
export interface MutationRecord<N extends MutationName = MutationName> {
  id: number;
  name: N;
  args: MutationArgs<N>;
  userId: string;
  createdAt: string;
}

/** The row a mutation's effect is recognised by, as the outbox stores it: "table|key". */
export type Marker = string;

export const encodeMarker = (m: { table: ReplicatedTable; key: Record<string, unknown> }): Marker => `${m.table}|${keyId(m.table, m.key)}`;

function decodeMarker(marker: Marker): { table: ReplicatedTable; key: Record<string, string> } | null {
  const at = marker.indexOf('|');
  const table = marker.slice(0, at);
  if (at < 0 || !isReplicatedTable(table)) return null;
  const key = keyOfId(table, marker.slice(at + 1));
  return key ? { table, key } : null;
}

/**
 * The workstation side of the write path, for every mutation alike: gather the facts through the
 * feature's half (electron/backend/<feature>/mutations.ts), run the shared rule, write the effects
 * with the generic interpreter, and recognise a mutation's effect by its marker row. Nothing here
 * opens a transaction: callers run it inside theirs.
 */
export class LocalMutations {
  private readonly users: UserRepository;
  private readonly registry: LocalMutationRegistry;
  private readonly effects: EffectWriter;

  constructor(db: Db) {
    this.users = new UserRepository(db);
    this.registry = localMutations(db);
    this.effects = new EffectWriter(db);
  }

  private half<N extends MutationName>(name: N): LocalMutation<N> {
    return this.registry[name] as LocalMutation<N>;
  }

  /** The acting user as the rules see them, from the replica's users (null: unknown or inactive). */
  actorOf(userId: string): Actor | null {
    const user = this.users.get(userId);
    return user ? { userId: user.id, userName: user.name, roles: user.roles, storeIds: user.storeIds } : null;
  }

  /** Runs the shared rule against the replica as it is now. */
  decide<N extends MutationName>(m: Pick<MutationRecord<N>, 'name' | 'args' | 'userId' | 'createdAt'>): Result<Decision> {
    const actor = this.actorOf(m.userId);
    if (!actor) return err('unknown-user', 'Användaren finns inte eller är inte längre aktiv.');
    return decideMutation(m.name, m.args, this.half(m.name).facts(m.args, actor), { actor, at: m.createdAt });
  }

  /**
   * Writes the effects (not the audit entry: that is written once, by the writer) and returns
   * their inverse and the marker row. Every mutation creates a row of its own; one that does not
   * is a bug in its rule.
   */
  apply(decision: Decision): { undo: UndoOp[]; marker: Marker } {
    const marker = markerOf(decision);
    if (!marker) throw new Error(`the rule behind ${decision.audit.action} created no row: every mutation must insert one (its marker)`);
    return { undo: this.effects.apply(decision.effects), marker: encodeMarker(marker) };
  }

  /** Takes an applied effect back out (reverse order). */
  undo(ops: readonly UndoOp[]): void {
    this.effects.undo(ops);
  }

  /**
   * True when the replica already holds the server's copy of this mutation's effect: its marker
   * row, present after its own optimistic copy was taken out, came from the server.
   */
  isReflected(entry: { marker: Marker | null }): boolean {
    const marker = entry.marker ? decodeMarker(entry.marker) : null;
    return marker !== null && this.effects.exists(marker.table, marker.key);
  }

  /** One Swedish line: what the person did. */
  describe(name: MutationName, args: MutationArgs<MutationName>): string {
    return this.half(name).describe(args as never);
  }
}

/** Parses stored arguments again (the outbox is ours, but a damaged row must not become a bug later). */
export function parseStoredArgs(name: string, args: string): { name: MutationName; args: MutationArgs<MutationName> } | null {
  if (!isMutationName(name)) return null;
  const parsed = mutationArgs[name].safeParse(JSON.parse(args));
  return parsed.success ? { name, args: parsed.data as MutationArgs<MutationName> } : null;
}
