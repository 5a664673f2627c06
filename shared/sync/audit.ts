import { z } from 'zod';
import { ClientId } from './protocol';

/**
 * The workstation's audit chain to central (POST /sync/audit, with the workstation's bearer
 * token; docs/decisions/0019-audit-trail.md). An addition beside push and pull, not a change of
 * them: the protocol and schema versions are unchanged, and a central without the route answers
 * 404, which the workstation's cycle task leaves for the next cycle.
 *
 * Resumable and idempotent: the workstation sends its entries after `after` (the last seq central
 * confirmed), in seq order. Entries central has are compared (the same: a resend, ignored; other
 * content: a break). If central has fewer than `after` (restored from a backup), nothing is
 * stored and `resend` asks for the entries after `headSeq`.
 */
export const AUDIT_SYNC_PATH = '/sync/audit';
export const MAX_AUDIT_ENTRIES = 1000;

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditWireEntry = z
  .object({
    seq: z.number().int().positive(),
    at: z.string().min(1).max(40),
    userId: z.string().min(1).max(64).nullable(),
    action: z.string().min(1).max(100),
    entity: z.string().min(1).max(64),
    entityId: z.string().min(1).max(300),
    /** As stored on the workstation: JSON text, or null. */
    details: z.string().max(64 * 1024).nullable(),
    prevHash: Hash,
    hash: Hash,
  })
  .strict();
export type AuditWireEntry = z.infer<typeof AuditWireEntry>;

export const AuditPushRequest = z
  .object({
    protocolVersion: z.number().int().positive(),
    schemaVersion: z.number().int().positive(),
    clientId: ClientId,
    after: z.number().int().nonnegative(),
    entries: z
      .array(AuditWireEntry)
      .max(MAX_AUDIT_ENTRIES)
      .refine((es) => es.every((e, i) => i === 0 || e.seq > es[i - 1]!.seq), 'Posterna måste komma i nummerordning.'),
  })
  .strict()
  .refine((r) => r.entries.every((e) => e.seq > r.after), 'Posterna måste ha nummer efter "after".');
export type AuditPushRequest = z.infer<typeof AuditPushRequest>;

export const AuditBreakKind = z.enum(['gap', 'order', 'link', 'content', 'changed']);

export const AuditPushResponse = z.object({
  /** The last seq central has of this workstation's chain. */
  headSeq: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Breaks found in this request (each stored and shown by `verify-audit`). */
  breaks: z.array(z.object({ seq: z.number().int(), kind: AuditBreakKind, message: z.string() })),
  /** Central has fewer entries than `after`: send again from headSeq. */
  resend: z.boolean(),
});
export type AuditPushResponse = z.infer<typeof AuditPushResponse>;
