import type { UserSummary } from '../../../shared/api/schemas';
import { err, ok, type Result } from '../../../shared/result';
import type { BackendContext } from '../backend';
import { verifyReplicaAudit } from '../db/audit';
import type { HandlerGroup } from '../handlers';
import { AuditRepository } from './repository';
import { AuditUpload } from './upload';

const FORBIDDEN = 'Bara lageradministratörer får se loggen.';

/** Store admins only (the lead moves role checks into the contract's `roles` later). */
function storeAdmin(user: UserSummary): Result<null> {
  return user.roles.includes('storeAdmin') ? ok(null) : err('forbidden', FORBIDDEN);
}

export function auditHandlers(ctx: BackendContext): HandlerGroup<'audit'> {
  const repo = new AuditRepository(ctx.db);
  const upload = new AuditUpload(ctx.db);
  return {
    'audit.list': (query, user) => {
      const allowed = storeAdmin(user);
      return allowed.ok ? ok(repo.list(query)) : allowed;
    },
    'audit.verify': (_input, user) => {
      const allowed = storeAdmin(user);
      if (!allowed.ok) return allowed;
      const v = verifyReplicaAudit(ctx.db);
      const first = v.breaks[0];
      return ok({
        ok: v.breaks.length === 0,
        count: v.count,
        lastSeq: v.lastSeq,
        firstBreak: first ? { seq: first.seq, kind: first.kind, message: first.message } : null,
        breaks: v.breaks.length,
        sentSeq: upload.sentSeq(),
      });
    },
  };
}
